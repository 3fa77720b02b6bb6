"""Streamlit glue for the calendar: cached reads, the card's "Det sker her", problems in words.

Every staff- or file-typed text is escaped with :func:`geo.escape.markdown_text` before it
reaches Markdown, or shown in a dataframe as plain text.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from geo.calendar.ics import build_ics
from geo.calendar.model import (
    TIMEZONE,
    UPCOMING_DAYS,
    CalendarEvent,
    Occurrence,
    has_upcoming,
    outlook,
    season_of,
    why_now,
)
from geo.calendar.rows import RowProblem
from geo.calendar.words import describe, describe_problem, describe_when
from geo.catalog import Catalog, Place
from geo.escape import markdown_text as md
from geo.storage import StorageUnavailable, database_url
from ui import data
from ui.db import storage
from ui.i18n import t

CALENDAR_TTL_S = 60


def today() -> date:
    """Today in Gladsaxe (Europe/Copenhagen), whatever the server's zone."""
    return datetime.now(ZoneInfo(TIMEZONE)).date()


@st.cache_data(ttl=CALENDAR_TTL_S, show_spinner=False)
def _events(url: str) -> tuple[CalendarEvent, ...]:
    try:
        return tuple(storage().list_events())
    except StorageUnavailable:
        return ()  # the public card must still work when the database is away


def events() -> tuple[CalendarEvent, ...]:
    """Every stored event (read at most every CALENDAR_TTL_S seconds per process)."""
    return _events(database_url())


def events_of(place_id: str) -> list[CalendarEvent]:
    return [e for e in events() if e.place_id == place_id]


def events_changed() -> None:
    """Call after a staff change: the next read sees it at once in this process."""
    _events.clear()


def upcoming_place_ids(day: date | None = None) -> frozenset[str]:
    """Places with an event going on or starting within UPCOMING_DAYS days."""
    day = day or today()
    by_place: dict[str, list[CalendarEvent]] = {}
    for event in events():
        by_place.setdefault(event.place_id, []).append(event)
    return frozenset(pid for pid, evs in by_place.items() if has_upcoming(evs, day, UPCOMING_DAYS))


def ics_path(place_id: str | None = None) -> str:
    """Where the calendar file is served: all places, or one (place ids are URL-safe slugs)."""
    return f"/kalender/{place_id}.ics" if place_id else "/kalender.ics"


def ics_bytes(place_id: str | None = None) -> bytes | None:
    """The iCalendar file of one place (None if there is no such place) or of all places.

    Reads the database directly, uncached, and lets StorageUnavailable through: an empty file
    would make subscribed phones drop every event.
    """
    catalog = data.catalog()
    place = catalog.place(place_id) if place_id else None
    if place_id and place is None:
        return None
    names = {p.id: p.props.name for p in catalog.places}
    title = t("calendar.ics.name", "da") + (f" – {place.props.name}" if place else "")
    return build_ics(storage().list_events(place_id), names, t, title)


def sentence(occ: Occurrence, lang: str, day: date) -> str:
    """The occurrence in plain words, escaped for Markdown."""
    return md(describe(occ, lang, t, day))


def place_section(place: Place, lang: str) -> None:
    """'Det sker her' on a place's card: why it looks like this now, what comes, what was last."""
    day = today()
    evs = events_of(place.id)
    st.markdown(f"**{t('calendar.heading', lang)}**")
    reason = why_now(evs, day)
    if reason:
        season = t(f"calendar.season.{season_of(day)}", lang)
        st.info(
            f"**{t('calendar.why_now', lang)}** ({season}) {md(reason.event.why.get(lang))}",
            icon=":material/eco:",
        )
    seen = outlook(evs, day)
    if seen.upcoming:
        st.markdown("\n".join(f"- {sentence(o, lang, day)}" for o in seen.upcoming))
    if seen.latest:
        st.caption(f"{t('calendar.latest', lang)}: {sentence(seen.latest, lang, day)}")
    if not seen.upcoming and not seen.latest:
        st.caption(t("calendar.nothing", lang))
    st.markdown(
        f":material/calendar_month: [{t('calendar.subscribe', lang)}]({ics_path(place.id)})",
        help=t("calendar.subscribe_help", lang),
    )


def problem_text(problem: RowProblem, lang: str) -> str:
    """A calendar row problem in plain words, escaped for Markdown."""
    return md(describe_problem(problem, lang, t))


def events_table(items: list[CalendarEvent], catalog: Catalog, lang: str, day: date) -> pd.DataFrame:
    """Stored events for staff, as plain text cells with translated headings."""
    columns = ("id", "place", "kind", "when", "title", "repeats", "updated")
    rows = []
    for e in items:
        place = catalog.place(e.place_id)
        rows.append(
            {
                "id": e.id,
                "place": place.props.name if place else e.place_id,
                "kind": t(f"calendar.kind.{e.kind}", lang),
                "when": describe_when(Occurrence(e, e.start, e.end), lang, t, day),
                "title": e.title.get(lang),
                "repeats": t("calendar.staff.yes" if e.repeats_yearly else "calendar.staff.no", lang),
                "updated": f"{e.updated_at:%Y-%m-%d %H:%M} UTC · {e.updated_by}" if e.updated_at else e.updated_by,
            }
        )
    frame = pd.DataFrame(rows, columns=columns)
    return frame.rename(columns={c: t(f"calendar.staff.col_{c}", lang) for c in columns})
