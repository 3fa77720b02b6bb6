"""Filtering places and partnerships by category, partnership and free text."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from geo.catalog import Catalog, Place
from geo.models import Partnership

QUERY_MAX = 100  # characters in a search box


@dataclass(frozen=True)
class Filters:
    categories: frozenset[str] = frozenset()  # empty = all
    partnership_id: str | None = None
    query: str = ""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _place_text(place: Place) -> str:
    p = place.props
    parts = [p.name, p.address or "", p.description.da, p.description.en]
    parts += [m.da + " " + m.en for m in p.measures + p.other_facts]
    return _fold(" ".join(parts))


def _partnership_text(item: Partnership) -> str:
    parts = [item.name.da, item.name.en, item.summary.da, item.summary.en, item.body.da, item.body.en]
    parts += list(item.partners)
    return _fold(" ".join(parts))


def apply_filters(catalog: Catalog, filters: Filters) -> tuple[list[Place], list[Partnership]]:
    """The places and partnerships that pass ``filters``, in data order.

    A place passes a category or partnership filter through the partnerships it belongs
    to; free text matches names, descriptions, addresses, measures, other facts and partner names, and
    a place also matches when the name of one of its partnerships does.
    """
    words = [w for w in _fold(filters.query).split() if w]
    partnerships = []
    for item in catalog.partnerships:
        if filters.categories and item.category not in filters.categories:
            continue
        if filters.partnership_id and item.id != filters.partnership_id:
            continue
        partnerships.append(item)
    allowed = {p.id for p in partnerships}
    folded_names = {p.id: _fold(p.name.da) for p in partnerships}

    def place_ok(place: Place) -> bool:
        own = [pid for pid in place.props.partnership_ids if pid in allowed]
        if (filters.categories or filters.partnership_id) and not own:
            return False
        if not words:
            return True
        text = _place_text(place) + " " + " ".join(folded_names[pid] for pid in own)
        return all(w in text for w in words)

    places = [p for p in catalog.places if place_ok(p)]
    if words:
        place_names = {p.id: _fold(p.props.name) for p in catalog.places}
        partnerships = [
            item
            for item in partnerships
            if all(
                w in _partnership_text(item) + " " + " ".join(place_names.get(pid, "") for pid in item.place_ids)
                for w in words
            )
        ]
    return places, partnerships
