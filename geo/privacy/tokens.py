"""The private deletion link: a long random token the resident keeps, stored only as a hash.

The token has 256 bits from :mod:`secrets`, so a plain SHA-256 is enough to keep it: nobody can
guess a token from the database, and a slow password hash would buy nothing.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32
QUERY_PARAM = "slet"  # /bliv-med?slet=TOKEN


def new_token() -> str:
    """A fresh URL-safe token (43 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """The SHA-256 (hex) of ``token``, the only form in which it is stored."""
    return hashlib.sha256(token.strip().encode()).hexdigest()


def looks_like_token(text: str) -> bool:
    """True when ``text`` could be a token at all (cheap check before a database lookup)."""
    text = text.strip()
    return 20 <= len(text) <= 100 and all(c.isalnum() or c in "-_" for c in text)


def deletion_link(base_url: str, path: str, token: str) -> str:
    """The link a resident opens to delete a sign-up: ``{base_url}/{path}?slet={token}``."""
    return f"{base_url.rstrip('/')}/{path.strip('/')}?{QUERY_PARAM}={token}"
