"""Where sign-ups, candidate areas and position corrections are kept.

One small interface over SQLAlchemy Core, chosen by URL: SQLite by default
(``var/gladsaxe.sqlite3`` in the repository), PostgreSQL (psycopg 3) when ``DATABASE_URL`` is
set. The app creates the schema itself when it opens the storage. Geometries are GeoJSON text
in EPSG:4326 so both backends keep them alike; every timestamp is timezone-aware UTC.
"""

from __future__ import annotations

import calendar
import json
import os
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shapely.geometry import shape
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    insert,
    make_url,
    select,
    update,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.types import TypeDecorator

from geo.signup import GRID_M, SignupIn, coarsen_many

REPO_ROOT = Path(__file__).resolve().parents[1]
STATUSES = ("new", "contacted", "joined", "declined")
CANDIDATE_STATUSES = ("candidate", "planned")
CONSENT_VERSION = "2026-11"
RETENTION_MONTHS = 24
CONNECT_TIMEOUT_S = 3
SQLITE_BUSY_TIMEOUT_S = 15
# Reference codes avoid look-alikes (0/O, 1/I/L) so they can be read out over the phone.
REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REF_PREFIX = "VMV"


class StorageUnavailable(Exception):
    """The database cannot be reached or is too busy; the caller should keep the user's input."""


def database_url(env: Mapping[str, str] = os.environ) -> str:
    """``DATABASE_URL`` with the psycopg 3 driver filled in, else the repository's SQLite file."""
    url = env.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{REPO_ROOT / 'var' / 'gladsaxe.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp; SQLite keeps no zone, so UTC is stored and re-attached."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing a naive datetime; pass a timezone-aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

registrations = Table(
    "registrations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ref", String(16), nullable=False, unique=True),
    Column("idempotency_key", String(128), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False),
    Column("phone", String(40)),
    Column("lon", Float),
    Column("lat", Float),
    Column("location_exact", Boolean, nullable=False),
    Column("size_m2", Float),
    Column("wishes", Text, nullable=False),
    Column("message", Text),
    Column("lang", String(2), nullable=False),
    Column("consent_at", UTCDateTime, nullable=False),
    Column("consent_version", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("status_note", Text, nullable=False),
    Column("status_updated_at", UTCDateTime, nullable=False),
    Column("status_updated_by", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("retention_until", UTCDateTime, nullable=False, index=True),
)

status_changes = Table(
    "registration_status_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    # CASCADE: erasing a registration must erase its notes too.
    Column(
        "registration_id",
        ForeignKey("registrations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("changed_by", String(200), nullable=False),
    Column("changed_at", UTCDateTime, nullable=False),
)

candidates = Table(
    "candidate_areas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("geometry", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

corrections = Table(
    "position_corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("place_id", String(100), nullable=False, index=True),
    Column("geometry", Text, nullable=False),
    Column("accuracy_m", Float),
    Column("reason", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)


@dataclass(frozen=True)
class StatusChange:
    status: str
    note: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Registration:
    """A stored sign-up. ``lon``/``lat`` (EPSG:4326) are exact only if ``location_exact``."""

    ref: str
    kind: str
    name: str
    email: str
    phone: str | None
    lon: float | None
    lat: float | None
    location_exact: bool
    size_m2: float | None
    wishes: tuple[str, ...]
    message: str | None
    lang: str
    consent_at: datetime
    consent_version: str
    status: str
    status_note: str
    status_updated_at: datetime
    status_updated_by: str
    created_at: datetime
    retention_until: datetime


@dataclass(frozen=True)
class SavedRegistration:
    """The outcome of a save: ``is_new`` is False when the idempotency key was seen before."""

    registration: Registration
    is_new: bool

    @property
    def ref(self) -> str:
        return self.registration.ref


@dataclass(frozen=True)
class Candidate:
    """A candidate or planned area drawn by staff; ``geometry`` is a GeoJSON dict in EPSG:4326."""

    id: int
    name: str
    geometry: dict
    status: str
    note: str
    created_by: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Correction:
    """A staff correction of a place's position; ``geometry`` is GeoJSON in EPSG:4326."""

    id: int
    place_id: str
    geometry: dict
    accuracy_m: float | None
    reason: str
    source: str
    by: str
    at: datetime


class Storage:
    """Registrations, candidate areas and position corrections in one SQL database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine = _make_engine(url)
        self.create_schema()

    def create_schema(self) -> None:
        """Create any missing tables; safe to call on every start."""
        with self._write() as conn:
            metadata.create_all(conn)

    def close(self) -> None:
        self._engine.dispose()

    def ping(self) -> None:
        """Raise StorageUnavailable unless the database answers a trivial query."""
        with self._read() as conn:
            conn.execute(select(1))

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with _unavailable_on_failure(), self._engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with _unavailable_on_failure(), self._engine.begin() as conn:
            yield conn

    # Registrations

    def save_registration(
        self,
        signup: SignupIn,
        idempotency_key: str,
        now: datetime | None = None,
        consent_version: str = CONSENT_VERSION,
    ) -> SavedRegistration:
        """Store a sign-up once per ``idempotency_key``; a repeat returns the first one."""
        if not idempotency_key or len(idempotency_key) > 128:
            raise ValueError("idempotency_key must be 1-128 characters")
        existing = self._read_registration(registrations.c.idempotency_key == idempotency_key)
        if existing:
            return SavedRegistration(existing, is_new=False)
        for _attempt in range(5):
            row = _registration_row(signup, idempotency_key, _utc(now), consent_version)
            try:
                with self._write() as conn:
                    conn.execute(insert(registrations).values(row))
                    saved = _find_registration(conn, registrations.c.ref == row["ref"])
                return SavedRegistration(saved, is_new=True)
            except sa_exc.IntegrityError:
                # Either a concurrent save with the same key won, or (rarely) the random
                # reference was taken; in the second case draw a new one.
                existing = self._read_registration(registrations.c.idempotency_key == idempotency_key)
                if existing:
                    return SavedRegistration(existing, is_new=False)
        raise RuntimeError("could not draw a free reference code")

    def get_registration(self, ref: str) -> Registration | None:
        """The registration with this reference; case and surrounding spaces don't matter."""
        return self._read_registration(registrations.c.ref == ref.strip().upper())

    def list_registrations(
        self, status: str | None = None, kind: str | None = None, search: str | None = None
    ) -> list[Registration]:
        """Newest first; ``search`` matches reference, name, e-mail, phone or message."""
        query = select(registrations).order_by(registrations.c.created_at.desc(), registrations.c.id.desc())
        if status:
            query = query.where(registrations.c.status == status)
        if kind:
            query = query.where(registrations.c.kind == kind)
        with self._read() as conn:
            found = [_to_registration(row) for row in conn.execute(query).mappings()]
        if search and search.strip():
            # Filtered in Python: SQLite's lower() ignores Æ/Ø/Å, and the table stays small.
            needle = search.strip().casefold()
            found = [reg for reg in found if needle in _searchable(reg)]
        return found

    def update_status(
        self, ref: str, status: str, note: str, by: str, now: datetime | None = None
    ) -> Registration | None:
        """Set the status, keep the note in the history; None when the reference is unknown."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")
        at = _utc(now)
        with self._write() as conn:
            changed = conn.execute(
                update(registrations)
                .where(registrations.c.ref == ref.strip().upper())
                .values(status=status, status_note=note, status_updated_at=at, status_updated_by=by)
                .returning(registrations.c.id)
            ).scalar()
            if changed is None:
                return None
            conn.execute(
                insert(status_changes).values(
                    registration_id=changed, status=status, note=note, changed_by=by, changed_at=at
                )
            )
            return _find_registration(conn, registrations.c.id == changed)

    def status_history(self, ref: str) -> list[StatusChange]:
        """Every status change of one registration, newest first."""
        query = (
            select(status_changes)
            .join(registrations)
            .where(registrations.c.ref == ref.strip().upper())
            .order_by(status_changes.c.changed_at.desc(), status_changes.c.id.desc())
        )
        with self._read() as conn:
            return [StatusChange(row.status, row.note, row.changed_by, row.changed_at) for row in conn.execute(query)]

    def delete_registration(self, ref: str) -> bool:
        """Erase a registration and its notes (right to erasure); False if there was none."""
        with self._write() as conn:
            result = conn.execute(delete(registrations).where(registrations.c.ref == ref.strip().upper()))
            return result.rowcount > 0

    def delete_expired(self, now: datetime | None = None) -> int:
        """Erase every registration whose retention period has ended; return how many."""
        with self._write() as conn:
            result = conn.execute(delete(registrations).where(registrations.c.retention_until <= _utc(now)))
            return result.rowcount

    def approved_garden_points(self, grid_m: float = GRID_M) -> list[tuple[float, float]]:
        """EPSG:4326 (lon, lat) of joined private gardens, always snapped to ``grid_m`` cells.

        Only positions leave this function: no names, no references.
        """
        query = select(registrations.c.lon, registrations.c.lat).where(
            registrations.c.kind == "private_garden",
            registrations.c.status == "joined",
            registrations.c.lon.is_not(None),
            registrations.c.lat.is_not(None),
        )
        with self._read() as conn:
            return sorted(coarsen_many(list(conn.execute(query)), grid_m))

    def _read_registration(self, condition: Any) -> Registration | None:
        with self._read() as conn:
            return _find_registration(conn, condition)

    # Candidate areas

    def save_candidate(
        self, name: str, geometry_geojson: dict, created_by: str, note: str = "", now: datetime | None = None
    ) -> Candidate:
        """Store a candidate area; the geometry is a GeoJSON (Multi)Polygon in EPSG:4326."""
        at = _utc(now)
        row = {
            "name": name,
            "geometry": _geojson_text(geometry_geojson, ("Polygon", "MultiPolygon")),
            "status": "candidate",
            "note": note,
            "created_by": created_by,
            "created_at": at,
            "updated_at": at,
        }
        with self._write() as conn:
            new_id = conn.execute(insert(candidates).values(row).returning(candidates.c.id)).scalar_one()
            return _candidate_where(conn, new_id)

    def list_candidates(self) -> list[Candidate]:
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
        values: dict[str, Any] = {"updated_at": _utc(now)}
        if name is not None:
            values["name"] = name
        if geometry is not None:
            values["geometry"] = _geojson_text(geometry, ("Polygon", "MultiPolygon"))
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

    # Position corrections

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
            "geometry": _geojson_text(geometry_geojson),
            "accuracy_m": accuracy_m,
            "reason": reason,
            "source": source,
            "created_by": by,
            "created_at": _utc(now),
        }
        with self._write() as conn:
            new_id = conn.execute(insert(corrections).values(row).returning(corrections.c.id)).scalar_one()
            saved = conn.execute(select(corrections).where(corrections.c.id == new_id)).mappings().one()
            return _to_correction(saved)

    def corrections_for(self, place_id: str) -> list[Correction]:
        """The correction history of one place, newest first."""
        with self._read() as conn:
            rows = conn.execute(_newest_corrections().where(corrections.c.place_id == place_id))
            return [_to_correction(row) for row in rows.mappings()]

    def latest_corrections(self) -> dict[str, Correction]:
        """The newest correction of every corrected place, by place id."""
        latest: dict[str, Correction] = {}
        with self._read() as conn:
            for row in conn.execute(_newest_corrections()).mappings():
                latest.setdefault(row["place_id"], _to_correction(row))
        return latest


def open_storage(url: str | None = None) -> Storage:
    """Open the storage at ``url``, or at :func:`database_url` when none is given."""
    return Storage(url or database_url())


@contextmanager
def _unavailable_on_failure() -> Iterator[None]:
    try:
        yield
    except (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError) as error:
        raise StorageUnavailable("the database can't be reached right now") from error


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend != "sqlite":
        connect_args = {"connect_timeout": CONNECT_TIMEOUT_S} if backend == "postgresql" else {}
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, pool_pre_ping=True, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers work while one thread writes; the busy timeout (set on connect)
    # makes concurrent writers wait their turn instead of failing. Python's sqlite3 opens a
    # transaction only at the first write, so a writer never holds a stale read snapshot.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _utc(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("refusing a naive datetime; pass a timezone-aware one")
    return now.astimezone(UTC)


def _months_later(moment: datetime, months: int) -> datetime:
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def _new_ref() -> str:
    code = "".join(secrets.choice(REF_ALPHABET) for _ in range(8))
    return f"{REF_PREFIX}-{code[:4]}-{code[4:]}"


def _registration_row(signup: SignupIn, idempotency_key: str, now: datetime, consent_version: str) -> dict:
    location = signup.stored_location()
    return {
        "ref": _new_ref(),
        "idempotency_key": idempotency_key,
        "kind": signup.kind,
        "name": signup.name,
        "email": signup.email,
        "phone": signup.phone,
        "lon": location[0] if location else None,
        "lat": location[1] if location else None,
        "location_exact": bool(location and signup.exact_location_ok),
        "size_m2": signup.size_m2,
        "wishes": json.dumps(signup.wishes, ensure_ascii=False),
        "message": signup.message,
        "lang": signup.lang,
        "consent_at": now,
        "consent_version": consent_version,
        "status": "new",
        "status_note": "",
        "status_updated_at": now,
        "status_updated_by": "",
        "created_at": now,
        "retention_until": _months_later(now, RETENTION_MONTHS),
    }


def _find_registration(conn: Connection, condition: Any) -> Registration | None:
    row = conn.execute(select(registrations).where(condition)).mappings().first()
    return _to_registration(row) if row else None


def _to_registration(row: Mapping[str, Any]) -> Registration:
    values = {name: row[name] for name in Registration.__dataclass_fields__ if name != "wishes"}
    return Registration(**values, wishes=tuple(json.loads(row["wishes"])))


def _searchable(reg: Registration) -> str:
    return " ".join(filter(None, (reg.ref, reg.name, reg.email, reg.phone, reg.message))).casefold()


def _geojson_text(geometry: dict, allowed: tuple[str, ...] | None = None) -> str:
    """Check a GeoJSON geometry in EPSG:4326 and return it as text."""
    if not isinstance(geometry, dict) or (allowed and geometry.get("type") not in allowed):
        raise ValueError(f"geometry must be a GeoJSON {' or '.join(allowed or ('geometry',))}")
    try:
        parsed = shape(geometry)
    except Exception as error:  # shapely raises several types for malformed GeoJSON
        raise ValueError("geometry is not valid GeoJSON") from error
    if parsed.is_empty or not parsed.is_valid:
        raise ValueError("geometry is empty or invalid")
    west, south, east, north = parsed.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError("geometry is not in lon/lat degrees (EPSG:4326)")
    return json.dumps(geometry)


def _candidate_where(conn: Connection, candidate_id: int) -> Candidate | None:
    row = conn.execute(select(candidates).where(candidates.c.id == candidate_id)).mappings().first()
    return _to_candidate(row) if row else None


def _to_candidate(row: Mapping[str, Any]) -> Candidate:
    return Candidate(
        id=row["id"],
        name=row["name"],
        geometry=json.loads(row["geometry"]),
        status=row["status"],
        note=row["note"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _newest_corrections() -> Any:
    return select(corrections).order_by(corrections.c.created_at.desc(), corrections.c.id.desc())


def _to_correction(row: Mapping[str, Any]) -> Correction:
    return Correction(
        id=row["id"],
        place_id=row["place_id"],
        geometry=json.loads(row["geometry"]),
        accuracy_m=row["accuracy_m"],
        reason=row["reason"],
        source=row["source"],
        by=row["created_by"],
        at=row["created_at"],
    )
