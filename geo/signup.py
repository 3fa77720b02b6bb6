"""The "Jeg vil være med" sign-up: one validated record and where its location may be kept.

Validation reports language-neutral problem codes; the UI turns them into Danish or English
text. Text is kept exactly as typed (only surrounding whitespace is stripped): escaping is
the renderer's job, so nothing here HTML-escapes.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal, get_args

import numpy as np
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError
from shapely.geometry import Point

from geo.bounds import inside_gladsaxe_lonlat
from geo.characters import CharacterProblem, clean_typed_text, has_visible
from geo.crs import geom_to_display, geom_to_metric, lonlat_to_metric, metric_to_lonlat

Kind = Literal["housing_association", "company", "private_garden", "other"]
KINDS: tuple[str, ...] = get_args(Kind)
# What a resident may wish for their plot; the form offers these codes (texts: join.wish.<code>).
WISHES = ("uklippet", "tomt_bed", "vilde_blomster", "strukturer", "synlig_ramme")
NAME_MAX = 200
EMAIL_MAX = 254
PHONE_MAX = 40
MESSAGE_MAX = 2_000
WISH_MAX = 40
WISHES_MAX = 20
SIZE_MAX_M2 = 5_000_000
GRID_M = 100

# A plain shape check, not RFC 5322: one @, no whitespace, a dotted domain without empty labels.
EMAIL_SHAPE = re.compile(r"^[^@\s]+@(?:[^@\s.]+\.)+[^@\s.]+$")
PHONE_SHAPE = re.compile(r"^[0-9 +\-()]+$")

# Errors that pydantic raises itself, renamed to our codes; everything else is raised below.
_PYDANTIC_CODES = {
    "missing": "required",
    "literal_error": "invalid_choice",
    "bool_parsing": "not_a_boolean",
    "bool_type": "not_a_boolean",
    "extra_forbidden": "unknown_field",
}


@dataclasses.dataclass(frozen=True)
class FieldProblem:
    """One problem with one field; ``code`` and ``params`` are for the UI's translations."""

    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


def _problem(code: str, **params: Any) -> PydanticCustomError:
    return PydanticCustomError(code, code, params)


def _clean_text(
    value: Any, max_len: int, required: bool, *, multiline: bool = False, joiners: bool = True
) -> str | None:
    """Typed text by :func:`geo.characters.clean_typed_text`; blank (nothing visible) is None."""
    if value is not None and not isinstance(value, str):
        raise _problem("not_text")
    try:
        value = clean_typed_text(value or "", multiline=multiline, joiners=joiners)
    except CharacterProblem as problem:
        code = problem.code if problem.code == "control_chars" else f"text.{problem.code}"
        raise _problem(code) from None
    if not has_visible(value):
        if required:
            raise _problem("required")
        return None
    if len(value) > max_len:
        raise _problem("too_long", max=max_len)
    return value


def _text(max_len: int, *, required: bool = False, multiline: bool = False, joiners: bool = True) -> BeforeValidator:
    return BeforeValidator(lambda value: _clean_text(value, max_len, required, multiline=multiline, joiners=joiners))


def _shaped(pattern: re.Pattern[str], code: str) -> AfterValidator:
    def check(value: str | None) -> str | None:
        if value is not None and not pattern.match(value):
            raise _problem(code)
        return value

    return AfterValidator(check)


def _phone_has_digit(value: str | None) -> str | None:
    if value is not None and not any(char.isdigit() for char in value):
        raise _problem("phone_shape")
    return value


def _number(value: Any) -> float | None:
    """Accept numbers and numeric text (a decimal comma too); blank means "not given"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise _problem("not_a_number") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _problem("not_a_number")
    return float(value)


def _size_in_range(value: float | None) -> float | None:
    if value is not None and not 0 < value <= SIZE_MAX_M2:
        raise _problem("out_of_range", min=0, max=SIZE_MAX_M2)
    return value


def _wishes(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise _problem("not_a_list")
    if len(value) > WISHES_MAX:
        raise _problem("too_many", max=WISHES_MAX)
    cleaned = [_clean_text(item, WISH_MAX, required=True) for item in value]
    return [text for text in cleaned if text is not None]  # required: never None


def _location_problem(lon: float | None, lat: float | None) -> str | None:
    if (lon is None) != (lat is None):
        return "half_location"
    if lon is not None and lat is not None and not inside_gladsaxe_lonlat(lon, lat):
        return "outside_gladsaxe"
    return None


def _must_consent(value: Any) -> bool:
    if value is not True:
        raise _problem("consent_required")
    return True


OptionalNumber = Annotated[float | None, BeforeValidator(_number)]


class SignupIn(BaseModel):
    """A validated sign-up. ``lon``/``lat`` are EPSG:4326 degrees, ``size_m2`` square metres."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Kind
    name: Annotated[str, _text(NAME_MAX, required=True)]
    email: Annotated[str, _text(EMAIL_MAX, required=True, joiners=False), _shaped(EMAIL_SHAPE, "email_shape")]
    phone: Annotated[
        str | None,
        _text(PHONE_MAX),
        _shaped(PHONE_SHAPE, "phone_shape"),
        AfterValidator(_phone_has_digit),
    ] = None
    lon: OptionalNumber = None
    lat: OptionalNumber = None
    exact_location_ok: bool = False
    size_m2: Annotated[OptionalNumber, AfterValidator(_size_in_range)] = None
    wishes: Annotated[list[str], BeforeValidator(_wishes)] = Field(default_factory=list)
    message: Annotated[str | None, _text(MESSAGE_MAX, multiline=True)] = None
    consent: Annotated[bool, BeforeValidator(_must_consent)] = Field(default=False, validate_default=True)
    lang: Literal["da", "en"] = "da"

    @model_validator(mode="after")
    def _location_is_whole_and_in_gladsaxe(self) -> SignupIn:
        code = _location_problem(self.lon, self.lat)
        if code:
            raise _problem(code)
        return self

    def stored_location(self, grid_m: float = GRID_M) -> tuple[float, float] | None:
        """The EPSG:4326 (lon, lat) that may be kept: exact only with consent, else coarsened."""
        if self.lon is None or self.lat is None:
            return None
        if self.exact_location_ok:
            return self.lon, self.lat
        return coarsen(self.lon, self.lat, grid_m)


def validate_signup(data: Mapping[str, Any]) -> tuple[SignupIn | None, list[FieldProblem]]:
    """Check a submitted form; return the sign-up or every problem (at most one per field).

    Problems about the lon/lat pair as a whole are reported on the field ``location``.
    Never raises for bad input.
    """
    if not isinstance(data, Mapping):
        return None, [FieldProblem("form", "not_a_form")]
    try:
        return SignupIn.model_validate(dict(data)), []
    except ValidationError as error:
        return None, _problems(error, data)


def _problems(error: ValidationError, data: Mapping[str, Any]) -> list[FieldProblem]:
    by_field: dict[str, FieldProblem] = {}
    for detail in error.errors():
        field = str(detail["loc"][0]) if detail["loc"] else "location"
        if field in by_field:
            continue
        if detail["type"] in _PYDANTIC_CODES:
            by_field[field] = FieldProblem(field, _PYDANTIC_CODES[detail["type"]])
        else:
            by_field[field] = FieldProblem(field, detail["type"], dict(detail.get("ctx") or {}))
    # pydantic skips the whole-model location check when any field failed; run it here.
    if not by_field.keys() & {"lon", "lat", "location"}:
        code = _location_problem(_number(data.get("lon")), _number(data.get("lat")))
        if code:
            by_field["location"] = FieldProblem("location", code)
    return list(by_field.values())


def coarsen(lon: float, lat: float, grid_m: float = GRID_M) -> tuple[float, float]:
    """Snap an EPSG:4326 point to the centre of its ``grid_m`` cell in EPSG:25832 (metres).

    Returns (lon, lat) in EPSG:4326. The point moves at most grid_m / √2 (≈ 71 m for 100 m),
    and every point in one cell gets the same value, so a kept location names a cell, not a house.
    """
    if grid_m <= 0:
        raise ValueError("grid_m must be positive")
    metric = geom_to_metric(Point(lon, lat))
    centre = Point(_cell_centre(metric.x, grid_m), _cell_centre(metric.y, grid_m))
    display = geom_to_display(centre)
    return display.x, display.y


def coarsen_many(points_lonlat, grid_m: float = GRID_M) -> list[tuple[float, float]]:
    """:func:`coarsen` for many EPSG:4326 (lon, lat) points at once (one vectorised projection each way)."""
    if grid_m <= 0:
        raise ValueError("grid_m must be positive")
    coords = np.asarray(list(points_lonlat), dtype=float).reshape(-1, 2)
    if not len(coords):
        return []
    x, y = lonlat_to_metric(coords[:, 0], coords[:, 1])
    lon, lat = metric_to_lonlat((np.floor(x / grid_m) + 0.5) * grid_m, (np.floor(y / grid_m) + 0.5) * grid_m)
    return list(zip(lon.tolist(), lat.tolist(), strict=True))


def _cell_centre(coordinate_m: float, grid_m: float) -> float:
    return (math.floor(coordinate_m / grid_m) + 0.5) * grid_m
