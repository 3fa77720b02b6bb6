"""``python -m geo.privacy purge [--dry-run] [--now YYYY-MM-DD]``: delete expired sign-ups.

The last line printed is the outcome, e.g. ``deleted 3 sign-ups``; with ``--dry-run`` nothing is
deleted and it says ``would delete 3 sign-ups``. ``--now`` treats that date (00:00 UTC) as today.
The database is the app's: ``DATABASE_URL`` or the SQLite file in ``var/``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime

from geo.privacy.retention import cutoff, purge, purge_report


def _today(text: str) -> datetime:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2027-01-31") from None
    now = datetime(day.year, day.month, day.day, tzinfo=UTC)
    try:
        cutoff(now)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is too late: {error}") from None
    return now


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.privacy", description="Residents' personal data.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("purge", help="delete sign-ups whose retention period is over")
    run.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    run.add_argument("--now", type=_today, default=None, help="treat this date (YYYY-MM-DD) as today")
    args = parser.parse_args(argv)

    from geo.storage import StorageUnavailable, open_storage

    try:
        storage = open_storage()
        try:
            count = purge(storage, args.now, dry_run=args.dry_run)
        finally:
            storage.close()
    except StorageUnavailable as error:
        print(f"the database can't be reached: {error}", file=sys.stderr)
        return 1
    print(purge_report(count, dry_run=args.dry_run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
