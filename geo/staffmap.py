"""Map layers for the staff pages: connectivity zones, candidate areas, a preview and drawing.

Built on the public base map (:func:`geo.maps.build_map`). Everything is EPSG:4326 here; the
zones themselves are measured in EPSG:25832 by :func:`geo.connectivity.zones`. Staff-typed
names pass through :func:`geo.escape.safe` before folium sees them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import folium
import folium.plugins
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from geo.escape import safe
from geo.geometry import GEOMETRY_TYPES, parse_geometry
from geo.records import Candidate

ZONE_STYLES = {
    250: {"color": "#2166ac", "weight": 1, "fillColor": "#4393c3", "fillOpacity": 0.18, "dashArray": "4 4"},
    500: {"color": "#2166ac", "weight": 1, "fillColor": "#92c5de", "fillOpacity": 0.12, "dashArray": "2 6"},
}
CANDIDATE_STYLES = {
    "candidate": {"color": "#b35806", "weight": 3, "fillColor": "#fdb863", "fillOpacity": 0.45},
    "planned": {"color": "#542788", "weight": 3, "fillColor": "#b2abd2", "fillOpacity": 0.45},
}
PREVIEW_STYLE = {"color": "#d01c8b", "weight": 4, "fillOpacity": 0.2, "dashArray": "6 4"}
DRAW_OPTIONS = {
    "polyline": False,
    "circle": False,
    "marker": False,
    "circlemarker": False,
    "polygon": {"allowIntersection": False, "showArea": True, "metric": True},
    "rectangle": {"showArea": True, "metric": True},
}


class DrawTexts(MacroElement):
    """Leaflet.draw's toolbar texts (``L.drawLocal``), keyed by dotted path, e.g.
    ``draw.toolbar.buttons.polygon``. Add it to the map before the Draw control."""

    _template = Template(
        "{% macro script(this, kwargs) %}(function(texts){"
        "Object.keys(texts).forEach(function(path){"
        "var keys = path.split('.'), node = L.drawLocal;"
        "for (var i = 0; i < keys.length - 1; i++) { node = node[keys[i]] = node[keys[i]] || {}; }"
        "node[keys[keys.length - 1]] = texts[path]; });"
        "})({{ this.texts_json }});{% endmacro %}"
    )

    def __init__(self, texts: Mapping[str, str]):
        super().__init__()
        self._name = "DrawTexts"
        # JSON inside a <script>: escape < and > so no text can close the element.
        self.texts_json = json.dumps(dict(texts)).replace("<", "\\u003c").replace(">", "\\u003e")


def add_drawing(fmap: folium.Map, texts: Mapping[str, str] | None = None) -> folium.Map:
    """Add a polygon/rectangle drawing tool to ``fmap`` (texts: see :class:`DrawTexts`)."""
    if texts:
        DrawTexts(texts).add_to(fmap)
    folium.plugins.Draw(
        export=False,
        position="topleft",
        show_geometry_on_click=False,
        draw_options=DRAW_OPTIONS,
        edit_options={"edit": True, "remove": True},
    ).add_to(fmap)
    return fmap


def zones_layer(zones: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """The distance zones (EPSG:4326 rows with ``distance_m``), widest first, for
    ``st_folium(feature_group_to_add=...)`` so switching them on and off needs no remount."""
    group = folium.FeatureGroup(name="zones", control=False)
    for row in zones.sort_values("distance_m", ascending=False).itertuples():
        if row.geometry is None or row.geometry.is_empty:
            continue
        style = ZONE_STYLES.get(int(row.distance_m), ZONE_STYLES[500])
        folium.GeoJson(mapping(row.geometry), style_function=lambda _f, s=style: s, interactive=False).add_to(group)
    return group


def candidates_layer(candidates: Sequence[Candidate], status_labels: Mapping[str, str]) -> folium.FeatureGroup:
    """Saved candidate and planned areas, for ``st_folium(feature_group_to_add=...)``."""
    group = folium.FeatureGroup(name="candidates", control=False)
    for candidate in candidates:
        style = CANDIDATE_STYLES.get(candidate.status, CANDIDATE_STYLES["candidate"])
        label = f"{candidate.name} ({status_labels.get(candidate.status, candidate.status)})"
        folium.GeoJson(
            {"type": "Feature", "geometry": candidate.geometry, "properties": {"label": safe(label)}},
            style_function=lambda _f, s=style: s,
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        ).add_to(group)
    return group


def preview_layer(geometry: Mapping | None) -> folium.FeatureGroup:
    """A proposed new position (GeoJSON, EPSG:4326): a marker for a point, else an outline."""
    group = folium.FeatureGroup(name="preview", control=False)
    if not geometry:
        return group
    geom = parse_geometry(geometry, GEOMETRY_TYPES, usable=False)
    if geom.geom_type == "Point":
        folium.CircleMarker(
            location=(geom.y, geom.x),
            radius=9,
            color=str(PREVIEW_STYLE["color"]),
            fill=True,
            fill_opacity=0.9,
            interactive=False,
        ).add_to(group)
    else:
        folium.GeoJson(dict(geometry), style_function=lambda _f: PREVIEW_STYLE, interactive=False).add_to(group)
    return group
