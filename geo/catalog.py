"""Loading the curated data into typed models and a GeoDataFrame, reporting every problem.

Loading is forgiving by design: a broken feature or entry is left out and reported as a
:class:`Problem` naming file, id and field, and everything valid is still served. The
command-line check (``python -m geo.validate``) and the app's notice read the same list.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import shapely
from pydantic import ValidationError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.bounds import inside_gladsaxe
from geo.crs import DISPLAY
from geo.measures import area_ha
from geo.models import Partnership, PlaceProps
from geo.problems import Problem, load_yaml_entries, pydantic_problems, read_text

REPO_ROOT = Path(__file__).resolve().parent.parent
PLACES_FILE = "places.geojson"
PARTNERSHIPS_FILE = "partnerships.yaml"
GEOMETRY_TYPES = {"Point", "Polygon", "MultiPolygon"}


def data_dir() -> Path:
    """The data folder: ``GLADSAXE_DATA_DIR`` if set, else the repository's ``data/``."""
    configured = os.environ.get("GLADSAXE_DATA_DIR", "").strip()
    return Path(configured) if configured else REPO_ROOT / "data"


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


def _parse_geometry(file: str, fid: str, raw: object, problems: list[Problem]) -> tuple[bool, BaseGeometry | None]:
    """Return (ok, geometry). A null geometry is valid GeoJSON and means 'not mapped'."""
    if raw is None:
        return True, None
    if not isinstance(raw, dict) or raw.get("type") not in GEOMETRY_TYPES:
        kind = raw.get("type") if isinstance(raw, dict) else type(raw).__name__
        problems.append(Problem(file, fid, "geometry", f"type {kind!r} is not Point, Polygon or MultiPolygon"))
        return False, None
    try:
        geom = shape(raw)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        problems.append(Problem(file, fid, "geometry", f"coordinates are malformed ({exc})"))
        return False, None
    if geom.is_empty:
        problems.append(Problem(file, fid, "geometry", "is empty"))
        return False, None
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        problems.append(Problem(file, fid, "geometry", f"is not a valid shape: {reason}"))
        return False, None
    if not inside_gladsaxe(geom):
        lon, lat = geom.representative_point().coords[0]
        problems.append(Problem(file, fid, "geometry", f"lies outside the Gladsaxe area (near {lat:.5f}, {lon:.5f})"))
        return False, None
    return True, geom


def _consistency(file: str, props: PlaceProps, geom: BaseGeometry | None) -> list[Problem]:
    out = []
    fid = props.id
    if geom is None and props.geometry_kind != "unmapped":
        out.append(Problem(file, fid, "geometry_kind", "must be 'unmapped' when geometry is null"))
    if geom is not None and props.geometry_kind == "unmapped":
        out.append(Problem(file, fid, "geometry_kind", "says 'unmapped' but a geometry is given"))
    if geom is not None and props.accuracy_m is None:
        out.append(Problem(file, fid, "accuracy_m", "is required for a mapped place"))
    if props.kind == "green_area" and props.wildness is None:
        out.append(Problem(file, fid, "wildness", "is required for a green area"))
    if props.kind != "green_area" and (props.wildness is not None or props.wildness_note or props.measures):
        field_name = (
            "wildness" if props.wildness is not None else "wildness_note" if props.wildness_note else "measures"
        )
        out.append(Problem(file, fid, field_name, f"applies only to green areas, not to a {props.kind}"))
    return out


def _load_places(path: Path, problems: list[Problem]) -> list[Place]:
    file = path.name
    text = read_text(path, problems)
    if text is None:
        return []
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(file, None, None, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")
        )
        return []
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        problems.append(Problem(file, None, None, "is not a GeoJSON FeatureCollection with a 'features' list"))
        return []
    places: list[Place] = []
    seen: set[str] = set()
    for index, feature in enumerate(doc["features"]):
        props_raw = feature.get("properties") if isinstance(feature, dict) else None
        fid = props_raw.get("id") if isinstance(props_raw, dict) else None
        label = str(fid) if fid else f"feature #{index + 1}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature" or not isinstance(props_raw, dict):
            problems.append(Problem(file, label, None, "is not a GeoJSON Feature with properties"))
            continue
        before = len(problems)
        try:
            props = PlaceProps.model_validate(props_raw)
        except ValidationError as err:
            problems.extend(pydantic_problems(file, label, err))
            props = None
        ok, geom = _parse_geometry(file, label, feature.get("geometry"), problems)
        if props is None or not ok:
            continue
        if props.id in seen:
            problems.append(Problem(file, props.id, "id", "is used by more than one feature"))
            continue
        problems.extend(_consistency(file, props, geom))
        if len(problems) > before:
            continue
        seen.add(props.id)
        places.append(Place(props, geom))
    return places


def _load_partnerships(path: Path, problems: list[Problem]) -> list[Partnership]:
    out: list[Partnership] = []
    seen: set[str] = set()
    for item in load_yaml_entries(path, "partnerships", Partnership, "id", problems) or []:
        if item.id in seen:
            problems.append(Problem(path.name, item.id, "id", "is used by more than one partnership"))
            continue
        seen.add(item.id)
        out.append(item)
    return out


def _drop_unknown_refs(
    places: list[Place], partnerships: list[Partnership], problems: list[Problem]
) -> tuple[list[Place], list[Partnership]]:
    """Report references to unknown ids and drop just those references."""
    place_ids = {p.id for p in places}
    partnership_ids = {p.id for p in partnerships}
    clean_places = []
    for place in places:
        unknown = [pid for pid in place.props.partnership_ids if pid not in partnership_ids]
        for pid in unknown:
            problems.append(Problem(PLACES_FILE, place.id, "partnership_ids", f"names unknown partnership '{pid}'"))
        if unknown and partnership_ids:
            kept = tuple(pid for pid in place.props.partnership_ids if pid in partnership_ids)
            place = Place(place.props.model_copy(update={"partnership_ids": kept}), place.geometry)
        clean_places.append(place)
    clean_partnerships = []
    for item in partnerships:
        unknown = [pid for pid in item.place_ids if pid not in place_ids]
        for pid in unknown:
            problems.append(Problem(PARTNERSHIPS_FILE, item.id, "place_ids", f"names unknown place '{pid}'"))
        if unknown and place_ids:
            item = item.model_copy(update={"place_ids": tuple(p for p in item.place_ids if p in place_ids)})
        clean_partnerships.append(item)
    return clean_places, clean_partnerships


def _version(directory: Path) -> str:
    digest = hashlib.sha256()
    for name in (PLACES_FILE, PARTNERSHIPS_FILE):
        try:
            digest.update((directory / name).read_bytes())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()[:12]


def load_catalog(directory: Path | None = None) -> Catalog:
    """Load and validate places and partnerships from ``directory`` (default :func:`data_dir`)."""
    directory = Path(directory) if directory else data_dir()
    problems: list[Problem] = []
    places = _load_places(directory / PLACES_FILE, problems)
    partnerships = _load_partnerships(directory / PARTNERSHIPS_FILE, problems)
    places, partnerships = _drop_unknown_refs(places, partnerships, problems)
    return Catalog(
        places=tuple(places),
        partnerships=tuple(partnerships),
        problems=tuple(problems),
        version=_version(directory),
        sources_dir=directory,
        _places_by_id={p.id: p for p in places},
    )


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
