"""Where Gladsaxe is: the check that a position is plausibly inside the municipality.

The bounding box W 12.416, S 55.717, E 12.521, N 55.777 is that of the DAGI 1:500 000
municipal outline (Geodatastyrelsen). That outline is generalised by up to a few hundred
metres, so the check allows a margin rather than pretending to a precise boundary.
"""

from __future__ import annotations

from functools import cache

from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from geo.crs import geom_to_display, geom_to_metric

GLADSAXE_BBOX = (12.416, 55.717, 12.521, 55.777)  # W, S, E, N in EPSG:4326
MARGIN_M = 500.0


@cache
def gladsaxe_area_metric() -> BaseGeometry:
    """The Gladsaxe bounding box grown by MARGIN_M, in EPSG:25832 (built once; shapes are immutable)."""
    return geom_to_metric(box(*GLADSAXE_BBOX)).buffer(MARGIN_M, join_style="mitre")


def gladsaxe_area_display() -> BaseGeometry:
    """The same area as :func:`gladsaxe_area_metric`, in EPSG:4326."""
    return geom_to_display(gladsaxe_area_metric())


def envelope_inside_gladsaxe(minx: float, miny: float, maxx: float, maxy: float) -> bool:
    """True when an EPSG:25832 box lies within the bounding box of the Gladsaxe area (with margin).

    A cheap first test: whatever passes :func:`inside_gladsaxe` passes this one too.
    """
    west, south, east, north = gladsaxe_area_metric().bounds
    return west <= minx and south <= miny and maxx <= east and maxy <= north


def inside_gladsaxe(geom_lonlat: BaseGeometry) -> bool:
    """True when a lon/lat geometry lies wholly within the Gladsaxe area (with margin)."""
    return gladsaxe_area_metric().covers(geom_to_metric(geom_lonlat))


def inside_gladsaxe_lonlat(lon: float, lat: float) -> bool:
    """True when the point (lon, lat) lies within the Gladsaxe area (with margin)."""
    return inside_gladsaxe(Point(lon, lat))
