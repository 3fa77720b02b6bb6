"""Self-hosted map assets: Leaflet and friends copied from installed packages.

Nothing is committed: the files come from PyPI's XStatic packages at set-up or start-up
into the git-ignored ``static/vendor/`` folder, which Streamlit serves at
``/app/static/vendor/``. folium's class-level asset lists are then pointed there, so the
map loads no script or stylesheet from any other host.

Leaflet.draw (the staff pages' drawing tool) and Leaflet.Locate (the map's locate-me button)
have no XStatic package; they come from npm (``package.json`` pins leaflet-draw and
leaflet.locatecontrol, ``scripts/setup`` runs ``npm ci``). When npm was not available they are
simply absent: :func:`draw_installed` / :func:`locate_installed` are then False and the pages
leave the tool out (uploading a file still works; the map has no locate button).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import folium
import folium.plugins
import xstatic.pkg.jquery as xs_jquery
import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_cluster

REPO_ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO_ROOT / "node_modules"
STATIC_DIR = REPO_ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
VENDOR_URL = "/app/static/vendor/"

# (package data dir, file or folder name inside it, name under vendor/)
_FILES = [
    (xs_leaflet.BASE_DIR, "leaflet.js", "leaflet.js"),
    (xs_leaflet.BASE_DIR, "leaflet.css", "leaflet.css"),
    (xs_leaflet.BASE_DIR, "images", "images"),
    (xs_jquery.BASE_DIR, "jquery.min.js", "jquery.min.js"),
    (xs_cluster.BASE_DIR, "leaflet.markercluster.js", "leaflet.markercluster.js"),
    (xs_cluster.BASE_DIR, "MarkerCluster.css", "MarkerCluster.css"),
    (xs_cluster.BASE_DIR, "MarkerCluster.Default.css", "MarkerCluster.Default.css"),
]

# Leaflet.draw keeps its own folder so its images/ don't overwrite Leaflet's marker images.
DRAW_SOURCE = NODE_MODULES / "leaflet-draw" / "dist"
DRAW_DIR = "leaflet-draw"
_DRAW_FILES = ("leaflet.draw.js", "leaflet.draw.css", "images")
LOCATE_SOURCE = NODE_MODULES / "leaflet.locatecontrol" / "dist"
LOCATE_DIR = "leaflet-locate"
_LOCATE_FILES = ("L.Control.Locate.min.js", "L.Control.Locate.min.css")

LEAFLET_JS = [("leaflet", VENDOR_URL + "leaflet.js"), ("jquery", VENDOR_URL + "jquery.min.js")]
LEAFLET_CSS = [("leaflet_css", VENDOR_URL + "leaflet.css")]
CLUSTER_JS = [("markerclusterjs", VENDOR_URL + "leaflet.markercluster.js")]
CLUSTER_CSS = [
    ("markerclustercss", VENDOR_URL + "MarkerCluster.css"),
    ("markerclusterdefaultcss", VENDOR_URL + "MarkerCluster.Default.css"),
]
DRAW_JS = [("leaflet_draw_js", f"{VENDOR_URL}{DRAW_DIR}/leaflet.draw.js")]
DRAW_CSS = [("leaflet_draw_css", f"{VENDOR_URL}{DRAW_DIR}/leaflet.draw.css")]
LOCATE_JS = [("Control_locate_min_js", f"{VENDOR_URL}{LOCATE_DIR}/L.Control.Locate.min.js")]
LOCATE_CSS = [("Control_locate_min_css", f"{VENDOR_URL}{LOCATE_DIR}/L.Control.Locate.min.css")]


def install_assets(
    target: Path = VENDOR_DIR, draw_source: Path = DRAW_SOURCE, locate_source: Path = LOCATE_SOURCE
) -> list[Path]:
    """Copy the map assets from installed packages into ``target``; return what was copied.

    Leaflet.draw and Leaflet.Locate are copied only when npm has installed them.
    """
    target.mkdir(parents=True, exist_ok=True)
    files = [(Path(base) / name, target / dest) for base, name, dest in _FILES]
    if draw_source.is_dir():
        files += [(draw_source / name, target / DRAW_DIR / name) for name in _DRAW_FILES]
    if locate_source.is_dir():
        files += [(locate_source / name, target / LOCATE_DIR / name) for name in _LOCATE_FILES]
    for src, dest in files:
        _copy(src, dest)
    return [dest for _, dest in files]


def _copy(src: Path, dest: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dest, dirs_exist_ok=True)
    elif not dest.exists() or dest.stat().st_size != src.stat().st_size:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)


def assets_installed(
    target: Path = VENDOR_DIR, draw_source: Path = DRAW_SOURCE, locate_source: Path = LOCATE_SOURCE
) -> bool:
    """True when every asset we can install is in place (npm's only if npm got them)."""
    required = all((target / dest).exists() for _, _, dest in _FILES)
    draw = draw_installed(target) or not draw_source.is_dir()
    return required and draw and (locate_installed(target) or not locate_source.is_dir())


def draw_installed(target: Path = VENDOR_DIR) -> bool:
    """True when Leaflet.draw is served from ``target`` (else the drawing tool is hidden)."""
    return all((target / DRAW_DIR / name).exists() for name in _DRAW_FILES)


def locate_installed(target: Path = VENDOR_DIR) -> bool:
    """True when Leaflet.Locate is served from ``target`` (else the map has no locate button)."""
    return all((target / LOCATE_DIR / name).exists() for name in _LOCATE_FILES)


def configure_folium() -> None:
    """Point folium's asset lists at the self-hosted copies (idempotent)."""
    folium.Map.default_js = LEAFLET_JS
    folium.Map.default_css = LEAFLET_CSS
    folium.plugins.MarkerCluster.default_js = CLUSTER_JS
    folium.plugins.MarkerCluster.default_css = CLUSTER_CSS
    folium.plugins.FastMarkerCluster.default_js = CLUSTER_JS
    folium.plugins.FastMarkerCluster.default_css = CLUSTER_CSS
    folium.plugins.Draw.default_js = DRAW_JS
    folium.plugins.Draw.default_css = DRAW_CSS
    folium.plugins.LocateControl.default_js = LOCATE_JS
    folium.plugins.LocateControl.default_css = LOCATE_CSS


if __name__ == "__main__":
    for path in install_assets():
        print(f"installed {path.relative_to(REPO_ROOT)}")
