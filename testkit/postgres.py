"""Throw-away PostgreSQL databases on the test server (``TEST_POSTGRES_URL``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from testkit import need

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def admin_engine() -> sa.Engine:
    """An AUTOCOMMIT engine on the server; skips (fails in CI) when it is not reachable."""
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        engine.connect().close()
    except sa.exc.OperationalError:
        need(False, "PostgreSQL is not reachable at " + ADMIN_URL)
    return engine


def database_url(admin: sa.Engine, name: str) -> str:
    return admin.url.set(database=name).render_as_string(hide_password=False)


def unique_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def drop_database(admin: sa.Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def fresh_database(prefix: str) -> Iterator[str]:
    """A new, empty database; its URL. Dropped afterwards."""
    admin = admin_engine()
    name = unique_name(prefix)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield database_url(admin, name)
    finally:
        drop_database(admin, name)
        admin.dispose()
