"""Uploads that cost a lot from a few bytes are refused before the expensive work (issue 12, M3).

"Quickly" is asserted by what does not run: each test makes the expensive step (make_valid,
building a shape, reading a GeoPackage layer) raise, so a refusal that came after it would fail.
"""

from __future__ import annotations

import json
import sqlite3

import geopandas as gpd
import pyogrio
import pytest
import shapely
from shapely.geometry import Polygon, box, mapping, shape

from geo import upload_files, upload_guard
from geo.crs import METRIC
from geo.upload import read_candidate_upload
from geo.upload_files import MAX_FEATURES
from geo.upload_guard import MAX_REPAIR_CROSSINGS, MAX_REPAIR_VERTICES, MAX_VERTICES
from tests.hostile import crossing_strokes

X, Y = 720_000.0, 6_180_000.0  # EPSG:25832, inside Gladsaxe


def geojson(*geoms, crs: str = "urn:ogc:def:crs:EPSG::25832") -> bytes:
    features = [{"type": "Feature", "geometry": mapping(g), "properties": {}} for g in geoms]
    doc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": crs}}, "features": features}
    return json.dumps(doc).encode()


def only_problem(result):
    assert result.features == [] and len(result.problems) == 1, result.problems
    return result.problems[0]


@pytest.fixture
def no_repair(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("make_valid ran")

    monkeypatch.setattr(shapely, "make_valid", refuse)


@pytest.fixture
def no_layer_read(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("a GeoPackage layer was read")

    monkeypatch.setattr(pyogrio, "read_dataframe", refuse)


# --- crossing strokes ------------------------------------------------------------------


def test_crossing_strokes_are_refused_before_repair(no_repair):
    data = crossing_strokes()
    assert 12_000 < len(data) < 17_000  # the probe's file was 14.6 KB
    problem = only_problem(read_candidate_upload(data, "strokes.geojson"))
    assert problem.code == "guard.too_tangled_to_repair"
    assert problem.params == {"max": MAX_REPAIR_CROSSINGS}
    assert problem.feature_index == 0


def test_the_strokes_really_cross_thousands_of_times():
    geom = shape(json.loads(crossing_strokes())["features"][0]["geometry"])
    assert not geom.is_valid
    assert upload_guard._crossings_exceed(geom, 5_000)


def test_a_twisted_corner_is_still_repaired():
    ring = [(X, Y), (X + 100, Y), (X + 100, Y + 100), (X, Y + 100), (X + 1, Y - 1), (X, Y)]
    [polygon] = read_candidate_upload(geojson(Polygon(ring)), "a.geojson").features
    assert polygon.repaired


def test_a_large_invalid_outline_is_not_repaired(no_repair):
    # A comb of non-crossing teeth with one small bow tie: few crossings, many vertices.
    count = MAX_REPAIR_VERTICES // 4 + 1
    teeth = [(X + 2 * i + dx, Y + dy) for i in range(count) for dx, dy in ((0, 0), (0, 50), (1, 50), (1, 0))]
    ring = [*teeth, (X + 2 * count, Y - 20), (X - 10, Y - 10), (X - 10, Y - 30)]
    assert not Polygon(ring).is_valid
    assert not upload_guard._crossings_exceed(Polygon(ring), MAX_REPAIR_CROSSINGS)
    problem = only_problem(read_candidate_upload(geojson(Polygon(ring)), "a.geojson"))
    assert problem.code == "guard.too_complex_to_repair"
    assert problem.params["max"] == MAX_REPAIR_VERTICES


# --- counts, vertices and bounds before any shape is built -----------------------------


def test_too_many_vertices_is_counted_before_a_shape_is_built(monkeypatch):
    monkeypatch.setattr(upload_files, "parse_geometry", lambda *_a, **_k: pytest.fail("a shape was built"))
    ring = [[X + i * 0.01, Y + (i % 2)] for i in range(MAX_VERTICES)] + [[X, Y + 100], [X, Y]]
    doc = {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "crs": {"type": "name", "properties": {"name": "EPSG:25832"}},
    }
    problem = only_problem(read_candidate_upload(json.dumps(doc).encode(), "a.geojson"))
    assert problem.code == "guard.too_many_vertices"
    assert problem.params == {"max": MAX_VERTICES}


def test_vertices_are_counted_across_the_whole_file(monkeypatch):
    monkeypatch.setattr(upload_guard, "MAX_VERTICES", 100)
    monkeypatch.setattr(upload_files, "MAX_VERTICES", 100)
    ring = [(X + i, Y + (i % 2) * 10) for i in range(30)] + [(X, Y + 100)]
    shifted = [[(x, y + 200 * k) for x, y in ring] for k in range(4)]  # 4 × 32 > 100
    problem = only_problem(read_candidate_upload(geojson(*[Polygon(r) for r in shifted]), "a.geojson"))
    assert problem.code == "guard.too_many_vertices"


def test_too_many_features_is_counted_before_any_feature_is_read(monkeypatch):
    monkeypatch.setattr(upload_files, "_geojson_feature", lambda *_a: pytest.fail("a feature was read"))
    problem = only_problem(read_candidate_upload(geojson(*[box(X, Y, X + 20, Y + 20)] * (MAX_FEATURES + 1)), "a.json"))
    assert problem.code == "too_many_features"


def test_far_away_tangle_is_refused_by_its_bounding_box(no_repair):
    far = crossing_strokes().replace(b"[12.4", b"[10.4")  # in Jutland, and tangled
    assert only_problem(read_candidate_upload(far, "a.geojson")).code == "outside_gladsaxe"


@pytest.mark.parametrize("value", ["1e308", "-1e308", "123456789012345678901234567890"])
def test_absurd_coordinates_are_outside(value):
    doc = {
        "type": "Polygon",
        "coordinates": [[[X, Y], [float(value), Y], [X, Y + 100], [X, Y]]],
        "crs": {"type": "name", "properties": {"name": "EPSG:25832"}},
    }
    data = json.dumps(doc).encode()
    assert only_problem(read_candidate_upload(data, "a.geojson")).code == "outside_gladsaxe"


@pytest.mark.parametrize("digits", [10, 5_000])
def test_absurd_crs_code_gets_the_bad_crs_message(digits):
    problem = only_problem(
        read_candidate_upload(geojson(box(X, Y, X + 100, Y + 100), crs="EPSG:" + "9" * digits), "a.json")
    )
    assert problem.code == "no_crs"
    assert len(problem.params["crs"]) <= 100


# --- GeoPackages: tables only, a row cap before reading -------------------------------


def real_geopackage(tmp_path, rows: int = 1):
    path = tmp_path / "areas.gpkg"
    geoms = [box(X + 30 * i, Y, X + 30 * i + 20, Y + 20) for i in range(rows)]
    gpd.GeoDataFrame({"name": [f"a{i}" for i in range(rows)]}, geometry=geoms, crs=METRIC).to_file(path, driver="GPKG")
    return path


def add_recursive_view(path, rows: int = 300_000) -> None:
    """Register a view as a feature layer that repeats the table's one row ``rows`` times."""
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE VIEW boom AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
            f"WHERE i < {rows}) SELECT n.i AS fid, a.geom AS geom, a.name AS name FROM n, areas AS a"
        )
        db.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
            "SELECT 'boom', 'features', 'boom', srs_id FROM gpkg_contents WHERE table_name = 'areas'"
        )
        db.execute(
            "INSERT INTO gpkg_geometry_columns SELECT 'boom', column_name, geometry_type_name, srs_id, z, m "
            "FROM gpkg_geometry_columns WHERE table_name = 'areas'"
        )


def test_the_recursive_view_is_a_layer_gdal_would_read(tmp_path):
    path = real_geopackage(tmp_path)
    add_recursive_view(path, rows=1_000)
    assert "boom" in [name for name, _kind in pyogrio.list_layers(path)]
    assert len(pyogrio.read_dataframe(path, layer="boom", max_features=60)) == 60


def test_geopackage_with_a_recursive_view_is_refused_unread(tmp_path, no_layer_read):
    path = real_geopackage(tmp_path)
    add_recursive_view(path)
    data = path.read_bytes()
    assert len(data) < 200_000
    problem = only_problem(read_candidate_upload(data, "areas.gpkg"))
    assert problem.code == "guard.view"
    assert problem.params == {"name": "boom"}


def test_geopackage_rows_are_capped_before_reading(tmp_path, no_layer_read):
    data = real_geopackage(tmp_path, rows=MAX_FEATURES + 5).read_bytes()
    problem = only_problem(read_candidate_upload(data, "areas.gpkg"))
    assert problem.code == "too_many_features"
    assert problem.params["max"] == MAX_FEATURES


def test_a_plain_geopackage_is_still_read(tmp_path):
    result = read_candidate_upload(real_geopackage(tmp_path, rows=3).read_bytes(), "areas.gpkg")
    assert result.ok and len(result.features) == 3


def test_geopackage_whose_contents_table_is_a_view_is_refused(tmp_path, no_layer_read):
    path = real_geopackage(tmp_path)
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE gpkg_contents RENAME TO contents_real")
        db.execute("CREATE VIEW gpkg_contents AS SELECT * FROM contents_real")
    assert only_problem(read_candidate_upload(path.read_bytes(), "areas.gpkg")).code == "guard.view"
