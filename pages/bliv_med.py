"""Bliv vild med vilje: how to join (built in the join-guide issue)."""

import streamlit as st

from ui.i18n import t

st.title(t("join.title"), anchor=False)
