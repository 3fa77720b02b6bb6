"""The small data folder every page test runs on, written in code (never the shipped ``data/``).

A correction to ``data/places.geojson`` or ``data/partnerships.yaml`` must not break a page test,
so the pages read this folder instead (``GLADSAXE_DATA_DIR``, set in conftest.py). It holds what
the app reads from a data folder: places, partnerships and their description (``datasets.yaml``,
with checksums computed from the files as written, so it is always fresh).

Names are made up, so no assertion can pass on the shipped data by accident.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from geo.catalog import PARTNERSHIPS_FILE, PLACES_FILE
from geo.provenance import DATASETS_FILE, file_sha256
from tests.builders import partner_site, partnership, place, write

CONTACT = "vild@kommune.example"
PLACES_TITLE_EN = "Test places: Vild Med Vilje areas and partner sites"
PARTNERSHIPS_CREDIT = "Testdata: partnerskaber"
# The Vild Med Vilje areas; everything but "stien-ved-aaen" is on the map.
GREEN_AREAS = ("engen", "kaeret", "skovbrynet-nord", "skovbrynet-syd", "lindetorvet", "stien-ved-aaen")
PARTNERSHIPS = ("vild-med-vilje", "ungeraadgivningen", "byens-stemme", "genbrugsvaerkstedet")


def _ring(west: float, south: float, east: float, north: float) -> list[list[float]]:
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


def _text(da: str, en: str) -> dict:
    return {"da": da, "en": en}


def _green_area(pid: str, name: str, geometry: dict | None, **props) -> dict:
    mapped = geometry is not None
    return place(
        pid,
        name=name,
        geometry=geometry,
        address=props.pop("address", None),
        partnership_ids=props.pop("partnership_ids", ["vild-med-vilje"]),
        accuracy_m=props.pop("accuracy_m", 300) if mapped else None,
        position_grade="C" if mapped else "none",
        geometry_kind=props.pop("geometry_kind", "point_estimate") if mapped else "unmapped",
        description=_text(f"{name} er et grønt testområde.", f"{name} is a green test area."),
        **props,
    )


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def _other_site(pid: str, name: str, kind: str, partnership_id: str, lon: float, lat: float, **props) -> dict:
    return partner_site(
        pid,
        lon,
        lat,
        name=name,
        kind=kind,
        partnership_ids=[partnership_id],
        address=None,
        description=_text(f"{name} er et teststed.", f"{name} is a test site."),
        **props,
    )


def places() -> dict:
    """Ten places: six green areas (polygons, points, one unmapped) and four other kinds."""
    features = [
        _green_area(
            "engen",
            "Engen",
            {"type": "Polygon", "coordinates": [_ring(12.4906, 55.7494, 12.4930, 55.7506)]},
            partnership_ids=["vild-med-vilje", "byens-stemme"],
            accuracy_m=250,
            geometry_kind="schematic_outline",
            address="Engvej, 2860 Søborg",
            wildness="ukendt",
            other_facts=[
                _text("2019: I maj besluttede byrådet at lade engen gro.", "2019: In May the council decided.")
            ],
        ),
        _green_area(
            "kaeret",
            "Kæret",
            {"type": "Polygon", "coordinates": [_ring(12.4550, 55.7350, 12.4580, 55.7365)]},
            geometry_kind="schematic_outline",
            wildness="delvist",
            measures=[_text("Græsset slås én gang om året.", "The grass is mown once a year.")],
        ),
        _green_area("skovbrynet-nord", "Skovbrynet Nord", _point(12.4470, 55.7650), wildness="ukendt"),
        _green_area("skovbrynet-syd", "Skovbrynet Syd", _point(12.4490, 55.7610), wildness="ukendt"),
        _green_area("lindetorvet", "Lindetorvet", _point(12.5072, 55.7262), accuracy_m=500, wildness="ukendt"),
        _green_area("stien-ved-aaen", "Stien ved Åen", None, wildness="ukendt"),
        _other_site("ungehuset", "Ungehuset", "partner_site", "ungeraadgivningen", 12.4850, 55.7352),
        _other_site(
            "genbrugsvaerkstedet", "Genbrugsværkstedet", "partner_site", "genbrugsvaerkstedet", 12.4750, 55.7280
        ),
        _other_site("letbanestop-nordvej", "Letbanestop Nordvej", "light_rail_stop", "byens-stemme", 12.4937, 55.7467),
        _other_site("bakkeskolen", "Bakkeskolen", "school", "byens-stemme", 12.4700, 55.7450),
    ]
    for feature in features:
        feature["properties"]["position_note"] = _text("Skønnet til testen.", "Estimated for the test.")
    return {"type": "FeatureCollection", "features": features}


def partnerships() -> dict:
    """Four partnerships in four categories; every place belongs to at least one."""
    return {
        "partnerships": [
            partnership(
                "vild-med-vilje",
                GREEN_AREAS,
                name=_text("Vild Med Vilje", "Vild Med Vilje"),
                summary=_text("Mere vild natur i kommunens grønne områder.", "More wild nature in green areas."),
                contact=CONTACT,
            ),
            partnership(
                "ungeraadgivningen",
                ("ungehuset",),
                name=_text("Ungerådgivningen", "The youth counselling"),
                category="health",
                summary=_text("Samtaler for unge.", "Talks for young people."),
                contact=None,
            ),
            partnership(
                "byens-stemme",
                ("engen", "letbanestop-nordvej", "bakkeskolen"),
                name=_text("Byens Stemme", "The town's voice"),
                category="democracy",
                summary=_text("Borgerne er med til at bestemme.", "Residents help decide."),
                contact=None,
            ),
            partnership(
                "genbrugsvaerkstedet",
                ("genbrugsvaerkstedet",),
                name=_text("Genbrugsværkstedet", "The reuse workshop"),
                category="circular_economy",
                summary=_text("Ting repareres og bruges igen.", "Things are mended and used again."),
                contact=None,
            ),
        ]
    }


def _unknown_licence() -> dict:
    return {"name": None, "note": _text("Ukendt: testdata.", "Unknown: test data.")}


def datasets(directory: Path) -> dict:
    """The description of the two files in ``directory``, checksums taken from the files."""
    osm = {
        "what": _text("Stationens punkt.", "The station's point."),
        "source": _text("OpenStreetMap.", "OpenStreetMap."),
        "licence": {"name": "ODbL 1.0", "url": "https://opendatacommons.org/licenses/odbl/1-0/"},
        "attribution": _text("© OpenStreetMap-bidragydere, ODbL", "© OpenStreetMap contributors, ODbL"),
    }
    return {
        "datasets": [
            {
                "file": PLACES_FILE,
                "title": _text("Teststeder: Vild Med Vilje-områder og partnersteder", PLACES_TITLE_EN),
                "source": _text("Skrevet til sidetestene.", "Written for the page tests."),
                "licence": _unknown_licence(),
                "retrieved": "2026-11",
                "attribution": _text("Testdata: steder", "Test data: places"),
                "sha256": file_sha256(directory / PLACES_FILE),
                "parts": [osm],
            },
            {
                "file": PARTNERSHIPS_FILE,
                "title": _text("Testpartnerskaber", "Test partnerships"),
                "source": _text("Skrevet til sidetestene.", "Written for the page tests."),
                "licence": _unknown_licence(),
                "retrieved": "2026-11-26",
                "attribution": _text(PARTNERSHIPS_CREDIT, "Test data: partnerships"),
                "sha256": file_sha256(directory / PARTNERSHIPS_FILE),
            },
        ]
    }


def write_page_data(directory: Path) -> Path:
    """Write the page tests' data folder to ``directory`` and return it."""
    write(directory, places(), partnerships())
    doc = datasets(directory)
    (directory / DATASETS_FILE).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return directory
