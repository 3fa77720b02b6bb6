"""The one rule for characters in free text that people type: what they see is what is kept.

Invisible characters with no meaning of their own (zero-width space, word joiner, byte-order
mark, soft hyphen) are removed. Characters that change how text around them is shown (bidi
overrides such as U+202E, which can make a staff member read an e-mail address backwards)
or that hide text (Unicode tags, other format characters) are refused, as are control
characters and lone surrogates. Line and paragraph separators (U+2028/U+2029) become a plain
line break where one is allowed. "Required" means at least one visible character.
"""

from __future__ import annotations

import unicodedata

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
REMOVED = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"))
JOINERS = frozenset("\u200c\u200d")  # needed inside emoji sequences and some scripts' words
LINE_SEPARATORS = {ord("\u2028"): "\n", ord("\u2029"): "\n"}
# Letters and symbols that are drawn as nothing: they do not make a text visible.
BLANK_LOOKING = frozenset("\u115f\u1160\u2800\u3164\uffa0")


class CharacterProblem(ValueError):
    """Why a text is refused: ``code`` is ``direction_chars``, ``invisible_chars``,
    ``control_chars`` or ``line_break``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def clean_typed_text(value: str, *, multiline: bool = False, joiners: bool = True) -> str:
    """``value`` with meaningless invisible characters removed and surrounding space stripped.

    Raises :class:`CharacterProblem` for bidi controls, other format or control characters,
    and (unless ``multiline``) line breaks. ``joiners=False`` refuses ZWJ/ZWNJ too (e-mail).
    """
    value = value.translate(REMOVED)
    if multiline:
        value = value.translate(LINE_SEPARATORS)
    value = value.strip()
    for char in value:
        category = unicodedata.category(char)
        if char in BIDI_CONTROLS:
            raise CharacterProblem("direction_chars")
        if char in "\n\u2028\u2029" and not multiline:
            raise CharacterProblem("line_break")
        if category == "Cf" and not (joiners and char in JOINERS):
            raise CharacterProblem("invisible_chars")
        if (category == "Cc" and char not in "\n\t") or category == "Cs":
            raise CharacterProblem("control_chars")
        if char == "\t" and not multiline:
            raise CharacterProblem("control_chars")
    return value


def has_visible(value: str) -> bool:
    """True when ``value`` has at least one character that is drawn (not space, mark or format)."""
    return any(unicodedata.category(char)[0] not in "ZCM" and char not in BLANK_LOOKING for char in value)
