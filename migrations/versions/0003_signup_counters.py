"""Sign-up counters per client-address hash, and the per-database key for that hash (issue 12).

Revision ID: 0003_signup_counters
Revises: 0002_calendar
Create Date: 2026-12-01

A counter row names an address only by its keyed hash and lives for one window; the key is
made once per database so every app process on it hashes an address alike.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_signup_counters"
down_revision = "0002_calendar"
branch_labels = None
depends_on = None

UTC_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "signup_counters",
        sa.Column("address_key", sa.String(64), primary_key=True),
        sa.Column("window_start", UTC_TIMESTAMP, nullable=False),
        sa.Column("signups", sa.Integer, nullable=False),
    )
    op.create_index("ix_signup_counters_window_start", "signup_counters", ["window_start"])
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(128), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("app_secrets")
    op.drop_index("ix_signup_counters_window_start", table_name="signup_counters")
    op.drop_table("signup_counters")
