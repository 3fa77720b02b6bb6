"""Export: GeoJSON round-trips in EPSG:4326, GeoPackage reads back in EPSG:25832, CSV is inert."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box, mapping, shape

from geo.catalog import load_catalog
from geo.crs import METRIC, geom_to_display
from geo.export import (
    LAYERS,
    areas_frame,
    layer_frames,
    partnerships_table,
    to_csv,
    to_geojson,
    to_geopackage,
)
from geo.gardens import gardens_feature_collection
from geo.records import Candidate
from tests import builders

X, Y = 720_000.0, 6_180_000.0  # EPSG:25832, inside Gladsaxe
T0 = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def catalog(tmp_path):
    return load_catalog(builders.write(tmp_path / "data"))


def candidate(cid: int = 1, size_m: float = 100.0, name: str = "Mosen") -> Candidate:
    geometry = mapping(geom_to_display(box(X, Y, X + size_m, Y + size_m)))
    return Candidate(cid, name, geometry, "candidate", "", "anna", T0, T0)


@pytest.fixture
def layers(catalog):
    gardens = [(12.470468, 55.739564), (12.470478, 55.739570), (12.4800, 55.7450)]  # first two: one cell
    return layer_frames(catalog, [candidate(1), candidate(2, 200.0, "Engen")], gardens)


def test_every_layer_is_there_in_lonlat(layers):
    assert tuple(layers) == LAYERS
    assert all(frame.crs == "EPSG:4326" for frame in layers.values())
    assert [len(layers[name]) for name in LAYERS] == [1, 1, 2, 2]  # two gardens share one 100 m cell


def test_geojson_round_trip_keeps_lonlat_and_properties(layers):
    doc = json.loads(to_geojson(layers["candidates"]))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc  # RFC 7946: always EPSG:4326
    back = gpd.read_file(io.BytesIO(to_geojson(layers["candidates"])))
    assert back.crs == "EPSG:4326"
    assert list(back["name"]) == ["Mosen", "Engen"]
    assert back["area_ha"].tolist() == pytest.approx([1.0, 4.0], rel=1e-3)
    original = layers["candidates"].geometry.iloc[1]
    assert back.geometry.iloc[1].equals_exact(original, tolerance=1e-9)


def test_geopackage_reads_back_in_metres_with_every_layer(tmp_path, layers):
    path = tmp_path / "export.gpkg"
    path.write_bytes(to_geopackage(layers))
    for name in LAYERS:
        back = gpd.read_file(path, layer=name)
        assert back.crs == METRIC, name
        assert len(back) == len(layers[name]), name
    candidates = gpd.read_file(path, layer="candidates")
    assert candidates.geometry.area.tolist() == pytest.approx([10_000.0, 40_000.0], rel=1e-3)
    assert candidates.geometry.iloc[0].bounds[0] == pytest.approx(X, abs=0.01)


def test_geopackage_of_empty_layers_still_has_them(tmp_path, catalog):
    path = tmp_path / "empty.gpkg"
    path.write_bytes(to_geopackage(layer_frames(catalog, [], [])))
    assert len(gpd.read_file(path, layer="candidates")) == 0
    assert gpd.read_file(path, layer="approved_gardens").crs == METRIC


def test_export_does_not_change_the_given_frames(layers):
    before = layers["candidates"].copy()
    to_geopackage(layers)
    to_geojson(layers["candidates"])
    pd.testing.assert_frame_equal(layers["candidates"], before)


def test_areas_measured_in_metres_and_points_have_no_area(catalog):
    frame = areas_frame(catalog)
    assert frame["area_ha"].iloc[0] > 0
    assert frame["measures_count"].iloc[0] == 0


def test_gardens_are_anonymous_grid_cells():
    doc = gardens_feature_collection([(12.47001, 55.74001), (12.47002, 55.74002)])
    [feature] = doc["features"]
    assert feature["properties"] == {"kind": "approved_garden"}
    lon, lat = feature["geometry"]["coordinates"]
    again = gardens_feature_collection([(lon, lat)])["features"][0]["geometry"]["coordinates"]
    assert again == [lon, lat]  # already a cell centre: snapping again does not move it
    assert shape(feature["geometry"]).distance(shape({"type": "Point", "coordinates": [12.47001, 55.74001]})) < 0.001


def test_csv_cells_cannot_run_as_formulas():
    table = pd.DataFrame({"name": ['=HYPERLINK("http://x")', "+45 12 34", "Ane"], "n": [1, 2, 3]})
    text = to_csv(table).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+45 12 34" in text and "\nAne,3" in text.replace("\r", "")
    assert table["name"][0].startswith("=")  # the caller's table is unchanged


def test_partnerships_csv_has_one_row_each(catalog):
    table = partnerships_table(catalog)
    assert list(table["id"]) == ["vild-med-vilje", "headspace-gladsaxe"]
    assert pd.read_csv(io.BytesIO(to_csv(table)), encoding="utf-8-sig")["name_da"].tolist() == [
        "Vild Med Vilje",
        "Vild Med Vilje",
    ]
