"""The sign-up rules: one case per field rule, plus coarsening of locations."""

from __future__ import annotations

import math

import pytest
from shapely.geometry import Point

from geo.crs import geom_to_display, geom_to_metric
from geo.signup import FieldProblem, SignupIn, coarsen, validate_signup

VALID = {
    "kind": "housing_association",
    "name": "Boligselskabet Grønnegården",
    "email": "kontakt@groennegaarden.dk",
    "phone": "+45 39 57 50 00",
    "lon": 12.4712,
    "lat": 55.7391,
    "exact_location_ok": False,
    "size_m2": 2500,
    "wishes": ["compost", "wildflower_meadow"],
    "message": "Vi har en stor plæne.",
    "consent": True,
    "lang": "da",
}
VALID_POINT = (VALID["lon"], VALID["lat"])
COPENHAGEN_CITY_HALL = (12.5683, 55.6761)


def problems_with(**changes) -> list[FieldProblem]:
    data = {key: value for key, value in (VALID | changes).items() if value is not ...}
    signup, problems = validate_signup(data)
    assert (signup is None) == bool(problems)
    return problems


def test_valid_payload_passes() -> None:
    signup, problems = validate_signup(VALID)
    assert problems == []
    assert isinstance(signup, SignupIn)
    assert signup.model_dump() == VALID


def test_minimal_payload_passes_with_defaults() -> None:
    signup, problems = validate_signup({"kind": "other", "name": "Ib", "email": "ib@ib.dk", "consent": True})
    assert problems == []
    assert (signup.phone, signup.lon, signup.lat, signup.size_m2, signup.message) == (None,) * 5
    assert (signup.wishes, signup.exact_location_ok, signup.lang) == ([], False, "da")


# Each case changes one field (``...`` removes it) and expects exactly one problem, on that field.
INVALID = [
    ("kind-missing", {"kind": ...}, "kind", "required", {}),
    ("kind-unknown", {"kind": "park"}, "kind", "invalid_choice", {}),
    ("name-missing", {"name": ...}, "name", "required", {}),
    ("name-blank", {"name": "   "}, "name", "required", {}),
    ("name-too-long", {"name": "x" * 201}, "name", "too_long", {"max": 200}),
    ("name-not-text", {"name": 42}, "name", "not_text", {}),
    ("name-nul", {"name": "Ib\x00"}, "name", "control_chars", {}),
    ("email-missing", {"email": ...}, "email", "required", {}),
    ("email-no-at", {"email": "kontakt.dk"}, "email", "email_shape", {}),
    ("email-two-ats", {"email": "a@b@c.dk"}, "email", "email_shape", {}),
    ("email-no-dot", {"email": "a@localhost"}, "email", "email_shape", {}),
    ("email-space", {"email": "a b@c.dk"}, "email", "email_shape", {}),
    ("email-empty-label", {"email": "a@c..dk"}, "email", "email_shape", {}),
    ("email-too-long", {"email": "a" * 250 + "@b.dk"}, "email", "too_long", {"max": 254}),
    ("phone-letters", {"phone": "39 57 ab"}, "phone", "phone_shape", {}),
    ("phone-no-digits", {"phone": "+()"}, "phone", "phone_shape", {}),
    ("phone-too-long", {"phone": "1" * 41}, "phone", "too_long", {"max": 40}),
    ("lon-text", {"lon": "øst"}, "lon", "not_a_number", {}),
    ("lat-nan", {"lat": math.nan}, "lat", "not_a_number", {}),
    ("lon-bool", {"lon": True}, "lon", "not_a_number", {}),
    ("lat-missing", {"lat": ...}, "location", "half_location", {}),
    ("lon-none", {"lon": None}, "location", "half_location", {}),
    ("outside", {"lon": COPENHAGEN_CITY_HALL[0], "lat": COPENHAGEN_CITY_HALL[1]}, "location", "outside_gladsaxe", {}),
    ("exact-not-bool", {"exact_location_ok": "måske"}, "exact_location_ok", "not_a_boolean", {}),
    ("size-zero", {"size_m2": 0}, "size_m2", "out_of_range", {"min": 0, "max": 5_000_000}),
    ("size-negative", {"size_m2": -3}, "size_m2", "out_of_range", {"min": 0, "max": 5_000_000}),
    ("size-huge", {"size_m2": 5_000_001}, "size_m2", "out_of_range", {"min": 0, "max": 5_000_000}),
    ("size-text", {"size_m2": "stor"}, "size_m2", "not_a_number", {}),
    ("wishes-not-list", {"wishes": "compost"}, "wishes", "not_a_list", {}),
    ("wishes-too-many", {"wishes": [f"w{n}" for n in range(21)]}, "wishes", "too_many", {"max": 20}),
    ("wish-too-long", {"wishes": ["w" * 41]}, "wishes", "too_long", {"max": 40}),
    ("wish-control", {"wishes": ["a\x07"]}, "wishes", "control_chars", {}),
    ("message-too-long", {"message": "x" * 2001}, "message", "too_long", {"max": 2000}),
    ("message-escape-seq", {"message": "\x1b[31mrød"}, "message", "control_chars", {}),
    ("message-carriage-return", {"message": "a\rb"}, "message", "control_chars", {}),
    ("message-c1", {"message": "a\x85b"}, "message", "control_chars", {}),
    ("consent-missing", {"consent": ...}, "consent", "consent_required", {}),
    ("consent-false", {"consent": False}, "consent", "consent_required", {}),
    ("consent-text", {"consent": "true"}, "consent", "consent_required", {}),
    ("lang-unknown", {"lang": "de"}, "lang", "invalid_choice", {}),
    ("unknown-field", {"favourite_colour": "grøn"}, "favourite_colour", "unknown_field", {}),
]


@pytest.mark.parametrize(
    ("changes", "field", "code", "params"), [case[1:] for case in INVALID], ids=[case[0] for case in INVALID]
)
def test_invalid_field_is_reported_alone(changes: dict, field: str, code: str, params: dict) -> None:
    assert problems_with(**changes) == [FieldProblem(field, code, params)]


def test_every_bad_field_is_reported_once() -> None:
    problems = problems_with(
        kind="x",
        name="",
        email="nope",
        phone="abc",
        size_m2=-1,
        message="\x00",
        consent=False,
        lang="fr",
        lon=1.0,
        lat=2.0,
    )
    assert {p.field: p.code for p in problems} == {
        "kind": "invalid_choice",
        "name": "required",
        "email": "email_shape",
        "phone": "phone_shape",
        "size_m2": "out_of_range",
        "message": "control_chars",
        "consent": "consent_required",
        "lang": "invalid_choice",
        "location": "outside_gladsaxe",
    }


@pytest.mark.parametrize("data", [None, [], "kind=company", 42], ids=repr)
def test_a_payload_that_is_not_a_form_is_a_problem_not_a_crash(data) -> None:
    assert validate_signup(data) == (None, [FieldProblem("form", "not_a_form")])


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"name": "  Ib Hansen \n"}, "name", "Ib Hansen"),
        ({"name": "x" * 200}, "name", "x" * 200),
        ({"phone": ""}, "phone", None),
        ({"phone": "(+45) 39-57-50-00"}, "phone", "(+45) 39-57-50-00"),
        ({"message": "linje 1\n\tlinje 2"}, "message", "linje 1\n\tlinje 2"),
        ({"message": "   "}, "message", None),
        ({"size_m2": "1234,5"}, "size_m2", 1234.5),
        ({"size_m2": 5_000_000}, "size_m2", 5_000_000),
        ({"size_m2": ""}, "size_m2", None),
        ({"lang": "en"}, "lang", "en"),
        ({"exact_location_ok": True}, "exact_location_ok", True),
    ],
)
def test_accepted_values_are_kept_as_typed_apart_from_surrounding_space(changes, field, expected) -> None:
    signup, problems = validate_signup(VALID | changes)
    assert problems == []
    assert getattr(signup, field) == expected


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", "${x}", "{{7*7}}", "'; DROP TABLE registrations; --", "&lt;b&gt;"],
)
def test_hostile_text_is_accepted_verbatim_because_escaping_is_the_renderers_job(hostile: str) -> None:
    signup, problems = validate_signup(VALID | {"name": hostile, "message": hostile, "wishes": [hostile]})
    assert problems == []
    assert (signup.name, signup.message, signup.wishes) == (hostile, hostile, [hostile])


def test_no_location_at_all_is_fine() -> None:
    signup, problems = validate_signup(VALID | {"lon": None, "lat": None})
    assert problems == []
    assert signup.stored_location() is None


def test_signup_is_immutable() -> None:
    signup, _ = validate_signup(VALID)
    with pytest.raises(ValueError):
        signup.name = "someone else"


# Coarsening


def _distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return geom_to_metric(Point(a)).distance(geom_to_metric(Point(b)))


def _lonlat_at(x_m: float, y_m: float) -> tuple[float, float]:
    point = geom_to_display(Point(x_m, y_m))
    return point.x, point.y


CELL_X, CELL_Y = 717_800.0, 6_182_500.0  # south-west corner of a 100 m cell in Gladsaxe, EPSG:25832


@pytest.mark.parametrize(("dx", "dy"), [(0.01, 0.01), (99.99, 99.99), (0.01, 99.99), (50, 50), (37, 81)])
def test_coarsen_moves_a_point_at_most_71_m(dx: float, dy: float) -> None:
    point = _lonlat_at(CELL_X + dx, CELL_Y + dy)
    assert _distance_m(coarsen(*point), point) <= 71


def test_points_in_one_cell_coarsen_to_its_centre_and_neighbours_do_not() -> None:
    a = coarsen(*_lonlat_at(CELL_X + 3, CELL_Y + 4))
    b = coarsen(*_lonlat_at(CELL_X + 96, CELL_Y + 97))
    neighbour = coarsen(*_lonlat_at(CELL_X + 103, CELL_Y + 4))
    assert a == b
    assert _distance_m(a, _lonlat_at(CELL_X + 50, CELL_Y + 50)) < 0.001
    assert _distance_m(a, neighbour) == pytest.approx(100, abs=0.01)


def test_coarsen_is_stable_when_applied_twice() -> None:
    once = coarsen(*VALID_POINT)
    assert coarsen(*once) == once


def test_coarsen_refuses_a_non_positive_grid() -> None:
    with pytest.raises(ValueError):
        coarsen(*VALID_POINT, grid_m=0)


def test_stored_location_is_exact_only_with_consent() -> None:
    coarse, _ = validate_signup(VALID)
    exact, _ = validate_signup(VALID | {"exact_location_ok": True})
    assert coarse.stored_location() == coarsen(*VALID_POINT)
    assert exact.stored_location() == VALID_POINT
