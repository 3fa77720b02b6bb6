"""AppTest helpers: run the real entry point with the map component faked."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
ENTRY = str(REPO / "dashboard.py")


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/pages.sqlite3")
    monkeypatch.setenv("GLADSAXE_STAFF_FILE", str(tmp_path / "staff.json"))
    monkeypatch.setenv("GLADSAXE_TILES", "none")
    monkeypatch.delenv("GLADSAXE_DATA_DIR", raising=False)


class FakeMap:
    """Stands in for streamlit_folium.st_folium; records calls and returns a set value.

    A new value is handed over as the component does: copied to ``st.session_state[key]`` and
    ``on_change`` called (here during the run rather than just before it).
    """

    def __init__(self):
        self.value = None
        self.calls = []
        self._delivered = None

    def __call__(self, fmap, **kwargs):
        import streamlit as st

        self.calls.append(kwargs)
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


def app(query: dict | None = None, timeout: float = 60) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at


def clicked(place_id: str, count: int = 1) -> dict:
    return {
        "last_active_drawing": {"type": "Feature", "properties": {"id": place_id, "label": place_id}},
        "last_object_clicked_count": count,
    }


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [s.value for s in at.subheader] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)
