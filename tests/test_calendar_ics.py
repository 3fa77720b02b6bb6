"""iCalendar files and card sentences (geo.calendar.ics, geo.calendar.words)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import icalendar
from dateutil.rrule import rrulestr

from geo.calendar.ics import build_ics, uid_of
from geo.calendar.model import CalendarEvent, Words, occurrence_in, outlook
from geo.calendar.words import describe, file_label

NAMES = {"kong-hans-have": "Kong Hans Have", "verdensmaalshuset": "Verdensmålshuset"}
STAMP = datetime(2027, 1, 5, 12, tzinfo=UTC)


def stored(**values) -> CalendarEvent:
    base = {
        "place_id": "kong-hans-have",
        "kind": "mowing",
        "start": date(2027, 9, 13),
        "end": date(2027, 9, 19),
        "week_based": True,
        "repeats_yearly": True,
        "why": Words("vi slår én gang om året, når blomsterne har sat frø", "we mow once a year"),
        "id": 1,
        "uid": "a1b2c3",
        "updated_at": STAMP,
    }
    return CalendarEvent(**{**base, **values})


def parse(data: bytes) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return [c for c in cal.walk("VEVENT")]


def test_yearly_week_event_has_rrule_whole_days_and_stable_uid():
    data = build_ics([stored()], NAMES, file_label)
    (ev,) = parse(data)
    assert str(ev["uid"]) == "a1b2c3@groenne-kort.gladsaxe.dk" == uid_of(stored())
    assert ev.decoded("dtstart") == date(2027, 9, 13) and ev.decoded("dtend") == date(2027, 9, 20)
    assert dict(ev["rrule"]) == {"FREQ": ["YEARLY"], "BYWEEKNO": [37], "BYDAY": ["MO"]}
    assert str(ev["summary"]) == "Slåning – Kong Hans Have"
    description = str(ev["description"])
    assert "Hvorfor: vi slår én gang om året" in description and "Why: we mow once a year" in description
    assert build_ics([stored()], NAMES, file_label) == data  # the same events give the same file


def test_rrule_repeats_like_the_card():
    for event in (stored(), stored(start=date(2028, 2, 29), end=date(2028, 2, 29), week_based=False)):
        (ev,) = parse(build_ics([event], NAMES, file_label))
        rule = rrulestr(ev["rrule"].to_ical().decode(), dtstart=datetime.combine(event.start, time()))
        phone = [d.date() for d in rule.between(datetime(2027, 1, 1), datetime(2036, 12, 31), inc=True)]
        card = [occ.start for y in range(2027, 2037) if (occ := occurrence_in(event, y))]
        assert phone == card


def test_timed_event_in_copenhagen_time_with_link_and_english():
    talk = stored(
        place_id="verdensmaalshuset",
        kind="event",
        start=date(2027, 10, 5),
        end=date(2027, 10, 5),
        week_based=False,
        repeats_yearly=False,
        starts_at=time(19),
        ends_at=time(21),
        title=Words("Foredrag om vand", "Talk about water"),
        text=Words("Gratis", ""),
        why=Words(),
        link="https://example.org/foredrag",
        uid="talk-1",
    )
    data = build_ics([talk], NAMES, file_label)
    (ev,) = parse(data)
    assert ev.decoded("dtstart").isoformat() == "2027-10-05T19:00:00+02:00"
    assert ev.decoded("dtend").isoformat() == "2027-10-05T21:00:00+02:00"
    assert "rrule" not in ev and str(ev["url"]) == "https://example.org/foredrag"
    assert str(ev["summary"]) == "Foredrag om vand – Verdensmålshuset"
    assert "In English: Talk about water" in str(ev["description"])
    assert b"BEGIN:VTIMEZONE" in data and b"TZID:Europe/Copenhagen" in data


def test_typed_text_cannot_add_lines_or_events():
    hostile = "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:owned; a,b \\n"
    data = build_ics([stored(text=Words(hostile, hostile), title=Words(hostile))], NAMES, file_label)
    events = parse(data)
    assert len(events) == 1 and str(events[0]["uid"]) == "a1b2c3@groenne-kort.gladsaxe.dk"
    assert hostile.replace("\r\n", "\n") in str(events[0]["description"])  # line breaks kept as text
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


def test_calendar_parses_with_several_events():
    other = replace(stored(), uid="b2", start=date(2027, 5, 3), end=date(2027, 5, 3), week_based=False)
    cal = icalendar.Calendar.from_ical(build_ics([stored(), other], NAMES, file_label))
    assert str(cal["x-wr-calname"]).startswith("Gladsaxe") and len(cal.walk("VEVENT")) == 2


def test_card_sentence_with_week_and_why():
    today = date(2027, 8, 20)
    seen = outlook([stored()], today)
    assert describe(seen.upcoming[0], "da", file_label, today) == (
        "Slås i uge 37 — vi slår én gang om året, når blomsterne har sat frø"
    )
    assert describe(seen.upcoming[0], "en", file_label, today) == "Mowed in week 37 — we mow once a year"


def test_card_sentence_with_dates_times_and_next_year():
    walk = stored(kind="walk", start=date(2028, 1, 4), end=date(2028, 1, 4), week_based=False, starts_at=time(10))
    walk = replace(walk, repeats_yearly=False, why=Words(), text=Words("Mød op ved porten"))
    today = date(2027, 12, 30)
    assert describe(outlook([walk], today).upcoming[0], "da", file_label, today) == (
        "Guidet tur den 4. januar 2028 kl. 10:00 — Mød op ved porten"
    )
    span = replace(walk, start=date(2027, 5, 3), end=date(2027, 5, 5), starts_at=None, kind="sowing")
    today = date(2027, 4, 1)
    assert describe(outlook([span], today).upcoming[0], "en", file_label, today) == (
        "Sown from 3 May to 5 May — Mød op ved porten"
    )


def test_card_sentence_shows_where_to_meet_beside_the_why_and_the_end_time():
    walk = stored(kind="walk", start=date(2027, 6, 12), end=date(2027, 6, 12), week_based=False)
    walk = replace(walk, starts_at=time(14), ends_at=time(16), repeats_yearly=False)
    walk = replace(
        walk,
        why=Words("engen blomstrer", "the meadow is in flower"),
        text=Words("Mød op ved porten", "Meet at the gate"),
    )
    today = date(2027, 6, 1)
    seen = outlook([walk], today).upcoming[0]
    assert describe(seen, "da", file_label, today) == (
        "Guidet tur den 12. juni kl. 14:00–16:00 — engen blomstrer — Mød op ved porten"
    )
    assert describe(seen, "en", file_label, today) == (
        "Guided walk on 12 June from 14:00 to 16:00 — the meadow is in flower — Meet at the gate"
    )


def test_card_sentence_gives_the_times_of_a_span_over_days_and_an_end_time_alone():
    span = stored(kind="event", start=date(2027, 5, 3), end=date(2027, 5, 5), week_based=False)
    span = replace(
        span, starts_at=time(10), ends_at=time(16), repeats_yearly=False, why=Words(), title=Words("Loppemarked")
    )
    today = date(2027, 4, 1)
    assert describe(outlook([span], today).upcoming[0], "da", file_label, today) == (
        "Loppemarked fra 3. maj kl. 10:00 til 5. maj kl. 16:00"
    )
    closing = replace(span, end=date(2027, 5, 3), starts_at=None)
    assert (
        describe(outlook([closing], today).upcoming[0], "en", file_label, today) == "Loppemarked on 3 May until 16:00"
    )
