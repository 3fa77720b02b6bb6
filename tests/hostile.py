"""Hostile strings used across the hostile-input tests. Each tries to set window.top.__pwned."""

from __future__ import annotations

PAYLOADS = [
    "<script>window.top.__pwned=1</script>",
    '<img src=x onerror="window.top.__pwned=1">',
    "<svg onload=window.top.__pwned=1>",
    "javascript:window.top.__pwned=1",
    "${window.top.__pwned=1}",
    "`+(window.top.__pwned=1)+`",
    "\\`;window.top.__pwned=1;//",
    "[klik](javascript:window.top.__pwned=1)",
    "\u202eevil right-to-left\u202c",
]
# What a person can type into the sign-up form: bidi controls are refused there (issue 12).
TYPED_PAYLOADS = [p for p in PAYLOADS if "\u202e" not in p]
LONG = "Ø" * 5000


def mixed(i: int) -> str:
    """A short name-sized hostile string (≤ 200 chars), different per index."""
    return f"H{i} " + PAYLOADS[i % len(PAYLOADS)]
