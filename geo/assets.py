"""Self-hosted map assets: Leaflet and friends copied from installed packages.

Nothing is committed: the files come from PyPI's XStatic packages at set-up or start-up
into the git-ignored ``static/vendor/`` folder, which Streamlit serves at
``/app/static/vendor/``. folium's class-level asset lists are then pointed there, so the
map loads no script or stylesheet from any other host.
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

LEAFLET_JS = [("leaflet", VENDOR_URL + "leaflet.js"), ("jquery", VENDOR_URL + "jquery.min.js")]
LEAFLET_CSS = [("leaflet_css", VENDOR_URL + "leaflet.css")]
CLUSTER_JS = [("markerclusterjs", VENDOR_URL + "leaflet.markercluster.js")]
CLUSTER_CSS = [
    ("markerclustercss", VENDOR_URL + "MarkerCluster.css"),
    ("markerclusterdefaultcss", VENDOR_URL + "MarkerCluster.Default.css"),
]


def install_assets(target: Path = VENDOR_DIR) -> list[Path]:
    """Copy the map assets from installed packages into ``target``; return what was copied."""
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for base, name, dest_name in _FILES:
        src, dest = Path(base) / name, target / dest_name
        if src.is_dir():
            shutil.copytree(src, dest, dirs_exist_ok=True)
        elif not dest.exists() or dest.stat().st_size != src.stat().st_size:
            shutil.copyfile(src, dest)
        copied.append(dest)
    return copied


def assets_installed(target: Path = VENDOR_DIR) -> bool:
    return all((target / dest).exists() for _, _, dest in _FILES)


def configure_folium() -> None:
    """Point folium's asset lists at the self-hosted copies (idempotent)."""
    folium.Map.default_js = LEAFLET_JS
    folium.Map.default_css = LEAFLET_CSS
    folium.plugins.MarkerCluster.default_js = CLUSTER_JS
    folium.plugins.MarkerCluster.default_css = CLUSTER_CSS
    folium.plugins.FastMarkerCluster.default_js = CLUSTER_JS
    folium.plugins.FastMarkerCluster.default_css = CLUSTER_CSS


if __name__ == "__main__":
    for path in install_assets():
        print(f"installed {path.relative_to(REPO_ROOT)}")
