"""The one CRS rule: measure in EPSG:25832 (ETRS89 / UTM 32N), show in EPSG:4326."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

METRIC = "EPSG:25832"
DISPLAY = "EPSG:4326"

_TO_METRIC = Transformer.from_crs(DISPLAY, METRIC, always_xy=True)
_TO_DISPLAY = Transformer.from_crs(METRIC, DISPLAY, always_xy=True)


def to_metric(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> gpd.GeoDataFrame | gpd.GeoSeries:
    """Return a copy of ``frame`` in EPSG:25832. Refuses data without a CRS."""
    if frame.crs is None:
        raise ValueError("geometry has no CRS; refusing to guess before measuring")
    return frame.to_crs(METRIC)


def to_display(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> gpd.GeoDataFrame | gpd.GeoSeries:
    """Return a copy of ``frame`` in EPSG:4326 (lon/lat) for the map."""
    if frame.crs is None:
        raise ValueError("geometry has no CRS")
    return frame.to_crs(DISPLAY)


def geom_to_metric(geom: BaseGeometry) -> BaseGeometry:
    """Project one lon/lat (EPSG:4326) shapely geometry to EPSG:25832 metres."""
    return _apply(_TO_METRIC, geom)


def geom_to_display(geom: BaseGeometry) -> BaseGeometry:
    """Project one EPSG:25832 shapely geometry to lon/lat (EPSG:4326)."""
    return _apply(_TO_DISPLAY, geom)


def lonlat_to_metric(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Arrays of EPSG:4326 lon/lat to arrays of EPSG:25832 x/y metres (one vectorised call)."""
    x, y = _TO_METRIC.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def metric_to_lonlat(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Arrays of EPSG:25832 x/y metres to arrays of EPSG:4326 lon/lat (one vectorised call)."""
    lon, lat = _TO_DISPLAY.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(lon), np.asarray(lat)


def _apply(transformer: Transformer, geom: BaseGeometry) -> BaseGeometry:
    def project(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, project)
