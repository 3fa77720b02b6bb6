"""iCalendar (RFC 5545) files of the calendar, built with the ``icalendar`` library.

Every text goes in through the library's text values, which escape commas, semicolons and line
breaks, so nothing staff typed can add properties or events. UIDs come from the stored event's
``uid`` and never change; yearly events carry an ``RRULE`` that repeats them the same way
:func:`geo.calendar.model.occurrence_in` does. Summaries are Danish; the English text follows
in the description.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from geo.calendar.model import TIMEZONE, CalendarEvent

PRODID = "-//Gladsaxe Kommune//Gladsaxe grønne kort//DA"
UID_DOMAIN = "groenne-kort.gladsaxe.dk"
CONTENT_TYPE = "text/calendar; charset=utf-8"
Label = Callable[[str, str], str]  # (text key, language) -> text


def build_ics(
    events: Iterable[CalendarEvent], place_names: Mapping[str, str], label: Label, name: str | None = None
) -> bytes:
    """The events as one VCALENDAR; ``label(key, lang)`` gives the fixed texts (kinds, headings)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name or label("calendar.ics.name", "da"))
    cal.add("x-wr-timezone", TIMEZONE)
    for event in sorted(events, key=lambda e: (e.start, e.uid)):
        cal.add_component(_vevent(event, place_names.get(event.place_id, event.place_id), label))
    cal.add_missing_timezones()
    return cal.to_ical()


def uid_of(event: CalendarEvent) -> str:
    return f"{event.uid}@{UID_DOMAIN}"


def _vevent(event: CalendarEvent, place_name: str, label: Label) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", uid_of(event))
    item.add("dtstamp", event.updated_at or datetime(2000, 1, 1, tzinfo=UTC))
    item.add("summary", f"{event.title.da or label(f'calendar.kind.{event.kind}', 'da')} – {place_name}")
    item.add("location", place_name)
    item.add("description", _description(event, label))
    item.add("categories", [label(f"calendar.kind.{event.kind}", "da")])
    start, end = _bounds(event)
    item.add("dtstart", start)
    if end is not None:
        item.add("dtend", end)
    if event.repeats_yearly:
        rule: dict = {"freq": "yearly"}
        if event.week_based:
            rule.update(byweekno=event.start.isocalendar().week, byday="MO")
        item.add("rrule", rule)
    if event.link:
        item.add("url", event.link)
    return item


def _bounds(event: CalendarEvent) -> tuple[date | datetime, date | datetime | None]:
    """DTSTART and DTEND: whole days (DTEND exclusive) or local times in Europe/Copenhagen."""
    if event.starts_at is None:
        return event.start, event.end + timedelta(days=1)
    zone = ZoneInfo(TIMEZONE)
    start = datetime.combine(event.start, event.starts_at, zone)
    if event.ends_at is not None:
        return start, datetime.combine(event.end, event.ends_at, zone)
    if event.end > event.start:
        return start, datetime.combine(event.end + timedelta(days=1), time(0), zone)
    return start, None


def _description(event: CalendarEvent, label: Label) -> str:
    parts = []
    for lang in ("da", "en"):
        lines = []
        if lang == "en":
            lines.append(
                f"{label('calendar.ics.in_english', 'en')}: {event.title.get('en') or label(f'calendar.kind.{event.kind}', 'en')}"
            )
        if event.text.get(lang):
            lines.append(event.text.get(lang))
        if event.why.get(lang):
            lines.append(f"{label('calendar.why', lang)}: {event.why.get(lang)}")
        parts.append("\n".join(lines))
    return "\n\n".join(p for p in parts if p)
