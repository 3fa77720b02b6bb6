"""Map layers for the staff pages: connectivity zones, candidate areas, a preview and drawing.

Built on the public base map (:func:`geo.maps.build_map`). Everything is EPSG:4326 here; the
zones themselves are measured in EPSG:25832 by :func:`geo.connectivity.zones`. Staff-typed
names pass through :func:`geo.escape.safe` before folium sees them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
import folium.plugins
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from geo.connectivity import ZONE_DISTANCES_M
from geo.escape import safe, script_json
from geo.geometry import GEOMETRY_TYPES, parse_geometry
from geo.records import Candidate
from geo.style import CANDIDATE_STYLES, PREVIEW_STYLE, ZONE_STYLES

ZONE_STYLE_BY_M = dict(zip(ZONE_DISTANCES_M, ZONE_STYLES, strict=True))
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
        self.texts_json = script_json(dict(texts))


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
        style = ZONE_STYLE_BY_M.get(int(row.distance_m), ZONE_STYLES[-1])
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
