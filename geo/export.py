"""Export for QGIS and spreadsheets: GeoJSON in EPSG:4326, GeoPackage in EPSG:25832, CSV.

Layers: ``areas`` (the Vild Med Vilje areas), ``partner_sites``, ``candidates`` (staff's
candidate and planned areas) and ``approved_gardens`` (anonymous 100 m cells). Corrections are
expected to be applied to the catalogue already. The GeoPackage is written by pyogrio inside a
private temporary folder that is removed afterwards; only bytes leave this module. Nothing
here changes the frames it is given.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import shape

from geo.catalog import Catalog, Place
from geo.crs import DISPLAY, METRIC
from geo.gardens import gardens_frame
from geo.measures import area_ha
from geo.records import Candidate

LAYERS = ("areas", "partner_sites", "candidates", "approved_gardens")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def areas_frame(catalog: Catalog, lang: str = "da") -> gpd.GeoDataFrame:
    """Every Vild Med Vilje area (EPSG:4326), unmapped ones with an empty geometry.

    ``area_ha`` is measured in EPSG:25832 and is 0 for areas known only as a point.
    """
    places = [p for p in catalog.places if p.props.kind == "green_area"]
    rows = [
        {
            **_place_columns(p),
            "wildness": p.props.wildness,
            "measures_count": len(p.props.measures),
            "measures": "; ".join(m.get(lang) for m in p.props.measures),
        }
        for p in places
    ]
    return _with_area(_frame(rows, [p.geometry for p in places]))


def partner_sites_frame(catalog: Catalog, lang: str = "da") -> gpd.GeoDataFrame:
    """Every place that is not a green area (EPSG:4326): partner sites and the schools,
    light-rail stops and districts partnerships name; ``kind`` says which."""
    places = [p for p in catalog.places if p.props.kind != "green_area"]
    rows = [{**_place_columns(p), "partnership_ids": ", ".join(p.props.partnership_ids)} for p in places]
    return _frame(rows, [p.geometry for p in places])


def candidates_frame(candidates: Sequence[Candidate]) -> gpd.GeoDataFrame:
    """Candidate and planned areas (EPSG:4326) with ``area_ha`` measured in EPSG:25832."""
    rows = [
        {
            "id": c.id,
            "name": c.name,
            "status": c.status,
            "note": c.note,
            "created_by": c.created_by,
            "created_at": c.created_at.isoformat(timespec="seconds"),
            "updated_at": c.updated_at.isoformat(timespec="seconds"),
        }
        for c in candidates
    ]
    return _with_area(_frame(rows, [shape(c.geometry) for c in candidates]))


def layer_frames(
    catalog: Catalog,
    candidates: Sequence[Candidate],
    garden_points: Iterable[tuple[float, float]],
    lang: str = "da",
) -> dict[str, gpd.GeoDataFrame]:
    """All export layers by name (see :data:`LAYERS`), each in EPSG:4326."""
    return {
        "areas": areas_frame(catalog, lang),
        "partner_sites": partner_sites_frame(catalog, lang),
        "candidates": candidates_frame(candidates),
        "approved_gardens": gardens_frame(garden_points),
    }


def to_geojson(frame: gpd.GeoDataFrame) -> bytes:
    """An RFC 7946 GeoJSON FeatureCollection in EPSG:4326, UTF-8."""
    doc = json.loads(frame.to_json(na="null", drop_id=True, to_wgs84=True))
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def to_geopackage(layers: dict[str, gpd.GeoDataFrame]) -> bytes:
    """One GeoPackage with a layer per entry, every layer reprojected to EPSG:25832."""
    with tempfile.TemporaryDirectory(prefix="gladsaxe-export-") as tmp:
        path = Path(tmp) / "export.gpkg"
        for name, frame in layers.items():
            frame.to_crs(METRIC).to_file(path, layer=name, driver="GPKG", engine="pyogrio")
        return path.read_bytes()


def partnerships_table(catalog: Catalog, lang: str = "da") -> pd.DataFrame:
    """One row per partnership: names in both languages, category, goals, partners, places."""
    return pd.DataFrame(
        [
            {
                "id": p.id,
                "name_da": p.name.da,
                "name_en": p.name.en,
                "category": p.category,
                "sdgs": ", ".join(str(n) for n in p.sdgs),
                "summary": p.summary.get(lang),
                "partners": "; ".join(p.partners),
                "place_ids": ", ".join(pl.id for pl in catalog.places_of(p)),
                "contact": p.contact or "",
                "sources": " ".join(str(s.url) for s in p.sources),
                "updated": p.updated.isoformat(),
            }
            for p in catalog.partnerships
        ],
        columns=[
            "id",
            "name_da",
            "name_en",
            "category",
            "sdgs",
            "summary",
            "partners",
            "place_ids",
            "contact",
            "sources",
            "updated",
        ],
    )


def to_csv(table: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM, so Excel reads æ, ø, å) with formula-like cells made inert.

    A cell that starts with ``= + - @`` or a tab gets a leading apostrophe, because
    residents' and uploaded text would otherwise run as a formula in a spreadsheet.
    """
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_inert_cell)
    return safe.to_csv(index=False).encode("utf-8-sig")


def _inert_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _place_columns(place: Place) -> dict:
    p = place.props
    return {
        "id": p.id,
        "name": p.name,
        "kind": p.kind,
        "accuracy_m": p.accuracy_m,
        "position_grade": p.position_grade,
        "geometry_kind": p.geometry_kind,
        "updated": p.updated.isoformat(),
    }


def _frame(rows: list[dict], geometries: list) -> gpd.GeoDataFrame:
    columns = list(rows[0]) if rows else []
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns), geometry=geometries, crs=DISPLAY)


def _with_area(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame["area_ha"] = area_ha(frame).round(3)
    return frame
