"""Fixtures of the AppTest page tests: an isolated app on a small data folder, the map component
faked, and the npm-installed map tools present whether or not npm ran here.

Helpers that are not fixtures are in kit.py; the data folder is described in pagedata.py.
"""

from __future__ import annotations

import functools
from unittest import mock

import pytest
import streamlit as st
from argon2 import PasswordHasher
from streamlit.delta_generator import DeltaGenerator

from geo import maps
from geo import staff as staff_accounts
from tests.pages.kit import PASSWORD
from tests.pages.pagedata import write_page_data
from ui import staff as staff_ui


@pytest.fixture(scope="session")
def page_data_dir(tmp_path_factory):
    """One data folder for the whole session: ui.data caches per folder, and AppTest shares the process."""
    return write_page_data(tmp_path_factory.mktemp("pages") / "data")


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path, monkeypatch, page_data_dir):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/pages.sqlite3")
    monkeypatch.setenv("GLADSAXE_STAFF_FILE", str(tmp_path / "staff.json"))
    monkeypatch.setenv("GLADSAXE_TILES", "none")
    monkeypatch.setenv("GLADSAXE_DATA_DIR", str(page_data_dir))


@pytest.fixture(autouse=True)
def npm_assets(monkeypatch):
    """Leaflet.draw and Leaflet.Locate (from npm) count as installed, whether or not npm ran here.

    The pages only ask whether they are there; a test of the fallback calls ``npm_assets(False)``.
    """

    def installed(present: bool) -> None:
        monkeypatch.setattr(staff_ui, "draw_installed", lambda: present)
        monkeypatch.setattr(maps, "locate_installed", lambda: present)

    installed(True)
    return installed


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch):
    """argon2id with tiny costs: the same code path in milliseconds."""
    monkeypatch.setattr(
        staff_accounts.passwords, "make_hasher", lambda: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
def account():
    staff_accounts.add_or_reset("anna", PASSWORD)
    return "anna"


class FakeMap:
    """Stands in for streamlit_folium.st_folium; records calls and returns a set value.

    A new value is handed over as the component does: copied to ``st.session_state[key]`` and
    ``on_change`` called (here during the run rather than just before it). ``maps`` holds the
    folium maps it was given, to check what they carry.
    """

    def __init__(self):
        self.value = None
        self.calls = []
        self.maps = []
        self._delivered = None

    def __call__(self, fmap, **kwargs):
        self.calls.append(kwargs)
        self.maps.append(fmap)
        if self.value is not None and self.value != self._delivered and kwargs.get("on_change"):
            self._delivered = self.value
            st.session_state[kwargs["key"]] = self.value
            kwargs["on_change"]()
        return self.value


@pytest.fixture
def fake_map():
    fake = FakeMap()
    with mock.patch("streamlit_folium.st_folium", fake):
        yield fake


@pytest.fixture
def nav_paths():
    """Records the url_paths of every page list passed to st.navigation."""
    seen: list[set[str]] = []
    real = st.navigation

    def recording(pages, *args, **kwargs):
        seen.append({p.url_path for p in pages})
        return real(pages, *args, **kwargs)

    with mock.patch("streamlit.navigation", recording):
        yield seen


@pytest.fixture
def downloads():
    """Records the bytes of every download button (``st.`` or in a column), by file name.

    A button may be given a callable that makes the bytes only when clicked; it is called here.
    """
    served: dict[str, bytes] = {}
    real = DeltaGenerator.download_button

    def recording(self, label, data, file_name=None, *args, **kwargs):
        served[file_name] = data() if callable(data) else data
        return real(self, label, data, file_name, *args, **kwargs)

    main = functools.partial(recording, st._main)
    with mock.patch.object(DeltaGenerator, "download_button", recording), mock.patch("streamlit.download_button", main):
        yield served
