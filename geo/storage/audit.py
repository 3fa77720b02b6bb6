"""The audit log and one-time download tickets: who handled personal data, and how files leave.

Audit entries name the staff member (or ``(resident)``/``(retention)``), the action, the sign-up's
reference and a detail such as a status or a count — never a name, an address or a note.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select

from geo.privacy import AUDIT_ACTIONS
from geo.privacy.tokens import new_token, token_hash
from geo.records import AuditEntry, DownloadTicket
from geo.storage.engine import Database, utc
from geo.storage.schema import audit_log, download_tickets

DETAIL_CHARS = 500


def write_audit(conn: Connection, actor: str, action: str, subject: str | None, detail: str, at: datetime) -> None:
    """Add an audit entry inside the caller's transaction, so it stands or falls with the change."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"action must be one of {AUDIT_ACTIONS}")
    conn.execute(
        insert(audit_log).values(at=at, actor=actor[:254], action=action, subject=subject, detail=detail[:DETAIL_CHARS])
    )


class AuditStore(Database):
    """The audit half of :class:`geo.storage.Storage`: entries and one-time download tickets."""

    def record_audit(
        self, actor: str, action: str, subject: str | None = None, detail: str = "", now: datetime | None = None
    ) -> None:
        """Write one audit entry (see the module docstring for what it may hold)."""
        with self._write() as conn:
            write_audit(conn, actor, action, subject, detail, utc(now))

    def audit_entries(self, limit: int = 1000) -> list[AuditEntry]:
        """The newest ``limit`` entries, newest first."""
        query = select(audit_log).order_by(audit_log.c.at.desc(), audit_log.c.id.desc()).limit(limit)
        with self._read() as conn:
            return [AuditEntry(row.at, row.actor, row.action, row.subject, row.detail) for row in conn.execute(query)]

    def issue_ticket(
        self,
        actor: str,
        kind: str,
        refs: list[str],
        lang: str,
        ttl_s: float = 60,
        now: datetime | None = None,
        *,
        login: str = "",
        client: str = "",
        stamp: str = "",
    ) -> str:
        """A one-time token for a download of ``refs``; only its hash is stored.

        ``login`` names the staff login that asks (:meth:`revoke_tickets` ends its tickets),
        ``client`` the asking browser (only it can use the ticket), ``stamp`` the account's
        credential stamp; the first two are stored as hashes.
        """
        token = new_token()
        at = utc(now)
        with self._write() as conn:
            conn.execute(delete(download_tickets).where(download_tickets.c.expires_at <= at))
            conn.execute(
                insert(download_tickets).values(
                    token_hash=token_hash(token),
                    actor=actor,
                    kind=kind,
                    refs=json.dumps(list(refs)),
                    lang=lang,
                    login_hash=token_hash(login),
                    client_hash=token_hash(client),
                    stamp=stamp,
                    issued_at=at,
                    expires_at=at + timedelta(seconds=ttl_s),
                )
            )
        return token

    def redeem_ticket(
        self,
        token: str,
        now: datetime | None = None,
        *,
        client: str = "",
        holds: Callable[[DownloadTicket], bool] = lambda _ticket: True,
    ) -> DownloadTicket | None:
        """Use up a ticket: the download it stands for, or None when unknown, used or expired.

        Only the browser it was issued to (``client``) uses it up: a request from anywhere else
        leaves it as it is. A ticket whose login no longer ``holds`` is dropped unused. The
        export is written to the audit log in the same transaction.
        """
        at = utc(now)
        with self._write() as conn:
            row = conn.execute(
                delete(download_tickets)
                .where(
                    download_tickets.c.token_hash == token_hash(token),
                    download_tickets.c.client_hash == token_hash(client),
                )
                .returning(*download_tickets.c)
            ).first()
            if row is None or row.expires_at <= at:
                return None
            refs = tuple(json.loads(row.refs))
            ticket = DownloadTicket(row.actor, row.kind, refs, row.lang, row.stamp, row.issued_at)
            if not holds(ticket):
                return None
            subject = refs[0] if len(refs) == 1 else None
            write_audit(conn, row.actor, "export", subject, f"{row.kind}, sign-ups={len(refs)}", at)
            return ticket

    def revoke_tickets(self, login: str) -> int:
        """End every ticket issued in the staff login ``login`` (at logout); how many there were."""
        with self._write() as conn:
            return conn.execute(
                delete(download_tickets).where(download_tickets.c.login_hash == token_hash(login))
            ).rowcount
