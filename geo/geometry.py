"""The one reader of GeoJSON geometries: a dict in EPSG:4326 becomes a shapely shape, or a
:class:`GeometryProblem` saying why not.

Every caller (the data files, staff corrections, stored candidate areas, uploads, map
previews) reads geometries here and only words the problem its own way.
"""

from __future__ import annotations

from collections.abc import Mapping

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.bounds import inside_gladsaxe

# RFC 7946, section 3.1.
GEOMETRY_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)
POINT_OR_AREA = ("Point", "Polygon", "MultiPolygon")
AREA = ("Polygon", "MultiPolygon")


class GeometryProblem(ValueError):
    """Why a GeoJSON geometry cannot be used.

    ``code`` is one of ``wrong_type`` (not a mapping, or a type not allowed), ``malformed``
    (coordinates shapely cannot read), ``empty``, ``invalid`` (e.g. self-intersecting) and
    ``outside_gladsaxe``; ``detail`` says more in plain English (the type found, shapely's reason,
    or the lat/lon of a point of the shape).
    """

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def geometry_type(raw: object) -> str | None:
    """The ``type`` member of a GeoJSON geometry, or None when ``raw`` is not a mapping."""
    return raw.get("type") if isinstance(raw, Mapping) else None


def parse_geometry(
    raw: object, types: tuple[str, ...] = POINT_OR_AREA, *, usable: bool = True, in_gladsaxe: bool = False
) -> BaseGeometry:
    """The shape of a GeoJSON geometry dict (EPSG:4326 lon/lat degrees, kept as given).

    Refuses (raises :class:`GeometryProblem`) a value that is not a mapping of one of ``types``
    or whose coordinates cannot be read; with ``usable`` also an empty or invalid shape, with
    ``in_gladsaxe`` one not wholly inside the Gladsaxe area (see :mod:`geo.bounds`).
    """
    kind = geometry_type(raw)
    if kind not in types:
        raise GeometryProblem("wrong_type", repr(kind if isinstance(raw, Mapping) else type(raw).__name__))
    try:
        geom = shape(raw)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise GeometryProblem("malformed", str(exc)) from None
    if usable and geom.is_empty:
        raise GeometryProblem("empty")
    if usable and not geom.is_valid:
        raise GeometryProblem("invalid", shapely.is_valid_reason(geom))
    if in_gladsaxe and not inside_gladsaxe(geom):
        lon, lat = geom.representative_point().coords[0]
        raise GeometryProblem("outside_gladsaxe", f"near {lat:.5f}, {lon:.5f}")
    return geom
