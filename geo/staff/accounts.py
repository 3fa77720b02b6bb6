"""The staff accounts file: create, reset, remove and list accounts; one lock for every change.

Every change is a read-modify-write under :func:`locked` (a thread lock here plus ``fcntl.flock``
on a lock file beside the accounts file, shared by every app process using it), written
atomically (temp file + rename), so a crash never leaves half a file. Only argon2id hashes
are stored.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from geo import settings
from geo.staff import passwords

USERNAME_MIN_CHARS = 3
USERNAME_MAX_CHARS = 40
USERNAME_RE = re.compile(rf"[a-z0-9._-]{{{USERNAME_MIN_CHARS},{USERNAME_MAX_CHARS}}}")
MIN_PASSWORD_CHARS = 12

_FILE_LOCK = threading.Lock()  # threads of this process; flock covers other processes


@dataclass(frozen=True)
class StaffAccount:
    """One account as listed by :func:`list_accounts` (no hash)."""

    username: str
    created: str
    updated: str
    locked_until: str | None


def staff_file() -> Path:
    """Where the accounts live: ``$GLADSAXE_STAFF_FILE`` or ``<repo>/var/staff.json``."""
    return settings.current().staff_file


def check_username(username: str) -> None:
    """Raise ValueError unless ``username`` is 3-40 characters of a-z, 0-9, '.', '_', '-'."""
    if not USERNAME_RE.fullmatch(username):
        raise ValueError(
            f"Username must be {USERNAME_MIN_CHARS}-{USERNAME_MAX_CHARS} characters:"
            " lowercase letters a-z, digits, '.', '_' or '-'."
        )


def add_or_reset(username: str, password: str, path: Path | None = None) -> Path:
    """Create an account or set a new password (which also lifts a lock). Returns the file."""
    check_username(username)
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"Password must be at least {MIN_PASSWORD_CHARS} characters.")
    path = Path(path) if path else staff_file()
    new_hash = passwords.hash_password(password)
    stamp = iso(time.time())
    with locked(path):
        accounts = load(path)
        previous = accounts["users"].get(username, {})
        accounts["users"][username] = {
            "hash": new_hash,
            "created": previous.get("created", stamp),
            "updated": stamp,
        }
        save(path, accounts)
    return path


def remove(username: str, path: Path | None = None) -> bool:
    """Delete an account; False when there was none by that name."""
    path = Path(path) if path else staff_file()
    with locked(path):
        accounts = load(path)
        if accounts["users"].pop(username, None) is None:
            return False
        save(path, accounts)
    return True


def list_accounts(path: Path | None = None) -> list[StaffAccount]:
    """All accounts, sorted by username."""
    users = load(Path(path) if path else staff_file())["users"]
    return [
        StaffAccount(name, u.get("created", ""), u.get("updated", ""), u.get("locked_until"))
        for name, u in sorted(users.items())
    ]


def after_login(path: Path, username: str, entry: dict, password: str) -> None:
    """After a right password: clear the failure count and any lock, upgrade an outdated hash."""
    rehash = passwords.needs_rehash(entry["hash"])
    with locked(path):
        accounts = load(path)
        current = accounts["users"].get(username)
        if current is None or current["hash"] != entry["hash"]:
            return  # changed meanwhile; leave it alone
        current.pop("locked_until", None)
        current.pop("failures", None)  # this attempt was counted as a failure in advance
        if rehash:
            current["hash"] = passwords.hash_password(password)
        save(path, accounts)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Exclusive read-modify-write of the accounts file: one thread here, one process anywhere."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _FILE_LOCK:
        fd = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def load(path: Path) -> dict:
    """The accounts file as a dict with a ``users`` object; ValueError when it is not valid."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {"users": {}}
    try:
        accounts = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"Staff file {path} is not valid JSON (line {exc.lineno}).") from None
    users = accounts.get("users") if isinstance(accounts, dict) else None
    if isinstance(users, dict):
        return accounts
    raise ValueError(f"Staff file {path} has no 'users' object.")


def save(path: Path, accounts: dict) -> None:
    """Write atomically: a 0600 temp file in the same directory, then os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(accounts, handle, indent=2, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def iso(epoch_s: float) -> str:
    """How the file writes a moment: ISO 8601 in UTC, to the second."""
    return datetime.fromtimestamp(epoch_s, UTC).isoformat(timespec="seconds")


def epoch(value: object) -> float | None:
    """A moment written by :func:`iso` as seconds since the epoch; None when it is not one."""
    try:
        return datetime.fromisoformat(str(value)).timestamp()
    except ValueError:
        return None
