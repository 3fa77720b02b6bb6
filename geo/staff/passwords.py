"""Password hashing for staff accounts: argon2id, with equal work for unknown accounts.

Each argon2 hash costs 64 MiB, so at most HASH_SLOTS run at once per process (:data:`HASHING`);
a login waits up to HASH_WAIT_S for a slot and is otherwise answered "busy".
"""

from __future__ import annotations

import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

HASH_SLOTS = 2  # argon2id hashes at once per process (64 MiB each with the defaults)
HASH_WAIT_S = 10.0
HASHING = threading.BoundedSemaphore(HASH_SLOTS)
_dummy_hash: str | None = None


def make_hasher() -> PasswordHasher:
    """The password hasher: argon2-cffi's defaults (argon2id). Tests swap in a cheaper one."""
    return PasswordHasher()


def hash_password(password: str) -> str:
    """A new salted argon2id hash of ``password``."""
    return make_hasher().hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored_hash``; without a usable hash, the same work, then False."""
    hasher = make_hasher()
    stored = stored_hash or ""
    usable = stored.startswith("$argon2id$")
    if not usable:
        stored = _dummy(hasher)  # same work as a real check, then fail
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    return usable


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's hasher uses."""
    return make_hasher().check_needs_rehash(stored_hash)


def _dummy(hasher: PasswordHasher) -> str:
    global _dummy_hash
    if _dummy_hash is None or hasher.check_needs_rehash(_dummy_hash):
        _dummy_hash = hasher.hash(secrets.token_urlsafe(32))
    return _dummy_hash
