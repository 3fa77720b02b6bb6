"""Checking an uploaded candidate area: a GeoJSON or GeoPackage file of polygons.

All or nothing: when any check fails, the result has problems and no features, so nothing
is half-saved. Every problem has a stable ``code`` (the UI turns it into Danish/English text)
and plain ``params``; none carries a traceback or a server path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath
from typing import Any

import shapely
from pyproj import CRS, Transformer
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from geo.bounds import inside_gladsaxe
from geo.crs import DISPLAY, METRIC
from geo.measures import M2_PER_HA
from geo.upload_files import POLYGONAL, RawFeature, Refused, read_geojson, read_geopackage
from geo.upload_guard import (
    Refusal,
    bounds_inside_gladsaxe,
    repair_refusal,
)

MAX_BYTES = 5_000_000
MIN_AREA_M2 = 10.0
MAX_AREA_HA = 500.0
REPAIR_TOLERANCE = 0.01  # a repair may change the area by at most 1 %
JSON_SUFFIXES = (".geojson", ".json")
NAME_KEYS = ("name", "navn")


@dataclass(frozen=True)
class UploadProblem:
    """One reason an upload is refused; ``feature_index`` is 0-based, None for the whole file."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    feature_index: int | None = None


@dataclass(frozen=True)
class UploadedPolygon:
    """One accepted polygon: lon/lat geometry (EPSG:4326), area in hectares (EPSG:25832).

    ``properties`` are the file's raw values as strings, for display only: escape them.
    """

    name: str | None
    geometry_lonlat: Polygon | MultiPolygon
    area_ha: float
    repaired: bool
    properties: dict[str, str]


@dataclass(frozen=True)
class UploadResult:
    """Either features (and no problems) or problems (and no features)."""

    features: list[UploadedPolygon]
    problems: list[UploadProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def read_candidate_upload(data: bytes, filename: str, max_bytes: int = MAX_BYTES) -> UploadResult:
    """Read and check an uploaded GeoJSON/GeoPackage of candidate polygons.

    ``filename`` is used only for its extension. Output geometries are EPSG:4326; areas are
    measured in EPSG:25832 and given in hectares. Counts, vertices and bounding boxes are
    checked before any geometry work (see :mod:`geo.upload_guard`).
    """
    if len(data) > max_bytes:
        params = {"size_bytes": len(data), "max_bytes": max_bytes}
        return _refuse(UploadProblem("too_large", params))
    suffix = PurePath(filename).suffix.lower()
    try:
        if suffix in JSON_SUFFIXES:
            raw = read_geojson(data)
        elif suffix == ".gpkg":
            raw = read_geopackage(data)
        else:
            raise Refused("unknown_format", extension=suffix)
    except Refused as refused:
        return _refuse(UploadProblem(refused.code, refused.params, refused.feature_index))
    if not raw:
        return _refuse(UploadProblem("empty"))
    features: list[UploadedPolygon] = []
    problems: list[UploadProblem] = []
    for index, feature in enumerate(raw):
        result = _check_feature(feature, index)
        if isinstance(result, UploadProblem):
            problems.append(result)
        else:
            features.append(result)
    return _refuse(*problems) if problems else UploadResult(features, [])


def _refuse(*problems: UploadProblem) -> UploadResult:
    return UploadResult([], list(problems))


def _check_feature(feature: RawFeature, index: int) -> UploadedPolygon | UploadProblem:
    if feature.geometry_type not in POLYGONAL:
        return UploadProblem("not_polygon", {"geometry_type": feature.geometry_type}, index)
    original = shapely.force_2d(feature.geometry)
    if original.is_empty:
        return UploadProblem("invalid_geometry", {"reason": "empty geometry"}, index)
    if not bounds_inside_gladsaxe(feature.bounds, feature.crs):
        return UploadProblem("outside_gladsaxe", {}, index)
    try:
        geom, repaired = _valid_polygonal(original)
    except Refusal as refusal:
        return UploadProblem(refusal.code, refusal.params, index)
    if geom is None:
        reason = explain_validity(original)
        return UploadProblem("invalid_geometry", {"reason": reason}, index)
    lonlat = _project(geom, feature.crs, DISPLAY)
    if not inside_gladsaxe(lonlat):
        return UploadProblem("outside_gladsaxe", {}, index)
    area_m2 = _project(geom, feature.crs, METRIC).area
    if area_m2 < MIN_AREA_M2:
        params = {"area_m2": round(area_m2, 1), "min_m2": MIN_AREA_M2}
        return UploadProblem("too_small", params, index)
    if area_m2 / M2_PER_HA > MAX_AREA_HA:
        params = {"area_ha": round(area_m2 / M2_PER_HA, 1), "max_ha": MAX_AREA_HA}
        return UploadProblem("too_big", params, index)
    return UploadedPolygon(_name(feature.properties), lonlat, area_m2 / M2_PER_HA, repaired, feature.properties)


def _valid_polygonal(geom: BaseGeometry) -> tuple[BaseGeometry | None, bool]:
    """(geometry, repaired), or (None, False) when it is invalid and cannot be safely repaired.

    A repair is accepted only if its polygonal part keeps the area within REPAIR_TOLERANCE;
    lines or points that make_valid splits off (collapsed spikes) have no area and are dropped.
    Raises :class:`Refusal` when the outline is too complex to repair within budget.
    """
    if geom.is_valid:
        return geom, False
    refusal = repair_refusal(geom)
    if refusal is not None:
        raise refusal
    fixed = shapely.make_valid(geom)
    if fixed.geom_type == "GeometryCollection":
        parts = [p for p in shapely.get_parts(fixed) if p.geom_type in POLYGONAL]
        fixed = shapely.union_all(parts) if parts else Polygon()
    if fixed.is_empty or fixed.geom_type not in POLYGONAL or geom.area == 0:
        return None, False
    if abs(fixed.area - geom.area) > REPAIR_TOLERANCE * geom.area:
        return None, False
    return fixed, True


def _project(geom: BaseGeometry, source: CRS, target: str) -> BaseGeometry:
    if source == CRS.from_user_input(target):
        return geom
    return shapely.transform(geom, _transformer(source, target).transform, interleaved=False)


@lru_cache(maxsize=16)
def _transformer(source: CRS, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def _name(properties: dict[str, str]) -> str | None:
    lowered = {key.lower(): value for key, value in properties.items()}
    for key in NAME_KEYS:
        if lowered.get(key, "").strip():
            return lowered[key].strip()
    return None
