"""Data & sources: where every dataset comes from, under which licence, and how exact it is."""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from geo.catalog import PLACES_FILE
from geo.embed import iframe_snippet
from geo.escape import markdown_text as md
from geo.export import to_csv
from geo.provenance import datasets_table, parts_table
from ui import data
from ui.i18n import current_lang, t

lang = current_lang()
catalog = data.catalog()
provenance = data.datasets()


def described(table: pd.DataFrame) -> pd.DataFrame:
    """Fill in what a data file leaves open (an unknown licence) and translate the headings."""
    table = table.copy()
    table["licence"] = table["licence"].fillna(t("provenance.licence_unknown"))
    if "checksum_ok" in table:
        table["checksum_ok"] = table["checksum_ok"].map(lambda ok: t(f"provenance.checksum_{'ok' if ok else 'stale'}"))
    return table.rename(columns=lambda c: t(f"provenance.col_{c}"))


st.title(t("data.title"), anchor=False)
st.markdown(t("data.intro"))

st.subheader(t("data.datasets"), anchor=False)
if provenance.problems:
    st.warning(t("provenance.problems", n=len(provenance.problems)), icon=":material/warning:")
    st.text("\n".join(str(p) for p in provenance.problems))
links = {t("provenance.col_licence_url"): st.column_config.LinkColumn()}
st.dataframe(described(datasets_table(provenance, lang)), hide_index=True, column_config=links)
parts = parts_table(provenance, lang)
if len(parts):
    st.markdown(t("provenance.parts"))
    st.dataframe(described(parts), hide_index=True, column_config=links)
st.caption(t("provenance.credit", text=md(data.attribution(lang))))

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
places_credit = data.attribution(lang, (PLACES_FILE,))
st.download_button(
    t("data.download_csv"),
    to_csv(table, places_credit, t("provenance.col_attribution")),
    "gladsaxe-steder.csv",
    "text/csv",
    on_click="ignore",
)
st.download_button(
    t("data.download_geojson"),
    data.public_places_geojson(lang),
    "gladsaxe-steder.geojson",
    "application/geo+json",
    on_click="ignore",
)
st.markdown(t("data.correct"))  # not a caption: its faded colour took the e-mail link under 4.5:1

st.subheader(t("embed.snippet_title"), anchor=False)
st.markdown(t("embed.snippet_intro"))
here = urlsplit(st.context.url or "")
origin = f"{here.scheme}://{here.netloc}" if here.netloc else "https://kort.example.dk"
st.code(
    iframe_snippet(origin, t("embed.snippet_frame_title")), language=None, wrap_lines=True
)  # no scroll box, no low-contrast highlighting
