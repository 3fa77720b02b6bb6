"""Counting failed logins: after MAX_FAILURES within WINDOW_S, a login is locked for LOCK_S.

For an existing account the count and the lock are kept in its entry in the accounts file
(:func:`count_failure`, called under the file lock, so every app process shares them and a
restart keeps them). Unknown usernames are counted in memory by a :class:`LoginThrottle`:
writing attacker-chosen names to disk would let anyone grow the file.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from geo.staff.accounts import epoch, iso

MAX_FAILURES = 5
WINDOW_S = 15 * 60
LOCK_S = 15 * 60


class LoginThrottle:
    """Thread-safe in-memory count of failed logins per key, with an injectable clock.

    Times are seconds since the epoch (wall clock, so they can be compared with locks
    persisted in the accounts file).
    """

    PRUNE_ABOVE = 10_000  # keys kept before stale ones are dropped

    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        max_failures: int = MAX_FAILURES,
        window_s: float = WINDOW_S,
        lock_s: float = LOCK_S,
    ) -> None:
        self.clock = clock
        self.max_failures = max_failures
        self.window_s = window_s
        self.lock_s = lock_s
        self._failures: dict[tuple, list[float]] = {}
        self._locked_until: dict[tuple, float] = {}
        self._lock = threading.Lock()

    def locked_until(self, key: tuple, now: float) -> float | None:
        """When the lock on ``key`` ends, or None when it is not locked at ``now``."""
        with self._lock:
            until = self._locked_until.get(key)
            return until if until is not None and until > now else None

    def record_failure(self, key: tuple, now: float) -> float | None:
        """Count a failure; return the lock's end time if this failure starts a lock."""
        with self._lock:
            recent = [t for t in self._failures.get(key, []) if now - t < self.window_s]
            recent.append(now)
            if len(recent) < self.max_failures:
                self._failures[key] = recent
                self._prune(now)
                return None
            self._failures.pop(key, None)
            self._locked_until[key] = now + self.lock_s
            return now + self.lock_s

    def clear(self, key: tuple) -> None:
        """Forget failures and any lock for ``key`` (after a successful login)."""
        with self._lock:
            self._failures.pop(key, None)
            self._locked_until.pop(key, None)

    def _prune(self, now: float) -> None:
        # Guessing random usernames must not grow memory without bound.
        if len(self._failures) + len(self._locked_until) <= self.PRUNE_ABOVE:
            return
        self._failures = {k: ts for k, ts in self._failures.items() if ts and now - ts[-1] < self.window_s}
        self._locked_until = {k: u for k, u in self._locked_until.items() if u > now}


THROTTLE = LoginThrottle()


def count_failure(entry: dict, throttle: LoginThrottle, now: float) -> float | None:
    """Count an attempt on an account as a failure in its file ``entry`` (changed in place),
    before its password is checked; return the end of the lock it starts, if it reaches the limit."""
    recent = [t for t in _epochs(entry.get("failures")) if now - t < throttle.window_s] + [now]
    if len(recent) < throttle.max_failures:
        entry["failures"] = [iso(t) for t in recent]
        return None
    entry.pop("failures", None)
    lock_end = now + throttle.lock_s
    entry["locked_until"] = iso(lock_end)
    return lock_end


def stored_lock_end(entry: dict | None) -> float:
    """When the account's stored lock ends (epoch seconds); 0 when there is none."""
    if not entry or not entry.get("locked_until"):
        return 0.0
    return epoch(entry["locked_until"]) or 0.0


def _epochs(values: object) -> list[float]:
    if not isinstance(values, list):
        return []
    return [t for t in (epoch(v) for v in values) if t is not None]
