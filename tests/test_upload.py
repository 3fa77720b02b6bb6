import json
import tempfile

import geopandas as gpd
import pytest
from shapely.geometry import Point, Polygon, box, mapping

from geo.crs import METRIC, geom_to_display
from geo.upload import read_candidate_upload
from geo.upload_files import MAX_FEATURES

X, Y = 720_000.0, 6_180_000.0  # EPSG:25832, inside Gladsaxe
CRS_25832 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}}
HOSTILE = "<script>alert(1)</script>"


def square(size_m: float = 100.0, x: float = X, y: float = Y) -> Polygon:
    return box(x, y, x + size_m, y + size_m)


def feature(geom, **properties) -> dict:
    return {"type": "Feature", "geometry": mapping(geom), "properties": properties}


def geojson(*features: dict, crs: dict | None = CRS_25832) -> bytes:
    doc = {"type": "FeatureCollection", "features": list(features)}
    if crs is not None:
        doc["crs"] = crs
    return json.dumps(doc).encode()


def gpkg_bytes(tmp_path, frame: gpd.GeoDataFrame) -> bytes:
    path = tmp_path / "areas.gpkg"
    frame.to_file(path, driver="GPKG")
    return path.read_bytes()


def only_problem(result):
    """The single problem of a refused upload, after checking nothing was accepted."""
    assert result.features == []
    assert not result.ok
    assert len(result.problems) == 1
    return result.problems[0]


# --- accepted uploads ------------------------------------------------------------------


def test_valid_geojson_in_lonlat():
    data = geojson(feature(geom_to_display(square()), navn="Mosen", note="x"), crs=None)
    result = read_candidate_upload(data, "areas.geojson")
    assert result.ok
    [polygon] = result.features
    assert polygon.name == "Mosen"
    assert polygon.area_ha == pytest.approx(1.0, rel=1e-6)
    assert polygon.repaired is False
    assert polygon.properties == {"navn": "Mosen", "note": "x"}
    assert polygon.geometry_lonlat.equals_exact(geom_to_display(square()), tolerance=1e-12)


def test_valid_geojson_with_legacy_crs_member_is_reprojected():
    result = read_candidate_upload(geojson(feature(square(), name="Engen")), "areas.json")
    [polygon] = result.features
    assert polygon.name == "Engen"
    assert polygon.area_ha == pytest.approx(1.0, rel=1e-9)
    lon, lat = polygon.geometry_lonlat.centroid.coords[0]
    assert 12.4 < lon < 12.6
    assert 55.7 < lat < 55.8


def test_valid_geopackage_in_utm(tmp_path):
    frame = gpd.GeoDataFrame(
        {"name": ["Engen", "Kilen"], "trees": [12, 3]},
        geometry=[square(), square(x=X + 500)],
        crs=METRIC,
    )
    result = read_candidate_upload(gpkg_bytes(tmp_path, frame), "Areas.GPKG")
    assert result.ok, result.problems
    assert [p.name for p in result.features] == ["Engen", "Kilen"]
    assert [p.properties["trees"] for p in result.features] == ["12", "3"]
    assert all(p.area_ha == pytest.approx(1.0, rel=1e-9) for p in result.features)


def test_hostile_property_values_are_kept_verbatim_as_strings():
    props = {"name": HOSTILE, "navn": 1, "html": HOSTILE, "n": 3.5, "nested": {"a": [1]}}
    result = read_candidate_upload(geojson(feature(square(), **props)), "areas.geojson")
    [polygon] = result.features
    assert polygon.name == HOSTILE
    assert polygon.properties == {
        "name": HOSTILE,
        "navn": "1",
        "html": HOSTILE,
        "n": "3.5",
        "nested": '{"a": [1]}',
    }


def test_name_is_none_without_name_property():
    [polygon] = read_candidate_upload(geojson(feature(square())), "a.geojson").features
    assert polygon.name is None


def test_geopackage_upload_leaves_no_file_behind(tmp_path, monkeypatch):
    frame = gpd.GeoDataFrame({"name": ["Engen"]}, geometry=[square()], crs=METRIC)
    data = gpkg_bytes(tmp_path, frame)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert read_candidate_upload(data, "a.gpkg").ok
    assert list(scratch.iterdir()) == []


# --- geometry repair -------------------------------------------------------------------


def test_symmetric_bow_tie_is_rejected():
    # Its two lobes cancel out: the ring's own area is 0, so no repair keeps the area.
    bow_tie = Polygon([(X, Y), (X + 100, Y + 100), (X + 100, Y), (X, Y + 100), (X, Y)])
    problem = only_problem(read_candidate_upload(geojson(feature(bow_tie)), "a.geojson"))
    assert problem.code == "invalid_geometry"
    assert problem.params["reason"].startswith("Self-intersection")
    assert problem.feature_index == 0


def test_twisted_corner_is_repaired():
    # A 0.5 m² lobe at one corner of a ~1 ha square: make_valid changes the area by 0.01 %.
    ring = [(X, Y), (X + 100, Y), (X + 100, Y + 100), (X, Y + 100), (X + 1, Y - 1), (X, Y)]
    result = read_candidate_upload(geojson(feature(Polygon(ring))), "a.geojson")
    [polygon] = result.features
    assert polygon.repaired is True
    assert polygon.geometry_lonlat.is_valid
    assert polygon.area_ha == pytest.approx(0.995, rel=1e-3)


def test_collapsed_spike_is_dropped_in_repair():
    ring = [
        (X, Y),
        (X + 100, Y),
        (X + 100, Y + 50),
        (X + 150, Y + 50),
        (X + 100, Y + 50),
        (X + 100, Y + 100),
        (X, Y + 100),
        (X, Y),
    ]
    [polygon] = read_candidate_upload(geojson(feature(Polygon(ring))), "a.geojson").features
    assert polygon.repaired is True
    assert polygon.geometry_lonlat.geom_type == "Polygon"
    assert polygon.area_ha == pytest.approx(1.0, rel=1e-9)


# --- one fixture per problem code ------------------------------------------------------


def test_too_large_is_checked_before_parsing():
    problem = only_problem(read_candidate_upload(b"{" * 11, "a.geojson", max_bytes=10))
    assert problem.code == "too_large"
    assert problem.params == {"size_bytes": 11, "max_bytes": 10}


def test_unknown_format():
    problem = only_problem(read_candidate_upload(geojson(feature(square())), "areas.kml"))
    assert problem.code == "unknown_format"
    assert problem.params == {"extension": ".kml"}


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"{not json", "a.geojson"),
        (b"[1, 2, 3]", "a.json"),
        (b'{"type": "Topology"}', "a.geojson"),
        (b'{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[1]]}}', "a.json"),
        (b'{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": NaN}}', "a.json"),
        (b"\xff\xfe not utf-8", "a.geojson"),
        (b'{"type": "FeatureCollection"}', "a.gpkg"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "a.gpkg"),
    ],
)
def test_unparseable(data, filename):
    problem = only_problem(read_candidate_upload(data, filename))
    assert problem.code == "unparseable"
    assert "Traceback" not in problem.params["reason"]
    assert "/" not in problem.params["reason"]  # no server paths


def test_geopackage_without_crs(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["Engen"]}, geometry=[square()])
    with pytest.warns(UserWarning, match="crs"):
        data = gpkg_bytes(tmp_path, frame)
    assert only_problem(read_candidate_upload(data, "a.gpkg")).code == "no_crs"


@pytest.mark.parametrize(
    "crs",
    [
        {"type": "name", "properties": {"name": "EPSG:999999"}},
        {"type": "name", "properties": {"name": "+init=/etc/passwd"}},
        {"type": "link", "properties": {"href": "file:///etc/passwd", "type": "proj4"}},
    ],
)
def test_geojson_with_unusable_crs_member(crs):
    data = geojson(feature(square()), crs=crs)
    assert only_problem(read_candidate_upload(data, "a.geojson")).code == "no_crs"


def test_empty_geojson():
    assert only_problem(read_candidate_upload(geojson(), "a.geojson")).code == "empty"


def test_empty_geopackage(tmp_path):
    frame = gpd.GeoDataFrame({"name": []}, geometry=[], crs=METRIC)
    data = gpkg_bytes(tmp_path, frame)
    assert only_problem(read_candidate_upload(data, "a.gpkg")).code == "empty"


def test_not_polygon():
    data = geojson(feature(square()), feature(Point(X, Y)))
    problem = only_problem(read_candidate_upload(data, "a.geojson"))
    assert problem.code == "not_polygon"
    assert problem.params == {"geometry_type": "Point"}
    assert problem.feature_index == 1


def test_not_polygon_in_geopackage(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["p"]}, geometry=[Point(X, Y)], crs=METRIC)
    problem = only_problem(read_candidate_upload(gpkg_bytes(tmp_path, frame), "a.gpkg"))
    assert problem.code == "not_polygon"


def test_outside_gladsaxe():
    aarhus = box(10.20, 56.15, 10.21, 56.16)
    problem = only_problem(read_candidate_upload(geojson(feature(aarhus), crs=None), "a.json"))
    assert problem.code == "outside_gladsaxe"


def test_too_small():
    problem = only_problem(read_candidate_upload(geojson(feature(square(3))), "a.geojson"))
    assert problem.code == "too_small"
    assert problem.params["area_m2"] == pytest.approx(9.0)


def test_too_big():
    big = square(2_300, x=715_000, y=6_181_000)  # 529 ha, inside the Gladsaxe area
    problem = only_problem(read_candidate_upload(geojson(feature(big)), "a.geojson"))
    assert problem.code == "too_big"
    assert problem.params["area_ha"] == pytest.approx(529.0)


def test_too_many_features():
    many = [feature(square(10, x=X + 20 * i)) for i in range(MAX_FEATURES + 1)]
    problem = only_problem(read_candidate_upload(geojson(*many), "a.geojson"))
    assert problem.code == "too_many_features"
    assert problem.params == {"count": MAX_FEATURES + 1, "max": MAX_FEATURES}


def test_one_bad_feature_refuses_the_whole_upload():
    data = geojson(feature(square(), name="fine"), feature(square(3), name="tiny"))
    problem = only_problem(read_candidate_upload(data, "a.geojson"))
    assert (problem.code, problem.feature_index) == ("too_small", 1)
