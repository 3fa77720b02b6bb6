"""Local staff accounts, used when no OpenID Connect provider is configured.

Accounts live in one JSON file (env ``GLADSAXE_STAFF_FILE``, default ``<repo>/var/staff.json``)::

    {"users": {"anna": {"hash": "$argon2id$...", "created": "...", "updated": "...",
                        "locked_until": "..."}}}

Only argon2id hashes are stored, never passwords, and there is no default account: the first
one is made with ``python -m geo.staff add USERNAME``.

Lockout: 5 failed logins for one username within 15 minutes lock it for 15 minutes, during
which even the right password is refused. For an existing account the failures and the lock
are kept in the accounts file, and every attempt is counted *before* its password is checked,
in one step under an exclusive file lock (``fcntl.flock``, shared by every app process using
the file): so parallel attempts cannot all slip past the check, and at most 5 passwords per
window are ever hashed. A right password then clears the count. Unknown usernames are counted
in memory by a :class:`LoginThrottle`: writing attacker-chosen names to disk would let anyone
grow the file, and there is no account behind them to protect. Resetting a password (``add``)
lifts the lock.

Each argon2 hash costs 64 MiB, so at most HASH_SLOTS run at once per process; an attempt waits
up to HASH_WAIT_S for a slot and is otherwise answered "busy" (and not counted).
"""

from __future__ import annotations

import argparse
import fcntl
import getpass
import json
import math
import os
import re
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

REPO_ROOT = Path(__file__).resolve().parent.parent
USERNAME_RE = re.compile(r"[a-z0-9._-]{3,40}")
MIN_PASSWORD_CHARS = 12
MAX_FAILURES = 5
WINDOW_S = 15 * 60
LOCK_S = 15 * 60
HASH_SLOTS = 2  # argon2id hashes at once per process (64 MiB each with the defaults)
HASH_WAIT_S = 10.0


def make_hasher() -> PasswordHasher:
    """The password hasher: argon2-cffi's defaults (argon2id). Tests swap in a cheaper one."""
    return PasswordHasher()


def staff_file() -> Path:
    """Where the accounts live: ``$GLADSAXE_STAFF_FILE`` or ``<repo>/var/staff.json``."""
    configured = os.environ.get("GLADSAXE_STAFF_FILE")
    return Path(configured) if configured else REPO_ROOT / "var" / "staff.json"


@dataclass(frozen=True)
class LoginResult:
    """Outcome of :func:`verify`. ``retry_after_s`` is only non-zero when ``status == "locked"``."""

    status: Literal["ok", "wrong", "locked", "busy"]
    retry_after_s: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class StaffAccount:
    """One account as listed by :func:`list_accounts` (no hash)."""

    username: str
    created: str
    updated: str
    locked_until: str | None


class LoginThrottle:
    """Thread-safe in-memory count of failed logins per key, with an injectable clock.

    Times are seconds since the epoch (wall clock, so they can be compared with locks
    persisted in the accounts file).
    """

    PRUNE_ABOVE = 10_000  # keys kept before stale ones are dropped

    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        max_failures: int = MAX_FAILURES,
        window_s: float = WINDOW_S,
        lock_s: float = LOCK_S,
    ) -> None:
        self.clock = clock
        self.max_failures = max_failures
        self.window_s = window_s
        self.lock_s = lock_s
        self._failures: dict[tuple, list[float]] = {}
        self._locked_until: dict[tuple, float] = {}
        self._lock = threading.Lock()

    def locked_until(self, key: tuple, now: float) -> float | None:
        """When the lock on ``key`` ends, or None when it is not locked at ``now``."""
        with self._lock:
            until = self._locked_until.get(key)
            return until if until is not None and until > now else None

    def record_failure(self, key: tuple, now: float) -> float | None:
        """Count a failure; return the lock's end time if this failure starts a lock."""
        with self._lock:
            recent = [t for t in self._failures.get(key, []) if now - t < self.window_s]
            recent.append(now)
            if len(recent) < self.max_failures:
                self._failures[key] = recent
                self._prune(now)
                return None
            self._failures.pop(key, None)
            self._locked_until[key] = now + self.lock_s
            return now + self.lock_s

    def clear(self, key: tuple) -> None:
        """Forget failures and any lock for ``key`` (after a successful login)."""
        with self._lock:
            self._failures.pop(key, None)
            self._locked_until.pop(key, None)

    def _prune(self, now: float) -> None:
        # Guessing random usernames must not grow memory without bound.
        if len(self._failures) + len(self._locked_until) <= self.PRUNE_ABOVE:
            return
        self._failures = {k: ts for k, ts in self._failures.items() if ts and now - ts[-1] < self.window_s}
        self._locked_until = {k: u for k, u in self._locked_until.items() if u > now}


THROTTLE = LoginThrottle()
_FILE_LOCK = threading.Lock()  # threads of this process; flock below covers other processes
_HASHES = threading.BoundedSemaphore(HASH_SLOTS)
_dummy_hash: str | None = None


def add_or_reset(username: str, password: str, path: Path | None = None) -> Path:
    """Create an account or set a new password (which also lifts a lock). Returns the file."""
    check_username(username)
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"Password must be at least {MIN_PASSWORD_CHARS} characters.")
    path = Path(path) if path else staff_file()
    new_hash = make_hasher().hash(password)
    stamp = _iso(time.time())
    with _locked(path):
        accounts = _load(path)
        previous = accounts["users"].get(username, {})
        accounts["users"][username] = {
            "hash": new_hash,
            "created": previous.get("created", stamp),
            "updated": stamp,
        }
        _save(path, accounts)
    return path


def remove(username: str, path: Path | None = None) -> bool:
    """Delete an account; False when there was none by that name."""
    path = Path(path) if path else staff_file()
    with _locked(path):
        accounts = _load(path)
        if accounts["users"].pop(username, None) is None:
            return False
        _save(path, accounts)
    return True


def list_accounts(path: Path | None = None) -> list[StaffAccount]:
    """All accounts, sorted by username."""
    users = _load(Path(path) if path else staff_file())["users"]
    return [
        StaffAccount(name, u.get("created", ""), u.get("updated", ""), u.get("locked_until"))
        for name, u in sorted(users.items())
    ]


def verify(
    username: str,
    password: str,
    path: Path | None = None,
    now: float | None = None,
    *,
    throttle: LoginThrottle | None = None,
) -> LoginResult:
    """Check a login. ``now`` is seconds since the epoch (default: the throttle's clock).

    Unknown usernames cost the same argon2 verification as wrong passwords and are
    throttled the same way, so responses do not reveal which usernames exist. Raises
    ValueError when the accounts file is not valid (fail closed).
    """
    path = Path(path) if path else staff_file()
    throttle = throttle or THROTTLE
    now = throttle.clock() if now is None else now
    if not _HASHES.acquire(timeout=HASH_WAIT_S):
        return LoginResult("busy")
    try:
        with _locked(path):
            accounts = _load(path)
            entry = accounts["users"].get(username)
            # A password reset changes the hash, so it starts a fresh count.
            key = (str(path.resolve()), username, entry["hash"] if entry else "")
            until = max(throttle.locked_until(key, now) or 0.0, _persisted_lock(entry))
            if until > now:
                return LoginResult("locked", math.ceil(until - now))
            lock_end = _count_attempt(path, accounts, username, key, throttle, now)
        matches = _password_matches(entry, password)
    finally:
        _HASHES.release()
    if matches:
        throttle.clear(key)
        _after_success(path, username, entry, password)
        return LoginResult("ok")
    if lock_end is None:
        return LoginResult("wrong")
    return LoginResult("locked", math.ceil(lock_end - now))


def _count_attempt(path: Path, accounts: dict, username: str, key: tuple, throttle: LoginThrottle, now: float):
    """Count this attempt as a failure before its password is checked (under the file lock);
    return the end of the lock it starts, if it is the one that reaches the limit."""
    entry = accounts["users"].get(username)
    if entry is None:
        return throttle.record_failure(key, now)
    recent = [t for t in _epochs(entry.get("failures")) if now - t < throttle.window_s] + [now]
    if len(recent) < throttle.max_failures:
        entry["failures"] = [_iso(t) for t in recent]
        lock_end = None
    else:
        entry.pop("failures", None)
        lock_end = now + throttle.lock_s
        entry["locked_until"] = _iso(lock_end)
    _save(path, accounts)
    return lock_end


def _epochs(values: object) -> list[float]:
    if not isinstance(values, list):
        return []
    epochs = []
    for value in values:
        try:
            epochs.append(datetime.fromisoformat(str(value)).timestamp())
        except ValueError:
            continue
    return epochs


@contextmanager
def _locked(path: Path) -> Iterator[None]:
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


def check_username(username: str) -> None:
    """Raise ValueError unless ``username`` is 3-40 characters of a-z, 0-9, '.', '_', '-'."""
    if not USERNAME_RE.fullmatch(username):
        raise ValueError("Username must be 3-40 characters: lowercase letters a-z, digits, '.', '_' or '-'.")


def _password_matches(entry: dict | None, password: str) -> bool:
    hasher = make_hasher()
    stored = entry.get("hash", "") if entry else ""
    if not stored.startswith("$argon2id$"):
        stored = _dummy(hasher)  # same work as a real check, then fail
        entry = None
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    return entry is not None


def _dummy(hasher: PasswordHasher) -> str:
    global _dummy_hash
    if _dummy_hash is None or hasher.check_needs_rehash(_dummy_hash):
        _dummy_hash = hasher.hash(secrets.token_urlsafe(32))
    return _dummy_hash


def _after_success(path: Path, username: str, entry: dict, password: str) -> None:
    hasher = make_hasher()
    rehash = hasher.check_needs_rehash(entry["hash"])
    with _locked(path):
        accounts = _load(path)
        current = accounts["users"].get(username)
        if current is None or current["hash"] != entry["hash"]:
            return  # changed meanwhile; leave it alone
        current.pop("locked_until", None)
        current.pop("failures", None)  # this attempt was counted as a failure in advance
        if rehash:
            current["hash"] = hasher.hash(password)
        _save(path, accounts)


def _persisted_lock(entry: dict | None) -> float:
    if not entry or not entry.get("locked_until"):
        return 0.0
    try:
        return datetime.fromisoformat(entry["locked_until"]).timestamp()
    except ValueError:
        return 0.0


def _iso(epoch_s: float) -> str:
    return datetime.fromtimestamp(epoch_s, UTC).isoformat(timespec="seconds")


def _load(path: Path) -> dict:
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


def _save(path: Path, accounts: dict) -> None:
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


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise ValueError("The two passwords differ.")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def main(argv: list[str] | None = None) -> int:
    """``python -m geo.staff add USERNAME | list | remove USERNAME``; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m geo.staff", description="Staff accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create an account or reset its password")
    add.add_argument("username")
    commands.add_parser("list", help="list accounts")
    commands.add_parser("remove", help="delete an account").add_argument("username")
    args = parser.parse_args(argv)
    path = staff_file()
    try:
        if args.command == "add":
            return _cli_add(args.username, path)
        if args.command == "remove":
            return _cli_remove(args.username, path)
        return _cli_list(path)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2


def _cli_add(username: str, path: Path) -> int:
    check_username(username)  # before asking for a password
    add_or_reset(username, _read_password(), path)
    print(f"Staff account '{username}' saved in {path}")
    return 0


def _cli_remove(username: str, path: Path) -> int:
    if not remove(username, path):
        print(f"No staff account '{username}' in {path}", file=sys.stderr)
        return 1
    print(f"Staff account '{username}' removed from {path}")
    return 0


def _cli_list(path: Path) -> int:
    accounts = list_accounts(path)
    for a in accounts:
        lock = f", locked until {a.locked_until}" if a.locked_until else ""
        print(f"{a.username} (created {a.created}, updated {a.updated}{lock})")
    if not accounts:
        print(f"No staff accounts in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
