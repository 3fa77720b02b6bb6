"""The join page under the sign-up probe (issue 12): hidden characters, and later rate limits."""

from __future__ import annotations

from tests.pages.kit import fill, join_page, rows, submit


def test_reversed_name_is_refused_with_a_clear_message_and_nothing_is_lost(fake_map):
    at = submit(fill(join_page(), name="Ib \u202enesnaH"))
    assert any("vender læseretningen" in e.value for e in at.error)
    assert at.text_input(key="su_name").value == "Ib \u202enesnaH"
    assert at.text_input(key="su_email").value == "kontakt@example.dk"
    assert rows() == []


def test_a_name_of_zero_width_spaces_is_missing(fake_map):
    at = submit(fill(join_page(), name="\u200b\u200b"))
    assert any(e.value == "Skal udfyldes." for e in at.error)
    assert rows() == []


def test_a_filled_honeypot_saves_nothing_and_keeps_the_form(fake_map):
    at = fill(join_page())
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
    at = join_page()
    styles = [h.proto.body for h in at.get("html")]
    assert any(".st-key-su_website { display: none; }" in body for body in styles)


def test_sign_ups_are_limited_per_address_across_sessions_and_the_another_button(fake_map, monkeypatch):
    monkeypatch.setenv("GLADSAXE_SIGNUPS_PER_HOUR", "2")
    first = submit(fill(join_page(), name="Første"))
    assert any("VMV-" in s.value for s in first.success)
    first.button[[b.label for b in first.button].index("Send en tilmelding mere")].click().run()
    submit(fill(first, name="Anden"))  # "another" used to reset the count; it is in the database now
    assert len(rows()) == 2
    # A new tab, a reload or a raw WebSocket client is a new session from the same address.
    third = submit(fill(join_page(), name="Tredje"))
    assert any("mange tilmeldinger fra din forbindelse" in e.value for e in third.error)
    assert third.text_input(key="su_name").value == "Tredje"  # nothing typed is lost
    assert len(rows()) == 2


def test_the_default_limit_is_five_per_hour(monkeypatch):
    from ui.join import signups_per_hour

    monkeypatch.delenv("GLADSAXE_SIGNUPS_PER_HOUR", raising=False)
    assert signups_per_hour() == 5
    monkeypatch.setenv("GLADSAXE_SIGNUPS_PER_HOUR", "nonsense")
    assert signups_per_hour() == 5
