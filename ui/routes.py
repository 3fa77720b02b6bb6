"""HTTP routes served beside the Streamlit app by ``st.App`` (see dashboard.py).

- ``/embed``: the lightweight map for framing in other sites (:mod:`geo.embed`).
- ``/api/places.geojson``, ``/api/partnerships.json``: the public data (:mod:`geo.opendata`).
- ``/healthz``: 200 when the app and its database answer, 503 otherwise.
- ``/personale/hent/<ticket>``: a staff download of personal data, once, built when fetched
  (:func:`ui.privacy.redeem_download`).

To add a route: write an ``async def handler(request) -> Response`` here (blocking work goes
through ``run_in_threadpool``) and list it in :data:`ROUTES`. Paths under ``/_stcore/``,
``/media/``, ``/component/`` and ``/static/`` belong to Streamlit. Every response gets the
security headers of :mod:`ui.headers` on the way out.

Data comes from :mod:`ui.data`, the same caches the pages use, so a correction shows here
when it shows on the map. Built bodies are kept per catalogue version and request, so a
burst of citizens costs one build, not one per request.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from geo.calendar.ics import CONTENT_TYPE
from geo.catalog import PARTNERSHIPS_FILE
from geo.embed import EmbedRequest, EmbedTexts, content_security_policy, embed_data, embed_page
from geo.maps import TileConfig
from geo.models import CATEGORIES, PLACE_KINDS, WILDNESS
from geo.opendata import etag, etag_matches, partnerships_json, to_bytes
from geo.signup import GRID_M
from geo.storage import StorageUnavailable
from ui.db import storage
from ui.headers import FramePolicy, SecurityHeaders
from ui.i18n import LANGS, t

NO_STORE = {"Cache-Control": "no-store"}
MAX_BUILT = 256


@dataclass(frozen=True)
class Body:
    """A built response body, its gzip form (compressed once, not per request) and its ETag."""

    plain: bytes
    gzipped: bytes
    tag: str

    @classmethod
    def of(cls, plain: bytes) -> Body:
        return cls(plain, gzip.compress(plain, compresslevel=6, mtime=0), etag(plain))


class _Built:
    """Response bodies by key; dropped wholesale when full (keys include the data version)."""

    def __init__(self) -> None:
        self._items: dict[tuple, Body] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple, build: Callable[[], bytes]) -> Body:
        with self._lock:
            hit = self._items.get(key)
        if hit:
            return hit
        plain = build()
        body = Body.of(plain)
        with self._lock:
            if len(self._items) >= MAX_BUILT:
                self._items.clear()
            self._items[key] = body
        return body


_built = _Built()


class _Current:
    """The corrected catalogue and the approved gardens as the pages see them (:mod:`ui.data`),
    looked up at most once per REFRESH_S, so a burst of requests costs dictionary look-ups."""

    REFRESH_S = 1.0

    def __init__(self) -> None:
        self._value: tuple | None = None
        self._at = 0.0
        self._lock = threading.Lock()

    def get(self) -> tuple:
        with self._lock:
            if self._value is None or time.monotonic() - self._at > self.REFRESH_S:
                data = _data()
                gardens = data.approved_gardens()
                self._value = (data.catalog(), gardens, _gardens_stamp(gardens))
                self._at = time.monotonic()
            return self._value


_current = _Current()


def _data():
    # Imported on first use, once Streamlit's runtime runs: st.cache_data set up before that
    # logs a warning per function (the caches work either way).
    from ui import data

    return data


def _calendar():
    # Imported on first use, like ui.data above (ui.calendar sets up st.cache_data).
    from ui import calendar

    return calendar


def _cached_response(request: Request, body: Body, media_type: str, headers: dict) -> Response:
    # Corrections reach other processes within CORRECTIONS_TTL_S; a cache may keep a copy as long.
    headers = {"ETag": body.tag, "Cache-Control": f"public, max-age={_data().CORRECTIONS_TTL_S}", **headers}
    if etag_matches(request.headers.get("if-none-match"), body.tag):
        return Response(status_code=304, headers=headers)
    headers["Vary"] = "Accept-Encoding"
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(body.gzipped, media_type=media_type, headers={**headers, "Content-Encoding": "gzip"})
    return Response(body.plain, media_type=media_type, headers=headers)


def _gardens_stamp(gardens: dict) -> str:
    return hashlib.sha256(json.dumps(gardens, sort_keys=True).encode()).hexdigest()[:12]


def embed_texts(lang: str) -> EmbedTexts:
    return EmbedTexts(
        lang=lang,
        title=t("embed.title", lang),
        map_label=t("embed.map_label", lang),
        open_full=t("embed.open_full", lang),
        legend_title=t("map.legend_title", lang),
        approximate=t("map.legend_approximate", lang),
        wildness={k: t(f"wildness.{k}", lang) for k in WILDNESS},
        categories={c: t(f"category.{c}", lang) for c in CATEGORIES},
        gardens=t("map.gardens", lang, grid_m=GRID_M),
        zoom_in=t("map.zoom_in", lang),
        zoom_out=t("map.zoom_out", lang),
        unknown_place=t("embed.unknown_place", lang),
        unknown_partnership=t("embed.unknown_partnership", lang),
        credit=_data().attribution(lang),
        kinds={k: t(f"kind.{k}", lang) for k in PLACE_KINDS},
        legend_named=t("map.legend_named", lang),
    )


def _embed_body(params: dict) -> tuple[Body, TileConfig]:
    lang = str(params.get("lang")) if params.get("lang") in LANGS else "da"
    catalog, gardens, gardens_stamp = _current.get()
    wanted = EmbedRequest.parse(catalog, params.get("place"), params.get("partnership"))
    tiles = TileConfig.from_env()
    key = ("embed", catalog.version, gardens_stamp, lang, wanted, tiles)

    def build() -> bytes:
        texts = embed_texts(lang)
        from ui.cards import accuracy_text  # with ui.data, after the runtime starts

        page_data = embed_data(catalog, wanted, texts, tiles, lambda p: accuracy_text(p, lang), gardens)
        return embed_page(page_data, texts).encode("utf-8")

    return _built.get(key, build), tiles


async def embed(request: Request) -> Response:
    """The lightweight map page; ``?lang=en``, ``?place=ID``, ``?partnership=ID``."""
    body, tiles = await run_in_threadpool(_embed_body, dict(request.query_params))
    csp = content_security_policy(tiles, FramePolicy.from_env().embed_ancestors())
    return _cached_response(request, body, "text/html; charset=utf-8", {"Content-Security-Policy": csp})


def _api_body(name: str, lang: str) -> Body:
    data = _data()
    catalog = _current.get()[0]
    if name == "places":  # exactly the public download of the data page
        return _built.get(("api", name, catalog.version, lang), lambda: data.public_places_geojson(lang))
    credit = data.attribution(lang, (PARTNERSHIPS_FILE,))
    return _built.get(("api", name, catalog.version, lang), lambda: to_bytes(partnerships_json(catalog, credit)))


def _lang(request: Request) -> str:
    wanted = request.query_params.get("lang")
    return wanted if wanted in LANGS else "da"


async def places_api(request: Request) -> Response:
    """Every place as GeoJSON (EPSG:4326), corrections applied, with attribution (``?lang=en``)."""
    body = await run_in_threadpool(_api_body, "places", _lang(request))
    return _cached_response(request, body, "application/geo+json", {"Access-Control-Allow-Origin": "*"})


async def partnerships_api(request: Request) -> Response:
    """Every partnership with its place ids, with attribution (``?lang=en``)."""
    body = await run_in_threadpool(_api_body, "partnerships", _lang(request))
    return _cached_response(request, body, "application/json", {"Access-Control-Allow-Origin": "*"})


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
        body = await run_in_threadpool(_calendar().ics_bytes, place_id)
    except StorageUnavailable:
        return Response(
            "Kalenderen kan ikke hentes lige nu.\n",
            status_code=503,
            media_type="text/plain; charset=utf-8",
            headers=NO_STORE,
        )
    if body is None:
        return Response("Stedet findes ikke på kortet.\n", status_code=404, media_type="text/plain; charset=utf-8")
    disposition = {"Content-Disposition": f'inline; filename="{place_id or "kalender"}.ics"'}
    return _cached_response(request, Body.of(body), CONTENT_TYPE, disposition)


def _privacy():
    # Imported on first use, like ui.data above.
    from ui import privacy

    return privacy


async def staff_download(request: Request) -> Response:
    """A one-time staff download: the file once, then 404 for everybody, that tab included.

    Only a GET from the browser that asked uses the ticket up; a HEAD (a link previewer) is
    refused without touching it.
    """
    if request.method != "GET":
        return Response(status_code=405, headers={**NO_STORE, "Allow": "GET"})
    privacy = _privacy()
    cookie = request.cookies.get(privacy.BROWSER_COOKIE)
    try:
        found = await run_in_threadpool(privacy.redeem_download, request.path_params["ticket"], cookie)
    except StorageUnavailable:
        return Response("Databasen kan ikke nås lige nu.\n", status_code=503, media_type="text/plain; charset=utf-8")
    if found is None:
        return Response(
            "Linket er brugt eller udløbet. Hent filen igen fra personalesiden.\n",
            status_code=404,
            media_type="text/plain; charset=utf-8",
            headers=NO_STORE,
        )
    body, media_type, file_name = found
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{file_name}"'}
    return Response(body, media_type=media_type, headers=headers)


ROUTES = [
    Route("/embed", embed, methods=["GET", "HEAD"]),
    Route("/api/places.geojson", places_api, methods=["GET", "HEAD"]),
    Route("/api/partnerships.json", partnerships_api, methods=["GET", "HEAD"]),
    Route("/healthz", healthz, methods=["GET", "HEAD"]),
    Route("/kalender.ics", calendar_ics, methods=["GET", "HEAD"]),
    Route("/kalender/{place_id}.ics", calendar_ics, methods=["GET", "HEAD"]),
    Route("/personale/hent/{ticket}", staff_download, methods=["GET"]),
]
MIDDLEWARE = [Middleware(SecurityHeaders)]
