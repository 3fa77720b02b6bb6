"""The st_folium adapter: render the map and turn its return value into a selection."""

from __future__ import annotations

import streamlit as st
import streamlit_folium

from geo.catalog import PLACES_FILE, Catalog
from geo.maps import MapTexts, build_map
from geo.models import CATEGORIES, PLACE_KINDS, WILDNESS
from geo.selection import selection_layer, selection_view
from geo.signup import GRID_M
from ui import data, state
from ui.i18n import t

MAP_KEY = "public_map"
# Only what selection needs: pan and zoom then never rerun the script. The click count makes a
# second click on the same feature (after choosing another in the list) count as a new click.
RETURNED = ["last_active_drawing", "last_object_clicked_count"]
# 620 px: ≥ 65 % of a 900 px high desktop screen and ≥ 55 % of a phone's 844 px, with the title
# and intro above it still inside the first screen on both.
MAP_HEIGHT = 620


def render(fmap, key: str, height: int, **kwargs) -> dict | None:
    """``st_folium`` in a box exactly as tall as the map from the first paint; returns its value.

    While the component loads, Streamlit shows a placeholder as tall as the map with the frame
    below it, then the frame alone at its bare content height, and only then the map: the
    element is twice the map's height, then almost nothing, then the map, all after the page
    looks ready. Without a fixed box everything below the map jumps by the map's height twice;
    a tap aimed at the join form's consent box (below the picker map) then lands where the box
    was and the sign-up is refused for want of consent. The box is Streamlit's fixed-height
    container, sized at once; the style (applied a moment later) makes the frame a block, so the
    finished map fills the box exactly, and hides the box's scrollbar while loading overflows.
    """
    slot = f"map_slot_{key}"
    st.html(f"<style>.st-key-{slot} {{ overflow: hidden; }} .st-key-{slot} iframe {{ display: block; }}</style>")
    with st.container(height=height, border=False, key=slot):
        return streamlit_folium.st_folium(fmap, key=key, height=height, use_container_width=True, **kwargs)


def clicked_place_id(value: dict | None) -> str | None:
    """The id of the clicked feature in an st_folium return value, if any."""
    drawing = (value or {}).get("last_active_drawing") or {}
    props = drawing.get("properties") if isinstance(drawing, dict) else None
    place_id = props.get("id") if isinstance(props, dict) else None
    return place_id if isinstance(place_id, str) else None


def _on_map_change() -> None:
    """st_folium's on_change: select the clicked feature before the script runs, so a click
    costs one script run (no st.rerun())."""
    place_id = clicked_place_id(st.session_state.get(MAP_KEY))
    if place_id and data.catalog().place(place_id):
        state.select("place", place_id)


def show_map(catalog: Catalog, visible_ids: frozenset[str], texts, tiles, height: int = MAP_HEIGHT) -> None:
    selection = state.current()
    place = catalog.place(selection.id) if selection and selection.kind == "place" else None
    centre, zoom = selection_view(place)
    fmap = build_map(
        catalog,
        visible_ids,
        texts,
        tiles,
        height_px=height,
        places_url=data.places_layer_url(),
        gardens_url=data.gardens_layer_url(),
    )
    render(
        fmap,
        MAP_KEY,
        height,
        returned_objects=RETURNED,
        feature_group_to_add=selection_layer(place),
        center=centre,
        zoom=zoom,
        on_change=_on_map_change,
    )


def map_texts(lang: str) -> MapTexts:
    """The map's words in the user's language."""
    return MapTexts(
        wildness={k: t(f"wildness.{k}", lang) for k in WILDNESS},
        categories={c: t(f"category.{c}", lang) for c in CATEGORIES},
        approximate=t("map.legend_approximate", lang),
        legend_title=t("map.legend_title", lang),
        zoom_in=t("map.zoom_in", lang),
        zoom_out=t("map.zoom_out", lang),
        lang=lang,
        gardens=t("map.gardens", lang, grid_m=GRID_M),
        attribution=data.attribution(lang, (PLACES_FILE,)),  # the map shows the places file
        kinds={k: t(f"kind.{k}", lang) for k in PLACE_KINDS},
        legend_named=t("map.legend_named", lang),
        locate=t("mappage.locate", lang),
        locate_popup=t("mappage.locate_popup", lang),
    )
