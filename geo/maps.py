"""Building the folium map: the only place that turns places into Leaflet layers.

Every string that reaches folium passes through :func:`geo.escape.safe`. The base map
depends only on the data, the visible ids, the language texts and the tile settings, so
reruns that only change the selection leave it identical (no iframe remount); the
selection is drawn in a separate feature group passed to ``st_folium``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from geo.assets import VENDOR_URL, configure_folium
from geo.bounds import GLADSAXE_BBOX
from geo.catalog import Catalog, Place
from geo.crs import DISPLAY, to_display, to_metric
from geo.escape import safe
from geo.style import (
    CATEGORY_COLOURS,
    FILLED_KINDS,
    SELECTED_STYLE,
    UNCERTAIN_AREA_STYLE,
    WILDNESS_STYLES,
    marker_svg,
)

GLADSAXE_CENTER = (55.7465, 12.4700)  # lat, lon
DEFAULT_ZOOM = 13
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


@dataclass(frozen=True)
class TileConfig:
    """Basemap tiles: the only requests allowed to leave the server. ``url=None`` = none."""

    url: str | None
    attribution: str

    @classmethod
    def from_env(cls, env: dict | None = None) -> TileConfig:
        env = os.environ if env is None else env
        choice = env.get("GLADSAXE_TILES", "osm").strip()
        if choice.lower() in ("none", "off", ""):
            return cls(None, "")
        if choice.lower() == "osm":
            return cls(OSM_URL, OSM_ATTRIBUTION)
        return cls(choice, env.get("GLADSAXE_TILES_ATTRIBUTION", "").strip() or "Basemap")


@dataclass(frozen=True)
class MapTexts:
    """Words the map shows, in the user's language (from the UI's text catalogue)."""

    wildness: dict  # helt/delvist/ukendt -> layer name
    categories: dict  # category -> layer name
    approximate: str  # legend label for circles of uncertainty
    legend_title: str
    zoom_in: str
    zoom_out: str
    lang: str = "da"
    gardens: str = ""
    attribution: str = ""  # plain-text credit for the data, shown even without tiles
    kinds: dict = field(default_factory=dict)  # place kind -> what the place is, e.g. "Letbanestop"
    legend_named: str = ""  # legend label for the hollow symbol: a place a partnership names


class _Script(MacroElement):
    """A small script attached to the map: our own constant code, no user text."""

    _template = Template(
        "{% macro script(this, kwargs) %}(function(map){ {{ this.code }} })"
        "({{ this._parent.get_name() }});{% endmacro %}"
    )

    def __init__(self, code: str):
        super().__init__()
        self._name = "Script"
        self.code = code


def place_category(catalog: Catalog, place: Place) -> str:
    """A partner site's category: that of its first known partnership (else 'democracy')."""
    for partnership in catalog.partnerships_of(place):
        return partnership.category
    return "democracy"


def _feature(place: Place, geometry, name: str) -> dict:
    return {
        "type": "Feature",
        "geometry": mapping(geometry),
        "properties": {"id": place.id, "label": safe(name)},
    }


def uncertainty_circle(place: Place, min_radius_m: float = 30.0):
    """The circle (EPSG:4326 polygon) within which a point place truly lies, buffered in metres."""
    series = gpd.GeoSeries([place.geometry], crs=DISPLAY)
    radius = max(float(place.props.accuracy_m or 0), min_radius_m)
    return to_display(to_metric(series).buffer(radius, quad_segs=16)).iloc[0]


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _tooltip() -> folium.GeoJsonTooltip:
    return folium.GeoJsonTooltip(fields=["label"], labels=False, sticky=False)


def _legend_html(texts: MapTexts, categories: list[str], hollow: bool = False) -> str:
    rows = [f"<summary>{safe(texts.legend_title)}</summary>"]
    for key, style in WILDNESS_STYLES.items():
        dash = "dashed" if style["dashArray"] else "solid"
        rows.append(
            f'<div><span class="gm-swatch" style="background:{style["fillColor"]};'
            f'border:2px {dash} {style["color"]}"></span>{safe(texts.wildness[key])}</div>'
        )
    rows.append(
        '<div><span class="gm-swatch gm-round" style="border:2px dotted #0b5d1e"></span>'
        f"{safe(texts.approximate)}</div>"
    )
    for category in categories:
        rows.append(f"<div>{marker_svg(category, 16)} {safe(texts.categories[category])}</div>")
    if hollow and texts.legend_named:
        rows.append(f"<div>{marker_svg(None, 16, hollow=True)} {safe(texts.legend_named)}</div>")
    return "<details class='gm-details'>" + "".join(rows) + "</details>"


_MAP_CSS = """
.gm-legend{background:rgba(255,255,255,.94);padding:4px 8px;border-radius:6px;font:12px/1.5 sans-serif;
 max-width:220px;box-shadow:0 1px 4px rgba(0,0,0,.3)}
.gm-details summary{cursor:pointer;font-weight:bold}
.gm-swatch{display:inline-block;width:14px;height:10px;margin-right:6px;vertical-align:middle}
.gm-round{border-radius:50%;width:12px;height:12px}
.gm-marker{background:none;border:none}
.gm-marker:focus{outline:3px solid #ffbf00;border-radius:4px}
"""


def build_map(
    catalog: Catalog,
    visible_ids: set[str] | frozenset[str],
    texts: MapTexts,
    tiles: TileConfig,
    height_px: int = 520,
    gardens: dict | None = None,
) -> folium.Map:
    """The public map with every visible mapped place as a clickable GeoJSON feature.

    ``gardens`` is an optional FeatureCollection of approved private gardens, already
    anonymised to 100 m cell centres; it is drawn as a separate, non-clickable layer.
    """
    configure_folium()
    fmap = folium.Map(
        location=GLADSAXE_CENTER,
        zoom_start=DEFAULT_ZOOM,
        tiles=None,
        zoom_control=False,
        control_scale=True,
        height=height_px,
    )
    _Script(f"L.Icon.Default.imagePath = {_js_string(VENDOR_URL + 'images/')};").add_to(fmap)
    _Script(
        "var s=document.createElement('style');s.textContent=" + _js_string(_MAP_CSS) + ";document.head.appendChild(s);"
        f"L.control.zoom({{zoomInTitle:{_js_string(texts.zoom_in)},zoomOutTitle:{_js_string(texts.zoom_out)}}}).addTo(map);"
        f"document.documentElement.lang={_js_string(texts.lang)};"
    ).add_to(fmap)
    if texts.attribution:
        _Script(f"map.attributionControl.addAttribution({_js_string(safe(texts.attribution))});").add_to(fmap)
    if tiles.url:
        folium.TileLayer(tiles=tiles.url, attr=tiles.attribution, name="Basemap", control=False, max_zoom=19).add_to(
            fmap
        )

    places = [p for p in catalog.places if p.geometry is not None and p.id in visible_ids]
    _add_green_areas(fmap, [p for p in places if p.props.kind == "green_area"], texts)
    sites = [p for p in places if p.props.kind != "green_area"]
    categories = _add_partner_sites(fmap, catalog, sites, texts)
    named = any(p.props.kind not in FILLED_KINDS for p in sites)
    if gardens and gardens.get("features"):
        _gardens_layer(gardens, texts.gardens).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    _Script(
        "var c = L.control({position: 'bottomleft'});"
        "c.onAdd = function(){ var d = L.DomUtil.create('div', 'gm-legend');"
        f"d.innerHTML = {_js_string(_legend_html(texts, categories, named))};"
        "if (map.getSize().x > 560) { d.firstChild.open = true; }"
        "L.DomEvent.disableClickPropagation(d); return d; }; c.addTo(map);"
    ).add_to(fmap)
    west, south, east, north = GLADSAXE_BBOX
    fmap.fit_bounds([[south, west], [north, east]])
    return fmap


def _js_string(text: str) -> str:
    """A JS string literal for our own constant text, safe inside a <script> element."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e")


def _add_green_areas(fmap: folium.Map, areas: list[Place], texts: MapTexts) -> None:
    for wildness, style in WILDNESS_STYLES.items():
        group_places = [p for p in areas if p.props.wildness == wildness]
        if not group_places:
            continue
        group = folium.FeatureGroup(name=safe(texts.wildness[wildness]), show=True)
        outlines = [_feature(p, p.geometry, p.props.name) for p in group_places if p.geometry.geom_type != "Point"]
        circles = [
            _feature(p, uncertainty_circle(p), p.props.name) for p in group_places if p.geometry.geom_type == "Point"
        ]
        base = {k: v for k, v in style.items() if v is not None}
        if outlines:
            folium.GeoJson(
                _collection(outlines),
                style_function=lambda _f, s=base: s,
                highlight_function=lambda _f: {"weight": 5},
                tooltip=_tooltip(),
            ).add_to(group)
        if circles:
            circle_style = {**base, **UNCERTAIN_AREA_STYLE}
            folium.GeoJson(
                _collection(circles),
                style_function=lambda _f, s=circle_style: s,
                highlight_function=lambda _f: {"weight": 4},
                tooltip=_tooltip(),
            ).add_to(group)
        group.add_to(fmap)


def _site_label(place: Place, texts: MapTexts) -> str:
    kind = texts.kinds.get(place.props.kind)
    return f"{place.props.name} ({kind})" if kind else place.props.name


def _add_partner_sites(fmap: folium.Map, catalog: Catalog, sites: list[Place], texts: MapTexts) -> list[str]:
    """Point places other than green areas, one layer per category; only partner sites filled."""
    shown = []
    for category in CATEGORY_COLOURS:
        members = [p for p in sites if place_category(catalog, p) == category]
        if not members:
            continue
        shown.append(category)
        group = folium.FeatureGroup(name=safe(texts.categories[category]), show=True)
        for hollow in (False, True):
            subset = [p for p in members if (p.props.kind not in FILLED_KINDS) == hollow]
            if not subset:
                continue
            icon = folium.DivIcon(
                html=marker_svg(category, hollow=hollow),
                icon_size=(24, 24),
                icon_anchor=(12, 12),
                class_name="gm-marker",
            )
            folium.GeoJson(
                _collection([_feature(p, p.geometry, _site_label(p, texts)) for p in subset]),
                marker=folium.Marker(icon=icon, keyboard=True),
                tooltip=_tooltip(),
                on_each_feature=folium.JsCode(
                    "function(feature, layer){ layer.on('add', function(){ var el = layer.getElement();"
                    " if (el) { el.setAttribute('aria-label', feature.properties.label); } }); }"
                ),
            ).add_to(group)
        group.add_to(fmap)
    return shown


def _gardens_layer(collection: dict, label: str) -> folium.FeatureGroup:
    """Approved private gardens as one GeoJSON layer of small circles (no names, no clicks)."""
    group = folium.FeatureGroup(name=safe(label), show=True)
    folium.GeoJson(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": f["geometry"], "properties": {}} for f in collection["features"]
            ],
        },
        marker=folium.CircleMarker(radius=5, color="#6a3d9a", fill=True, fill_opacity=0.7, weight=1),
        style_function=lambda _f: {"color": "#6a3d9a", "fillColor": "#6a3d9a"},
        interactive=False,
    ).add_to(group)
    return group


def selection_layer(place: Place | None) -> folium.FeatureGroup:
    """The highlight of the selected place (outline plus its circle of uncertainty)."""
    group = folium.FeatureGroup(name="selection", control=False)
    if place is None or place.geometry is None:
        return group
    folium.GeoJson(
        mapping(uncertainty_circle(place) if place.geometry.geom_type == "Point" else place.geometry),
        style_function=lambda _f: SELECTED_STYLE,
        interactive=False,
    ).add_to(group)
    return group


def selection_view(place: Place | None) -> tuple[tuple[float, float] | None, int | None]:
    """Centre (lat, lon) and zoom that frame a place; (None, None) when nothing is mapped."""
    if place is None or place.geometry is None:
        return None, None
    centre = place.geometry.centroid
    radius = max(float(place.props.accuracy_m or 0), 100.0)
    minx, miny, maxx, maxy = place.geometry.bounds
    span_deg = max(maxx - minx, maxy - miny, radius / 50_000)
    zoom = 17 if span_deg < 0.003 else 16 if span_deg < 0.006 else 15 if span_deg < 0.012 else 14
    return (round(centre.y, 6), round(centre.x, 6)), zoom
