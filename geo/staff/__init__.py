"""Local staff accounts, used when no OpenID Connect provider is configured.

Accounts live in one JSON file (env ``GLADSAXE_STAFF_FILE``, default ``<repo>/var/staff.json``)::

    {"users": {"anna": {"hash": "$argon2id$...", "created": "...", "updated": "...",
                        "locked_until": "..."}}}

Only argon2id hashes are stored, never passwords, and there is no default account: the first
one is made with ``python -m geo.staff add USERNAME``.

Lockout: 5 failed logins for one username within 15 minutes lock it for 15 minutes, during
which even the right password is refused. For an existing account the count and the lock are
kept in the accounts file, updated under a lock shared by every app process, so a restart does
not lift a lock and parallel attempts cannot slip past the limit. Unknown usernames are counted
in memory only (see :mod:`geo.staff.throttle`). Resetting a password (``add``) lifts the lock.

Modules: ``accounts`` (the file), ``passwords`` (argon2 hashing, bounded), ``throttle``
(failure counting), ``login`` (:func:`verify`, which uses all three), ``cli`` (``python -m geo.staff``).
"""

from __future__ import annotations

from geo.staff.accounts import (
    MIN_PASSWORD_CHARS,
    USERNAME_MAX_CHARS,
    StaffAccount,
    add_or_reset,
    check_username,
    list_accounts,
    remove,
    staff_file,
)
from geo.staff.login import LoginResult, verify
from geo.staff.passwords import HASH_SLOTS
from geo.staff.throttle import LOCK_S, MAX_FAILURES, THROTTLE, WINDOW_S, LoginThrottle

__all__ = [
    "HASH_SLOTS",
    "LOCK_S",
    "MAX_FAILURES",
    "MIN_PASSWORD_CHARS",
    "USERNAME_MAX_CHARS",
    "THROTTLE",
    "WINDOW_S",
    "LoginResult",
    "LoginThrottle",
    "StaffAccount",
    "add_or_reset",
    "check_username",
    "list_accounts",
    "remove",
    "staff_file",
    "verify",
]
