"""What a user does, written once: a staff member logs in, a resident sends the sign-up form."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import expect

from testkit.app import REPO
from testkit.waits import wait_for_app

STAFF_USER = "anna"
STAFF_PASSWORD = "grøn-og-vild-2026"
LOGIN_TIMEOUT_MS = 30_000


def add_staff_account(staff_file: str | Path, username: str = STAFF_USER, password: str = STAFF_PASSWORD) -> str:
    """Make an account exactly as the README says: ``python -m geo.staff add``, password on stdin."""
    done = subprocess.run(
        [sys.executable, "-m", "geo.staff", "add", username],
        input=password + "\n",
        env={**os.environ, "GLADSAXE_STAFF_FILE": str(staff_file)},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return username


def log_in(page, app_url: str, username: str = STAFF_USER, password: str = STAFF_PASSWORD) -> None:
    """Log in as staff would: the footer link to /personale, the form there; returns logged in and idle.

    Each field is checked to hold what was typed before the form is sent, so a value the
    browser had not taken yet can never be what is sent.
    """
    page.goto(app_url + "/")
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar").get_by_label("Brugernavn")).to_have_count(0)  # no login box there
    page.get_by_role("link", name="Medarbejderlogin").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/personale/?$"))
    main = page.get_by_test_id("stMain")
    user_field, password_field = main.get_by_label("Brugernavn"), main.get_by_label("Adgangskode")
    user_field.fill(username)
    password_field.fill(password)
    expect(user_field).to_have_value(username)
    expect(password_field).to_have_value(password)
    main.get_by_role("button", name="Log ind").click()
    expect(main.get_by_text("Logget ind som")).to_be_visible(timeout=LOGIN_TIMEOUT_MS)
    wait_for_app(page)


def send_sign_up(page, name: str, email: str) -> None:
    """Fill the join page's required fields, give consent and send (the page must be open).

    Like a person who looks before sending, each field is checked to show what was typed and
    the consent box to show its tick before the form is sent (a stressed run once sent the form
    with the box unticked; this tells a lost tick from a lost value).
    """
    form = page.get_by_test_id("stForm")
    name_field, email_field = form.get_by_label("Navn på person eller organisation"), form.get_by_label("E-mail")
    name_field.fill(name)
    email_field.fill(email)
    form.get_by_text("Jeg giver samtykke").click()
    expect(name_field).to_have_value(name)
    expect(email_field).to_have_value(email)
    expect(form.get_by_role("checkbox", name=re.compile("^Jeg giver samtykke"))).to_be_checked()
    form.get_by_role("button", name="Send tilmelding").click()


def reference_number(page) -> str:
    """The reference number from the sign-up confirmation."""
    text = page.get_by_test_id("stAlertContentSuccess").filter(has_text="referencenummer").inner_text()
    return text.split()[-1].strip(".")
