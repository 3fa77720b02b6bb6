"""No request leaves the server except basemap tiles — on every page, public and staff."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from testkit.app import running_app
from testkit.flows import log_in, reference_number, send_sign_up
from testkit.waits import MAP_IFRAME, map_frame, rerun, wait_for_app, wait_for_map
from tests.hostile import PAYLOADS, TYPED_PAYLOADS
from ui.i18n import t
from ui.navigation import STAFF_PAGES

pytestmark = pytest.mark.e2e

PUBLIC = ["/", "/?place=kong-hans-have", "/?partnership=genbrugslopperne&lang=en", "/bliv-med", "/data", "/personale"]
STAFF = [t(p.title_key, "da") for p in STAFF_PAGES]  # every staff page, as the menu names it


def loaded(page) -> None:
    """The page is drawn: script idle, the map (if the page has one) painted, the network quiet."""
    wait_for_app(page)
    if page.locator(MAP_IFRAME).count():
        wait_for_map(page)
    page.wait_for_load_state("networkidle")


def test_every_public_page_requests_nothing_but_the_app(page, app_url, guard):
    for path in PUBLIC:
        page.goto(app_url + path)
        loaded(page)
    assert guard.blocked == []


def test_every_staff_page_requests_nothing_but_the_app(page, app_url, guard, staff_account):
    log_in(page, app_url)
    nav = page.get_by_test_id("stSidebarNav")
    for name in STAFF:
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link, f"staff page {name!r} is missing from the menu").to_have_count(1)
        with rerun(page):
            link.click()
        loaded(page)
    assert guard.blocked == []


def test_with_osm_tiles_only_the_tile_server_is_asked(page, app_env, guard):
    with running_app({**app_env, "GLADSAXE_TILES": "osm"}, label="app-osm") as app:
        is_tile = lambda r: r.url.startswith("https://tile.openstreetmap.org/")  # noqa: E731
        with page.expect_event("requestfailed", predicate=is_tile, timeout=60_000):  # aborted by the guard
            page.goto(app.url + "/")
        wait_for_map(page)
        assert guard.blocked, "the basemap should have asked for tiles"
        assert all(u.startswith("https://tile.openstreetmap.org/") for u in guard.blocked), guard.blocked
        # with tiles unreachable every layer is still drawn
        assert map_frame(page).locator("path.leaflet-interactive").count() > 0


def test_hostile_sign_up_is_shown_as_text_to_staff(page, app_url, staff_account):
    page.goto(app_url + "/bliv-med")
    wait_for_app(page)
    form = page.get_by_test_id("stForm")
    form.get_by_label("Besked (valgfrit)").fill(" ".join(TYPED_PAYLOADS))
    form.get_by_label("Telefon (valgfrit)").fill("+45 11 22 33 44")
    send_sign_up(page, "Fjendtlig " + PAYLOADS[1], "x@example.dk")
    expect(page.get_by_text("Dit referencenummer er")).to_be_visible(timeout=15_000)
    ref = reference_number(page)

    log_in(page, app_url)
    with rerun(page):
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Tilmeldinger").click()
    page.get_by_label("Åbn en tilmelding").click()
    with rerun(page):
        page.get_by_role("option", name=ref).click()
    expect(page.get_by_test_id("stText").filter(has_text="<script>window.top.__pwned=1</script>").first).to_be_visible()
    assert page.evaluate("() => Boolean(window.__pwned)") is False
    assert page.locator("img[src='x']").count() == 0
