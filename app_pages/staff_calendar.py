"""The care calendar and partner events: import the yearly plan, add, edit, delete, see history.

A file with problems stores nothing unless "import the valid rows" is ticked; uploads stay in
memory. Every change is kept with who and when.
"""

from __future__ import annotations

import streamlit as st

from geo.calendar.importer import import_csv
from geo.calendar.model import KINDS
from geo.calendar.rows import COLUMNS, MAX_BYTES, check_fields, to_fields
from ui import auth, data, handoff, staff
from ui import calendar as cal
from ui.i18n import current_lang, t

staff.page("calendar.staff.title")
lang = current_lang()
db = staff.store()
catalog = data.catalog()
names = {p.id: p.props.name for p in catalog.places}
st.caption(t("calendar.staff.intro"))
staff.flash()
day = cal.today()
stored = db.list_events()


def deleted_event() -> None:
    st.session_state.pop("cal_edit_id", None)
    staff.flash(t("calendar.staff.deleted"))


@auth.staff_action("calendar.import")
def import_file(user: str, raw: bytes, valid_only: bool):
    return import_csv(db, raw, names.keys(), user, valid_rows_only=valid_only)


@auth.staff_action("calendar.save")
def save_event(user: str, event_id: int | None, event) -> None:
    with handoff.inbox().work() as post:
        if event_id is not None:
            db.update_event(event_id, event, by=user)
        else:
            db.add_event(event, by=user)
        cal.events_changed()
        post(lambda: staff.flash(t("calendar.staff.saved")))


@auth.staff_action("calendar.delete")
def delete_event(user: str, event_id: int) -> None:
    with handoff.inbox().work() as post:
        db.delete_event(event_id, by=user)
        cal.events_changed()
        post(deleted_event)


tab_list, tab_form, tab_import, tab_history = st.tabs(
    [t(f"calendar.staff.tab_{name}") for name in ("list", "form", "import", "history")]
)

with tab_import:
    st.markdown(t("calendar.staff.import_help", columns=", ".join(COLUMNS)))
    upload = st.file_uploader(t("calendar.staff.file"), type=["csv", "txt"], key="cal_upload")
    valid_only = st.checkbox(t("calendar.staff.valid_rows"), key="cal_valid_only")
    if upload is not None and st.button(t("calendar.staff.import_button"), key="cal_import", type="primary"):
        upload.seek(0)
        report = import_file(upload.read(MAX_BYTES + 1), valid_only)
        if report is None:  # the login ended meanwhile: the next run shows why
            st.rerun()
        if report.stored or report.already_stored:
            cal.events_changed()
            st.success(t("calendar.import.stored", stored=report.stored, skipped=report.already_stored))
        if report.problems:
            heading = "calendar.staff.refused" if report.refused else "calendar.staff.partly"
            st.error(t(heading, rows=report.rows_with_problems), icon=":material/block:")
            st.markdown("\n".join(f"- {cal.problem_text(p, lang)}" for p in report.problems))

with tab_form:
    chosen = st.selectbox(
        t("calendar.staff.edit_which"),
        [None, *(e.id for e in stored)],
        key="cal_edit_id",
        format_func=lambda eid: (
            t("calendar.staff.new")
            if eid is None
            else next(
                f"#{e.id} {names.get(e.place_id, e.place_id)} · {e.title.da or t(f'calendar.kind.{e.kind}')}"
                for e in stored
                if e.id == eid
            )
        ),
    )
    current = next((e for e in stored if e.id == chosen), None)
    old = to_fields(current) if current else {"kind": "mowing", "repeats_yearly": "nej"}
    with st.form(f"cal_form_{chosen or 'new'}", clear_on_submit=current is None):
        place_ids = list(names)
        place_id = st.selectbox(
            t("calendar.staff.place"),
            place_ids,
            index=place_ids.index(old["place_id"]) if old.get("place_id") in place_ids else 0,
            format_func=lambda pid: names[pid],
        )
        kind = st.selectbox(
            t("calendar.staff.kind"),
            KINDS,
            index=KINDS.index(old["kind"]),
            format_func=lambda k: t(f"calendar.kind.{k}"),
        )
        left, right = st.columns(2)
        values = {"place_id": place_id, "kind": kind}
        values["start"] = left.text_input(
            t("calendar.staff.start"), old.get("start", ""), help=t("calendar.staff.when_help")
        )
        values["end"] = right.text_input(
            t("calendar.staff.end"), old.get("end", ""), help=t("calendar.staff.when_help")
        )
        for field in ("title", "text", "why"):
            left, right = st.columns(2)
            widget = st.text_input if field == "title" else st.text_area
            with left:
                values[f"{field}_da"] = widget(t(f"calendar.staff.{field}_da"), old.get(f"{field}_da", ""))
            with right:
                values[f"{field}_en"] = widget(t(f"calendar.staff.{field}_en"), old.get(f"{field}_en", ""))
        values["link"] = st.text_input(t("calendar.staff.link"), old.get("link", ""))
        repeats = st.checkbox(t("calendar.staff.repeats"), old["repeats_yearly"] == "ja")
        values["repeats_yearly"] = "ja" if repeats else "nej"
        submitted = st.form_submit_button(t("calendar.staff.save"), type="primary")
    if submitted:
        event, problems = check_fields(values, names.keys())
        if problems:
            st.error(t("calendar.staff.not_saved"), icon=":material/block:")
            st.markdown("\n".join(f"- {cal.problem_text(p, lang)}" for p in problems))
        else:
            save_event(current.id if current else None, event)
            st.rerun()
    if current and st.button(t("calendar.staff.delete"), key=f"cal_delete_{current.id}", icon=":material/delete:"):
        delete_event(current.id)
        st.rerun()

with tab_list:
    if stored:
        st.dataframe(cal.events_table(stored, catalog, lang, day), hide_index=True, width="stretch")
    else:
        st.caption(t("calendar.staff.empty"))

with tab_history:
    changes = db.event_history()
    st.dataframe(
        [
            {
                t("calendar.staff.col_at"): f"{c.at:%Y-%m-%d %H:%M} UTC",
                t("calendar.staff.col_by"): c.by,
                t("calendar.staff.col_action"): t(f"calendar.staff.action_{c.action}"),
                t("calendar.staff.col_place"): names.get(c.place_id, c.place_id),
                t("calendar.staff.col_id"): c.event_id,
                t("calendar.staff.col_title"): c.summary,
            }
            for c in changes
        ],
        hide_index=True,
        width="stretch",
    )
