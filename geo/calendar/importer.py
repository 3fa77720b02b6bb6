"""Storing a checked calendar file: all or nothing, unless staff choose "import the valid rows".

Rows that describe an event already stored (same place, kind, days, time, title and
repetition) are skipped, so loading the same yearly plan twice does not double it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from geo.calendar.model import CalendarEvent, EventIn
from geo.calendar.rows import RowProblem, parse_csv


class EventStorage(Protocol):
    def list_events(self, place_id: str | None = None) -> list[CalendarEvent]: ...

    def add_events(self, events: list[EventIn], by: str, now: datetime | None = None) -> list[CalendarEvent]: ...


@dataclass(frozen=True)
class ImportReport:
    """What an import did: events stored, rows skipped as already stored, and the problems."""

    stored: int
    already_stored: int
    problems: list[RowProblem] = field(default_factory=list)
    rows_with_problems: int = 0

    @property
    def refused(self) -> bool:
        """True when the file's problems stopped the import (nothing was stored)."""
        return bool(self.problems) and self.stored == 0 and self.already_stored == 0


def import_csv(
    storage: EventStorage,
    data: bytes,
    place_ids: Collection[str],
    by: str,
    valid_rows_only: bool = False,
    now: datetime | None = None,
) -> ImportReport:
    """Check ``data`` (CSV bytes) and store its events; with problems, store nothing unless
    ``valid_rows_only`` (then the valid rows are stored and the problems still reported)."""
    parsed = parse_csv(data, place_ids)
    if parsed.problems and (not valid_rows_only or not parsed.rows):
        return ImportReport(0, 0, parsed.problems, len(parsed.bad_rows))
    existing = storage.list_events()
    new: list[EventIn] = []
    for _row, event in parsed.rows:
        if not any(event.same_as(other) for other in (*existing, *new)):
            new.append(event)
    if new:
        storage.add_events(new, by=by, now=now)
    return ImportReport(len(new), len(parsed.rows) - len(new), parsed.problems, len(parsed.bad_rows))
