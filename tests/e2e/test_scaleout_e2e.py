"""Two app processes share one PostgreSQL: a sign-up made through one is visible to staff on the other."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import REPO, start_app, stop_app, wait_for_app
from tests.e2e.test_faults_e2e import _admin_engine, fill_and_send
from tests.e2e.test_staff_e2e import PASSWORD, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def shared_postgres():
    admin = _admin_engine()
    name = f"gm_scale_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_sign_up_on_one_process_is_seen_by_staff_on_the_other(browser, app_env, shared_postgres, tmp_path):
    staff_file = str(tmp_path / "staff.json")
    env = {**app_env, "DATABASE_URL": shared_postgres, "GLADSAXE_STAFF_FILE": staff_file}
    made = subprocess.run(
        [sys.executable, "-m", "geo.staff", "add", "anna"],
        input=PASSWORD + "\n",
        env={**os.environ, **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    proc_a, url_a = start_app(env)
    proc_b, url_b = start_app(env)
    try:
        citizen = browser.new_page()
        citizen.goto(url_a + "/bliv-med")
        wait_for_app(citizen)
        fill_and_send(citizen, "Skalering Boligforening", "skala@example.dk")
        expect(citizen.get_by_text("Dit referencenummer er")).to_be_visible(timeout=15_000)
        ref = citizen.get_by_test_id("stAlertContentSuccess").filter(has_text="referencenummer").inner_text()
        ref = ref.split()[-1].strip(".")

        staff = browser.new_page()
        log_in(staff, url_b)
        staff.get_by_test_id("stSidebarNav").get_by_role("link", name="Tilmeldinger").click()
        wait_for_app(staff)
        staff.get_by_label("Søg").fill("Skalering")
        staff.keyboard.press("Enter")
        wait_for_app(staff)
        expect(staff.get_by_text("1 tilmeldinger vises")).to_be_visible(timeout=15_000)
        staff.get_by_label("Åbn en tilmelding").click()
        expect(staff.get_by_role("option", name=ref)).to_be_visible(timeout=15_000)
    finally:
        stop_app(proc_a)
        stop_app(proc_b)
