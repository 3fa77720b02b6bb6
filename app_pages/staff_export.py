"""Export: every layer as GeoJSON (EPSG:4326) or one GeoPackage (EPSG:25832), partnerships as CSV.

Each file is made only when its button is clicked: the buttons get a function, which Streamlit
calls then (on a thread of its own), so a rerun of the page writes no GeoPackage.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from geo.catalog import PARTNERSHIPS_FILE, PLACES_FILE
from geo.export import layer_frames, partnerships_table, to_csv, to_geojson, to_geopackage
from geo.provenance import datasets_table
from geo.signup import GRID_M
from ui import auth, data, staff
from ui.i18n import current_lang, t

staff.page("staff.export.title")
lang = current_lang()
db = staff.store()
catalog = data.catalog()
layers = layer_frames(catalog, db.list_candidates(), db.approved_garden_points(), lang)
credit = data.attribution(lang, (PLACES_FILE,))

st.caption(t("staff.export.intro"))

st.subheader(t("staff.export.geojson"), anchor=False)
for name, frame in layers.items():
    label_col, button_col = st.columns([3, 1], vertical_alignment="center")
    label_col.markdown(t("staff.export.layer", layer=t(f"staff.export.layer_{name}", grid_m=GRID_M), n=len(frame)))
    button_col.download_button(
        t("staff.export.download_geojson"),
        auth.staff_download("export.geojson", partial(to_geojson, frame, credit)),
        f"gladsaxe-{name}.geojson",
        "application/geo+json",
        key=f"staff_export_{name}",
        icon=":material/download:",
        on_click="ignore",
    )

st.subheader(t("staff.export.geopackage"), anchor=False)
st.caption(t("staff.export.geopackage_help", layers=", ".join(layers)))
st.download_button(
    t("staff.export.download_geopackage"),
    auth.staff_download(
        "export.geopackage", partial(to_geopackage, layers, credit, datasets_table(data.datasets(), lang))
    ),
    "gladsaxe.gpkg",
    "application/geopackage+sqlite3",
    key="staff_export_gpkg",
    icon=":material/download:",
    on_click="ignore",
)

st.subheader(t("staff.export.partnerships"), anchor=False)
st.download_button(
    t("staff.export.download_csv"),
    auth.staff_download(
        "export.partnerships",
        partial(to_csv, partnerships_table(catalog, lang), data.attribution(lang, (PARTNERSHIPS_FILE,))),
    ),
    "gladsaxe-partnerskaber.csv",
    "text/csv",
    key="staff_export_partnerships",
    icon=":material/download:",
    on_click="ignore",
)
st.caption(t("staff.export.gardens_note", grid_m=GRID_M))
