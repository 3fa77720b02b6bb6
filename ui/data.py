"""Cached access to the data: the shipped files (once per process) with staff corrections on top.

Position corrections live in the database. Their newest ids are read at most every
CORRECTIONS_TTL_S seconds (one small query) and form part of the cache key, so a saved
correction shows on the public map at once in this process (:func:`corrections_changed`
clears the read) and within CORRECTIONS_TTL_S in any other process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from geo.assets import STATIC_DIR, assets_installed, install_assets
from geo.catalog import PLACES_FILE, Catalog, data_dir, places_frame
from geo.corrections import apply_corrections, corrections_stamp
from geo.export import places_geojson
from geo.gardens import gardens_feature_collection
from geo.layers import digest, places_collection, write_layer
from geo.loading import load_catalog
from geo.provenance import Provenance, load_datasets
from geo.provenance import attribution as attribution_of
from geo.records import Correction
from geo.storage import StorageUnavailable, database_url
from ui.db import storage
from ui.i18n import t

CORRECTIONS_TTL_S = 60


@st.cache_resource(show_spinner=False)
def _catalog_for(directory: str) -> Catalog:
    return load_catalog(Path(directory))


@st.cache_data(ttl=CORRECTIONS_TTL_S, show_spinner=False)
def _latest_corrections(url: str) -> dict[str, Correction]:
    try:
        return storage().latest_corrections()
    except StorageUnavailable:
        return {}  # the public map must still work when the database is away


@st.cache_resource(show_spinner=False, max_entries=4)
def _corrected_for(directory: str, stamp: str, _corrections: dict[str, Correction]) -> Catalog:
    notes = {lang: t("staff.correction.public_note", lang) for lang in ("da", "en")}
    return apply_corrections(_catalog_for(directory), _corrections, notes)


def shipped_catalog() -> Catalog:
    """The catalogue exactly as shipped in the data folder, without corrections."""
    return _catalog_for(str(data_dir()))


def catalog() -> Catalog:
    """The validated catalogue with the newest position corrections applied (shared, read-only)."""
    corrections = _latest_corrections(database_url())
    return _corrected_for(str(data_dir()), corrections_stamp(corrections), corrections)


def corrections_changed() -> None:
    """Call after saving a correction: the next :func:`catalog` reads them again."""
    _latest_corrections.clear()


@st.cache_data(ttl=CORRECTIONS_TTL_S, show_spinner=False)
def _gardens(url: str) -> dict:
    try:
        points = storage().approved_garden_points()
    except StorageUnavailable:
        points = []
    return gardens_feature_collection(points)


def approved_gardens() -> dict:
    """Joined private gardens as anonymous 100 m cell centres: a GeoJSON FeatureCollection
    (EPSG:4326) whose features carry only ``{"kind": "approved_garden"}``."""
    return _gardens(database_url())


def gardens_changed() -> None:
    """Call after a sign-up's status changes or it is deleted."""
    _gardens.clear()
    _gardens_file.clear()


STATIC_URL = "/app/static/"


@st.cache_resource(show_spinner=False, max_entries=4)
def _places_file(version: str, _catalog: Catalog) -> str:
    return STATIC_URL + write_layer(STATIC_DIR, "places", version, places_collection(_catalog))


def places_layer_url() -> str:
    """URL of the static GeoJSON file with every mapped place, written once per data version."""
    cat = catalog()
    return _places_file(cat.version, cat)


@st.cache_data(ttl=CORRECTIONS_TTL_S, show_spinner=False)
def _gardens_file(url: str) -> str | None:
    collection = _gardens(url)
    if not collection["features"]:
        return None
    return STATIC_URL + write_layer(STATIC_DIR, "gardens", digest(collection), collection)


def gardens_layer_url() -> str | None:
    """URL of the static file of anonymous approved-garden cells (None when there are none)."""
    return _gardens_file(database_url())


@st.cache_data(show_spinner=False, max_entries=4)
def _frame_for(directory: str, version: str, _catalog: Catalog):
    return places_frame(_catalog)


def places():
    """Places as a GeoDataFrame (EPSG:4326) with area_ha; a fresh copy per call."""
    cat = catalog()
    return _frame_for(str(data_dir()), cat.version, cat)


@dataclass(frozen=True)
class Figures:
    areas: int  # Vild Med Vilje areas


@st.cache_resource(show_spinner=False, max_entries=4)
def _figures_for(directory: str, version: str, _catalog: Catalog) -> Figures:
    return Figures(sum(p.props.kind == "green_area" for p in _catalog.places))


def figures() -> Figures:
    """The map page's counts, computed once per data version (not on every run)."""
    cat = catalog()
    return _figures_for(str(data_dir()), cat.version, cat)


@st.cache_resource(show_spinner=False)
def _datasets_for(directory: str) -> Provenance:
    return load_datasets(Path(directory))


def datasets() -> Provenance:
    """The description of every data file (``datasets.yaml``), checked against the folder once per process."""
    return _datasets_for(str(data_dir()))


def attribution(lang: str, files: tuple[str, ...] | None = None) -> str:
    """Plain-text credit for the data files (all, or those named), in ``lang``; escape it where it goes."""
    return attribution_of(datasets(), lang, files)


@st.cache_data(show_spinner=False, max_entries=8)
def _places_geojson_for(directory: str, version: str, lang: str, _catalog: Catalog) -> bytes:
    return places_geojson(_catalog, attribution(lang, (PLACES_FILE,)))


def public_places_geojson(lang: str) -> bytes:
    """The places the map shows (staff corrections applied) as GeoJSON bytes (EPSG:4326),
    with the data attribution as a top-level ``attribution`` member."""
    cat = catalog()
    return _places_geojson_for(str(data_dir()), cat.version, lang, cat)


@st.cache_resource(show_spinner=False)
def ensure_assets() -> bool:
    """Copy Leaflet into static/vendor once per process if the set-up step did not."""
    if not assets_installed():
        install_assets()
    return True
