"""Hostile input used across the hostile-input tests: strings that each try to set
window.top.__pwned, and an upload that is cheap to send and costly to check."""

from __future__ import annotations

import json
import random

PAYLOADS = [
    "<script>window.top.__pwned=1</script>",
    '<img src=x onerror="window.top.__pwned=1">',
    "<svg onload=window.top.__pwned=1>",
    "javascript:window.top.__pwned=1",
    "${window.top.__pwned=1}",
    "`+(window.top.__pwned=1)+`",
    "\\`;window.top.__pwned=1;//",
    "[klik](javascript:window.top.__pwned=1)",
    "\u202eevil right-to-left\u202c",
]
# What a person can type into the sign-up form: bidi controls are refused there (issue 12).
TYPED_PAYLOADS = [p for p in PAYLOADS if "\u202e" not in p]
LONG = "Ø" * 5000


def mixed(i: int) -> str:
    """A short name-sized hostile string (≤ 200 chars), different per index."""
    return f"H{i} " + PAYLOADS[i % len(PAYLOADS)]


def crossing_strokes(count: int = 400, seed: int = 12) -> bytes:
    """The upload probe's GeoJSON file: one ring, inside Gladsaxe (EPSG:4326), whose ``count``
    strokes run from side to side and cross (issue 12, M3)."""
    west, south, east, north = 12.44, 55.73, 12.50, 55.76
    rnd = random.Random(seed)
    ring = [[(west if i % 2 == 0 else east) + rnd.uniform(0, 1e-3), rnd.uniform(south, north)] for i in range(count)]
    ring.append(ring[0])
    geometry = {"type": "Polygon", "coordinates": [ring]}
    doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": geometry}]}
    return json.dumps(doc).encode()
