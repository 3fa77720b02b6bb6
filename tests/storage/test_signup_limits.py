"""Sign-up limits counted in the database, on SQLite and PostgreSQL (issue 12, M1)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from geo.storage import Storage

HOUR = timedelta(hours=1)
T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
KEY = "a" * 64


def test_five_per_window_then_refused_then_a_new_window(storage):
    assert [storage.take_signup_slot(KEY, 5, HOUR, T0 + timedelta(minutes=i)) for i in range(6)] == [True] * 5 + [False]
    assert storage.take_signup_slot("b" * 64, 5, HOUR, T0)  # another address is not affected
    assert not storage.take_signup_slot(KEY, 5, HOUR, T0 + timedelta(minutes=59))
    assert storage.take_signup_slot(KEY, 5, HOUR, T0 + HOUR)


def test_old_counters_are_purged(storage):
    for i in range(3):
        storage.take_signup_slot(f"{i}" * 64, 5, HOUR, T0)
    assert storage.signup_counter_count() == 3
    storage.take_signup_slot(KEY, 5, HOUR, T0 + 2 * HOUR)
    assert storage.signup_counter_count() == 1


def test_a_slot_can_be_given_back(storage):
    for _ in range(5):
        storage.take_signup_slot(KEY, 5, HOUR, T0)
    storage.return_signup_slot(KEY)
    assert storage.take_signup_slot(KEY, 5, HOUR, T0)
    assert not storage.take_signup_slot(KEY, 5, HOUR, T0)


def test_two_processes_on_one_database_share_the_count_and_the_key(empty_url):
    first, second = Storage(empty_url), Storage(empty_url)
    try:
        taken = [(first if i % 2 else second).take_signup_slot(KEY, 5, HOUR, T0) for i in range(8)]
        assert taken.count(True) == 5
        assert first.address_secret() == second.address_secret()
        assert len(first.address_secret()) == 32
    finally:
        first.close()
        second.close()


def test_many_sessions_at_once_get_exactly_five(empty_url):
    stores = [Storage(empty_url) for _ in range(4)]  # four app processes
    try:
        with ThreadPoolExecutor(12) as pool:
            taken = list(pool.map(lambda i: stores[i % 4].take_signup_slot(KEY, 5, HOUR, T0), range(24)))
        assert taken.count(True) == 5
    finally:
        for store in stores:
            store.close()
