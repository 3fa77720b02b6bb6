"""The care calendar of each wild area and the events at partner places ("Det sker her").

- :mod:`geo.calendar.model`: events, spans (dates, ISO weeks), yearly repetition, what to show.
- :mod:`geo.calendar.rows`: checking CSV files and form fields, with problems per row and column.
- :mod:`geo.calendar.words`: plain Danish/English sentences for occurrences and problems.
- :mod:`geo.calendar.ics`: iCalendar files for subscriptions.
"""

from geo.calendar.model import (
    KINDS,
    CalendarEvent,
    EventIn,
    Occurrence,
    Outlook,
    Words,
    has_upcoming,
    occurrences,
    outlook,
    why_now,
)
from geo.calendar.rows import ParsedFile, RowProblem, check_fields, parse_csv

__all__ = [
    "KINDS",
    "CalendarEvent",
    "EventIn",
    "Occurrence",
    "Outlook",
    "ParsedFile",
    "RowProblem",
    "Words",
    "check_fields",
    "has_upcoming",
    "occurrences",
    "outlook",
    "parse_csv",
    "why_now",
]
