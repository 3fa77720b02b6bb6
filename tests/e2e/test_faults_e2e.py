"""Database faults and parallel sign-ups through the browser."""

from __future__ import annotations

import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from geo.storage import Storage
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _need, start_app, stop_app, wait_for_app

pytestmark = pytest.mark.e2e


def fill_and_send(page, name: str, email: str) -> None:
    form = page.get_by_test_id("stForm")
    form.get_by_label("Navn på person eller organisation").fill(name)
    form.get_by_label("E-mail").fill(email)
    form.get_by_text("Jeg giver samtykke").click()
    form.get_by_role("button", name="Send tilmelding").click()


def _admin_engine():
    admin_url = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    try:
        engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        engine.connect().close()
        return engine
    except sa.exc.OperationalError:
        _need(False, "PostgreSQL is not reachable at " + admin_url)


def test_database_down_keeps_the_form_and_retry_after_recovery_stores_once(page, app_env):
    """The app starts while its PostgreSQL database does not exist yet; it is created mid-test."""
    admin = _admin_engine()
    name = f"gm_fault_{uuid.uuid4().hex[:10]}"
    url_db = admin.url.set(database=name).render_as_string(hide_password=False)
    proc, url = start_app({**app_env, "DATABASE_URL": url_db})
    try:
        page.goto(url + "/bliv-med")
        wait_for_app(page)
        fill_and_send(page, "Boligforeningen Test", "test@example.dk")
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
        stop_app(proc)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


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
    stored = [r.name for r in Storage(app_env["DATABASE_URL"]).list_signups() if r.name.startswith("Parallel")]
    assert sorted(stored) == sorted(names)
