"""The st_folium adapter: render the map and turn its return value into a selection."""

from __future__ import annotations

import streamlit as st
import streamlit_folium

from geo.catalog import Catalog
from geo.maps import MapTexts, build_map, selection_layer, selection_view
from geo.models import CATEGORIES, PLACE_KINDS
from ui import data, state
from ui.i18n import t

MAP_KEY = "public_map"
# Only what selection needs: pan and zoom then never rerun the script.
RETURNED = ["last_active_drawing", "last_object_clicked_count"]


def clicked_place_id(value: dict | None) -> str | None:
    """The id of the clicked feature in an st_folium return value, if any."""
    drawing = (value or {}).get("last_active_drawing") or {}
    props = drawing.get("properties") if isinstance(drawing, dict) else None
    place_id = props.get("id") if isinstance(props, dict) else None
    return place_id if isinstance(place_id, str) else None


def _take_click(value: dict | None) -> None:
    """Select a clicked feature once: the component returns its last value on every rerun."""
    place_id = clicked_place_id(value)
    if not place_id:
        return
    click = (place_id, (value or {}).get("last_object_clicked_count"))
    if click != st.session_state.get("_last_map_click"):
        st.session_state["_last_map_click"] = click
        state.select("place", place_id)
        st.rerun()  # draw the highlight and centre on the new selection


def show_map(catalog: Catalog, visible_ids: frozenset[str], texts, tiles, height: int = 520) -> None:
    selection = state.current()
    place = catalog.place(selection.id) if selection and selection.kind == "place" else None
    centre, zoom = selection_view(place)
    fmap = build_map(catalog, visible_ids, texts, tiles, height_px=height, gardens=data.approved_gardens())
    value = streamlit_folium.st_folium(
        fmap,
        key=MAP_KEY,
        height=height,
        use_container_width=True,
        returned_objects=RETURNED,
        feature_group_to_add=selection_layer(place),
        center=centre,
        zoom=zoom,
    )
    _take_click(value)


def map_texts(lang: str) -> MapTexts:
    """The map's words in the user's language."""
    return MapTexts(
        wildness={k: t(f"wildness.{k}", lang) for k in ("helt", "delvist", "ukendt")},
        categories={c: t(f"category.{c}", lang) for c in CATEGORIES},
        approximate=t("map.legend_approximate", lang),
        legend_title=t("map.legend_title", lang),
        zoom_in=t("map.zoom_in", lang),
        zoom_out=t("map.zoom_out", lang),
        lang=lang,
        gardens=t("map.gardens", lang),
        attribution=data.attribution(lang),
        kinds={k: t(f"kind.{k}", lang) for k in PLACE_KINDS},
        legend_named=t("map.legend_named", lang),
    )
