"""Measures in metres and hectares, always computed in EPSG:25832."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from geo.crs import DISPLAY, geom_to_metric, to_metric

M2_PER_HA = 10_000.0


def area_ha(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.Series:
    """Area of each geometry in hectares, measured in EPSG:25832.

    Data in a geographic CRS is reprojected first; degrees are never measured. Points,
    lines and missing geometries have area 0.
    """
    metric = to_metric(frame)
    series = metric.geometry if isinstance(metric, gpd.GeoDataFrame) else metric
    return (series.area / M2_PER_HA).fillna(0.0).rename("area_ha")


def geometry_area_ha(geom_lonlat: BaseGeometry) -> float:
    """Area of one lon/lat (EPSG:4326) geometry in hectares, measured in EPSG:25832."""
    return geom_to_metric(geom_lonlat).area / M2_PER_HA


def distance_m(a_lonlat: BaseGeometry, b_lonlat: BaseGeometry) -> float:
    """Shortest distance in metres between two lon/lat geometries, measured in EPSG:25832."""
    return geom_to_metric(a_lonlat).distance(geom_to_metric(b_lonlat))


def total_area_ha(frame: gpd.GeoDataFrame) -> float:
    """Sum of :func:`area_ha` over a frame, in hectares."""
    return float(area_ha(frame).sum()) if len(frame) else 0.0


__all__ = ["DISPLAY", "M2_PER_HA", "area_ha", "distance_m", "geometry_area_ha", "total_area_ha"]
