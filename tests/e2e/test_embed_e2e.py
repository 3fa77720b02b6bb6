"""/embed in headless Chromium: features drawn, a click tells name and accuracy and links to
the full map in the top window, the framing parameters work, and nothing leaves 127.0.0.1."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

POLYGONS = "path.leaflet-interactive"
MARKERS = ".gm-marker"


def open_embed(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("html[data-gm-ready='1']", timeout=30_000)


def test_embed_draws_every_mapped_feature_and_a_click_links_to_the_full_map(page, app_url, guard):
    open_embed(page, app_url + "/embed")
    expect(page.locator(MARKERS)).to_have_count(14)  # every mapped partner site
    expect(page.locator(POLYGONS)).to_have_count(9)  # mapped green areas: outlines and circles
    expect(page.locator("html")).to_have_attribute("lang", "da")

    page.get_by_label(re.compile(r"^Verdensmålshuset")).click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator(".gm-name")).to_have_text(re.compile(r"^Verdensmålshuset"))
    expect(popup.locator(".gm-accuracy")).to_contain_text("±150 m")
    link = popup.get_by_role("link", name="Åbn stedet på det fulde kort")
    expect(link).to_have_attribute("href", "/?place=verdensmaalshuset")
    expect(link).to_have_attribute("target", "_top")
    expect(page.locator(".leaflet-overlay-pane path:not(.leaflet-interactive)")).to_have_count(
        1
    )  # its circle of uncertainty

    assert guard.blocked == []
    assert guard.console_errors == []  # a Content-Security-Policy violation would be logged here


def test_following_the_link_opens_the_place_in_the_app(page, app_url):
    open_embed(page, app_url + "/embed?place=kong-hans-have")
    page.locator(".leaflet-popup-content").get_by_role("link").click()
    expect(page).to_have_url(app_url + "/?place=kong-hans-have")
    expect(page.get_by_role("heading", name="Kong Hans Have")).to_be_visible(timeout=30_000)


def test_english_texts(page, app_url, guard):
    open_embed(page, app_url + "/embed?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".gm-legend summary")).to_have_text("Legend")
    page.get_by_label(re.compile(r"^headspace Gladsaxe")).click()
    expect(page.locator(".leaflet-popup-content").get_by_role("link")).to_have_text("Open this place on the full map")
    expect(page.locator(".gm-accuracy")).to_contain_text("Approximate position")
    assert guard.blocked == []


def test_place_parameter_centres_on_the_place_and_opens_it(page, app_url):
    open_embed(page, app_url + "/embed?place=kong-hans-have")
    expect(page.locator(".leaflet-popup-content .gm-name")).to_have_text("Kong Hans Have")


def test_partnership_parameter_shows_only_its_places(page, app_url):
    open_embed(page, app_url + "/embed?partnership=genbrugslopperne")
    expect(page.locator(MARKERS)).to_have_count(2)
    expect(page.locator(POLYGONS)).to_have_count(0)
    expect(page.get_by_label(re.compile(r"^Genbrugslopperne"))).to_be_visible()


def test_unknown_ids_show_everything_with_a_notice(page, app_url):
    open_embed(page, app_url + "/embed?partnership=findes-ikke")
    expect(page.locator(".gm-notice")).to_contain_text("Partnerskabet, som linket peger på, findes ikke")
    expect(page.locator(MARKERS)).to_have_count(14)


def test_hostile_parameters_are_never_markup(page, app_url, guard):
    open_embed(page, app_url + '/embed?place=<img src=x onerror=alert(1)>&lang="><script>alert(2)</script>')
    expect(page.locator(".gm-notice")).to_have_count(1)
    assert page.locator("img[src='x']").count() == 0
    assert guard.console_errors == []


FRAMES = """<!doctype html><title>Another site</title>
<iframe name="embed" src="{app}/embed" width="600" height="400" title="kort"></iframe>
<iframe name="signup" src="{app}/bliv-med" width="600" height="400" title="tilmelding"></iframe>"""


@pytest.fixture
def other_site(app_url):
    """A page on another origin (another port) that frames /embed and the sign-up page."""
    body = FRAMES.format(app=app_url).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/frames.html"
    server.shutdown()


def test_another_site_may_frame_the_embed_but_not_the_sign_up_form(page, other_site):
    with page.expect_event("requestfailed", lambda r: r.url.endswith("/bliv-med")) as failed:
        page.goto(other_site)
    assert failed.value.failure == "net::ERR_BLOCKED_BY_RESPONSE"
    embedded = page.frame_locator("iframe[name='embed']")
    expect(embedded.locator(MARKERS)).to_have_count(14, timeout=30_000)
    signup = page.frame(name="signup")
    assert signup is not None and signup.url.startswith("chrome-error:")
