"""Database faults and parallel sign-ups through the browser."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from geo.storage import Storage
from testkit.app import running_app
from testkit.browser import Guard, launch, new_context
from testkit.flows import send_sign_up
from testkit.postgres import admin_engine, database_url, drop_database, unique_name
from testkit.waits import wait_for_app

pytestmark = pytest.mark.e2e


def test_database_down_keeps_the_form_and_retry_after_recovery_stores_once(page, app_env):
    """The app starts while its PostgreSQL database does not exist yet; it is created mid-test."""
    admin = admin_engine()
    name = unique_name("gm_fault")
    url_db = database_url(admin, name)
    try:
        with running_app({**app_env, "DATABASE_URL": url_db}, label="app-db-down") as app:
            page.goto(app.url + "/bliv-med")
            wait_for_app(page)
            send_sign_up(page, "Boligforeningen Test", "test@example.dk")
            expect(page.get_by_text("Vi kan ikke nå databasen")).to_be_visible(timeout=15_000)
            form = page.get_by_test_id("stForm")
            expect(form.get_by_label("Navn på person eller organisation")).to_have_value("Boligforeningen Test")
            expect(form.get_by_label("E-mail")).to_have_value("test@example.dk")

            with admin.connect() as conn:  # the database comes back
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
            form.get_by_role("button", name="Send tilmelding").click()
            expect(page.get_by_text("Dit referencenummer er")).to_be_visible(timeout=15_000)
        store = Storage(url_db)
        assert [r.name for r in store.list_signups()] == ["Boligforeningen Test"]
        store.close()
    finally:
        drop_database(admin, name)
        admin.dispose()


def test_parallel_sign_ups_through_the_browser_store_exactly_once_each(app_url, app_env):
    from playwright.sync_api import sync_playwright

    n = 5
    guards = [Guard() for _ in range(n)]

    def one(i: int) -> str:
        with sync_playwright() as pw:
            browser = launch(pw)
            try:
                page = new_context(browser, guards[i]).new_page()
                page.goto(app_url + "/bliv-med")
                wait_for_app(page, timeout=60_000)
                send_sign_up(page, f"Parallel {i}", f"p{i}@example.dk")
                expect(page.get_by_text("Dit referencenummer er")).to_be_visible(timeout=60_000)
                return f"Parallel {i}"
            finally:
                browser.close()

    with ThreadPoolExecutor(n) as pool:
        names = list(pool.map(one, range(n)))
    stored = [r.name for r in Storage(app_env["DATABASE_URL"]).list_signups() if r.name.startswith("Parallel")]
    assert sorted(stored) == sorted(names)
    assert [g.blocked for g in guards] == [[]] * n
