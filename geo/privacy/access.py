"""A person's sign-ups as one JSON document, for an access request (GDPR art. 15).

Everything stored about them is included: every field of each sign-up and its status history
with the staff's notes. Staff usernames are left out: they are not the resident's data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import datetime

from geo.privacy import RETENTION_MONTHS
from geo.records import Signup, StatusChange

CONTROLLER = "Gladsaxe Kommune"
PURPOSE = "Kontakt om Vild Med Vilje / contact about Vild Med Vilje"
_STAFF_FIELDS = ("status_updated_by",)


def access_document(signups: Sequence[Signup], histories: Mapping[str, Sequence[StatusChange]], now: datetime) -> dict:
    """The document for ``signups`` (with ``histories`` by reference) as exported at ``now``.

    Positions are EPSG:4326 longitude/latitude; timestamps ISO 8601 in UTC.
    """
    return {
        "controller": CONTROLLER,
        "purpose": PURPOSE,
        "retention_months": RETENTION_MONTHS,
        "exported_at": now.isoformat(timespec="seconds"),
        "signups": [_signup(s, histories.get(s.ref, ())) for s in signups],
    }


def access_json(signups: Sequence[Signup], histories: Mapping[str, Sequence[StatusChange]], now: datetime) -> bytes:
    """:func:`access_document` as indented UTF-8 JSON."""
    return json.dumps(access_document(signups, histories, now), ensure_ascii=False, indent=2).encode()


def _signup(signup: Signup, history: Sequence[StatusChange]) -> dict:
    fields = {k: v for k, v in asdict(signup).items() if k not in _STAFF_FIELDS}
    fields["wishes"] = list(signup.wishes)
    fields = {k: v.isoformat(timespec="seconds") if isinstance(v, datetime) else v for k, v in fields.items()}
    fields["status_history"] = [
        {"status": h.status, "note": h.note, "at": h.at.isoformat(timespec="seconds")} for h in history
    ]
    return fields
