"""``python -m geo.calendar import FILE.csv``: stores the plan, prints the count and the problems."""

from __future__ import annotations

from geo.calendar.__main__ import main
from geo.calendar.rows import COLUMNS
from geo.storage import open_storage

GOOD = "kong-hans-have;mowing;2027-W37;;;;;;vi slår én gang om året;;ja"
BAD = "kong-hans-have;mowing;2027-W99;;;;;;;;"


def test_import_from_the_shell(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/cli.sqlite3")
    plan = tmp_path / "plan.csv"
    plan.write_text("\n".join([";".join(COLUMNS), GOOD, BAD]) + "\n", encoding="utf-8")
    assert main(["import", str(plan), "--by", "anna"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("0 begivenheder gemt") and "Række 3, kolonne start" in err and "--valid-rows" in err
    assert main(["import", str(plan), "--by", "anna", "--valid-rows", "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("1 events stored") and "Row 3, column start" in err
    (stored,) = open_storage().list_events()
    assert stored.updated_by == "anna"
