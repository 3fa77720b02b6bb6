"""The map: what is this green area or partnership, and where is it?

Layout: a short title and intro, then the map with the side panel beside it (below it on a
phone), the counts line under the map, then the list. The filters live in the sidebar but are
declared after the map, so the map's element reaches the browser first: their values are read
from the session state the widgets keep, before the widgets themselves are drawn.
"""

from __future__ import annotations

import streamlit as st

from geo.calendar.model import UPCOMING_DAYS
from geo.maps import TileConfig
from geo.models import CATEGORIES
from geo.search import QUERY_MAX, Filters, apply_filters
from ui import calendar, cards, data, lists, state
from ui.i18n import current_lang, t
from ui.mapview import map_texts, show_map

lang = current_lang()
catalog = data.catalog()
unknown = state.init_from_url(catalog)

st.title(t("map.title"), anchor=False)
st.markdown(t("map.intro"))
if unknown:
    st.info(t("map.unknown_id"), icon=":material/help:")

chosen = st.session_state.get("f_categories") or []
pship = st.session_state.get("f_partnership")
query = st.session_state.get("f_query") or ""
places, partnerships = apply_filters(catalog, Filters(frozenset(chosen), pship, query))
soon = calendar.upcoming_place_ids()
if st.session_state.get("f_upcoming"):
    places = [p for p in places if p.id in soon]

map_col, panel_col = st.columns([3, 2], gap="medium")
with map_col:
    show_map(catalog, frozenset(p.id for p in places), map_texts(lang), TileConfig.from_env())
    st.markdown(
        t(
            "map.figures",
            areas=data.figures().areas,
            partnerships=len(catalog.partnerships),
            places=len(places),
            shown_partnerships=len(partnerships),
        )
    )
    st.caption(t("map.howto"))
with panel_col:
    selection = state.current()
    if selection and selection.kind == "place" and catalog.place(selection.id):
        cards.place_card(catalog, catalog.place(selection.id), lang)
    elif selection and selection.kind == "partnership" and catalog.partnership(selection.id):
        cards.partnership_card(catalog, catalog.partnership(selection.id), lang)
    else:
        st.info(t("panel.empty"), icon=":material/touch_app:")
    if selection:
        st.button(t("panel.clear"), on_click=state.clear, key="clear-selection")

with st.sidebar:
    st.subheader(t("filters.title"), anchor=False)
    # Pills, not a multiselect: they share the language switch's already loaded widget code,
    # where a multiselect makes the browser fetch and mount its own bundle before the map draws.
    st.pills(
        t("filters.category"),
        CATEGORIES,
        selection_mode="multi",
        format_func=lambda c: t(f"category.{c}"),
        key="f_categories",
    )
    st.selectbox(
        t("filters.partnership"),
        [None] + [p.id for p in catalog.partnerships],
        format_func=lambda pid: t("filters.all") if pid is None else catalog.partnership(pid).name.get(lang),
        key="f_partnership",
    )
    st.text_input(t("filters.search"), key="f_query", max_chars=QUERY_MAX, placeholder=t("filters.search_hint"))
    st.checkbox(t("calendar.filter_upcoming", days=UPCOMING_DAYS), key="f_upcoming")

lists.list_view(catalog, places, partnerships, lang, soon)
