"""The join page in a real browser: nearest areas from a map click, and a sign-up that lands in the DB."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo.storage import Storage
from testkit.browser import new_context, screenshot
from testkit.flows import reference_number
from testkit.waits import MAP_IFRAME, map_frame, wait_for_app, wait_for_map
from ui.join import PICKER_HEIGHT

pytestmark = pytest.mark.e2e


def test_click_map_lists_nearest_areas_then_sign_up_is_stored(page, app_url, app_env, guard):
    page.goto(app_url + "/bliv-med")
    wait_for_app(page)
    wait_for_map(page)
    container = map_frame(page).locator(".leaflet-container")
    box = container.bounding_box()
    container.click(position={"x": box["width"] * 0.55, "y": box["height"] * 0.5})
    nearest = page.get_by_role("link").filter(has_text="m (placering ±")
    expect(nearest.first).to_be_visible(timeout=15_000)
    assert nearest.count() == 3

    form = page.get_by_test_id("stForm")
    form.get_by_label("Navn på person eller organisation").fill("Haveejer <b>Hansen</b>")
    form.get_by_label("E-mail").fill("hansen@example.dk")
    form.get_by_label("Besked (valgfrit)").fill("Vi har en stor græsplæne.")
    form.get_by_text("Brug det punkt, jeg valgte på kortet").click()
    form.get_by_text("Jeg giver samtykke").click()
    form.get_by_role("button", name="Send tilmelding").click()
    expect(page.get_by_text("Dit referencenummer er")).to_be_visible(timeout=15_000)
    ref = reference_number(page)
    screenshot(page, "join-confirmation")

    stored = Storage(app_env["DATABASE_URL"]).get_signup(ref)
    assert stored is not None and stored.name == "Haveejer <b>Hansen</b>"
    assert stored.lon is not None and not stored.location_exact
    assert page.locator("b", has_text="Hansen").count() == 0  # typed markup is shown as text
    assert guard.blocked == []


FOLIUM_PAGE = "**/component/streamlit_folium.st_folium/index.html*"
TOP_JS = "e => e.getBoundingClientRect().top + window.scrollY"


def test_the_sign_up_form_stays_where_it_is_while_the_picker_map_loads(browser, app_url, guard):
    """Regression: the picker map's frame is a placeholder, then almost nothing, then the map,
    all after the page looks ready, and everything below moved with it; a stressed run's tap on
    the consent box landed where the box had been and the sign-up was refused for want of
    consent. The form must sit in the same place whether the map has loaded or not."""
    tops = []
    for map_loads in (False, True):
        context = new_context(browser, guard)
        try:
            page = context.new_page()
            if not map_loads:  # the map's code never arrives: the component stays as it is while loading
                page.route(FOLIUM_PAGE, lambda route: route.fulfill(content_type="text/html", body="<html></html>"))
            page.goto(app_url + "/bliv-med")
            form = page.get_by_test_id("stForm")
            consent = form.get_by_text("Jeg giver samtykke")
            expect(consent).to_be_visible()
            expect(form.get_by_test_id("stSkeleton")).to_have_count(0)
            expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
            if map_loads:
                wait_for_app(page)
                wait_for_map(page)
                expect(page.locator(MAP_IFRAME)).to_have_js_property("offsetHeight", PICKER_HEIGHT)
            tops.append(consent.evaluate(TOP_JS))
        finally:
            context.close()
    assert tops[0] == tops[1]
    assert guard.blocked == []
