"""Support code shared by the browser tests (``tests/``) and the benchmarks (``bench/``).

One home for starting the app, launching a guarded Chromium, waiting for conditions, logging
in and taking screenshots. It sits at the repository root so that ``bench/`` can use it
without importing anything from ``tests/``; it imports nothing from either.

- :mod:`testkit.app` — start an app process on a free port (stderr drained), stop it.
- :mod:`testkit.browser` — Debian's Chromium, local-only request guard, screenshots.
- :mod:`testkit.waits` — Streamlit's script state, reruns, the map iframe: conditions, never times.
- :mod:`testkit.flows` — what a user does: staff login, the sign-up form.
- :mod:`testkit.postgres` — the admin engine for throw-away test databases.
"""

import os

import pytest


def need(condition: bool, why: str) -> None:
    """Skip locally when a prerequisite is missing; in CI (``CI=true``) a skip is a failure."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why} (CI must run these tests)")
    pytest.skip(why)
