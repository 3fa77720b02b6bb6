"""Export: GeoJSON round-trips in EPSG:4326, GeoPackage reads back in EPSG:25832 with one geometry
type per layer, every export carries the attribution, CSV is inert."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import box, mapping, shape

from geo.corrections import apply_corrections
from geo.crs import METRIC, geom_to_display
from geo.export import (
    LAYER_GEOMETRY,
    LAYERS,
    area_points_frame,
    areas_frame,
    inert_cell,
    layer_frames,
    partnerships_table,
    places_geojson,
    to_csv,
    to_geojson,
    to_geopackage,
)
from geo.gardens import gardens_feature_collection
from geo.loading import load_catalog
from geo.records import Candidate, Correction
from tests import builders

X, Y = 720_000.0, 6_180_000.0  # EPSG:25832, inside Gladsaxe
T0 = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


CREDIT = "Gladsaxes grønne kort · © OpenStreetMap-bidragydere, ODbL"


@pytest.fixture
def catalog(tmp_path):
    """One outlined area, one area known only as a point, one unmapped area and a partner site."""
    places, _ = builders.dataset()
    places["features"] += [
        builders.place(
            "punkt-omraade",
            name="Punktet",
            geometry={"type": "Point", "coordinates": [12.4801, 55.7452]},
            geometry_kind="point_estimate",
            accuracy_m=350,
        ),
        builders.place(
            "ukendt-omraade",
            name="Ukendt sted",
            geometry=None,
            geometry_kind="unmapped",
            accuracy_m=None,
            position_grade="none",
        ),
    ]
    catalog = load_catalog(builders.write(tmp_path / "data", places=places))
    assert catalog.problems == ()
    return catalog


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
    assert [len(layers[name]) for name in LAYERS] == [1, 2, 1, 2, 2]  # two gardens share one 100 m cell


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


def test_outlined_areas_are_measured_in_metres_and_points_have_no_area(catalog):
    frame = areas_frame(catalog)
    assert frame["id"].tolist() == ["kong-hans-have"] and frame["area_ha"].iloc[0] > 0
    assert frame["measures_count"].iloc[0] == 0
    points = area_points_frame(catalog)
    assert points["id"].tolist() == ["punkt-omraade", "ukendt-omraade"] and "area_ha" not in points
    assert points.geometry.iloc[1] is None


def test_each_geopackage_layer_has_one_geometry_type(tmp_path, layers):
    """Regression: ``areas`` mixed outlines and points, so GDAL typed the layer Unknown."""
    path = tmp_path / "export.gpkg"
    path.write_bytes(to_geopackage(layers))
    assert dict(pyogrio.list_layers(path)) == LAYER_GEOMETRY
    for name in LAYERS:
        assert pyogrio.read_info(path, layer=name)["geometry_type"] == LAYER_GEOMETRY[name], name
        types = set(gpd.read_file(path, layer=name).geometry.dropna().geom_type)
        assert types <= {LAYER_GEOMETRY[name]}, name


def test_each_geojson_layer_has_one_geometry_type(layers):
    for name in LAYERS:
        doc = json.loads(to_geojson(layers[name]))
        types = {f["geometry"]["type"] for f in doc["features"] if f["geometry"]}
        assert types <= {LAYER_GEOMETRY[name]}, name


def test_every_export_carries_the_attribution(tmp_path, layers):
    assert json.loads(to_geojson(layers["areas"], CREDIT))["attribution"] == CREDIT
    path = tmp_path / "export.gpkg"
    datasets = pd.DataFrame({"file": ["places.geojson"], "licence": [None], "attribution": [CREDIT]})
    path.write_bytes(to_geopackage(layers, CREDIT, datasets))
    for name in LAYERS:
        assert pyogrio.read_info(path, layer=name)["layer_metadata"] == {"DESCRIPTION": CREDIT}, name
    table = pyogrio.read_dataframe(path, layer="datasets", read_geometry=False)
    assert table["attribution"].tolist() == [CREDIT] and table["licence"].isna().all()
    csv = pd.read_csv(io.BytesIO(to_csv(pd.DataFrame({"id": ["a", "b"]}), CREDIT, "Kreditering")), encoding="utf-8-sig")
    assert csv["Kreditering"].tolist() == [CREDIT, CREDIT]


def test_places_geojson_serves_the_corrected_positions(tmp_path, catalog):
    moved = {"type": "Point", "coordinates": [12.4855, 55.7355]}
    correction = Correction(7, "punkt-omraade", moved, 40, "Tjekket", "DAWA", "anna", T0)
    corrected = apply_corrections(catalog, {"punkt-omraade": correction})
    doc = json.loads(places_geojson(corrected, CREDIT))
    assert doc["attribution"] == CREDIT
    feature = next(f for f in doc["features"] if f["properties"]["id"] == "punkt-omraade")
    assert feature["geometry"] == moved and feature["properties"]["accuracy_m"] == 40
    assert next(f for f in doc["features"] if f["properties"]["id"] == "ukendt-omraade")["geometry"] is None
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "places.geojson").write_bytes(places_geojson(corrected))
    (copy / "partnerships.yaml").write_bytes((catalog.sources_dir / "partnerships.yaml").read_bytes())
    again = load_catalog(copy)  # the download is a valid data file again
    assert again.problems == () and again.place("punkt-omraade").geometry.equals(
        corrected.place("punkt-omraade").geometry
    )


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


@pytest.mark.parametrize(
    ("cell", "inert"),
    [
        ("Hansen;=1+1", "Hansen;'=1+1"),  # regression: Danish Excel splits on ";" and ran the second part
        ("Hansen\t=1+1", "Hansen\t'=1+1"),
        ("Hansen; @SUM(A1)", "Hansen;' @SUM(A1)"),
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        (" -2+3", "' -2+3"),
        ("a;b\n+c", "a;b\n'+c"),
        ("Hansen; Jensen", "Hansen; Jensen"),
        ("a-b=c", "a-b=c"),
        ('x;"=1+1', "x;'\"=1+1"),  # regression: written "x;""=1+1", a ";"-reader saw =1+1
        ("x;'=1+1", "x;''=1+1"),
        ('x\t"@SUM(A1)', "x\t'\"@SUM(A1)"),
        ('x\n ""+1', 'x\n\' ""+1'),
        ('"=1+1', "'\"=1+1"),
        ('Hansen; "Jensen"', 'Hansen; "Jensen"'),
    ],
)
def test_formulas_are_inert_at_every_cell_start(cell, inert):
    assert inert_cell(cell) == inert
    [[back]] = pd.read_csv(io.BytesIO(to_csv(pd.DataFrame({"x": [cell]}))), encoding="utf-8-sig", dtype=str).values
    assert back == inert


@pytest.mark.parametrize("name", ['x;"=1+1', 'x; "=1+1', "x;'=1+1", 'x;""+1', 'x;"@SUM(A1)', 'x\t"-1'])
def test_a_reader_splitting_on_semicolons_without_quotes_finds_no_formula(name):
    """The second security probe's case: a Danish spreadsheet splitting each line on ";"."""
    [_heading, line] = to_csv(pd.DataFrame({"name": [name]})).decode("utf-8-sig").splitlines()
    for cell in line.replace("\t", ";").split(";"):
        assert not cell.lstrip(' "').startswith(("=", "+", "-", "@")), (name, line)


def test_csv_headings_and_numbers(catalog):
    text = to_csv(pd.DataFrame({"=bad": ["x"], "n": [-5]})).decode("utf-8-sig")
    assert text.splitlines() == ["'=bad,n", "x,-5"]  # a heading is a cell too; a number stays a number


def test_every_csv_the_app_writes_goes_through_to_csv():
    """One function for every CSV: nothing but geo/export.py calls pandas' writer."""
    repo = Path(__file__).resolve().parent.parent
    offenders = [
        str(path.relative_to(repo))
        for folder in ("app_pages", "ui", "geo")
        for path in (repo / folder).rglob("*.py")
        if ".to_csv(" in path.read_text("utf-8") and path != repo / "geo" / "export.py"
    ]
    assert offenders == []


def test_partnerships_csv_has_one_row_each(catalog):
    table = partnerships_table(catalog)
    assert list(table["id"]) == ["vild-med-vilje", "headspace-gladsaxe"]
    assert pd.read_csv(io.BytesIO(to_csv(table)), encoding="utf-8-sig")["name_da"].tolist() == [
        "Vild Med Vilje",
        "Vild Med Vilje",
    ]
