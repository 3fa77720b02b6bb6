"""The audit log: every staff view, export, status change and deletion of personal data.

Who, when, what and which sign-up (by reference) — never the personal data itself.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.privacy import SYSTEM_ACTORS
from ui import staff
from ui.i18n import t

SHOWN = 1000

staff.page("privacy.audit.title")
db = staff.store()
st.caption(t("privacy.audit.intro"))
entries = db.audit_entries(limit=SHOWN)
if not entries:
    st.info(t("privacy.audit.empty"), icon=":material/history:")
else:
    st.dataframe(
        pd.DataFrame(
            [
                (
                    e.at.isoformat(timespec="seconds"),
                    t(f"privacy.audit.actor.{e.actor.strip('()')}") if e.actor in SYSTEM_ACTORS else e.actor,
                    t(f"privacy.audit.action.{e.action}"),
                    e.subject or "",
                    e.detail,
                )
                for e in entries
            ],
            columns=[t(f"privacy.audit.col_{c}") for c in ("at", "actor", "action", "subject", "detail")],
        ),
        hide_index=True,
    )
    st.caption(t("privacy.audit.shown", n=len(entries), max=SHOWN))
