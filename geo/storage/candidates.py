"""Candidate and planned areas drawn or uploaded by staff (GeoJSON polygons, EPSG:4326)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from geo.geometry import AREA
from geo.records import CANDIDATE_STATUSES, Candidate
from geo.storage.engine import Database, utc
from geo.storage.schema import candidates, geojson_text, geojson_value


class CandidateStore(Database):
    """The candidate-area part of :class:`geo.storage.Storage`."""

    def save_candidate(
        self, name: str, geometry_geojson: dict, created_by: str, note: str = "", now: datetime | None = None
    ) -> Candidate:
        """Store a candidate area; the geometry is a GeoJSON (Multi)Polygon in EPSG:4326."""
        at = utc(now)
        row = {
            "name": name,
            "geometry": geojson_text(geometry_geojson, AREA),
            "status": "candidate",
            "note": note,
            "created_by": created_by,
            "created_at": at,
            "updated_at": at,
        }
        with self._write() as conn:
            new_id = conn.execute(insert(candidates).values(row).returning(candidates.c.id)).scalar_one()
            saved = _candidate_where(conn, new_id)
            assert saved is not None  # inserted in this transaction
            return saved

    def list_candidates(self) -> list[Candidate]:
        """Every candidate area, oldest first."""
        with self._read() as conn:
            rows = conn.execute(select(candidates).order_by(candidates.c.id))
            return [_to_candidate(row) for row in rows.mappings()]

    def get_candidate(self, candidate_id: int) -> Candidate | None:
        with self._read() as conn:
            return _candidate_where(conn, candidate_id)

    def update_candidate(
        self,
        candidate_id: int,
        name: str | None = None,
        geometry: dict | None = None,
        status: str | None = None,
        now: datetime | None = None,
    ) -> Candidate | None:
        """Change the given fields; None when there is no such candidate."""
        values: dict[str, Any] = {"updated_at": utc(now)}
        if name is not None:
            values["name"] = name
        if geometry is not None:
            values["geometry"] = geojson_text(geometry, AREA)
        if status is not None:
            if status not in CANDIDATE_STATUSES:
                raise ValueError(f"status must be one of {CANDIDATE_STATUSES}")
            values["status"] = status
        with self._write() as conn:
            conn.execute(update(candidates).where(candidates.c.id == candidate_id).values(values))
            return _candidate_where(conn, candidate_id)

    def delete_candidate(self, candidate_id: int) -> bool:
        with self._write() as conn:
            return conn.execute(delete(candidates).where(candidates.c.id == candidate_id)).rowcount > 0


def _candidate_where(conn: Connection, candidate_id: int) -> Candidate | None:
    row = conn.execute(select(candidates).where(candidates.c.id == candidate_id)).mappings().first()
    return _to_candidate(row) if row else None


def _to_candidate(row: Mapping[Any, Any]) -> Candidate:
    return Candidate(
        id=row["id"],
        name=row["name"],
        geometry=geojson_value(row["geometry"]),
        status=row["status"],
        note=row["note"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
