"""Building the folium map: the only place that turns places into Leaflet layers.

Every string that reaches folium passes through :func:`geo.escape.safe`. The base map
depends only on the data version, the visible ids, the language texts and the tile settings,
so reruns that only change the selection leave it identical (no iframe remount); the
selection is drawn in a separate feature group passed to ``st_folium``.

The features themselves are not embedded: the browser fetches them from static files written
by :mod:`geo.layers` (``places_url``/``gardens_url``), so the map's script stays a few kB
however much data there is. Without a URL (tests, small maps) the data is inlined instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import folium
import folium.plugins
from branca.element import MacroElement
from jinja2 import Template

from geo import settings
from geo.assets import VENDOR_URL, configure_folium, locate_installed
from geo.bounds import GLADSAXE_BBOX
from geo.catalog import Catalog, Place
from geo.escape import safe, script_json
from geo.layers import layer_key, layer_keys, places_collection
from geo.style import (
    CATEGORY_COLOURS,
    FILLED_KINDS,
    GARDEN_STYLE,
    HIGHLIGHT_COLOUR,
    OUTLINE_COLOUR,
    UNCERTAIN_AREA_STYLE,
    WILDNESS_STYLES,
    marker_svg,
)

GLADSAXE_CENTER = (55.7465, 12.4700)  # lat, lon
DEFAULT_ZOOM = 13
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
LEGEND_OPEN_FROM_PX = 900  # screens narrower than this start with the legend folded


@dataclass(frozen=True)
class TileConfig:
    """Basemap tiles: the only requests allowed to leave the server. ``url=None`` = none."""

    url: str | None
    attribution: str

    @classmethod
    def from_env(cls, env: dict | None = None) -> TileConfig:
        """The tiles configured in ``env`` (default: the app's settings)."""
        configured = settings.current() if env is None else settings.Settings.from_env(env)
        choice = configured.tiles
        if choice.lower() in ("none", "off", ""):
            return cls(None, "")
        if choice.lower() == "osm":
            return cls(OSM_URL, OSM_ATTRIBUTION)
        return cls(choice, configured.tiles_attribution or "Basemap")


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
    locate: str = ""  # title of the locate-me button; empty = no button
    locate_popup: str = ""  # "{distance} {unit}" are filled in by Leaflet.Locate


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


def _legend_html(texts: MapTexts, categories: list[str], hollow: bool = False) -> str:
    rows = [f"<summary>{safe(texts.legend_title)}</summary>"]
    for key, style in WILDNESS_STYLES.items():
        dash = "dashed" if style["dashArray"] else "solid"
        rows.append(
            f'<div><span class="gm-swatch" style="background:{style["fillColor"]};'
            f'border:2px {dash} {style["color"]}"></span>{safe(texts.wildness[key])}</div>'
        )
    rows.append(
        f'<div><span class="gm-swatch gm-round" style="border:2px dotted {OUTLINE_COLOUR}"></span>'
        f"{safe(texts.approximate)}</div>"
    )
    for category in categories:
        rows.append(f"<div>{marker_svg(category, 16)} {safe(texts.categories[category])}</div>")
    if hollow and texts.legend_named:
        rows.append(f"<div>{marker_svg(None, 16, hollow=True)} {safe(texts.legend_named)}</div>")
    return "<details class='gm-details'>" + "".join(rows) + "</details>"


_MAP_CSS = """
.gm-legend{background:rgba(255,255,255,.94);padding:4px 8px;border-radius:6px;font:12px/1.5 sans-serif;
 max-width:220px;box-shadow:0 1px 4px rgba(0,0,0,.3);box-sizing:border-box;overflow:auto}
.gm-details summary{cursor:pointer;font-weight:bold}
.gm-swatch{display:inline-block;width:14px;height:10px;margin-right:6px;vertical-align:middle}
.gm-round{border-radius:50%;width:12px;height:12px}
.gm-marker{background:none;border:none}
.leaflet-control-attribution{font-size:11px;line-height:1.35;max-width:75%}
.gm-marker:focus{outline:3px solid HIGHLIGHT;border-radius:4px}
""".replace("HIGHLIGHT", HIGHLIGHT_COLOUR)

# Fills the per-layer L.geoJSON groups from a FeatureCollection (inline or fetched). Labels in
# the data were escaped by geo.layers; everything else here is our own constant code.
_PLACES_JS = """
var groups = {}, visible = VISIBLE, kinds = KINDS;
if (visible) { visible = new Set(visible); }
Object.keys(LAYERS).forEach(function(key){
  var spec = LAYERS[key], opts = {onEachFeature: function(f, layer){
    var p = f.properties, label = spec.icon && kinds[p.kind] ? p.label + ' (' + kinds[p.kind] + ')' : p.label;
    layer.bindTooltip(label, {sticky: false});
    if (spec.icon) { layer.on('add', function(){ var el = layer.getElement();
      if (el) { el.setAttribute('aria-label', label); } }); }
    else { layer.on('mouseover', function(){ layer.setStyle({weight: spec.style.weight + 2}); });
           layer.on('mouseout', function(){ layer.setStyle(spec.style); }); } }};
  if (spec.icon) { var icon = L.divIcon({html: spec.icon, iconSize: [24, 24], iconAnchor: [12, 12], className: 'gm-marker'});
    var hollow = L.divIcon({html: spec.hollow, iconSize: [24, 24], iconAnchor: [12, 12], className: 'gm-marker'});
    opts.pointToLayer = function(f, latlng){
      return L.marker(latlng, {icon: spec.filled.indexOf(f.properties.kind) >= 0 ? icon : hollow, keyboard: true}); }; }
  else { opts.style = function(){ return spec.style; }; }
  groups[key] = L.geoJSON(null, opts).addTo(window[spec.group]);
});
function add(fc){ (fc.features || []).forEach(function(f){ var p = f.properties || {};
  if (groups[p.layer] && (!visible || visible.has(p.id))) { groups[p.layer].addData(f); } }); }
"""
_GARDENS_JS = """
var pane = map.createPane('gm-gardens'); pane.style.zIndex = 350; pane.style.pointerEvents = 'none';
var renderer = L.canvas({pane: 'gm-gardens'});
var gardens = L.geoJSON(null, {pointToLayer: function(f, latlng){
  return L.circleMarker(latlng, Object.assign({renderer: renderer, interactive: false, pane: 'gm-gardens'}, STYLE)); }});
gardens.addTo(window[GROUP]);
function add(fc){ gardens.addData({type: 'FeatureCollection', features: (fc.features || []).map(function(f){
  return {type: 'Feature', geometry: f.geometry, properties: {}}; })}); }
"""


def _loader(source: str | dict) -> str:
    """Call ``add`` with the collection: inline, or fetched from a same-origin static URL."""
    if isinstance(source, dict):
        return f"add(JSON.parse({script_json(json.dumps(source, separators=(',', ':')))}));"
    return (
        f"fetch({script_json(source)}).then(function(r){{ return r.json(); }}).then(add)"
        ".catch(function(){ map.getContainer().setAttribute('data-layer-error', '1'); });"
    )


def build_map(
    catalog: Catalog,
    visible_ids: set[str] | frozenset[str],
    texts: MapTexts,
    tiles: TileConfig,
    height_px: int = 520,
    gardens: dict | None = None,
    places_url: str | None = None,
    gardens_url: str | None = None,
) -> folium.Map:
    """The public map with every visible mapped place as a clickable GeoJSON feature.

    Places come from ``places_url`` (a file written by :func:`geo.layers.write_layer` from
    :func:`geo.layers.places_collection`) or, without it, are inlined. ``gardens``/``gardens_url``
    is an optional FeatureCollection of approved private gardens, already anonymised to 100 m
    cell centres; it is drawn as a separate, non-clickable layer. EPSG:4326 throughout.
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
    _Script(
        f"L.Icon.Default.imagePath = {script_json(VENDOR_URL + 'images/')};"
        # streamlit-folium counts clicks from 0 but defaults to None: without this the map's
        # first value differs from the default and every page load runs the script twice.
        "var g = window.__GLOBAL_DATA__; if (g && g.previous_data && "
        "g.previous_data.last_object_clicked_count === null) { g.previous_data.last_object_clicked_count = 0; }"
    ).add_to(fmap)
    _Script(
        "var s=document.createElement('style');s.textContent="
        + script_json(_MAP_CSS)
        + ";document.head.appendChild(s);"
        f"L.control.zoom({{zoomInTitle:{script_json(texts.zoom_in)},zoomOutTitle:{script_json(texts.zoom_out)}}}).addTo(map);"
        f"document.documentElement.lang={script_json(texts.lang)};"
    ).add_to(fmap)
    if texts.attribution:
        _Script(f"map.attributionControl.addAttribution({script_json(safe(texts.attribution))});").add_to(fmap)
    if tiles.url:
        folium.TileLayer(tiles=tiles.url, attr=tiles.attribution, name="Basemap", control=False, max_zoom=19).add_to(
            fmap
        )
    if texts.locate and locate_installed():
        folium.plugins.LocateControl(
            position="topleft",
            strings={"title": texts.locate, "popup": texts.locate_popup or texts.locate, "metersUnit": "m"},
            locateOptions={"maxZoom": 16, "enableHighAccuracy": True},
            showCompass=False,
        ).add_to(fmap)

    places = [p for p in catalog.places if p.geometry is not None and p.id in visible_ids]
    categories = _add_places(fmap, catalog, places, texts, places_url)
    named = any(p.props.kind not in ("green_area", *FILLED_KINDS) for p in places)
    garden_source = gardens_url or (gardens if gardens and gardens.get("features") else None)
    if garden_source:
        _add_gardens(fmap, garden_source, texts.gardens)
    folium.LayerControl(collapsed=True).add_to(fmap)
    _Script(
        "var c = L.control({position: 'bottomleft'});"
        "c.onAdd = function(){ var d = L.DomUtil.create('div', 'gm-legend');"
        f"d.innerHTML = {script_json(_legend_html(texts, categories, named))};"
        "var w; try { w = window.top.innerWidth; } catch (e) { w = window.innerWidth; }"
        f"if (w >= {LEGEND_OPEN_FROM_PX}) {{ d.firstChild.open = true; }}"
        # at most 45 % of the map's width and 40 % of its height: under a quarter of the map, and
        # the centre (where a selected place is framed) always stays free
        "var fit = function(){ var s = map.getSize(); d.style.maxWidth = Math.floor(s.x * 0.45) + 'px';"
        " d.style.maxHeight = Math.floor(s.y * 0.4) + 'px'; }; fit(); map.on('resize', fit);"
        "L.DomEvent.disableClickPropagation(d); L.DomEvent.disableScrollPropagation(d); return d; }; c.addTo(map);"
    ).add_to(fmap)
    # Frame Gladsaxe at once, not with a zoom animation: Leaflet ignores a view change asked for
    # while a zoom animates, so a locate-me tap in that first moment (a slow phone, a busy
    # server) left the map where it was.
    west, south, east, north = GLADSAXE_BBOX
    _Script(f"map.fitBounds({json.dumps([[south, west], [north, east]])}, {{animate: false}});").add_to(fmap)
    return fmap


def _add_places(fmap: folium.Map, catalog: Catalog, places: list[Place], texts: MapTexts, url: str | None) -> list:
    """One FeatureGroup per wildness and per partner category (the layer control's entries)."""
    present = {layer_key(catalog, p) for p in places}
    groups: dict[str, Any] = {}  # FeatureGroups, as add_to returns them
    for wildness in WILDNESS_STYLES:
        if f"area-{wildness}" in present or f"circle-{wildness}" in present:
            groups[wildness] = folium.FeatureGroup(name=safe(texts.wildness[wildness]), show=True).add_to(fmap)
    categories = [c for c in CATEGORY_COLOURS if f"site-{c}" in present]
    for category in categories:
        groups[category] = folium.FeatureGroup(name=safe(texts.categories[category]), show=True).add_to(fmap)
    layers = {}
    for key in layer_keys():
        if key not in present:
            continue
        shape, name = key.split("-", 1)
        spec: dict[str, Any] = {"group": groups[name].get_name()}
        if shape == "site":  # partner sites filled; places a partnership only names, hollow
            spec.update(icon=marker_svg(name), hollow=marker_svg(name, hollow=True), filled=sorted(FILLED_KINDS))
        else:
            base = {k: v for k, v in WILDNESS_STYLES[name].items() if v is not None}
            spec["style"] = {**base, **UNCERTAIN_AREA_STYLE} if shape == "circle" else base
        layers[key] = spec
    mapped = {p.id for p in catalog.places if p.geometry is not None}
    shown = sorted(p.id for p in places)
    visible = "null" if set(shown) >= mapped else script_json(json.dumps(shown))
    source = url or places_collection(catalog)
    code = _PLACES_JS.replace("VISIBLE", f"JSON.parse({visible})" if visible != "null" else "null")
    code = code.replace("LAYERS", f"JSON.parse({script_json(json.dumps(layers))})")
    kinds = {kind: safe(label) for kind, label in texts.kinds.items()}
    code = code.replace("KINDS", f"JSON.parse({script_json(json.dumps(kinds))})")
    _Script(code + _loader(source)).add_to(fmap)
    return categories


def _add_gardens(fmap: folium.Map, source: str | dict, label: str) -> None:
    """Approved private gardens: small circles on a canvas under the places, no names, no clicks."""
    group = folium.FeatureGroup(name=safe(label), show=True).add_to(fmap)
    if isinstance(source, dict):  # only positions go into the page, whatever else the dict holds
        features = [{"type": "Feature", "geometry": f["geometry"], "properties": {}} for f in source["features"]]
        source = {"type": "FeatureCollection", "features": features}
    code = _GARDENS_JS.replace("GROUP", script_json(group.get_name())).replace(
        "STYLE", f"JSON.parse({script_json(json.dumps(GARDEN_STYLE))})"
    )
    _Script(code + _loader(source)).add_to(fmap)
