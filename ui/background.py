"""Work the app does by itself while it runs: the retention purge (``st.App`` lifespan hook).

At start-up the lifespan starts one background task per app process. It purges at once and then
whenever a day has passed since the last purge (:mod:`geo.privacy.retention`), on a worker thread
so the event loop keeps serving. Several processes on one PostgreSQL may all do this: the storage
serialises their purges.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from starlette.concurrency import run_in_threadpool

from geo.privacy.retention import PurgeSchedule, purge, run_forever


def _purge_now(now: datetime) -> int:
    from ui.db import storage  # imported once Streamlit's runtime runs (st.cache_resource)

    return purge(storage(), now)


@contextlib.asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """Start the purge loop with the app; stop it when the app stops."""
    schedule = PurgeSchedule(_purge_now)
    task = asyncio.create_task(run_forever(lambda: run_in_threadpool(schedule.tick)))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
