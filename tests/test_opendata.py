"""The public data documents behind /api/*: corrected, attributed, with stable validators."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from geo.catalog import load_catalog
from geo.corrections import apply_corrections
from geo.opendata import etag, etag_matches, partnerships_json, places_geojson, to_bytes
from geo.storage import Correction
from tests import builders

ATTRIBUTION = {"source": {"da": "kilder", "en": "sources"}}


def catalog(tmp_path):
    return load_catalog(builders.write(tmp_path))


def test_places_are_geojson_with_attribution_and_every_property(tmp_path):
    doc = places_geojson(catalog(tmp_path), ATTRIBUTION)
    assert doc["type"] == "FeatureCollection"
    assert doc["attribution"] == ATTRIBUTION
    feature = doc["features"][0]
    assert feature["id"] == "kong-hans-have"
    assert feature["properties"]["accuracy_m"] == 250
    assert feature["properties"]["sources"] == ["https://www.gladsaxebladet.dk/2020/05/vild-med-vilje/"]
    assert json.loads(to_bytes(doc))["features"][0]["geometry"]["type"] == "Polygon"


def test_places_carry_staff_corrections(tmp_path):
    shipped = catalog(tmp_path)
    correction = Correction(
        id=7,
        place_id="headspace-gladsaxe",
        geometry={"type": "Point", "coordinates": [12.4801, 55.7301]},
        accuracy_m=20,
        source="GPS on site",
        reason="moved",
        by="anna",
        at=datetime(2026, 11, 30, tzinfo=UTC),
    )
    corrected = apply_corrections(shipped, {"headspace-gladsaxe": correction})
    feature = next(f for f in places_geojson(corrected, ATTRIBUTION)["features"] if f["id"] == "headspace-gladsaxe")
    assert list(feature["geometry"]["coordinates"]) == [12.4801, 55.7301]
    assert feature["properties"]["accuracy_m"] == 20
    assert places_geojson(corrected, ATTRIBUTION)["version"] != places_geojson(shipped, ATTRIBUTION)["version"]


def test_partnerships_list_their_places_and_keep_editorial_notes_out(tmp_path):
    doc = partnerships_json(catalog(tmp_path), ATTRIBUTION)
    by_id = {p["id"]: p for p in doc["partnerships"]}
    assert by_id["headspace-gladsaxe"]["place_ids"] == ["headspace-gladsaxe"]
    assert all("open_questions" not in p for p in doc["partnerships"])
    assert doc["attribution"] == ATTRIBUTION


def test_etag_is_stable_and_changes_with_the_bytes():
    assert etag(b"a") == etag(b"a") != etag(b"b")
    tag = etag(b"a")
    assert etag_matches(tag, tag)
    assert etag_matches(f'"other", W/{tag}', tag)
    assert etag_matches("*", tag)
    assert not etag_matches('"other"', tag)
    assert not etag_matches(None, tag)
