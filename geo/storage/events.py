"""Calendar events (care work and partner events) with a who/when history of every change.

The history (``calendar_event_changes``) outlives a deleted event, so staff can see who removed
what and when. Times of day are kept as ``HH:MM`` text: both backends store them alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, time
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from geo.calendar.model import CalendarEvent, EventChange, EventIn, Words
from geo.storage.engine import Database
from geo.storage.engine import utc as _utc
from geo.storage.schema import calendar_event_changes, calendar_events

ACTIONS = ("added", "imported", "edited", "deleted")


class EventStore(Database):
    """The care-calendar part of :class:`geo.storage.Storage`: events and their change history."""

    def add_event(self, event: EventIn, by: str, now: datetime | None = None) -> CalendarEvent:
        """Store a new event and note who added it."""
        with self._write() as conn:
            return _insert(conn, event, by, _utc(now), "added")

    def add_events(self, events: list[EventIn], by: str, now: datetime | None = None) -> list[CalendarEvent]:
        """Store several events in one transaction (an import): all or none."""
        at = _utc(now)
        with self._write() as conn:
            return [_insert(conn, event, by, at, "imported") for event in events]

    def update_event(self, event_id: int, event: EventIn, by: str, now: datetime | None = None) -> CalendarEvent | None:
        """Replace an event's content (its uid stays); None when there is no such event."""
        at = _utc(now)
        with self._write() as conn:
            values = {**_content(event), "updated_by": by, "updated_at": at}
            if not conn.execute(
                update(calendar_events).where(calendar_events.c.id == event_id).values(values)
            ).rowcount:
                return None
            saved = _get(conn, event_id)
            assert saved is not None  # updated in this transaction
            _note(conn, saved, "edited", by, at)
            return saved

    def delete_event(self, event_id: int, by: str, now: datetime | None = None) -> bool:
        """Delete an event; its history stays. False when there was no such event."""
        with self._write() as conn:
            gone = _get(conn, event_id)
            if gone is None:
                return False
            conn.execute(delete(calendar_events).where(calendar_events.c.id == event_id))
            _note(conn, gone, "deleted", by, _utc(now))
            return True

    def get_event(self, event_id: int) -> CalendarEvent | None:
        with self._read() as conn:
            return _get(conn, event_id)

    def list_events(self, place_id: str | None = None) -> list[CalendarEvent]:
        """Stored events (of one place, if given) by first day."""
        query = select(calendar_events).order_by(calendar_events.c.start_day, calendar_events.c.id)
        if place_id is not None:
            query = query.where(calendar_events.c.place_id == place_id)
        with self._read() as conn:
            return [_to_event(row) for row in conn.execute(query).mappings()]

    def event_history(self, limit: int = 500) -> list[EventChange]:
        """The newest changes to calendar events first."""
        changes = calendar_event_changes.c
        query = select(calendar_event_changes).order_by(changes.changed_at.desc(), changes.id.desc()).limit(limit)
        with self._read() as conn:
            return [
                EventChange(
                    event_id=row["event_id"],
                    event_uid=row["event_uid"],
                    place_id=row["place_id"],
                    action=row["action"],
                    summary=row["summary"],
                    by=row["changed_by"],
                    at=row["changed_at"],
                )
                for row in conn.execute(query).mappings()
            ]


def _content(event: EventIn) -> dict[str, Any]:
    return {
        "place_id": event.place_id,
        "kind": event.kind,
        "start_day": event.start,
        "end_day": event.end,
        "week_based": event.week_based,
        "starts_at": _clock(event.starts_at),
        "ends_at": _clock(event.ends_at),
        "repeats_yearly": event.repeats_yearly,
        "title_da": event.title.da,
        "title_en": event.title.en,
        "text_da": event.text.da,
        "text_en": event.text.en,
        "why_da": event.why.da,
        "why_en": event.why.en,
        "link": event.link,
    }


def _insert(conn: Connection, event: EventIn, by: str, at: datetime, action: str) -> CalendarEvent:
    row = {**_content(event), "uid": uuid.uuid4().hex, "created_by": by, "created_at": at}
    row |= {"updated_by": by, "updated_at": at}
    new_id = conn.execute(insert(calendar_events).values(row).returning(calendar_events.c.id)).scalar_one()
    saved = _get(conn, new_id)
    assert saved is not None  # inserted in this transaction
    _note(conn, saved, action, by, at)
    return saved


def _note(conn: Connection, event: CalendarEvent, action: str, by: str, at: datetime) -> None:
    summary = f"{event.kind} {event.start.isoformat()}–{event.end.isoformat()} {event.title.da}".strip()
    conn.execute(
        insert(calendar_event_changes).values(
            event_id=event.id,
            event_uid=event.uid,
            place_id=event.place_id,
            action=action,
            summary=summary,
            changed_by=by,
            changed_at=at,
        )
    )


def _get(conn: Connection, event_id: int) -> CalendarEvent | None:
    row = conn.execute(select(calendar_events).where(calendar_events.c.id == event_id)).mappings().first()
    return _to_event(row) if row else None


def _clock(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _to_event(row: Mapping[Any, Any]) -> CalendarEvent:
    return CalendarEvent(
        place_id=row["place_id"],
        kind=row["kind"],
        start=row["start_day"],
        end=row["end_day"],
        title=Words(row["title_da"], row["title_en"]),
        text=Words(row["text_da"], row["text_en"]),
        why=Words(row["why_da"], row["why_en"]),
        repeats_yearly=row["repeats_yearly"],
        week_based=row["week_based"],
        starts_at=_time(row["starts_at"]),
        ends_at=_time(row["ends_at"]),
        link=row["link"],
        id=row["id"],
        uid=row["uid"],
        updated_by=row["updated_by"],
        updated_at=row["updated_at"],
    )
