"""The join page in a real browser: nearest areas from a map click, and a sign-up that lands in the DB."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo.storage import Storage
from testkit.browser import screenshot
from testkit.flows import reference_number
from testkit.waits import map_frame, wait_for_app, wait_for_map

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
