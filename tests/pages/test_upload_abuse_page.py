"""The candidate page under the upload probe (issue 12, M3): a tangled drawing or file is refused
with a clear message, and a rerun does not check the same content again."""

from __future__ import annotations

import json

import pytest
import streamlit as st

from tests.hostile import crossing_strokes
from tests.pages.kit import logged_in
from ui import staff as staff_ui

TANGLE = json.loads(crossing_strokes())["features"][0]["geometry"]


@pytest.fixture
def checks(monkeypatch):
    """Counts the real checks behind the content-hash cache (emptied first)."""
    st.cache_data.clear()
    calls = []
    real = staff_ui.read_candidate_upload

    def counting(data, filename, **kwargs):
        calls.append(filename)
        return real(data, filename, **kwargs)

    monkeypatch.setattr(staff_ui, "read_candidate_upload", counting)
    return calls


def test_drawn_tangle_is_refused_once_and_remembered(fake_map, account, checks):
    at = logged_in()
    at.switch_page("app_pages/staff_candidates.py").run()
    fake_map.value = {"all_drawings": [{"type": "Feature", "geometry": TANGLE, "properties": {}}]}
    at.run()
    assert not at.exception
    assert "Filen blev ikke brugt" in "\n".join(e.value for e in at.error)
    assert any("krydser sig selv mere end 50 gange" in m.value for m in at.markdown)
    at.run()
    at.run()
    assert len(checks) == 1  # parsed once; reruns hit the content-hash cache
    assert "staff_cand_draw_save" not in [b.key for b in at.button]
