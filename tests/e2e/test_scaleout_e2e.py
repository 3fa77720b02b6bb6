"""Two app processes share one PostgreSQL: a sign-up made through one is visible to staff on the other."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from testkit.app import running_app
from testkit.browser import new_context
from testkit.flows import add_staff_account, log_in, reference_number, send_sign_up
from testkit.postgres import fresh_database
from testkit.waits import rerun, wait_for_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def shared_postgres():
    with fresh_database("gm_scale") as url:
        yield url


def test_sign_up_on_one_process_is_seen_by_staff_on_the_other(browser, guard, app_env, shared_postgres, tmp_path):
    staff_file = str(tmp_path / "staff.json")
    env = {**app_env, "DATABASE_URL": shared_postgres, "GLADSAXE_STAFF_FILE": staff_file}
    add_staff_account(staff_file)
    with running_app(env, label="app-a") as app_a, running_app(env, label="app-b") as app_b:
        citizen = new_context(browser, guard).new_page()
        citizen.goto(app_a.url + "/bliv-med")
        wait_for_app(citizen)
        send_sign_up(citizen, "Skalering Boligforening", "skala@example.dk")
        expect(citizen.get_by_text("Dit referencenummer er")).to_be_visible(timeout=15_000)
        ref = reference_number(citizen)

        staff = new_context(browser, guard).new_page()
        log_in(staff, app_b.url)
        with rerun(staff):
            staff.get_by_test_id("stSidebarNav").get_by_role("link", name="Tilmeldinger").click()
        staff.get_by_label("Søg").fill("Skalering")
        with rerun(staff):
            staff.keyboard.press("Enter")
        expect(staff.get_by_text("1 tilmeldinger vises")).to_be_visible(timeout=15_000)
        staff.get_by_label("Åbn en tilmelding").click()
        expect(staff.get_by_role("option", name=ref)).to_be_visible(timeout=15_000)
    assert guard.blocked == []
