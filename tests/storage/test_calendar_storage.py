"""Calendar events in storage, on SQLite and PostgreSQL: add, edit, delete with history; import."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from geo.calendar.importer import import_csv
from geo.calendar.model import EventIn, Words
from geo.calendar.rows import COLUMNS

PLACES = {"kong-hans-have", "verdensmaalshuset"}
T0 = datetime(2027, 3, 1, 9, tzinfo=UTC)
T1 = datetime(2027, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def events(storage):
    return storage


def mowing(**values) -> EventIn:
    base = {
        "place_id": "kong-hans-have",
        "kind": "mowing",
        "start": date(2027, 9, 13),
        "end": date(2027, 9, 19),
        "week_based": True,
        "repeats_yearly": True,
        "why": Words("vi slår én gang om året", ""),
    }
    return EventIn(**{**base, **values})


def test_add_and_read_back_everything(events):
    talk = EventIn(
        place_id="verdensmaalshuset",
        kind="event",
        start=date(2027, 10, 5),
        end=date(2027, 10, 5),
        starts_at=time(19),
        ends_at=time(21, 30),
        title=Words("Foredrag", "Talk"),
        text=Words("<b>ikke fed</b>", "x"),
        link="https://example.org/a?b=1",
    )
    saved = events.add_event(talk, by="anna", now=T0)
    assert saved.id and len(saved.uid) == 32 and saved.updated_by == "anna" and saved.updated_at == T0
    (read,) = events.list_events()
    assert read == saved
    assert (read.starts_at, read.ends_at, read.text.da, read.link) == (
        time(19),
        time(21, 30),
        "<b>ikke fed</b>",
        talk.link,
    )
    assert read.same_as(talk)


def test_list_by_place_in_date_order(events):
    events.add_event(mowing(), by="anna")
    events.add_event(mowing(start=date(2027, 5, 3), end=date(2027, 5, 3), week_based=False), by="anna")
    events.add_event(mowing(place_id="verdensmaalshuset"), by="anna")
    assert [e.start for e in events.list_events("kong-hans-have")] == [date(2027, 5, 3), date(2027, 9, 13)]
    assert len(events.list_events()) == 3


def test_edit_keeps_uid_and_delete_keeps_history(events):
    saved = events.add_event(mowing(), by="anna", now=T0)
    edited = events.update_event(saved.id, mowing(why=Words("nyt hvorfor", "new why")), by="bo", now=T1)
    assert edited.uid == saved.uid and edited.why.en == "new why" and edited.updated_by == "bo"
    assert events.update_event(saved.id + 99, mowing(), by="bo") is None
    assert events.delete_event(saved.id, by="carl", now=T1) is True
    assert events.delete_event(saved.id, by="carl") is False
    assert events.get_event(saved.id) is None and events.list_events() == []
    history = events.event_history()
    assert [(c.action, c.by) for c in history] == [("deleted", "carl"), ("edited", "bo"), ("added", "anna")]
    assert {c.event_uid for c in history} == {saved.uid} and history[0].place_id == "kong-hans-have"


def csv_file(*rows: str) -> bytes:
    return ("\n".join([";".join(COLUMNS), *rows]) + "\n").encode("utf-8-sig")


GOOD = "kong-hans-have;mowing;2027-W37;;;;;;vi slår én gang om året;;ja"
BAD = "kong-hans-have;slå;2027-W37;;;;;;;;"


def test_import_stores_a_good_file_once(events):
    report = import_csv(events, csv_file(GOOD, "verdensmaalshuset;walk;2027-06-12 14:00;;;;;;;;"), PLACES, "anna")
    assert (report.stored, report.already_stored, report.problems) == (2, 0, [])
    again = import_csv(events, csv_file(GOOD), PLACES, "anna")
    assert (again.stored, again.already_stored) == (0, 1)  # loading the plan twice does not double it
    assert len(events.list_events()) == 2
    assert {c.action for c in events.event_history()} == {"imported"}


def test_a_file_with_errors_stores_nothing_unless_valid_rows_are_chosen(events):
    refused = import_csv(events, csv_file(GOOD, BAD), PLACES, "anna")
    assert refused.refused and refused.stored == 0 and events.list_events() == []
    assert [(p.row, p.column, p.code) for p in refused.problems] == [(3, "kind", "unknown_kind")]
    partly = import_csv(events, csv_file(GOOD, BAD), PLACES, "anna", valid_rows_only=True)
    assert not partly.refused and partly.stored == 1 and partly.rows_with_problems == 1
    assert len(events.list_events()) == 1
