"""The storage contract: every test here runs on SQLite and on PostgreSQL (see conftest)."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

import pytest
from shapely.geometry import Point
from sqlalchemy import create_engine, func, select

from geo.crs import geom_to_metric
from geo.signup import SignupIn, coarsen
from geo.storage import REPO_ROOT, Storage, StorageUnavailable, database_url
from geo.storage.schema import status_changes
from tests.concurrently import at_once

HOME = (12.4712, 55.7391)  # a point inside Gladsaxe, EPSG:4326
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[12.46, 55.73], [12.47, 55.73], [12.47, 55.74], [12.46, 55.74], [12.46, 55.73]]],
}
T0 = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def signup(**changes) -> SignupIn:
    fields = {"kind": "private_garden", "name": "Karen Madsen", "email": "karen@example.dk", "consent": True}
    return SignupIn(**(fields | changes))


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return geom_to_metric(Point(a)).distance(geom_to_metric(Point(b)))


# Sign-ups


def test_saved_signup_reads_back_with_consent_and_retention(storage: Storage) -> None:
    form = signup(phone="+45 39 57 50 00", size_m2=450, wishes=["compost", "bird_box"], message="Hej")
    saved = storage.save_signup(form, "key-1", now=T0)
    reg = storage.get_signup(saved.ref)
    assert saved.is_new
    assert reg == saved.signup
    assert re.fullmatch(r"VMV-[2-9A-Z]{4}-[2-9A-Z]{4}", reg.ref)
    assert (reg.kind, reg.name, reg.email, reg.phone) == (
        "private_garden",
        "Karen Madsen",
        "karen@example.dk",
        form.phone,
    )
    assert (reg.size_m2, reg.wishes, reg.message, reg.lang) == (450, ("compost", "bird_box"), "Hej", "da")
    assert (reg.consent_at, reg.consent_version, reg.status) == (T0, "2026-11.2", "new")
    assert reg.created_at == T0
    assert reg.retention_until == datetime(2028, 11, 20, 9, 30, tzinfo=UTC)


def test_consent_version_is_recorded(storage: Storage) -> None:
    saved = storage.save_signup(signup(), "key-1", consent_version="2027-03")
    assert storage.get_signup(saved.ref).consent_version == "2027-03"


def test_timestamps_come_back_as_utc(storage: Storage) -> None:
    copenhagen_winter = timezone(timedelta(hours=1))
    saved = storage.save_signup(signup(), "key-1", now=datetime(2026, 11, 20, 10, 30, tzinfo=copenhagen_winter))
    reg = storage.get_signup(saved.ref)
    assert reg.created_at == T0 and reg.created_at.tzinfo == UTC


def test_retention_is_24_calendar_months(storage: Storage) -> None:
    leap_day = datetime(2028, 2, 29, 12, tzinfo=UTC)
    saved = storage.save_signup(signup(), "key-1", now=leap_day)
    assert saved.signup.retention_until == datetime(2030, 2, 28, 12, tzinfo=UTC)


def test_hostile_and_danish_text_is_stored_verbatim(storage: Storage) -> None:
    name = "<script>alert(1)</script> Søren Ærø"
    message = "${x} {{7*7}} '; DROP TABLE registrations; --\nlinje 2\tslut"
    saved = storage.save_signup(signup(name=name, message=message), "key-1")
    reg = storage.get_signup(saved.ref)
    assert (reg.name, reg.message) == (name, message)


def test_get_accepts_a_reference_typed_loosely_and_misses_unknown_ones(storage: Storage) -> None:
    saved = storage.save_signup(signup(), "key-1")
    assert storage.get_signup(f"  {saved.ref.lower()} ") == saved.signup
    assert storage.get_signup("VMV-0000-0000") is None


def test_list_is_newest_first_and_filters(storage: Storage) -> None:
    old = storage.save_signup(signup(kind="company", name="Grøn Bolig A/S"), "k1", now=T0)
    new = storage.save_signup(signup(name="Åse Ørsted"), "k2", now=T0 + timedelta(days=1))
    storage.update_status(new.ref, "contacted", "ringet op", "staff")
    assert [r.ref for r in storage.list_signups()] == [new.ref, old.ref]
    assert [r.ref for r in storage.list_signups(kind="company")] == [old.ref]
    assert [r.ref for r in storage.list_signups(status="contacted")] == [new.ref]
    assert [r.ref for r in storage.list_signups(search="ØRSTED")] == [new.ref]
    assert [r.ref for r in storage.list_signups(search=old.ref.lower())] == [old.ref]
    assert storage.list_signups(status="joined") == []


def test_update_status_keeps_the_last_note_and_the_history(storage: Storage) -> None:
    ref = storage.save_signup(signup(), "key-1", now=T0).ref
    storage.update_status(ref, "contacted", "mail sendt", "anna", now=T0 + timedelta(days=1))
    updated = storage.update_status(ref, "joined", "med fra maj", "bo", now=T0 + timedelta(days=2))
    assert (updated.status, updated.status_note, updated.status_updated_by) == ("joined", "med fra maj", "bo")
    assert updated.status_updated_at == T0 + timedelta(days=2)
    assert [(c.status, c.note, c.by) for c in storage.status_history(ref)] == [
        ("joined", "med fra maj", "bo"),
        ("contacted", "mail sendt", "anna"),
    ]


def test_update_status_refuses_unknown_status_and_reports_unknown_reference(storage: Storage) -> None:
    ref = storage.save_signup(signup(), "key-1").ref
    with pytest.raises(ValueError):
        storage.update_status(ref, "archived", "", "anna")
    assert storage.update_status("VMV-0000-0000", "joined", "", "anna") is None


def test_delete_signup_erases_it_and_its_notes(storage: Storage) -> None:
    ref = storage.save_signup(signup(), "key-1").ref
    storage.update_status(ref, "contacted", "personlig note", "anna")
    assert storage.delete_signup(ref, by="anna") is True
    assert storage.get_signup(ref) is None
    assert storage.delete_signup(ref, by="anna") is False
    engine = create_engine(storage.url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(status_changes)).scalar() == 0
    engine.dispose()


def test_delete_expired_removes_only_signups_past_retention(storage: Storage) -> None:
    early = storage.save_signup(signup(), "k1", now=T0)
    late = storage.save_signup(signup(), "k2", now=T0 + timedelta(days=30))
    storage.update_status(early.ref, "joined", "note", "anna")
    assert storage.delete_expired(now=early.signup.retention_until - timedelta(seconds=1)) == 0
    assert storage.delete_expired(now=early.signup.retention_until) == 1
    assert [r.ref for r in storage.list_signups()] == [late.ref]


# Idempotency and concurrency


def test_same_idempotency_key_twice_stores_one_signup(storage: Storage) -> None:
    first = storage.save_signup(signup(), "double-click")
    second = storage.save_signup(signup(name="Someone Else"), "double-click")
    assert (first.is_new, second.is_new) == (True, False)
    assert second.signup == first.signup
    assert len(storage.list_signups()) == 1


def test_50_concurrent_saves_store_50_signups(storage: Storage) -> None:
    with ThreadPoolExecutor(max_workers=50) as pool:
        saved = list(pool.map(lambda n: storage.save_signup(signup(), f"key-{n}"), range(50)))
    assert all(s.is_new for s in saved)
    assert len({s.ref for s in saved}) == 50
    assert len(storage.list_signups()) == 50


def test_10_concurrent_saves_with_the_same_key_store_one(storage: Storage) -> None:
    saved = at_once(lambda _: storage.save_signup(signup(), "same-key"), range(10))
    assert len({s.ref for s in saved}) == 1
    assert sum(s.is_new for s in saved) == 1
    assert len(storage.list_signups()) == 1


# Location privacy


def test_location_is_coarsened_without_consent_to_exact(storage: Storage) -> None:
    reg = storage.save_signup(signup(lon=HOME[0], lat=HOME[1]), "key-1").signup
    assert (reg.lon, reg.lat) == pytest.approx(coarsen(*HOME), abs=1e-12)
    assert (reg.lon, reg.lat) != HOME
    assert reg.location_exact is False


def test_exact_location_is_kept_with_consent(storage: Storage) -> None:
    form = signup(lon=HOME[0], lat=HOME[1], exact_location_ok=True)
    reg = storage.save_signup(form, "key-1").signup
    assert (reg.lon, reg.lat) == HOME
    assert reg.location_exact is True


def test_no_location_stays_empty(storage: Storage) -> None:
    reg = storage.save_signup(signup(exact_location_ok=True), "key-1").signup
    assert (reg.lon, reg.lat, reg.location_exact) == (None, None, False)


def test_approved_garden_points_are_joined_private_gardens_snapped_without_names(storage: Storage) -> None:
    def add(key: str, status: str, **changes) -> None:
        ref = storage.save_signup(signup(**changes), key).ref
        storage.update_status(ref, status, "", "anna")

    add("joined-exact", "joined", lon=HOME[0], lat=HOME[1], exact_location_ok=True)
    add("not-joined-yet", "contacted", lon=12.45, lat=55.75)
    add("company", "joined", kind="company", lon=12.49, lat=55.73)
    add("no-location", "joined")
    points = storage.approved_garden_points()
    assert points == [pytest.approx(coarsen(*HOME), abs=1e-12)]
    assert all(isinstance(value, float) for value in points[0])
    assert distance_m(points[0], HOME) <= 71


# Candidate areas


def test_candidate_areas_can_be_saved_listed_updated_and_deleted(storage: Storage) -> None:
    made = storage.save_candidate("Skolegården", SQUARE, created_by="anna", note="idé", now=T0)
    assert (made.name, made.geometry, made.status, made.note, made.created_by) == (
        "Skolegården",
        SQUARE,
        "candidate",
        "idé",
        "anna",
    )
    assert storage.get_candidate(made.id) == made
    other = storage.save_candidate("Mosen", SQUARE, created_by="bo")
    assert [c.id for c in storage.list_candidates()] == [made.id, other.id]

    moved = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]]}
    updated = storage.update_candidate(
        made.id, name="Skolegården nord", geometry=moved, status="planned", now=T0 + timedelta(hours=1)
    )
    assert (updated.name, updated.geometry, updated.status) == ("Skolegården nord", moved, "planned")
    assert (updated.created_at, updated.updated_at) == (T0, T0 + timedelta(hours=1))
    assert storage.update_candidate(made.id, status="candidate").name == "Skolegården nord"

    assert storage.delete_candidate(made.id) is True
    assert storage.delete_candidate(made.id) is False
    assert storage.get_candidate(made.id) is None
    assert storage.update_candidate(made.id, name="x") is None
    assert [c.id for c in storage.list_candidates()] == [other.id]


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [12.46, 55.73]},
        {
            "type": "Polygon",
            "coordinates": [[[700000, 6180000], [700100, 6180000], [700100, 6180100], [700000, 6180000]]],
        },
        {"type": "Polygon", "coordinates": "nonsense"},
    ],
    ids=["not-a-polygon", "metres-not-degrees", "malformed"],
)
def test_candidate_refuses_geometry_that_is_not_a_lonlat_polygon(storage: Storage, geometry: dict) -> None:
    with pytest.raises(ValueError):
        storage.save_candidate("x", geometry, created_by="anna")
    assert storage.list_candidates() == []


def test_candidate_refuses_unknown_status(storage: Storage) -> None:
    made = storage.save_candidate("x", SQUARE, created_by="anna")
    with pytest.raises(ValueError):
        storage.update_candidate(made.id, status="built")


# Position corrections


def test_corrections_keep_history_newest_first(storage: Storage) -> None:
    first_point = {"type": "Point", "coordinates": [12.47, 55.74]}
    second_point = {"type": "Point", "coordinates": [12.471, 55.741]}
    first = storage.save_correction("mosen", first_point, 25, "luftfoto", "ortofoto 2025", "anna", now=T0)
    second = storage.save_correction("mosen", second_point, 5, "opmålt", "GPS", "bo", now=T0 + timedelta(days=1))
    storage.save_correction("skolen", first_point, None, "", "", "anna", now=T0)
    history = storage.corrections_for("mosen")
    assert history == [second, first]
    assert (second.geometry, second.accuracy_m, second.reason, second.source, second.by, second.at) == (
        second_point,
        5,
        "opmålt",
        "GPS",
        "bo",
        T0 + timedelta(days=1),
    )
    assert storage.corrections_for("unknown") == []


def test_latest_corrections_has_the_newest_per_place(storage: Storage) -> None:
    point = {"type": "Point", "coordinates": [12.47, 55.74]}
    storage.save_correction("mosen", point, 25, "a", "s", "anna", now=T0)
    newest = storage.save_correction("mosen", point, 5, "b", "s", "bo", now=T0 + timedelta(days=1))
    same_time_a = storage.save_correction("skolen", point, 10, "c", "s", "anna", now=T0)
    same_time_b = storage.save_correction("skolen", point, 9, "d", "s", "anna", now=T0)
    latest = storage.latest_corrections()
    assert latest == {"mosen": newest, "skolen": same_time_b}
    assert same_time_a.id < same_time_b.id


# Schema and failures


def test_opening_again_keeps_the_data(storage: Storage) -> None:
    ref = storage.save_signup(signup(), "key-1").ref
    again = Storage(storage.url)
    assert again.get_signup(ref) is not None
    again.close()


@pytest.mark.parametrize(
    "url",
    ["postgresql+psycopg://postgres@127.0.0.1:1/x", "sqlite:///{tmp_path}"],
    ids=["postgresql-closed-port", "sqlite-path-is-a-folder"],
)
def test_unreachable_database_raises_storage_unavailable_quickly(url: str, tmp_path) -> None:
    started = time.monotonic()
    with pytest.raises(StorageUnavailable, match="can't be reached"):
        Storage(url.format(tmp_path=tmp_path))
    assert time.monotonic() - started < 5


def test_database_url_defaults_to_sqlite_in_the_repository() -> None:
    assert database_url({}) == f"sqlite:///{REPO_ROOT / 'var' / 'gladsaxe.sqlite3'}"
    assert database_url({"DATABASE_URL": "  "}) == database_url({})


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/green", "postgresql+psycopg://u:p@db:5432/green"),
        ("postgresql://u@db/green", "postgresql+psycopg://u@db/green"),
        ("postgresql+psycopg://u@db/green", "postgresql+psycopg://u@db/green"),
        ("sqlite:////srv/green.sqlite3", "sqlite:////srv/green.sqlite3"),
    ],
)
def test_database_url_uses_psycopg_3_for_postgresql(given: str, expected: str) -> None:
    assert database_url({"DATABASE_URL": given}) == expected
