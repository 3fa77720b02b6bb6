"""The HTTP routes beside Streamlit, over real HTTP against the running app."""

from __future__ import annotations

import json

import pytest

from testkit.app import running_app
from testkit.http import fetch

pytestmark = pytest.mark.e2e


def test_healthz_answers_ok_with_json(app_url):
    status, headers, body = fetch(app_url + "/healthz")
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    assert json.loads(body) == {"status": "ok", "database": "ok"}
    assert headers["cache-control"] == "no-store"


def test_healthz_is_503_when_the_database_is_away(app_env):
    with running_app({**app_env, "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:9/nowhere"}) as app:
        status, _headers, body = fetch(app.url + "/healthz")
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


@pytest.mark.parametrize(
    ("path", "media_type"),
    [("/api/places.geojson", "application/geo+json"), ("/api/partnerships.json", "application/json")],
)
def test_public_data_is_cacheable_and_answers_304(app_url, path, media_type):
    status, headers, body = fetch(app_url + path)
    assert status == 200
    assert headers["content-type"].startswith(media_type)
    assert headers["cache-control"] == "public, max-age=60"
    assert headers["access-control-allow-origin"] == "*"
    document = json.loads(body)
    assert "Gladsaxes grønne kort" in document["attribution"]  # from data/datasets.yaml
    tag = headers["etag"]
    again, again_headers, again_body = fetch(app_url + path, {"If-None-Match": tag})
    assert (again, again_body, again_headers["etag"]) == (304, b"", tag)
    assert fetch(app_url + path, {"If-None-Match": '"something-else"'})[0] == 200


def test_places_api_serves_every_place_with_its_accuracy(app_url):
    assert "Gladsaxe green map" in json.loads(fetch(app_url + "/api/places.geojson?lang=en")[2])["attribution"]
    document = json.loads(fetch(app_url + "/api/places.geojson")[2])
    assert len(document["features"]) == 25
    headspace = next(f for f in document["features"] if f["properties"]["id"] == "headspace-gladsaxe")
    assert headspace["geometry"]["type"] == "Point"
    assert headspace["properties"]["accuracy_m"] > 0


def test_embed_has_its_own_policy_and_cache_headers(app_url):
    status, headers, body = fetch(app_url + "/embed?lang=en")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    csp = dict(d.strip().split(" ", 1) for d in headers["content-security-policy"].split(";"))
    assert csp["script-src"] == "'self'"
    assert csp["frame-ancestors"] == "*"  # GLADSAXE_EMBED_ORIGINS defaults to any site
    assert csp["img-src"] == "'self' data:"  # GLADSAXE_TILES=none: no tile host at all
    assert "x-frame-options" not in headers
    assert headers["cache-control"] == "public, max-age=60"
    assert b'<html lang="en">' in body
    assert fetch(app_url + "/embed?lang=en", {"If-None-Match": headers["etag"]})[0] == 304


def test_embed_origins_and_frame_origins_come_from_configuration(app_env):
    origins = {"GLADSAXE_EMBED_ORIGINS": "https://www.gladsaxe.dk", "GLADSAXE_FRAME_ORIGINS": "https://gladsaxe.dk"}
    with running_app({**app_env, **origins}) as app:
        embed_headers = fetch(app.url + "/embed")[1]
        page_headers = fetch(app.url + "/bliv-med")[1]
    assert embed_headers["content-security-policy"].endswith("frame-ancestors https://www.gladsaxe.dk")
    assert page_headers["content-security-policy"] == "frame-ancestors https://gladsaxe.dk"
    assert "x-frame-options" not in page_headers
