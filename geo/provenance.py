"""Provenance as data: where each file in the data folder comes from, under which licence.

``data/datasets.yaml`` describes every data file (title, source, licence and its URL, date
retrieved, attribution text, SHA-256 checksum), and parts of a file that carry a licence of
their own. A licence nobody has stated is written as ``name: null`` with a note saying so;
it is never guessed. :func:`load_datasets` validates the description against the folder
(a file without an entry, an entry without a file and a stale checksum are problems), and
``python -m geo.provenance refresh [DATA_DIR]`` rewrites the checksums after a deliberate edit.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from geo.catalog import data_dir
from geo.models import Text
from geo.problems import Problem, load_yaml_entries

DATASETS_FILE = "datasets.yaml"
# Files in the data folder that document the data rather than hold it.
DOCUMENTATION = frozenset({DATASETS_FILE, "README.md"})
REFRESH_HINT = "run: python -m geo.provenance refresh"


class Licence(BaseModel):
    """A licence by name and URL; ``name: null`` means no licence is known, and a note says why."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str | None = Field(min_length=1)
    url: HttpUrl | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _unknown_is_explained(self) -> Licence:
        if self.name is None and self.note is None:
            raise ValueError("a licence that is not known needs a note saying so")
        if self.name is None and self.url is not None:
            raise ValueError("a licence URL needs the licence's name")
        return self


class Part(BaseModel):
    """Part of a data file with a source and licence of its own (e.g. OpenStreetMap positions)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    what: Text
    source: Text
    licence: Licence
    attribution: Text


class Dataset(BaseModel):
    """The description of one data file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    file: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: Text
    source: Text
    licence: Licence
    retrieved: str = Field(pattern=r"^\d{4}-\d{2}(-\d{2})?$", description="YYYY-MM or YYYY-MM-DD")
    attribution: Text
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Provenance:
    """Every dataset description of a folder, the files whose checksum is stale, and problems."""

    datasets: tuple[Dataset, ...]
    stale: frozenset[str]
    problems: tuple[Problem, ...]

    def dataset(self, file: str) -> Dataset | None:
        return next((d for d in self.datasets if d.file == file), None)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as 64 lowercase hex digits."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def data_files(directory: Path) -> list[str]:
    """Names of the files in ``directory`` that need a description (documentation and hidden files excluded)."""
    return sorted(
        p.name
        for p in Path(directory).iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name not in DOCUMENTATION
    )


def load_datasets(directory: Path | None = None) -> Provenance:
    """Read and check ``datasets.yaml`` in ``directory`` (default: the data folder)."""
    directory = Path(directory) if directory else data_dir()
    problems: list[Problem] = []
    parsed = _parse(directory / DATASETS_FILE, problems)
    datasets = parsed or []
    present = set(data_files(directory)) if directory.is_dir() else set()
    stale = set()
    for item in datasets:
        if item.file not in present:
            problems.append(Problem(DATASETS_FILE, item.file, "file", "describes a file that is not in the folder"))
        elif file_sha256(directory / item.file) != item.sha256:
            stale.add(item.file)
            problems.append(
                Problem(
                    DATASETS_FILE, item.file, "sha256", f"does not match the file, which has changed; {REFRESH_HINT}"
                )
            )
    described = {d.file for d in datasets}
    if parsed is not None:  # an unreadable description says nothing about which files it misses
        for name in sorted(present - described):
            problems.append(Problem(name, None, None, f"has no entry in {DATASETS_FILE}"))
    return Provenance(tuple(datasets), frozenset(stale), tuple(problems))


def _parse(path: Path, problems: list[Problem]) -> list[Dataset] | None:
    entries = load_yaml_entries(path, "datasets", Dataset, "file", problems)
    if entries is None:
        return None
    out: list[Dataset] = []
    for item in entries:
        if any(d.file == item.file for d in out):
            problems.append(Problem(DATASETS_FILE, item.file, "file", "is described more than once"))
            continue
        out.append(item)
    return out


def attribution(provenance: Provenance, lang: str = "da", files: Iterable[str] | None = None) -> str:
    """One line crediting the datasets (all, or those named in ``files``) and their parts.

    Plain text: callers escape it for wherever it goes (HTML, Markdown, CSV).
    """
    wanted = None if files is None else set(files)
    credits: list[str] = []
    for item in provenance.datasets:
        if wanted is not None and item.file not in wanted:
            continue
        for text in (item.attribution, *(part.attribution for part in item.parts)):
            credit = text.get(lang)
            if credit not in credits:
                credits.append(credit)
    return " · ".join(credits)


DATASET_COLUMNS = (
    "title",
    "file",
    "source",
    "licence",
    "licence_url",
    "licence_note",
    "retrieved",
    "attribution",
    "sha256",
    "checksum_ok",
)
PART_COLUMNS = ("file", "what", "source", "licence", "licence_url", "licence_note", "attribution")


def datasets_table(provenance: Provenance, lang: str = "da") -> pd.DataFrame:
    """One row per data file (:data:`DATASET_COLUMNS`); ``licence`` is None where none is known."""
    rows = [
        {
            "title": d.title.get(lang),
            "file": d.file,
            "source": d.source.get(lang),
            **_licence_columns(d.licence, lang),
            "retrieved": d.retrieved,
            "attribution": d.attribution.get(lang),
            "sha256": d.sha256,
            "checksum_ok": d.file not in provenance.stale,
        }
        for d in provenance.datasets
    ]
    return pd.DataFrame(rows, columns=list(DATASET_COLUMNS))


def parts_table(provenance: Provenance, lang: str = "da") -> pd.DataFrame:
    """One row per part of a data file with its own source and licence (:data:`PART_COLUMNS`)."""
    rows = [
        {
            "file": d.file,
            "what": part.what.get(lang),
            "source": part.source.get(lang),
            **_licence_columns(part.licence, lang),
            "attribution": part.attribution.get(lang),
        }
        for d in provenance.datasets
        for part in d.parts
    ]
    return pd.DataFrame(rows, columns=list(PART_COLUMNS))


def _licence_columns(licence: Licence, lang: str) -> dict:
    return {
        "licence": licence.name,
        "licence_url": None if licence.url is None else str(licence.url),
        "licence_note": "" if licence.note is None else licence.note.get(lang),
    }


_FILE_LINE = re.compile(r"""^\s*(?:-\s+)?file:\s*["']?([^"'\s#]+)""")
_SHA_LINE = re.compile(r"""^(\s*sha256:\s*)["']?([0-9A-Fa-f]*)["']?(.*)$""", re.DOTALL)


def refresh(directory: Path | None = None) -> list[str]:
    """Rewrite each entry's ``sha256`` from its file, keeping the rest of the YAML as written.

    Returns the names of the files whose checksum changed. Entries are never added: a new
    file needs its facts written by a person.
    """
    directory = Path(directory) if directory else data_dir()
    path = directory / DATASETS_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    current, changed = None, []
    for index, line in enumerate(lines):
        if match := _FILE_LINE.match(line):
            current = match.group(1)
        elif (match := _SHA_LINE.match(line)) and current and (directory / current).is_file():
            digest = file_sha256(directory / current)
            if match.group(2) != digest:
                lines[index] = f'{match.group(1)}"{digest}"{match.group(3)}'
                changed.append(current)
            current = None
    if changed:
        path.write_text("".join(lines), encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    """``python -m geo.provenance check|refresh [DATA_DIR]``; exits 1 while any problem remains."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in ("check", "refresh"):
        print("usage: python -m geo.provenance check|refresh [DATA_DIR]", file=sys.stderr)
        return 2
    directory = Path(args[1]) if len(args) > 1 else data_dir()
    if not directory.is_dir():
        print(f"{directory}: not a folder", file=sys.stderr)
        return 2
    if args[0] == "refresh" and (directory / DATASETS_FILE).is_file():
        for name in refresh(directory):
            print(f"refreshed the checksum of {name}")
    provenance = load_datasets(directory)
    for problem in provenance.problems:
        print(problem)
    if provenance.problems:
        return 1
    print(f"OK: {len(provenance.datasets)} datasets described in {directory / DATASETS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
