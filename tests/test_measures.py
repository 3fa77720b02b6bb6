"""Measures are taken in EPSG:25832 whatever CRS the data comes in."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from geo.crs import DISPLAY, METRIC, geom_to_display, geom_to_metric, to_metric
from geo.measures import area_ha, distance_m, geometry_area_ha, total_area_ha

X0, Y0 = 721_000.0, 6_180_000.0  # a spot in Gladsaxe, EPSG:25832


def square(x=X0, y=Y0, side=100.0):
    return box(x, y, x + side, y + side)


def test_100m_square_is_exactly_one_hectare():
    frame = gpd.GeoDataFrame(geometry=[square()], crs=METRIC)
    assert area_ha(frame).iloc[0] == pytest.approx(1.0, abs=1e-12)


def test_unprojected_data_is_reprojected_not_measured_in_degrees():
    metric = gpd.GeoDataFrame(geometry=[square()], crs=METRIC)
    lonlat = metric.to_crs(DISPLAY)
    assert area_ha(lonlat).iloc[0] == pytest.approx(1.0, rel=1e-6)
    with pytest.warns(UserWarning, match="geographic CRS"):
        assert lonlat.geometry.area.iloc[0] < 1e-3  # what a degree-measure would have said


def test_points_and_missing_geometries_have_zero_area():
    frame = gpd.GeoDataFrame(geometry=[Point(X0, Y0), None], crs=METRIC)
    assert list(area_ha(frame)) == [0.0, 0.0]


def test_frame_without_crs_is_refused():
    with pytest.raises(ValueError, match="no CRS"):
        area_ha(gpd.GeoDataFrame(geometry=[square()]))


def test_measuring_does_not_mutate_the_callers_frame():
    frame = gpd.GeoDataFrame(geometry=[square()], crs=METRIC).to_crs(DISPLAY)
    before = frame.geometry.iloc[0].wkt
    area_ha(frame)
    to_metric(frame)
    assert frame.crs == DISPLAY and frame.geometry.iloc[0].wkt == before


def test_distance_between_lonlat_geometries_in_metres():
    a = geom_to_display(Point(X0, Y0))
    b = geom_to_display(Point(X0 + 300, Y0 + 400))
    assert distance_m(a, b) == pytest.approx(500.0, abs=1e-6)


def test_geometry_area_ha_of_lonlat_polygon():
    assert geometry_area_ha(geom_to_display(square(side=200))) == pytest.approx(4.0, rel=1e-6)


def test_round_trip_is_stable():
    p = Point(12.49, 55.74)
    back = geom_to_display(geom_to_metric(p))
    assert back.distance(p) < 1e-9


def test_total_area_of_empty_frame():
    assert total_area_ha(gpd.GeoDataFrame(geometry=[], crs=METRIC)) == 0.0
