"""How a candidate area connects to the existing wild areas.

All measuring happens in EPSG:25832 (metres); inputs may be in any CRS but must have one.
The caller's frames are never modified.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.crs import DISPLAY, METRIC, geom_to_metric, to_metric
from geo.measures import M2_PER_HA

# The zones drawn around the wild areas, nearest first. A candidate counts as connected to the
# areas within the outer zone.
ZONE_DISTANCES_M = (250, 500)
CONNECTED_WITHIN_M = ZONE_DISTANCES_M[-1]
ZONE_QUAD_SEGS = 16  # 64 segments per circle: zone areas within 0.2 % of a true circle


@dataclass(frozen=True)
class Connectivity:
    """A candidate's area (ha, EPSG:25832) and its distances (m) to the existing areas.

    ``nearest_distance_m`` is 0 when the candidate touches or overlaps an area; it and
    ``nearest_id`` are None when there are no areas to compare with.
    """

    area_ha: float
    nearest_id: object | None
    nearest_distance_m: float | None
    within_radius_count: int


def connectivity(
    candidate_lonlat: BaseGeometry, areas: gpd.GeoDataFrame, radius_m: float = CONNECTED_WITHIN_M
) -> Connectivity:
    """Measure a lon/lat (EPSG:4326) candidate against ``areas`` (any CRS, with ``id``).

    Distances are shortest edge-to-edge distances in metres in EPSG:25832;
    ``within_radius_count`` counts areas no more than ``radius_m`` metres away.
    Areas with a missing or empty geometry are skipped.
    """
    if radius_m < 0:
        raise ValueError("radius_m must not be negative")
    if "id" not in areas.columns:
        raise ValueError("areas needs an 'id' column")
    candidate = geom_to_metric(candidate_lonlat)
    area_ha = candidate.area / M2_PER_HA
    usable = _usable_metric(areas)
    if usable.empty:
        return Connectivity(area_ha, None, None, 0)
    distances_m = usable.geometry.distance(candidate)
    nearest = distances_m.idxmin()
    return Connectivity(
        area_ha=area_ha,
        nearest_id=_plain(usable.at[nearest, "id"]),
        nearest_distance_m=float(distances_m[nearest]),
        within_radius_count=int((distances_m <= radius_m).sum()),
    )


def zones(areas: gpd.GeoDataFrame, distances_m: tuple[float, ...] = ZONE_DISTANCES_M) -> gpd.GeoDataFrame:
    """The land within each distance (m) of any area, for drawing; output in EPSG:4326.

    One row per distance, in the order given, with columns ``distance_m`` and ``geometry``
    (the dissolved buffer, built in EPSG:25832). With no usable areas the geometries are
    empty. Gaps between zones show where the network is broken.
    """
    if any(d <= 0 for d in distances_m):
        raise ValueError("distances_m must be positive")
    # The buffer of a union equals the union of the buffers, and is one operation per zone.
    union = shapely.union_all(_usable_metric(areas).geometry.values)
    buffers = [union.buffer(d, quad_segs=ZONE_QUAD_SEGS) for d in distances_m]
    metric = gpd.GeoDataFrame({"distance_m": list(distances_m)}, geometry=buffers, crs=METRIC)
    return metric.to_crs(DISPLAY)


def _usable_metric(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy of ``areas`` in EPSG:25832 without missing or empty geometries."""
    metric = to_metric(areas)
    geoms = metric.geometry.to_numpy()
    return metric[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]


def _plain(value: object) -> object:
    """A numpy scalar as the equivalent Python value (ids end up in JSON and URLs)."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value
