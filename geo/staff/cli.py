"""``python -m geo.staff add USERNAME | list | remove USERNAME``: manage local staff accounts."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from geo.staff.accounts import add_or_reset, check_username, list_accounts, remove, staff_file


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
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
            return _add(args.username, path)
        if args.command == "remove":
            return _remove(args.username, path)
        return _list(path)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise ValueError("The two passwords differ.")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _add(username: str, path: Path) -> int:
    check_username(username)  # before asking for a password
    add_or_reset(username, _read_password(), path)
    print(f"Staff account '{username}' saved in {path}")
    return 0


def _remove(username: str, path: Path) -> int:
    if not remove(username, path):
        print(f"No staff account '{username}' in {path}", file=sys.stderr)
        return 1
    print(f"Staff account '{username}' removed from {path}")
    return 0


def _list(path: Path) -> int:
    found = list_accounts(path)
    for a in found:
        lock = f", locked until {a.locked_until}" if a.locked_until else ""
        print(f"{a.username} (created {a.created}, updated {a.updated}{lock})")
    if not found:
        print(f"No staff accounts in {path}")
    return 0
