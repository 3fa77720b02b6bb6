"""The join page with AppTest: self-check, sign-up happy path, bad input, resubmission, DB faults."""

from __future__ import annotations

import os

from tests.pages.kit import fill, join_page, rows, submit, texts

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=2"


def test_join_page_explains_and_self_check_is_friendly(fake_map):
    at = join_page()
    assert "natur@gladsaxe.dk" in texts(at)
    at.checkbox(key="check-uklippet").check().run()
    assert any("1 ting" in s.value for s in at.success)


def test_happy_path_stores_one_signup_with_consent(fake_map):
    at = submit(fill(join_page()))
    assert any("VMV-" in s.value for s in at.success)
    stored = rows()
    assert len(stored) == 1
    assert stored[0].name == "Boligforeningen Grønnegården"
    assert stored[0].message.startswith("<script>")  # stored as typed, never rendered as HTML
    assert stored[0].consent_at is not None


def test_invalid_email_is_shown_next_to_field_and_keeps_other_values(fake_map):
    at = submit(fill(join_page(), email="ikke-en-mail"))
    assert any("e-mailadresse" in e.value for e in at.error)
    assert at.text_input(key="su_name").value == "Boligforeningen Grønnegården"
    assert at.text_area(key="su_message").value.startswith("<script>")
    assert rows() == []


def test_missing_consent_is_reported(fake_map):
    at = submit(fill(join_page(), consent=False))
    assert any("samtykke" in e.value for e in at.error)
    assert rows() == []


def test_resubmitting_the_same_form_stores_once(fake_map):
    at = submit(fill(join_page()))
    ref = rows()[0].ref
    del at.session_state["su_saved"]  # the browser shows the old form again and it is sent again
    at.run()
    submit(at)
    assert [r.ref for r in rows()] == [ref]


def test_database_unavailable_keeps_form_then_retry_stores_once(fake_map, monkeypatch):
    good = os.environ["DATABASE_URL"]
    at = fill(join_page())
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE)
    submit(at)
    assert any("databasen" in e.value for e in at.error)
    assert at.text_input(key="su_name").value == "Boligforeningen Grønnegården"
    monkeypatch.setenv("DATABASE_URL", good)
    submit(at)
    assert any("VMV-" in s.value for s in at.success)
    assert len(rows()) == 1
