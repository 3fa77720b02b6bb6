"""Plain HTTP against the running app (the routes beside Streamlit), error statuses included."""

from __future__ import annotations

import urllib.error
import urllib.request


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """Status, lower-cased headers and body of a GET (error statuses included)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
