"""Staff access. Filled in by the staff workspace; until then no staff page exists."""

from __future__ import annotations


def staff_pages() -> list:
    return []


def sidebar_login() -> None:
    return None
