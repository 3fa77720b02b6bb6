"""The selected place on a map: its highlight layer and the view that frames it.

The highlight is a separate feature group (handed to ``st_folium`` as ``feature_group_to_add``),
so selecting another place never changes the base map built by :mod:`geo.maps`.
"""

from __future__ import annotations

import folium
from shapely.geometry import mapping

from geo.catalog import Place
from geo.layers import uncertainty_circle
from geo.style import SELECTED_STYLE


def selection_layer(place: Place | None) -> folium.FeatureGroup:
    """The highlight of the selected place (outline plus its circle of uncertainty)."""
    group = folium.FeatureGroup(name="selection", control=False)
    if place is None or place.geometry is None:
        return group
    folium.GeoJson(
        mapping(uncertainty_circle(place) if place.geometry.geom_type == "Point" else place.geometry),
        style_function=lambda _f: SELECTED_STYLE,
        interactive=False,
    ).add_to(group)
    return group


def selection_view(place: Place | None) -> tuple[tuple[float, float] | None, int | None]:
    """Centre (lat, lon) and zoom that frame a place; (None, None) when nothing is mapped."""
    if place is None or place.geometry is None:
        return None, None
    centre = place.geometry.centroid
    radius = max(float(place.props.accuracy_m or 0), 100.0)
    minx, miny, maxx, maxy = place.geometry.bounds
    span_deg = max(maxx - minx, maxy - miny, radius / 50_000)
    zoom = 17 if span_deg < 0.003 else 16 if span_deg < 0.006 else 15 if span_deg < 0.012 else 14
    return (round(centre.y, 6), round(centre.x, 6)), zoom
