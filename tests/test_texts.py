"""Both language catalogues carry the same keys and the same placeholders."""

from __future__ import annotations

import re

from ui.i18n import catalogue


def test_same_keys_in_danish_and_english():
    assert set(catalogue("da")) == set(catalogue("en"))


def test_same_placeholders_per_key():
    da, en = catalogue("da"), catalogue("en")
    for key in da:
        assert set(re.findall(r"{(\w+)", da[key])) == set(re.findall(r"{(\w+)", en[key])), key


def test_numbers_that_the_code_defines_reach_texts_through_placeholders():
    """A text never types a number that a rule in geo/ defines, so the two cannot drift apart."""
    from geo.calendar.model import FIRST_YEAR, LAST_YEAR, UPCOMING_DAYS
    from geo.connectivity import ZONE_DISTANCES_M
    from geo.signup import GRID_M

    typed = {f"{GRID_M} m", f"{GRID_M} ×", f"{UPCOMING_DAYS} dage", f"{UPCOMING_DAYS} days"}
    typed |= {f"{d} m" for d in ZONE_DISTANCES_M} | {str(FIRST_YEAR), str(LAST_YEAR)}
    for lang in ("da", "en"):
        for key, text in catalogue(lang).items():
            assert not [n for n in typed if n in text], (lang, key)
