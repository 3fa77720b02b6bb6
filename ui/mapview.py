"""The st_folium adapter: render the map and turn its return value into a selection."""

from __future__ import annotations

import streamlit as st
import streamlit_folium

from geo.catalog import Catalog
from geo.maps import build_map, selection_layer, selection_view
from ui import state

MAP_KEY = "public_map"
# Only what selection needs: pan and zoom then never rerun the script.
RETURNED = ["last_active_drawing", "last_object_clicked_count"]


def clicked_place_id(value: dict | None) -> str | None:
    """The id of the clicked feature in an st_folium return value, if any."""
    drawing = (value or {}).get("last_active_drawing") or {}
    props = drawing.get("properties") if isinstance(drawing, dict) else None
    place_id = props.get("id") if isinstance(props, dict) else None
    return place_id if isinstance(place_id, str) else None


def _on_map_change() -> None:
    place_id = clicked_place_id(st.session_state.get(MAP_KEY))
    if place_id:
        state.select("place", place_id)


def show_map(catalog: Catalog, visible_ids: frozenset[str], texts, tiles, height: int = 520) -> None:
    selection = state.current()
    place = catalog.place(selection.id) if selection and selection.kind == "place" else None
    centre, zoom = selection_view(place)
    fmap = build_map(catalog, visible_ids, texts, tiles, height_px=height)
    streamlit_folium.st_folium(
        fmap,
        key=MAP_KEY,
        height=height,
        use_container_width=True,
        returned_objects=RETURNED,
        feature_group_to_add=selection_layer(place),
        center=centre,
        zoom=zoom,
        on_change=_on_map_change,
    )
