"""Staff login, on a page of its own: the public pages carry no login widgets."""

from __future__ import annotations

import streamlit as st

from ui import auth
from ui.i18n import t

st.title(t("staff.login.title"), anchor=False)
st.caption(t("staff.login.intro"))
auth.login_box()
