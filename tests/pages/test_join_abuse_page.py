"""The join page under the sign-up probe (issue 12): hidden characters, and later rate limits."""

from __future__ import annotations

from tests.pages.test_join_page import fill, join_page, rows, submit


def test_reversed_name_is_refused_with_a_clear_message_and_nothing_is_lost(fake_map):
    at = submit(fill(join_page(fake_map), name="Ib \u202enesnaH"))
    assert any("vender læseretningen" in e.value for e in at.error)
    assert at.text_input(key="su_name").value == "Ib \u202enesnaH"
    assert at.text_input(key="su_email").value == "kontakt@example.dk"
    assert rows() == []


def test_a_name_of_zero_width_spaces_is_missing(fake_map):
    at = submit(fill(join_page(fake_map), name="\u200b\u200b"))
    assert any(e.value == "Skal udfyldes." for e in at.error)
    assert rows() == []


def test_a_filled_honeypot_saves_nothing_and_keeps_the_form(fake_map):
    at = fill(join_page(fake_map))
    honeypot = at.text_input(key="su_website")
    assert honeypot.label == "Lad dette felt være tomt"
    honeypot.input("http://spam.example")
    submit(at)
    assert any("natur@gladsaxe.dk" in e.value and "bevaret" in e.value for e in at.error)
    assert at.text_input(key="su_name").value == "Boligforeningen Grønnegården"
    assert rows() == []
    at.text_input(key="su_website").input("")
    submit(at)
    assert len(rows()) == 1


def test_the_honeypot_is_hidden_by_the_page_itself(fake_map):
    at = join_page(fake_map)
    styles = [h.proto.body for h in at.get("html")]
    assert any(".st-key-su_website { display: none; }" in body for body in styles)
