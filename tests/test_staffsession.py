"""When a local staff login ends: idle limit and credential stamp (geo.staffsession)."""

from __future__ import annotations

import json

import pytest
from argon2 import PasswordHasher

from geo import staff
from geo.staffsession import IDLE_LIMIT_S, StaffSession, credential_stamp, session_end

PASSWORD = "grøn-og-vild-2026"


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch):
    monkeypatch.setattr(
        staff.passwords, "make_hasher", lambda: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


def test_stamp_changes_on_reset_and_vanishes_on_removal(tmp_path):
    path = tmp_path / "staff.json"
    staff.add_or_reset("anna", PASSWORD, path)
    first = credential_stamp("anna", path)
    assert first and first == credential_stamp("anna", path)
    assert first not in path.read_text()  # not the hash itself
    staff.add_or_reset("anna", PASSWORD, path)  # same password, new salt: a reset all the same
    assert credential_stamp("anna", path) not in (None, first)
    staff.remove("anna", path)
    assert credential_stamp("anna", path) is None


def test_stamp_of_missing_file_or_user_is_none_and_a_broken_file_fails_closed(tmp_path):
    path = tmp_path / "staff.json"
    assert credential_stamp("anna", path) is None
    path.write_text(json.dumps({"users": {}}))
    assert credential_stamp("anna", path) is None
    path.write_text("{not json")
    with pytest.raises(ValueError):
        credential_stamp("anna", path)


def test_session_lives_for_thirty_idle_minutes_and_not_a_second_more():
    session = StaffSession("anna", "abc", last_seen_s=1000.0)
    assert session_end(session, "abc", 1000.0 + IDLE_LIMIT_S) is None
    assert session_end(session, "abc", 1000.0 + IDLE_LIMIT_S + 1) == "idle"
    assert IDLE_LIMIT_S == 30 * 60


def test_session_ends_at_once_when_the_stamp_changes_or_goes():
    session = StaffSession("anna", "abc", last_seen_s=1000.0)
    assert session_end(session, "def", 1001.0) == "credentials"
    assert session_end(session, None, 1001.0) == "credentials"
