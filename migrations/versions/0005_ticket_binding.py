"""Download tickets bound to the staff login and the browser that asked for them.

Revision ID: 0005_ticket_binding
Revises: 0004_privacy
Create Date: 2026-12-03

A ticket now keeps a hash of the login it was issued in (logging out revokes it), a hash of the
asking browser's key (another client cannot use it), the account's credential stamp and the
issue time (a password reset, the account's removal or the idle limit ends it). Tickets live 60
seconds, so the table is made anew rather than filled in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_ticket_binding"
down_revision = "0004_privacy"
branch_labels = None
depends_on = None

UTC_TIMESTAMP = sa.DateTime(timezone=True)


def _tickets(*extra: sa.Column) -> None:
    op.create_table(
        "download_tickets",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("refs", sa.Text, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        *extra,
        sa.Column("expires_at", UTC_TIMESTAMP, nullable=False),
    )
    op.create_index("ix_download_tickets_expires_at", "download_tickets", ["expires_at"])


def upgrade() -> None:
    op.drop_table("download_tickets")
    _tickets(
        sa.Column("login_hash", sa.String(64), nullable=False),
        sa.Column("client_hash", sa.String(64), nullable=False),
        sa.Column("stamp", sa.String(64), nullable=False),
        sa.Column("issued_at", UTC_TIMESTAMP, nullable=False),
    )
    op.create_index("ix_download_tickets_login_hash", "download_tickets", ["login_hash"])


def downgrade() -> None:
    op.drop_table("download_tickets")
    _tickets()
