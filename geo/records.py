"""What the storage hands back: stored sign-ups, their status history, candidate areas, corrections.

Plain frozen dataclasses, so pages and ``geo`` modules can use them without knowing SQL.
Geometries are GeoJSON dicts in EPSG:4326; every timestamp is timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

SIGNUP_STATUSES = ("new", "contacted", "joined", "declined")
CANDIDATE_STATUSES = ("candidate", "planned")
# How much staff may type; the database columns are sized from these.
CANDIDATE_NAME_MAX = 200
STATUS_NOTE_MAX = 2_000
CORRECTION_REASON_MAX = 1_000
CORRECTION_SOURCE_MAX = 500


@dataclass(frozen=True)
class StatusChange:
    """One step in a sign-up's status history, with the staff member's note."""

    status: str
    note: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Signup:
    """A stored sign-up. ``lon``/``lat`` (EPSG:4326) are exact only if ``location_exact``."""

    ref: str
    kind: str
    name: str
    email: str
    phone: str | None
    lon: float | None
    lat: float | None
    location_exact: bool
    size_m2: float | None
    wishes: tuple[str, ...]
    message: str | None
    lang: str
    consent_at: datetime
    consent_version: str
    status: str
    status_note: str
    status_updated_at: datetime
    status_updated_by: str
    created_at: datetime
    retention_until: datetime


@dataclass(frozen=True)
class SavedSignup:
    """The outcome of a save: ``is_new`` is False when the idempotency key was seen before.

    ``deletion_token`` is the resident's private deletion token, given out by the save that
    stored it (None on a repeat: only its hash is kept).
    """

    signup: Signup
    is_new: bool
    deletion_token: str | None = None

    @property
    def ref(self) -> str:
        return self.signup.ref


@dataclass(frozen=True)
class Candidate:
    """A candidate or planned area drawn by staff; ``geometry`` is a GeoJSON dict in EPSG:4326."""

    id: int
    name: str
    geometry: dict
    status: str
    note: str
    created_by: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Correction:
    """A staff correction of a place's position; ``geometry`` is GeoJSON in EPSG:4326."""

    id: int
    place_id: str
    geometry: dict
    accuracy_m: float | None
    reason: str
    source: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Withdrawal:
    """What is left of a withdrawn or deleted sign-up: its reference, who ended it, and when."""

    ref: str
    by: str
    at: datetime


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who did what to which sign-up, and when (no personal data)."""

    at: datetime
    actor: str
    action: str
    subject: str | None
    detail: str


@dataclass(frozen=True)
class DownloadTicket:
    """A one-time download: who asked, what kind of file, which sign-ups, in which language, and
    the asker's credential stamp and the time of asking (to check the login still holds)."""

    actor: str
    kind: str
    refs: tuple[str, ...]
    lang: str
    stamp: str = ""
    issued_at: datetime | None = None
