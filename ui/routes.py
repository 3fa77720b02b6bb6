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

from geo.calendar.ics import CONTENT_TYPE
from geo.storage import StorageUnavailable
from ui import calendar as cal
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


async def calendar_ics(request: Request) -> Response:
    """The calendar as iCalendar: every place (/kalender.ics) or one (/kalender/<place-id>.ics)."""
    place_id = request.path_params.get("place_id")
    try:
        body = await run_in_threadpool(cal.ics_bytes, place_id)
    except StorageUnavailable:
        return Response(
            "Kalenderen kan ikke hentes lige nu.\n",
            status_code=503,
            media_type="text/plain; charset=utf-8",
            headers=NO_STORE,
        )
    if body is None:
        return Response("Stedet findes ikke på kortet.\n", status_code=404, media_type="text/plain; charset=utf-8")
    filename = f"{place_id or 'kalender'}.ics"
    headers = {"Cache-Control": "public, max-age=300", "Content-Disposition": f'inline; filename="{filename}"'}
    return Response(body, media_type=CONTENT_TYPE, headers=headers)


ROUTES = [
    Route("/healthz", healthz, methods=["GET", "HEAD"]),
    Route("/kalender.ics", calendar_ics, methods=["GET", "HEAD"]),
    Route("/kalender/{place_id}.ics", calendar_ics, methods=["GET", "HEAD"]),
]
MIDDLEWARE = [Middleware(SecurityHeaders)]
