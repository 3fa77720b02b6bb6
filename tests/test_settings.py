"""The one settings object: defaults, parsing, and the README table that documents it."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo import settings
from geo.settings import REPO_ROOT, Settings, current, environment_variables


def readme_variables() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([A-Z_]+)` \|", section, flags=re.M)


def test_readme_configuration_table_lists_exactly_the_settings() -> None:
    listed = readme_variables()
    assert len(listed) == len(set(listed)), "a variable is listed twice"
    assert set(listed) == set(environment_variables())


def test_defaults_need_no_environment() -> None:
    defaults = Settings.from_env({})
    assert defaults.database_url == f"sqlite:///{REPO_ROOT / 'var' / 'gladsaxe.sqlite3'}"
    assert (defaults.data_dir, defaults.staff_file) == (REPO_ROOT / "data", REPO_ROOT / "var" / "staff.json")
    assert (defaults.tiles, defaults.tiles_attribution, defaults.port) == ("osm", "", 8501)
    assert (defaults.frame_origins, defaults.embed_origins, defaults.trusted_proxies) == ("", None, "")
    assert defaults.signups_per_hour is None


def test_values_are_read_and_tidied() -> None:
    given = Settings.from_env(
        {
            "DATABASE_URL": " postgres://u@db/green ",
            "GLADSAXE_DATA_DIR": " /srv/data ",
            "GLADSAXE_TILES": " none ",
            "GLADSAXE_STAFF_FILE": "/srv/staff.json",
            "GLADSAXE_EMBED_ORIGINS": "https://gladsaxe.dk",
            "PORT": "8600",
            "GLADSAXE_SIGNUPS_PER_HOUR": "12",
        }
    )
    assert given.database_url == "postgresql+psycopg://u@db/green"
    assert (given.data_dir, given.staff_file) == (Path("/srv/data"), Path("/srv/staff.json"))
    assert (given.tiles, given.embed_origins, given.port) == ("none", "https://gladsaxe.dk", 8600)
    assert given.signups_per_hour == 12
    assert Settings.from_env({"GLADSAXE_SIGNUPS_PER_HOUR": "0"}).signups_per_hour is None


@pytest.mark.parametrize("port", ["http", "0", "70000", "-1"])
def test_a_port_that_is_not_a_port_number_is_refused_by_name(port: str) -> None:
    with pytest.raises(ValueError, match="PORT must be a port number"):
        Settings.from_env({"PORT": port})


def test_current_follows_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLADSAXE_DATA_DIR", "/first")
    assert current().data_dir == Path("/first")
    monkeypatch.setenv("GLADSAXE_DATA_DIR", "/second")
    assert current().data_dir == Path("/second")
    assert current() is current()  # parsed once per environment


def test_the_command_line_prints_one_setting_or_all_without_passwords(monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://anna:secret@db/green")
    monkeypatch.setenv("PORT", "8600")
    assert settings.main(["port"]) == 0
    assert capsys.readouterr().out == "8600\n"
    assert settings.main([]) == 0
    printed = capsys.readouterr().out
    assert "secret" not in printed and "DATABASE_URL=postgresql+psycopg://anna:***@db/green" in printed
    monkeypatch.setenv("PORT", "http")
    assert settings.main(["port"]) == 2


def test_nothing_but_the_settings_module_reads_the_environment() -> None:
    readers = []
    for folder in ("geo", "ui", "app_pages"):
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            if path == REPO_ROOT / "geo" / "settings.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                    readers.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    assert readers == []


@pytest.mark.parametrize("proxies", ["not-an-ip", "10.0.0.1, 10.0.0.300", "10.0.0.0/33"])
def test_a_bad_proxy_list_is_refused_when_the_settings_are_read(proxies):
    with pytest.raises(ValueError, match="GLADSAXE_TRUSTED_PROXIES"):
        Settings.from_env({"GLADSAXE_TRUSTED_PROXIES": proxies})
    assert Settings.from_env({"GLADSAXE_TRUSTED_PROXIES": " 127.0.0.1, 10.0.0.0/24 "}).trusted_proxies


def test_the_app_refuses_to_start_with_a_bad_proxy_list_and_names_the_variable():
    env = {**os.environ, "GLADSAXE_TRUSTED_PROXIES": "not-an-ip"}
    done = subprocess.run(
        [sys.executable, "-c", "import dashboard"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "The app cannot start: GLADSAXE_TRUSTED_PROXIES: 'not-an-ip' is not an IP address" in done.stderr
    assert "Traceback" not in done.stderr
