"""The /embed page and its data, built from a tiny catalogue in code."""

from __future__ import annotations

import dataclasses
import json
import re

from geo.embed import (
    EmbedRequest,
    EmbedTexts,
    content_security_policy,
    embed_data,
    embed_page,
    iframe_snippet,
    tile_source,
)
from geo.escape import script_json
from geo.loading import load_catalog
from geo.maps import TileConfig
from geo.style import GARDEN_STYLE, SELECTED_STYLE, UNCERTAIN_AREA_STYLE, WILDNESS_STYLES
from tests import builders, hostile

TEXTS = EmbedTexts(
    lang="da",
    title="Kort",
    map_label="Kort over steder",
    open_full="Åbn",
    legend_title="Signatur",
    approximate="Omtrentlig",
    wildness={"helt": "Helt", "delvist": "Delvist", "ukendt": "Ukendt"},
    categories={c: c.upper() for c in ("nature", "health", "children_education", "research")}
    | {c: c for c in ("business_innovation", "circular_economy", "democracy")},
    gardens="Haver",
    zoom_in="Ind",
    zoom_out="Ud",
    unknown_place="Ukendt sted",
    unknown_partnership="Ukendt partnerskab",
)
NO_TILES = TileConfig(None, "")


def accuracy(place) -> str:
    return f"±{place.props.accuracy_m} m"


def catalog(tmp_path, places=None, partnerships=None):
    return load_catalog(builders.write(tmp_path, places=places, partnerships=partnerships))


def data_for(cat, request=None, **kwargs):
    return embed_data(cat, request or EmbedRequest(), TEXTS, NO_TILES, accuracy, **kwargs)


def page_json(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="gm-embed">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_features_carry_name_accuracy_and_the_map_s_styles(tmp_path):
    data = data_for(catalog(tmp_path))
    by_id = {f["properties"]["id"]: f for f in data["features"]}
    area = by_id["kong-hans-have"]
    assert area["geometry"]["type"] == "Polygon"
    assert area["properties"]["accuracy"] == "±250 m"
    assert area["properties"]["style"]["fillColor"] == WILDNESS_STYLES["ukendt"]["fillColor"]
    site = by_id["headspace-gladsaxe"]
    assert site["geometry"]["type"] == "Point"
    assert site["properties"]["category"] == "health"
    assert site["properties"]["circle"]["type"] == "Polygon"
    assert data["selected_style"] == SELECTED_STYLE
    assert data["garden_style"] == GARDEN_STYLE
    assert [row["label"] for row in data["legend"]][:4] == ["Helt", "Delvist", "Ukendt", "Omtrentlig"]
    assert data["legend"][-1]["label"] == "HEALTH"


def test_a_green_area_known_as_a_point_is_its_circle_of_uncertainty(tmp_path):
    point_area = builders.place(geometry={"type": "Point", "coordinates": [12.49, 55.75]}, accuracy_m=400)
    cat = catalog(tmp_path, places={"type": "FeatureCollection", "features": [point_area]})
    feature = data_for(cat)["features"][0]
    assert feature["geometry"]["type"] == "Polygon"
    assert feature["properties"]["style"]["dashArray"] == UNCERTAIN_AREA_STYLE["dashArray"]
    lons = [x for x, _ in feature["geometry"]["coordinates"][0]]
    # 400 m in EPSG:25832 is about 0.0064 degrees of longitude at 55.75° N, on each side
    assert 0.0125 < max(lons) - min(lons) < 0.0130


def test_unmapped_places_are_left_out(tmp_path):
    unmapped = builders.partner_site("gladsaxe-skole", geometry=None, accuracy_m=None, position_grade="none")
    unmapped["geometry"] = None
    places = {"type": "FeatureCollection", "features": [builders.place(), unmapped]}
    data = data_for(catalog(tmp_path, places=places))
    assert [f["properties"]["id"] for f in data["features"]] == ["kong-hans-have"]


def test_partnership_shows_only_its_places_and_frames_them(tmp_path):
    cat = catalog(tmp_path)
    data = data_for(cat, EmbedRequest.parse(cat, None, "headspace-gladsaxe"))
    assert [f["properties"]["id"] for f in data["features"]] == ["headspace-gladsaxe"]
    (south, west), (north, east) = data["view"]["bounds"]
    assert south < 55.7352 < north and west < 12.485 < east


def test_place_is_centred_and_selected(tmp_path):
    cat = catalog(tmp_path)
    data = data_for(cat, EmbedRequest.parse(cat, "kong-hans-have", None))
    assert data["selected"] == "kong-hans-have"
    assert data["view"]["zoom"] >= 14
    assert abs(data["view"]["center"][0] - 55.75) < 0.01


def test_unknown_ids_are_dropped_with_a_notice(tmp_path):
    cat = catalog(tmp_path)
    request = EmbedRequest.parse(cat, "<b>nope</b>", "findes-ikke")
    assert request == EmbedRequest(None, None, True, True)
    data = data_for(cat, request)
    assert data["notices"] == ["Ukendt sted", "Ukendt partnerskab"]
    assert len(data["features"]) == 2


def test_hostile_names_never_become_markup(tmp_path):
    places = {
        "type": "FeatureCollection",
        "features": [builders.place(name=hostile.mixed(i), pid=f"p{i}") for i in range(len(hostile.PAYLOADS))],
    }
    partnerships = {"partnerships": [builders.partnership(place_ids=[f"p{i}" for i in range(9)])]}
    cat = catalog(tmp_path, places=places, partnerships=partnerships)
    html = embed_page(data_for(cat), TEXTS)
    body = html.split('id="gm-embed">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body and ">" not in body  # nothing in the data block can open or close a tag
    names = {f["properties"]["name"] for f in page_json(html)["features"]}
    assert names == {hostile.mixed(i) for i in range(len(hostile.PAYLOADS))}  # text kept exactly, as data
    assert html.count("<script") == 3  # the data block, Leaflet, embed.js: nothing else


def test_script_json_cannot_end_its_block():
    text = script_json({"name": "</script><script>alert(1)</script> & <!--"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


def test_page_loads_only_self_hosted_assets(tmp_path):
    html = embed_page(data_for(catalog(tmp_path)), TEXTS)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/app/static/") for s in sources)
    assert '<html lang="da">' in html


def test_tile_source_for_the_content_security_policy():
    assert tile_source(NO_TILES) is None
    assert tile_source(TileConfig.from_env({"GLADSAXE_TILES": "osm"})) == "https://tile.openstreetmap.org"
    assert tile_source(TileConfig("https://{s}.tiles.example.dk:8443/{z}/{x}/{y}.png", "x")) == (
        "https://*.tiles.example.dk:8443"
    )


def test_content_security_policy_allows_only_our_scripts_and_the_tile_host():
    osm = content_security_policy(TileConfig.from_env({"GLADSAXE_TILES": "osm"}), "https://gladsaxe.dk")
    directives = dict(d.strip().split(" ", 1) for d in osm.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["img-src"] == "'self' data: https://tile.openstreetmap.org"
    assert directives["frame-ancestors"] == "https://gladsaxe.dk"
    assert "tile" not in content_security_policy(NO_TILES, "*")


def test_iframe_snippet_points_at_embed_and_escapes_its_attributes():
    snippet = iframe_snippet("https://kort.gladsaxe.dk/", 'Kort "grønt"', "?partnership=vild-med-vilje")
    assert snippet.startswith('<iframe src="https://kort.gladsaxe.dk/embed?partnership=vild-med-vilje"')
    assert 'title="Kort &quot;grønt&quot;"' in snippet


def test_the_data_credit_travels_as_text_for_the_attribution_control(tmp_path):
    credit = "<b>Gladsaxes grønne kort</b> · © OpenStreetMap-bidragydere, ODbL"
    texts = dataclasses.replace(TEXTS, credit=credit)
    catalog = load_catalog(builders.write(tmp_path))
    data = embed_data(catalog, EmbedRequest.parse(catalog, None, None), texts, TileConfig(None, ""), lambda p: "")
    assert data["texts"]["credit"] == credit and data["tiles"] is None
    assert "<b>" not in script_json(data)


def test_places_a_partnership_only_names_are_hollow_and_say_what_they_are(tmp_path):
    places, _ = builders.dataset()
    places["features"].append(
        builders.partner_site(
            "letbanestop-buddinge", 12.4937, 55.7467, name="Letbanestop Buddinge", kind="light_rail_stop"
        )
    )
    catalog = load_catalog(builders.write(tmp_path, places=places))
    texts = EmbedTexts(**{**TEXTS.__dict__, "kinds": {"light_rail_stop": "Letbanestop"}, "legend_named": "Åben figur"})
    data = embed_data(catalog, EmbedRequest(), texts, NO_TILES, accuracy)
    props = {f["properties"]["id"]: f["properties"] for f in data["features"]}
    assert props["letbanestop-buddinge"]["symbol"] == "health-hollow"
    assert props["letbanestop-buddinge"]["name"] == "Letbanestop Buddinge (Letbanestop)"
    assert props["headspace-gladsaxe"]["symbol"] == "health"
    assert 'fill="#ffffff"' in data["symbols"]["health-hollow"]
    assert any(row["label"] == "Åben figur" for row in data["legend"])
