"""The HTTP routes beside Streamlit, over real HTTP against the running app."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import start_app, stop_app

pytestmark = pytest.mark.e2e


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """Status, lower-cased headers and body of a GET (error statuses included)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_healthz_answers_ok_with_json(app_url):
    status, headers, body = fetch(app_url + "/healthz")
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    assert json.loads(body) == {"status": "ok", "database": "ok"}
    assert headers["cache-control"] == "no-store"


def test_healthz_is_503_when_the_database_is_away(app_env):
    proc, url = start_app({**app_env, "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:9/nowhere"})
    try:
        status, _headers, body = fetch(url + "/healthz")
    finally:
        stop_app(proc)
    assert status == 503
    assert json.loads(body)["database"] == "unreachable"


@pytest.mark.parametrize("path", ["/", "/kort", "/bliv-med", "/data", "/healthz", "/_stcore/health"])
def test_streamlit_s_own_responses_carry_the_security_headers(app_url, path):
    status, headers, _ = fetch(app_url + path)
    assert status == 200
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"  # GLADSAXE_FRAME_ORIGINS is empty by default
    assert headers["content-security-policy"] == "frame-ancestors 'none'"
