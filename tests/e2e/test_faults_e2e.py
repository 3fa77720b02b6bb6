"""Database faults and parallel sign-ups through the browser."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from geo.storage import Storage
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_app, stop_app, wait_for_app

pytestmark = pytest.mark.e2e


def fill_and_send(page, name: str, email: str) -> None:
    form = page.get_by_test_id("stForm")
    form.get_by_label("Navn på person eller organisation").fill(name)
    form.get_by_label("E-mail").fill(email)
    form.get_by_text("Jeg giver samtykke").click()
    form.get_by_role("button", name="Send tilmelding").click()


def test_database_down_keeps_the_form_and_retry_after_recovery_stores_once(page, tmp_path, app_env):
    db_dir = tmp_path / "not-yet"  # SQLite cannot open a file in a folder that does not exist
    url_db = f"sqlite:///{db_dir}/signups.sqlite3"
    proc, url = start_app({**app_env, "DATABASE_URL": url_db})
    try:
        page.goto(url + "/bliv-med")
        wait_for_app(page)
        fill_and_send(page, "Boligforeningen Test", "test@example.dk")
        expect(page.get_by_text("Vi kan ikke nå databasen")).to_be_visible(timeout=15_000)
        form = page.get_by_test_id("stForm")
        expect(form.get_by_label("Navn på person eller organisation")).to_have_value("Boligforeningen Test")
        expect(form.get_by_label("E-mail")).to_have_value("test@example.dk")

        db_dir.mkdir()  # the database comes back
        form.get_by_role("button", name="Send tilmelding").click()
        expect(page.get_by_text("Dit referencenummer er")).to_be_visible(timeout=15_000)
        stored = Storage(url_db).list_registrations()
        assert [r.name for r in stored] == ["Boligforeningen Test"]
    finally:
        stop_app(proc)


def test_parallel_sign_ups_through_the_browser_store_exactly_once_each(app_url, app_env):
    from playwright.sync_api import sync_playwright

    n = 5

    def one(i: int) -> str:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
                page.goto(app_url + "/bliv-med")
                wait_for_app(page, timeout=60_000)
                fill_and_send(page, f"Parallel {i}", f"p{i}@example.dk")
                expect(page.get_by_text("Dit referencenummer er")).to_be_visible(timeout=60_000)
                return f"Parallel {i}"
            finally:
                browser.close()

    with ThreadPoolExecutor(n) as pool:
        names = list(pool.map(one, range(n)))
    stored = [r.name for r in Storage(app_env["DATABASE_URL"]).list_registrations() if r.name.startswith("Parallel")]
    assert sorted(stored) == sorted(names)
