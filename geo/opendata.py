"""The public data as JSON for ``/api/*``: places (GeoJSON, EPSG:4326) and partnerships.

Served exactly as the app shows them, staff position corrections included, each document
carrying its attribution (where the facts come from, under which terms) and the catalogue
version. Internal editorial notes (``open_questions``) stay out. :func:`etag` gives the
validator the routes answer ``If-None-Match`` with.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from shapely.geometry import mapping

from geo.catalog import Catalog, Place

_PRIVATE_PARTNERSHIP_FIELDS = {"open_questions"}


def _place_feature(place: Place) -> dict:
    return {
        "type": "Feature",
        "id": place.id,
        "geometry": mapping(place.geometry) if place.geometry is not None else None,
        "properties": place.props.model_dump(mode="json"),
    }


def places_geojson(catalog: Catalog, attribution: Mapping[str, object]) -> dict:
    """Every place, mapped or not (null geometry), as a GeoJSON FeatureCollection in EPSG:4326.

    ``accuracy_m`` (metres) says how far the true position may lie from the geometry.
    """
    return {
        "type": "FeatureCollection",
        "attribution": dict(attribution),
        "version": catalog.version,
        "features": [_place_feature(p) for p in catalog.places],
    }


def partnerships_json(catalog: Catalog, attribution: Mapping[str, object]) -> dict:
    """Every partnership with the ids of its places (mapped or not)."""
    items = []
    for partnership in catalog.partnerships:
        item = partnership.model_dump(mode="json", exclude=_PRIVATE_PARTNERSHIP_FIELDS)
        item["place_ids"] = [p.id for p in catalog.places_of(partnership)]
        items.append(item)
    return {"attribution": dict(attribution), "version": catalog.version, "partnerships": items}


def to_bytes(document: object) -> bytes:
    """Compact UTF-8 JSON."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def etag(body: bytes) -> str:
    """A strong validator for ``body``: the same bytes always give the same tag."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def etag_matches(if_none_match: str | None, tag: str) -> bool:
    """True when an ``If-None-Match`` header names ``tag`` (weak comparison, as RFC 9110 asks)."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    wanted = tag.removeprefix("W/")
    return any(part.strip().removeprefix("W/") == wanted for part in if_none_match.split(","))
