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
