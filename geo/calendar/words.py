"""Plain words for occurrences and problems ("Slås i uge 37 — …"), in Danish or English.

The wording itself lives in ``ui/texts/{da,en}.toml`` under ``calendar``; functions here take a
``label(key, lang, **values)`` function, which the app gives as ``ui.i18n.t`` and the command
line as :func:`file_label` (the same files, read without Streamlit).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date, time
from functools import cache
from pathlib import Path

from geo.calendar.model import CARE_KINDS, Occurrence
from geo.calendar.rows import RowProblem

TEXT_DIR = Path(__file__).resolve().parents[2] / "ui" / "texts"
Label = Callable[..., str]


def describe(occ: Occurrence, lang: str, label: Label, today: date) -> str:
    """One line for a card: what happens and when, then the why and the text, each after a dash.

    The text is where staff say what a resident needs on the day (where to meet, what to bring),
    so it is shown even when the event also has a why.
    """
    event = occ.event
    when = describe_when(occ, lang, label, today)
    title = event.title.get(lang)
    line = label(f"calendar.phrase.{event.kind}", lang, when=when, title=title)
    if title and event.kind in CARE_KINDS and event.kind != "other":
        line = f"{line}: {title}"
    details = [detail for detail in (event.why.get(lang), event.text.get(lang)) if detail]
    return " — ".join([line, *details])


def describe_when(occ: Occurrence, lang: str, label: Label, today: date) -> str:
    """'i uge 37', 'den 12. juni kl. 14:00–16:00', 'fra 3. maj kl. 10:00 til 5. maj kl. 16:00'
    (year shown when not this year; a time only when staff gave one)."""
    show_year = occ.start.year != today.year or occ.end.year != today.year
    year = f" {occ.start.year}" if show_year else ""
    if occ.week is not None:
        if occ.end_week == occ.week:
            return label("calendar.when.week", lang, week=occ.week) + year
        return label("calendar.when.weeks", lang, week=occ.week, end_week=occ.end_week) + year
    start = _day(occ.start, lang, label, show_year)
    at, until = occ.event.starts_at, occ.event.ends_at
    if occ.end == occ.start:
        text = label("calendar.when.day", lang, day=start)
        if at and until:
            text += " " + label("calendar.when.time_span", lang, time=_clock(at), end_time=_clock(until))
        elif at:
            text += " " + label("calendar.when.time", lang, time=_clock(at))
        elif until:
            text += " " + label("calendar.when.until", lang, time=_clock(until))
        return text
    end = _day(occ.end, lang, label, show_year)
    if at:
        start += " " + label("calendar.when.time", lang, time=_clock(at))
    if until:
        end += " " + label("calendar.when.time", lang, time=_clock(until))
    return label("calendar.when.days", lang, day=start, end_day=end)


def _day(day: date, lang: str, label: Label, with_year: bool) -> str:
    text = label("calendar.when.date", lang, day=day.day, month=label(f"calendar.month.{day.month}", lang))
    return f"{text} {day.year}" if with_year else text


def _clock(at: time) -> str:
    return at.strftime("%H:%M")


def describe_problem(problem: RowProblem, lang: str, label: Label) -> str:
    """'Række 4, kolonne start: …' — the problem in plain words."""
    message = label(f"calendar.problem.{problem.code}", lang, **problem.params)
    if problem.row is not None and problem.column:
        return label("calendar.problem.at_cell", lang, row=problem.row, column=problem.column, message=message)
    if problem.row is not None:
        return label("calendar.problem.at_row", lang, row=problem.row, message=message)
    if problem.column:
        return label("calendar.problem.at_column", lang, column=problem.column, message=message)
    return message


@cache
def _texts(lang: str) -> dict:
    with open(TEXT_DIR / f"{lang}.toml", "rb") as fh:
        tree = tomllib.load(fh)
    return _flatten(tree.get("calendar", {}), "calendar.")


def _flatten(tree: dict, prefix: str) -> dict:
    flat = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def file_label(key: str, lang: str = "da", **values: object) -> str:
    """The ``calendar.*`` text ``key`` read from ui/texts (for the command line and tests)."""
    text = _texts(lang).get(key) or _texts("da").get(key, key)
    return text.format(**values) if values else text
