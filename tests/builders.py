"""Tiny valid data sets built in code, for breaking one thing at a time."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml

SQUARE = [[12.4906, 55.7494], [12.4930, 55.7494], [12.4930, 55.7506], [12.4906, 55.7506], [12.4906, 55.7494]]


def place(pid: str = "kong-hans-have", **overrides) -> dict:
    props = {
        "id": pid,
        "name": "Kong Hans Have",
        "kind": "green_area",
        "partnership_ids": ["vild-med-vilje"],
        "address": "Kong Hans Allé, 2860 Søborg",
        "accuracy_m": 250,
        "position_grade": "C",
        "position_note": {"da": "Skitseret.", "en": "Sketched."},
        "geometry_kind": "schematic_outline",
        "sources": ["https://www.gladsaxebladet.dk/2020/05/vild-med-vilje/"],
        "updated": "2026-11-26",
        "description": {"da": "Et område.", "en": "An area."},
        "wildness": "ukendt",
        "wildness_note": {"da": "Ikke oplyst.", "en": "Not stated."},
        "measures": [],
    }
    geometry = overrides.pop("geometry", {"type": "Polygon", "coordinates": [SQUARE]})
    props.update(overrides)
    return {"type": "Feature", "geometry": geometry, "properties": props}


def partner_site(pid: str = "headspace-gladsaxe", lon: float = 12.485, lat: float = 55.7352, **overrides) -> dict:
    feature = place(
        pid,
        geometry={"type": "Point", "coordinates": [lon, lat]},
        name="headspace Gladsaxe",
        kind="partner_site",
        partnership_ids=["headspace-gladsaxe"],
        geometry_kind="point_estimate",
        accuracy_m=450,
        wildness=None,
        wildness_note=None,
    )
    for key in ("wildness", "wildness_note"):
        feature["properties"].pop(key)
    feature["properties"].update(overrides)
    return feature


def partnership(pid: str = "vild-med-vilje", place_ids=("kong-hans-have",), **overrides) -> dict:
    entry = {
        "id": pid,
        "name": {"da": "Vild Med Vilje", "en": "Vild Med Vilje"},
        "category": "nature",
        "sdgs": [11, 15],
        "summary": {"da": "Kort.", "en": "Short."},
        "body": {"da": "Længere.", "en": "Longer."},
        "partners": ["Gladsaxe Kommune"],
        "place_ids": list(place_ids),
        "links": [],
        "contact": "natur@gladsaxe.dk",
        "sources": [{"url": "https://www.vildmedvilje.dk/gladsaxe/", "note": "x"}],
        "updated": "2026-11-26",
    }
    entry.update(overrides)
    return entry


def dataset() -> tuple[dict, dict]:
    places = {"type": "FeatureCollection", "features": [place(), partner_site()]}
    partnerships = {
        "partnerships": [
            partnership(),
            partnership("headspace-gladsaxe", ("headspace-gladsaxe",), category="health"),
        ]
    }
    return places, partnerships


def write(directory: Path, places: dict | str | None = None, partnerships: dict | str | None = None) -> Path:
    """Write a data folder; ``None`` means the valid default, a str is written verbatim."""
    default_places, default_partnerships = dataset()
    directory.mkdir(parents=True, exist_ok=True)
    for name, value, default, dump in (
        ("places.geojson", places, default_places, lambda v: json.dumps(v, ensure_ascii=False)),
        ("partnerships.yaml", partnerships, default_partnerships, lambda v: yaml.safe_dump(v, allow_unicode=True)),
    ):
        value = copy.deepcopy(default) if value is None else value
        (directory / name).write_text(value if isinstance(value, str) else dump(value), encoding="utf-8")
    return directory
