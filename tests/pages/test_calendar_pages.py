"""The staff calendar page and the card's "Det sker her" with AppTest, from the real entry point."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from geo.calendar.model import EventIn, Words
from geo.calendar.rows import COLUMNS
from geo.storage import open_storage
from tests.pages.kit import app, logged_in, texts
from ui.calendar import today

PAGE = "app_pages/staff_calendar.py"
HOSTILE = "<img src=x onerror=alert(1)> [klik](https://evil.example) **fed**"


def staff_page(at=None):
    at = logged_in()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def plan(*rows: str) -> bytes:
    return ("\n".join([";".join(COLUMNS), *rows]) + "\n").encode("utf-8-sig")


def import_file(at, data: bytes, valid_only: bool = False):
    at.file_uploader(key="cal_upload").upload("plan.csv", data, "text/csv")
    at.run()
    if valid_only:
        at.checkbox(key="cal_valid_only").check()
    at.button(key="cal_import").click()
    return at.run()


@pytest.mark.usefixtures("account")
def test_import_a_plan_and_see_it_listed(fake_map):
    at = import_file(staff_page(), plan("engen;mowing;2027-W37;;;;;;vi slår én gang om året;;ja"))
    assert "1 begivenheder gemt" in "\n".join(s.value for s in at.success)
    (stored,) = open_storage().list_events()
    assert stored.week_based and stored.repeats_yearly and stored.updated_by == "anna"


@pytest.mark.usefixtures("account")
def test_a_file_with_errors_names_row_and_column_and_stores_nothing(fake_map):
    data = plan("engen;mowing;2027-W37;;;;;;;;ja", "engen;slå;2027-13-01;;;;;;;;")
    at = import_file(staff_page(), data)
    shown = "\n".join(m.value for m in at.markdown)
    assert "Række 3, kolonne kind" in shown and "Række 3, kolonne start" in shown
    assert "intet er gemt" in "\n".join(e.value for e in at.error)
    assert open_storage().list_events() == []
    at = import_file(at, data, valid_only=True)
    assert len(open_storage().list_events()) == 1


@pytest.mark.usefixtures("account")
def test_add_edit_and_delete_through_the_form_with_history(fake_map):
    at = staff_page()
    at.text_input[[w.label for w in at.text_input].index("Start")].input("2027-06-12 14:00")
    at.text_input[[w.label for w in at.text_input].index("Titel (dansk)")].input(HOSTILE)
    at.selectbox[[w.label for w in at.selectbox].index("Type")].set_value("walk")
    at.button[[b.label for b in at.button].index("Gem")].click()
    at.run()
    assert not at.exception
    (saved,) = open_storage().list_events()
    assert saved.kind == "walk" and saved.title.da == HOSTILE and saved.updated_by == "anna"
    assert "Begivenheden er gemt." in "\n".join(s.value for s in at.success)
    at.selectbox(key="cal_edit_id").set_value(saved.id).run()
    assert at.text_input[[w.label for w in at.text_input].index("Start")].value == "2027-06-12 14:00"
    at.text_input[[w.label for w in at.text_input].index("Slut (valgfri)")].input("2027-06-11")
    at.button[[b.label for b in at.button].index("Gem")].click()
    at.run()
    assert "Række" not in texts(at)  # a form problem names the field, not a row
    assert "ligger før starten" in "\n".join(m.value for m in at.markdown)
    at.button(key=f"cal_delete_{saved.id}").click()
    at.run()
    assert open_storage().list_events() == []
    assert [c.action for c in open_storage().event_history()] == ["deleted", "added"]


def test_the_card_shows_what_happens_and_why_as_plain_text(fake_map):
    soon = today() + timedelta(days=10)
    long_ago = today() - timedelta(days=40)
    db = open_storage()
    db.add_event(
        EventIn("engen", "walk", soon, soon, title=Words(HOSTILE), why=Words("Vi viser engen frem")), by="anna"
    )
    db.add_event(EventIn("engen", "mowing", long_ago, long_ago, text=Words("Stien blev slået")), by="anna")
    at = app({"place": "engen"}).run()
    assert not at.exception
    shown = texts(at)
    assert "Det sker her" in shown
    assert "Guidet tur den" in shown and "Vi viser engen frem" in shown
    assert "Stien blev slået" in shown  # the most recent one
    assert "<img" not in shown.replace("\\<img", "")  # every markup sign escaped
    assert "(/kalender/engen.ics)" in shown


def test_the_card_shows_where_to_meet_and_when_it_ends(fake_map):
    soon = today() + timedelta(days=5)
    db = open_storage()
    walk = EventIn(
        "engen",
        "walk",
        soon,
        soon,
        why=Words("Vi viser engen frem"),
        text=Words("Mødested: porten på Engvej"),
        starts_at=time(14),
        ends_at=time(16),
    )
    db.add_event(walk, by="anna")
    at = app({"place": "engen"}).run()
    assert not at.exception
    shown = texts(at)
    assert "kl\\. 14\\:00–16\\:00" in shown  # the end time too (dots and colons escaped)
    assert "Vi viser engen frem — Mødested\\: porten på Engvej" in shown  # where to meet, beside the why


def test_a_place_without_events_says_so(fake_map):
    at = app({"place": "kaeret"}).run()
    assert "Der er ikke skrevet noget i kalenderen" in texts(at)
