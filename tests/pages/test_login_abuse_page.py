"""The login box when every password-hash slot is taken (issue 12, M2): a polite refusal."""

from __future__ import annotations

from geo import staff as staff_accounts
from tests.pages.kit import STAFF_PATHS, errors, fresh, log_in


def test_busy_login_is_refused_politely_and_not_counted(fake_map, account, nav_paths, monkeypatch):
    monkeypatch.setattr(staff_accounts.passwords, "HASH_WAIT_S", 0)
    held = [staff_accounts.passwords.HASHING.acquire(blocking=False) for _ in range(staff_accounts.HASH_SLOTS)]
    try:
        at = log_in(fresh())
    finally:
        for _ in held:
            staff_accounts.passwords.HASHING.release()
    assert "Prøv igen om et øjeblik" in errors(at)
    assert not nav_paths[-1] & STAFF_PATHS
    at = log_in(at)
    assert nav_paths[-1] >= STAFF_PATHS
