"""Sign-up limits per client address, counted in the database so every session and process agrees.

Only a keyed hash of an address is kept (:func:`geo.clients.address_key`); its key is made once
per database and stored in it, so every app process on that database counts the same address
alike. A counter row lives for one window (an hour from the address's first sign-up) and is
purged when the window has passed.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy import exc as sa_exc

from geo.storage.engine import Database, StorageUnavailable, utc
from geo.storage.schema import app_secrets, signup_counters

ADDRESS_SECRET = "address_key"


class SignupLimitStore(Database):
    """The sign-up-limit half of :class:`geo.storage.Storage`."""

    _address_secret: bytes | None = None

    def address_secret(self) -> bytes:
        """The key for hashing client addresses: made once per database, shared by all processes."""
        if self._address_secret is None:
            with self._write() as conn:
                value = _secret(conn)
                if value is None:
                    try:
                        with conn.begin_nested():
                            conn.execute(insert(app_secrets).values(name=ADDRESS_SECRET, value=secrets.token_hex(32)))
                    except sa_exc.IntegrityError:
                        pass  # another process made it first; use theirs
                    value = _secret(conn)
            if value is None:
                raise StorageUnavailable("the key for client addresses could not be stored")
            self._address_secret = bytes.fromhex(value)
        return self._address_secret

    def take_signup_slot(self, key: str, limit: int, window: timedelta, now: datetime | None = None) -> bool:
        """Count one sign-up for ``key`` unless it already has ``limit`` in its window.

        One atomic step per call: a conditional UPDATE (or the INSERT that starts a window), so
        parallel submissions from many sessions or processes never get more than ``limit``.
        Rows whose window has passed are purged first.
        """
        now = utc(now)
        with self._write() as conn:
            conn.execute(delete(signup_counters).where(signup_counters.c.window_start <= now - window))
            for _attempt in range(3):
                if _increment(conn, key, limit):
                    return True
                if conn.execute(select(signup_counters.c.signups).where(signup_counters.c.address_key == key)).first():
                    return False
                try:
                    with conn.begin_nested():
                        conn.execute(insert(signup_counters).values(address_key=key, window_start=now, signups=1))
                    return True
                except sa_exc.IntegrityError:
                    continue  # another session started this window a moment ago; count in it
        return False

    def return_signup_slot(self, key: str) -> None:
        """Give back a slot taken for a submission that stored nothing new (a repeat)."""
        with self._write() as conn:
            conn.execute(
                update(signup_counters)
                .where(signup_counters.c.address_key == key, signup_counters.c.signups > 0)
                .values(signups=signup_counters.c.signups - 1)
            )

    def signup_counter_count(self) -> int:
        """How many addresses have a live counter (for tests and the purge)."""
        with self._read() as conn:
            return len(conn.execute(select(signup_counters.c.address_key)).all())


def _increment(conn: Connection, key: str, limit: int) -> bool:
    result = conn.execute(
        update(signup_counters)
        .where(signup_counters.c.address_key == key, signup_counters.c.signups < limit)
        .values(signups=signup_counters.c.signups + 1)
    )
    return result.rowcount == 1


def _secret(conn: Connection) -> str | None:
    return conn.execute(select(app_secrets.c.value).where(app_secrets.c.name == ADDRESS_SECRET)).scalar()
