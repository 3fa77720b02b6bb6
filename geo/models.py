"""Typed models of the curated data: places (GeoJSON properties) and partnerships."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CATEGORIES = (
    "nature",
    "health",
    "children_education",
    "business_innovation",
    "circular_economy",
    "democracy",
    "research",
)
# What a place is. Only partner_site means "a partner works here"; a school, a light-rail stop
# or a district appears because a partnership names it (e.g. a citizen-involvement topic).
PLACE_KINDS = ("green_area", "partner_site", "school", "light_rail_stop", "district")
Wildness = Literal["helt", "delvist", "ukendt"]  # how wild a green area is managed, as sources say
WILDNESS: tuple[str, ...] = get_args(Wildness)
MAX_ACCURACY_M = 5000  # the widest "true position lies within N m" a place may state


class Text(BaseModel):
    """A text in Danish (first) and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    da: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


def _check_slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError("must be a lowercase ASCII slug (a-z, 0-9, words joined by '-')")
    return value


class PlaceProps(BaseModel):
    """The properties of one feature in places.geojson."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: str = Field(min_length=1, max_length=200)
    kind: Literal[PLACE_KINDS]  # type: ignore[valid-type]
    partnership_ids: tuple[str, ...] = Field(min_length=1)
    address: str | None = None
    accuracy_m: int | None = Field(default=None, ge=0, le=MAX_ACCURACY_M)
    position_grade: Literal["A", "B", "C", "none"]
    position_note: Text
    geometry_kind: Literal["schematic_outline", "point_estimate", "unmapped", "surveyed"]
    sources: tuple[HttpUrl, ...] = Field(min_length=1)
    updated: date
    description: Text
    wildness: Wildness | None = None
    wildness_note: Text | None = None
    # Green areas: only what sources say about the wild management of this very area.
    measures: tuple[Text, ...] = ()
    # Other dated facts about the place (climate adaptation, citizen budget, an old care plan).
    other_facts: tuple[Text, ...] = ()

    _slug = field_validator("id")(classmethod(lambda cls, v: _check_slug(v)))


class Link(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    label: Text
    url: HttpUrl


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    url: HttpUrl
    note: str = ""


class Partnership(BaseModel):
    """One partnership of Gladsaxe Kommune, as described in partnerships.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: Text
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    sdgs: tuple[int, ...] = ()
    summary: Text
    body: Text
    partners: tuple[str, ...] = ()
    place_ids: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    contact: str | None = None
    sources: tuple[Source, ...] = Field(min_length=1)
    updated: date
    open_questions: tuple[str, ...] = ()

    _slug = field_validator("id")(classmethod(lambda cls, v: _check_slug(v)))

    @field_validator("sdgs")
    @classmethod
    def _sdg_range(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(not 1 <= n <= 17 for n in value):
            raise ValueError("UN goal numbers run from 1 to 17")
        return value
