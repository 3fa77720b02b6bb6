"""The map in a real browser: layers drawn, clicks, permalinks, language, keyboard, no leaks."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from geo.loading import load_catalog
from testkit.app import REPO
from testkit.browser import Guard, new_context, screenshot
from testkit.waits import fit_feature, map_frame, map_js, started_runs, wait_for_app, wait_for_map

pytestmark = pytest.mark.e2e

COUNT_LAYERS = """() => { const o = {paths: 0, markers: 0, ids: []};
  window.map.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.id) {
      if (l instanceof L.Path) o.paths++;
      if (l instanceof L.Marker) o.markers++;
      o.ids.push(l.feature.properties.id);
    } });
  return o; }"""

# What a failed wait on the map's view reports: where the map is, how big Leaflet thinks it is,
# whether a zoom animation is under way, and where the located user is.
MAP_STATE_JS = """() => { const m = window.map, c = m.getCenter(), s = m.getSize();
  const loc = document.querySelector('.leaflet-control-locate-location');
  return {zoom: m.getZoom(), centre: [c.lat, c.lng], size: [s.x, s.y], animating: Boolean(m._animatingZoom),
    frame: [window.innerWidth, window.innerHeight], located: Boolean(loc), visibility: document.visibilityState}; }"""


def open_map(page, url, query=""):
    page.goto(url + "/" + query)
    wait_for_app(page)
    return wait_for_map(page)


def expected_counts():
    catalog = load_catalog(REPO / "data")
    mapped = [p for p in catalog.places if p.geometry is not None]
    return (
        sum(p.props.kind == "green_area" for p in mapped),
        sum(p.props.kind != "green_area" for p in mapped),
    )


def test_map_draws_every_mapped_feature_with_no_request_leaving(page, app_url, guard):
    frame = open_map(page, app_url)
    counts = frame.evaluate(COUNT_LAYERS)
    areas, sites = expected_counts()
    assert counts["paths"] == areas
    assert counts["markers"] == sites
    assert guard.blocked == []
    assert [e for e in guard.console_errors if "favicon" not in e] == []
    screenshot(page, "map-desktop")


def click_feature(page, frame, place_id):
    """Click the screen point of a feature's centre (robust for polygons under markers)."""
    x, y = fit_feature(page, frame, place_id)
    page.mouse.click(x, y)


def test_clicking_kong_hans_have_shows_its_card(page, app_url):
    frame = open_map(page, app_url)
    click_feature(page, frame, "kong-hans-have")
    expect(page.get_by_role("heading", name="Kong Hans Have")).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("stAlertContentWarning").first).to_contain_text("Omtrentlig placering, ±250 m")
    assert "place=kong-hans-have" in page.url


def test_permalink_opens_headspace(page, app_url):
    open_map(page, app_url, "?place=headspace-gladsaxe")
    expect(page.get_by_role("heading", name="headspace Gladsaxe")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("±450 m").first).to_be_visible()


def test_switching_to_english_changes_the_panel(page, app_url):
    open_map(page, app_url, "?place=headspace-gladsaxe")
    expect(page.get_by_test_id("stAlertContentWarning").first).to_contain_text("Omtrentlig placering")
    page.get_by_role("radio", name="English").or_(page.get_by_role("button", name="English")).first.click()
    expect(page.get_by_test_id("stAlertContentWarning").first).to_contain_text("Approximate position", timeout=15_000)
    assert "lang=en" in page.url


def test_list_view_selects_a_place_with_the_keyboard(page, app_url):
    open_map(page, app_url)
    button = page.get_by_role("button", name="Rådhusparken").first
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Rådhusparken")).to_be_visible(timeout=15_000)
    assert "place=raadhusparken" in page.url


@pytest.mark.parametrize("page", [{"width": 390, "height": 844}], indirect=True)
def test_phone_layout_shows_map_then_panel(page, app_url, guard):
    open_map(page, app_url, "?place=kong-hans-have")
    heading = page.get_by_role("heading", name="Kong Hans Have")
    expect(heading).to_be_visible(timeout=15_000)
    map_box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert map_box["width"] <= 390
    assert heading.bounding_box()["y"] > map_box["y"]  # panel below the map on a phone
    screenshot(page, "map-phone")
    assert guard.blocked == []


def map_and_legend(page):
    """Bounding boxes of the map's iframe and of its legend (page coordinates)."""
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    legend = map_frame(page).locator(".gm-legend").bounding_box()
    return box, legend


@pytest.mark.parametrize(
    "page,min_share",
    [({"width": 1440, "height": 900}, 0.65), ({"width": 390, "height": 844}, 0.55)],
    indirect=["page"],
)
def test_the_map_is_the_page(page, app_url, guard, min_share):
    """Map in the first screen and tall enough; legend folded on phones and never over a quarter of it."""
    open_map(page, app_url)
    viewport = page.viewport_size
    box, legend = map_and_legend(page)
    assert box["y"] < viewport["height"] / 2  # starts within the first screen, under a short intro
    assert box["height"] >= min_share * viewport["height"]
    assert legend["width"] * legend["height"] <= 0.25 * box["width"] * box["height"]
    folded = map_js(page).evaluate("() => !document.querySelector('.gm-legend details').open")
    assert folded == (viewport["width"] < 900)
    counts = page.get_by_test_id("stMarkdown").filter(has_text="partnerskaber").filter(has_text="viser").first
    assert counts.bounding_box()["y"] >= box["y"] + box["height"]  # the counts line sits under the map
    if viewport["width"] >= 1200:
        panel = page.get_by_test_id("stAlertContentInfo").filter(has_text="Vælg et område").bounding_box()
        assert panel["x"] >= box["x"] + box["width"] and panel["y"] < box["y"] + box["height"]  # beside it
    screenshot(page, f"map-{viewport['width']}x{viewport['height']}")
    assert guard.blocked == []


def test_one_script_run_per_page_load_and_per_click(page, app_url):
    frame = open_map(page, app_url)
    frame.wait_for_function("() => window.__GLOBAL_DATA__ && window.map")
    wait_for_app(page)
    click_feature(page, frame, "kong-hans-have")
    expect(page.get_by_role("heading", name="Kong Hans Have")).to_be_visible(timeout=15_000)
    wait_for_app(page)
    # the page load and the click: the map's first value caused none, the click exactly one
    assert started_runs(page) == 2


def test_locate_me_shows_where_the_user_is_with_no_request_leaving(browser, app_url):
    guard = Guard()
    here = {"latitude": 55.7465, "longitude": 12.47, "accuracy": 40}
    context = new_context(browser, guard, geolocation=here, permissions=["geolocation"])
    try:
        page = context.new_page()
        open_map(page, app_url)
        button = map_frame(page).get_by_title("Vis hvor jeg er")
        expect(button).to_be_visible()
        button.click()
        expect(map_frame(page).locator(".leaflet-control-locate-location").first).to_be_attached(timeout=15_000)
        # the map flies to the user: wait for it to get there (polled on a clock, not on the
        # frame's animation frames, which are what a stalled map would lack)
        frame = map_js(page)
        try:
            frame.wait_for_function("() => window.map.getZoom() >= 15", polling=100)
        except PlaywrightTimeoutError:
            pytest.fail(f"the map did not zoom to the user: {frame.evaluate(MAP_STATE_JS)}")
        assert guard.blocked == []
    finally:
        context.close()


# Counts the zoom animations of every Leaflet map made in any frame (Leaflet's public init hook
# and its 'zoomanim' event, which fires only when a zoom is animated).
COUNT_ZOOM_ANIMATIONS_JS = """(() => { let leaflet; window.__zoom_animations = 0;
  Object.defineProperty(window, 'L', {configurable: true, get() { return leaflet; }, set(value) { leaflet = value;
    if (value && value.Map && value.Map.addInitHook) {
      value.Map.addInitHook(function () { this.on('zoomanim', () => { window.__zoom_animations++; }); }); } } });
})();"""


def test_the_map_frames_gladsaxe_without_a_zoom_animation(browser, app_url, guard):
    """Regression: the map framed Gladsaxe with an animated zoom, and Leaflet drops a view change
    asked for while a zoom animates; a stressed run's locate-me tap in that moment left the map
    at the first view (zoom 12 on the municipality's centre) instead of flying to the user."""
    context = new_context(browser, guard)
    context.add_init_script(COUNT_ZOOM_ANIMATIONS_JS)
    try:
        page = context.new_page()
        frame = open_map(page, app_url)
        assert frame.evaluate("() => window.map.getZoom()") == 12  # Gladsaxe framed
        assert frame.evaluate("() => window.__zoom_animations") == 0
        frame.evaluate("() => window.map.zoomIn()")  # the counter does see an animated zoom
        frame.wait_for_function("() => window.__zoom_animations > 0", polling=100)
    finally:
        context.close()
