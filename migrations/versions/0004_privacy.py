"""Privacy (issue 11): deletion-link hash on sign-ups, withdrawal markers, audit log, download tickets.

Revision ID: 0004_privacy
Revises: 0003_signup_counters
Create Date: 2026-11-21

Sign-ups stored before this revision have no deletion link (their hash is NULL); residents can
still have them deleted through staff. Types are written out, as in the baseline.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_privacy"
down_revision = "0003_signup_counters"
branch_labels = None
depends_on = None

UTC_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("registrations", sa.Column("deletion_token_hash", sa.String(64), nullable=True))
    op.create_index("ix_registrations_deletion_token_hash", "registrations", ["deletion_token_hash"], unique=True)
    op.create_table(
        "signup_withdrawals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ref", sa.String(16), nullable=False, unique=True),
        sa.Column("withdrawn_by", sa.String(16), nullable=False),
        sa.Column("withdrawn_at", UTC_TIMESTAMP, nullable=False),
        sa.Column("expires_at", UTC_TIMESTAMP, nullable=False),
    )
    op.create_index("ix_signup_withdrawals_expires_at", "signup_withdrawals", ["expires_at"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", UTC_TIMESTAMP, nullable=False),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(16)),
        sa.Column("detail", sa.String(500), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "download_tickets",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("refs", sa.Text, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("expires_at", UTC_TIMESTAMP, nullable=False),
    )
    op.create_index("ix_download_tickets_expires_at", "download_tickets", ["expires_at"])


def downgrade() -> None:
    op.drop_table("download_tickets")
    op.drop_table("audit_log")
    op.drop_table("signup_withdrawals")
    op.drop_index("ix_registrations_deletion_token_hash", table_name="registrations")
    with op.batch_alter_table("registrations") as batch:
        batch.drop_column("deletion_token_hash")
