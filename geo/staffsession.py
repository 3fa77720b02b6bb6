"""When a local staff login stops counting: after 30 minutes without activity, or at once when
the account's password is reset or the account is removed.

The session keeps a *credential stamp*: a short fingerprint of the account's password hash as it
was at login. A reset writes a new hash (argon2 salts every hash), a removal leaves none, so a
stamp that no longer matches ends the session on its next run. The stamp is not a secret and
cannot be turned back into the hash.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from geo.staff.accounts import load, staff_file

IDLE_LIMIT_S = 30 * 60


def credential_stamp(username: str, path: Path | None = None) -> str | None:
    """The fingerprint of ``username``'s current password hash; None when there is no account.

    Raises ValueError when the accounts file cannot be read (callers fail closed).
    """
    entry = load(Path(path) if path else staff_file())["users"].get(username)
    stored = entry.get("hash") if isinstance(entry, dict) else None
    if not isinstance(stored, str) or not stored:
        return None
    return hashlib.sha256(stored.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class StaffSession:
    """What a local login keeps: who, the stamp at login and the time of the last run (epoch s)."""

    username: str
    stamp: str
    last_seen_s: float


def session_end(
    session: StaffSession, current_stamp: str | None, now_s: float, idle_limit_s: float = IDLE_LIMIT_S
) -> Literal["idle", "credentials"] | None:
    """Why ``session`` is over at ``now_s`` (seconds since the epoch), or None while it lives."""
    if current_stamp is None or current_stamp != session.stamp:
        return "credentials"
    if now_s - session.last_seen_s > idle_limit_s:
        return "idle"
    return None
