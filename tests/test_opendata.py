"""The partnerships document behind /api/partnerships.json and the validators of /api/*."""

from __future__ import annotations

import json

from geo.loading import load_catalog
from geo.opendata import etag, etag_matches, partnerships_json, to_bytes
from tests import builders

ATTRIBUTION = "Gladsaxes grønne kort: partnerskaber"


def catalog(tmp_path):
    return load_catalog(builders.write(tmp_path))


def test_partnerships_list_their_places_and_keep_editorial_notes_out(tmp_path):
    doc = partnerships_json(catalog(tmp_path), ATTRIBUTION)
    by_id = {p["id"]: p for p in doc["partnerships"]}
    assert by_id["headspace-gladsaxe"]["place_ids"] == ["headspace-gladsaxe"]
    assert all("open_questions" not in p for p in doc["partnerships"])
    assert doc["attribution"] == ATTRIBUTION
    assert json.loads(to_bytes(doc)) == doc


def test_etag_is_stable_and_changes_with_the_bytes():
    assert etag(b"a") == etag(b"a") != etag(b"b")
    tag = etag(b"a")
    assert etag_matches(tag, tag)
    assert etag_matches(f'"other", W/{tag}', tag)
    assert etag_matches("*", tag)
    assert not etag_matches('"other"', tag)
    assert not etag_matches(None, tag)
