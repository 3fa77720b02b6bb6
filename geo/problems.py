"""Problems with a data file, in plain words, and the forgiving reader that reports them.

A problem names file, id and field, so ``python -m geo.validate`` and the app's notice can say
exactly what is wrong; a reader leaves the broken entry out and keeps everything valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, in plain words."""

    file: str
    item_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.item_id:
            where += f", id '{self.item_id}'"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


def pydantic_problems(file: str, item_id: str | None, err: ValidationError) -> list[Problem]:
    """One problem per pydantic error, with its location as the field."""
    out = []
    for e in err.errors():
        loc = ".".join(str(part) for part in e["loc"]) or None
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "missing":
            msg = "is missing"
        elif e["type"] == "extra_forbidden":
            msg = "is not a known field"
        out.append(Problem(file, item_id, loc, msg))
    return out


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """The file as UTF-8 text, or None with a problem saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(path.name, None, None, f"file not found in {path.parent}"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(path.name, None, None, f"cannot be read ({exc.__class__.__name__})"))
    return None


def load_yaml_entries(
    path: Path, key: str, model: type[M], label_field: str, problems: list[Problem]
) -> list[M] | None:
    """The entries listed under ``key`` in a YAML file, each validated as ``model``.

    Every entry that does not validate is left out and reported, labelled by its
    ``label_field``; None (with a problem) when the file cannot be read or has no such list.
    """
    file = path.name
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problems.append(Problem(file, None, None, f"is not valid YAML{where}"))
        return None
    entries = doc.get(key) if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        problems.append(Problem(file, None, None, f"must hold a list under the key '{key}'"))
        return None
    out: list[M] = []
    for index, raw in enumerate(entries):
        label = str(raw.get(label_field)) if isinstance(raw, dict) and raw.get(label_field) else f"entry #{index + 1}"
        try:
            out.append(model.model_validate(raw))
        except ValidationError as err:
            problems.extend(pydantic_problems(file, label, err))
    return out
