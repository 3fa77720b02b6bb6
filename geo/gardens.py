"""Approved private gardens as an anonymous public layer: only 100 m grid cells, nothing else.

The storage already snaps each joined garden to the centre of its 100 m cell in EPSG:25832
(:meth:`geo.storage.Storage.approved_garden_points`); the points are snapped again here so this
layer can never show a finer position, whatever it is given. No names, references or contact
details exist in the output, and several gardens in one cell become a single point.
"""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
from shapely.geometry import Point

from geo.crs import DISPLAY
from geo.signup import GRID_M, coarsen_many

KIND = "approved_garden"


def anonymous_cells(points_lonlat: Iterable[tuple[float, float]], grid_m: float = GRID_M) -> list[tuple[float, float]]:
    """Distinct EPSG:4326 (lon, lat) centres of the ``grid_m`` cells holding the given points."""
    return sorted({(round(lon, 7), round(lat, 7)) for lon, lat in coarsen_many(points_lonlat, grid_m)})


def gardens_feature_collection(points_lonlat: Iterable[tuple[float, float]]) -> dict:
    """A GeoJSON FeatureCollection (EPSG:4326) of anonymous garden points for the public map.

    Each feature has only ``{"kind": "approved_garden"}`` as properties.
    """
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": {"kind": KIND}}
        for lon, lat in anonymous_cells(points_lonlat)
    ]
    return {"type": "FeatureCollection", "features": features}


def gardens_frame(points_lonlat: Iterable[tuple[float, float]]) -> gpd.GeoDataFrame:
    """The same anonymous points as a GeoDataFrame in EPSG:4326 (for export)."""
    cells = anonymous_cells(points_lonlat)
    return gpd.GeoDataFrame({"kind": [KIND] * len(cells)}, geometry=[Point(c) for c in cells], crs=DISPLAY)
