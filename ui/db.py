"""The storage connection for the app: one per process and database URL."""

from __future__ import annotations

import streamlit as st

from geo.storage import Storage, database_url


@st.cache_resource(show_spinner=False)
def _storage_for(url: str) -> Storage:
    return Storage(url)


def storage() -> Storage:
    """The configured storage; raises StorageUnavailable (not cached) if it can't be reached."""
    return _storage_for(database_url())
