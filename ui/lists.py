"""The accessible list view: everything the map offers, reachable by keyboard, a page at a time.

One button per entry keeps keyboard selection simple; paging keeps the page light however many
places there are (the browser draws PAGE_SIZE buttons per tab, not a thousand).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import streamlit as st

from geo.catalog import Catalog, Place
from geo.escape import markdown_text as md
from geo.models import Partnership
from ui import state
from ui.cards import accuracy_text
from ui.i18n import t

PAGE_SIZE = 15


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
        _paged(
            "places",
            places,
            lambda p: (
                f"{md(p.props.name)} · {t(f'kind.{p.props.kind}')} · {accuracy_text(p, lang)}"
                + (f" · :material/event: {t('calendar.upcoming_mark')}" if p.id in soon else "")
            ),
            lambda p: ("place", p.id, f"list-place-{p.id}"),
        )
    with tab_partnerships:
        _paged(
            "pships",
            partnerships,
            lambda p: f"{md(p.name.get(lang))} · {t(f'category.{p.category}')}",
            lambda p: ("partnership", p.id, f"list-pship-{p.id}"),
        )


def page_count(n_items: int, size: int = PAGE_SIZE) -> int:
    return max(1, math.ceil(n_items / size))


def _paged(name: str, items: Sequence, label: Callable, target: Callable) -> None:
    if not items:
        st.caption(t("list.none"))
        return
    key = f"list_page_{name}"
    pages = page_count(len(items))
    page = min(max(int(st.session_state.get(key, 0)), 0), pages - 1)
    st.session_state[key] = page
    for item in items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
        kind, item_id, button_key = target(item)
        st.button(label(item), key=button_key, on_click=state.select, args=(kind, item_id), width="stretch")
    if pages > 1:
        back, where, forward = st.columns([1, 2, 1], vertical_alignment="center")
        back.button(
            t("mappage.list_prev"),
            key=f"{key}_prev",
            on_click=_turn,
            args=(key, -1),
            disabled=page == 0,
            icon=":material/chevron_left:",
        )
        where.caption(t("mappage.list_page", page=page + 1, pages=pages))
        forward.button(
            t("mappage.list_next"),
            key=f"{key}_next",
            on_click=_turn,
            args=(key, 1),
            disabled=page >= pages - 1,
            icon=":material/chevron_right:",
        )


def _turn(key: str, step: int) -> None:
    st.session_state[key] = int(st.session_state.get(key, 0)) + step
