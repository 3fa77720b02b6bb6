"""geo.staffmap: the staff map's layers, rendered by folium, with staff-typed text kept as text."""

from __future__ import annotations

from datetime import UTC, datetime

import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point, box, mapping

from geo.connectivity import ZONE_DISTANCES_M
from geo.records import Candidate
from geo.staffmap import DRAW_OPTIONS, ZONE_STYLE_BY_M, add_drawing, candidates_layer, preview_layer, zones_layer
from geo.style import CANDIDATE_STYLES, PREVIEW_STYLE

AREA = box(12.49, 55.749, 12.493, 55.751)  # EPSG:4326, inside Gladsaxe


def rendered(*layers) -> str:
    fmap = folium.Map(location=(55.75, 12.49), zoom_start=14, tiles=None)
    for layer in layers:
        layer.add_to(fmap)
    return fmap.get_root().render()


def geojson_children(group: folium.FeatureGroup) -> list:
    return [c for c in group._children.values() if isinstance(c, folium.GeoJson)]


def candidate(name: str, status: str = "candidate") -> Candidate:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    return Candidate(1, name, mapping(AREA), status, "", "anna", now, now)


def test_zones_are_drawn_widest_first_with_their_own_style():
    zones = gpd.GeoDataFrame(
        {"distance_m": list(ZONE_DISTANCES_M)},
        geometry=[Point(12.49, 55.75).buffer(0.001 * (i + 1)) for i in range(len(ZONE_DISTANCES_M))],
        crs="EPSG:4326",
    )
    group = zones_layer(zones)
    children = geojson_children(group)
    assert len(children) == len(ZONE_DISTANCES_M)
    widest_first = sorted(ZONE_DISTANCES_M, reverse=True)
    styles = [c.style_function(None) for c in children]
    assert styles == [ZONE_STYLE_BY_M[d] for d in widest_first]


def test_empty_zones_are_left_out():
    zones = gpd.GeoDataFrame({"distance_m": [ZONE_DISTANCES_M[0]]}, geometry=[Point(0, 0).buffer(0)], crs="EPSG:4326")
    assert geojson_children(zones_layer(zones)) == []


def test_candidate_names_are_escaped_and_styled_by_status():
    hostile = '<img src=x onerror="alert(1)">'
    group = candidates_layer([candidate(hostile, "planned")], {"planned": "planlagt"})
    [child] = geojson_children(group)
    assert child.style_function(None) == CANDIDATE_STYLES["planned"]
    html = rendered(group)
    assert "<img src=x" not in html
    labels = [f["properties"]["label"] for f in child.data.get("features", [child.data])]
    assert labels == ["&lt;img src=x onerror=&quot;alert(1)&quot;&gt; (planlagt)"]


def test_an_unknown_status_is_drawn_as_a_candidate():
    [child] = geojson_children(candidates_layer([candidate("X", "odd")], {}))
    assert child.style_function(None) == CANDIDATE_STYLES["candidate"]


def test_a_point_preview_is_a_marker_and_an_area_an_outline():
    point = preview_layer({"type": "Point", "coordinates": [12.49, 55.75]})
    [marker] = [c for c in point._children.values() if isinstance(c, folium.CircleMarker)]
    assert marker.location == [55.75, 12.49]  # folium takes (lat, lon)
    [outline] = geojson_children(preview_layer(mapping(AREA)))
    assert outline.style_function(None) == PREVIEW_STYLE


def test_no_preview_is_an_empty_layer():
    assert list(preview_layer(None)._children) == []


def test_a_broken_preview_geometry_is_refused():
    with pytest.raises(ValueError):
        preview_layer({"type": "Polygon", "coordinates": "nonsense"})


def test_drawing_offers_only_areas_and_carries_its_texts():
    fmap = add_drawing(
        folium.Map(location=(55.75, 12.49), tiles=None), {"draw.toolbar.buttons.polygon": "Tegn </script>"}
    )
    html = fmap.get_root().render()
    assert DRAW_OPTIONS["polygon"] and DRAW_OPTIONS["rectangle"]
    assert not any(DRAW_OPTIONS[k] for k in ("polyline", "circle", "marker", "circlemarker"))
    assert "Tegn" in html and "Tegn </script>" not in html  # the texts are script-safe JSON
