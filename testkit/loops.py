"""Running a coroutine from a test while Playwright's sync API owns the main thread's event loop.

The e2e suite keeps one Playwright browser for the whole session, and its sync API runs an
event loop in the main thread; ``asyncio.run`` there fails with "cannot be called from a running
event loop". A thread of its own gets a fresh loop, whatever ran before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)`` in a new thread; returns its result or raises its exception."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-loop") as pool:
        return pool.submit(asyncio.run, coroutine).result()
