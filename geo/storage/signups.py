"""Residents' sign-ups: saving once per form, finding, status history, garden points.

Erasure (deletion link, staff, retention) is in :mod:`geo.storage.erasure`.
"""

from __future__ import annotations

import calendar
import json
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy import exc as sa_exc

from geo.privacy import RETENTION_MONTHS
from geo.privacy.tokens import new_token, token_hash
from geo.records import SIGNUP_STATUSES, SavedSignup, Signup, StatusChange
from geo.signup import GRID_M, SignupIn, coarsen_many
from geo.storage.audit import write_audit
from geo.storage.engine import Database, utc
from geo.storage.schema import signups, status_changes

CONSENT_VERSION = "2026-11.2"  # the consent text names the deletion link (issue 11)
# Reference codes avoid look-alikes (0/O, 1/I/L) so they can be read out over the phone.
REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REF_PREFIX = "VMV"


class SignupStore(Database):
    """The sign-up half of :class:`geo.storage.Storage`."""

    def save_signup(
        self,
        signup: SignupIn,
        idempotency_key: str,
        now: datetime | None = None,
        consent_version: str = CONSENT_VERSION,
        deletion_token: str | None = None,
    ) -> SavedSignup:
        """Store a sign-up once per ``idempotency_key``; a repeat returns the first one.

        The sign-up keeps the hash of ``deletion_token`` (a new one when None); the token itself
        comes back only in the :class:`SavedSignup` of the save that stored it.
        """
        token = deletion_token or new_token()
        if not idempotency_key or len(idempotency_key) > 128:
            raise ValueError("idempotency_key must be 1-128 characters")
        existing = self._read_signup(signups.c.idempotency_key == idempotency_key)
        if existing:
            return SavedSignup(existing, is_new=False)
        for _attempt in range(5):
            row = _signup_row(signup, idempotency_key, utc(now), consent_version)
            row["deletion_token_hash"] = token_hash(token)
            try:
                with self._write() as conn:
                    conn.execute(insert(signups).values(row))
                    saved = find_signup(conn, signups.c.ref == row["ref"])
                    assert saved is not None  # inserted in this transaction
                return SavedSignup(saved, is_new=True, deletion_token=token)
            except sa_exc.IntegrityError:
                # Either a concurrent save with the same key won, or (rarely) the random
                # reference was taken; in the second case draw a new one.
                existing = self._read_signup(signups.c.idempotency_key == idempotency_key)
                if existing:
                    return SavedSignup(existing, is_new=False)
        raise RuntimeError("could not draw a free reference code")

    def get_signup(self, ref: str) -> Signup | None:
        """The sign-up with this reference; case and surrounding spaces don't matter."""
        return self._read_signup(signups.c.ref == ref.strip().upper())

    def list_signups(
        self, status: str | None = None, kind: str | None = None, search: str | None = None
    ) -> list[Signup]:
        """Newest first; ``search`` matches reference, name, e-mail, phone or message."""
        query = select(signups).order_by(signups.c.created_at.desc(), signups.c.id.desc())
        if status:
            query = query.where(signups.c.status == status)
        if kind:
            query = query.where(signups.c.kind == kind)
        with self._read() as conn:
            found = [_to_signup(row) for row in conn.execute(query).mappings()]
        if search and search.strip():
            # Filtered in Python: SQLite's lower() ignores Æ/Ø/Å, and the table stays small.
            needle = search.strip().casefold()
            found = [each for each in found if needle in _searchable(each)]
        return found

    def update_status(self, ref: str, status: str, note: str, by: str, now: datetime | None = None) -> Signup | None:
        """Set the status, keep the note in the history; None when the reference is unknown."""
        if status not in SIGNUP_STATUSES:
            raise ValueError(f"status must be one of {SIGNUP_STATUSES}")
        at = utc(now)
        with self._write() as conn:
            changed = conn.execute(
                update(signups)
                .where(signups.c.ref == ref.strip().upper())
                .values(status=status, status_note=note, status_updated_at=at, status_updated_by=by)
                .returning(signups.c.id)
            ).scalar()
            if changed is None:
                return None
            conn.execute(
                insert(status_changes).values(
                    registration_id=changed, status=status, note=note, changed_by=by, changed_at=at
                )
            )
            write_audit(conn, by, "status", ref.strip().upper(), f"status={status}", at)
            return find_signup(conn, signups.c.id == changed)

    def status_history(self, ref: str) -> list[StatusChange]:
        """Every status change of one sign-up, newest first."""
        query = (
            select(status_changes)
            .join(signups)
            .where(signups.c.ref == ref.strip().upper())
            .order_by(status_changes.c.changed_at.desc(), status_changes.c.id.desc())
        )
        with self._read() as conn:
            return [StatusChange(row.status, row.note, row.changed_by, row.changed_at) for row in conn.execute(query)]

    def signups_by_email(self, email: str) -> list[Signup]:
        """Every sign-up made with this e-mail address (case ignored), newest first."""
        wanted = email.strip().casefold()
        return [each for each in self.list_signups() if each.email.strip().casefold() == wanted] if wanted else []

    def signups_by_refs(self, refs: list[str] | tuple[str, ...]) -> list[Signup]:
        """The sign-ups with these references that still exist, newest first."""
        wanted = [ref.strip().upper() for ref in refs]
        if not wanted:
            return []
        query = select(signups).where(signups.c.ref.in_(wanted))
        query = query.order_by(signups.c.created_at.desc(), signups.c.id.desc())
        with self._read() as conn:
            return [_to_signup(row) for row in conn.execute(query).mappings()]

    def approved_garden_points(self, grid_m: float = GRID_M) -> list[tuple[float, float]]:
        """EPSG:4326 (lon, lat) of joined private gardens, always snapped to ``grid_m`` cells.

        Only positions leave this function: no names, no references.
        """
        query = select(signups.c.lon, signups.c.lat).where(
            signups.c.kind == "private_garden",
            signups.c.status == "joined",
            signups.c.lon.is_not(None),
            signups.c.lat.is_not(None),
        )
        with self._read() as conn:
            return sorted(coarsen_many(list(conn.execute(query)), grid_m))

    def _read_signup(self, condition: Any) -> Signup | None:
        with self._read() as conn:
            return find_signup(conn, condition)


def months_later(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months on (the month's last day if shorter)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def _new_ref() -> str:
    code = "".join(secrets.choice(REF_ALPHABET) for _ in range(8))
    return f"{REF_PREFIX}-{code[:4]}-{code[4:]}"


def _signup_row(signup: SignupIn, idempotency_key: str, now: datetime, consent_version: str) -> dict:
    location = signup.stored_location()
    return {
        "ref": _new_ref(),
        "idempotency_key": idempotency_key,
        "kind": signup.kind,
        "name": signup.name,
        "email": signup.email,
        "phone": signup.phone,
        "lon": location[0] if location else None,
        "lat": location[1] if location else None,
        "location_exact": bool(location and signup.exact_location_ok),
        "size_m2": signup.size_m2,
        "wishes": json.dumps(signup.wishes, ensure_ascii=False),
        "message": signup.message,
        "lang": signup.lang,
        "consent_at": now,
        "consent_version": consent_version,
        "status": "new",
        "status_note": "",
        "status_updated_at": now,
        "status_updated_by": "",
        "created_at": now,
        "retention_until": months_later(now, RETENTION_MONTHS),
    }


def find_signup(conn: Connection, condition: Any) -> Signup | None:
    """The first sign-up matching ``condition``, read on ``conn``."""
    row = conn.execute(select(signups).where(condition)).mappings().first()
    return _to_signup(row) if row else None


def _to_signup(row: Mapping[Any, Any]) -> Signup:
    values = {name: row[name] for name in Signup.__dataclass_fields__ if name != "wishes"}
    return Signup(**values, wishes=tuple(json.loads(row["wishes"])))


def _searchable(signup: Signup) -> str:
    return " ".join(filter(None, (signup.ref, signup.name, signup.email, signup.phone, signup.message))).casefold()
