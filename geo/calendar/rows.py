"""Checking the staff's calendar rows, from a CSV file or the staff form, one rule for both.

CSV: UTF-8 (with or without a byte-order mark) with a header row, comma- or semicolon-separated
(Danish Excel writes semicolons). Every problem names its spreadsheet row (the header is row 1)
and column, with a stable ``code`` and plain ``params`` the UI turns into Danish or English.
Nothing in a cell is ever interpreted: cells are kept as plain strings.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from geo.calendar.model import KINDS, MAX_SPAN_DAYS, EventIn, WhenError, Words, parse_when, with_span

COLUMNS = (
    "place_id",
    "kind",
    "start",
    "end",
    "title_da",
    "title_en",
    "text_da",
    "text_en",
    "why_da",
    "why_en",
    "repeats_yearly",
)
OPTIONAL_COLUMNS = ("link",)
REQUIRED_COLUMNS = ("place_id", "kind", "start")
MAX_BYTES = 1_000_000
MAX_ROWS = 2000
MAX_LENGTH = {"title": 200, "text": 2000, "why": 1000, "link": 500}
TITLE_NEEDED = ("event", "other")  # other kinds are named by their kind on the card
YES = ("ja", "yes", "true", "1", "j", "y")
NO = ("nej", "no", "false", "0", "n", "")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_LINK = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong: ``row`` is the spreadsheet row (None: the whole file), ``column`` a name."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    row: int | None = None
    column: str | None = None


@dataclass(frozen=True)
class ParsedFile:
    """The valid rows (row number, event) and every problem; ``ok`` when there are no problems."""

    rows: list[tuple[int, EventIn]]
    problems: list[RowProblem]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_rows(self) -> set[int]:
        return {p.row for p in self.problems if p.row is not None}


def check_fields(values: Mapping[str, str], place_ids: Collection[str]) -> tuple[EventIn | None, list[RowProblem]]:
    """Check one row of raw strings (CSV cells or form fields); an event or the problems."""
    cell = {name: _clean(values.get(name)) for name in (*COLUMNS, *OPTIONAL_COLUMNS)}
    problems: list[RowProblem] = []

    def problem(column: str, code: str, **params: Any) -> None:
        problems.append(RowProblem(code, {"value": cell.get(column, ""), **params}, column=column))

    if not cell["place_id"]:
        problem("place_id", "required")
    elif cell["place_id"] not in place_ids:
        problem("place_id", "unknown_place")
    kind = cell["kind"].lower()
    if not kind:
        problem("kind", "required")
    elif kind not in KINDS:
        problem("kind", "unknown_kind", allowed=", ".join(KINDS))
    start = end = None
    if not cell["start"]:
        problem("start", "required")
    else:
        start = _when(cell["start"], "start", problem)
    if cell["end"]:
        end = _when(cell["end"], "end", problem)
    repeats = cell["repeats_yearly"].lower()
    if repeats not in YES + NO:
        problem("repeats_yearly", "bad_yes_no")
    if kind in TITLE_NEEDED and not cell["title_da"]:
        problem("title_da", "title_needed", kind=kind)
    for column in COLUMNS[4:10] + OPTIONAL_COLUMNS:
        limit = MAX_LENGTH[column.split("_")[0]]
        if len(cell[column]) > limit:
            problem(column, "too_long", length=len(cell[column]), max=limit)
    if cell["link"] and not _LINK.match(cell["link"]):
        problem("link", "bad_link")
    if start and end:
        if (start.week is None) != (end.week is None):
            problem("end", "mixed_week_and_date")
        elif end.last_day() < start.first_day() or (
            end.day == start.day and start.time and end.time and end.time <= start.time
        ):
            problem("end", "end_before_start")
        elif (end.last_day() - start.first_day()).days >= MAX_SPAN_DAYS:
            problem("end", "span_too_long", max=MAX_SPAN_DAYS)
    if problems or start is None:
        return None, problems
    event = EventIn(
        place_id=cell["place_id"],
        kind=kind,
        start=start.day,
        end=start.day,
        title=Words(cell["title_da"], cell["title_en"]),
        text=Words(cell["text_da"], cell["text_en"]),
        why=Words(cell["why_da"], cell["why_en"]),
        repeats_yearly=repeats in YES,
        link=cell["link"] or None,
    )
    return with_span(event, start, end), []


def _when(value: str, column: str, problem) -> Any:
    try:
        return parse_when(value)
    except WhenError as error:
        problem(column, f"date_{error.code}", **error.params)
        return None


def _clean(value: object) -> str:
    return _CONTROL.sub("", str(value or "")).strip()


def parse_csv(data: bytes, place_ids: Collection[str]) -> ParsedFile:
    """Read a calendar CSV file (bytes as uploaded) and check every row."""
    if len(data) > MAX_BYTES:
        return _refused("too_large", size_kb=round(len(data) / 1000), max_kb=MAX_BYTES // 1000)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _refused("not_utf8")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        # Blank records are kept (as []) so numbers match the spreadsheet's rows.
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        return _refused("unreadable", reason=str(error))
    # The header is the first filled record. One pass and one slice: dropping blank records one
    # at a time from the front of the list made a file of blank lines cost quadratic time.
    start = next((i for i, cells in enumerate(table) if _filled(cells)), None)
    if start is None:
        return _refused("empty")
    header_row = start + 1
    table = table[start:]
    header = [_clean(name).lower() for name in table[0]]
    known = set(COLUMNS) | set(OPTIONAL_COLUMNS)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [name for name in header if name and name not in known]
    problems = []
    if missing:
        problems.append(RowProblem("missing_columns", {"columns": ", ".join(missing)}, row=header_row))
    if unknown:
        problems.append(RowProblem("unknown_columns", {"columns": ", ".join(unknown)}, row=header_row))
    filled = sum(1 for cells in table[1:] if _filled(cells))
    if filled > MAX_ROWS:
        problems.append(RowProblem("too_many_rows", {"count": filled, "max": MAX_ROWS}))
    if problems:
        return ParsedFile([], problems)
    if not filled:
        return _refused("empty")
    return _check_rows(header, table[1:], header_row + 1, place_ids)


def _check_rows(header: list[str], body: list[list[str]], first_row: int, place_ids: Collection[str]) -> ParsedFile:
    rows, problems = [], []
    for number, cells in enumerate(body, start=first_row):
        if not _filled(cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(RowProblem("too_many_cells", {"count": len(cells), "max": len(header)}, row=number))
            continue
        values = {name: value for name, value in zip(header, cells, strict=False) if name}
        event, found = check_fields(values, place_ids)
        problems += [RowProblem(p.code, p.params, row=number, column=p.column) for p in found]
        if event:
            rows.append((number, event))
    return ParsedFile(rows, problems)


def _filled(cells: list[str]) -> bool:
    return any(c.strip() for c in cells)


def _refused(code: str, **params: Any) -> ParsedFile:
    return ParsedFile([], [RowProblem(code, params)])


def to_fields(event: EventIn) -> dict[str, str]:
    """The strings :func:`check_fields` reads back as ``event`` (for pre-filling the staff form)."""
    return {
        "place_id": event.place_id,
        "kind": event.kind,
        "start": _when_text(event.start, event.starts_at, event.week_based),
        "end": _end_text(event),
        "title_da": event.title.da,
        "title_en": event.title.en,
        "text_da": event.text.da,
        "text_en": event.text.en,
        "why_da": event.why.da,
        "why_en": event.why.en,
        "repeats_yearly": "ja" if event.repeats_yearly else "nej",
        "link": event.link or "",
    }


def _when_text(day: date, at: time | None, week_based: bool) -> str:
    if week_based:
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    return f"{day.isoformat()} {at:%H:%M}" if at else day.isoformat()


def _end_text(event: EventIn) -> str:
    if event.week_based:
        last_monday = event.end - timedelta(days=6)
        return "" if last_monday == event.start else _when_text(last_monday, None, True)
    if event.end == event.start and event.ends_at is None:
        return ""
    return _when_text(event.end, event.ends_at, False)
