"""Loading and validating the data: every problem kind names file, id and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from geo.catalog import places_frame
from geo.loading import load_catalog
from tests import builders

REPO = Path(__file__).resolve().parent.parent

GREEN_AREAS = {
    "kong-hans-have",
    "hoeje-gladsaxe-park",
    "raadhusparken",
    "wergelandsparken",
    "soeborg-park-alle",
    "aldershvile-slotspark-1",
    "aldershvile-slotspark-2",
    "soeborg-torv",
    "bagsvaerd-soepark",
    "bagsvaerdvej-ud-for-moellegaarden",
}
PARTNER_SITES = {
    "verdensmaalshuset",
    "headspace-gladsaxe",
    "genbrugslopperne",
    "gladsaxe-genbrugsstation",
    "gladsaxe-raadhus",
}
SCHOOLS = {"stengaard-skole", "gladsaxe-skole", "soeborg-skole"}
LIGHT_RAIL_STOPS = {
    "letbanestop-gammelmosevej",
    "letbanestop-buddinge",
    "letbanestop-gladsaxe-raadhus",
    "letbanestop-gladsaxevej",
    "letbanestop-gladsaxe-trafikplads",
    "letbanestop-dynamovej",
}
PARTNERSHIPS = {
    "phd-verdensmaal-lokalt",
    "verdensmaalshuset",
    "unicef-boernevenlig-kommune",
    "koebenhavns-professionshoejskole",
    "boblberg",
    "gladsaxe-erhvervsby",
    "headspace-gladsaxe",
    "abc-mental-sundhed",
    "borgerinddragelse",
    "aktion-verdensmaal",
    "vild-med-vilje",
    "foredrag-verdensmaal",
    "life-fonden",
    "genbrugslopperne",
    "copenhagen-life-science",
}


def test_shipped_data_validates_and_holds_every_place_and_partnership():
    catalog = load_catalog(REPO / "data")
    assert [str(p) for p in catalog.problems] == []
    kinds = {p.id: p.props.kind for p in catalog.places}
    assert GREEN_AREAS <= {k for k, v in kinds.items() if v == "green_area"}
    assert PARTNER_SITES == {k for k, v in kinds.items() if v == "partner_site"}
    assert SCHOOLS == {k for k, v in kinds.items() if v == "school"}
    assert LIGHT_RAIL_STOPS == {k for k, v in kinds.items() if v == "light_rail_stop"}
    assert {k for k, v in kinds.items() if v == "district"} == {"moerkhoej"}
    assert {p.id for p in catalog.partnerships} == PARTNERSHIPS
    assert catalog.place("soeborg-park-alle").geometry is None
    assert catalog.place("gladsaxe-skole").geometry is None
    assert catalog.place("wergelandsparken").geometry.geom_type == "Point"
    assert catalog.place("kong-hans-have").geometry.geom_type == "Polygon"


def test_shipped_data_every_feature_carries_source_and_accuracy():
    catalog = load_catalog(REPO / "data")
    for place in catalog.places:
        assert place.props.sources, place.id
        assert place.geometry is None or place.props.accuracy_m is not None, place.id


def test_valid_builder_dataset_has_no_problems(tmp_path):
    catalog = load_catalog(builders.write(tmp_path))
    assert catalog.problems == ()
    assert len(catalog.places) == 2


def test_area_is_computed_in_hectares_from_geometry(tmp_path):
    frame = places_frame(load_catalog(builders.write(tmp_path)))
    area = frame.set_index("id").loc["kong-hans-have", "area_ha"]
    assert 2.0 < area < 2.2  # ~151 m x 133 m
    assert frame.set_index("id").loc["headspace-gladsaxe", "area_ha"] == 0.0


def _only_problem(directory):
    catalog = load_catalog(directory)
    assert len(catalog.problems) >= 1, "expected a problem"
    return catalog, catalog.problems


def test_invalid_json_names_file_and_position(tmp_path):
    _, problems = _only_problem(builders.write(tmp_path, places='{"type": "FeatureCollection", "features": [}'))
    assert problems[0].file == "places.geojson"
    assert "not valid JSON" in problems[0].message and "line 1" in problems[0].message


def test_invalid_yaml_names_file(tmp_path):
    _, problems = _only_problem(builders.write(tmp_path, partnerships="partnerships:\n  - id: [unclosed\n"))
    assert any(p.file == "partnerships.yaml" and "not valid YAML" in p.message for p in problems)


def test_missing_file_is_named(tmp_path):
    directory = builders.write(tmp_path)
    (directory / "partnerships.yaml").unlink()
    _, problems = _only_problem(directory)
    assert any(p.file == "partnerships.yaml" and "not found" in p.message for p in problems)


def test_missing_field_names_file_id_and_field(tmp_path):
    places, _ = builders.dataset()
    del places["features"][0]["properties"]["accuracy_m"]
    places["features"][0]["properties"].pop("name")
    catalog, problems = _only_problem(builders.write(tmp_path, places=places))
    assert any(p.file == "places.geojson" and p.item_id == "kong-hans-have" and p.field == "name" for p in problems)
    assert "kong-hans-have" not in {p.id for p in catalog.places}
    assert "headspace-gladsaxe" in {p.id for p in catalog.places}  # the valid rest is served


def test_wrong_type_names_field(tmp_path):
    places, _ = builders.dataset()
    places["features"][1]["properties"]["accuracy_m"] = "about 400"
    _, problems = _only_problem(builders.write(tmp_path, places=places))
    assert any(p.item_id == "headspace-gladsaxe" and p.field == "accuracy_m" for p in problems)


def test_bad_slug_is_reported(tmp_path):
    places, _ = builders.dataset()
    places["features"][1]["properties"]["id"] = "Headspace Gladsaxe"
    _, problems = _only_problem(builders.write(tmp_path, places=places))
    assert any(p.field == "id" and "slug" in p.message for p in problems)


def test_unknown_partnership_id_names_place_and_field(tmp_path):
    places, _ = builders.dataset()
    places["features"][1]["properties"]["partnership_ids"] = ["headspace-gladsaxe", "no-such-thing"]
    catalog, problems = _only_problem(builders.write(tmp_path, places=places))
    problem = next(p for p in problems if p.field == "partnership_ids")
    assert problem.item_id == "headspace-gladsaxe" and "no-such-thing" in problem.message
    assert catalog.place("headspace-gladsaxe").props.partnership_ids == ("headspace-gladsaxe",)


def test_unknown_place_id_names_partnership_and_field(tmp_path):
    _, partnerships = builders.dataset()
    partnerships["partnerships"][0]["place_ids"] = ["kong-hans-have", "atlantis"]
    _, problems = _only_problem(builders.write(tmp_path, partnerships=partnerships))
    problem = next(p for p in problems if p.field == "place_ids")
    assert problem.file == "partnerships.yaml" and problem.item_id == "vild-med-vilje" and "atlantis" in problem.message


def test_self_intersecting_polygon_is_reported(tmp_path):
    bowtie = [[12.49, 55.749], [12.493, 55.751], [12.493, 55.749], [12.49, 55.751], [12.49, 55.749]]
    places, _ = builders.dataset()
    places["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [bowtie]}
    catalog, problems = _only_problem(builders.write(tmp_path, places=places))
    problem = next(p for p in problems if p.field == "geometry")
    assert problem.item_id == "kong-hans-have" and "Self-intersection" in problem.message
    assert catalog.place("kong-hans-have") is None


def test_coordinates_outside_gladsaxe_are_reported(tmp_path):
    places, _ = builders.dataset()
    places["features"][1]["geometry"] = {"type": "Point", "coordinates": [12.5683, 55.6761]}  # Rådhuspladsen, Kbh.
    _, problems = _only_problem(builders.write(tmp_path, places=places))
    problem = next(p for p in problems if p.field == "geometry")
    assert problem.item_id == "headspace-gladsaxe" and "outside the Gladsaxe area" in problem.message


def test_swapped_lat_lon_is_outside(tmp_path):
    places, _ = builders.dataset()
    places["features"][1]["geometry"] = {"type": "Point", "coordinates": [55.7352, 12.485]}
    _, problems = _only_problem(builders.write(tmp_path, places=places))
    assert any(p.field == "geometry" for p in problems)


def test_duplicate_ids_are_reported(tmp_path):
    places, partnerships = builders.dataset()
    places["features"].append(builders.partner_site())
    partnerships["partnerships"].append(builders.partnership())
    _, problems = _only_problem(builders.write(tmp_path, places=places, partnerships=partnerships))
    assert any(p.file == "places.geojson" and p.item_id == "headspace-gladsaxe" and p.field == "id" for p in problems)
    assert any(p.file == "partnerships.yaml" and p.item_id == "vild-med-vilje" and p.field == "id" for p in problems)


def test_unsupported_geometry_type(tmp_path):
    places, _ = builders.dataset()
    places["features"][1]["geometry"] = {"type": "LineString", "coordinates": [[12.48, 55.73], [12.49, 55.74]]}
    _, problems = _only_problem(builders.write(tmp_path, places=places))
    assert any(p.field == "geometry" and "LineString" in p.message for p in problems)


def test_mapped_place_needs_accuracy(tmp_path):
    places, _ = builders.dataset()
    places["features"][1]["properties"]["accuracy_m"] = None
    _, problems = _only_problem(builders.write(tmp_path, places=places))
    assert any(p.item_id == "headspace-gladsaxe" and p.field == "accuracy_m" for p in problems)


def test_green_area_needs_wildness(tmp_path):
    places, _ = builders.dataset()
    places["features"][0]["properties"].pop("wildness")
    _, problems = _only_problem(builders.write(tmp_path, places=places))
    assert any(p.item_id == "kong-hans-have" and p.field == "wildness" for p in problems)


@pytest.mark.parametrize("field,value", [("wildness", "delvist"), ("measures", [{"da": "x", "en": "x"}])])
def test_only_green_areas_carry_wildness_and_measures(tmp_path, field, value):
    places, _ = builders.dataset()
    places["features"].append(
        builders.partner_site("soeborg-skole", name="Søborg Skole", kind="school", **{field: value})
    )
    catalog, problems = _only_problem(builders.write(tmp_path, places=places))
    problem = next(p for p in problems if p.item_id == "soeborg-skole")
    assert problem.field == field and "school" in problem.message
    assert catalog.place("soeborg-skole") is None


@pytest.mark.parametrize("kind", ["school", "light_rail_stop", "district"])
def test_places_a_partnership_names_have_their_own_kind(tmp_path, kind):
    places, _ = builders.dataset()
    places["features"][1]["properties"]["kind"] = kind
    places["features"][1]["properties"]["other_facts"] = [{"da": "Planlagt til 2025.", "en": "Planned for 2025."}]
    catalog = load_catalog(builders.write(tmp_path, places=places))
    assert catalog.problems == ()
    assert catalog.place("headspace-gladsaxe").props.kind == kind


def test_not_a_feature_collection(tmp_path):
    _, problems = _only_problem(builders.write(tmp_path, places={"type": "Feature"}))
    assert "FeatureCollection" in problems[0].message


def test_problem_str_names_everything():
    from geo.problems import Problem

    assert str(Problem("places.geojson", "x", "accuracy_m", "is missing")) == (
        "places.geojson, id 'x', field 'accuracy_m': is missing"
    )


@pytest.mark.parametrize("broken", [True, False])
def test_validate_cli_exit_code(tmp_path, broken):
    places, _ = builders.dataset()
    if broken:
        places["features"][0]["properties"]["kind"] = "forest"
    directory = builders.write(tmp_path, places=places)
    result = subprocess.run(
        [sys.executable, "-m", "geo.validate", str(directory)], cwd=REPO, capture_output=True, text=True
    )
    if broken:
        assert result.returncode == 1
        assert "places.geojson, id 'kong-hans-have', field 'kind'" in result.stdout
        assert "Traceback" not in result.stdout + result.stderr
    else:
        assert result.returncode == 0 and "OK: 2 places" in result.stdout
