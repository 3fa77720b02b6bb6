"""Staff load a yearly plan; the public card shows it; the phone calendar gets it over HTTP."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest
from playwright.sync_api import expect

from testkit.flows import log_in
from testkit.http import fetch
from testkit.waits import rerun, wait_for_app

pytestmark = pytest.mark.e2e

TITLE = "Slåtur med leen"


def next_month(today: date) -> date:
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=10)
    return first


def test_staff_import_shows_on_the_card_and_in_the_calendar_file(page, app_url, staff_account, guard):
    day = next_month(date.today())
    plan = (
        "place_id;kind;start;end;title_da;title_en;text_da;text_en;why_da;why_en;repeats_yearly\n"
        f"kong-hans-have;walk;{day.isoformat()} 14:00;{day.isoformat()} 16:00;{TITLE};Scything walk;Mød op ved porten;;"
        "Vi slår med le for at skåne insekterne;;nej\n"
    ).encode("utf-8-sig")
    log_in(page, app_url)
    with rerun(page):
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Kalender").click()
    page.get_by_role("tab", name="Indlæs årsplan (CSV)").click()
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(
        files=[{"name": "aarsplan.csv", "mimeType": "text/csv", "buffer": plan}]
    )
    page.get_by_role("button", name="Indlæs", exact=True).click()
    expect(page.get_by_text("1 begivenheder gemt")).to_be_visible(timeout=20_000)

    page.goto(app_url + "/kort?place=kong-hans-have")
    wait_for_app(page)
    expect(page.get_by_text("Det sker her")).to_be_visible(timeout=20_000)
    line = page.get_by_text(f"Guidet tur den {day.day}.")
    expect(line).to_contain_text(TITLE)
    # the end time and where to meet reach the resident, beside the why
    expect(line).to_contain_text("kl. 14:00–16:00")
    expect(line).to_contain_text("Vi slår med le for at skåne insekterne — Mød op ved porten")
    link = page.get_by_role("link", name="Abonnér på kalenderen")
    expect(link).to_have_attribute("href", "/kalender/kong-hans-have.ics")

    status, headers, body = fetch(app_url + "/kalender/kong-hans-have.ics")
    assert status == 200 and headers["content-type"] == "text/calendar; charset=utf-8"
    (event,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["summary"]) == f"{TITLE} – Kong Hans Have"
    assert event.decoded("dtstart").date() == day
    status, _, everything = fetch(app_url + "/kalender.ics")
    assert status == 200 and TITLE in icalendar.Calendar.from_ical(everything).walk("VEVENT")[0]["summary"]
    assert fetch(app_url + "/kalender/intet-sted.ics")[0] == 404
    assert guard.blocked == []
