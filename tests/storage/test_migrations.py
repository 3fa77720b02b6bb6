"""Schema migrations: old databases keep every row, new ones get the same schema (both backends)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, select, text

from geo.signup import SignupIn
from geo.storage import Storage, StorageUnavailable
from geo.storage import migrate as migrate_module
from geo.storage.migrate import BASELINE, current_revision, head_revision
from geo.storage.schema import metadata
from tests.storage import legacy_schema as legacy

T0 = datetime(2025, 3, 30, 23, 15, tzinfo=UTC)  # the night summer time starts in Copenhagen
SQUARE = {"type": "Polygon", "coordinates": [[[12.46, 55.73], [12.47, 55.73], [12.47, 55.74], [12.46, 55.73]]]}


def legacy_database(url: str) -> Engine:
    """A database as the app made it before migrations, filled the way that app filled it."""
    engine = create_engine(url)
    legacy.metadata.create_all(engine)

    def at(moment: datetime) -> datetime:
        # The old app stored naive UTC in SQLite (no zone support) and aware UTC in PostgreSQL.
        return moment.replace(tzinfo=None) if engine.dialect.name == "sqlite" else moment

    signups = [
        {
            "id": 1,
            "ref": "VMV-ABCD-EFGH",
            "idempotency_key": "k-1",
            "kind": "private_garden",
            "name": "Åse Ørsted <b>",
            "email": "aase@example.dk",
            "phone": "+45 39 57 50 00",
            "lon": 12.4712,
            "lat": 55.7391,
            "location_exact": True,
            "size_m2": 450.5,
            "wishes": json.dumps(["compost", "bird_box"]),
            "message": "'; DROP TABLE registrations; --\nlinje 2",
            "lang": "da",
            "consent_at": at(T0),
            "consent_version": "2026-11",
            "status": "joined",
            "status_note": "med fra maj",
            "status_updated_at": at(T0 + timedelta(days=2)),
            "status_updated_by": "bo",
            "created_at": at(T0),
            "retention_until": at(T0 + timedelta(days=730)),
        },
        {
            "id": 2,
            "ref": "VMV-JKMN-PQRS",
            "idempotency_key": "k-2",
            "kind": "company",
            "name": "Grøn Bolig A/S",
            "email": "info@example.dk",
            "phone": None,
            "lon": None,
            "lat": None,
            "location_exact": False,
            "size_m2": None,
            "wishes": "[]",
            "message": None,
            "lang": "en",
            "consent_at": at(T0),
            "consent_version": "2026-11",
            "status": "new",
            "status_note": "",
            "status_updated_at": at(T0),
            "status_updated_by": "",
            "created_at": at(T0 + timedelta(hours=1)),
            "retention_until": at(T0 + timedelta(days=731)),
        },
    ]
    changes = [
        {"registration_id": 1, "status": s, "note": n, "changed_by": b, "changed_at": at(T0 + timedelta(days=d))}
        for s, n, b, d in (("contacted", "mail sendt", "anna", 1), ("joined", "med fra maj", "bo", 2))
    ]
    candidate = {
        "name": "Skolegården",
        "geometry": json.dumps(SQUARE),
        "status": "planned",
        "note": "idé",
        "created_by": "anna",
        "created_at": at(T0),
        "updated_at": at(T0 + timedelta(days=3)),
    }
    corrections = [
        {
            "place_id": "mosen",
            "geometry": json.dumps({"type": "Point", "coordinates": [12.47, 55.74 + n / 1000]}),
            "accuracy_m": accuracy,
            "reason": "luftfoto",
            "source": "ortofoto 2025",
            "created_by": "anna",
            "created_at": at(T0 + timedelta(days=n)),
        }
        for n, accuracy in ((0, 25.0), (1, None))
    ]
    with engine.begin() as conn:
        conn.execute(legacy.registrations.insert(), signups)
        conn.execute(legacy.registration_status_changes.insert(), changes)
        conn.execute(legacy.candidate_areas.insert(), candidate)
        conn.execute(legacy.position_corrections.insert(), corrections)
    return engine


def _form() -> SignupIn:
    return SignupIn(kind="private_garden", name="Karen Madsen", email="karen@example.dk", consent=True)


def every_row(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {
            table.name: sorted(tuple(row) for row in conn.execute(select(table)))
            for table in legacy.metadata.sorted_tables
        }


def schema_of(engine: Engine) -> dict:
    """Tables, columns, keys and indexes as the database reports them (alembic_version aside)."""
    found = inspect(engine)
    tables = sorted(set(found.get_table_names()) - {"alembic_version"})
    return {
        name: {
            "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(name)],
            "primary_key": found.get_pk_constraint(name)["constrained_columns"],
            "foreign_keys": [
                (fk["constrained_columns"], fk["referred_table"], fk["referred_columns"], fk["options"])
                for fk in found.get_foreign_keys(name)
            ],
            "unique": sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(name)),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in found.get_indexes(name)
            ),
        }
        for name in tables
    }


def test_a_database_from_before_migrations_keeps_every_row(empty_url: str) -> None:
    engine = legacy_database(empty_url)
    before = every_row(engine)

    storage = Storage(empty_url)

    assert every_row(engine) == before
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    joined = storage.get_signup("vmv-abcd-efgh")
    assert (joined.name, joined.message, joined.wishes) == (
        "Åse Ørsted <b>",
        "'; DROP TABLE registrations; --\nlinje 2",
        ("compost", "bird_box"),
    )
    assert (joined.lon, joined.lat, joined.location_exact, joined.size_m2) == (12.4712, 55.7391, True, 450.5)
    assert (joined.created_at, joined.retention_until) == (T0, T0 + timedelta(days=730))
    assert joined.created_at.tzinfo == UTC
    assert [s.ref for s in storage.list_signups()] == ["VMV-JKMN-PQRS", "VMV-ABCD-EFGH"]
    assert [(c.status, c.note, c.by, c.at) for c in storage.status_history(joined.ref)] == [
        ("joined", "med fra maj", "bo", T0 + timedelta(days=2)),
        ("contacted", "mail sendt", "anna", T0 + timedelta(days=1)),
    ]
    [candidate] = storage.list_candidates()
    assert (candidate.name, candidate.geometry, candidate.status) == ("Skolegården", SQUARE, "planned")
    assert [(c.accuracy_m, c.at) for c in storage.corrections_for("mosen")] == [
        (None, T0 + timedelta(days=1)),
        (25.0, T0),
    ]
    # The upgraded database works as usual: new rows get the next ids, erasure still cascades.
    assert storage.save_correction("mosen", {"type": "Point", "coordinates": [12.4, 55.7]}, 5, "", "", "bo").id == 3
    assert storage.delete_signup(joined.ref, by="anna")
    assert every_row(engine)["registration_status_changes"] == []
    storage.close()
    engine.dispose()


def test_the_baseline_makes_exactly_the_schema_of_before_migrations(
    empty_url: str, tmp_path, request: pytest.FixtureRequest
) -> None:
    migrated = create_engine(empty_url)
    migrate_module.upgrade_to(migrated, BASELINE)
    if migrated.dialect.name == "sqlite":
        reference = create_engine(f"sqlite:///{tmp_path / 'reference.sqlite3'}")
    else:
        reference = create_engine(request.getfixturevalue("new_postgres_schema")())
    legacy.metadata.create_all(reference)
    assert schema_of(migrated) == schema_of(reference)
    migrated.dispose()
    reference.dispose()


def test_the_newest_migration_matches_the_app_tables(storage: Storage) -> None:
    """Fails when a table in geo/storage/schema.py changed without a migration (or the reverse)."""
    engine = create_engine(storage.url)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert differences == []


def test_opening_twice_is_a_no_op(empty_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Storage(empty_url)
    ref = first.save_signup(_form(), "key-1").ref
    first.close()

    def must_not_run(*args, **kwargs):
        raise AssertionError("an up-to-date database was migrated again")

    monkeypatch.setattr(migrate_module.command, "upgrade", must_not_run)
    monkeypatch.setattr(migrate_module.command, "stamp", must_not_run)
    again = Storage(empty_url)
    assert again.get_signup(ref) is not None
    engine = create_engine(empty_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]
    engine.dispose()
    again.close()


def test_app_processes_starting_at_once_upgrade_a_new_database_once(empty_url: str) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        opened = list(pool.map(lambda _: Storage(empty_url), range(4)))
    saved = opened[0].save_signup(_form(), "key-1")
    assert all(each.get_signup(saved.ref) == saved.signup for each in opened)
    for each in opened:
        each.close()


def test_a_database_with_only_some_of_the_old_tables_is_refused(empty_url: str) -> None:
    engine = create_engine(empty_url)
    legacy.candidate_areas.create(engine)
    engine.dispose()
    with pytest.raises(RuntimeError, match="only some of the app's tables"):
        Storage(empty_url)


def test_storage_unavailable_is_not_hidden_by_migrations() -> None:
    with pytest.raises(StorageUnavailable):
        Storage("postgresql+psycopg://postgres@127.0.0.1:1/x")
