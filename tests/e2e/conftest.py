"""A real headless Chromium against the running app, every other host blocked.

Everything reusable lives in :mod:`testkit` (shared with ``bench/``); this file only turns it
into fixtures. When a test fails, the stderr of every app process that ran during it is
added to the report.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from testkit import need
from testkit.app import apps_running_since, start_app
from testkit.browser import CHROMIUM, Guard, launch, new_context
from testkit.flows import add_staff_account
from testkit.waits import EXPECT_TIMEOUT_MS

_STARTED_KEY = pytest.StashKey[float]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    if call.when == "setup":
        item.stash[_STARTED_KEY] = call.start - time.time() + time.monotonic()
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        since = item.stash.get(_STARTED_KEY, 0.0)
        for app in apps_running_since(since):
            report.sections.append((f"stderr of {app.label} ({app.url})", app.stderr_tail() or "(empty)"))


@pytest.fixture(scope="session")
def app_env(tmp_path_factory) -> dict:
    var = tmp_path_factory.mktemp("e2e-var")
    return {
        "DATABASE_URL": f"sqlite:///{var}/e2e.sqlite3",
        "GLADSAXE_STAFF_FILE": str(var / "staff.json"),
        # Every browser here is 127.0.0.1, one address: lift the per-address sign-up limit
        # (tests/pages/test_join_abuse_page.py and tests/storage/test_signup_limits.py test it).
        "GLADSAXE_SIGNUPS_PER_HOUR": "1000",
    }


@pytest.fixture(scope="session")
def app_url(app_env):
    with start_app(app_env, label="app") as app:
        yield app.url


@pytest.fixture(scope="session")
def staff_account(app_env) -> str:
    """The staff account ``anna`` in the shared app's accounts file."""
    return add_staff_account(app_env["GLADSAXE_STAFF_FILE"])


@pytest.fixture(scope="session")
def browser():
    need(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


@pytest.fixture
def guard():
    return Guard()


@pytest.fixture
def page(browser, guard, request):
    """A page in a fresh context; ``@pytest.mark.parametrize("page", [viewport], indirect=True)`` sets its size."""
    context = new_context(browser, guard, viewport=getattr(request, "param", None))
    pg = context.new_page()
    guard.watch(pg)
    yield pg
    context.close()
