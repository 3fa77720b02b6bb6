"""Staff corrections of a place's position, kept as a history (GeoJSON, EPSG:4326)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Select, insert, select

from geo.records import Correction
from geo.storage.engine import Database, utc
from geo.storage.schema import corrections, geojson_text, geojson_value


class CorrectionStore(Database):
    """The position-correction part of :class:`geo.storage.Storage`."""

    def save_correction(
        self,
        place_id: str,
        geometry_geojson: dict,
        accuracy_m: float | None,
        reason: str,
        source: str,
        by: str,
        now: datetime | None = None,
    ) -> Correction:
        """Record a new position for a place (GeoJSON, EPSG:4326; ``accuracy_m`` in metres)."""
        row = {
            "place_id": place_id,
            "geometry": geojson_text(geometry_geojson),
            "accuracy_m": accuracy_m,
            "reason": reason,
            "source": source,
            "created_by": by,
            "created_at": utc(now),
        }
        with self._write() as conn:
            new_id = conn.execute(insert(corrections).values(row).returning(corrections.c.id)).scalar_one()
            saved = conn.execute(select(corrections).where(corrections.c.id == new_id)).mappings().one()
            return _to_correction(saved)

    def corrections_for(self, place_id: str) -> list[Correction]:
        """The correction history of one place, newest first."""
        with self._read() as conn:
            rows = conn.execute(_newest_first().where(corrections.c.place_id == place_id))
            return [_to_correction(row) for row in rows.mappings()]

    def latest_corrections(self) -> dict[str, Correction]:
        """The newest correction of every corrected place, by place id."""
        latest: dict[str, Correction] = {}
        with self._read() as conn:
            for row in conn.execute(_newest_first()).mappings():
                latest.setdefault(row["place_id"], _to_correction(row))
        return latest


def _newest_first() -> Select:
    return select(corrections).order_by(corrections.c.created_at.desc(), corrections.c.id.desc())


def _to_correction(row: Mapping[Any, Any]) -> Correction:
    return Correction(
        id=row["id"],
        place_id=row["place_id"],
        geometry=geojson_value(row["geometry"]),
        accuracy_m=row["accuracy_m"],
        reason=row["reason"],
        source=row["source"],
        by=row["created_by"],
        at=row["created_at"],
    )
