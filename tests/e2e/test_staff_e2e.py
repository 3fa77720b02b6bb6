"""The staff workspace in a real browser: gated, log in, upload a candidate, export GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect
from shapely.geometry import box, mapping, shape

from geo.catalog import places_frame
from geo.connectivity import connectivity
from geo.crs import geom_to_display
from geo.loading import load_catalog
from testkit.app import REPO
from testkit.browser import screenshot
from testkit.flows import log_in
from testkit.waits import rerun, wait_for_app
from ui.numbers import fmt_number

pytestmark = pytest.mark.e2e

CANDIDATE_NAME = "Engen ved Rådhuset"
X, Y = 720_000.0, 6_180_000.0  # EPSG:25832, inside Gladsaxe
CANDIDATE = geom_to_display(box(X, Y, X + 100, Y + 100))  # 1 ha


def expected_measures() -> tuple[str, str]:
    frame = places_frame(load_catalog(REPO / "data"))
    wild = frame[(frame["kind"] == "green_area") & frame.geometry.notna()]
    result = connectivity(CANDIDATE, wild)
    return f"{fmt_number(result.area_ha, 'da', 2)} ha", f"{fmt_number(result.nearest_distance_m, 'da')} m"


def test_staff_url_is_not_reachable_without_login(page, app_url, staff_account):
    page.goto(app_url + "/personale-kandidater")
    wait_for_app(page)
    expect(page.get_by_role("dialog")).to_contain_text("Page not found")
    page.keyboard.press("Escape")
    expect(page.get_by_role("heading", name="Kandidatområder", exact=True)).to_have_count(0)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link")).to_have_count(3)
    expect(nav.get_by_role("link", name="Kandidatområder")).to_have_count(0)


def test_upload_a_candidate_see_its_measures_and_export_it(page, app_url, staff_account, guard, tmp_path):
    log_in(page, app_url)
    with rerun(page):
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Kandidatområder").click()
    expect(page.get_by_role("heading", name="Kandidatområder", exact=True)).to_be_visible()

    page.get_by_role("tab", name="Upload en fil").click()
    doc = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": mapping(CANDIDATE), "properties": {"navn": CANDIDATE_NAME}}],
    }
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(
        files=[{"name": "kandidat.geojson", "mimeType": "application/geo+json", "buffer": json.dumps(doc).encode()}]
    )
    area, distance = expected_measures()
    metrics = page.get_by_test_id("stMetric")
    expect(metrics.filter(has_text="Areal").first).to_contain_text(area, timeout=20_000)
    expect(metrics.filter(has_text="Afstand til nærmeste").first).to_contain_text(distance)
    expect(page.get_by_label("Navn").first).to_have_value(CANDIDATE_NAME)

    page.get_by_role("button", name="Gem 1 som kandidat").click()
    expect(page.get_by_text("1 kandidatområde(r) gemt.")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Gemte kandidatområder (1)")).to_be_visible()
    wait_for_app(page)
    screenshot(page, "staff-candidates")

    with rerun(page):
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Eksport").click()
    expect(page.get_by_text("Kandidat- og planlagte områder")).to_be_visible()
    with page.expect_download() as info:
        page.locator(".st-key-staff_export_candidates button").click()
    download = info.value
    assert download.suggested_filename == "gladsaxe-candidates.geojson"
    saved = Path(download.path()).read_text(encoding="utf-8")
    exported = json.loads(saved)
    [feature] = exported["features"]
    assert feature["properties"]["name"] == CANDIDATE_NAME
    assert feature["properties"]["created_by"] == "anna"
    assert feature["properties"]["area_ha"] == pytest.approx(1.0, rel=1e-3)
    # Every export layer has one geometry type, so candidate outlines are MultiPolygons.
    exported_geometry = shape(feature["geometry"])
    assert exported_geometry.geom_type == "MultiPolygon" and len(exported_geometry.geoms) == 1
    assert exported_geometry.geoms[0].equals_exact(CANDIDATE, tolerance=1e-6)  # lon/lat, EPSG:4326
    assert guard.blocked == []


def test_logout_removes_the_staff_pages(page, app_url, staff_account):
    log_in(page, app_url)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link", name="Eksport")).to_be_visible()
    with rerun(page):
        page.get_by_test_id("stMain").get_by_role("button", name="Log ud").click()
    expect(nav.get_by_role("link", name="Eksport")).to_have_count(0, timeout=15_000)
