"""Selection and filter state, kept in session state and mirrored in the URL (permalinks)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from geo.catalog import Catalog

KEY = "selection"


@dataclass(frozen=True)
class Selection:
    kind: str  # "place" | "partnership"
    id: str


def init_from_url(catalog: Catalog) -> str | None:
    """Follow ?place= / ?partnership= in the URL; return an id we don't know, for a notice."""
    for kind, lookup in (("place", catalog.place), ("partnership", catalog.partnership)):
        wanted = st.query_params.get(kind)
        if not wanted:
            continue
        if current() == Selection(kind, wanted):
            return None
        if lookup(wanted):
            st.session_state[KEY] = Selection(kind, wanted)
            return None
        return wanted
    return None


def current() -> Selection | None:
    return st.session_state.get(KEY)


def select(kind: str, item_id: str) -> None:
    """Select a place or partnership and put it in the URL so the view can be shared."""
    st.session_state[KEY] = Selection(kind, item_id)
    other = "partnership" if kind == "place" else "place"
    if other in st.query_params:
        del st.query_params[other]
    st.query_params[kind] = item_id


def clear() -> None:
    st.session_state.pop(KEY, None)
    for kind in ("place", "partnership"):
        if kind in st.query_params:
            del st.query_params[kind]
