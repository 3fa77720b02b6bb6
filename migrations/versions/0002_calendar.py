"""The care calendar: events per place and a who/when history that outlives a deleted event.

Revision ID: 0002_calendar
Revises: 0001_baseline
Create Date: 2026-12-01

Installations that ran the calendar before migrations covered it already have both tables
(made by the calendar module itself); they are left as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_calendar"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

UTC_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "calendar_events" not in existing:
        op.create_table(
            "calendar_events",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("uid", sa.String(64), nullable=False, unique=True),
            sa.Column("place_id", sa.String(100), nullable=False, index=True),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("start_day", sa.Date, nullable=False),
            sa.Column("end_day", sa.Date, nullable=False),
            sa.Column("week_based", sa.Boolean, nullable=False),
            sa.Column("starts_at", sa.String(5)),
            sa.Column("ends_at", sa.String(5)),
            sa.Column("repeats_yearly", sa.Boolean, nullable=False),
            sa.Column("title_da", sa.Text, nullable=False),
            sa.Column("title_en", sa.Text, nullable=False),
            sa.Column("text_da", sa.Text, nullable=False),
            sa.Column("text_en", sa.Text, nullable=False),
            sa.Column("why_da", sa.Text, nullable=False),
            sa.Column("why_en", sa.Text, nullable=False),
            sa.Column("link", sa.Text),
            sa.Column("created_by", sa.String(200), nullable=False),
            sa.Column("created_at", UTC_TIMESTAMP, nullable=False),
            sa.Column("updated_by", sa.String(200), nullable=False),
            sa.Column("updated_at", UTC_TIMESTAMP, nullable=False),
        )
    if "calendar_event_changes" not in existing:
        op.create_table(
            "calendar_event_changes",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("event_id", sa.Integer, nullable=False, index=True),
            sa.Column("event_uid", sa.String(64), nullable=False),
            sa.Column("place_id", sa.String(100), nullable=False),
            sa.Column("action", sa.String(16), nullable=False),
            sa.Column("summary", sa.Text, nullable=False),
            sa.Column("changed_by", sa.String(200), nullable=False),
            sa.Column("changed_at", UTC_TIMESTAMP, nullable=False),
        )


def downgrade() -> None:
    op.drop_table("calendar_event_changes")
    op.drop_table("calendar_events")
