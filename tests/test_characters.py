"""Invisible and direction-changing characters in what residents type (issue 12, low)."""

from __future__ import annotations

import pytest

from geo.characters import CharacterProblem, clean_typed_text, has_visible
from geo.signup import validate_signup

VALID = {"kind": "private_garden", "name": "Ib Hansen", "email": "ib@example.dk", "consent": True}


def problem_codes(**fields) -> dict[str, str]:
    _signup, problems = validate_signup(VALID | fields)
    return {p.field: p.code for p in problems}


@pytest.mark.parametrize("field", ["name", "email", "message"])
@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u2066", "\u200f", "\u061c"])
def test_bidi_controls_are_refused(field, char):
    value = {"name": f"Ib {char}nesnaH", "email": f"ib{char}@example.dk", "message": f"hej {char}dlof"}[field]
    assert problem_codes(**{field: value}) == {field: "text.direction_chars"}


@pytest.mark.parametrize("char", ["\u200b", "\u2060", "\ufeff", "\u00ad"])
def test_zero_width_characters_are_removed(char):
    signup, problems = validate_signup(
        VALID | {"name": f"Ib{char} Hansen", "email": f"ib{char}@example.dk", "message": f"h{char}ej"}
    )
    assert problems == []
    assert (signup.name, signup.email, signup.message) == ("Ib Hansen", "ib@example.dk", "hej")


@pytest.mark.parametrize("blank", ["\u200b", "\u200b\u200b ", "\u2800", "\u3164", "\u200d", " \u0301 ", "\u2028"])
def test_required_means_at_least_one_visible_character(blank):
    codes = problem_codes(name=blank)
    assert codes["name"] in ("required", "text.line_break")
    assert problem_codes(name=blank.replace("\u2028", ""))["name"] == "required"


def test_an_optional_field_of_invisible_characters_is_not_given():
    signup, problems = validate_signup(VALID | {"message": "\u200b \u2800"})
    assert problems == [] and signup.message is None


def test_line_separators_are_line_breaks_in_a_message_and_refused_in_a_name():
    signup, _ = validate_signup(VALID | {"message": "linje 1\u2028linje 2\u2029slut"})
    assert signup.message == "linje 1\nlinje 2\nslut"
    assert problem_codes(name="Ib\u2028Hansen") == {"name": "text.line_break"}
    assert problem_codes(name="Ib\nHansen") == {"name": "text.line_break"}
    assert problem_codes(name="Ib\tHansen") == {"name": "control_chars"}


def test_tags_and_lone_surrogates_are_refused():
    assert problem_codes(message="hej \U000e0069\U000e0067\U000e006e") == {"message": "text.invisible_chars"}
    assert problem_codes(name="Ib \ud800") == {"name": "control_chars"}


def test_joiners_are_kept_where_writing_needs_them_but_not_in_an_e_mail():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    signup, problems = validate_signup(VALID | {"name": "Ib", "message": f"Hilsen {family}"})
    assert problems == [] and family in signup.message
    assert problem_codes(email="ib\u200d@example.dk") == {"email": "text.invisible_chars"}


def test_danish_and_accented_text_is_kept_as_typed():
    name = "Søren Ærø-Åberg, Zoë & Ñandú"
    signup, problems = validate_signup(VALID | {"name": name, "message": "Mosen ved Bagsværd Sø\n\tTak!"})
    assert problems == [] and signup.name == name


def test_the_rule_itself():
    assert clean_typed_text(" a\u200bb ") == "ab"
    with pytest.raises(CharacterProblem, match="direction_chars"):
        clean_typed_text("a\u202eb", multiline=True)
    assert not has_visible("\u200d\u2800 \u0301")
    assert has_visible("ø")
