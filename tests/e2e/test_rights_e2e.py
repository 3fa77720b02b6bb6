"""A resident's deletion link and a staff CSV that answers once, in Chromium against the running app."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from testkit.flows import log_in, reference_number, send_sign_up
from testkit.waits import rerun, wait_for_app

pytestmark = pytest.mark.e2e

NAME, EMAIL = "Fortryder Fortrydsen", "fortryder@example.dk"


def open_signups(page) -> None:
    with rerun(page):
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Tilmeldinger").click()


def test_sign_up_follow_the_deletion_link_and_staff_see_it_withdrawn(page, app_url, staff_account):
    page.goto(app_url + "/bliv-med")
    wait_for_app(page)
    send_sign_up(page, NAME, EMAIL)
    expect(page.get_by_text("Dit private sletningslink")).to_be_visible(timeout=15_000)
    ref = reference_number(page)
    link = page.get_by_test_id("stCode").inner_text().strip()
    assert "/bliv-med?slet=" in link and link.startswith(app_url), link

    page.goto(link)
    wait_for_app(page)
    expect(page.get_by_text("Vil du slette din tilmelding?")).to_be_visible()
    expect(page.get_by_text(ref)).to_be_visible()
    page.get_by_role("button", name="Ja, slet min tilmelding nu").click()
    expect(page.get_by_text(f"Tilmelding {ref} er slettet")).to_be_visible(timeout=15_000)
    assert "slet=" not in page.url

    log_in(page, app_url)
    open_signups(page)
    page.get_by_label("Søg").fill(ref)
    with rerun(page):
        page.keyboard.press("Enter")
    expect(page.get_by_text("1 tilmeldinger er trukket tilbage eller slettet")).to_be_visible(timeout=15_000)
    # The grid draws on a canvas; its accessible table carries the cells' text.
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_contain_text(ref)
    expect(grid).to_contain_text("Trukket tilbage af borgeren")
    for personal in (NAME, EMAIL):
        assert personal not in page.content()


def test_staff_csv_answers_once_and_then_nothing(page, app_url, staff_account):
    page.goto(app_url + "/bliv-med")
    wait_for_app(page)
    send_sign_up(page, "Csv Borger", "csv.borger@example.dk")
    expect(page.get_by_text("Dit referencenummer er")).to_be_visible(timeout=15_000)

    log_in(page, app_url)
    open_signups(page)
    page.get_by_role("button", name="Hent listen som CSV").click()
    save = page.get_by_role("link", name="Gem tilmeldinger.csv")
    expect(save).to_be_visible(timeout=15_000)
    href = save.get_attribute("href")
    assert href.startswith("/personale/hent/")
    assert page.locator("a[href*='/media/']").count() == 0  # nothing left in Streamlit's media store

    # A link previewer's HEAD and a client without the browser's cookies get nothing and use
    # nothing up (the second security probe found both burning or using the ticket).
    assert page.request.head(app_url + href).status == 405
    with pytest.raises(urllib.error.HTTPError) as previewer:
        urllib.request.urlopen(app_url + href, timeout=10)
    assert previewer.value.code == 404

    first = page.request.get(app_url + href)
    assert first.status == 200
    assert first.headers["cache-control"] == "no-store"
    assert "attachment" in first.headers["content-disposition"]
    assert "csv.borger@example.dk" in first.text()

    again = page.request.get(app_url + href)
    assert again.status == 404 and "csv.borger" not in again.text()
    with pytest.raises(urllib.error.HTTPError) as stranger:  # nor anybody else, without the browser
        urllib.request.urlopen(app_url + href, timeout=10)
    assert stranger.value.code == 404


def test_logging_out_ends_an_unused_csv_link(page, app_url, staff_account):
    page.goto(app_url + "/bliv-med")
    wait_for_app(page)
    send_sign_up(page, "Logud Borger", "logud.borger@example.dk")
    expect(page.get_by_text("Dit referencenummer er")).to_be_visible(timeout=15_000)

    log_in(page, app_url)
    open_signups(page)
    page.get_by_role("button", name="Hent listen som CSV").click()
    save = page.get_by_role("link", name="Gem tilmeldinger.csv")
    expect(save).to_be_visible(timeout=15_000)
    href = save.get_attribute("href")

    with rerun(page):
        page.get_by_role("link", name="Medarbejderlogin").click()
    with rerun(page):
        page.get_by_test_id("stMain").get_by_role("button", name="Log ud").click()
    expect(page.get_by_test_id("stMain").get_by_label("Brugernavn")).to_be_visible(timeout=15_000)
    late = page.request.get(app_url + href)
    assert late.status == 404 and "logud.borger" not in late.text()
