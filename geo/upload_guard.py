"""Cheap checks that bound the work an uploaded or drawn geometry can cause, before any of it.

A file of a few kilobytes can still be expensive: 400 strokes that cross one another make
``make_valid`` build tens of thousands of nodes (minutes of CPU), and a GeoPackage can hold a
recursive SQL view that expands to any number of rows when it is read. So, before geometry
work: count features, vertices and the bounding box straight from the parsed file; read only
plain GeoPackage tables, counted with a row cap and a step budget; and repair an invalid outline
only when it is small and crosses itself a few times at most (a twisted corner, not a tangle).

Every refusal is a :class:`Refusal` with a stable problem ``code`` and plain ``params``.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import ProjError
from shapely.geometry.base import BaseGeometry

from geo.bounds import envelope_inside_gladsaxe
from geo.crs import METRIC

MAX_VERTICES = 20_000  # in the whole upload; a detailed municipal outline has a few thousand
MAX_REPAIR_VERTICES = 1_000  # make_valid grows faster than linearly; repairs are for small slips
MAX_REPAIR_CROSSINGS = 50  # a twisted corner crosses once or twice; a tangle thousands of times
CROSSING_BATCH = 64  # segments queried at a time, so counting stops soon after the budget
SQLITE_STEP_BUDGET = 5_000_000  # virtual-machine steps for inspecting one GeoPackage
SQLITE_PROGRESS_EVERY = 10_000
GPKG_TABLES = ("gpkg_contents", "gpkg_geometry_columns", "gpkg_spatial_ref_sys")


class Refusal(Exception):
    """A reason to refuse an upload: a problem ``code`` and its ``params``."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def coordinates_summary(geometry: dict, max_vertices: int = MAX_VERTICES) -> tuple[int, tuple[float, ...]]:
    """(vertex count, (minx, miny, maxx, maxy)) of a GeoJSON Polygon/MultiPolygon, in its own CRS.

    Walks the parsed JSON without building a geometry. Raises ``Refusal("unparseable")`` for a
    malformed coordinates array and ``Refusal("guard.too_many_vertices")`` as soon as the count
    passes ``max_vertices``.
    """
    polygons = [geometry.get("coordinates")] if geometry.get("type") == "Polygon" else geometry.get("coordinates")
    if not isinstance(polygons, list):
        raise Refusal("unparseable", reason="bad coordinates")
    count = 0
    xs_min = ys_min = math.inf
    xs_max = ys_max = -math.inf
    for x, y in _positions(polygons):
        count += 1
        if count > max_vertices:
            raise Refusal("guard.too_many_vertices", max=max_vertices)
        xs_min, xs_max = min(xs_min, x), max(xs_max, x)
        ys_min, ys_max = min(ys_min, y), max(ys_max, y)
    return count, (xs_min, ys_min, xs_max, ys_max)


def _positions(polygons: list) -> Iterator[tuple[float, float]]:
    for polygon in polygons:
        if not isinstance(polygon, list):
            raise Refusal("unparseable", reason="bad coordinates")
        for ring in polygon:
            if not isinstance(ring, list):
                raise Refusal("unparseable", reason="bad coordinates")
            for position in ring:
                if not (isinstance(position, list) and 2 <= len(position) <= 3):
                    raise Refusal("unparseable", reason="bad coordinates")
                x, y = position[0], position[1]
                if not all(_is_number(v) for v in position):
                    raise Refusal("unparseable", reason="bad coordinates")
                yield float(x), float(y)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def bounds_inside_gladsaxe(bounds: tuple[float, ...], crs: CRS) -> bool:
    """True when a bounding box (in ``crs``) can hold a geometry inside the Gladsaxe area.

    Projects only the box (densified edges) to EPSG:25832, so it costs the same for any geometry.
    """
    if not all(math.isfinite(v) for v in bounds):
        return False
    try:
        metric = _to_metric(crs).transform_bounds(bounds[0], bounds[1], bounds[2], bounds[3], densify_pts=21)
    except (ProjError, ValueError, OverflowError):
        return False
    return all(math.isfinite(v) for v in metric) and envelope_inside_gladsaxe(*metric)


@lru_cache(maxsize=16)
def _to_metric(crs: CRS) -> Transformer:
    return Transformer.from_crs(crs, METRIC, always_xy=True)


def repair_refusal(geom: BaseGeometry) -> Refusal | None:
    """Why an invalid outline must not be handed to ``make_valid``, or None when it may be.

    Counts the pairs of its edges that meet although they are not neighbours on one ring,
    stopping as soon as the count passes MAX_REPAIR_CROSSINGS.
    """
    vertices = int(shapely.get_num_coordinates(geom))
    if vertices > MAX_REPAIR_VERTICES:
        return Refusal("guard.too_complex_to_repair", vertices=vertices, max=MAX_REPAIR_VERTICES)
    if _crossings_exceed(geom, MAX_REPAIR_CROSSINGS):
        return Refusal("guard.too_tangled_to_repair", max=MAX_REPAIR_CROSSINGS)
    return None


def _crossings_exceed(geom: BaseGeometry, budget: int) -> bool:
    starts, ends, ring_ids, positions = [], [], [], []
    for ring_id, ring in enumerate(_rings(geom)):
        coords = shapely.get_coordinates(ring)
        if len(coords) < 2:
            continue
        starts.append(coords[:-1])
        ends.append(coords[1:])
        ring_ids.append(np.full(len(coords) - 1, ring_id))
        positions.append(np.arange(len(coords) - 1))
    if not starts:
        return False
    segments = shapely.linestrings(np.stack([np.concatenate(starts), np.concatenate(ends)], axis=1))
    ring_of, position_of = np.concatenate(ring_ids), np.concatenate(positions)
    ring_length = np.bincount(ring_of)
    tree = shapely.STRtree(segments)
    found = 0
    for first in range(0, len(segments), CROSSING_BATCH):
        batch = np.arange(first, min(first + CROSSING_BATCH, len(segments)))
        left, right = tree.query(segments[batch], predicate="intersects")
        left = batch[left]
        keep = left < right  # each pair once, never a segment with itself
        left, right = left[keep], right[keep]
        same_ring = ring_of[left] == ring_of[right]
        gap = np.abs(position_of[left] - position_of[right])
        neighbours = same_ring & ((gap == 1) | (gap == ring_length[ring_of[left]] - 1))
        found += int(np.count_nonzero(~neighbours))
        if found > budget:
            return True
    return False


def _rings(geom: BaseGeometry) -> Iterator[BaseGeometry]:
    for polygon in shapely.get_parts(geom):
        yield polygon.exterior
        yield from polygon.interiors


def geopackage_layers(path: Path, max_rows: int) -> list[str]:
    """The feature tables of a GeoPackage, after checking it holds no SQL view and few rows.

    Opens the file read-only with untrusted-schema protection and a budget of SQLite steps;
    counts each table's rows with a LIMIT, so an oversized table is refused without reading it.
    Raises :class:`Refusal` (``guard.view``, ``too_many_features``, ``unparseable``).
    """
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        raise Refusal("unparseable", reason="not a readable GeoPackage") from None
    steps = [0]

    def over_budget() -> int:
        steps[0] += SQLITE_PROGRESS_EVERY
        return 1 if steps[0] > SQLITE_STEP_BUDGET else 0

    try:
        connection.set_progress_handler(over_budget, SQLITE_PROGRESS_EVERY)
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA query_only = ON")
        return _feature_tables(connection, max_rows)
    except sqlite3.Error:
        raise Refusal("unparseable", reason="not a readable GeoPackage") from None
    finally:
        connection.close()


def _feature_tables(connection: sqlite3.Connection, max_rows: int) -> list[str]:
    kinds = dict(connection.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"))
    views = sorted(name for name, kind in kinds.items() if kind == "view")
    if views:
        raise Refusal("guard.view", name=views[0][:100])
    if any(kinds.get(name) != "table" for name in GPKG_TABLES):
        raise Refusal("unparseable", reason="not a GeoPackage file")
    rows = connection.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'").fetchall()
    tables = [str(name) for (name,) in rows]
    total = 0
    for table in tables:
        if kinds.get(table) != "table":
            raise Refusal("unparseable", reason="a layer has no table")
        quoted = '"' + table.replace('"', '""') + '"'
        (count,) = connection.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {quoted} LIMIT ?)", (max_rows + 1,)
        ).fetchone()
        total += count
        if total > max_rows:
            raise Refusal("too_many_features", count=f"> {max_rows}", max=max_rows)
    return tables
