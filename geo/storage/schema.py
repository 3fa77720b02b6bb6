"""The tables, as the newest migration leaves them, and how values are kept in them.

Every change to these tables needs a migration in ``migrations/versions`` (see the README);
``tests/storage/test_migrations.py`` fails when the two disagree. The table names predate the
one-name-per-concept rule ("registrations" are sign-ups); they are kept because installed
databases use them and a rename would buy nothing for the people using the app.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Float, ForeignKey, Integer, MetaData, String, Table, Text
from sqlalchemy.types import TypeDecorator

from geo.geometry import GEOMETRY_TYPES, GeometryProblem, parse_geometry
from geo.records import CANDIDATE_NAME_MAX
from geo.signup import EMAIL_MAX, NAME_MAX, PHONE_MAX


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp; SQLite keeps no zone, so UTC is stored and re-attached."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing a naive datetime; pass a timezone-aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

signups = Table(
    "registrations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ref", String(16), nullable=False, unique=True),
    Column("idempotency_key", String(128), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("name", String(NAME_MAX), nullable=False),
    Column("email", String(EMAIL_MAX), nullable=False),
    Column("phone", String(PHONE_MAX)),
    Column("lon", Float),
    Column("lat", Float),
    Column("location_exact", Boolean, nullable=False),
    Column("size_m2", Float),
    Column("wishes", Text, nullable=False),
    Column("message", Text),
    Column("lang", String(2), nullable=False),
    Column("consent_at", UTCDateTime, nullable=False),
    Column("consent_version", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("status_note", Text, nullable=False),
    Column("status_updated_at", UTCDateTime, nullable=False),
    Column("status_updated_by", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("retention_until", UTCDateTime, nullable=False, index=True),
    # SHA-256 of the resident's private deletion link; the token itself is never stored.
    Column("deletion_token_hash", String(64), index=True, unique=True),
)

status_changes = Table(
    "registration_status_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    # CASCADE: erasing a sign-up must erase its notes too.
    Column(
        "registration_id",
        ForeignKey("registrations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("changed_by", String(200), nullable=False),
    Column("changed_at", UTCDateTime, nullable=False),
)

# What is left of a sign-up its resident withdrew or staff deleted: the reference and when, so the
# staff list can say so. Kept only until the sign-up's own retention date.
withdrawals = Table(
    "signup_withdrawals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ref", String(16), nullable=False, unique=True),
    Column("withdrawn_by", String(16), nullable=False),
    Column("withdrawn_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False, index=True),
)

# Who viewed, exported, changed or deleted sign-ups, and when: references and counts, never the
# personal data itself.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False, index=True),
    Column("actor", String(254), nullable=False),
    Column("action", String(16), nullable=False),
    Column("subject", String(16)),
    Column("detail", String(500), nullable=False),
)

# One-time staff downloads of personal data: which sign-ups (by reference), for whom, until when,
# bound to the login (hash of its id) and the browser (hash of its key) that asked, with the
# account's credential stamp at issue. The file is built when the ticket is used; the ticket
# row is deleted in the same transaction.
download_tickets = Table(
    "download_tickets",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("actor", String(254), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("refs", Text, nullable=False),
    Column("lang", String(2), nullable=False),
    Column("login_hash", String(64), nullable=False, index=True),
    Column("client_hash", String(64), nullable=False),
    Column("stamp", String(64), nullable=False),
    Column("issued_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False, index=True),
)

candidates = Table(
    "candidate_areas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(CANDIDATE_NAME_MAX), nullable=False),
    Column("geometry", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

corrections = Table(
    "position_corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("place_id", String(100), nullable=False, index=True),
    Column("geometry", Text, nullable=False),
    Column("accuracy_m", Float),
    Column("reason", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)


# Sign-up limits per client address (issue 12): only a keyed hash of the address is kept, and a
# row lives for one window. The key for that hash is made once per database (app_secrets).
signup_counters = Table(
    "signup_counters",
    metadata,
    Column("address_key", String(64), primary_key=True),
    Column("window_start", UTCDateTime, nullable=False, index=True),
    Column("signups", Integer, nullable=False),
)

app_secrets = Table(
    "app_secrets",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(128), nullable=False),
)


def geojson_text(geometry: dict, allowed: tuple[str, ...] | None = None) -> str:
    """Check a GeoJSON geometry in EPSG:4326 and return it as the text kept in the database."""
    try:
        parsed = parse_geometry(geometry, allowed or GEOMETRY_TYPES)
    except GeometryProblem as problem:
        if problem.code == "wrong_type":
            raise ValueError(f"geometry must be a GeoJSON {' or '.join(allowed or ('geometry',))}") from None
        if problem.code == "malformed":
            raise ValueError("geometry is not valid GeoJSON") from None
        raise ValueError("geometry is empty or invalid") from None
    west, south, east, north = parsed.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError("geometry is not in lon/lat degrees (EPSG:4326)")
    return json.dumps(geometry)


def geojson_value(text: str) -> dict:
    """The GeoJSON dict (EPSG:4326) kept as ``text``."""
    return json.loads(text)


# The care calendar (geo.calendar): events and a who/when history that outlives a deleted event.
calendar_events = Table(
    "calendar_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(64), nullable=False, unique=True),
    Column("place_id", String(100), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("start_day", Date, nullable=False),
    Column("end_day", Date, nullable=False),
    Column("week_based", Boolean, nullable=False),
    Column("starts_at", String(5)),
    Column("ends_at", String(5)),
    Column("repeats_yearly", Boolean, nullable=False),
    Column("title_da", Text, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("text_da", Text, nullable=False),
    Column("text_en", Text, nullable=False),
    Column("why_da", Text, nullable=False),
    Column("why_en", Text, nullable=False),
    Column("link", Text),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_by", String(200), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# No foreign key: the history of a deleted event is kept.
calendar_event_changes = Table(
    "calendar_event_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, nullable=False, index=True),
    Column("event_uid", String(64), nullable=False),
    Column("place_id", String(100), nullable=False),
    Column("action", String(16), nullable=False),
    Column("summary", Text, nullable=False),
    Column("changed_by", String(200), nullable=False),
    Column("changed_at", UTCDateTime, nullable=False),
)
