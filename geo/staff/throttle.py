"""Counting failed logins: after too many within a window, a key is locked for a while.

Kept in memory per process (see the README's "Running on more than one machine"); this module
is the one place to change if the count is to be shared between processes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

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
