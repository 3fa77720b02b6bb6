"""Everything the app takes from its environment, in one frozen :class:`Settings`.

Each field names its environment variable; README's configuration table lists exactly these
(``tests/test_settings.py`` checks both ways). Nothing else in the app reads ``os.environ``:
code asks :func:`current`, tests build ``Settings.from_env({...})``. ``python -m geo.settings``
prints what the app sees (passwords hidden).
"""

from __future__ import annotations

import functools
import ipaddress
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from sqlalchemy import make_url

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PORT = 8501
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _env(name: str) -> dict:
    return {"env": name}


@dataclass(frozen=True)
class Settings:
    """The app's configuration; see README's configuration table for what each one does."""

    database_url: str = field(metadata=_env("DATABASE_URL"))
    data_dir: Path = field(metadata=_env("GLADSAXE_DATA_DIR"))
    tiles: str = field(metadata=_env("GLADSAXE_TILES"))
    tiles_attribution: str = field(metadata=_env("GLADSAXE_TILES_ATTRIBUTION"))
    staff_file: Path = field(metadata=_env("GLADSAXE_STAFF_FILE"))
    frame_origins: str = field(metadata=_env("GLADSAXE_FRAME_ORIGINS"))
    embed_origins: str | None = field(metadata=_env("GLADSAXE_EMBED_ORIGINS"))  # None: not set
    trusted_proxies: str = field(metadata=_env("GLADSAXE_TRUSTED_PROXIES"))
    signups_per_hour: int | None = field(metadata=_env("GLADSAXE_SIGNUPS_PER_HOUR"))  # None: the default
    port: int = field(metadata=_env("PORT"))

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Settings from ``env`` (a dict in tests, ``os.environ`` in the app), with defaults."""
        data_dir = env.get("GLADSAXE_DATA_DIR", "").strip()
        staff_file = env.get("GLADSAXE_STAFF_FILE")
        return cls(
            database_url=normalise_database_url(env.get("DATABASE_URL", "")),
            data_dir=Path(data_dir) if data_dir else REPO_ROOT / "data",
            tiles=env.get("GLADSAXE_TILES", "osm").strip(),
            tiles_attribution=env.get("GLADSAXE_TILES_ATTRIBUTION", "").strip(),
            staff_file=Path(staff_file) if staff_file else REPO_ROOT / "var" / "staff.json",
            frame_origins=env.get("GLADSAXE_FRAME_ORIGINS", ""),
            embed_origins=env.get("GLADSAXE_EMBED_ORIGINS"),
            trusted_proxies=_checked_proxies(env.get("GLADSAXE_TRUSTED_PROXIES", "")),
            signups_per_hour=_positive(env.get("GLADSAXE_SIGNUPS_PER_HOUR", "")),
            port=_port(env.get("PORT", "")),
        )


def environment_variables() -> tuple[str, ...]:
    """The names of every environment variable the app reads, in field order."""
    return tuple(f.metadata["env"] for f in fields(Settings))


def current() -> Settings:
    """The settings of this process's environment.

    Parsed once per distinct environment rather than once per process: tests and tools
    change variables between runs in one process, and must never see stale settings.
    """
    return _parsed(tuple(os.environ.get(name) for name in environment_variables()))


@functools.lru_cache(maxsize=8)
def _parsed(values: tuple[str | None, ...]) -> Settings:
    env = {name: value for name, value in zip(environment_variables(), values, strict=True) if value is not None}
    return Settings.from_env(env)


def normalise_database_url(url: str) -> str:
    """``url`` with the psycopg 3 driver filled in; empty means the repository's SQLite file."""
    url = url.strip()
    if not url:
        return f"sqlite:///{REPO_ROOT / 'var' / 'gladsaxe.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def proxy_networks(text: str) -> tuple[IPNetwork, ...]:
    """The networks in a comma-separated list of addresses or networks (``GLADSAXE_TRUSTED_PROXIES``).

    Raises ValueError naming the variable and the first entry that is neither.
    """
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"GLADSAXE_TRUSTED_PROXIES: {entry[:60]!r} is not an IP address or network") from None
    return tuple(networks)


def _checked_proxies(text: str) -> str:
    proxy_networks(text)
    return text


def refuse_bad_settings() -> None:
    """Stop the process with a clear message (exit status 2) when a setting cannot be used.

    Called as the app starts, so a mistake shows there, naming the variable, rather than as a
    redacted error on the first sign-up.
    """
    try:
        current()
    except ValueError as error:
        print(f"The app cannot start: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def _positive(value: str) -> int | None:
    # Anything but a positive whole number means "use the app's default", as before.
    value = value.strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def _port(value: str) -> int:
    value = value.strip()
    if not value:
        return DEFAULT_PORT
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ValueError(f"PORT must be a port number (1-65535), not {value[:20]!r}")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    """``python -m geo.settings [FIELD]``: print every setting, or one field's value."""
    args = sys.argv[1:] if argv is None else argv
    try:
        settings = current()
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if args:
        print(getattr(settings, args[0]))
        return 0
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if f.name == "database_url":
            value = make_url(value).render_as_string(hide_password=True)
        print(f"{f.metadata['env']}={'' if value is None else value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
