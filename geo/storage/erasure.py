"""Erasing sign-ups: by the resident's deletion link, by staff, and when retention ends.

Erasure deletes the sign-up row; its status history goes with it (``ON DELETE CASCADE``). A
withdrawal by the resident or a deletion by staff leaves a marker with only the reference and
the date (so staff can see it was withdrawn), kept until the sign-up's own retention date. On
SQLite, deleted rows are overwritten (``secure_delete``) and the write-ahead log is emptied
afterwards, so the words are gone from the files too, not just from the tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, text

from geo.privacy import BY_RESIDENT, BY_RETENTION, BY_STAFF
from geo.privacy.tokens import token_hash
from geo.records import Signup, Withdrawal
from geo.storage.audit import write_audit
from geo.storage.engine import Database, utc
from geo.storage.schema import download_tickets, signups, withdrawals
from geo.storage.signups import find_signup

# Any fixed number works; every process of this app must use the same one.
PURGE_LOCK_KEY = 0x50_55_52_47  # "PURG"


class ErasureStore(Database):
    """The erasure half of :class:`geo.storage.Storage`."""

    def signup_for_token(self, token: str) -> Signup | None:
        """The sign-up a deletion token belongs to, or None."""
        with self._read() as conn:
            return find_signup(conn, signups.c.deletion_token_hash == token_hash(token))

    def withdraw_signup(self, token: str, now: datetime | None = None) -> str | None:
        """Erase the sign-up of this deletion token at once; its reference, or None if none.

        Two clicks at once delete once: the delete itself decides which one found the row.
        """
        at = utc(now)
        with self._write() as conn:
            gone = conn.execute(
                delete(signups)
                .where(signups.c.deletion_token_hash == token_hash(token))
                .returning(signups.c.ref, signups.c.retention_until)
            ).first()
            if gone is None:
                return None
            _leave_marker(conn, gone.ref, BY_RESIDENT, at, gone.retention_until)
            write_audit(conn, BY_RESIDENT, "withdraw", gone.ref, "deletion link", at)
        self._scrub()
        return gone.ref

    def delete_signup(self, ref: str, by: str, now: datetime | None = None) -> bool:
        """Erase a sign-up and its notes (right to erasure) on behalf of staff member ``by``."""
        at = utc(now)
        with self._write() as conn:
            gone = conn.execute(
                delete(signups)
                .where(signups.c.ref == ref.strip().upper())
                .returning(signups.c.ref, signups.c.retention_until)
            ).first()
            if gone is None:
                return False
            _leave_marker(conn, gone.ref, BY_STAFF, at, gone.retention_until)
            write_audit(conn, by, "delete", gone.ref, "", at)
        self._scrub()
        return True

    def count_expired(self, now: datetime | None = None) -> int:
        """How many sign-ups have a retention date at or before ``now``."""
        query = select(func.count()).select_from(signups).where(signups.c.retention_until <= utc(now))
        with self._read() as conn:
            return conn.execute(query).scalar_one()

    def delete_expired(self, now: datetime | None = None) -> int:
        """Erase every sign-up whose retention date is at or before ``now``; return how many.

        Also drops withdrawal markers and download tickets past their time. Safe to run from
        several processes at once: PostgreSQL purges take turns on an advisory lock, SQLite
        ones on the database's write lock, so each sign-up is deleted and counted once.
        """
        until = utc(now)
        with self._write() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PURGE_LOCK_KEY})
            count = conn.execute(delete(signups).where(signups.c.retention_until <= until)).rowcount
            conn.execute(delete(withdrawals).where(withdrawals.c.expires_at <= until))
            conn.execute(delete(download_tickets).where(download_tickets.c.expires_at <= utc(None)))
            if count:
                write_audit(conn, BY_RETENTION, "purge", None, f"sign-ups={count}", utc(None))
        if count:
            self._scrub()
        return count

    def withdrawals(self) -> list[Withdrawal]:
        """Sign-ups withdrawn by their resident or deleted by staff, newest first."""
        query = select(withdrawals).order_by(withdrawals.c.withdrawn_at.desc(), withdrawals.c.id.desc())
        with self._read() as conn:
            return [Withdrawal(row.ref, row.withdrawn_by, row.withdrawn_at) for row in conn.execute(query)]

    def _scrub(self) -> None:
        # With secure_delete the deleted rows are zeroed in the pages written to the log; the
        # checkpoint copies those pages home and empties the log, where the old rows still were.
        if self._engine.dialect.name == "sqlite":
            with self._engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _leave_marker(conn: Connection, ref: str, by: str, at: datetime, expires_at: datetime) -> None:
    conn.execute(insert(withdrawals).values(ref=ref, withdrawn_by=by, withdrawn_at=at, expires_at=expires_at))
