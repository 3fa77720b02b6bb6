"""The one escaping helper: nothing typed or read from data becomes HTML or JS."""

from __future__ import annotations

import pytest

from geo.escape import markdown_text, safe

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "${alert(1)}",
    "`+alert(1)+`",
    "\\`;alert(1);//",
    "javascript:alert(1)",
    "\u202eevil\u202c",
    "a\x00b\x07c",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_safe_leaves_no_markup_or_template_syntax(payload):
    out = safe(payload)
    for bad in ("<", ">", "`", "${", "\\", '"', "\x00", "\u202e"):
        assert bad not in out


def test_safe_keeps_danish_letters_readable():
    assert safe("Søborg Torv & Rådhusparken") == "Søborg Torv &amp; Rådhusparken"


@pytest.mark.parametrize("payload", ["[x](javascript:alert(1))", "![p](https://evil.example/p.png)", "**b** <b>x</b>"])
def test_markdown_text_makes_links_images_and_emphasis_inert(payload):
    out = markdown_text(payload)
    assert "](" not in out and "![" not in out and "**" not in out and "<b>" not in out
