"""Loading the curated data files into a :class:`~geo.catalog.Catalog`, reporting every problem.

Loading is forgiving by design: a broken feature or entry is left out and reported as a
:class:`~geo.problems.Problem` naming file, id and field, and everything valid is still served.
The command-line check (``python -m geo.validate``) and the app's notice read the same list.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import ValidationError
from shapely.geometry.base import BaseGeometry

from geo.catalog import PARTNERSHIPS_FILE, PLACES_FILE, Catalog, Place, data_dir
from geo.geometry import GeometryProblem, parse_geometry
from geo.models import Partnership, PlaceProps
from geo.problems import Problem, load_yaml_entries, pydantic_problems, read_text

# How each refusal of geo.geometry.parse_geometry is worded in a data problem.
_GEOMETRY_MESSAGES = {
    "wrong_type": "type {} is not Point, Polygon or MultiPolygon",
    "malformed": "coordinates are malformed ({})",
    "empty": "is empty",
    "invalid": "is not a valid shape: {}",
    "outside_gladsaxe": "lies outside the Gladsaxe area ({})",
}


def _parse_geometry(file: str, fid: str, raw: object, problems: list[Problem]) -> tuple[bool, BaseGeometry | None]:
    """Return (ok, geometry). A null geometry is valid GeoJSON and means 'not mapped'."""
    if raw is None:
        return True, None
    try:
        return True, parse_geometry(raw, in_gladsaxe=True)
    except GeometryProblem as problem:
        message = _GEOMETRY_MESSAGES[problem.code].format(problem.detail)
        problems.append(Problem(file, fid, "geometry", message))
        return False, None


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
