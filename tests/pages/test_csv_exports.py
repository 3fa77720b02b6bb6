"""What staff download: sign-up CSVs without live formulas, exports with attribution and one
geometry type per layer."""

from __future__ import annotations

import io
import json

import pandas as pd
import pyogrio

from geo.export import LAYER_GEOMETRY
from geo.signup import validate_signup
from geo.storage import open_storage
from tests.pages.kit import logged_in
from tests.pages.pagedata import PARTNERSHIPS, PARTNERSHIPS_CREDIT

FORMULA_START = ("=", "+", "-", "@")


def test_signup_csv_neutralises_formulas_after_semicolons_and_tabs(fake_map, account):
    """Regression: ``Hansen;=1+1`` slipped through, and Danish Excel splits the cell on ``;``."""
    from ui import privacy

    signup, problems = validate_signup(
        {
            "kind": "private_garden",
            "name": "Hansen;=1+1",
            "email": "hansen@example.dk",
            "message": "Hej\t@SUM(A1);+2",
            "consent": True,
        }
    )
    assert not problems
    open_storage().save_signup(signup, "k1")
    at = logged_in()
    at.switch_page("app_pages/staff_signups.py").run()
    assert not at.exception

    at.button(key="staff_su_csv").click().run()  # a one-time link, built when opened
    [link] = at.get("link_button")
    body, _media_type, file_name = privacy.redeem_download(link.proto.url.rsplit("/", 1)[1])
    assert file_name == "tilmeldinger.csv"
    raw = body.decode("utf-8-sig")
    table = pd.read_csv(io.StringIO(raw), dtype=str)
    assert table["Navn"].tolist() == ["Hansen;'=1+1"]
    for line in raw.splitlines():
        for piece in line.replace("\t", ";").split(";"):  # how Danish Excel would cut the line
            for cell in piece.split(","):
                assert not cell.strip().strip('"').startswith(FORMULA_START), line


def test_staff_export_carries_attribution_and_one_geometry_type_per_layer(fake_map, account, downloads, tmp_path):
    at = logged_in()
    at.switch_page("app_pages/staff_export.py").run()
    assert not at.exception

    path = tmp_path / "gladsaxe.gpkg"
    path.write_bytes(downloads["gladsaxe.gpkg"])
    layers = dict(pyogrio.list_layers(path))
    assert {name: layers[name] for name in LAYER_GEOMETRY} == LAYER_GEOMETRY
    description = pyogrio.read_info(path, layer="areas")["layer_metadata"]["DESCRIPTION"]
    assert "OpenStreetMap" in description
    datasets = pyogrio.read_dataframe(path, layer="datasets", read_geometry=False)
    assert datasets["file"].tolist() == ["places.geojson", "partnerships.yaml"]

    area_points = json.loads(downloads["gladsaxe-area_points.geojson"])
    assert area_points["attribution"] == description
    assert {f["geometry"]["type"] for f in area_points["features"] if f["geometry"]} == {"Point"}
    partnerships = pd.read_csv(io.BytesIO(downloads["gladsaxe-partnerskaber.csv"]), encoding="utf-8-sig")
    assert partnerships["attribution"].eq(PARTNERSHIPS_CREDIT).all() and len(partnerships) == len(PARTNERSHIPS)
