"""The one home of escaping: text for folium and HTML, for Markdown, and data for a <script>.

folium puts strings into HTML *and* into JavaScript template literals without escaping,
and the map iframe runs in the app's own origin. ``html.escape`` stops tags but not
``${...}`` or backticks, so those are turned into character references as well.
"""

from __future__ import annotations

import html
import json
import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def safe(text: object) -> str:
    """Escape ``text`` for HTML and for JS template literals; drop control and bidi codes."""
    escaped = html.escape(_CONTROL.sub("", str(text)), quote=True)
    return (
        escaped.replace("\\", "&#92;")
        .replace("`", "&#96;")
        .replace("$", "&#36;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )


def markdown_text(text: object) -> str:
    """Make ``text`` inert for Streamlit Markdown: no links, images, emphasis or HTML."""
    cleaned = _CONTROL.sub("", str(text))
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~:$])", r"\\\1", cleaned)


def script_json(data: object) -> str:
    """JSON for inside a ``<script>`` element (a data block or a JS value): no ``</script>``,
    ``<!--`` or ``&`` in it can end the element early or be read as markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
