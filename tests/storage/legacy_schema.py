"""The schema exactly as ``create_all`` made it before migrations existed (frozen copy; never edit).

Copied from geo/storage.py at commit 86d7c32, with the app's UTCDateTime written as the plain
``DateTime(timezone=True)`` it stored. The migration tests build old databases with it.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Float, ForeignKey, Integer, MetaData, String, Table, Text

metadata = MetaData()
UTC_TIMESTAMP = DateTime(timezone=True)

registrations = Table(
    "registrations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ref", String(16), nullable=False, unique=True),
    Column("idempotency_key", String(128), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False),
    Column("phone", String(40)),
    Column("lon", Float),
    Column("lat", Float),
    Column("location_exact", Boolean, nullable=False),
    Column("size_m2", Float),
    Column("wishes", Text, nullable=False),
    Column("message", Text),
    Column("lang", String(2), nullable=False),
    Column("consent_at", UTC_TIMESTAMP, nullable=False),
    Column("consent_version", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("status_note", Text, nullable=False),
    Column("status_updated_at", UTC_TIMESTAMP, nullable=False),
    Column("status_updated_by", String(200), nullable=False),
    Column("created_at", UTC_TIMESTAMP, nullable=False),
    Column("retention_until", UTC_TIMESTAMP, nullable=False, index=True),
)

registration_status_changes = Table(
    "registration_status_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("registration_id", ForeignKey("registrations.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("changed_by", String(200), nullable=False),
    Column("changed_at", UTC_TIMESTAMP, nullable=False),
)

candidate_areas = Table(
    "candidate_areas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("geometry", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UTC_TIMESTAMP, nullable=False),
    Column("updated_at", UTC_TIMESTAMP, nullable=False),
)

position_corrections = Table(
    "position_corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("place_id", String(100), nullable=False, index=True),
    Column("geometry", Text, nullable=False),
    Column("accuracy_m", Float),
    Column("reason", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UTC_TIMESTAMP, nullable=False),
)
