"""The lightweight embeddable map (``/embed``): one small HTML page, Leaflet and our own script.

Built from the same pieces as the app's map (:mod:`geo.maps`, :mod:`geo.style`): the same
features with corrections, styles, legend and circles of uncertainty, but no Streamlit, so a
web editor can frame it in gladsaxe.dk and citizens see polygons in a fraction of the time.

No data text is ever HTML here. The features travel as JSON inside a
``<script type="application/json">`` block (never executed, ``<`` ``>`` ``&`` escaped), and
``static/embed/embed.js`` puts every name into the page with ``textContent``. The page's
Content-Security-Policy (:func:`content_security_policy`) allows only the app's own scripts
and styles and the configured tile host.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from shapely.geometry import mapping

from geo.assets import STATIC_DIR, VENDOR_URL
from geo.bounds import GLADSAXE_BBOX
from geo.catalog import Catalog, Place
from geo.escape import safe, script_json
from geo.layers import place_category, uncertainty_circle
from geo.maps import TileConfig
from geo.selection import selection_view
from geo.style import (
    CATEGORY_COLOURS,
    FILLED_KINDS,
    GARDEN_STYLE,
    OUTLINE_COLOUR,
    SELECTED_STYLE,
    UNCERTAIN_AREA_STYLE,
    WILDNESS_STYLES,
    marker_svg,
)

EMBED_DIR = STATIC_DIR / "embed"
EMBED_URL = "/app/static/embed/"
PRECISION = 6  # decimals of a degree: ~0.1 m, finer than any accuracy we state


@dataclass(frozen=True)
class EmbedTexts:
    """The words the embed page shows, in one language (from the UI's text catalogue)."""

    lang: str
    title: str
    map_label: str
    open_full: str
    legend_title: str
    approximate: str
    wildness: Mapping[str, str]
    categories: Mapping[str, str]
    gardens: str
    zoom_in: str
    zoom_out: str
    unknown_place: str
    unknown_partnership: str
    credit: str = ""  # plain-text data attribution (data/datasets.yaml), shown even without tiles
    kinds: Mapping[str, str] = field(default_factory=dict)  # place kind -> what the place is
    legend_named: str = ""  # legend label for the hollow symbol


@dataclass(frozen=True)
class EmbedRequest:
    """What the framing page asked for, already checked against the catalogue."""

    place_id: str | None = None
    partnership_id: str | None = None
    unknown_place: bool = False
    unknown_partnership: bool = False

    @classmethod
    def parse(cls, catalog: Catalog, place: str | None, partnership: str | None) -> EmbedRequest:
        """Keep only ids the catalogue knows; remember that an unknown one was asked for."""
        known_place = place if place and catalog.place(place) is not None else None
        known_pship = partnership if partnership and catalog.partnership(partnership) is not None else None
        return cls(known_place, known_pship, bool(place) and not known_place, bool(partnership) and not known_pship)


def _rounded(geometry) -> dict:
    def walk(value):
        if isinstance(value, float):
            return round(value, PRECISION)
        if isinstance(value, list | tuple):
            return [walk(v) for v in value]
        return value

    geo = mapping(geometry)
    return {"type": geo["type"], "coordinates": walk(geo["coordinates"])}


def visible_places(catalog: Catalog, request: EmbedRequest) -> list[Place]:
    """Mapped places to draw: all of them, or only the requested partnership's."""
    if request.partnership_id:
        partnership = catalog.partnership(request.partnership_id)
        places = catalog.places_of(partnership) if partnership else []
    else:
        places = list(catalog.places)
    return [p for p in places if p.geometry is not None]


def place_feature(catalog: Catalog, place: Place, accuracy: str, kinds: Mapping[str, str] | None = None) -> dict:
    """One place as a GeoJSON Feature (EPSG:4326) for embed.js.

    A green area known only as a point is drawn as its circle of uncertainty (radius in metres,
    buffered in EPSG:25832); a partner site is a point with its category's symbol and carries
    that circle as ``circle``, drawn when it is picked.
    """
    props: dict[str, Any] = {"id": place.id, "name": place.props.name, "accuracy": accuracy}
    kinds = kinds or {}
    if place.props.kind == "green_area":
        style = {k: v for k, v in WILDNESS_STYLES[place.props.wildness or "ukendt"].items() if v is not None}
        if place.geometry is None or place.geometry.geom_type == "Point":
            style = {**style, **UNCERTAIN_AREA_STYLE}
            geometry = uncertainty_circle(place)
        else:
            geometry = place.geometry
        return {"type": "Feature", "geometry": _rounded(geometry), "properties": {**props, "style": style}}
    props["category"] = place_category(catalog, place)
    hollow = place.props.kind not in FILLED_KINDS
    props["symbol"] = f"{props['category']}-hollow" if hollow else props["category"]
    if kinds.get(place.props.kind):
        props["name"] = f"{place.props.name} ({kinds[place.props.kind]})"
    props["circle"] = _rounded(uncertainty_circle(place))
    return {"type": "Feature", "geometry": _rounded(place.geometry), "properties": props}


def legend(texts: EmbedTexts, categories: list[str], named: bool = False) -> list[dict]:
    """Legend rows as data (embed.js draws them): wildness swatches, the circle, category symbols."""
    rows = [
        {"label": texts.wildness[key], "fill": s["fillColor"], "stroke": s["color"], "dash": bool(s["dashArray"])}
        for key, s in WILDNESS_STYLES.items()
    ]
    rows.append(
        {"label": texts.approximate, "fill": "transparent", "stroke": OUTLINE_COLOUR, "dash": True, "round": True}
    )
    rows += [{"label": texts.categories[c], "svg": marker_svg(c, 16)} for c in categories]
    if named and texts.legend_named:
        rows.append({"label": texts.legend_named, "svg": marker_svg(None, 16, hollow=True)})
    return rows


def _view(catalog: Catalog, places: list[Place], request: EmbedRequest) -> dict:
    if request.place_id:
        centre, zoom = selection_view(catalog.place(request.place_id))
        if centre:
            return {"center": list(centre), "zoom": zoom}
    if request.partnership_id and places:
        bounds = [
            (uncertainty_circle(p) if p.geometry is None or p.geometry.geom_type == "Point" else p.geometry).bounds
            for p in places
        ]
        west, south = min(b[0] for b in bounds), min(b[1] for b in bounds)
        east, north = max(b[2] for b in bounds), max(b[3] for b in bounds)
    else:
        west, south, east, north = GLADSAXE_BBOX
    return {
        "bounds": [[round(south, PRECISION), round(west, PRECISION)], [round(north, PRECISION), round(east, PRECISION)]]
    }


def embed_data(
    catalog: Catalog,
    request: EmbedRequest,
    texts: EmbedTexts,
    tiles: TileConfig,
    accuracy_of: Callable[[Place], str],
    gardens: dict | None = None,
) -> dict:
    """Everything embed.js needs, as JSON-ready data (coordinates EPSG:4326, lat/lon order in ``view``)."""
    places = visible_places(catalog, request)
    features = [place_feature(catalog, p, accuracy_of(p), texts.kinds) for p in places]
    named = any(p.props.kind not in FILLED_KINDS | {"green_area"} for p in places)
    categories = [c for c in CATEGORY_COLOURS if any(f["properties"].get("category") == c for f in features)]
    selected = catalog.place(request.place_id) if request.place_id else None
    notices = [texts.unknown_place] * request.unknown_place + [texts.unknown_partnership] * request.unknown_partnership
    return {
        "lang": texts.lang,
        "texts": {
            "open_full": texts.open_full,
            "legend_title": texts.legend_title,
            "gardens": texts.gardens,
            "zoom_in": texts.zoom_in,
            "zoom_out": texts.zoom_out,
            "credit": texts.credit,
        },
        "tiles": {"url": tiles.url, "attribution": tiles.attribution} if tiles.url else None,
        "view": _view(catalog, places, request),
        "features": features,
        "gardens": [f["geometry"]["coordinates"][::-1] for f in (gardens or {}).get("features", [])],
        "legend": legend(texts, categories, named),
        "symbols": {c: marker_svg(c) for c in categories}
        | {f"{c}-hollow": marker_svg(c, hollow=True) for c in categories},
        "selected": request.place_id if selected and selected.geometry is not None else None,
        "selected_style": SELECTED_STYLE,
        "garden_style": GARDEN_STYLE,
        "notices": notices,
    }


@cache
def asset_version(path: Path) -> str:
    """A short content hash of one of our files, so a changed file gets a new URL (cache busting)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.exists() else "missing"


def embed_page(data: dict, texts: EmbedTexts) -> str:
    """The whole /embed HTML page; the only markup here is our own, every text escaped."""
    js = f"{EMBED_URL}embed.js?v={asset_version(EMBED_DIR / 'embed.js')}"
    css = f"{EMBED_URL}embed.css?v={asset_version(EMBED_DIR / 'embed.css')}"
    return (
        "<!doctype html>\n"
        f'<html lang="{safe(texts.lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{safe(texts.title)}</title>"
        f'<link rel="stylesheet" href="{VENDOR_URL}leaflet.css">'
        f'<link rel="stylesheet" href="{css}">'
        "</head><body>"
        f'<main id="map" role="region" aria-label="{safe(texts.map_label)}"></main>'
        f'<script type="application/json" id="gm-embed">{script_json(data)}</script>'
        f'<script src="{VENDOR_URL}leaflet.js"></script>'
        f'<script src="{js}"></script>'
        "</body></html>\n"
    )


def tile_source(tiles: TileConfig) -> str | None:
    """The CSP source for the tile host (``{s}`` subdomains become a wildcard), or None."""
    if not tiles.url:
        return None
    parts = urlsplit(tiles.url.replace("{s}", "x"))
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return None
    host = parts.hostname
    if "{s}" in tiles.url.split("//", 1)[-1].split("/", 1)[0]:
        host = "*" + host[1:]
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def content_security_policy(tiles: TileConfig, frame_ancestors: str) -> str:
    """The /embed policy: our own scripts and styles, images from us and the tile host only."""
    images = " ".join(filter(None, ("'self'", "data:", tile_source(tiles))))
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        f"frame-ancestors {frame_ancestors}"
    )


def iframe_snippet(origin: str, title: str, query: str = "") -> str:
    """The HTML a web editor pastes into another site to show /embed (shown as text, never rendered)."""
    src = f"{origin.rstrip('/')}/embed{query}"
    return (
        f'<iframe src="{safe(src)}" title="{safe(title)}" width="100%" height="480" '
        'style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>'
    )
