"""In a real browser with tiles off (GLADSAXE_TILES=none): the map still credits its data."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo.provenance import attribution, load_datasets
from testkit.app import REPO
from testkit.waits import map_frame, wait_for_app, wait_for_map

pytestmark = pytest.mark.e2e


def test_map_shows_the_data_attribution_without_tiles(page, app_url, guard):
    page.goto(app_url + "/")
    wait_for_app(page)
    wait_for_map(page)
    control = map_frame(page).locator(".leaflet-control-attribution")
    credit = attribution(load_datasets(REPO / "data"), "da")
    assert "© OpenStreetMap-bidragydere, ODbL" in credit
    expect(control).to_contain_text(credit)
    expect(map_frame(page).locator(".leaflet-tile")).to_have_count(0)
    assert guard.blocked == []


def test_embed_shows_the_data_attribution_without_tiles_as_text(page, app_url, guard):
    page.goto(app_url + "/embed?lang=en")
    page.wait_for_selector("html[data-gm-ready='1']", timeout=30_000)
    credit = attribution(load_datasets(REPO / "data"), "en")
    expect(page.locator(".leaflet-control-attribution")).to_contain_text(credit)
    expect(page.locator(".leaflet-tile")).to_have_count(0)
    assert guard.blocked == [] and guard.console_errors == []
