"""Data & sources: where every dataset comes from and how exact it is."""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from geo.embed import iframe_snippet
from ui import data
from ui.i18n import current_lang, t

lang = current_lang()
catalog = data.catalog()

st.title(t("data.title"), anchor=False)
st.markdown(t("data.intro"))

st.subheader(t("data.datasets"), anchor=False)
st.dataframe(
    pd.DataFrame(
        [
            {
                t("data.col_dataset"): "places.geojson",
                t("data.col_content"): t("data.places_content", n=len(catalog.places)),
                t("data.col_source"): t("data.places_source"),
                t("data.col_licence"): t("data.licence"),
                t("data.col_date"): max((p.props.updated for p in catalog.places), default="").__str__(),
            },
            {
                t("data.col_dataset"): "partnerships.yaml",
                t("data.col_content"): t("data.partnerships_content", n=len(catalog.partnerships)),
                t("data.col_source"): t("data.partnerships_source"),
                t("data.col_licence"): t("data.licence"),
                t("data.col_date"): max((p.updated for p in catalog.partnerships), default="").__str__(),
            },
        ]
    ),
    hide_index=True,
)

st.subheader(t("data.grades"), anchor=False)
st.markdown(t("data.grades_text"))

st.subheader(t("data.accuracy_table"), anchor=False)
frame = data.places()
table = pd.DataFrame(
    {
        t("data.col_name"): [p.props.name for p in catalog.places],
        t("data.col_kind"): [t(f"kind.{p.props.kind}") for p in catalog.places],
        t("data.col_grade"): [p.props.position_grade for p in catalog.places],
        t("data.col_accuracy"): [p.props.accuracy_m for p in catalog.places],
        t("data.col_area"): [round(a, 1) if a else None for a in frame["area_ha"]],
        t("data.col_note"): [p.props.position_note.get(lang) for p in catalog.places],
    }
)
st.dataframe(table, hide_index=True)
st.download_button(t("data.download_csv"), table.to_csv(index=False).encode("utf-8"), "gladsaxe-steder.csv", "text/csv")
geojson_path = catalog.sources_dir / "places.geojson"
if geojson_path.exists():
    st.download_button(
        t("data.download_geojson"), geojson_path.read_bytes(), "gladsaxe-steder.geojson", "application/geo+json"
    )
st.caption(t("data.correct"))

st.subheader(t("embed.snippet_title"), anchor=False)
st.markdown(t("embed.snippet_intro"))
here = urlsplit(st.context.url or "")
origin = f"{here.scheme}://{here.netloc}" if here.netloc else "https://kort.example.dk"
st.code(iframe_snippet(origin, t("embed.snippet_frame_title")), language="html")
