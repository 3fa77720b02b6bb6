"""Nearest green areas: sorted by straight-line distance in metres."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from geo.crs import DISPLAY, METRIC, geom_to_display
from geo.queries import nearest_green_areas

X0, Y0 = 721_000.0, 6_180_000.0


def frame():
    rows = [
        {
            "id": "far",
            "name": "Far",
            "kind": "green_area",
            "accuracy_m": 100,
            "geometry": box(X0 + 1000, Y0, X0 + 1100, Y0 + 100),
        },
        {
            "id": "near",
            "name": "Near",
            "kind": "green_area",
            "accuracy_m": 100,
            "geometry": box(X0 + 200, Y0, X0 + 300, Y0 + 100),
        },
        {"id": "pt", "name": "Point", "kind": "green_area", "accuracy_m": 500, "geometry": Point(X0, Y0 + 600)},
        {"id": "site", "name": "Site", "kind": "partner_site", "accuracy_m": 50, "geometry": Point(X0 + 1, Y0)},
        {"id": "unmapped", "name": "Nowhere", "kind": "green_area", "accuracy_m": None, "geometry": None},
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=METRIC).to_crs(DISPLAY)


def origin():
    return geom_to_display(Point(X0, Y0 + 50))


def test_sorted_by_distance_in_metres_green_areas_only():
    o = origin()
    result = nearest_green_areas(o.x, o.y, frame())
    assert list(result["id"]) == ["near", "pt", "far"]
    assert result["distance_m"].iloc[0] == pytest.approx(200.0, abs=1e-3)
    assert result["distance_m"].iloc[1] == pytest.approx(550.0, abs=1e-3)


def test_limit_and_inside_polygon_is_zero():
    inside = geom_to_display(Point(X0 + 250, Y0 + 50))
    result = nearest_green_areas(inside.x, inside.y, frame(), limit=1)
    assert list(result["id"]) == ["near"] and result["distance_m"].iloc[0] == 0.0


def test_no_green_areas_gives_empty_result():
    f = frame()
    result = nearest_green_areas(12.49, 55.74, f[f["kind"] == "partner_site"])
    assert result.empty and list(result.columns) == ["id", "name", "distance_m", "accuracy_m"]
