"""Calendar events of a place: care work in the wild areas and events at partner places.

An event has a *span*: a first and last day (inclusive), either given as dates or as ISO weeks
("2027-W37"), optionally with a time of day (Europe/Copenhagen wall-clock time). A yearly event
repeats its span every year the way RFC 5545 ``RRULE:FREQ=YEARLY`` does, so the card and the
subscribed phone calendar always agree: a date-based event falls on the same month and day (a
29 February only in leap years); a week-based one in the same ISO week (week 53 only in years
that have one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

KINDS = ("mowing", "sowing", "clearing", "planting", "sign", "walk", "event", "other")
CARE_KINDS = ("mowing", "sowing", "clearing", "planting", "sign", "walk", "other")
TIMEZONE = "Europe/Copenhagen"
MAX_SPAN_DAYS = 366
FIRST_YEAR, LAST_YEAR = 2000, 2100
UPCOMING_DAYS = 30  # "something on soon" on the map: going on, or starting within this many days

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2}))?$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


class WhenError(ValueError):
    """A date or week that cannot be read; ``code`` names the reason for the UI."""

    def __init__(self, code: str, **params: int) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class When:
    """One end of a span as typed: a day, a day with a time, or an ISO week."""

    day: date
    time: time | None = None
    week: int | None = None

    def first_day(self) -> date:
        return self.day

    def last_day(self) -> date:
        return self.day + timedelta(days=6) if self.week else self.day


def parse_when(text: str) -> When:
    """Read ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or an ISO week ``YYYY-Www`` (week → its Monday)."""
    value = text.strip()
    if match := _WEEK.match(value):
        year, week = int(match[1]), int(match[2])
        _check_year(year)
        try:
            return When(date.fromisocalendar(year, week, 1), week=week)
        except ValueError:
            raise WhenError("no_such_week") from None
    if match := _DATE.match(value):
        year = int(match[1])
        _check_year(year)
        try:
            day = date(year, int(match[2]), int(match[3]))
            at = time(int(match[4]), int(match[5])) if match[4] else None
        except ValueError:
            raise WhenError("no_such_date") from None
        return When(day, time=at)
    raise WhenError("bad_format")


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise WhenError("year_out_of_range", first=FIRST_YEAR, last=LAST_YEAR)


@dataclass(frozen=True)
class Words:
    """A text in Danish and, optionally, English; English falls back to Danish."""

    da: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.da

    def __bool__(self) -> bool:
        return bool(self.da or self.en)


@dataclass(frozen=True)
class EventIn:
    """A checked event, ready to store. ``start``/``end`` are inclusive days; ``end >= start``.

    ``week_based`` means staff gave ISO weeks, so the card says "uge 37" and a yearly repeat
    stays in that week. ``starts_at``/``ends_at`` are local times (Europe/Copenhagen) or None
    for all-day events.
    """

    place_id: str
    kind: str
    start: date
    end: date
    title: Words = Words()
    text: Words = Words()
    why: Words = Words()
    repeats_yearly: bool = False
    week_based: bool = False
    starts_at: time | None = None
    ends_at: time | None = None
    link: str | None = None

    def same_as(self, other: EventIn) -> bool:
        """True when ``other`` describes the same happening (for skipping re-imported rows)."""
        keys = ("place_id", "kind", "start", "end", "starts_at", "title", "repeats_yearly")
        return all(getattr(self, k) == getattr(other, k) for k in keys)


@dataclass(frozen=True)
class CalendarEvent(EventIn):
    """A stored event: ``uid`` never changes, so calendar apps recognise it across downloads."""

    id: int = 0
    uid: str = ""
    updated_by: str = ""
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Occurrence:
    """One concrete happening of an event: the days ``start``..``end`` (inclusive)."""

    event: EventIn
    start: date
    end: date

    @property
    def week(self) -> int | None:
        return self.start.isocalendar().week if self.event.week_based else None

    @property
    def end_week(self) -> int | None:
        return self.end.isocalendar().week if self.event.week_based else None


def occurrence_in(event: EventIn, year: int) -> Occurrence | None:
    """The occurrence of ``event`` that starts in ``year`` (None if it has none that year)."""
    if not event.repeats_yearly:
        return Occurrence(event, event.start, event.end) if event.start.year == year else None
    length = event.end - event.start
    try:
        if event.week_based:
            start = date.fromisocalendar(year, event.start.isocalendar().week, 1)
        else:
            start = event.start.replace(year=year)
    except ValueError:
        return None  # week 53 or 29 February in a year without it, as RRULE does
    if start < event.start:
        return None
    return Occurrence(event, start, start + length)


def occurrences(events: Sequence[EventIn], first: date, last: date) -> list[Occurrence]:
    """Occurrences overlapping the days ``first``..``last`` (inclusive), in time order."""
    found = []
    for event in events:
        for year in range(first.year - 1, last.year + 1):
            occ = occurrence_in(event, year)
            if occ and occ.end >= first and occ.start <= last:
                found.append(occ)
    return sorted(found, key=lambda o: (o.start, o.event.starts_at or time.min, o.end))


@dataclass(frozen=True)
class Outlook:
    """What a card shows: the next few occurrences (ongoing ones first) and the latest past one."""

    upcoming: list[Occurrence]
    latest: Occurrence | None


def outlook(events: Sequence[EventIn], today: date, count: int = 3) -> Outlook:
    """The next ``count`` occurrences (ongoing or later, up to a year ahead) and the most recent
    finished one (up to a year back); years are crossed, so it holds around New Year."""
    ahead = occurrences(events, today, today + timedelta(days=366))
    before = [o for o in occurrences(events, today - timedelta(days=366), today) if o.end < today]
    latest = max(before, key=lambda o: (o.end, o.start), default=None)
    return Outlook(ahead[:count], latest)


def has_upcoming(events: Sequence[EventIn], today: date, days: int = UPCOMING_DAYS) -> bool:
    """True when an occurrence is ongoing today or starts within the next ``days`` days."""
    return bool(occurrences(events, today, today + timedelta(days=days)))


SEASONS = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring"}
SEASONS.update({6: "summer", 7: "summer", 8: "summer", 9: "autumn", 10: "autumn", 11: "autumn"})


def season_of(day: date) -> str:
    """Meteorological season of a day: winter (Dec–Feb), spring, summer, autumn."""
    return SEASONS[day.month]


def season_start(day: date) -> date:
    first_month = {"winter": 12, "spring": 3, "summer": 6, "autumn": 9}[season_of(day)]
    year = day.year - 1 if first_month == 12 and day.month != 12 else day.year
    return date(year, first_month, 1)


def why_now(events: Sequence[EventIn], today: date) -> Occurrence | None:
    """The care occurrence that explains how a place looks today: one going on now, else the
    latest one this season, counted only if staff wrote a "why" for it."""
    care = [e for e in events if e.kind in CARE_KINDS and e.why]
    found = occurrences(care, season_start(today), today)
    ongoing = [o for o in found if o.end >= today]
    if ongoing:
        return max(ongoing, key=lambda o: o.start)
    return max(found, key=lambda o: o.end, default=None)


def with_span(event: EventIn, start: When, end: When | None) -> EventIn:
    """``event`` with its days and times taken from a start and an optional end."""
    last = end or start
    return replace(
        event,
        start=start.first_day(),
        end=last.last_day(),
        week_based=start.week is not None,
        starts_at=start.time,
        ends_at=end.time if end else None,
    )


@dataclass(frozen=True)
class EventChange:
    """One change to a calendar event: who did what, when."""

    event_id: int
    event_uid: str
    place_id: str
    action: str
    summary: str
    by: str
    at: datetime
