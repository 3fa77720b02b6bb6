"""Reading the staff's yearly plan from CSV: one clear problem per bad row and column."""

from __future__ import annotations

import sys
from datetime import date, time

import pytest

from geo.calendar.rows import COLUMNS, MAX_BYTES, check_fields, parse_csv
from geo.calendar.words import describe_problem, file_label

PLACES = {"kong-hans-have", "verdensmaalshuset"}
HEADER = ",".join(COLUMNS)


def csv_bytes(*rows: str, header: str = HEADER, sep: str = ",", bom: bool = False) -> bytes:
    text = "\n".join([header.replace(",", sep), *rows]) + "\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()


def codes(parsed) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.column, p.code) for p in parsed.problems]


def test_a_good_file_with_weeks_and_dates():
    parsed = parse_csv(
        csv_bytes(
            "kong-hans-have,mowing,2027-W37,,,,,,vi slår én gang om året,,ja",
            "verdensmaalshuset,event,2027-10-05 19:00,2027-10-05 21:00,Foredrag,Talk,Om vand,,,,nej",
        ),
        PLACES,
    )
    assert parsed.ok
    (row2, mowing), (row3, talk) = parsed.rows
    assert (row2, mowing.kind, mowing.start, mowing.end) == (2, "mowing", date(2027, 9, 13), date(2027, 9, 19))
    assert mowing.week_based and mowing.repeats_yearly and mowing.why.get("en") == "vi slår én gang om året"
    assert (row3, talk.starts_at, talk.ends_at, talk.title.get("en")) == (3, time(19), time(21), "Talk")


def test_semicolons_and_byte_order_mark_from_danish_excel():
    parsed = parse_csv(csv_bytes("kong-hans-have;sowing;2027-05-03;2027-05-05;;;;;;;Ja", sep=";", bom=True), PLACES)
    assert parsed.ok and parsed.rows[0][1].end == date(2027, 5, 5) and parsed.rows[0][1].repeats_yearly


def test_commas_inside_quoted_semicolon_cells_are_text():
    parsed = parse_csv(csv_bytes('kong-hans-have;mowing;2027-W37;;;;"Vi slår; og river, sammen";;;;', sep=";"), PLACES)
    assert parsed.rows[0][1].text.da == "Vi slår; og river, sammen"


@pytest.mark.parametrize("value", ["ja", "JA", "yes", "true", "1", ""])
def test_yes_no_spellings(value):
    expected = value != ""
    parsed = parse_csv(csv_bytes(f"kong-hans-have,mowing,2027-W37,,,,,,,,{value}"), PLACES)
    assert parsed.rows[0][1].repeats_yearly is expected


def test_only_the_required_columns_are_needed():
    parsed = parse_csv(b"place_id,kind,start\nkong-hans-have,walk,2027-06-12 14:00\n", PLACES)
    assert parsed.ok and parsed.rows[0][1].starts_at == time(14)


def test_every_bad_row_is_named_with_its_column():
    parsed = parse_csv(
        csv_bytes(
            "kong-hans-have,mowing,2027-W37,,,,,,,,ja",
            "ukendt-sted,mowing,2027-W37,,,,,,,,ja",
            "kong-hans-have,slå,2027-W37,,,,,,,,ja",
            "",
            "kong-hans-have,mowing,2027-02-30,,,,,,,,ja",
            "kong-hans-have,mowing,2027-06-10,2027-06-01,,,,,,,måske",
            "kong-hans-have,event,2027-06-10,,,,,,,,",
            "kong-hans-have,mowing,2027-W37,2027-09-30,,,,,,,",
        ),
        PLACES,
    )
    assert codes(parsed) == [
        (3, "place_id", "unknown_place"),
        (4, "kind", "unknown_kind"),
        (6, "start", "date_no_such_date"),
        (7, "repeats_yearly", "bad_yes_no"),
        (7, "end", "end_before_start"),
        (8, "title_da", "title_needed"),
        (9, "end", "mixed_week_and_date"),
    ]
    assert [row for row, _ in parsed.rows] == [2]  # the valid rows, for "import the valid rows"
    assert parsed.bad_rows == {3, 4, 6, 7, 8, 9}


def test_problems_read_as_plain_sentences_in_both_languages():
    parsed = parse_csv(csv_bytes("ukendt-sted,mowing,2027-W37,,,,,,,,"), PLACES)
    da = describe_problem(parsed.problems[0], "da", file_label)
    en = describe_problem(parsed.problems[0], "en", file_label)
    assert da.startswith("Række 2, kolonne place_id: »ukendt-sted« er ikke et sted på kortet")
    assert en.startswith("Row 2, column place_id: “ukendt-sted” is not a place on the map")


def test_whole_file_problems():
    assert codes(parse_csv(b"x" * (MAX_BYTES + 1), PLACES)) == [(None, None, "too_large")]
    assert codes(parse_csv("place_id;kind;start\nkong-hans-have;mowing;2027-W37 æ".encode("cp1252"), PLACES)) == [
        (None, None, "not_utf8")
    ]
    assert codes(parse_csv(b"", PLACES)) == [(None, None, "empty")]
    assert codes(parse_csv(HEADER.encode() + b"\n\n", PLACES)) == [(None, None, "empty")]
    assert codes(parse_csv(b"place_id,kind,begin\n", PLACES)) == [
        (1, None, "missing_columns"),
        (1, None, "unknown_columns"),
    ]


def test_too_many_cells_in_a_row():
    parsed = parse_csv(b"place_id,kind,start\nkong-hans-have,mowing,2027-W37,extra\n", PLACES)
    assert codes(parsed) == [(2, None, "too_many_cells")]


def test_hostile_text_is_kept_as_plain_text():
    hostile = '<img src=x onerror=alert(1)> =HYPERLINK("http://x") ${7*7}'
    values = {"place_id": "kong-hans-have", "kind": "walk", "start": "2027-06-12", "text_da": hostile + "\x00"}
    event, problems = check_fields(values, PLACES)
    assert not problems and event.text.da == hostile


def test_links_must_be_web_links_and_texts_have_a_limit():
    values = {"place_id": "kong-hans-have", "kind": "walk", "start": "2027-06-12", "link": "javascript:alert(1)"}
    assert [p.code for p in check_fields(values, PLACES)[1]] == ["bad_link"]
    values = {"place_id": "kong-hans-have", "kind": "walk", "start": "2027-06-12", "why_da": "x" * 1001}
    assert [(p.column, p.code) for p in check_fields(values, PLACES)[1]] == [("why_da", "too_long")]


def test_a_span_longer_than_a_year_is_refused():
    values = {
        "place_id": "kong-hans-have",
        "kind": "other",
        "title_da": "Eng",
        "start": "2027-01-01",
        "end": "2028-06-01",
    }
    assert [p.code for p in check_fields(values, PLACES)[1]] == ["span_too_long"]


def list_items_shifted(run) -> int:
    """How many list items ``run`` moved by popping lists from anywhere but the end."""
    shifted = 0

    def profile(_frame, event, arg):
        nonlocal shifted
        if event == "c_call" and getattr(arg, "__name__", "") == "pop" and isinstance(arg.__self__, list):
            shifted += len(arg.__self__)  # an upper bound; popping from the front moves them all

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return shifted


def test_leading_blank_lines_cost_linear_work():
    """Regression (second security probe): 999,000 newlines before the header took 150 s of CPU,
    because each blank line was dropped from the front of the list of every record."""
    blanks = 20_000
    data = b"\n" * blanks + csv_bytes("kong-hans-have,mowing,2027-W37,,,,,,,,ja")
    assert list_items_shifted(lambda: parse_csv(data, PLACES)) <= blanks


def test_the_probes_file_of_blank_lines_is_read_and_refused_as_empty():
    data = b"\n" * 999_000 + HEADER.encode() + b"\n"
    assert len(data) <= MAX_BYTES
    assert codes(parse_csv(data, PLACES)) == [(None, None, "empty")]
    parsed = parse_csv(b"\r\n" * 1000 + csv_bytes("kong-hans-have,mowing,2027-W37,,,,,,,,ja"), PLACES)
    assert parsed.ok and [row for row, _ in parsed.rows] == [1002]  # numbered as in the spreadsheet
