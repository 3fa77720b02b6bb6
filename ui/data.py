"""Cached access to the static data: loaded once per process and data folder."""

from __future__ import annotations

import streamlit as st

from geo.assets import assets_installed, install_assets
from geo.catalog import Catalog, data_dir, load_catalog, places_frame


@st.cache_resource(show_spinner=False)
def _catalog_for(directory: str) -> Catalog:
    return load_catalog(directory)


def catalog() -> Catalog:
    """The validated catalogue of the configured data folder (shared, read-only)."""
    return _catalog_for(str(data_dir()))


@st.cache_data(show_spinner=False)
def _frame_for(directory: str, version: str):
    return places_frame(_catalog_for(directory))


def places():
    """Places as a GeoDataFrame (EPSG:4326) with area_ha; a fresh copy per call."""
    cat = catalog()
    return _frame_for(str(data_dir()), cat.version)


@st.cache_resource(show_spinner=False)
def ensure_assets() -> bool:
    """Copy Leaflet into static/vendor once per process if the set-up step did not."""
    if not assets_installed():
        install_assets()
    return True
