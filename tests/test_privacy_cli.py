"""``python -m geo.privacy purge`` from a shell, and the app's lifespan purging at start-up."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

from geo.signup import SignupIn
from geo.storage import Storage
from testkit.loops import run_coroutine

REPO = Path(__file__).resolve().parents[1]
T0 = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def purge_cli(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "geo.privacy", "purge", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def last_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_cli_counts_then_deletes_what_is_due_on_the_given_day(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    storage = Storage(url)
    for n in range(3):
        storage.save_signup(SignupIn(kind="other", name=f"N{n}", email=f"n{n}@example.dk", consent=True), f"k{n}", T0)
    storage.save_signup(
        SignupIn(kind="other", name="Ny", email="ny@example.dk", consent=True), "new", datetime.now(UTC)
    )
    storage.close()

    assert last_line(purge_cli(url, "--dry-run", "--now", "2028-11-19")) == "would delete 0 sign-ups"
    assert last_line(purge_cli(url, "--dry-run", "--now", "2028-11-20")) == "would delete 3 sign-ups"
    assert last_line(purge_cli(url, "--now", "2028-11-20")) == "deleted 3 sign-ups"
    assert last_line(purge_cli(url, "--now", "2028-11-20")) == "deleted 0 sign-ups"
    assert [s.name for s in Storage(url).list_signups()] == ["Ny"]


def test_cli_refuses_a_bad_date(tmp_path):
    done = purge_cli(f"sqlite:///{tmp_path / 'x.sqlite3'}", "--now", "20-11-2028")
    assert done.returncode == 2 and "is not a date" in done.stderr


def test_cli_refuses_the_last_date_there_is_with_a_message_not_a_traceback(tmp_path):
    url = f"sqlite:///{tmp_path / 'late.sqlite3'}"
    done = purge_cli(url, "--dry-run", "--now", "9999-12-31")
    assert done.returncode == 2 and "is too late" in done.stderr and "9999-12-30" in done.stderr
    assert "Traceback" not in done.stderr
    assert last_line(purge_cli(url, "--dry-run", "--now", "9999-12-30")) == "would delete 0 sign-ups"


def test_the_app_lifespan_purges_at_start_up(monkeypatch):
    from ui import background

    purged: list[datetime] = []
    done = threading.Event()

    def fake_purge(now: datetime) -> int:
        purged.append(now)
        done.set()
        return 0

    monkeypatch.setattr(background, "_purge_now", fake_purge)

    async def start_and_stop() -> bool:
        async with background.lifespan(None):
            return await asyncio.to_thread(done.wait, 30)  # waits for the condition, not for time

    assert run_coroutine(start_and_stop())
    assert len(purged) == 1 and purged[0].tzinfo is not None
