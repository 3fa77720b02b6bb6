"""The shipped nginx configuration in front of two app processes on one PostgreSQL database."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from testkit import need
from testkit.app import start_app
from testkit.browser import new_context
from testkit.flows import add_staff_account, log_in, send_sign_up
from testkit.postgres import fresh_database
from testkit.proxy import NGINX, UPSTREAM_HEADER, start_nginx, stop_nginx
from testkit.waits import map_frame, rerun, wait_for_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(app_env, tmp_path_factory):
    """One fresh PostgreSQL database, a staff account, two app processes and nginx in front.

    Shared by the tests below; the failover test, which stops an app process, comes last.
    """
    tmp_path = tmp_path_factory.mktemp("proxy")
    need(Path(NGINX).exists(), f"nginx not found at {NGINX}")
    with fresh_database("gm_proxy") as database:
        env = {**app_env, "DATABASE_URL": database, "GLADSAXE_STAFF_FILE": str(tmp_path / "staff.json")}
        add_staff_account(env["GLADSAXE_STAFF_FILE"])
        apps = [start_app(env, label="app-1"), start_app(env, label="app-2")]
        nginx, url = start_nginx([int(app.url.rsplit(":", 1)[1]) for app in apps], tmp_path / "nginx")
        try:
            yield {"url": url, "apps": apps, "database": database}
        finally:
            stop_nginx(nginx)
            for app in apps:
                app.stop()


def get(url: str, headers: dict | None = None) -> tuple[int, dict]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
        response.read()
        return response.status, {k.lower(): v for k, v in response.headers.items()}


def expect_map_drawn(page) -> None:
    expect(map_frame(page).locator("path.leaflet-interactive").first).to_be_attached(timeout=60_000)


def test_the_app_works_through_nginx(browser, guard, stack):
    url = stack["url"]

    citizen = new_context(browser, guard)
    page = citizen.new_page()
    page.goto(url + "/")
    wait_for_app(page)
    expect_map_drawn(page)

    page.goto(url + "/bliv-med")
    wait_for_app(page)
    send_sign_up(page, "Proxy Haveforening", "proxy@example.dk")
    expect(page.get_by_text("Dit referencenummer er")).to_be_visible(timeout=15_000)
    with sa.create_engine(stack["database"]).connect() as conn:
        stored = conn.execute(sa.text("SELECT count(*) FROM registrations WHERE name = 'Proxy Haveforening'"))
        assert stored.scalar_one() == 1
    citizen.close()

    staff = new_context(browser, guard).new_page()
    log_in(staff, url)
    with rerun(staff):
        staff.get_by_test_id("stSidebarNav").get_by_role("link", name="Tilmeldinger").click()
    staff.get_by_label("Søg").fill("Proxy")
    with rerun(staff):
        staff.keyboard.press("Enter")
    expect(staff.get_by_text("1 tilmeldinger vises")).to_be_visible(timeout=15_000)
    staff.context.close()
    assert guard.blocked == []


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


def test_stopping_one_app_process_sends_new_sessions_to_the_other(browser, guard, stack):
    url = stack["url"]
    cookie = {"Cookie": "gm_route=test-session-1"}
    upstream = get(url + "/healthz", cookie)[1][UPSTREAM_HEADER.lower()]
    ports = [app.url.rsplit(":", 1)[1] for app in stack["apps"]]
    serving = ports.index(upstream.rsplit(":", 1)[1])
    stack["apps"][serving].stop()

    context = new_context(browser, guard)
    context.add_cookies([{"name": "gm_route", "value": "test-session-1", "url": url}])
    page = context.new_page()
    page.goto(url + "/kort")
    wait_for_app(page)
    expect_map_drawn(page)
    now = get(url + "/healthz", cookie)[1][UPSTREAM_HEADER.lower()]
    assert now.rsplit(":", 1)[1] == ports[1 - serving]
    context.close()
