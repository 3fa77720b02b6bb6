"""HTTP routes served beside the Streamlit app by ``st.App`` (see dashboard.py).

To add a route: write an ``async def handler(request) -> Response`` here (blocking work goes
through ``run_in_threadpool``) and list it in :data:`ROUTES`. Paths under ``/_stcore/``,
``/media/``, ``/component/`` and ``/static/`` belong to Streamlit. Every response gets the
security headers of :mod:`ui.headers` on the way out.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from geo.storage import StorageUnavailable
from ui.db import storage
from ui.headers import SecurityHeaders

NO_STORE = {"Cache-Control": "no-store"}


def _database_answers() -> bool:
    try:
        storage().ping()
    except StorageUnavailable:
        return False
    return True


async def healthz(_request: Request) -> Response:
    """200 when the app and its database answer, 503 otherwise (for load balancers)."""
    if await run_in_threadpool(_database_answers):
        return JSONResponse({"status": "ok", "database": "ok"}, headers=NO_STORE)
    return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503, headers=NO_STORE)


ROUTES = [
    Route("/healthz", healthz, methods=["GET", "HEAD"]),
]
MIDDLEWARE = [Middleware(SecurityHeaders)]
