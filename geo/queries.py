"""Spatial questions asked of the places: nearest green areas to a point."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo.crs import geom_to_metric, to_metric


def nearest_green_areas(lon: float, lat: float, places: gpd.GeoDataFrame, limit: int | None = None) -> pd.DataFrame:
    """Green areas sorted by straight-line distance in metres from (lon, lat).

    ``places`` is a frame from :func:`geo.catalog.places_frame` (any CRS that states
    itself); distances are measured in EPSG:25832. Unmapped areas are left out. Returns
    columns ``id``, ``name``, ``distance_m`` (0 inside a polygon), ``accuracy_m``.
    """
    areas = places[(places["kind"] == "green_area") & places.geometry.notna()]
    if areas.empty:
        return pd.DataFrame(columns=["id", "name", "distance_m", "accuracy_m"])
    origin = geom_to_metric(Point(lon, lat))
    metric = to_metric(areas)
    result = pd.DataFrame(
        {
            "id": areas["id"].to_numpy(),
            "name": areas["name"].to_numpy(),
            "distance_m": metric.geometry.distance(origin).to_numpy(),
            "accuracy_m": areas["accuracy_m"].to_numpy(),
        }
    ).sort_values(["distance_m", "id"], kind="stable", ignore_index=True)
    return result.head(limit) if limit else result
