"""No request leaves the server except basemap tiles — on every page, public and staff."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import map_frame, start_app, stop_app, wait_for_app
from tests.e2e.test_staff_e2e import log_in, staff_account  # noqa: F401  (fixture)
from tests.hostile import PAYLOADS, TYPED_PAYLOADS

pytestmark = pytest.mark.e2e

PUBLIC = ["/", "/?place=kong-hans-have", "/?partnership=genbrugslopperne&lang=en", "/bliv-med", "/data", "/personale"]
STAFF = ["Oversigt", "Kandidatområder", "Tilmeldinger", "Ret placering", "Eksport"]


def test_every_public_page_requests_nothing_but_the_app(page, app_url, guard):
    for path in PUBLIC:
        page.goto(app_url + path)
        wait_for_app(page)
        page.wait_for_timeout(800)
    assert guard.blocked == []


def test_every_staff_page_requests_nothing_but_the_app(page, app_url, guard, staff_account):  # noqa: F811
    log_in(page, app_url)
    nav = page.get_by_test_id("stSidebarNav")
    for name in STAFF:
        link = nav.get_by_role("link", name=name)
        if link.count() == 0:
            continue
        link.first.click()
        wait_for_app(page)
        page.wait_for_timeout(800)
    assert guard.blocked == []


def test_with_osm_tiles_only_the_tile_server_is_asked(page, app_env, guard):
    proc, url = start_app({**app_env, "GLADSAXE_TILES": "osm"})
    try:
        page.goto(url + "/")
        wait_for_app(page)
        expect(map_frame(page).locator(".leaflet-container")).to_be_visible(timeout=30_000)
        page.wait_for_timeout(1500)
        assert guard.blocked, "the basemap should have asked for tiles"
        assert all(u.startswith("https://tile.openstreetmap.org/") for u in guard.blocked), guard.blocked
        # with tiles unreachable every layer is still drawn
        assert map_frame(page).locator("path.leaflet-interactive").count() > 0
    finally:
        stop_app(proc)


def test_hostile_sign_up_is_shown_as_text_to_staff(page, app_url, staff_account):  # noqa: F811
    from tests.e2e.test_faults_e2e import fill_and_send

    page.goto(app_url + "/bliv-med")
    wait_for_app(page)
    form = page.get_by_test_id("stForm")
    form.get_by_label("Besked (valgfrit)").fill(" ".join(TYPED_PAYLOADS))
    form.get_by_label("Telefon (valgfrit)").fill("+45 11 22 33 44")
    fill_and_send(page, "Fjendtlig " + PAYLOADS[1], "x@example.dk")
    expect(page.get_by_text("Dit referencenummer er")).to_be_visible(timeout=15_000)
    ref = (
        page.get_by_test_id("stAlertContentSuccess")
        .filter(has_text="referencenummer")
        .inner_text()
        .split()[-1]
        .strip(".")
    )

    log_in(page, app_url)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Tilmeldinger").click()
    wait_for_app(page)
    page.get_by_label("Åbn en tilmelding").click()
    page.get_by_role("option", name=ref).click()
    wait_for_app(page)
    expect(page.get_by_test_id("stText").filter(has_text="<script>window.top.__pwned=1</script>").first).to_be_visible()
    assert page.evaluate("() => Boolean(window.__pwned)") is False
    assert page.locator("img[src='x']").count() == 0
