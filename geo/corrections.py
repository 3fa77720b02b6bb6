"""Staff position corrections laid over the shipped catalogue, without touching its files.

A correction (stored with who/when/why by :class:`geo.storage.Storage`) replaces a place's
geometry (EPSG:4326) and accuracy (metres). :func:`apply_corrections` returns a *new*
:class:`~geo.catalog.Catalog`; the shipped data files and the given catalogue stay as they are.
A correction that is unusable (unknown place, bad geometry, outside Gladsaxe) is skipped and
reported as a :class:`~geo.problems.Problem`, like any other data problem.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping

import shapely
from shapely.geometry.base import BaseGeometry

from geo.catalog import Catalog, Place
from geo.geometry import GeometryProblem, parse_geometry
from geo.models import MAX_ACCURACY_M, Text
from geo.problems import Problem
from geo.records import Correction

SOURCE = "position_corrections"
OUTLINE_KINDS = ("schematic_outline", "surveyed")


def check_geometry(geometry: object) -> str | None:
    """A problem code for a proposed EPSG:4326 GeoJSON geometry, or None when it can be used.

    Codes: ``wrong_type`` (not a point or polygon), ``invalid`` (unreadable, empty or
    self-intersecting), ``outside_gladsaxe``.
    """
    try:
        parse_geometry(geometry, in_gladsaxe=True)
    except GeometryProblem as problem:
        return problem.code if problem.code in ("wrong_type", "outside_gladsaxe") else "invalid"
    return None


def corrections_stamp(corrections: Mapping[str, Correction]) -> str:
    """A short key that changes whenever the set of newest corrections changes.

    Built from their content, not only their ids: two databases (or a rebuilt one) can
    hold different corrections under the same ids, and caches keyed by this must not mix them.
    """
    if not corrections:
        return "none"
    content = [dataclasses.astuple(c) for _, c in sorted(corrections.items())]
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:12]


def apply_corrections(
    catalog: Catalog, corrections: Mapping[str, Correction], notes: Mapping[str, str] | None = None
) -> Catalog:
    """A new catalogue with each place's newest correction applied (``corrections`` by place id).

    ``notes`` (keys ``da`` and ``en``) are templates for the place's public position note,
    with ``{date}``, ``{source}`` and ``{reason}``; without them the note is left unchanged.
    """
    if not corrections:
        return catalog
    problems = list(catalog.problems)
    places = []
    for place in catalog.places:
        correction = corrections.get(place.id)
        if correction is None:
            places.append(place)
            continue
        problem = check_geometry(correction.geometry)
        if problem:
            problems.append(
                Problem(SOURCE, place.id, "geometry", f"correction #{correction.id} is unusable ({problem})")
            )
            places.append(place)
            continue
        places.append(corrected_place(place, correction, notes))
    known = {p.id for p in catalog.places}
    for place_id in sorted(set(corrections) - known):
        problems.append(Problem(SOURCE, place_id, None, "corrects a place that is not in the data"))
    return dataclasses.replace(
        catalog,
        places=tuple(places),
        problems=tuple(problems),
        version=f"{catalog.version}+{corrections_stamp(corrections)}",
        _places_by_id={p.id: p for p in places},
    )


def corrected_place(place: Place, correction: Correction, notes: Mapping[str, str] | None = None) -> Place:
    """``place`` with the correction's geometry, accuracy, kind of geometry and date.

    Raises :class:`~geo.geometry.GeometryProblem` when the geometry is unusable
    (:func:`check_geometry` says which).
    """
    geom: BaseGeometry = shapely.force_2d(parse_geometry(correction.geometry, in_gladsaxe=True))
    props = place.props
    accuracy = props.accuracy_m if correction.accuracy_m is None else correction.accuracy_m
    update: dict[str, object] = {
        "accuracy_m": None if accuracy is None else min(MAX_ACCURACY_M, max(0, round(accuracy))),
        "geometry_kind": _geometry_kind(props.geometry_kind, geom),
        "updated": correction.at.date(),
    }
    if props.position_grade == "none":
        update["position_grade"] = "C"  # placed now, but nothing says how well: the cautious grade
    if notes:
        values = {"date": correction.at.date().isoformat(), "source": correction.source, "reason": correction.reason}
        update["position_note"] = Text(da=notes["da"].format(**values), en=notes["en"].format(**values))
    return Place(props.model_copy(update=update), geom)


def _geometry_kind(previous: str, geom: BaseGeometry) -> str:
    if geom.geom_type == "Point":
        return "point_estimate"
    return previous if previous in OUTLINE_KINDS else "schematic_outline"
