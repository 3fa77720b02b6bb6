"""The join page with AppTest: self-check, sign-up happy path, bad input, resubmission, DB faults."""

from __future__ import annotations

import os

from geo.storage import Storage
from tests.pages.conftest import app, texts

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=2"


def join_page(fake_map):
    at = app()
    at.run()
    at.switch_page("app_pages/join.py").run()
    assert not at.exception
    return at


def fill(at, name="Boligforeningen Grønnegården", email="kontakt@example.dk", consent=True):
    at.selectbox(key="su_kind").set_value("housing_association")
    at.text_input(key="su_name").input(name)
    at.text_input(key="su_email").input(email)
    at.text_input(key="su_phone").input("+45 12 34 56 78")
    at.number_input(key="su_size").set_value(1200.0)
    at.text_area(key="su_message").input("<script>alert(1)</script> vi vil gerne ${x}")
    if consent:
        at.checkbox(key="su_consent").check()
    return at


def submit(at):
    next(b for b in at.button if b.proto.is_form_submitter).click().run()
    assert not at.exception
    return at


def rows():
    return Storage(os.environ["DATABASE_URL"]).list_signups()


def test_join_page_explains_and_self_check_is_friendly(fake_map):
    at = join_page(fake_map)
    assert "natur@gladsaxe.dk" in texts(at)
    at.checkbox(key="check-uklippet").check().run()
    assert any("1 ting" in s.value for s in at.success)


def test_happy_path_stores_one_signup_with_consent(fake_map):
    at = submit(fill(join_page(fake_map)))
    assert any("VMV-" in s.value for s in at.success)
    stored = rows()
    assert len(stored) == 1
    assert stored[0].name == "Boligforeningen Grønnegården"
    assert stored[0].message.startswith("<script>")  # stored as typed, never rendered as HTML
    assert stored[0].consent_at is not None


def test_invalid_email_is_shown_next_to_field_and_keeps_other_values(fake_map):
    at = submit(fill(join_page(fake_map), email="ikke-en-mail"))
    assert any("e-mailadresse" in e.value for e in at.error)
    assert at.text_input(key="su_name").value == "Boligforeningen Grønnegården"
    assert at.text_area(key="su_message").value.startswith("<script>")
    assert rows() == []


def test_missing_consent_is_reported(fake_map):
    at = submit(fill(join_page(fake_map), consent=False))
    assert any("samtykke" in e.value for e in at.error)
    assert rows() == []


def test_resubmitting_the_same_form_stores_once(fake_map):
    at = submit(fill(join_page(fake_map)))
    ref = rows()[0].ref
    del at.session_state["su_saved"]  # the browser shows the old form again and it is sent again
    at.run()
    submit(at)
    assert [r.ref for r in rows()] == [ref]


def test_database_unavailable_keeps_form_then_retry_stores_once(fake_map, monkeypatch):
    good = os.environ["DATABASE_URL"]
    at = fill(join_page(fake_map))
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE)
    submit(at)
    assert any("databasen" in e.value for e in at.error)
    assert at.text_input(key="su_name").value == "Boligforeningen Grønnegården"
    monkeypatch.setenv("DATABASE_URL", good)
    submit(at)
    assert any("VMV-" in s.value for s in at.success)
    assert len(rows()) == 1
