"""Calendar events (care work and partner events) in the app's database, with a who/when
history of every change.

:class:`EventStore` works on an open :class:`geo.storage.Storage` (same engine, same
connection handling) and creates its two tables on first use. The history
(``calendar_event_changes``) outlives a deleted event, so staff can see who removed what and
when. Times of day are kept as ``HH:MM`` text: both backends store them alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)

from geo.calendar.model import CalendarEvent, EventIn, Words
from geo.storage import Storage
from geo.storage.engine import utc as _utc
from geo.storage.schema import UTCDateTime

ACTIONS = ("added", "imported", "edited", "deleted")
metadata = MetaData()

calendar_events = Table(
    "calendar_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(64), nullable=False, unique=True),
    Column("place_id", String(100), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("start_day", Date, nullable=False),
    Column("end_day", Date, nullable=False),
    Column("week_based", Boolean, nullable=False),
    Column("starts_at", String(5)),
    Column("ends_at", String(5)),
    Column("repeats_yearly", Boolean, nullable=False),
    Column("title_da", Text, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("text_da", Text, nullable=False),
    Column("text_en", Text, nullable=False),
    Column("why_da", Text, nullable=False),
    Column("why_en", Text, nullable=False),
    Column("link", Text),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_by", String(200), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# No foreign key: the history of a deleted event is kept.
calendar_event_changes = Table(
    "calendar_event_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, nullable=False, index=True),
    Column("event_uid", String(64), nullable=False),
    Column("place_id", String(100), nullable=False),
    Column("action", String(16), nullable=False),
    Column("summary", Text, nullable=False),
    Column("changed_by", String(200), nullable=False),
    Column("changed_at", UTCDateTime, nullable=False),
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


class EventStore:
    """Calendar events in the database of ``storage`` (its tables are made on first use)."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        if not getattr(storage, "_calendar_tables_ready", False):
            with storage._write() as conn:
                metadata.create_all(conn)
            storage._calendar_tables_ready = True

    def _read(self):
        return self._storage._read()

    def _write(self):
        return self._storage._write()

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


def _to_event(row: Mapping[str, Any]) -> CalendarEvent:
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
