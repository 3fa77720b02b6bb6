"""Server-side cost of the public map, timed in this process (no browser, no Streamlit server).

    .venv/bin/python -m bench.serverside [DATA_DIR [DATABASE_URL]]

Times the steps a script run of ``/`` goes through for the map, with the same data: reading
the approved gardens (cached for 60 s by the app) and their cache_data copy, loading the
catalogue (cached once per process), the places frame and its area sum (cache_data copy and
reprojection on every run), ``geo.maps.build_map``, and what ``st_folium`` does with the map
on every run (render the figure, generate the Leaflet JS, hash it).
"""

from __future__ import annotations

import inspect
import pickle
import statistics
import sys
import time
from pathlib import Path

import streamlit_folium as sf

from geo.catalog import places_frame
from geo.gardens import gardens_feature_collection
from geo.loading import load_catalog
from geo.maps import MapTexts, TileConfig, build_map
from geo.measures import total_area_ha
from geo.models import CATEGORIES
from geo.storage import Storage

REPEATS = 3
TEXTS = MapTexts(
    wildness={k: k for k in ("helt", "delvist", "ukendt")},
    categories={c: c for c in CATEGORIES},
    approximate="omtrentlig",
    legend_title="Signaturer",
    zoom_in="Zoom ind",
    zoom_out="Zoom ud",
)


def _best_of(fn, repeats: int = REPEATS) -> tuple[float, object]:
    """Median ms of ``repeats`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def st_folium_render(fmap) -> str:
    """What streamlit_folium.st_folium does with a map on every call, minus sending it."""
    fmap.get_root().render()
    fmap.render()
    sf._get_html(fmap)
    sf._get_header(fmap)
    leaflet = sf._get_map_string(fmap)
    sf.generate_js_hash(leaflet, "public_map", False)
    return leaflet


def _gardens(database_url: str | None) -> tuple[float, float, dict | None]:
    """ms to read the approved gardens, ms for a cache_data copy of them, and the collection."""
    if not database_url:
        return 0.0, 0.0, None
    storage = Storage(database_url)
    try:
        read_ms, collection = _best_of(lambda: gardens_feature_collection(storage.approved_garden_points()), 1)
    finally:
        storage.close()
    copy_ms, _ = _best_of(lambda: pickle.loads(pickle.dumps(collection)))
    return read_ms, copy_ms, collection


def profile(data_dir: Path | None = None, database_url: str | None = None) -> dict:
    """Median ms per step and the size of the generated Leaflet JS for the data in ``data_dir``.

    With ``database_url``, the approved gardens stored there are read and drawn too (when the
    map builder takes them).
    """
    gardens_ms, gardens_copy_ms, gardens = _gardens(database_url)
    extra = {"gardens": gardens} if gardens and "gardens" in inspect.signature(build_map).parameters else {}
    load_ms, catalog = _best_of(lambda: load_catalog(data_dir), repeats=1)
    frame_ms, frame = _best_of(lambda: places_frame(catalog))
    copy_ms, _ = _best_of(lambda: pickle.loads(pickle.dumps(frame)))
    wild = frame[(frame["kind"] == "green_area") & (frame.geom_type != "Point")]
    area_ms, _ = _best_of(lambda: total_area_ha(wild))
    visible = frozenset(p.id for p in catalog.places)
    tiles = TileConfig(None, "")
    build_ms, fmap = _best_of(lambda: build_map(catalog, visible, TEXTS, tiles, **extra))
    render_ms, leaflet = _best_of(lambda: st_folium_render(build_map(catalog, visible, TEXTS, tiles, **extra)))
    return {
        "places": len(catalog.places),
        "problems": len(catalog.problems),
        "garden_points_drawn": len(gardens["features"]) if extra else 0,
        "read_gardens_ms": round(gardens_ms, 1),
        "gardens_cache_copy_ms": round(gardens_copy_ms, 1),
        "load_catalog_ms": round(load_ms, 1),
        "places_frame_ms": round(frame_ms, 1),
        "cache_copy_ms": round(copy_ms, 1),
        "area_sum_ms": round(area_ms, 1),
        "build_map_ms": round(build_ms, 1),
        "build_and_st_folium_render_ms": round(render_ms, 1),
        "leaflet_js_bytes": len(leaflet.encode()),
    }


def rows(label: str, prof: dict) -> list[tuple]:
    keys = (
        "read_gardens_ms",
        "gardens_cache_copy_ms",
        "load_catalog_ms",
        "places_frame_ms",
        "cache_copy_ms",
        "area_sum_ms",
        "build_map_ms",
        "build_and_st_folium_render_ms",
        "leaflet_js_bytes",
        "garden_points_drawn",
    )
    return [(label, key, prof[key]) for key in keys]


def main() -> None:
    from bench.harness import table

    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    prof = profile(directory, sys.argv[2] if len(sys.argv) > 2 else None)
    print(table(rows(str(directory or "data/"), prof), ("data", "step", "median")))


if __name__ == "__main__":
    main()
