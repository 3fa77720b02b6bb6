"""``python -m geo.calendar import FILE.csv [--valid-rows] [--by NAME] [--lang da|en]``.

Loads a yearly plan into the configured storage (``DATABASE_URL`` or the SQLite file), prints
how many events were stored and every problem, and exits 1 when the file had problems.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from geo.calendar.importer import import_csv
from geo.calendar.rows import MAX_BYTES
from geo.calendar.words import describe_problem, file_label
from geo.catalog import data_dir
from geo.loading import load_catalog
from geo.storage import open_storage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.calendar", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("import", help="import a calendar CSV file")
    load.add_argument("file", type=Path)
    load.add_argument("--valid-rows", action="store_true", help="store the valid rows even if others have problems")
    load.add_argument("--by", default=None, help="who is importing (default: the login name)")
    load.add_argument("--lang", choices=("da", "en"), default="da")
    args = parser.parse_args(argv)
    with args.file.open("rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    place_ids = {place.id for place in load_catalog(data_dir()).places}
    storage = open_storage()
    try:
        by = args.by or f"{getpass.getuser()} (kommandolinje)"
        report = import_csv(storage, data, place_ids, by, valid_rows_only=args.valid_rows)
    finally:
        storage.close()
    print(file_label("calendar.import.stored", args.lang, stored=report.stored, skipped=report.already_stored))
    for problem in report.problems:
        print(describe_problem(problem, args.lang, file_label), file=sys.stderr)
    if report.refused:
        print(file_label("calendar.import.refused_cli", args.lang), file=sys.stderr)
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
