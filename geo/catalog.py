"""The curated data as the app holds it: places, partnerships and the problems found loading them.

Reading and checking the files is :mod:`geo.loading`; this module is only the types and the
table view of them (:func:`places_frame`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geo import settings
from geo.crs import DISPLAY
from geo.measures import area_ha
from geo.models import Partnership, PlaceProps
from geo.problems import Problem

REPO_ROOT = settings.REPO_ROOT
PLACES_FILE = "places.geojson"
PARTNERSHIPS_FILE = "partnerships.yaml"


def data_dir() -> Path:
    """The data folder: ``GLADSAXE_DATA_DIR`` if set, else the repository's ``data/``."""
    return settings.current().data_dir


@dataclass(frozen=True)
class Place:
    """A place: validated properties plus its geometry in EPSG:4326 (None if unmapped)."""

    props: PlaceProps
    geometry: BaseGeometry | None

    @property
    def id(self) -> str:
        return self.props.id


@dataclass(frozen=True)
class Catalog:
    places: tuple[Place, ...]
    partnerships: tuple[Partnership, ...]
    problems: tuple[Problem, ...]
    version: str
    sources_dir: Path
    _places_by_id: dict = field(default_factory=dict, repr=False, compare=False)

    def place(self, place_id: str) -> Place | None:
        return self._places_by_id.get(place_id)

    def partnership(self, partnership_id: str) -> Partnership | None:
        return next((p for p in self.partnerships if p.id == partnership_id), None)

    def partnerships_of(self, place: Place) -> list[Partnership]:
        wanted = set(place.props.partnership_ids)
        return [p for p in self.partnerships if p.id in wanted]

    def places_of(self, partnership: Partnership) -> list[Place]:
        """Places of a partnership: those it names and those naming it, in data order."""
        named = set(partnership.place_ids)
        return [p for p in self.places if p.id in named or partnership.id in p.props.partnership_ids]


def places_frame(catalog: Catalog) -> gpd.GeoDataFrame:
    """One row per place in EPSG:4326 with ``area_ha`` computed in EPSG:25832 (0 for points)."""
    rows = [
        {
            "id": p.id,
            "name": p.props.name,
            "kind": p.props.kind,
            "wildness": p.props.wildness,
            "accuracy_m": p.props.accuracy_m,
            "geometry_kind": p.props.geometry_kind,
            "geometry": p.geometry,
        }
        for p in catalog.places
    ]
    columns = ["id", "name", "kind", "wildness", "accuracy_m", "geometry_kind", "geometry"]
    frame = gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs=DISPLAY)
    frame["area_ha"] = area_ha(frame)
    return frame
