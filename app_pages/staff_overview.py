"""Staff overview: how big and how wild are the Vild Med Vilje areas, and how many sign-ups?"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from geo.catalog import PLACES_FILE
from geo.export import to_csv
from geo.records import SIGNUP_STATUSES
from geo.signup import KINDS
from ui import auth, data, staff
from ui.i18n import current_lang, t

staff.page("staff.overview.title")
catalog = data.catalog()
frame = data.places()
areas = frame[frame["kind"] == "green_area"].reset_index(drop=True)
places = {p.id: p for p in catalog.places}

outlined = areas.geometry.notna() & (areas.geom_type != "Point")
table = pd.DataFrame(
    {
        t("staff.overview.col_name"): areas["name"],
        t("staff.overview.col_area"): areas["area_ha"].where(outlined).round(2),
        t("staff.overview.col_wildness"): [t(f"wildness.{w}") for w in areas["wildness"]],
        t("staff.overview.col_measures"): [len(places[i].props.measures) for i in areas["id"]],
        t("staff.overview.col_accuracy"): areas["accuracy_m"],
        t("staff.overview.col_geometry"): [t(f"staff.geometry_kind.{k}") for k in areas["geometry_kind"]],
    }
)

st.caption(t("staff.overview.intro"))
count, hectares, measures, points = st.columns(4)
count.metric(t("staff.overview.areas"), len(areas))
# Outlines are whole parks: their sum is not wild area, and no source gives the wild share.
hectares.metric(t("staff.overview.hectares"), t("staff.overview.hectares_unknown"))
measures.metric(t("staff.overview.measures"), int(table[t("staff.overview.col_measures")].sum()))
points.metric(t("staff.overview.points"), int((~outlined).sum()))

st.subheader(t("staff.overview.table"), anchor=False)
st.dataframe(table, hide_index=True, placeholder="–")
st.caption(t("staff.overview.area_note"))
st.download_button(
    t("staff.overview.download"),
    auth.staff_download(
        "overview.csv",
        partial(to_csv, table, data.attribution(current_lang(), (PLACES_FILE,)), t("provenance.col_attribution")),
    ),
    "vild-med-vilje-omraader.csv",
    "text/csv",
    key="staff_overview_csv",
    icon=":material/download:",
    on_click="ignore",
)

st.subheader(t("staff.overview.chart"), anchor=False)
st.bar_chart(
    table[outlined.to_numpy()],
    x=t("staff.overview.col_name"),
    y=t("staff.overview.col_area"),
    color=t("staff.overview.col_wildness"),
    horizontal=True,
)

st.subheader(t("staff.overview.signups"), anchor=False)
signups = staff.store().list_signups()
counts = pd.crosstab(
    pd.Categorical([r.kind for r in signups], categories=KINDS),
    pd.Categorical([r.status for r in signups], categories=SIGNUP_STATUSES),
    dropna=False,
)
counts.index = [t(f"signup.kinds.{k}") for k in counts.index]
counts.columns = [t(f"staff.status.{s}") for s in counts.columns]
counts[t("staff.overview.total")] = counts.sum(axis=1)
counts.loc[t("staff.overview.total")] = counts.sum(axis=0)
st.dataframe(counts, placeholder="–")
st.caption(t("staff.overview.signups_total", n=len(signups)))
