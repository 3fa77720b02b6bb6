"""Corrections replace a place's position in a new catalogue; the shipped files stay untouched."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from shapely.geometry import Point

from geo.corrections import apply_corrections, check_geometry, corrections_stamp
from geo.loading import load_catalog
from geo.records import Correction
from tests import builders

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
NEW_POINT = {"type": "Point", "coordinates": [12.4850, 55.7360]}
NOTES = {"da": "Rettet {date}: {reason} ({source})", "en": "Corrected {date}: {reason} ({source})"}


def correction(place_id: str, geometry: dict, cid: int = 1, accuracy_m: float | None = 40.0) -> Correction:
    return Correction(cid, place_id, geometry, accuracy_m, "Tjekket på stedet", "Besøg", "anna", T0)


@pytest.fixture
def data_dir(tmp_path):
    return builders.write(tmp_path / "data")


def digest(directory) -> str:
    return "".join(hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir()))


def test_corrected_point_replaces_the_shipped_one(data_dir):
    before = digest(data_dir)
    shipped = load_catalog(data_dir)
    fixed = apply_corrections(shipped, {"headspace-gladsaxe": correction("headspace-gladsaxe", NEW_POINT)}, NOTES)

    place = fixed.place("headspace-gladsaxe")
    assert place.geometry.equals(Point(12.4850, 55.7360))
    assert place.props.accuracy_m == 40
    assert place.props.updated == T0.date()
    assert place.props.position_note.da == "Rettet 2026-11-30: Tjekket på stedet (Besøg)"
    assert fixed.places[1] is place  # same order, looked up the same way
    assert fixed.version != shipped.version

    assert shipped.place("headspace-gladsaxe").geometry.equals(Point(12.485, 55.7352))  # the input is unchanged
    assert digest(data_dir) == before  # and so are the files
    assert load_catalog(data_dir).place("headspace-gladsaxe").geometry.equals(Point(12.485, 55.7352))


def test_outline_replaced_by_a_point_becomes_a_point_estimate(data_dir):
    fixed = apply_corrections(load_catalog(data_dir), {"kong-hans-have": correction("kong-hans-have", NEW_POINT)})
    props = fixed.place("kong-hans-have").props
    assert props.geometry_kind == "point_estimate"
    assert props.position_note.da == "Skitseret."  # no templates given: the note is left alone


def test_missing_accuracy_keeps_the_old_one(data_dir):
    fix = correction("kong-hans-have", NEW_POINT, accuracy_m=None)
    assert (
        apply_corrections(load_catalog(data_dir), {"kong-hans-have": fix}).place("kong-hans-have").props.accuracy_m
        == 250
    )


def test_unusable_corrections_are_reported_not_applied(data_dir):
    shipped = load_catalog(data_dir)
    outside = {"type": "Point", "coordinates": [10.0, 56.0]}
    fixed = apply_corrections(
        shipped,
        {
            "kong-hans-have": correction("kong-hans-have", outside),
            "no-such-place": correction("no-such-place", NEW_POINT, 2),
        },
    )
    assert fixed.place("kong-hans-have").geometry.equals(shipped.place("kong-hans-have").geometry)
    problems = [(p.file, p.item_id) for p in fixed.problems]
    assert ("position_corrections", "kong-hans-have") in problems
    assert ("position_corrections", "no-such-place") in problems


def test_no_corrections_gives_the_same_catalogue(data_dir):
    shipped = load_catalog(data_dir)
    assert apply_corrections(shipped, {}) is shipped
    assert corrections_stamp({}) == "none"


def test_stamp_changes_with_a_newer_correction():
    first = {"a": correction("a", NEW_POINT, 1)}
    second = {"a": correction("a", NEW_POINT, 2)}
    assert corrections_stamp(first) != corrections_stamp(second)


@pytest.mark.parametrize(
    ("geometry", "code"),
    [
        (NEW_POINT, None),
        ({"type": "LineString", "coordinates": [[12.48, 55.73], [12.49, 55.74]]}, "wrong_type"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[12.48, 55.73], [12.49, 55.74], [12.49, 55.73], [12.48, 55.74], [12.48, 55.73]]],
            },
            "invalid",
        ),
        ({"type": "Point", "coordinates": [10.0, 56.0]}, "outside_gladsaxe"),
        ("not a geometry", "wrong_type"),
    ],
)
def test_check_geometry(geometry, code):
    assert check_geometry(geometry) == code
