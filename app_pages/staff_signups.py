"""Sign-up follow-up: who signed up, what have we done about it, and erasure on request.

Everything here was typed by residents, so it is shown only in tables and as plain text. Each
view, export, status change and deletion goes into the audit log (see the Logbog page); the
CSV is made only when its one-time link is opened (:func:`ui.privacy.download_offer`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.records import SIGNUP_STATUSES, STATUS_NOTE_MAX
from geo.search import QUERY_MAX
from geo.signup import GRID_M, KINDS, WISHES
from ui import auth, data, handoff, privacy, staff
from ui.i18n import current_lang, t
from ui.numbers import fmt_number

user = staff.page("staff.signups.title")
lang = current_lang()
db = staff.store()
ss = st.session_state


@auth.staff_action("signups.save_status")
def save_status(user: str, ref: str) -> None:
    status, note = ss.get(f"staff_su_new_status_{ref}"), str(ss.get(f"staff_su_note_{ref}") or "").strip()
    with handoff.inbox().work() as post:
        if db.update_status(ref, status, note, by=user):
            data.gardens_changed()
            post(lambda: status_saved(ref))


def status_saved(ref: str) -> None:
    staff.flash(t("staff.signups.status_saved", ref=ref))
    ss[f"staff_su_note_{ref}"] = ""


@auth.staff_action("signups.erase")
def erase(user: str, ref: str) -> None:
    with handoff.inbox().work() as post:
        deleted = db.delete_signup(ref, by=user)
        if deleted:
            data.gardens_changed()
        post(lambda: erased(ref, deleted))


def erased(ref: str, deleted: bool) -> None:
    if deleted:
        staff.flash(t("staff.signups.deleted", ref=ref))
    ss.pop("staff_su_ref", None)
    ss.pop(f"staff_su_sure_{ref}", None)


def details(reg) -> None:
    """One sign-up: its fields as a table, the message as plain text, then the actions."""
    location = "–"
    if reg.lon is not None:
        how = t("signup.loc_exact") if reg.location_exact else t("signup.loc_coarse", grid_m=GRID_M)
        location = f"{reg.lat:.5f}, {reg.lon:.5f} ({how})"
    rows = [
        (t("staff.signups.col_ref"), reg.ref),
        (t("staff.signups.col_kind"), t(f"signup.kinds.{reg.kind}")),
        (t("staff.signups.col_name"), reg.name),
        (t("staff.signups.col_email"), reg.email),
        (t("staff.signups.col_phone"), reg.phone or "–"),
        (t("staff.signups.col_size"), fmt_number(reg.size_m2, lang) + " m²" if reg.size_m2 else "–"),
        (
            t("staff.signups.col_wishes"),
            ", ".join(t(f"join.wish.{w}") if w in WISHES else w for w in reg.wishes) or "–",
        ),
        (t("staff.signups.col_location"), location),
        (t("staff.signups.col_created"), reg.created_at.isoformat(timespec="minutes")),
        (t("staff.signups.col_retention"), reg.retention_until.date().isoformat()),
        (t("staff.signups.col_status"), t(f"staff.status.{reg.status}")),
    ]
    st.dataframe(
        pd.DataFrame(rows, columns=[t("staff.signups.field"), t("staff.signups.value")]),
        hide_index=True,
        height="content",
        placeholder="–",
    )
    st.markdown(f"**{t('staff.signups.col_message')}**")
    st.text(reg.message or "–")

    with st.form("staff_su_status_form", border=True):
        st.selectbox(
            t("staff.signups.new_status"),
            SIGNUP_STATUSES,
            index=SIGNUP_STATUSES.index(reg.status),
            format_func=lambda s: t(f"staff.status.{s}"),
            key=f"staff_su_new_status_{reg.ref}",
        )
        st.text_area(t("staff.signups.note"), key=f"staff_su_note_{reg.ref}", max_chars=STATUS_NOTE_MAX)
        st.form_submit_button(t("staff.signups.save_status"), on_click=save_status, args=(reg.ref,), type="primary")

    history = db.status_history(reg.ref)
    st.markdown(f"**{t('staff.signups.history')}**")
    if history:
        st.dataframe(
            pd.DataFrame(
                [(h.at.isoformat(timespec="minutes"), t(f"staff.status.{h.status}"), h.note, h.by) for h in history],
                columns=[
                    t("staff.signups.when"),
                    t("staff.signups.col_status"),
                    t("staff.signups.note"),
                    t("staff.signups.who"),
                ],
            ),
            hide_index=True,
            placeholder="–",
        )
    else:
        st.caption(t("staff.signups.no_history"))

    with st.expander(t("staff.signups.erase_title"), icon=":material/delete:"):
        st.caption(t("staff.signups.erase_help"))
        sure = st.checkbox(t("staff.signups.erase_confirm", ref=reg.ref), key=f"staff_su_sure_{reg.ref}")
        st.button(
            t("staff.signups.erase"),
            on_click=erase,
            args=(reg.ref,),
            disabled=not sure,
            key=f"staff_su_erase_{reg.ref}",
        )


st.caption(t("staff.signups.intro"))
staff.flash()
status_col, kind_col, search_col = st.columns(3)
status = status_col.selectbox(
    t("staff.signups.filter_status"),
    [None, *SIGNUP_STATUSES],
    key="staff_su_status",
    format_func=lambda s: t("staff.signups.all") if s is None else t(f"staff.status.{s}"),
)
kind = kind_col.selectbox(
    t("staff.signups.filter_kind"),
    [None, *KINDS],
    key="staff_su_kind",
    format_func=lambda k: t("staff.signups.all") if k is None else t(f"signup.kinds.{k}"),
)
search = search_col.text_input(t("staff.signups.search"), key="staff_su_search", max_chars=QUERY_MAX)
signups = db.list_signups(status=status, kind=kind, search=search)
needle = (search or "").strip().upper()
withdrawn = [w for w in db.withdrawals() if needle in w.ref] if not (status or kind) else []
filters = f"status={status or 'all'}, kind={kind or 'all'}, search={'yes' if needle else 'no'}"
privacy.audit_view(user, "view", detail=f"list, {filters}, shown={len(signups)}")

st.caption(t("staff.signups.count", n=len(signups)))
st.dataframe(staff.signups_table(signups, withdrawn), hide_index=True, placeholder="–")
if withdrawn:
    st.caption(t("privacy.list.withdrawn_count", n=len(withdrawn)))
privacy.download_offer("signups_csv", [r.ref for r in signups], t("staff.signups.download"), key="staff_su_csv")
st.caption(t("staff.signups.csv_note"))

refs = [r.ref for r in signups]
if ss.get("staff_su_ref") not in refs:
    ss.pop("staff_su_ref", None)
ref = st.selectbox(
    t("staff.signups.open"),
    [None, *refs],
    key="staff_su_ref",
    format_func=lambda r: t("staff.signups.choose") if r is None else r,
)
if ref:
    signup = db.get_signup(ref)
    if signup:
        privacy.audit_view(user, "view", subject=signup.ref, detail="details")
        st.subheader(t("staff.signups.one", ref=ref), anchor=False)
        details(signup)
