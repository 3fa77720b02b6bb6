"""Retention runs by itself: the purge cutoff, the daily schedule and the loop, with an injected clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from geo.privacy.retention import PURGE_EVERY, PurgeSchedule, cutoff, purge, purge_report, run_forever
from testkit.loops import run_coroutine

T0 = datetime(2027, 3, 14, 9, 30, tzinfo=UTC)


class FakeStorage:
    """Records what it was asked to delete; "expired" means retention_until <= until."""

    def __init__(self, due: list[datetime]) -> None:
        self.due = list(due)
        self.calls: list[tuple[str, datetime]] = []

    def delete_expired(self, now=None):
        self.calls.append(("delete", now))
        gone = [d for d in self.due if d <= now]
        self.due = [d for d in self.due if d > now]
        return len(gone)

    def count_expired(self, now=None):
        self.calls.append(("count", now))
        return sum(1 for d in self.due if d <= now)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_cutoff_is_the_end_of_the_utc_day():
    assert cutoff(T0) == datetime(2027, 3, 15, tzinfo=UTC)
    late_copenhagen = datetime(2027, 3, 14, 23, 30, tzinfo=UTC).astimezone()
    assert cutoff(late_copenhagen) == datetime(2027, 3, 15, tzinfo=UTC)


def test_purge_deletes_everything_due_today_and_nothing_due_tomorrow():
    storage = FakeStorage([T0 - timedelta(days=400), T0 + timedelta(hours=10), T0 + timedelta(days=1)])
    assert purge(storage, T0, dry_run=True) == 2
    assert len(storage.due) == 3  # a dry run deletes nothing
    assert purge(storage, T0) == 2
    assert storage.due == [T0 + timedelta(days=1)]


def test_report_wording():
    assert purge_report(3, dry_run=False) == "deleted 3 sign-ups"
    assert purge_report(1, dry_run=True) == "would delete 1 sign-up"
    assert purge_report(0, dry_run=False) == "deleted 0 sign-ups"


def test_schedule_purges_at_start_then_once_a_day():
    clock = Clock(T0)
    runs: list[datetime] = []
    schedule = PurgeSchedule(lambda now: runs.append(now) or 0, clock=clock)
    assert schedule.tick() == 0  # at start-up
    clock.now = T0 + PURGE_EVERY - timedelta(minutes=1)
    assert schedule.tick() is None
    clock.now = T0 + PURGE_EVERY
    assert schedule.tick() == 0
    clock.now = T0 + 2 * PURGE_EVERY + timedelta(hours=5)
    schedule.tick()
    assert runs == [T0, T0 + PURGE_EVERY, T0 + 2 * PURGE_EVERY + timedelta(hours=5)]


def test_a_sign_up_is_gone_on_its_retention_day_at_the_latest():
    """Whatever the hour the app started, the daily purge never lets a sign-up see the day after its date."""
    for start_hour in (0, 7, 23):
        clock = Clock(datetime(2027, 3, 1, start_hour, 59, tzinfo=UTC))
        due = datetime(2027, 3, 5, 23, 59, tzinfo=UTC)
        storage = FakeStorage([due])
        schedule = PurgeSchedule(lambda now, s=storage: purge(s, now), clock=clock)
        while storage.due:
            clock.now += timedelta(minutes=15)
            schedule.tick()
        assert clock.now.date() <= due.date(), start_hour  # purged on its retention day at the latest
        assert clock.now.date() >= due.date() - timedelta(days=1)  # and not days early


def test_a_failed_purge_is_tried_again_on_the_next_tick():
    clock = Clock(T0)
    attempts = []

    def flaky(now):
        attempts.append(now)
        if len(attempts) == 1:
            raise ConnectionError("database down")
        return 2

    schedule = PurgeSchedule(flaky, clock=clock)
    with pytest.raises(ConnectionError):
        schedule.tick()
    clock.now = T0 + timedelta(minutes=15)
    assert schedule.tick() == 2


def test_the_loop_keeps_going_after_an_error_and_sleeps_between_ticks():
    ticks, sleeps = [], []

    async def tick():
        ticks.append(1)
        if len(ticks) == 1:
            raise RuntimeError("database down")

    async def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 3:
            raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        run_coroutine(run_forever(tick, sleep=sleep, check_every_s=900))
    assert len(ticks) == 3 and sleeps == [900, 900, 900]
