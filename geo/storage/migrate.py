"""Bring a database's schema up to the newest migration (Alembic, ``migrations/`` folder).

Runs whenever the app opens its storage. Two app processes may start at once: on PostgreSQL
the upgrade holds a transaction-scoped advisory lock, on SQLite a write lock
(``BEGIN IMMEDIATE``), so the second waits and then finds nothing left to do. A database made
before migrations existed (today's tables, no ``alembic_version``) is stamped as the baseline
instead of being created again.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
BASELINE = "0001_baseline"
BASELINE_TABLES = frozenset({"registrations", "registration_status_changes", "candidate_areas", "position_corrections"})
# Any fixed number works; it only has to be the same in every process of this app.
ADVISORY_LOCK_KEY = 0x47_4C_41_44  # "GLAD"


def alembic_config(connection: Connection | None = None) -> Config:
    """The Alembic configuration of this app; with ``connection``, migrations run on it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration; fails when the migrations have more than one head."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations in {MIGRATIONS_DIR}")
    return head


def current_revision(connection: Connection) -> str | None:
    """The migration the database is at; None for a new (or pre-migration) database."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Apply every migration the database lacks; a no-op when it is up to date."""
    with engine.connect() as conn:
        if current_revision(conn) == head_revision():
            return
    upgrade_to(engine, "head")


def upgrade_to(engine: Engine, revision: str) -> None:
    """Apply the migrations up to ``revision``, holding the upgrade lock (tests use older ones)."""
    with engine.connect() as conn:
        _lock_for_upgrade(conn)
        config = alembic_config(conn)
        if current_revision(conn) is None and _has_unversioned_baseline(conn):
            command.stamp(config, BASELINE)
        command.upgrade(config, revision)
        conn.commit()


def _lock_for_upgrade(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    elif conn.dialect.name == "sqlite":
        # Python's sqlite3 runs DDL outside a transaction unless one is begun explicitly.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _has_unversioned_baseline(conn: Connection) -> bool:
    existing = set(inspect(conn).get_table_names()) & BASELINE_TABLES
    if existing and existing != BASELINE_TABLES:
        raise RuntimeError(
            f"the database has only some of the app's tables ({', '.join(sorted(existing))}) and no "
            "migration version; restore it from a backup or add the missing tables by hand"
        )
    return bool(existing)
