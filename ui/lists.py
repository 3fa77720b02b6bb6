"""The accessible list view: everything the map offers, reachable by keyboard."""

from __future__ import annotations

import streamlit as st

from geo.catalog import Catalog, Place
from geo.escape import markdown_text as md
from geo.models import Partnership
from ui import state
from ui.cards import accuracy_text
from ui.i18n import t


def list_view(
    catalog: Catalog,
    places: list[Place],
    partnerships: list[Partnership],
    lang: str,
    soon: frozenset[str] = frozenset(),
) -> None:
    """``soon``: ids of places with a calendar event in the next 30 days, marked in the list."""
    st.subheader(t("list.title"), anchor=False)
    st.caption(t("list.intro"))
    tab_places, tab_partnerships = st.tabs(
        [t("list.places", n=len(places)), t("list.partnerships", n=len(partnerships))]
    )
    with tab_places:
        if not places:
            st.caption(t("list.none"))
        for place in places:
            kind = t(f"kind.{place.props.kind}")
            mark = f" · :material/event: {t('calendar.upcoming_mark')}" if place.id in soon else ""
            st.button(
                f"{md(place.props.name)} · {kind} · {accuracy_text(place, lang)}{mark}",
                key=f"list-place-{place.id}",
                on_click=state.select,
                args=("place", place.id),
                width="stretch",
            )
    with tab_partnerships:
        if not partnerships:
            st.caption(t("list.none"))
        for item in partnerships:
            st.button(
                f"{md(item.name.get(lang))} · {t(f'category.{item.category}')}",
                key=f"list-pship-{item.id}",
                on_click=state.select,
                args=("partnership", item.id),
                width="stretch",
            )
