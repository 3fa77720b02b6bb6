"""The login lockout under parallel attempts, and the bound on argon2 hashes (issue 12, M2).

The probe sent 12 wrong passwords at once: all 12 were hashed (64 MiB each) and a right
password sent meanwhile still logged in. Hashers here are gated by events, so the tests decide
the interleaving instead of hoping for it.
"""

from __future__ import annotations

import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, ThreadPoolExecutor, wait
from multiprocessing import get_context
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from geo import staff

PASSWORD = "correct horse battery"
WRONG = "wrong password!!"
GATE_S = 30  # a safety net for a broken run; no test waits this long when it passes


def cheap() -> PasswordHasher:
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class GatedHasher(PasswordHasher):
    """Counts verifications and how many run at once; each waits until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.gate = threading.Event()
        self.started = threading.Semaphore(0)
        self.lock = threading.Lock()
        self.calls = self.active = self.most = 0

    def verify(self, stored, password):
        with self.lock:
            self.calls += 1
            self.active += 1
            self.most = max(self.most, self.active)
        self.started.release()
        try:
            self.gate.wait(GATE_S)
            return super().verify(stored, password)
        finally:
            with self.lock:
                self.active -= 1


@pytest.fixture
def path(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(staff.passwords, "make_hasher", cheap)
    file = tmp_path / "staff.json"
    staff.add_or_reset("anna", PASSWORD, file)
    return file


@pytest.fixture
def gated(monkeypatch) -> GatedHasher:
    hasher = GatedHasher()
    monkeypatch.setattr(staff.passwords, "make_hasher", lambda: hasher)
    return hasher


def attempt(path: Path, password: str, username: str = "anna", throttle=None) -> staff.LoginResult:
    return staff.verify(username, password, path, throttle=throttle or staff.LoginThrottle())


def wait_until_done(futures, count: int) -> None:
    while sum(f.done() for f in futures) < count:
        wait([f for f in futures if not f.done()], timeout=GATE_S, return_when=FIRST_COMPLETED)


def test_right_password_sent_during_twelve_wrong_ones_is_locked(path, gated, monkeypatch):
    monkeypatch.setattr(staff.passwords, "HASHING", threading.BoundedSemaphore(12))  # room for all 12
    throttle = staff.LoginThrottle()
    with ThreadPoolExecutor(12) as pool:
        futures = [pool.submit(attempt, path, WRONG, throttle=throttle) for _ in range(12)]
        for _ in range(staff.MAX_FAILURES):
            assert gated.started.acquire(timeout=GATE_S)
        wait_until_done(futures, 12 - staff.MAX_FAILURES)  # the rest are refused unhashed
        right = attempt(path, PASSWORD, throttle=throttle)  # while five are still being checked
        gated.gate.set()
        statuses = sorted(f.result().status for f in futures)
    assert right.status == "locked"
    assert gated.calls == staff.MAX_FAILURES  # not 12: only counted attempts are hashed
    assert statuses == ["locked"] * 8 + ["wrong"] * 4
    assert attempt(path, PASSWORD).status == "locked"


def test_twelve_parallel_wrong_then_right_is_locked_and_hashes_are_bounded(path, gated):
    throttle = staff.LoginThrottle()
    with ThreadPoolExecutor(12) as pool:
        futures = [pool.submit(attempt, path, WRONG, throttle=throttle) for _ in range(12)]
        for _ in range(staff.HASH_SLOTS):
            assert gated.started.acquire(timeout=GATE_S)
        gated.gate.set()
        assert {f.result().status for f in futures} <= {"wrong", "locked"}
    assert attempt(path, PASSWORD, throttle=throttle).status == "locked"
    assert gated.most == staff.HASH_SLOTS  # the bound is reached, never passed
    assert gated.calls <= staff.MAX_FAILURES


def test_unknown_usernames_are_hashed_at_most_two_at_a_time(path, gated):
    throttle = staff.LoginThrottle()
    with ThreadPoolExecutor(12) as pool:
        futures = [pool.submit(attempt, path, WRONG, f"nobody{i}", throttle) for i in range(12)]
        for _ in range(staff.HASH_SLOTS):
            assert gated.started.acquire(timeout=GATE_S)
        gated.gate.set()
        assert [f.result().status for f in futures] == ["wrong"] * 12
    assert gated.calls == 12 and gated.most == staff.HASH_SLOTS


def test_when_every_slot_is_busy_the_attempt_is_refused_politely_and_not_counted(path, monkeypatch):
    monkeypatch.setattr(staff.passwords, "HASH_WAIT_S", 0)
    held = [staff.passwords.HASHING.acquire(blocking=False) for _ in range(staff.HASH_SLOTS)]
    try:
        assert all(held)
        assert attempt(path, WRONG).status == "busy"
    finally:
        for _ in held:
            staff.passwords.HASHING.release()
    assert "failures" not in staff.accounts.load(path)["users"]["anna"]
    assert attempt(path, PASSWORD).ok


def test_a_right_password_clears_the_count_it_was_charged(path):
    for _ in range(staff.MAX_FAILURES - 1):
        assert attempt(path, WRONG).status == "wrong"
    assert attempt(path, PASSWORD).ok
    assert "failures" not in staff.accounts.load(path)["users"]["anna"]
    assert attempt(path, WRONG).status == "wrong"


def _attempts_in_another_process(path: str, count: int) -> tuple[int, list[str]]:
    calls = []

    class Counting(PasswordHasher):
        def verify(self, stored, password):
            calls.append(1)
            return super().verify(stored, password)

    staff.passwords.make_hasher = lambda: Counting(time_cost=1, memory_cost=8, parallelism=1)
    with ThreadPoolExecutor(count) as pool:
        statuses = list(pool.map(lambda _i: attempt(Path(path), WRONG).status, range(count)))
    return len(calls), statuses


def test_two_processes_sharing_the_file_share_one_count(path):
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        results = list(pool.map(_attempts_in_another_process, [str(path)] * 2, [6, 6]))
    assert sum(calls for calls, _statuses in results) == staff.MAX_FAILURES
    assert attempt(path, PASSWORD).status == "locked"
