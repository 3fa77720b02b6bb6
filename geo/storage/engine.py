"""Which database, how to connect to it, and the connection handling every store shares.

SQLite by default (``var/gladsaxe.sqlite3`` in the repository), PostgreSQL (psycopg 3) when
``DATABASE_URL`` is set. Opening a :class:`Database` brings its schema up to date
(:mod:`geo.storage.migrate`).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url, select
from sqlalchemy import exc as sa_exc

from geo.privacy.files import private_file
from geo.settings import REPO_ROOT, Settings, current
from geo.storage.migrate import upgrade_to_head

__all__ = ["REPO_ROOT", "Database", "StorageUnavailable", "database_url", "make_engine", "utc"]

CONNECT_TIMEOUT_S = 3
SQLITE_BUSY_TIMEOUT_S = 15
WAL_RETRY_INTERVAL_S = 0.02


class StorageUnavailable(Exception):
    """The database cannot be reached or is too busy; the caller should keep the user's input."""


def database_url(env: Mapping[str, str] | None = None) -> str:
    """``DATABASE_URL`` with the psycopg 3 driver filled in, else the repository's SQLite file."""
    return (current() if env is None else Settings.from_env(env)).database_url


class Database:
    """One engine, opened with an up-to-date schema; the stores read and write through it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine = make_engine(url)
        with unavailable_on_failure():
            upgrade_to_head(self._engine)

    def close(self) -> None:
        self._engine.dispose()

    def ping(self) -> None:
        """Raise StorageUnavailable unless the database answers a trivial query."""
        with self._read() as conn:
            conn.execute(select(1))

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with unavailable_on_failure(), self._engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with unavailable_on_failure(), self._engine.begin() as conn:
            yield conn


@contextmanager
def unavailable_on_failure() -> Iterator[None]:
    """Turn "can't connect / too busy" errors into :class:`StorageUnavailable`."""
    try:
        yield
    except (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError) as error:
        raise StorageUnavailable("the database can't be reached right now") from error


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with short connect timeouts and, for SQLite, WAL and foreign keys."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend != "sqlite":
        connect_args = {"connect_timeout": CONNECT_TIMEOUT_S} if backend == "postgresql" else {}
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    if parsed.database and parsed.database != ":memory:":
        private_file(Path(parsed.database))  # personal data: owner-only, before SQLite opens it
    engine = create_engine(parsed, pool_pre_ping=True, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers work while one thread writes; the busy timeout (set on connect)
    # makes concurrent writers wait their turn instead of failing. Python's sqlite3 opens a
    # transaction only at the first write, so a writer never holds a stale read snapshot.
    cursor = dbapi_connection.cursor()
    _use_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted rows are overwritten with zeros, so an erased sign-up can't be read from the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """Switch the file to WAL (SQLite keeps the mode in the file, so only its first opening does).

    When several processes open a new database at once, switching can fail at once with
    "database is locked": SQLite does not wait its busy timeout there, to avoid a deadlock
    between connections that each hold a read lock. So wait for the other opener here, as long
    as the busy timeout would have.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(WAL_RETRY_INTERVAL_S)  # interval of the loop waiting for the other opener


def utc(now: datetime | None) -> datetime:
    """``now`` in UTC (the current time when None); refuses a naive datetime."""
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("refusing a naive datetime; pass a timezone-aware one")
    return now.astimezone(UTC)
