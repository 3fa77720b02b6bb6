"""Correct a position: move a place's point or replace its outline, saying why and from what source.

Corrections are stored with who/when/why and laid over the shipped data (which is never edited);
the public map shows the newest one.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from shapely.geometry import mapping

from geo.corrections import check_geometry
from geo.models import MAX_ACCURACY_M
from geo.records import CORRECTION_REASON_MAX, CORRECTION_SOURCE_MAX
from geo.selection import selection_layer, selection_view
from geo.staffmap import preview_layer
from ui import auth, data, handoff, staff
from ui.cards import accuracy_text
from ui.i18n import current_lang, t

staff.page("staff.correction.title")
lang = current_lang()
db = staff.store()
catalog = data.catalog()
ss = st.session_state
st.caption(t("staff.correction.intro"))
staff.flash()

place_id = st.selectbox(
    t("staff.correction.place"),
    [p.id for p in catalog.places],
    key="staff_correction_place",
    format_func=lambda pid: catalog.place(pid).props.name,
)
place = catalog.place(place_id)
history = db.corrections_for(place_id)
st.caption(
    t(
        "staff.correction.now",
        accuracy=accuracy_text(place, lang),
        kind=t(f"staff.geometry_kind.{place.props.geometry_kind}"),
    )
    + (" " + t("staff.correction.corrected", n=len(history)) if history else "")
)
proposal_key = f"staff_correction_new_{place_id}"
mode = st.radio(
    t("staff.correction.mode"),
    ["point", "outline"],
    horizontal=True,
    key="staff_correction_mode",
    format_func=lambda m: t(f"staff.correction.mode_{m}"),
)
if mode == "point":
    st.caption(t("staff.correction.point_hint"))
else:
    st.caption(t("staff.correction.outline_hint") if staff.can_draw() else t("staff.cand.no_draw"))
centre, zoom = selection_view(place)
value = staff.show_map(
    f"staff_correction_map_{mode}",
    frozenset(p.id for p in catalog.places),
    draw=mode == "outline" and staff.can_draw(),
    layers=[selection_layer(place), preview_layer(ss.get(proposal_key))],
    returned=["last_clicked"] if mode == "point" else ["all_drawings", "last_active_drawing"],
    center=centre,
    zoom=zoom,
)


def correction_saved(key: str) -> None:
    ss.pop(key, None)
    staff.flash(t("staff.correction.saved"))


@auth.staff_action("corrections.save")
def save_correction(user: str, geometry: dict, accuracy_m: float, reason: str, source: str) -> None:
    with handoff.inbox().work() as post:  # a click meanwhile must not keep the saved proposal
        db.save_correction(place_id, geometry, accuracy_m, reason, source, by=user)
        data.corrections_changed()
        post(lambda: correction_saved(proposal_key))


@auth.staff_action("corrections.restore")
def restore(_user: str, geometry: dict) -> None:
    ss[proposal_key] = geometry


@auth.staff_action("corrections.discard")
def discard(_user: str) -> None:
    ss.pop(proposal_key, None)


def propose(geometry: dict, seen_key: str, seen) -> None:
    """Take a new proposal once: the map repeats its last value on every rerun."""
    if seen != ss.get(seen_key):
        ss[seen_key] = seen
        ss[proposal_key] = geometry
        st.rerun()


if mode == "point":
    clicked = (value or {}).get("last_clicked")
    if clicked:
        point = {"type": "Point", "coordinates": [round(clicked["lng"], 6), round(clicked["lat"], 6)]}
        propose(point, "staff_correction_click", (clicked["lng"], clicked["lat"]))
else:
    drawn = staff.drawn_polygons(value)
    if drawn:
        propose(drawn[-1], "staff_correction_drawn", str(drawn[-1]))
    file = st.file_uploader(
        t("staff.cand.upload", max_mb=staff.MAX_UPLOAD_MB),
        type=staff.UPLOAD_TYPES,
        max_upload_size=staff.MAX_UPLOAD_MB,
        key=f"staff_correction_file_{place_id}",
    )
    if file is not None:
        result = staff.read_upload(file)
        if not result.ok:
            staff.show_problems(result, lang)
        elif len(result.features) != 1:
            st.error(t("staff.correction.one_outline", n=len(result.features)), icon=":material/error:")
        else:
            propose(staff.first_polygon(result), "staff_correction_file_seen", file.file_id)

shipped = data.shipped_catalog().place(place_id)
if history and shipped and shipped.geometry is not None:
    st.button(
        t("staff.correction.restore"),
        key="staff_correction_restore",
        on_click=restore,
        args=(mapping(shipped.geometry),),
    )

proposed = ss.get(proposal_key)
if proposed:
    problem = check_geometry(proposed)
    st.markdown(f"**{t('staff.correction.proposal', kind=proposed['type'])}**")
    if problem:
        st.error(t(f"staff.correction.problem_{problem}"), icon=":material/error:")
    with st.form("staff_correction_form"):
        accuracy = st.number_input(
            t("staff.correction.accuracy"),
            min_value=0,
            max_value=MAX_ACCURACY_M,
            step=10,
            value=int(place.props.accuracy_m or 100),
        )
        reason = st.text_area(
            t("staff.correction.reason"), max_chars=CORRECTION_REASON_MAX, placeholder=t("staff.correction.reason_hint")
        )
        source = st.text_input(
            t("staff.correction.source"), max_chars=CORRECTION_SOURCE_MAX, placeholder=t("staff.correction.source_hint")
        )
        saved = st.form_submit_button(t("staff.correction.save"), type="primary", disabled=bool(problem))
    st.button(t("staff.correction.discard"), key="staff_correction_discard", on_click=discard)
    if saved and not (reason.strip() and source.strip()):
        st.error(t("staff.correction.need_reason"), icon=":material/error:")
    elif saved:
        save_correction(proposed, float(accuracy), reason.strip(), source.strip())
        st.rerun()

st.subheader(t("staff.correction.history"), anchor=False)
if history:
    st.dataframe(
        pd.DataFrame(
            [
                (c.at.isoformat(timespec="minutes"), c.by, c.geometry.get("type"), c.accuracy_m, c.reason, c.source)
                for c in history
            ],
            columns=[
                t(f"staff.correction.col_{c}") for c in ("when", "who", "geometry", "accuracy", "reason", "source")
            ],
        ),
        hide_index=True,
        placeholder="–",
    )
else:
    st.caption(t("staff.correction.no_history"))
