"""Reading an uploaded GeoJSON or GeoPackage file into raw features, before any geometry work.

Counts, corner points and bounding boxes are taken here, and a file that cannot be read, names
an unknown CRS or holds too much is refused as a whole (:class:`Refused`); checking each feature
is :mod:`geo.upload`'s job.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyogrio
import pyogrio.errors
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry

from geo.crs import DISPLAY
from geo.geometry import AREA, GeometryProblem, geometry_type, parse_geometry
from geo.upload_guard import MAX_VERTICES, Refusal, coordinates_summary, geopackage_layers

MAX_FEATURES = 50
SQLITE_MAGIC = b"SQLite format 3\x00"
GPKG_APPLICATION_IDS = (b"GPKG", b"GP10", b"GP11")  # SQLite header bytes 68-71
# Legacy GeoJSON crs names we accept. Only authority codes: a free-form PROJ string could
# make PROJ read files (+init=...), and nothing in an upload may name a path. EPSG codes have
# at most 9 digits here; a longer one is just another unknown CRS (and never reaches int()).
EPSG_NAME = re.compile(r"(?:urn:ogc:def:crs:)?EPSG:(?:[0-9.]{0,20}:)?(\d{1,9})", re.IGNORECASE)
CRS84_NAMES = ("urn:ogc:def:crs:ogc:1.3:crs84", "ogc:crs84", "crs84")
POLYGONAL = AREA


@dataclass(frozen=True)
class RawFeature:
    """A feature as read, before any geometry work; ``bounds`` are in ``crs``."""

    geometry: BaseGeometry | None
    geometry_type: str
    properties: dict[str, str]
    crs: CRS
    bounds: tuple[float, ...] = ()


class Refused(Exception):
    """A problem with the whole file (or, with ``feature_index``, with one feature of it)."""

    def __init__(self, code: str, feature_index: int | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.feature_index = feature_index
        self.params = params

    @classmethod
    def because(cls, refusal: Refusal, feature_index: int | None = None) -> Refused:
        return cls(refusal.code, feature_index, **refusal.params)


def read_geojson(data: bytes) -> list[RawFeature]:
    """The features of a GeoJSON file, in the CRS it names (RFC 7946: EPSG:4326 if none)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise Refused("unparseable", reason="not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise Refused("unparseable", reason=f"invalid JSON at line {exc.lineno}") from None
    except (ValueError, RecursionError):
        raise Refused("unparseable", reason="invalid JSON") from None
    if not isinstance(doc, dict):
        raise Refused("unparseable", reason="not GeoJSON")
    crs = _geojson_crs(doc.get("crs"))
    kind = doc.get("type")
    if kind == "FeatureCollection" and isinstance(doc.get("features"), list):
        items = doc["features"]
    elif kind == "Feature":
        items = [doc]
    elif kind in POLYGONAL:
        items = [{"type": "Feature", "geometry": doc, "properties": {}}]
    else:
        raise Refused("unparseable", reason="not a GeoJSON FeatureCollection or Feature")
    _check_count(len(items))
    raw, vertices = [], 0
    for index, item in enumerate(items):
        feature, used = _geojson_feature(item, crs, index, MAX_VERTICES - vertices)
        raw.append(feature)
        vertices += used
    return raw


def _check_count(count: int) -> None:
    if count > MAX_FEATURES:
        raise Refused("too_many_features", count=count, max=MAX_FEATURES)


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
        raise Refused("no_crs", reason="unsupported crs member")
    epsg = EPSG_NAME.fullmatch(name.strip())
    if epsg:
        try:
            return CRS.from_epsg(int(epsg.group(1)))
        except CRSError:
            pass
    elif name.strip().lower() in CRS84_NAMES:
        return CRS.from_user_input("OGC:CRS84")
    raise Refused("no_crs", reason="unknown CRS", crs=name[:100])


def _geojson_feature(item: object, crs: CRS, index: int, max_vertices: int) -> tuple[RawFeature, int]:
    """The feature and its vertex count; its coordinates are counted before a shape is built."""
    if not isinstance(item, dict) or item.get("type") != "Feature":
        raise Refused("unparseable", index, reason="not a GeoJSON Feature")
    properties = item.get("properties")
    properties = _as_text(properties) if isinstance(properties, dict) else {}
    geometry = item.get("geometry")
    kind = geometry_type(geometry)
    if kind not in POLYGONAL or not isinstance(geometry, dict):
        return RawFeature(None, str(kind) if kind else "none", properties, crs), 0
    try:
        vertices, bounds = coordinates_summary(geometry, max_vertices)
    except Refusal as refusal:
        if refusal.code == "guard.too_many_vertices":
            raise Refused(refusal.code, max=MAX_VERTICES) from None
        raise Refused.because(refusal, index) from None
    try:
        geom = parse_geometry(geometry, POLYGONAL, usable=False)  # validity is checked (and repaired) later
    except GeometryProblem:
        raise Refused("unparseable", index, reason="bad coordinates") from None
    return RawFeature(geom, kind, properties, crs, bounds), vertices


def read_geopackage(data: bytes) -> list[RawFeature]:
    """The features of a GeoPackage's feature tables, each in its table's CRS."""
    if not data.startswith(SQLITE_MAGIC) or data[68:72] not in GPKG_APPLICATION_IDS:
        raise Refused("unparseable", reason="not a GeoPackage file")
    # The upload only ever exists inside this private directory, which is removed afterwards.
    with tempfile.TemporaryDirectory(prefix="gladsaxe-upload-") as tmp:
        path = Path(tmp) / "upload.gpkg"
        path.write_bytes(data)
        try:
            layers = geopackage_layers(path, MAX_FEATURES)
        except Refusal as refusal:
            raise Refused.because(refusal) from None
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
            raise Refused("unparseable", reason="not a readable GeoPackage") from None


def _read_gpkg_layers(path: Path, layers: list[str]) -> list[RawFeature]:
    """Read the given feature tables (already checked to be few rows, no views)."""
    raw: list[RawFeature] = []
    vertices = 0
    for layer in layers:
        frame = pyogrio.read_dataframe(path, layer=layer, max_features=MAX_FEATURES + 1)
        _check_count(len(raw) + len(frame))
        if frame.empty:
            continue
        if frame.crs is None:
            raise Refused("no_crs", layer=str(layer))
        vertices += int(shapely.get_num_coordinates(frame.geometry.to_numpy()).sum())
        if vertices > MAX_VERTICES:
            raise Refused("guard.too_many_vertices", max=MAX_VERTICES)
        records = frame.drop(columns=frame.geometry.name).to_dict("records")
        for geom, record in zip(frame.geometry, records, strict=True):
            kind = geom.geom_type if geom is not None else "none"
            bounds = tuple(geom.bounds) if geom is not None else ()
            raw.append(RawFeature(geom, kind, _as_text(record), frame.crs, bounds))
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
