"""The map's data layers as static files: built once per data version, fetched by the browser.

Embedding every feature in the map's HTML made each script run re-serialise the whole layer
and each page load parse it twice; a file under ``static/layers/`` named after the data
version is written once per process, cached by the browser, and the map itself only names
its URL. Every label is passed through :func:`geo.escape.safe` before it is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
from shapely.geometry import mapping

from geo.catalog import Catalog, Place
from geo.crs import DISPLAY, to_display, to_metric
from geo.escape import safe
from geo.style import CATEGORY_COLOURS, WILDNESS_STYLES

LAYERS_DIRNAME = "layers"
MIN_CIRCLE_M = 30.0
KEEP_FILES = 8  # per kind: older versions are removed so the folder cannot grow without bound


def place_category(catalog: Catalog, place: Place) -> str:
    """A partner site's category: that of its first known partnership (else 'democracy')."""
    for partnership in catalog.partnerships_of(place):
        return partnership.category
    return "democracy"


def layer_key(catalog: Catalog, place: Place) -> str:
    """Which map layer draws a mapped place: ``area-<wildness>``, ``circle-<wildness>`` or ``site-<category>``."""
    if place.props.kind == "green_area":
        shape = "circle" if place.geometry is not None and place.geometry.geom_type == "Point" else "area"
        return f"{shape}-{place.props.wildness}"
    return f"site-{place_category(catalog, place)}"


def layer_keys() -> list[str]:
    """Every layer key in drawing order: outlines, circles of uncertainty, then partner sites."""
    return (
        [f"area-{w}" for w in WILDNESS_STYLES]
        + [f"circle-{w}" for w in WILDNESS_STYLES]
        + [f"site-{c}" for c in CATEGORY_COLOURS]
    )


def uncertainty_circles(points, radii_m) -> list:
    """Circles (EPSG:4326 polygons) around EPSG:4326 points, buffered by ``radii_m`` metres in EPSG:25832."""
    if len(points) == 0:
        return []
    series = gpd.GeoSeries(list(points), crs=DISPLAY)
    radii = np.maximum(np.asarray(radii_m, dtype=float), MIN_CIRCLE_M)
    return list(to_display(to_metric(series).buffer(radii, quad_segs=16)))


def uncertainty_circle(place: Place):
    """The circle (EPSG:4326 polygon) within which a point place truly lies, buffered in metres."""
    return uncertainty_circles([place.geometry], [float(place.props.accuracy_m or 0)])[0]


def places_collection(catalog: Catalog) -> dict:
    """Every mapped place as one GeoJSON FeatureCollection (EPSG:4326).

    Properties: ``id``, ``label`` (escaped name), ``kind`` and ``layer`` (:func:`layer_key`). Green areas
    known only as a point are drawn as their circle of uncertainty.
    """
    mapped = [p for p in catalog.places if p.geometry is not None]
    circled = [
        p for p in mapped if p.props.kind == "green_area" and p.geometry is not None and p.geometry.geom_type == "Point"
    ]
    circles = dict(
        zip(
            (p.id for p in circled),
            uncertainty_circles([p.geometry for p in circled], [float(p.props.accuracy_m or 0) for p in circled]),
            strict=True,
        )
    )
    features = [
        {
            "type": "Feature",
            "geometry": mapping(circles.get(p.id, p.geometry)),
            "properties": {
                "id": p.id,
                "label": safe(p.props.name),
                "kind": p.props.kind,
                "layer": layer_key(catalog, p),
            },
        }
        for p in mapped
    ]
    return {"type": "FeatureCollection", "features": features}


def digest(collection: dict) -> str:
    """A short content hash: the version of a layer file that is not tied to the catalogue."""
    return hashlib.sha256(json.dumps(collection, sort_keys=True).encode()).hexdigest()[:12]


def write_layer(static_dir: Path, kind: str, version: str, collection: dict) -> str:
    """Write ``collection`` to ``<static_dir>/layers/<kind>-<version>.json`` (atomically) and
    return its path relative to ``static_dir``; older files of the same kind beyond the newest
    :data:`KEEP_FILES` are removed."""
    folder = Path(static_dir) / LAYERS_DIRNAME
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{kind}-{version}.json"
    if not target.exists():
        text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    else:
        os.utime(target)  # in use again: newest for pruning
    _prune(folder, kind, keep=target)
    return f"{LAYERS_DIRNAME}/{target.name}"


def _prune(folder: Path, kind: str, keep: Path) -> None:
    files = sorted(folder.glob(f"{kind}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [f for f in files if f != keep][KEEP_FILES - 1 :]:
        old.unlink(missing_ok=True)
