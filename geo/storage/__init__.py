"""Where sign-ups, candidate areas and position corrections are kept: one :class:`Storage`.

One small interface over SQLAlchemy Core, chosen by URL (:func:`database_url`): SQLite by
default, PostgreSQL when ``DATABASE_URL`` is set. Opening a storage upgrades its schema with
the migrations in ``migrations/``. Pages and ``geo`` modules call :class:`Storage` methods and
get the dataclasses of :mod:`geo.records` back; nothing outside this package writes SQL.

Layout: ``engine`` (URL, engine, shared connection handling), ``schema`` (tables),
``migrate`` (Alembic upgrade on open), and one store per concept: ``signups``, ``erasure``,
``audit`` (audit log and one-time download tickets), ``candidates``, ``corrections``, ``events``,
``limits``. A new concept gets its own ``XStore(Database)`` module and joins the bases below.
"""

from __future__ import annotations

from geo.records import CANDIDATE_STATUSES, SIGNUP_STATUSES, Candidate, Correction, SavedSignup, Signup, StatusChange
from geo.storage.audit import AuditStore
from geo.storage.candidates import CandidateStore
from geo.storage.corrections import CorrectionStore
from geo.storage.engine import REPO_ROOT, StorageUnavailable, database_url
from geo.storage.erasure import ErasureStore
from geo.storage.events import EventStore
from geo.storage.limits import SignupLimitStore
from geo.storage.signups import CONSENT_VERSION, RETENTION_MONTHS, SignupStore

__all__ = [
    "CANDIDATE_STATUSES",
    "CONSENT_VERSION",
    "REPO_ROOT",
    "RETENTION_MONTHS",
    "SIGNUP_STATUSES",
    "Candidate",
    "Correction",
    "SavedSignup",
    "Signup",
    "StatusChange",
    "Storage",
    "StorageUnavailable",
    "database_url",
    "open_storage",
]


class Storage(SignupStore, ErasureStore, AuditStore, CandidateStore, CorrectionStore, EventStore, SignupLimitStore):
    """Sign-ups (with their erasure and audit log), candidate areas, position corrections,
    calendar events and sign-up limits in one SQL database."""


def open_storage(url: str | None = None) -> Storage:
    """Open the storage at ``url``, or at :func:`database_url` when none is given."""
    return Storage(url or database_url())
