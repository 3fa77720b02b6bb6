"""The suite's own house rules, checked on its source: shared help lives in support modules and
fixtures, and nothing waits a fixed time instead of waiting for what it needs."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SUPPORT = [REPO / "tests", REPO / "testkit", REPO / "bench"]


def _python_files() -> list[Path]:
    return sorted(p for folder in SUPPORT for p in folder.rglob("*.py"))


def _imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def test_no_module_imports_a_test_module_or_a_conftest():
    offenders = [
        f"{path.relative_to(REPO)} imports {name}"
        for path in _python_files()
        for name in _imported_modules(path)
        if re.search(r"(^|\.)(test_[a-z0-9_]+|conftest)$", name) and name.split(".")[0] in ("tests", "testkit", "bench")
    ]
    assert offenders == []


def test_bench_and_testkit_do_not_import_tests():
    offenders = [
        f"{path.relative_to(REPO)} imports {name}"
        for folder in ("bench", "testkit")
        for path in sorted((REPO / folder).rglob("*.py"))
        for name in _imported_modules(path)
        if name == "tests" or name.startswith("tests.")
    ]
    assert offenders == []


def test_no_fixed_waits():
    """Playwright's wait_for_timeout is never right; a sleep must be the interval of a polling loop."""
    waits = [
        f"{path.relative_to(REPO)}:{n}"
        for path in _python_files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "wait_for_timeout(" in line and path != Path(__file__)
    ]
    assert waits == []
    sleeps = [
        f"{path.relative_to(REPO)}:{n}"
        for path in _python_files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bsleep\(", line)
        and "interval" not in line
        and "async def sleep" not in line
        and path != Path(__file__)
    ]
    assert sleeps == [], "a sleep that is a polling interval says so in its line (a comment or the name)"
