"""Checking an uploaded candidate area: a GeoJSON or GeoPackage file of polygons.

All or nothing: when any check fails, the result has problems and no features, so nothing
is half-saved. Every problem has a stable ``code`` (the UI turns it into Danish/English text)
and plain ``params``; none carries a traceback or a server path.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

import pandas as pd
import pyogrio
import pyogrio.errors
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from geo.bounds import inside_gladsaxe
from geo.crs import DISPLAY, METRIC
from geo.geometry import AREA, GeometryProblem, geometry_type, parse_geometry
from geo.measures import M2_PER_HA
from geo.upload_guard import (
    MAX_VERTICES,
    Refusal,
    bounds_inside_gladsaxe,
    coordinates_summary,
    geopackage_layers,
    repair_refusal,
)

MAX_BYTES = 5_000_000
MAX_FEATURES = 50
MIN_AREA_M2 = 10.0
MAX_AREA_HA = 500.0
REPAIR_TOLERANCE = 0.01  # a repair may change the area by at most 1 %
SQLITE_MAGIC = b"SQLite format 3\x00"
GPKG_APPLICATION_IDS = (b"GPKG", b"GP10", b"GP11")  # SQLite header bytes 68-71
# Legacy GeoJSON crs names we accept. Only authority codes: a free-form PROJ string could
# make PROJ read files (+init=...), and nothing in an upload may name a path. EPSG codes have
# at most 9 digits here; a longer one is just another unknown CRS (and never reaches int()).
EPSG_NAME = re.compile(r"(?:urn:ogc:def:crs:)?EPSG:(?:[0-9.]{0,20}:)?(\d{1,9})", re.IGNORECASE)
CRS84_NAMES = ("urn:ogc:def:crs:ogc:1.3:crs84", "ogc:crs84", "crs84")
JSON_SUFFIXES = (".geojson", ".json")
POLYGONAL = AREA
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


@dataclass(frozen=True)
class _RawFeature:
    """A feature as read, before any geometry work; ``bounds`` are in ``crs``."""

    geometry: BaseGeometry | None
    geometry_type: str
    properties: dict[str, str]
    crs: CRS
    bounds: tuple[float, ...] = ()


class _Refused(Exception):
    """Raised by the readers for a problem with the whole file."""

    def __init__(self, code: str, feature_index: int | None = None, **params: Any) -> None:
        super().__init__(code)
        self.problem = UploadProblem(code, params, feature_index)

    @classmethod
    def because(cls, refusal: Refusal, feature_index: int | None = None) -> _Refused:
        return cls(refusal.code, feature_index, **refusal.params)


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
            raw = _read_geojson(data)
        elif suffix == ".gpkg":
            raw = _read_geopackage(data)
        else:
            raise _Refused("unknown_format", extension=suffix)
    except _Refused as refused:
        return _refuse(refused.problem)
    if not raw:
        return _refuse(UploadProblem("empty"))
    features: list[Any] = []
    problems: list[Any] = []
    for index, feature in enumerate(raw):
        result = _check_feature(feature, index)
        (problems if isinstance(result, UploadProblem) else features).append(result)
    return _refuse(*problems) if problems else UploadResult(features, [])


def _refuse(*problems: UploadProblem) -> UploadResult:
    return UploadResult([], list(problems))


def _read_geojson(data: bytes) -> list[_RawFeature]:
    try:
        doc = json.loads(data.decode("utf-8-sig"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise _Refused("unparseable", reason="not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _Refused("unparseable", reason=f"invalid JSON at line {exc.lineno}") from None
    except (ValueError, RecursionError):
        raise _Refused("unparseable", reason="invalid JSON") from None
    if not isinstance(doc, dict):
        raise _Refused("unparseable", reason="not GeoJSON")
    crs = _geojson_crs(doc.get("crs"))
    kind = doc.get("type")
    if kind == "FeatureCollection" and isinstance(doc.get("features"), list):
        items = doc["features"]
    elif kind == "Feature":
        items = [doc]
    elif kind in POLYGONAL:
        items = [{"type": "Feature", "geometry": doc, "properties": {}}]
    else:
        raise _Refused("unparseable", reason="not a GeoJSON FeatureCollection or Feature")
    _check_count(len(items))
    raw, vertices = [], 0
    for index, item in enumerate(items):
        feature, used = _geojson_feature(item, crs, index, MAX_VERTICES - vertices)
        raw.append(feature)
        vertices += used
    return raw


def _check_count(count: int) -> None:
    if count > MAX_FEATURES:
        raise _Refused("too_many_features", count=count, max=MAX_FEATURES)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed in GeoJSON")


def _geojson_crs(member: object) -> CRS:
    """RFC 7946: EPSG:4326, unless the legacy (2008) ``crs`` member names another CRS."""
    if member is None:
        return CRS.from_user_input(DISPLAY)
    name = None
    if isinstance(member, dict) and member.get("type") == "name":
        properties = member.get("properties")
        name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str):
        # "link" CRSs point at files or URLs, which we never follow.
        raise _Refused("no_crs", reason="unsupported crs member")
    epsg = EPSG_NAME.fullmatch(name.strip())
    if epsg:
        try:
            return CRS.from_epsg(int(epsg.group(1)))
        except CRSError:
            pass
    elif name.strip().lower() in CRS84_NAMES:
        return CRS.from_user_input("OGC:CRS84")
    raise _Refused("no_crs", reason="unknown CRS", crs=name[:100])


def _geojson_feature(item: object, crs: CRS, index: int, max_vertices: int) -> tuple[_RawFeature, int]:
    """The feature and its vertex count; its coordinates are counted before a shape is built."""
    if not isinstance(item, dict) or item.get("type") != "Feature":
        raise _Refused("unparseable", index, reason="not a GeoJSON Feature")
    properties = item.get("properties")
    properties = _as_text(properties) if isinstance(properties, dict) else {}
    geometry = item.get("geometry")
    kind = geometry_type(geometry)
    if kind not in POLYGONAL or not isinstance(geometry, dict):
        return _RawFeature(None, str(kind) if kind else "none", properties, crs), 0
    try:
        vertices, bounds = coordinates_summary(geometry, max_vertices)
    except Refusal as refusal:
        if refusal.code == "guard.too_many_vertices":
            raise _Refused(refusal.code, max=MAX_VERTICES) from None
        raise _Refused.because(refusal, index) from None
    try:
        geom = parse_geometry(geometry, POLYGONAL, usable=False)  # validity is checked (and repaired) later
    except GeometryProblem:
        raise _Refused("unparseable", index, reason="bad coordinates") from None
    return _RawFeature(geom, kind, properties, crs, bounds), vertices


def _read_geopackage(data: bytes) -> list[_RawFeature]:
    if not data.startswith(SQLITE_MAGIC) or data[68:72] not in GPKG_APPLICATION_IDS:
        raise _Refused("unparseable", reason="not a GeoPackage file")
    # The upload only ever exists inside this private directory, which is removed afterwards.
    with tempfile.TemporaryDirectory(prefix="gladsaxe-upload-") as tmp:
        path = Path(tmp) / "upload.gpkg"
        path.write_bytes(data)
        try:
            layers = geopackage_layers(path, MAX_FEATURES)
        except Refusal as refusal:
            raise _Refused.because(refusal) from None
        try:
            return _read_gpkg_layers(path, layers)
        except (
            pyogrio.errors.DataSourceError,
            pyogrio.errors.DataLayerError,
            pyogrio.errors.FieldError,
            pyogrio.errors.GeometryError,
            pyogrio.errors.FeatureError,
            pyogrio.errors.CRSError,
            OSError,
            ValueError,
        ):
            raise _Refused("unparseable", reason="not a readable GeoPackage") from None


def _read_gpkg_layers(path: Path, layers: list[str]) -> list[_RawFeature]:
    """Read the given feature tables (already checked to be few rows, no views)."""
    raw: list[_RawFeature] = []
    vertices = 0
    for layer in layers:
        frame = pyogrio.read_dataframe(path, layer=layer, max_features=MAX_FEATURES + 1)
        _check_count(len(raw) + len(frame))
        if frame.empty:
            continue
        if frame.crs is None:
            raise _Refused("no_crs", layer=str(layer))
        vertices += int(shapely.get_num_coordinates(frame.geometry.to_numpy()).sum())
        if vertices > MAX_VERTICES:
            raise _Refused("guard.too_many_vertices", max=MAX_VERTICES)
        records = frame.drop(columns=frame.geometry.name).to_dict("records")
        for geom, record in zip(frame.geometry, records, strict=True):
            kind = geom.geom_type if geom is not None else "none"
            bounds = tuple(geom.bounds) if geom is not None else ()
            raw.append(_RawFeature(geom, kind, _as_text(record), frame.crs, bounds))
    return raw


def _as_text(properties: dict) -> dict[str, str]:
    """Property values as strings, verbatim (never interpreted); missing values become ''."""
    text = {}
    for key, value in properties.items():
        if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
            text[str(key)] = ""
        elif isinstance(value, str):
            text[str(key)] = value
        elif isinstance(value, (dict, list, bool)):
            text[str(key)] = json.dumps(value, ensure_ascii=False)
        else:
            text[str(key)] = str(value)
    return text


def _check_feature(feature: _RawFeature, index: int) -> UploadedPolygon | UploadProblem:
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
