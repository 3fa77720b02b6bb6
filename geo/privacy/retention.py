"""Deleting sign-ups whose retention period is over, without anyone having to remember it.

A sign-up is kept until its retention date (``retention_until``, :data:`RETENTION_MONTHS` after
it was made) and gone by the end of that day (UTC) at the latest: each purge deletes everything
due on or before the day it runs, and purges are never more than a day apart.

The app runs :class:`PurgeSchedule` from its lifespan (``ui/background.py``): a purge at start-up,
then again whenever :data:`PURGE_EVERY` has passed. ``python -m geo.privacy purge`` runs the same
purge from a shell or cron. Several app processes on one database may purge at once: the storage
serialises purges (PostgreSQL advisory lock, SQLite write lock), so each expired sign-up is
deleted and counted exactly once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

PURGE_EVERY = timedelta(hours=24)
CHECK_EVERY_S = 15 * 60  # how often the background loop asks whether a purge is due
LOG = logging.getLogger(__name__)


class Purger(Protocol):
    def delete_expired(self, now: datetime | None = None) -> int: ...
    def count_expired(self, now: datetime | None = None) -> int: ...


# The last day a purge can run as: the end of the day after it is the latest time there is.
LAST_DAY = date.max - timedelta(days=1)


def cutoff(now: datetime | None = None) -> datetime:
    """The end of ``now``'s UTC day: sign-ups due before it are deleted by a purge at ``now``.

    Raises ValueError for a day after :data:`LAST_DAY`, whose end no datetime can hold.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    if now.date() > LAST_DAY:
        raise ValueError(f"a purge can run as of {LAST_DAY.isoformat()} at the latest")
    return datetime(now.year, now.month, now.day, tzinfo=UTC) + timedelta(days=1)


def purge(storage: Purger, now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Delete (or with ``dry_run`` only count) the sign-ups due by the end of ``now``'s UTC day."""
    until = cutoff(now)
    return storage.count_expired(until) if dry_run else storage.delete_expired(until)


def purge_report(count: int, *, dry_run: bool) -> str:
    """The purge's one-line outcome, e.g. ``deleted 3 sign-ups`` or ``would delete 1 sign-up``."""
    noun = "sign-up" if count == 1 else "sign-ups"
    return f"{'would delete' if dry_run else 'deleted'} {count} {noun}"


class PurgeSchedule:
    """Purges when due: first at the first :meth:`tick`, then once :data:`PURGE_EVERY` has passed.

    ``clock`` returns an aware UTC datetime (tests inject one); a purge that fails (database
    down) is not counted as done, so the next tick tries again.
    """

    def __init__(
        self,
        run: Callable[[datetime], int],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        every: timedelta = PURGE_EVERY,
    ) -> None:
        self.run = run
        self.clock = clock
        self.every = every
        self.last_run: datetime | None = None

    def due(self) -> bool:
        return self.last_run is None or self.clock() - self.last_run >= self.every

    def tick(self) -> int | None:
        """Purge if due and return how many sign-ups went; None when nothing was due."""
        if not self.due():
            return None
        now = self.clock()
        deleted = self.run(now)
        self.last_run = now
        if deleted:
            LOG.info("retention purge: %s", purge_report(deleted, dry_run=False))
        return deleted


async def run_forever(
    tick: Callable[[], Awaitable[int | None]],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    check_every_s: float = CHECK_EVERY_S,
) -> None:
    """Await ``tick`` (a schedule's tick, run off the event loop) now and every ``check_every_s``.

    Errors are logged, never raised: a database that is down at start-up must not stop the app,
    and the purge happens on the first tick after it is back.
    """
    while True:
        try:
            await tick()
        except Exception:  # logged and retried on the next check
            LOG.exception("retention purge failed; trying again in %s s", check_every_s)
        await sleep(check_every_s)
