"""Server-side cost of the public map, timed in this process (no browser, no Streamlit server).

    .venv/bin/python -m bench.serverside [DATA_DIR]

Times the steps a script run of ``/`` goes through for the map, with the same data:
loading the catalogue (cached once per process by the app), the places frame and its area sum
(cache_data copy + reprojection on every run), ``geo.maps.build_map``, and what ``st_folium``
does with the map on every run (render the figure, generate the Leaflet JS, hash it).
"""

from __future__ import annotations

import pickle
import statistics
import sys
import time
import warnings
from pathlib import Path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import streamlit_folium as sf

from geo.catalog import load_catalog, places_frame
from geo.maps import MapTexts, TileConfig, build_map
from geo.measures import total_area_ha
from geo.models import CATEGORIES

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


def profile(data_dir: Path | None = None) -> dict:
    """Median ms per step and the size of the generated Leaflet JS for the data in ``data_dir``."""
    load_ms, catalog = _best_of(lambda: load_catalog(data_dir), repeats=1)
    frame_ms, frame = _best_of(lambda: places_frame(catalog))
    copy_ms, _ = _best_of(lambda: pickle.loads(pickle.dumps(frame)))
    wild = frame[(frame["kind"] == "green_area") & (frame.geom_type != "Point")]
    area_ms, _ = _best_of(lambda: total_area_ha(wild))
    visible = frozenset(p.id for p in catalog.places)
    tiles = TileConfig(None, "")
    build_ms, fmap = _best_of(lambda: build_map(catalog, visible, TEXTS, tiles))
    render_ms, leaflet = _best_of(lambda: st_folium_render(build_map(catalog, visible, TEXTS, tiles)))
    return {
        "places": len(catalog.places),
        "problems": len(catalog.problems),
        "load_catalog_ms": round(load_ms, 1),
        "places_frame_ms": round(frame_ms, 1),
        "cache_copy_ms": round(copy_ms, 1),
        "area_sum_ms": round(area_ms, 1),
        "build_map_ms": round(build_ms, 1),
        "build_and_st_folium_render_ms": round(render_ms, 1),
        "leaflet_js_bytes": len(leaflet.encode()),
    }


def rows(label: str, prof: dict) -> list[tuple]:
    keys = ("load_catalog_ms", "places_frame_ms", "cache_copy_ms", "area_sum_ms", "build_map_ms",
            "build_and_st_folium_render_ms", "leaflet_js_bytes")
    return [(label, key, prof[key]) for key in keys]


def main() -> None:
    from bench.harness import table

    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    prof = profile(directory)
    print(table(rows(str(directory or "data/"), prof), ("data", "step", "median")))


if __name__ == "__main__":
    main()
