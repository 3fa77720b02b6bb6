"""Candidate areas: where could a new wild area go, and how would it connect to the others?"""

from __future__ import annotations

import streamlit as st
from shapely.geometry import mapping

from geo.connectivity import ZONE_DISTANCES_M
from geo.escape import markdown_text as md
from geo.records import CANDIDATE_NAME_MAX, CANDIDATE_STATUSES
from geo.staffmap import candidates_layer, zones_layer
from geo.storage import StorageUnavailable
from geo.upload import REPAIR_TOLERANCE, UploadResult
from ui import auth, data, handoff, staff
from ui.i18n import current_lang, t
from ui.numbers import fmt_number

staff.page("staff.cand.title")
lang = current_lang()
db = staff.store()
ss = st.session_state
round_ = ss.setdefault("staff_cand_round", 0)  # bumped after a save: clears drawings and the file
labels = {s: t(f"staff.cand.status_{s}") for s in CANDIDATE_STATUSES}
zone_m = {"near_m": ZONE_DISTANCES_M[0], "far_m": ZONE_DISTANCES_M[-1]}


@auth.staff_action("candidates.save")
def save_new(user: str, result: UploadResult, names: list[str]) -> None:
    if any(not name.strip() for name in names):
        st.error(t("staff.cand.name_required"), icon=":material/error:")
        return
    try:
        with handoff.inbox().work() as post:  # a click meanwhile must not keep the saved drawing
            for feature, name in zip(result.features, names, strict=True):
                db.save_candidate(name.strip(), mapping(feature.geometry_lonlat), user)
            post(lambda: saved_new(len(names)))
    except StorageUnavailable:
        st.error(t("staff.db_down"), icon=":material/cloud_off:")
        return
    st.rerun()


def saved_new(n: int) -> None:
    ss["staff_cand_round"] = round_ + 1  # a new round: the drawing and the file are cleared
    staff.flash(t("staff.cand.saved", n=n))


def new_candidates(result: UploadResult, source: str) -> None:
    """Name and measure the checked polygons; save them all or (if anything is wrong) none."""
    if not result.ok:
        staff.show_problems(result, lang)
        return
    names = []
    for i, feature in enumerate(result.features):
        with st.container(border=True):
            default = feature.name or t("staff.cand.default_name", n=i + 1)
            key = f"staff_cand_{source}_{round_}_name_{i}"
            names.append(st.text_input(t("staff.cand.name"), value=default, key=key, max_chars=CANDIDATE_NAME_MAX))
            if feature.repaired:
                st.caption(t("staff.cand.repaired", percent=fmt_number(REPAIR_TOLERANCE * 100, lang, 0)))
            staff.show_connectivity(staff.measure(mapping(feature.geometry_lonlat)), lang)
    if st.button(t("staff.cand.save", n=len(names)), key=f"staff_cand_{source}_save", type="primary"):
        save_new(result, names)


@auth.staff_action("candidates.rename")
def rename(user: str, candidate_id: int) -> None:
    name = str(ss.get(f"staff_cand_name_{candidate_id}") or "").strip()
    if name:
        with handoff.inbox().work() as post:
            db.update_candidate(candidate_id, name=name)
            post(lambda: staff.flash(t("staff.cand.renamed")))


@auth.staff_action("candidates.set_status")
def set_status(user: str, candidate_id: int, status: str) -> None:
    with handoff.inbox().work() as post:
        db.update_candidate(candidate_id, status=status)
        post(lambda: staff.flash(t(f"staff.cand.now_{status}")))


@auth.staff_action("candidates.delete")
def delete(user: str, candidate_id: int) -> None:
    with handoff.inbox().work() as post:
        db.delete_candidate(candidate_id)
        post(lambda: staff.flash(t("staff.cand.deleted")))


def candidate_card(candidate) -> None:
    with st.container(border=True):
        st.markdown(f"**{md(candidate.name)}** · {labels[candidate.status]}")
        st.caption(t("staff.cand.by", user=md(candidate.created_by), date=candidate.created_at.date().isoformat()))
        staff.show_connectivity(staff.measure(candidate.geometry), lang)
        cid = candidate.id
        st.text_input(
            t("staff.cand.name"), value=candidate.name, key=f"staff_cand_name_{cid}", max_chars=CANDIDATE_NAME_MAX
        )
        rename_col, status_col, delete_col = st.columns(3)
        rename_col.button(t("staff.cand.rename"), key=f"staff_cand_rename_{cid}", on_click=rename, args=(cid,))
        other = "planned" if candidate.status == "candidate" else "candidate"
        status_col.button(
            t(f"staff.cand.make_{other}"), key=f"staff_cand_status_{cid}", on_click=set_status, args=(cid, other)
        )
        sure = delete_col.checkbox(t("staff.cand.confirm_delete"), key=f"staff_cand_sure_{cid}")
        delete_col.button(
            t("staff.cand.delete"), key=f"staff_cand_delete_{cid}", on_click=delete, args=(cid,), disabled=not sure
        )


candidates = db.list_candidates()
st.caption(t("staff.cand.intro", **zone_m))
staff.flash()
show_zones = st.toggle(t("staff.cand.zones", **zone_m), value=True, key="staff_cand_zones")
layers = [candidates_layer(candidates, labels)]
if show_zones:
    layers.insert(0, zones_layer(staff.wild_zones()))
    st.caption(t("staff.cand.zones_legend", **zone_m))
green_ids = frozenset(p.id for p in data.catalog().places if p.props.kind == "green_area")
value = staff.show_map(
    f"staff_cand_map_{round_}",
    green_ids,
    draw=staff.can_draw(),
    layers=layers,
    returned=["all_drawings", "last_active_drawing"],
)

st.subheader(t("staff.cand.new"), anchor=False)
draw_tab, upload_tab = st.tabs([t("staff.cand.tab_draw"), t("staff.cand.tab_upload")])
with draw_tab:
    drawn = staff.drawn_polygons(value)
    if not staff.can_draw():
        st.info(t("staff.cand.no_draw"), icon=":material/info:")
    elif drawn:
        new_candidates(staff.check_drawn(drawn), "draw")
    else:
        st.caption(t("staff.cand.draw_hint"))
with upload_tab:
    file = st.file_uploader(
        t("staff.cand.upload", max_mb=staff.MAX_UPLOAD_MB),
        type=staff.UPLOAD_TYPES,
        max_upload_size=staff.MAX_UPLOAD_MB,
        key=f"staff_cand_file_{round_}",
    )
    st.caption(t("staff.cand.upload_help"))
    if file is not None:
        new_candidates(staff.read_upload(file), "upload")

st.subheader(t("staff.cand.list", n=len(candidates)), anchor=False)
if not candidates:
    st.caption(t("staff.cand.none"))
for item in candidates:
    candidate_card(item)
