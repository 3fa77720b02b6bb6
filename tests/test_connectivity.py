import math

import geopandas as gpd
import pytest
from shapely.geometry import Polygon, box

from geo.bounds import inside_gladsaxe
from geo.connectivity import connectivity, zones
from geo.crs import METRIC, geom_to_display

X, Y = 720_000.0, 6_180_000.0  # EPSG:25832, inside Gladsaxe


def square(x: float, y: float, size_m: float = 100.0):
    return box(x, y, x + size_m, y + size_m)


@pytest.fixture
def areas() -> gpd.GeoDataFrame:
    """100 m squares 300 m east and 700 m north of the candidate, and two unusable rows."""
    return gpd.GeoDataFrame(
        {"id": ["east", "north", "missing", "empty"]},
        geometry=[square(X + 400, Y), square(X, Y + 800), None, Polygon()],
        crs=METRIC,
    )


def candidate_lonlat(x: float = X, y: float = Y):
    return geom_to_display(square(x, y))


def test_fixtures_lie_inside_gladsaxe(areas):
    assert inside_gladsaxe(candidate_lonlat())
    for geom in areas.geometry.dropna():
        if not geom.is_empty:
            assert inside_gladsaxe(geom_to_display(geom))


def test_nearest_distance_and_count(areas):
    result = connectivity(candidate_lonlat(), areas, radius_m=500)
    assert result.nearest_id == "east"
    assert result.nearest_distance_m == pytest.approx(300.0, abs=1e-6)
    assert result.within_radius_count == 1
    assert result.area_ha == pytest.approx(1.0, rel=1e-6)


def test_radius_counts_every_area_close_enough(areas):
    assert connectivity(candidate_lonlat(), areas, radius_m=750).within_radius_count == 2


def test_touching_area_is_distance_zero(areas):
    touching = candidate_lonlat(X + 300, Y)  # its east edge is the east square's west edge
    result = connectivity(touching, areas)
    assert result.nearest_id == "east"
    assert result.nearest_distance_m == pytest.approx(0.0, abs=1e-6)


def test_no_usable_areas_gives_none(areas):
    unusable = areas[areas["id"].isin(["missing", "empty"])]
    result = connectivity(candidate_lonlat(), unusable)
    assert (result.nearest_id, result.nearest_distance_m, result.within_radius_count) == (
        None,
        None,
        0,
    )
    assert result.area_ha == pytest.approx(1.0, rel=1e-6)


def test_areas_in_another_crs_are_reprojected(areas):
    result = connectivity(candidate_lonlat(), areas.to_crs("EPSG:4326"))
    assert result.nearest_distance_m == pytest.approx(300.0, abs=1e-3)


def test_input_frame_is_not_mutated(areas):
    before = areas.copy()
    connectivity(candidate_lonlat(), areas)
    zones(areas)
    assert areas.crs == before.crs
    assert list(areas.columns) == list(before.columns)
    assert areas.geometry.equals(before.geometry)


def test_frame_without_crs_is_refused(areas):
    no_crs = gpd.GeoDataFrame({"id": ["a"]}, geometry=[square(X, Y)])
    with pytest.raises(ValueError, match="CRS"):
        connectivity(candidate_lonlat(), no_crs)
    with pytest.raises(ValueError, match="CRS"):
        zones(no_crs)


def test_zones_around_a_point_sized_area_are_circles():
    tiny = gpd.GeoDataFrame({"id": ["tiny"]}, geometry=[square(X, Y, 0.1)], crs=METRIC)
    result = zones(tiny, distances_m=(250, 500))
    assert result.crs == "EPSG:4326"
    assert list(result["distance_m"]) == [250, 500]
    areas_m2 = result.to_crs(METRIC).area
    for distance_m, area_m2 in zip(result["distance_m"], areas_m2, strict=True):
        assert area_m2 == pytest.approx(math.pi * distance_m**2, rel=0.01)


def test_zones_dissolve_overlapping_buffers(areas):
    result = zones(areas, distances_m=(250, 500)).to_crs(METRIC)
    assert len(result) == 2
    # The two squares are about 760 m apart: their 250 m zones stay apart, 500 m zones merge.
    assert result.geometry.iloc[0].geom_type == "MultiPolygon"
    assert result.geometry.iloc[1].geom_type == "Polygon"
