"""The data page renders datasets.yaml (no hand-written table) and serves what the map shows."""

from __future__ import annotations

import io
import json
import shutil

import pandas as pd
import yaml

from geo.storage import open_storage
from tests.hostile import PAYLOADS
from tests.pages.kit import app, texts
from tests.pages.pagedata import PLACES_TITLE_EN

DATA_PAGE = "app_pages/data_sources.py"


def data_page():
    at = app().run()
    at.switch_page(DATA_PAGE).run()
    assert not at.exception, at.exception
    return at


def test_datasets_table_comes_from_datasets_yaml(fake_map, page_data_dir):
    described = yaml.safe_load((page_data_dir / "datasets.yaml").read_text("utf-8"))["datasets"]
    at = data_page()
    datasets, parts = at.dataframe[0].value, at.dataframe[1].value
    assert datasets["Fil"].tolist() == [d["file"] for d in described]
    assert datasets["Datasæt"].tolist() == [d["title"]["da"] for d in described]
    assert datasets["Kontrolsum (SHA-256)"].tolist() == [d["sha256"] for d in described]
    assert set(datasets["Passer kontrolsummen?"]) == {"Ja"}
    assert set(datasets["Licens"]) == {"Ukendt"}  # nobody has stated a licence: the page says so
    assert "ODbL 1.0" in parts["Licens"].tolist()
    assert "© OpenStreetMap-bidragydere, ODbL" in texts(at).replace("\\", "")  # Markdown-escaped caption
    assert not at.warning


def test_english_page_uses_the_english_descriptions(fake_map):
    at = app({"lang": "en"}).run()
    at.switch_page(DATA_PAGE).run()
    assert PLACES_TITLE_EN in at.dataframe[0].value["Dataset"].tolist()


def test_a_changed_copy_of_the_data_is_flagged_and_its_text_stays_text(fake_map, page_data_dir, tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(page_data_dir, copy)
    doc = yaml.safe_load((copy / "datasets.yaml").read_text("utf-8"))
    doc["datasets"][1]["title"]["da"] = PAYLOADS[0]
    doc["datasets"][1]["attribution"]["da"] = PAYLOADS[7]
    (copy / "datasets.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    with (copy / "places.geojson").open("a", encoding="utf-8") as f:
        f.write("\n")
    monkeypatch.setenv("GLADSAXE_DATA_DIR", str(copy))

    at = data_page()
    assert "Beskrivelsen af datafilerne har 1 fejl" in at.warning[0].value
    assert "places.geojson" in at.text[-1].value and "refresh" in at.text[-1].value
    table = at.dataframe[0].value
    assert table["Passer kontrolsummen?"].tolist()[0].startswith("Nej")
    assert table["Datasæt"].tolist()[1] == PAYLOADS[0]  # shown as a table cell, never as HTML
    markdown = texts(at)
    assert PAYLOADS[0] not in markdown and "](javascript:" not in markdown


def test_downloads_serve_the_corrected_places_with_the_attribution(fake_map, downloads):
    moved = {"type": "Point", "coordinates": [12.4901, 55.737]}
    open_storage().save_correction("lindetorvet", moved, 40, "Tjekket på stedet", "=1+1;=2", by="anna")
    data_page()

    doc = json.loads(downloads["gladsaxe-steder.geojson"])
    assert "OpenStreetMap" in doc["attribution"]
    [feature] = [f for f in doc["features"] if f["properties"]["id"] == "lindetorvet"]
    assert feature["geometry"] == moved and feature["properties"]["accuracy_m"] == 40

    table = pd.read_csv(io.BytesIO(downloads["gladsaxe-steder.csv"]), encoding="utf-8-sig", dtype=str)
    row = table[table["Navn"] == "Lindetorvet"].iloc[0]
    assert float(row["± m"]) == 40
    note = row["Sådan er placeringen fundet"]
    assert "Kilde: =1+1;'=2" in note  # what staff typed: no piece Danish Excel splits off starts a formula
    assert not [piece for piece in note.split(";") if piece.lstrip().startswith(("=", "+", "-", "@"))]
    assert set(table["Kreditering"]) == {doc["attribution"]}
