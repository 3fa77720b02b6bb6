"""The selected place's highlight and the view that frames it."""

from __future__ import annotations

import pytest

from geo.loading import load_catalog
from geo.selection import selection_layer, selection_view
from tests import builders


def test_selection_layer_and_view(tmp_path):
    catalog = load_catalog(builders.write(tmp_path))
    assert selection_view(None) == (None, None)
    centre, zoom = selection_view(catalog.place("kong-hans-have"))
    assert centre == pytest.approx((55.75, 12.4918), abs=1e-3) and 14 <= zoom <= 17
    group = selection_layer(catalog.place("headspace-gladsaxe"))
    assert len(group._children) == 1
