"""Baseline: the four tables as the app created them before migrations existed.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-11-20

Databases made before migrations already have these tables; the app stamps them with this
revision instead of running it (see ``geo.storage.migrate``). Types are written out here rather
than imported from the app, so this file keeps describing the same schema when the app changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None

# The app's UTCDateTime stores this type; values are always UTC.
UTC_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "registrations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ref", sa.String(16), nullable=False, unique=True),
        sa.Column("idempotency_key", sa.String(128), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("phone", sa.String(40)),
        sa.Column("lon", sa.Float),
        sa.Column("lat", sa.Float),
        sa.Column("location_exact", sa.Boolean, nullable=False),
        sa.Column("size_m2", sa.Float),
        sa.Column("wishes", sa.Text, nullable=False),
        sa.Column("message", sa.Text),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("consent_at", UTC_TIMESTAMP, nullable=False),
        sa.Column("consent_version", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_note", sa.Text, nullable=False),
        sa.Column("status_updated_at", UTC_TIMESTAMP, nullable=False),
        sa.Column("status_updated_by", sa.String(200), nullable=False),
        sa.Column("created_at", UTC_TIMESTAMP, nullable=False),
        sa.Column("retention_until", UTC_TIMESTAMP, nullable=False),
    )
    op.create_index("ix_registrations_retention_until", "registrations", ["retention_until"])
    op.create_table(
        "registration_status_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "registration_id",
            sa.Integer,
            sa.ForeignKey("registrations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", UTC_TIMESTAMP, nullable=False),
    )
    op.create_index(
        "ix_registration_status_changes_registration_id", "registration_status_changes", ["registration_id"]
    )
    op.create_table(
        "candidate_areas",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("geometry", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", UTC_TIMESTAMP, nullable=False),
        sa.Column("updated_at", UTC_TIMESTAMP, nullable=False),
    )
    op.create_table(
        "position_corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("place_id", sa.String(100), nullable=False),
        sa.Column("geometry", sa.Text, nullable=False),
        sa.Column("accuracy_m", sa.Float),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", UTC_TIMESTAMP, nullable=False),
    )
    op.create_index("ix_position_corrections_place_id", "position_corrections", ["place_id"])


def downgrade() -> None:
    op.drop_table("position_corrections")
    op.drop_table("candidate_areas")
    op.drop_table("registration_status_changes")
    op.drop_table("registrations")
