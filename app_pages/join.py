"""Bliv vild med vilje: what joining means, a self-check, nearest areas, and the sign-up form."""

from __future__ import annotations

import streamlit as st

from geo.escape import markdown_text as md
from geo.maps import TileConfig
from ui import data, join, privacy
from ui.i18n import current_lang, t
from ui.mapview import map_texts

lang = current_lang()
catalog = data.catalog()

st.title(t("join.title"), anchor=False)
privacy.withdrawal_prompt()  # only when opened with a deletion link (?slet=...)
st.markdown(t("join.intro"))

col_what, col_how = st.columns(2, gap="large")
with col_what:
    st.subheader(t("join.who_title"), anchor=False)
    st.markdown(t("join.who"))
    st.subheader(t("join.asks_title"), anchor=False)
    st.markdown(t("join.asks"))
with col_how:
    st.subheader(t("join.offer_title"), anchor=False)
    st.markdown(t("join.offer"))
    st.subheader(t("join.inspiration_title"), anchor=False)
    for place in (p for p in catalog.places if p.props.kind == "green_area"):
        st.page_link(
            "app_pages/map.py", label=md(place.props.name), query_params={"place": place.id}, icon=":material/park:"
        )

st.subheader(t("join.check_title"), anchor=False)
st.caption(t("join.check_intro"))
join.self_check(lang)

st.subheader(t("join.nearest_title"), anchor=False)
st.caption(t("join.nearest_intro"))
join.nearest_picker(map_texts(lang), TileConfig.from_env(), lang)

st.subheader(t("signup.title"), anchor=False, divider="green")
st.markdown(t("signup.intro"))
join.signup_form(lang)
