"""A resident's request: find their sign-ups by e-mail, give them a copy (JSON), delete them.

Every search, export and deletion is written to the audit log without the e-mail itself.
"""

from __future__ import annotations

import streamlit as st

from ui import auth, data, handoff, privacy, staff
from ui.i18n import t

user = staff.page("privacy.requests.title")
db = staff.store()
ss = st.session_state


@auth.staff_action("requests.erase_all")
def erase_all(user: str, refs: list[str]) -> None:
    with handoff.inbox().work() as post:
        gone = [ref for ref in refs if db.delete_signup(ref, by=user)]
        if gone:
            data.gardens_changed()
        post(lambda: erased(len(gone)))


def erased(n: int) -> None:
    staff.flash(t("privacy.requests.deleted", n=n))
    ss.pop("staff_rq_sure", None)
    ss["staff_rq_email"] = ""


st.caption(t("privacy.requests.intro"))
staff.flash()
email = st.text_input(t("privacy.requests.email"), key="staff_rq_email", max_chars=254).strip()
if email:
    found = db.signups_by_email(email)
    privacy.audit_view(user, "search", detail=f"by e-mail, found={len(found)}", seen_as=email.casefold())
    if not found:
        st.info(t("privacy.requests.none"), icon=":material/search_off:")
    else:
        refs = [s.ref for s in found]
        st.caption(t("privacy.requests.found", n=len(found)))
        st.dataframe(staff.signups_table(found), hide_index=True)
        st.subheader(t("privacy.requests.export_title"), anchor=False)
        st.caption(t("privacy.requests.export_help"))
        privacy.download_offer("access_json", refs, t("privacy.requests.export"), key="staff_rq_json")
        st.subheader(t("privacy.requests.delete_title"), anchor=False)
        sure = st.checkbox(t("privacy.requests.delete_confirm", n=len(found)), key="staff_rq_sure")
        st.button(
            t("privacy.requests.delete"),
            on_click=erase_all,
            args=(refs,),
            disabled=not sure,
            key="staff_rq_delete",
            icon=":material/delete_forever:",
        )
