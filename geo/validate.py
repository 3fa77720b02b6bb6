"""Check a data folder: ``python -m geo.validate [DATA_DIR]``; exits 1 on any problem.

When the folder has a ``datasets.yaml``, its description of the files is checked as well.
"""

from __future__ import annotations

import sys
from pathlib import Path

from geo.catalog import data_dir
from geo.loading import load_catalog
from geo.provenance import DATASETS_FILE, load_datasets


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else data_dir()
    if not directory.is_dir():
        print(f"{directory}: not a folder", file=sys.stderr)
        return 2
    catalog = load_catalog(directory)
    problems = list(catalog.problems)
    if (directory / DATASETS_FILE).is_file():
        problems += load_datasets(directory).problems
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {directory}", file=sys.stderr)
        return 1
    print(f"OK: {len(catalog.places)} places and {len(catalog.partnerships)} partnerships in {directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
