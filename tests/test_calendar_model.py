"""Spans, ISO weeks, yearly repetition and what a card shows (geo.calendar.model)."""

from __future__ import annotations

from datetime import date, time

import pytest

from geo.calendar.model import (
    EventIn,
    WhenError,
    Words,
    has_upcoming,
    occurrence_in,
    occurrences,
    outlook,
    parse_when,
    season_of,
    why_now,
    with_span,
)


def event(start: str, end: str | None = None, kind: str = "mowing", yearly: bool = False, **extra) -> EventIn:
    base = EventIn(place_id="kong-hans-have", kind=kind, start=date(2000, 1, 1), end=date(2000, 1, 1), **extra)
    base = EventIn(**{**base.__dict__, "repeats_yearly": yearly})
    return with_span(base, parse_when(start), parse_when(end) if end else None)


def test_iso_week_is_monday_to_sunday():
    when = parse_when("2027-W37")
    assert when.week == 37
    assert when.first_day() == date(2027, 9, 13)
    assert when.last_day() == date(2027, 9, 19)


def test_week_one_may_start_in_the_year_before():
    assert parse_when("2026-W01").first_day() == date(2025, 12, 29)


@pytest.mark.parametrize("text", ["2027-w37", "2027W37", " 2027-W37 "])
def test_week_spellings(text):
    assert parse_when(text).week == 37


def test_date_and_time():
    when = parse_when("2027-06-12 14:30")
    assert when.day == date(2027, 6, 12) and when.time == time(14, 30)
    assert parse_when("2027-06-12T09:05").time == time(9, 5)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("12-06-2027", "bad_format"),
        ("uge 37", "bad_format"),
        ("2027-02-30", "no_such_date"),
        ("2027-06-12 25:00", "no_such_date"),
        ("2027-W53", "no_such_week"),
        ("2027-W00", "no_such_week"),
        ("1999-06-01", "year_out_of_range"),
        ("", "bad_format"),
    ],
)
def test_bad_dates_are_named(text, code):
    with pytest.raises(WhenError) as caught:
        parse_when(text)
    assert caught.value.code == code


def test_week_range_runs_to_the_sunday_of_the_last_week():
    ev = event("2027-W37", "2027-W39")
    assert (ev.start, ev.end, ev.week_based) == (date(2027, 9, 13), date(2027, 10, 3), True)


def test_yearly_date_event_keeps_month_and_day():
    ev = event("2026-05-03", "2026-05-05", kind="sowing", yearly=True)
    occ = occurrence_in(ev, 2029)
    assert (occ.start, occ.end) == (date(2029, 5, 3), date(2029, 5, 5))
    assert occurrence_in(ev, 2025) is None  # never before it was first planned


def test_yearly_week_event_stays_in_its_week():
    ev = event("2026-W37", yearly=True)
    occ = occurrence_in(ev, 2027)
    assert occ.start == date(2027, 9, 13) and occ.week == 37


def test_week_53_and_29_february_only_in_years_that_have_them():
    week53 = event("2020-W53", yearly=True)
    assert occurrence_in(week53, 2021) is None
    assert occurrence_in(week53, 2026).start == date(2026, 12, 28)
    leap = event("2028-02-29", yearly=True)
    assert occurrence_in(leap, 2029) is None
    assert occurrence_in(leap, 2032).start == date(2032, 2, 29)


def test_one_off_event_occurs_once():
    ev = event("2027-06-12")
    assert occurrence_in(ev, 2027) is not None
    assert occurrence_in(ev, 2028) is None


def test_outlook_around_new_year():
    winter_walk = event("2026-01-04", kind="walk", yearly=True)
    mowing = event("2026-W37", yearly=True)
    christmas = event("2026-12-20", "2027-01-02", kind="other", title=Words("Juletræer"))
    seen = outlook([winter_walk, mowing, christmas], today=date(2026, 12, 30))
    starts = [(o.event.kind, o.start) for o in seen.upcoming]
    # The Christmas span is still going on, the walk comes in the new year, the mowing next autumn.
    assert starts == [("other", date(2026, 12, 20)), ("walk", date(2027, 1, 4)), ("mowing", date(2027, 9, 13))]
    assert seen.latest.event is mowing and seen.latest.start == date(2026, 9, 7)


def test_outlook_just_after_new_year_finds_last_years_event():
    sowing = event("2025-12-15", kind="sowing", yearly=True)
    seen = outlook([sowing], today=date(2027, 1, 2))
    assert seen.latest.start == date(2026, 12, 15)
    assert seen.upcoming[0].start == date(2027, 12, 15)


def test_outlook_shows_at_most_count():
    events = [event(f"2027-0{m}-01") for m in range(2, 8)]
    seen = outlook(events, today=date(2027, 1, 15), count=3)
    assert [o.start.month for o in seen.upcoming] == [2, 3, 4]
    assert seen.latest is None


def test_has_upcoming_within_30_days_and_ongoing():
    assert has_upcoming([event("2027-07-10")], today=date(2027, 6, 12))
    assert not has_upcoming([event("2027-07-13")], today=date(2027, 6, 12))
    assert has_upcoming([event("2027-06-01", "2027-06-30")], today=date(2027, 6, 12))
    assert not has_upcoming([event("2027-06-01")], today=date(2027, 6, 12))


def test_occurrences_in_time_order_across_years():
    ev = event("2025-12-31", yearly=True)
    found = occurrences([ev], date(2026, 1, 1), date(2028, 1, 1))
    assert [o.start for o in found] == [date(2026, 12, 31), date(2027, 12, 31)]


def test_seasons():
    assert [season_of(date(2027, m, 1)) for m in (12, 1, 3, 6, 9)] == ["winter", "winter", "spring", "summer", "autumn"]


def test_why_now_prefers_what_is_going_on():
    meadow = event("2026-06-01", "2026-08-31", kind="other", yearly=True, title=Words("Høj eng"), why=Words("Blomster"))
    mowing = event("2026-06-10", kind="mowing", why=Words("Stien holdes fri"))
    assert why_now([meadow, mowing], date(2026, 7, 1)).event is meadow
    assert why_now([meadow, mowing], date(2027, 7, 1)).event is meadow


def test_why_now_uses_the_latest_care_this_season_and_needs_a_why():
    mowing = event("2026-09-14", why=Words("Vi slår efter frøsætning"))
    silent = event("2026-09-20", kind="clearing")
    assert why_now([mowing, silent], date(2026, 10, 1)).event is mowing
    assert why_now([mowing], date(2026, 12, 2)) is None  # a new season, nothing written for it
    assert (
        why_now([event("2026-09-14", kind="event", title=Words("Foredrag"), why=Words("x"))], date(2026, 9, 20)) is None
    )
