"""The map builder: layers, styles, self-hosted assets and escaping, on rendered HTML."""

from __future__ import annotations

import json
import re

import folium
import pytest
from streamlit_folium import _get_header

from geo.bounds import GLADSAXE_BBOX
from geo.loading import load_catalog
from geo.maps import MapTexts, TileConfig, build_map
from geo.models import CATEGORIES
from tests import builders

TEXTS = MapTexts(
    wildness={"helt": "Helt vildt", "delvist": "Delvist vildt", "ukendt": "Ukendt"},
    categories={c: c for c in CATEGORIES},
    approximate="Omtrentlig",
    legend_title="Signatur",
    zoom_in="Zoom ind",
    zoom_out="Zoom ud",
)
NO_TILES = TileConfig(None, "")


def catalog_with(tmp_path, places=None, partnerships=None):
    return load_catalog(builders.write(tmp_path, places=places, partnerships=partnerships))


def render(fmap: folium.Map) -> str:
    return fmap.get_root().render()


def js_json(html: str, before: str, after: str = ")"):
    """Decode the JSON our scripts embed as ``before JSON.parse("<json>")``."""
    start = html.index(before + "JSON.parse(") + len(before) + len("JSON.parse(")
    literal, _ = json.JSONDecoder().raw_decode(html[start:])
    return json.loads(literal)


def inline_places(html: str) -> dict:
    return js_json(html, "add(")


def visible_ids(html: str):
    text = html[html.index("var groups = {}, visible = ") + len("var groups = {}, visible = ") :]
    if text.startswith("null"):
        return None
    return js_json(html, "var groups = {}, visible = ")


def asset_links(fmap: folium.Map) -> list[str]:
    """The script and stylesheet URLs streamlit-folium would load (same walk as its own)."""
    links = []

    def walk(el):
        links.extend(src for _, src in getattr(el, "default_js", []))
        links.extend(href for _, href in getattr(el, "default_css", []))
        for child in getattr(el, "_children", {}).values():
            walk(child)

    walk(fmap)
    return links


def test_every_visible_place_id_is_in_the_map(tmp_path):
    catalog = catalog_with(tmp_path)
    html = render(build_map(catalog, {p.id for p in catalog.places}, TEXTS, NO_TILES))
    ids = {f["properties"]["id"] for f in inline_places(html)["features"]}
    assert ids == {p.id for p in catalog.places if p.geometry is not None}
    assert visible_ids(html) is None  # nothing filtered


def test_hidden_places_are_left_out(tmp_path):
    catalog = catalog_with(tmp_path)
    html = render(build_map(catalog, {"kong-hans-have"}, TEXTS, NO_TILES))
    assert visible_ids(html) == ["kong-hans-have"]


def test_layers_come_from_the_static_file_when_given(tmp_path):
    catalog = catalog_with(tmp_path)
    url = "/app/static/layers/places-abc.json"
    fmap = build_map(catalog, {p.id for p in catalog.places}, TEXTS, NO_TILES, places_url=url, gardens_url="/g.json")
    html = render(fmap)
    assert f'fetch("{url}")' in html and 'fetch("/g.json")' in html
    assert "kong-hans-have" not in html  # no feature is embedded


def test_all_assets_are_self_hosted(tmp_path):
    catalog = catalog_with(tmp_path)
    fmap = build_map(catalog, {p.id for p in catalog.places}, TEXTS, NO_TILES)
    links = asset_links(fmap)
    assert links and all(link.startswith("/app/static/vendor/") for link in links), links
    html = render(fmap)
    assert not re.search(r"https?://(?!www\.openstreetmap|tile\.openstreetmap)[^\"' ]+\.(js|css)", html)


def test_no_tiles_when_configured_none_and_osm_with_attribution(tmp_path):
    catalog = catalog_with(tmp_path)
    ids = {p.id for p in catalog.places}
    assert "tile.openstreetmap.org" not in render(build_map(catalog, ids, TEXTS, NO_TILES))
    html = render(build_map(catalog, ids, TEXTS, TileConfig.from_env({"GLADSAXE_TILES": "osm"})))
    assert "tile.openstreetmap.org" in html and "OpenStreetMap" in html


def test_tile_config_from_env():
    assert TileConfig.from_env({}).url.startswith("https://tile.openstreetmap.org/")
    assert TileConfig.from_env({"GLADSAXE_TILES": "none"}).url is None
    custom = TileConfig.from_env(
        {"GLADSAXE_TILES": "https://t.example/{z}/{x}/{y}.png", "GLADSAXE_TILES_ATTRIBUTION": "X"}
    )
    assert custom.url == "https://t.example/{z}/{x}/{y}.png" and custom.attribution == "X"


@pytest.mark.parametrize("wildness,dash", [("helt", None), ("delvist", "8 5"), ("ukendt", "2 6")])
def test_styles_per_wildness(tmp_path, wildness, dash):
    places, _ = builders.dataset()
    places["features"][0]["properties"]["wildness"] = wildness
    html = render(build_map(catalog_with(tmp_path, places=places), {"kong-hans-have"}, TEXTS, NO_TILES))
    layers = js_json(html, "Object.keys(")
    style = next(spec["style"] for key, spec in layers.items() if key.endswith(wildness))
    assert style.get("dashArray") == dash
    assert TEXTS.wildness[wildness] in html


HOSTILE_NAMES = [
    "<script>window.top.pwned=1</script>",
    '<img src=x onerror="window.top.pwned=1">',
    "${window.top.pwned=1}",
    "`+(window.top.pwned=1)+`",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_are_escaped_in_the_rendered_map(tmp_path, name):
    places, _ = builders.dataset()
    places["features"][1]["properties"]["name"] = name
    html = render(build_map(catalog_with(tmp_path, places=places), {"headspace-gladsaxe"}, TEXTS, NO_TILES))
    assert name not in html
    assert "<script>window" not in html and "<img src=x" not in html and "${window" not in html
    assert "`+(window" not in html


def test_base_map_is_identical_between_builds(tmp_path):
    """Same inputs → same Leaflet script, so st_folium keeps the iframe (no remount)."""
    from streamlit_folium import _get_map_string

    catalog = catalog_with(tmp_path)
    ids = {p.id for p in catalog.places}
    a = build_map(catalog, ids, TEXTS, NO_TILES)
    b = build_map(catalog, ids, TEXTS, NO_TILES)
    a.render()
    b.render()

    def normalise(fmap):
        text = _get_map_string(fmap) + _get_header(fmap)
        return re.sub(r"_[0-9a-f]{32}", "_X", text)

    assert normalise(a) == normalise(b)


def test_approved_gardens_layer_has_points_but_no_names(tmp_path):
    catalog = catalog_with(tmp_path)
    gardens = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [12.4805, 55.7405]},
                "properties": {"kind": "approved_garden", "name": "Hansen"},
            }
        ],
    }
    texts = MapTexts(**{**TEXTS.__dict__, "gardens": "Godkendte haver"})
    html = render(build_map(catalog, set(), texts, NO_TILES, gardens=gardens))
    assert "Godkendte haver" in html and "12.4805" in html
    assert "Hansen" not in html


def test_data_attribution_shows_even_without_tiles(tmp_path):
    catalog = catalog_with(tmp_path)
    texts = MapTexts(**{**TEXTS.__dict__, "attribution": "Gladsaxes grønne kort · © OpenStreetMap-bidragydere, ODbL"})
    html = render(build_map(catalog, {p.id for p in catalog.places}, texts, NO_TILES))
    assert "tile.openstreetmap.org" not in html
    [argument] = re.findall(r"attributionControl\.addAttribution\((\"[^\"]*\")\)", html)
    assert json.loads(argument) == "Gladsaxes grønne kort · © OpenStreetMap-bidragydere, ODbL"


@pytest.mark.parametrize("credit", HOSTILE_NAMES)
def test_hostile_attribution_is_escaped(tmp_path, credit):
    catalog = catalog_with(tmp_path)
    html = render(build_map(catalog, set(), MapTexts(**{**TEXTS.__dict__, "attribution": credit}), NO_TILES))
    assert "addAttribution" in html and credit not in html
    assert "<script>window" not in html and "<img src=x" not in html and "${window" not in html


def test_places_a_partnership_only_names_get_a_hollow_symbol_and_their_kind(tmp_path):
    places, _ = builders.dataset()
    places["features"].append(
        builders.partner_site(
            "letbanestop-buddinge", 12.4937, 55.7467, name="Letbanestop Buddinge", kind="light_rail_stop"
        )
    )
    texts = MapTexts(
        **{
            **TEXTS.__dict__,
            "kinds": {"partner_site": "Partnersted", "light_rail_stop": "Letbanestop"},
            "legend_named": "Hollow: a named place",
        }
    )
    ids = {"headspace-gladsaxe", "letbanestop-buddinge"}
    html = render(build_map(catalog_with(tmp_path, places=places), ids, texts, NO_TILES))
    kinds = {f["properties"]["id"]: f["properties"]["kind"] for f in inline_places(html)["features"]}
    assert kinds["letbanestop-buddinge"] == "light_rail_stop" and kinds["headspace-gladsaxe"] == "partner_site"
    # the tooltip says what the place is: "<name> (<kind>)", composed in the browser
    assert js_json(html, "kinds = ") == texts.kinds
    [health] = [spec for key, spec in js_json(html, "Object.keys(").items() if key == "site-health"]
    assert 'fill="#ffffff" stroke="#b2182b"' in health["hollow"]  # hollow symbol for the stop
    assert 'fill="#b2182b"' in health["icon"] and health["filled"] == ["partner_site"]
    assert "Hollow: a named place" in html
    only_partner = render(build_map(catalog_with(tmp_path, places=places), {"headspace-gladsaxe"}, texts, NO_TILES))
    assert "Hollow: a named place" not in only_partner


def test_the_map_frames_gladsaxe_without_a_zoom_animation(tmp_path):
    """Leaflet drops a view change asked for during a zoom animation (a locate-me tap was lost)."""
    catalog = catalog_with(tmp_path)
    html = render(build_map(catalog, {p.id for p in catalog.places}, TEXTS, NO_TILES))
    west, south, east, north = GLADSAXE_BBOX
    assert f"fitBounds([[{south}, {west}], [{north}, {east}]], {{animate: false}})" in html
    assert html.count("fitBounds(") == 1
