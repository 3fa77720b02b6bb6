"""Provenance as data: every data file is described, checksums are fresh, licences are never guessed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from geo.catalog import PARTNERSHIPS_FILE, PLACES_FILE
from geo.provenance import (
    DATASETS_FILE,
    attribution,
    data_files,
    datasets_table,
    file_sha256,
    load_datasets,
    parts_table,
    refresh,
)
from tests import builders

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
OSM = {
    "what": {"da": "Stationer", "en": "Stations"},
    "source": {"da": "OpenStreetMap", "en": "OpenStreetMap"},
    "licence": {"name": "ODbL 1.0", "url": "https://opendatacommons.org/licenses/odbl/1-0/"},
    "attribution": {"da": "© OpenStreetMap-bidragydere", "en": "© OpenStreetMap contributors"},
}


def entry(directory: Path, file: str, **overrides) -> dict:
    item = {
        "file": file,
        "title": {"da": f"Titel {file}", "en": f"Title {file}"},
        "source": {"da": "Egne opgørelser", "en": "Own compilation"},
        "licence": {"name": None, "note": {"da": "Ikke angivet.", "en": "Not stated."}},
        "retrieved": "2026-11-26",
        "attribution": {"da": f"Kort: {file}", "en": f"Map: {file}"},
        "sha256": file_sha256(directory / file),
    }
    item.update(overrides)
    return item


def write_datasets(directory: Path, entries: list[dict], header: str = "") -> Path:
    (directory / DATASETS_FILE).write_text(header + yaml.safe_dump({"datasets": entries}, allow_unicode=True), "utf-8")
    return directory


@pytest.fixture
def folder(tmp_path) -> Path:
    directory = builders.write(tmp_path / "data")
    return write_datasets(
        directory, [entry(directory, PLACES_FILE, parts=[OSM]), entry(directory, PARTNERSHIPS_FILE)], "# kept\n"
    )


# --- the shipped data folder ---------------------------------------------------------------


def test_every_shipped_data_file_is_described_with_a_fresh_checksum():
    provenance = load_datasets(DATA)
    assert [str(p) for p in provenance.problems] == []  # if this fails: python -m geo.provenance refresh
    assert {d.file for d in provenance.datasets} == set(data_files(DATA))
    assert {PLACES_FILE, PARTNERSHIPS_FILE} <= set(data_files(DATA))


def test_shipped_licences_are_stated_or_explicitly_unknown():
    provenance = load_datasets(DATA)
    licences = [d.licence for d in provenance.datasets] + [p.licence for d in provenance.datasets for p in d.parts]
    for licence in licences:
        assert (licence.name and licence.url) or (licence.name is None and licence.note and licence.url is None)
    places = provenance.dataset(PLACES_FILE)
    assert "OpenStreetMap" in attribution(provenance, "en", [PLACES_FILE])
    assert any(p.licence.name == "ODbL 1.0" for p in places.parts)


# --- checks on a folder ----------------------------------------------------------------------


def test_a_described_folder_has_no_problems(folder):
    provenance = load_datasets(folder)
    assert provenance.problems == () and provenance.stale == frozenset()
    assert [d.file for d in provenance.datasets] == [PLACES_FILE, PARTNERSHIPS_FILE]


def test_a_file_without_an_entry_is_a_problem(folder):
    (folder / "trees.csv").write_text("id\n1\n", "utf-8")
    (folder / ".hidden").write_text("x", "utf-8")
    [problem] = load_datasets(folder).problems
    assert str(problem) == "trees.csv: has no entry in datasets.yaml"


def test_a_changed_file_makes_its_checksum_stale_until_refreshed(folder):
    with (folder / PARTNERSHIPS_FILE).open("a", encoding="utf-8") as f:
        f.write("# edited\n")
    provenance = load_datasets(folder)
    assert provenance.stale == {PARTNERSHIPS_FILE}
    [problem] = provenance.problems
    assert "partnerships.yaml" in str(problem) and "sha256" in str(problem) and "refresh" in str(problem)
    assert datasets_table(provenance)["checksum_ok"].tolist() == [True, False]

    assert refresh(folder) == [PARTNERSHIPS_FILE]
    assert load_datasets(folder).problems == ()
    assert (folder / DATASETS_FILE).read_text("utf-8").startswith("# kept\n")  # the rest stays as written
    assert refresh(folder) == []


def test_an_entry_for_a_missing_file_is_a_problem(folder):
    (folder / PARTNERSHIPS_FILE).unlink()
    problems = [str(p) for p in load_datasets(folder).problems]
    assert problems == [
        "datasets.yaml, id 'partnerships.yaml', field 'file': describes a file that is not in the folder"
    ]


@pytest.mark.parametrize(
    ("licence", "message"),
    [
        ({"name": None}, "a licence that is not known needs a note saying so"),
        ({"name": None, "url": "https://example.org/l", "note": {"da": "x", "en": "x"}}, "needs the licence's name"),
        ({"name": "CC BY 4.0", "url": "javascript:alert(1)"}, "URL"),
    ],
)
def test_a_licence_is_never_left_vague(folder, licence, message):
    write_datasets(folder, [entry(folder, PLACES_FILE, licence=licence), entry(folder, PARTNERSHIPS_FILE)])
    problems = [str(p) for p in load_datasets(folder).problems]
    assert any("places.geojson" in p and message in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("datasets: [", "is not valid YAML"),
        ("- a\n", "must hold a list under the key 'datasets'"),
    ],
)
def test_a_broken_description_is_reported_not_raised(folder, text, message):
    (folder / DATASETS_FILE).write_text(text, "utf-8")
    [problem] = load_datasets(folder).problems
    assert str(problem).startswith(f"datasets.yaml: {message}")


def test_missing_fields_and_duplicates_are_named(folder):
    broken = entry(folder, PLACES_FILE)
    del broken["retrieved"]
    write_datasets(folder, [broken, entry(folder, PARTNERSHIPS_FILE), entry(folder, PARTNERSHIPS_FILE)])
    problems = [str(p) for p in load_datasets(folder).problems]
    assert "datasets.yaml, id 'places.geojson', field 'retrieved': is missing" in problems
    assert "datasets.yaml, id 'partnerships.yaml', field 'file': is described more than once" in problems


def test_a_folder_without_a_description_says_so(tmp_path):
    directory = builders.write(tmp_path / "data")
    provenance = load_datasets(directory)
    assert [str(p) for p in provenance.problems] == [f"datasets.yaml: file not found in {directory}"]
    assert attribution(provenance) == ""


# --- attribution and tables --------------------------------------------------------------------


def test_attribution_credits_each_dataset_and_part_once_in_the_language(folder):
    provenance = load_datasets(folder)
    assert attribution(provenance, "da") == (
        "Kort: places.geojson · © OpenStreetMap-bidragydere · Kort: partnerships.yaml"
    )
    assert attribution(provenance, "en", [PARTNERSHIPS_FILE]) == "Map: partnerships.yaml"


def test_tables_leave_an_unknown_licence_unknown(folder):
    provenance = load_datasets(folder)
    table = datasets_table(provenance, "en")
    assert table["licence"].isna().all() and table["licence_note"].tolist() == ["Not stated."] * 2
    assert table["sha256"].tolist() == [file_sha256(folder / PLACES_FILE), file_sha256(folder / PARTNERSHIPS_FILE)]
    parts = parts_table(provenance, "en")
    assert parts.to_dict("records") == [
        {
            "file": PLACES_FILE,
            "what": "Stations",
            "source": "OpenStreetMap",
            "licence": "ODbL 1.0",
            "licence_url": "https://opendatacommons.org/licenses/odbl/1-0/",
            "licence_note": "",
            "attribution": "© OpenStreetMap contributors",
        }
    ]


# --- command line ----------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo.provenance", *args], cwd=REPO, capture_output=True, text=True)


def test_cli_check_fails_on_a_stale_checksum_and_refresh_fixes_it(folder):
    (folder / PLACES_FILE).write_text((folder / PLACES_FILE).read_text("utf-8") + "\n", "utf-8")
    checked = run_cli("check", str(folder))
    assert checked.returncode == 1 and "places.geojson" in checked.stdout and "Traceback" not in checked.stderr
    refreshed = run_cli("refresh", str(folder))
    assert refreshed.returncode == 0, refreshed.stdout + refreshed.stderr
    assert "refreshed the checksum of places.geojson" in refreshed.stdout and "OK: 2 datasets" in refreshed.stdout


def test_cli_refresh_does_not_invent_an_entry(folder):
    (folder / "trees.csv").write_text("id\n", "utf-8")
    result = run_cli("refresh", str(folder))
    assert result.returncode == 1 and "trees.csv: has no entry in datasets.yaml" in result.stdout


def test_validate_also_checks_the_description(folder):
    (folder / PLACES_FILE).write_text((folder / PLACES_FILE).read_text("utf-8") + "\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "geo.validate", str(folder)], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 1 and "datasets.yaml, id 'places.geojson', field 'sha256'" in result.stdout
