"""The shipped nginx configuration in front of two app processes on one PostgreSQL database."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import REPO, _need, map_frame, start_app, stop_app, wait_for_app
from tests.e2e.proxy import NGINX, UPSTREAM_HEADER, start_nginx, stop_nginx
from tests.e2e.test_faults_e2e import _admin_engine, fill_and_send
from tests.e2e.test_staff_e2e import PASSWORD, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(app_env, tmp_path_factory):
    """One fresh PostgreSQL database, a staff account, two app processes and nginx in front.

    Shared by the tests below; the failover test, which stops an app process, comes last.
    """
    tmp_path = tmp_path_factory.mktemp("proxy")
    _need(Path(NGINX).exists(), f"nginx not found at {NGINX}")
    admin = _admin_engine()
    name = f"gm_proxy_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    database = admin.url.set(database=name).render_as_string(hide_password=False)
    env = {**app_env, "DATABASE_URL": database, "GLADSAXE_STAFF_FILE": str(tmp_path / "staff.json")}
    made = subprocess.run(
        [sys.executable, "-m", "geo.staff", "add", "anna"],
        input=PASSWORD + "\n",
        env={**os.environ, **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    apps = [start_app(env), start_app(env)]
    nginx, url = start_nginx([int(app_url.rsplit(":", 1)[1]) for _, app_url in apps], tmp_path / "nginx")
    try:
        yield {"url": url, "apps": apps, "database": database}
    finally:
        stop_nginx(nginx)
        for proc, _ in apps:
            if proc.poll() is None:
                stop_app(proc)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def get(url: str, headers: dict | None = None) -> tuple[int, dict]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
        response.read()
        return response.status, {k.lower(): v for k, v in response.headers.items()}


def expect_map_drawn(page) -> None:
    expect(map_frame(page).locator("path.leaflet-interactive").first).to_be_attached(timeout=60_000)


def test_the_app_works_through_nginx(browser, stack):
    url = stack["url"]

    citizen = browser.new_context(locale="da-DK")
    page = citizen.new_page()
    page.goto(url + "/")
    wait_for_app(page)
    expect_map_drawn(page)

    page.goto(url + "/bliv-med")
    wait_for_app(page)
    fill_and_send(page, "Proxy Haveforening", "proxy@example.dk")
    expect(page.get_by_text("Dit referencenummer er")).to_be_visible(timeout=15_000)
    with sa.create_engine(stack["database"]).connect() as conn:
        stored = conn.execute(sa.text("SELECT count(*) FROM registrations WHERE name = 'Proxy Haveforening'"))
        assert stored.scalar_one() == 1
    citizen.close()

    staff = browser.new_context(locale="da-DK").new_page()
    log_in(staff, url)
    staff.get_by_test_id("stSidebarNav").get_by_role("link", name="Tilmeldinger").click()
    wait_for_app(staff)
    staff.get_by_label("Søg").fill("Proxy")
    staff.keyboard.press("Enter")
    wait_for_app(staff)
    expect(staff.get_by_text("1 tilmeldinger vises")).to_be_visible(timeout=15_000)
    staff.context.close()


@pytest.mark.parametrize("path", ["/embed", "/api/places.geojson"])
def test_embed_and_api_come_through_cached_and_compressed(stack, path):
    url = stack["url"] + path
    status, first = get(url, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert first["cache-control"] == "public, max-age=60"
    assert first["etag"]
    assert first["content-encoding"] == "gzip"
    assert first["x-content-type-options"] == "nosniff"
    _, second = get(url, {"Accept-Encoding": "gzip"})
    assert second["x-cache-status"] == "HIT"  # the second citizen is served by nginx alone


def test_stopping_one_app_process_sends_new_sessions_to_the_other(browser, stack):
    url = stack["url"]
    cookie = {"Cookie": "gm_route=test-session-1"}
    upstream = get(url + "/healthz", cookie)[1][UPSTREAM_HEADER.lower()]
    ports = [app_url.rsplit(":", 1)[1] for _, app_url in stack["apps"]]
    serving = ports.index(upstream.rsplit(":", 1)[1])
    stop_app(stack["apps"][serving][0])

    context = browser.new_context(locale="da-DK")
    context.add_cookies([{"name": "gm_route", "value": "test-session-1", "url": url}])
    page = context.new_page()
    page.goto(url + "/kort")
    wait_for_app(page)
    expect_map_drawn(page)
    now = get(url + "/healthz", cookie)[1][UPSTREAM_HEADER.lower()]
    assert now.rsplit(":", 1)[1] == ports[1 - serving]
    context.close()
