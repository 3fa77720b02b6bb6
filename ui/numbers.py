"""Number formatting per language (Danish: 1.234,5; English: 1,234.5)."""

from __future__ import annotations


def fmt_number(value: float, lang: str, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    if lang == "da":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
