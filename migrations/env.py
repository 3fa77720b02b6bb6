"""Alembic's entry point: migrations run against the app's tables and the app's database.

The app passes its own connection (``geo.storage.migrate``); the ``alembic`` command line
connects to ``DATABASE_URL`` (or the default SQLite file) itself.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from geo.storage.engine import database_url, make_engine
from geo.storage.schema import metadata

config = context.config


def run_on(connection: Connection) -> None:
    # render_as_batch: SQLite can't ALTER most things, so Alembic copies the table instead.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    if context.is_offline_mode():
        context.configure(url=database_url(), target_metadata=metadata, render_as_batch=True, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    given = config.attributes.get("connection")
    if given is not None:
        run_on(given)
        return
    engine = make_engine(database_url())
    with engine.connect() as connection:
        run_on(connection)
        connection.commit()
    engine.dispose()


run()
