"""Database faults and parallel sign-ups through the browser."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from geo.storage import Storage
from testkit.app import running_app
from testkit.browser import Guard, launch, new_context
from testkit.flows import send_sign_up
from testkit.postgres import admin_engine, database_url, drop_database, unique_name
from testkit.waits import wait_for_app, wait_for_map

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


SCRIPT_RUNNING_JS = "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'running'"


def test_a_sign_up_saved_slowly_is_confirmed_even_when_the_user_clicks_again_meanwhile(page, app_url, app_env):
    """Regression: Streamlit stops a callback at its next session access when a newer click is
    waiting; the sign-up was stored while the save waited for a busy database, but the
    confirmation was thrown away with the interrupted callback."""
    page.goto(app_url + "/bliv-med")
    wait_for_app(page)
    wait_for_map(page)
    blocker = sqlite3.connect(app_env["DATABASE_URL"].removeprefix("sqlite:///"), isolation_level=None, timeout=30)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the database: the app's save waits
    try:
        send_sign_up(page, "Forening Langsom", "langsom@example.dk")
        page.wait_for_function(SCRIPT_RUNNING_JS, polling=20)
        wish = page.get_by_test_id("stCheckbox").filter(has_text="Lad et bed være tomt")
        wish.click()  # a second interaction while the sign-up is being saved
        expect(wish.get_by_role("checkbox")).to_be_checked()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    expect(page.get_by_text("Dit referencenummer er")).to_be_visible(timeout=30_000)
    stored = [r.name for r in Storage(app_env["DATABASE_URL"]).list_signups() if r.name == "Forening Langsom"]
    assert stored == ["Forening Langsom"]
