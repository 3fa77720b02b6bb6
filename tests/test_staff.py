import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from geo import staff
from geo.staff import LOCK_S, LoginThrottle, add_or_reset, list_accounts, remove, verify

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
T0 = 1_700_000_000.0


class Clock:
    """A clock the test moves by hand, so nothing sleeps."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch):
    """argon2id with tiny costs: same code path, milliseconds instead of a second."""
    calls = []

    class CountingHasher(PasswordHasher):
        def verify(self, stored, password):
            calls.append(stored)
            return super().verify(stored, password)

    monkeypatch.setattr(
        staff.passwords, "make_hasher", lambda: CountingHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    return calls


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "var" / "staff.json"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def throttle(clock) -> LoginThrottle:
    return LoginThrottle(clock=clock)


def fail(n, path, throttle, username="anna"):
    return [verify(username, "wrong password!", path, throttle=throttle) for _ in range(n)]


def test_add_then_verify(path, throttle):
    add_or_reset("anna", PASSWORD, path)
    assert verify("anna", PASSWORD, path, throttle=throttle).ok


def test_wrong_password(path, throttle):
    add_or_reset("anna", PASSWORD, path)
    assert verify("anna", "not the password", path, throttle=throttle).status == "wrong"


def test_unknown_user_costs_a_hash_check_like_a_wrong_password(path, throttle, cheap_hasher):
    add_or_reset("anna", PASSWORD, path)
    result = verify("bo", PASSWORD, path, throttle=throttle)
    assert result.status == "wrong"
    assert len(cheap_hasher) == 1
    assert cheap_hasher[0].startswith("$argon2id$")


def test_no_default_account(path, throttle):
    assert verify("admin", "admin", path, throttle=throttle).status == "wrong"
    assert not path.exists()


def test_lockout_after_five_failures_then_expiry(path, throttle, clock):
    add_or_reset("anna", PASSWORD, path)
    results = fail(5, path, throttle)
    assert [r.status for r in results] == ["wrong"] * 4 + ["locked"]
    clock.now += 60
    locked = verify("anna", PASSWORD, path, throttle=throttle)
    assert (locked.status, locked.retry_after_s) == ("locked", LOCK_S - 60)
    clock.now = T0 + LOCK_S
    assert verify("anna", PASSWORD, path, throttle=throttle).ok


def test_failures_spread_over_more_than_15_minutes_do_not_lock(path, throttle, clock):
    add_or_reset("anna", PASSWORD, path)
    fail(4, path, throttle)
    clock.now += 15 * 60
    assert fail(1, path, throttle)[0].status == "wrong"


def test_success_resets_the_count(path, throttle):
    add_or_reset("anna", PASSWORD, path)
    fail(4, path, throttle)
    assert verify("anna", PASSWORD, path, throttle=throttle).ok
    assert [r.status for r in fail(4, path, throttle)] == ["wrong"] * 4


def test_unknown_usernames_are_throttled_too(path, throttle):
    assert [r.status for r in fail(5, path, throttle, username="bo")][-1] == "locked"
    assert not path.exists()  # attacker-chosen names are never written down


def test_lock_survives_a_restart(path, throttle, clock):
    add_or_reset("anna", PASSWORD, path)
    fail(5, path, throttle)
    assert "locked_until" in json.loads(path.read_text())["users"]["anna"]
    after_restart = LoginThrottle(clock=clock)
    clock.now += 1
    assert verify("anna", PASSWORD, path, throttle=after_restart).status == "locked"
    clock.now = T0 + LOCK_S
    assert verify("anna", PASSWORD, path, throttle=after_restart).ok
    assert "locked_until" not in json.loads(path.read_text())["users"]["anna"]


def test_password_reset_lifts_the_lock(path, throttle):
    add_or_reset("anna", PASSWORD, path)
    fail(5, path, throttle)
    add_or_reset("anna", "a brand new passphrase", path)
    assert verify("anna", "a brand new passphrase", path, throttle=throttle).ok


def test_file_holds_only_argon2id_hashes_with_mode_0600(path):
    add_or_reset("anna", PASSWORD, path)
    text = path.read_text()
    assert PASSWORD not in text
    assert json.loads(text)["users"]["anna"]["hash"].startswith("$argon2id$")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # No temp files left; the empty lock file that serialises writers stays.
    assert sorted(p.name for p in path.parent.iterdir()) == [".staff.json.lock", "staff.json"]


def test_default_file_is_under_the_repository(monkeypatch):
    monkeypatch.delenv("GLADSAXE_STAFF_FILE", raising=False)
    assert staff.staff_file() == REPO / "var" / "staff.json"


@pytest.mark.parametrize("username", ["ab", "a" * 41, "Anna", "an na", "anna!", "ænne", ""])
def test_invalid_username_is_rejected(username, path):
    with pytest.raises(ValueError, match="Username"):
        add_or_reset(username, PASSWORD, path)


def test_short_password_is_rejected(path):
    with pytest.raises(ValueError, match="12 characters"):
        add_or_reset("anna", "elevenchars", path)
    assert not path.exists()


def test_list_and_remove(path):
    add_or_reset("bent", PASSWORD, path)
    add_or_reset("anna", PASSWORD, path)
    assert [a.username for a in list_accounts(path)] == ["anna", "bent"]
    assert remove("bent", path)
    assert not remove("bent", path)
    assert [a.username for a in list_accounts(path)] == ["anna"]


def test_throttle_counts_concurrent_failures_exactly():
    throttle = LoginThrottle(clock=lambda: T0, max_failures=40)
    locks = []

    def hammer():
        for _ in range(10):
            locks.append(throttle.record_failure(("f", "anna", ""), T0))

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [lock for lock in locks if lock is not None] == [T0 + LOCK_S]


def run_cli(path, *args, stdin=""):
    env = {**os.environ, "GLADSAXE_STAFF_FILE": str(path)}
    return subprocess.run(
        [sys.executable, "-m", "geo.staff", *args],
        input=stdin,
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_add_list_remove(path, throttle):
    added = run_cli(path, "add", "anna", stdin=f"{PASSWORD}\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == f"Staff account 'anna' saved in {path}"
    assert verify("anna", PASSWORD, path, throttle=throttle).ok
    assert run_cli(path, "list").stdout.startswith("anna (created ")
    assert run_cli(path, "remove", "anna").returncode == 0
    assert list_accounts(path) == []


@pytest.mark.parametrize(("username", "password"), [("anna", "too short\n"), ("A!", f"{PASSWORD}\n")])
def test_cli_rejects_invalid_input_with_exit_2(path, username, password):
    result = run_cli(path, "add", username, stdin=password)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
    assert not path.exists()
