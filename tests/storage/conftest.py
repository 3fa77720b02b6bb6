"""The ``storage`` fixture: every contract test runs once on SQLite and once on PostgreSQL.

PostgreSQL gets a fresh, uniquely named database per test session (dropped afterwards) and a
fresh schema per test. Without a reachable server the PostgreSQL half is skipped locally but
fails when CI=true: a contract that was never checked against PostgreSQL is not green.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import URL, create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from geo.storage import Storage, database_url

ADMIN_URL = database_url(
    {"DATABASE_URL": os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")}
)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[URL]:
    """The URL of a throw-away database on the test server."""
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    name = f"gladsaxe_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        shown = make_url(ADMIN_URL).render_as_string(hide_password=True)
        message = f"PostgreSQL is not reachable at {shown} (set TEST_POSTGRES_URL): {error.orig}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}\nCI must run the PostgreSQL contract tests; a skip is a failure.")
        pytest.skip(message)
    yield make_url(ADMIN_URL).set(database=name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def new_postgres_schema(postgres_database: URL) -> Callable[[], str]:
    """Make a new, empty schema and return a URL whose search_path is that schema."""

    def make() -> str:
        schema = f"t_{uuid.uuid4().hex[:12]}"
        engine = create_engine(postgres_database)
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
        url = postgres_database.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    return make


@pytest.fixture
def postgres_url(new_postgres_schema: Callable[[], str]) -> str:
    """A URL whose search_path is a new, empty schema, so each test starts from nothing."""
    return new_postgres_schema()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """The URL of an empty database: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'gladsaxe.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def storage(empty_url: str) -> Iterator[Storage]:
    opened = Storage(empty_url)
    yield opened
    opened.close()
