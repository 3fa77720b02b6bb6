"""Export for QGIS and spreadsheets: GeoJSON in EPSG:4326, GeoPackage in EPSG:25832, CSV.

Layers, each of one geometry type (:data:`LAYER_GEOMETRY`): ``areas`` (Vild Med Vilje areas
with an outline), ``area_points`` (areas known only as a point, and unmapped ones with an
empty geometry), ``partner_sites``, ``candidates`` (staff's candidate and planned areas) and
``approved_gardens`` (anonymous 100 m cells). Corrections are expected to be applied to the
catalogue already. Every export of the data carries the attribution text it is given. The
GeoPackage is written by pyogrio inside a private temporary folder that is removed
afterwards; only bytes leave this module. Nothing here changes the frames it is given.
Every CSV the app writes goes through :func:`to_csv`, which makes formulas inert.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
from shapely.geometry import MultiPolygon, mapping
from shapely.geometry.base import BaseGeometry

from geo.catalog import Catalog, Place
from geo.crs import DISPLAY, METRIC
from geo.gardens import gardens_frame
from geo.geometry import AREA, parse_geometry
from geo.measures import area_ha
from geo.records import Candidate

# One geometry type per layer, so GDAL and QGIS read each as one layer (never "Unknown").
LAYER_GEOMETRY = {
    "areas": "MultiPolygon",
    "area_points": "Point",
    "partner_sites": "Point",
    "candidates": "MultiPolygon",
    "approved_gardens": "Point",
}
LAYERS = tuple(LAYER_GEOMETRY)
ATTRIBUTION_COLUMN = "attribution"
# Excel and LibreOffice run a cell starting with one of these as a formula (CSV injection).
# Danish Excel splits an unquoted line on ";" and a tab also starts a new cell, so the text
# after either counts as the start of a cell too. A reader that splits on ";" without honouring
# the CSV quotes leaves the quote characters in front of the next cell (`x;"=1+1` is written
# `"x;""=1+1"`), and some strip them: spaces and quotes before the formula sign count as nothing.
_FORMULA = re.compile(r"(^|[;\t\r\n])(?=[ \u00a0\"']*[=+\-@\t\r])")


def areas_frame(catalog: Catalog, lang: str = "da") -> gpd.GeoDataFrame:
    """Vild Med Vilje areas with an outline (EPSG:4326, MultiPolygon), ``area_ha`` in EPSG:25832."""
    places = [p for p in _green_areas(catalog) if _is_outline(p.geometry)]
    return _with_area(_frame(_area_rows(places, lang), [_multi(p.geometry) for p in places]))


def area_points_frame(catalog: Catalog, lang: str = "da") -> gpd.GeoDataFrame:
    """Vild Med Vilje areas known only as a point (EPSG:4326), unmapped ones with an empty geometry.

    They have no ``area_ha``: a point says nothing about the size of the area.
    """
    places = [p for p in _green_areas(catalog) if not _is_outline(p.geometry)]
    return _frame(_area_rows(places, lang), [p.geometry for p in places])


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
    return _with_area(_frame(rows, [_multi(parse_geometry(c.geometry, AREA, usable=False)) for c in candidates]))


def layer_frames(
    catalog: Catalog,
    candidates: Sequence[Candidate],
    garden_points: Iterable[tuple[float, float]],
    lang: str = "da",
) -> dict[str, gpd.GeoDataFrame]:
    """All export layers by name (see :data:`LAYERS`), each in EPSG:4326."""
    return {
        "areas": areas_frame(catalog, lang),
        "area_points": area_points_frame(catalog, lang),
        "partner_sites": partner_sites_frame(catalog, lang),
        "candidates": candidates_frame(candidates),
        "approved_gardens": gardens_frame(garden_points),
    }


def to_geojson(frame: gpd.GeoDataFrame, attribution: str = "") -> bytes:
    """An RFC 7946 GeoJSON FeatureCollection in EPSG:4326, UTF-8, with a top-level ``attribution``."""
    doc = json.loads(frame.to_json(na="null", drop_id=True, to_wgs84=True))
    return _geojson_bytes(doc, attribution)


def places_geojson(catalog: Catalog, attribution: str = "") -> bytes:
    """Every place as in ``places.geojson`` (all properties, EPSG:4326), with corrections applied.

    Give it the catalogue the map shows, so a download serves what the map shows.
    """
    features = [
        {
            "type": "Feature",
            "geometry": None if p.geometry is None else mapping(p.geometry),
            "properties": p.props.model_dump(mode="json"),
        }
        for p in catalog.places
    ]
    return _geojson_bytes({"type": "FeatureCollection", "features": features}, attribution)


def _geojson_bytes(doc: dict, attribution: str) -> bytes:
    if attribution:
        doc = {"type": doc["type"], "attribution": attribution, **{k: v for k, v in doc.items() if k != "type"}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def to_geopackage(
    layers: dict[str, gpd.GeoDataFrame], attribution: str = "", datasets: pd.DataFrame | None = None
) -> bytes:
    """One GeoPackage with a layer per entry, every layer reprojected to EPSG:25832.

    Each layer gets the attribution as its description and the geometry type of
    :data:`LAYER_GEOMETRY`; ``datasets`` (one row per data file) is added as a plain table.
    """
    options = {"DESCRIPTION": attribution} if attribution else {}
    with tempfile.TemporaryDirectory(prefix="gladsaxe-export-") as tmp:
        path = Path(tmp) / "export.gpkg"
        for name, frame in layers.items():
            frame.to_crs(METRIC).to_file(
                path,
                layer=name,
                driver="GPKG",
                engine="pyogrio",
                geometry_type=LAYER_GEOMETRY.get(name),
                layer_options=options,
            )
        if datasets is not None:
            pyogrio.write_dataframe(datasets, path, layer="datasets", driver="GPKG")
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


def to_csv(table: pd.DataFrame, attribution: str = "", attribution_column: str = ATTRIBUTION_COLUMN) -> bytes:
    """CSV (UTF-8 with BOM, so Excel reads æ, ø, å) with every text cell and heading made inert.

    The one way the app writes CSV. With ``attribution``, each row carries it in a last column.
    """
    safe = table.copy()
    if attribution:
        safe[attribution_column] = attribution
    safe.columns = [inert_cell(str(c)) for c in safe.columns]
    for column in range(safe.shape[1]):
        values = safe.iloc[:, column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            safe.isetitem(column, values.map(inert_cell))
    return safe.to_csv(index=False).encode("utf-8-sig")


def inert_cell(value: object) -> object:
    """``value`` with an apostrophe before each formula start (``= + - @``, tab, CR).

    Checked at the start of the cell and after every ``;``, tab or line break in it (also
    behind spaces and quote characters),
    because residents' and uploaded text would otherwise run as a formula in a spreadsheet.
    Non-text values are returned unchanged.
    """
    return _FORMULA.sub(r"\1'", value) if isinstance(value, str) else value


def _green_areas(catalog: Catalog) -> list[Place]:
    return [p for p in catalog.places if p.props.kind == "green_area"]


def _is_outline(geometry: BaseGeometry | None) -> bool:
    return geometry is not None and geometry.geom_type in ("Polygon", "MultiPolygon")


def _multi(geometry: BaseGeometry) -> BaseGeometry:
    return MultiPolygon([geometry]) if geometry.geom_type == "Polygon" else geometry


def _area_rows(places: list[Place], lang: str) -> list[dict]:
    return [
        {
            **_place_columns(p),
            "wildness": p.props.wildness,
            "measures_count": len(p.props.measures),
            "measures": "; ".join(m.get(lang) for m in p.props.measures),
        }
        for p in places
    ]


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
