"""Glue shared by the staff pages: access check, storage, wild areas, map, uploads, tables.

Everything a resident typed or a file contained is shown as text: in dataframes, with
``st.text``, or as Markdown escaped by :func:`geo.escape.markdown_text`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import PurePath

import geopandas as gpd
import pandas as pd
import streamlit as st
from shapely.geometry import mapping

from geo.assets import draw_installed
from geo.connectivity import CONNECTED_WITHIN_M, ZONE_DISTANCES_M, Connectivity, connectivity, zones
from geo.escape import markdown_text as md
from geo.geometry import GEOMETRY_TYPES, parse_geometry
from geo.maps import TileConfig, build_map
from geo.records import Signup, Withdrawal
from geo.staffmap import add_drawing
from geo.storage import Storage, StorageUnavailable
from geo.upload import MAX_BYTES, UploadProblem, UploadResult, read_candidate_upload
from ui import auth, data, mapview
from ui.db import storage
from ui.i18n import current_lang, t
from ui.numbers import fmt_number

UPLOAD_TYPES = ["geojson", "json", "gpkg"]
MAX_UPLOAD_MB = MAX_BYTES // 1_000_000
MAP_HEIGHT = 480
DRAW_TEXT_KEYS = (
    "draw.toolbar.buttons.polygon",
    "draw.toolbar.buttons.rectangle",
    "draw.toolbar.actions.title",
    "draw.toolbar.actions.text",
    "draw.toolbar.finish.title",
    "draw.toolbar.finish.text",
    "draw.toolbar.undo.title",
    "draw.toolbar.undo.text",
    "draw.handlers.polygon.tooltip.start",
    "draw.handlers.polygon.tooltip.cont",
    "draw.handlers.polygon.tooltip.end",
    "draw.handlers.rectangle.tooltip.start",
    "draw.handlers.simpleshape.tooltip.end",
    "edit.toolbar.buttons.edit",
    "edit.toolbar.buttons.editDisabled",
    "edit.toolbar.buttons.remove",
    "edit.toolbar.buttons.removeDisabled",
    "edit.toolbar.actions.save.text",
    "edit.toolbar.actions.cancel.text",
    "edit.toolbar.actions.clearAll.text",
    "edit.handlers.edit.tooltip.text",
    "edit.handlers.remove.tooltip.text",
)


def page(title_key: str) -> str:
    """Check access (again — defence in depth), show the title; return the staff member's name."""
    user = auth.require_staff()
    st.title(t(title_key), anchor=False)
    return user


def store() -> Storage:
    """The storage, or a friendly stop when the database can't be reached."""
    try:
        return storage()
    except StorageUnavailable:
        st.error(t("staff.db_down"), icon=":material/cloud_off:")
        st.stop()


def flash(message: str | None = None) -> None:
    """Show (and forget) a message kept across a rerun; with ``message``, keep one."""
    if message is not None:
        st.session_state["staff_flash"] = message
    elif st.session_state.get("staff_flash"):
        st.success(st.session_state.pop("staff_flash"), icon=":material/check_circle:")


# Wild areas and connectivity


def wild_areas() -> gpd.GeoDataFrame:
    """The mapped Vild Med Vilje areas (EPSG:4326, with ``id`` and ``name``), corrections applied."""
    frame = data.places()
    return frame[(frame["kind"] == "green_area") & frame.geometry.notna()]


@st.cache_data(show_spinner=False, max_entries=4)
def _zones_for(version: str, _areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return zones(_areas, ZONE_DISTANCES_M)


def wild_zones() -> gpd.GeoDataFrame:
    """The zones (ZONE_DISTANCES_M) around the wild areas (EPSG:4326), cached per data version."""
    return _zones_for(data.catalog().version, wild_areas())


def measure(geometry_lonlat: dict) -> Connectivity:
    """Area (ha) and distances (m) of a GeoJSON polygon to the wild areas, in EPSG:25832."""
    return connectivity(
        parse_geometry(geometry_lonlat, GEOMETRY_TYPES, usable=False), wild_areas(), radius_m=CONNECTED_WITHIN_M
    )


def show_connectivity(result: Connectivity, lang: str) -> None:
    names = dict(zip(wild_areas()["id"], wild_areas()["name"], strict=True))
    area, nearest, within = st.columns(3)
    area.metric(t("staff.cand.area"), f"{fmt_number(result.area_ha, lang, 2)} ha")
    distance = "–" if result.nearest_distance_m is None else f"{fmt_number(result.nearest_distance_m, lang)} m"
    nearest.metric(t("staff.cand.distance"), distance)
    within.metric(t("staff.cand.within", radius=CONNECTED_WITHIN_M), str(result.within_radius_count))
    if result.nearest_id is not None:
        st.caption(t("staff.cand.nearest", name=md(names.get(result.nearest_id, result.nearest_id))))


# The map


def draw_texts() -> dict[str, str]:
    return {key: t(f"staff.draw.{key.replace('.', '_')}") for key in DRAW_TEXT_KEYS}


def can_draw() -> bool:
    return draw_installed()


def show_map(
    key: str, visible_ids: frozenset[str], *, draw: bool, layers: Sequence, returned: list[str], center=None, zoom=None
) -> dict | None:
    """The public base map plus the given layers (and the drawing tool); returns st_folium's value."""
    lang = current_lang()
    fmap = build_map(data.catalog(), visible_ids, mapview.map_texts(lang), TileConfig.from_env(), height_px=MAP_HEIGHT)
    if draw:
        add_drawing(fmap, draw_texts())
    return mapview.render(
        fmap,
        key,
        MAP_HEIGHT,
        returned_objects=returned,
        feature_group_to_add=list(layers),
        center=center,
        zoom=zoom,
    )


def drawn_polygons(value: dict | None) -> list[dict]:
    """The polygons currently drawn on the map (GeoJSON geometries, EPSG:4326), oldest first."""
    drawings = (value or {}).get("all_drawings") or []
    geometries = [d.get("geometry") for d in drawings if isinstance(d, dict)]
    return [g for g in geometries if isinstance(g, dict) and g.get("type") in ("Polygon", "MultiPolygon")]


# Uploads and drawings, checked alike


def read_upload(file) -> UploadResult:
    """Check an uploaded file once: its size before its bytes, then cached by content hash."""
    if file.size > MAX_BYTES:
        return UploadResult([], [UploadProblem("too_large", {"size_bytes": file.size, "max_bytes": MAX_BYTES})])
    data = file.getvalue()
    suffix = PurePath(file.name).suffix.lower()
    return _checked(hashlib.sha256(data).hexdigest(), suffix, data)


def check_drawn(geometries: list[dict]) -> UploadResult:
    """Run drawn polygons through the same checks (and the same cache) as an uploaded file."""
    features = [{"type": "Feature", "geometry": g, "properties": {}} for g in geometries]
    doc = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    return _checked(hashlib.sha256(doc).hexdigest(), ".geojson", doc)


@st.cache_data(show_spinner=False, max_entries=32)
def _checked(digest: str, suffix: str, _data: bytes) -> UploadResult:
    """The checked upload for one content hash: every rerun after the first is a cache hit."""
    return read_candidate_upload(_data, f"upload{suffix}", max_bytes=MAX_BYTES)


def problem_text(problem: UploadProblem, lang: str) -> str:
    """A refused upload's problem in plain words (Markdown, with file-derived values escaped)."""
    p = problem.params
    values = {key: md(p.get(key, "")) for key in ("extension", "reason", "geometry_type", "count", "name")}
    values |= {key: fmt_number(p[key], lang) if isinstance(p.get(key), int) else "" for key in ("max", "vertices")}
    values |= {
        "size_mb": fmt_number(p.get("size_bytes", 0) / 1_000_000, lang, 1),
        "max_mb": fmt_number(p.get("max_bytes", MAX_BYTES) / 1_000_000, lang, 0),
        "detail": md(p.get("reason") or p.get("crs") or p.get("layer") or ""),
        "area_m2": fmt_number(p.get("area_m2", 0), lang, 1),
        "min_m2": fmt_number(p.get("min_m2", 0), lang, 0),
        "area_ha": fmt_number(p.get("area_ha", 0), lang, 1),
        "max_ha": fmt_number(p.get("max_ha", 0), lang, 0),
    }
    text = t(f"staff.upload.{problem.code}", **values)
    if problem.feature_index is not None:
        text = t("staff.upload.feature", n=problem.feature_index + 1) + " " + text
    return text


def show_problems(result: UploadResult, lang: str) -> None:
    st.error(t("staff.upload.refused"), icon=":material/block:")
    for problem in result.problems:
        st.markdown("- " + problem_text(problem, lang))


def first_polygon(result: UploadResult) -> dict | None:
    return mapping(result.features[0].geometry_lonlat) if result.ok and result.features else None


# Sign-ups as text-only tables


def signups_table(
    signups: Sequence[Signup], withdrawn: Sequence[Withdrawal] = (), lang: str | None = None
) -> pd.DataFrame:
    """Sign-ups as a table with translated headings; every value is plain text or a number.

    ``withdrawn`` sign-ups follow as rows with only their reference and what happened to them.
    ``lang`` defaults to the session's language (the download route passes it).
    """

    def tr(key: str, **values) -> str:
        return t(key, lang, **values)

    columns = [
        tr(f"staff.signups.col_{c}")
        for c in ("ref", "created", "status", "kind", "name", "email", "phone", "size", "message", "note")
    ]
    rows = [
        (
            r.ref,
            r.created_at.date().isoformat(),
            tr(f"staff.status.{r.status}"),
            tr(f"signup.kinds.{r.kind}"),
            r.name,
            r.email,
            r.phone or None,
            r.size_m2,
            r.message or None,
            r.status_note,
        )
        for r in signups
    ]
    rows += [
        (w.ref, "", tr(f"privacy.list.withdrawn_{w.by.strip('()')}", date=w.at.date().isoformat()))
        + ("",) * 4
        + (None, "", "")
        for w in withdrawn
    ]
    return pd.DataFrame(rows, columns=columns)
