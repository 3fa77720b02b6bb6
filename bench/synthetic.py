"""Synthetic load for the scale benchmark: extra green areas and approved gardens in Gladsaxe.

Everything is drawn from one seeded generator, so a run is repeatable. Shapes are made in
metres (EPSG:25832) and converted to EPSG:4326 once, like the real data. The shipped data is
copied, never edited. Nothing synthetic is placed near the place the benchmark clicks, so
the click still lands on it.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import shutil
from datetime import date
from pathlib import Path

import shapely
from shapely.geometry import Point, Polygon, box, mapping
from shapely.strtree import STRtree

import geo.signup as signup_module
import geo.storage.schema as schema_module
import geo.storage.signups as signup_store_module
from geo.bounds import GLADSAXE_BBOX
from geo.catalog import PLACES_FILE, data_dir
from geo.crs import geom_to_display, geom_to_metric
from geo.loading import load_catalog
from geo.signup import SignupIn
from geo.storage import Storage

SEED = 20261126
INSET_M = 150  # keep shapes this far inside the Gladsaxe box
KEEP_CLEAR_M = 300  # around the benchmark's click target, nothing synthetic


def _metric_box():
    minx, miny, maxx, maxy = geom_to_metric(box(*GLADSAXE_BBOX)).bounds
    return minx + INSET_M, miny + INSET_M, maxx - INSET_M, maxy - INSET_M


def _blob(rng: random.Random, x: float, y: float) -> Polygon:
    """A small star-shaped (hence valid) polygon of 8–24 vertices, 20–80 m across its radius."""
    radius = rng.uniform(20, 80)
    n = rng.randint(8, 24)
    step = 2 * math.pi / n
    angles = [k * step + rng.uniform(-0.3, 0.3) * step for k in range(n)]  # strictly increasing
    return Polygon(
        [
            (x + radius * rng.uniform(0.6, 1.0) * math.cos(a), y + radius * rng.uniform(0.6, 1.0) * math.sin(a))
            for a in angles
        ]
    )


def _props(i: int, wildness: str) -> dict:
    text = {"da": "Syntetisk område til ydelsesmåling.", "en": "Synthetic area for benchmarking."}
    return {
        "id": f"syntetisk-omraade-{i:04d}",
        "name": f"Syntetisk område {i}",
        "kind": "green_area",
        "partnership_ids": ["vild-med-vilje"],
        "accuracy_m": 25,
        "position_grade": "C",
        "position_note": text,
        "geometry_kind": "schematic_outline",
        "sources": ["https://example.org/gladsaxe-bench"],
        "updated": date.today().isoformat(),
        "description": text,
        "wildness": wildness,
        "wildness_note": text,
        "measures": [],
    }


def green_areas(count: int, keep_clear: list, rng: random.Random) -> list[dict]:
    """``count`` GeoJSON features that overlap neither each other nor ``keep_clear`` (metric)."""
    minx, miny, maxx, maxy = _metric_box()
    blocked = STRtree(keep_clear) if keep_clear else None
    placed: dict[tuple[int, int], list[Polygon]] = {}  # by 200 m cell; a blob is < 160 m across
    features = []
    while len(features) < count:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        shape = _blob(rng, x, y)
        if not shape.is_valid or (blocked is not None and len(blocked.query(shape, predicate="intersects"))):
            continue
        cx, cy = int(x // 200), int(y // 200)
        near = [p for dx in (-1, 0, 1) for dy in (-1, 0, 1) for p in placed.get((cx + dx, cy + dy), [])]
        if any(shape.intersects(other) for other in near):
            continue
        lonlat = shapely.set_precision(geom_to_display(shape), 1e-6)
        if not lonlat.is_valid or lonlat.is_empty:
            continue
        placed.setdefault((cx, cy), []).append(shape)
        wildness = rng.choice(("helt", "delvist", "ukendt"))
        features.append({"type": "Feature", "geometry": mapping(lonlat), "properties": _props(len(features), wildness)})
    return features


def keep_clear_areas(source: Path, clear_id: str) -> list:
    """Existing places (grown by their uncertainty) and a wide margin around ``clear_id``, metric."""
    areas = []
    for place in load_catalog(source).places:
        if place.geometry is None:
            continue
        grow = KEEP_CLEAR_M if place.id == clear_id else max(float(place.props.accuracy_m or 0), 50.0)
        areas.append(geom_to_metric(place.geometry).buffer(grow))
    return areas


def data_folder(target: Path, extra_areas: int, clear_id: str, seed: int = SEED) -> dict:
    """Copy the shipped data to ``target`` and append ``extra_areas`` synthetic green areas."""
    source = data_dir()
    shutil.copytree(source, target, dirs_exist_ok=True)
    doc = json.loads((target / PLACES_FILE).read_text(encoding="utf-8"))
    shipped = len(doc["features"])
    doc["features"] += green_areas(extra_areas, keep_clear_areas(source, clear_id), random.Random(seed))
    (target / PLACES_FILE).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    catalog = load_catalog(target)
    if catalog.problems or len(catalog.places) != shipped + extra_areas:
        raise RuntimeError(f"synthetic data did not load cleanly: {[str(p) for p in catalog.problems[:3]]}")
    return {"places": len(catalog.places), "shipped": shipped, "extra_areas": extra_areas, "seed": seed}


def cached_gardens(database_path: Path, count: int, keep_clear: list, cache_dir: Path, seed: int = SEED) -> int:
    """:func:`approved_gardens` into the SQLite file ``database_path``, reusing an earlier run's file.

    The cache key covers the seed, the count, the keep-clear areas and the storage and sign-up
    code, so a schema or rule change builds a fresh database (10,000 saves take ~30-90 s).
    """
    digest = hashlib.sha256(f"{seed}:{count}:{[g.wkb_hex for g in keep_clear]}".encode())
    for module in (schema_module, signup_store_module, signup_module):
        digest.update(Path(module.__file__).read_bytes())
    cached = cache_dir / f"gardens-{digest.hexdigest()[:16]}.sqlite3"
    if not cached.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        building = cached.with_suffix(".building")
        building.unlink(missing_ok=True)
        approved_gardens(f"sqlite:///{building}", count, keep_clear, seed)
        building.rename(cached)
    database_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, database_path)
    storage = Storage(f"sqlite:///{database_path}")
    try:
        return len(set(storage.approved_garden_points()))
    finally:
        storage.close()


def approved_gardens(database_url: str, count: int, keep_clear: list, seed: int = SEED) -> int:
    """Store ``count`` private-garden sign-ups with a location, mark each one joined.

    Returns the number of distinct 100 m cells they fall in (what a public layer can show).
    """
    rng = random.Random(seed + 1)
    minx, miny, maxx, maxy = _metric_box()
    blocked = STRtree(keep_clear) if keep_clear else None
    storage = Storage(database_url)
    stored = 0
    try:
        while stored < count:
            point = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
            if blocked is not None and len(blocked.query(point, predicate="intersects")):
                continue
            lonlat = geom_to_display(point)
            signup = SignupIn(
                kind="private_garden",
                name=f"Have {stored}",
                email=f"have{stored}@example.org",
                lon=lonlat.x,
                lat=lonlat.y,
                consent=True,
            )
            saved = storage.save_signup(signup, idempotency_key=f"bench-garden-{seed}-{stored}")
            storage.update_status(saved.signup.ref, "joined", "benchmark", "bench")
            stored += 1
        return len(set(storage.approved_garden_points()))  # distinct 100 m cells
    finally:
        storage.close()
