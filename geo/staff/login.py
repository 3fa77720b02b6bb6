"""Checking a staff login against the accounts file, the failure count and any lock."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from geo.staff import accounts, passwords
from geo.staff import throttle as throttles
from geo.staff.throttle import LoginThrottle


@dataclass(frozen=True)
class LoginResult:
    """Outcome of :func:`verify`. ``retry_after_s`` is only non-zero when ``status == "locked"``."""

    status: Literal["ok", "wrong", "locked", "busy"]
    retry_after_s: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def verify(
    username: str,
    password: str,
    path: Path | None = None,
    now: float | None = None,
    *,
    throttle: LoginThrottle | None = None,
) -> LoginResult:
    """Check a login. ``now`` is seconds since the epoch (default: the throttle's clock).

    Every attempt is counted as a failure before its password is checked, in one step under
    the accounts file's lock, so parallel attempts cannot all slip past the limit; a right
    password then clears the count. Unknown usernames cost the same argon2 verification as
    wrong passwords and are throttled the same way, so responses do not reveal which
    usernames exist. Raises ValueError when the accounts file is not valid (fail closed).
    """
    path = Path(path) if path else accounts.staff_file()
    throttle = throttle or throttles.THROTTLE
    now = throttle.clock() if now is None else now
    if not passwords.HASHING.acquire(timeout=passwords.HASH_WAIT_S):
        return LoginResult("busy")  # not counted: the password was never checked
    try:
        with accounts.locked(path):
            stored = accounts.load(path)
            entry = stored["users"].get(username)
            # A password reset changes the hash, so it starts a fresh count.
            key = (str(path.resolve()), username, entry["hash"] if entry else "")
            until = max(throttle.locked_until(key, now) or 0.0, throttles.stored_lock_end(entry))
            if until > now:
                return LoginResult("locked", math.ceil(until - now))
            if entry is None:
                lock_end = throttle.record_failure(key, now)
            else:
                lock_end = throttles.count_failure(entry, throttle, now)
                accounts.save(path, stored)
        matches = passwords.password_matches(entry.get("hash") if entry else None, password)
    finally:
        passwords.HASHING.release()
    if matches and entry:
        throttle.clear(key)
        accounts.after_login(path, username, entry, password)
        return LoginResult("ok")
    if lock_end is None:
        return LoginResult("wrong")
    return LoginResult("locked", math.ceil(lock_end - now))
