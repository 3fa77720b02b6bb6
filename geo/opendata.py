"""The public data as JSON for ``/api/*``, and the validators the routes answer with.

``/api/places.geojson`` serves the public download itself (:func:`geo.export.places_geojson`);
this module adds the partnerships, each document carrying its attribution (from
``data/datasets.yaml``) and the catalogue version. Internal editorial notes
(``open_questions``) stay out. :func:`etag` gives the validator for ``If-None-Match``.
"""

from __future__ import annotations

import hashlib
import json

from geo.catalog import Catalog

_PRIVATE_PARTNERSHIP_FIELDS = {"open_questions"}


def partnerships_json(catalog: Catalog, attribution: str) -> dict:
    """Every partnership with the ids of its places (mapped or not)."""
    items = []
    for partnership in catalog.partnerships:
        item = partnership.model_dump(mode="json", exclude=_PRIVATE_PARTNERSHIP_FIELDS)
        item["place_ids"] = [p.id for p in catalog.places_of(partnership)]
        items.append(item)
    return {"attribution": attribution, "version": catalog.version, "partnerships": items}


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
