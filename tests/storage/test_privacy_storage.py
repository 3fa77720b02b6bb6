"""Erasure, the audit log and download tickets, on SQLite and PostgreSQL (issue 11).

"Nothing personal left" is checked by reading every table the database has, not just the ones
we expect: a new table that kept a copy would fail here.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import MetaData, create_engine, select

from geo.privacy import BY_RESIDENT, BY_RETENTION, BY_STAFF
from geo.privacy.tokens import token_hash
from geo.signup import SignupIn
from geo.storage import Storage
from tests.concurrently import at_once

T0 = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)

PERSONAL = ("Karen Sletmig", "karen.sletmig@example.dk", "+45 12 34 56 78", "Min hemmelige besked", "ringede hende")


def karen(**changes) -> SignupIn:
    fields = {
        "kind": "private_garden",
        "name": PERSONAL[0],
        "email": PERSONAL[1],
        "phone": PERSONAL[2],
        "message": PERSONAL[3],
        "consent": True,
    }
    return SignupIn(**(fields | changes))


def other(n: int) -> SignupIn:
    return SignupIn(kind="company", name=f"Firma {n}", email=f"firma{n}@example.dk", consent=True)


def every_value(url: str) -> list[str]:
    """Every value in every table of the database, as text."""
    engine = create_engine(url)
    found = MetaData()
    found.reflect(engine)
    with engine.connect() as conn:
        values = [str(v) for table in found.sorted_tables for row in conn.execute(select(table)) for v in row]
    engine.dispose()
    return values


def assert_nothing_personal(url: str) -> None:
    text = "\n".join(every_value(url))
    for value in PERSONAL:
        assert value not in text, value


def saved_karen(storage: Storage, now=T0):
    saved = storage.save_signup(karen(), "karen-form", now=now)
    storage.update_status(saved.ref, "contacted", PERSONAL[4], by="anna", now=now + timedelta(days=1))
    return saved


def test_the_deletion_token_is_kept_only_as_its_hash(storage: Storage, empty_url: str) -> None:
    saved = saved_karen(storage)
    assert saved.deletion_token and len(saved.deletion_token) >= 40
    values = every_value(empty_url)
    assert saved.deletion_token not in "\n".join(values)
    assert token_hash(saved.deletion_token) in values
    assert storage.signup_for_token(saved.deletion_token).ref == saved.ref
    assert storage.signup_for_token("x" * 43) is None
    again = storage.save_signup(karen(), "karen-form")
    assert (again.is_new, again.deletion_token, again.ref) == (False, None, saved.ref)


def test_a_given_token_is_the_one_stored(storage: Storage) -> None:
    saved = storage.save_signup(karen(), "form-1", deletion_token="t" * 43)
    assert saved.deletion_token == "t" * 43
    assert storage.signup_for_token("t" * 43).ref == saved.ref


def test_withdrawal_by_link_erases_everything_personal_and_leaves_a_marker(storage: Storage, empty_url: str) -> None:
    saved = saved_karen(storage)
    kept = storage.save_signup(other(1), "form-other", now=T0)

    assert storage.withdraw_signup(saved.deletion_token, now=T0 + timedelta(days=3)) == saved.ref
    assert storage.withdraw_signup(saved.deletion_token) is None  # used up
    assert storage.get_signup(saved.ref) is None
    assert storage.status_history(saved.ref) == []
    assert [(w.ref, w.by, w.at) for w in storage.withdrawals()] == [(saved.ref, BY_RESIDENT, T0 + timedelta(days=3))]
    assert storage.get_signup(kept.ref) is not None
    assert_nothing_personal(empty_url)
    actions = [(e.actor, e.action, e.subject) for e in storage.audit_entries()]
    assert actions[0] == (BY_RESIDENT, "withdraw", saved.ref)
    assert ("anna", "status", saved.ref) in actions


def test_staff_deletion_erases_everything_and_is_audited(storage: Storage, empty_url: str) -> None:
    saved = saved_karen(storage)
    assert storage.delete_signup(saved.ref.lower(), by="bo", now=T0 + timedelta(days=2)) is True
    assert storage.delete_signup(saved.ref, by="bo") is False
    assert [(w.ref, w.by) for w in storage.withdrawals()] == [(saved.ref, BY_STAFF)]
    assert (storage.audit_entries()[0].actor, storage.audit_entries()[0].action) == ("bo", "delete")
    assert_nothing_personal(empty_url)


def test_retention_purge_erases_expired_sign_ups_only_and_says_so(storage: Storage, empty_url: str) -> None:
    old = saved_karen(storage, now=T0)
    young = storage.save_signup(other(2), "young", now=T0 + timedelta(days=40))
    withdrawn = storage.save_signup(other(3), "withdrawn", now=T0)
    storage.withdraw_signup(withdrawn.deletion_token, now=T0 + timedelta(days=1))
    due = old.signup.retention_until

    assert storage.count_expired(due - timedelta(seconds=1)) == 0
    assert storage.count_expired(due) == 1
    assert storage.delete_expired(due) == 1
    assert storage.delete_expired(due) == 0
    assert storage.get_signup(young.ref) is not None
    assert storage.withdrawals() == []  # markers go when the sign-up would have
    assert_nothing_personal(empty_url)
    purges = [e for e in storage.audit_entries() if e.action == "purge"]
    assert [(e.actor, e.subject, e.detail) for e in purges] == [(BY_RETENTION, None, "sign-ups=1")]


def test_purges_from_several_processes_at_once_delete_each_sign_up_once(storage: Storage, empty_url: str) -> None:
    for n in range(12):
        storage.save_signup(other(n), f"form-{n}", now=T0)
    others = [Storage(empty_url) for _ in range(3)]
    try:
        counts = at_once(lambda each: each.delete_expired(T0 + timedelta(days=800)), others)
    finally:
        for each in others:
            each.close()
    assert sorted(counts) == [0, 0, 12]
    assert storage.list_signups() == []


def test_status_changes_and_views_are_audited_without_personal_data(storage: Storage, empty_url: str) -> None:
    saved = saved_karen(storage)
    storage.record_audit("anna", "view", saved.ref, "details", now=T0 + timedelta(days=2))
    with pytest.raises(ValueError):
        storage.record_audit("anna", "peek")
    entries = storage.audit_entries()
    assert [(e.actor, e.action, e.subject, e.detail) for e in entries] == [
        ("anna", "view", saved.ref, "details"),
        ("anna", "status", saved.ref, "status=contacted"),
    ]
    audit_text = "\n".join(f"{e.actor} {e.action} {e.subject} {e.detail}" for e in entries)
    assert not any(value in audit_text for value in PERSONAL)


def test_a_download_ticket_works_once_and_not_after_it_expires(storage: Storage) -> None:
    saved = saved_karen(storage)
    token = storage.issue_ticket("anna", "access_json", [saved.ref], "da", ttl_s=60, now=T0)
    ticket = storage.redeem_ticket(token, now=T0 + timedelta(seconds=30))
    assert (ticket.actor, ticket.kind, ticket.refs, ticket.lang) == ("anna", "access_json", (saved.ref,), "da")
    assert storage.redeem_ticket(token, now=T0 + timedelta(seconds=31)) is None
    late = storage.issue_ticket("anna", "signups_csv", [saved.ref], "en", ttl_s=60, now=T0)
    assert storage.redeem_ticket(late, now=T0 + timedelta(seconds=61)) is None
    assert storage.redeem_ticket(late, now=T0) is None  # an expired ticket is gone, not waiting
    exports = [e for e in storage.audit_entries() if e.action == "export"]
    assert [(e.actor, e.subject, e.detail) for e in exports] == [("anna", saved.ref, "access_json, sign-ups=1")]


def test_a_ticket_is_bound_to_its_browser_and_its_login(storage: Storage) -> None:
    saved = saved_karen(storage)
    soon = T0 + timedelta(seconds=10)
    token = storage.issue_ticket("anna", "signups_csv", [saved.ref], "da", now=T0, login="L1", client="B1", stamp="s1")
    assert storage.redeem_ticket(token, now=soon) is None  # no browser key: not used up
    assert storage.redeem_ticket(token, now=soon, client="B2") is None  # another browser: not used up
    assert storage.redeem_ticket(token, now=soon, client="B1", holds=lambda _t: False) is None  # login ended
    assert storage.redeem_ticket(token, now=soon, client="B1") is None  # ... and the ticket is gone

    kept = storage.issue_ticket("anna", "signups_csv", [saved.ref], "da", now=T0, login="L1", client="B1", stamp="s1")
    ticket = storage.redeem_ticket(kept, now=soon, client="B1")
    assert (ticket.actor, ticket.stamp, ticket.issued_at) == ("anna", "s1", T0)

    revoked = storage.issue_ticket("anna", "signups_csv", [saved.ref], "da", now=T0, login="L1", client="B1")
    other = storage.issue_ticket("anna", "signups_csv", [saved.ref], "da", now=T0, login="L2", client="B1")
    assert storage.revoke_tickets("L1") == 1
    assert storage.redeem_ticket(revoked, now=soon, client="B1") is None
    assert storage.redeem_ticket(other, now=soon, client="B1") is not None
    assert [e.action for e in storage.audit_entries()].count("export") == 2


def test_find_by_email_ignores_case_and_spaces(storage: Storage) -> None:
    first = storage.save_signup(karen(), "a", now=T0)
    second = storage.save_signup(karen(kind="other"), "b", now=T0 + timedelta(days=1))
    storage.save_signup(other(1), "c", now=T0)
    found = storage.signups_by_email("  KAREN.Sletmig@Example.dk ")
    assert [s.ref for s in found] == [second.ref, first.ref]
    assert storage.signups_by_email("") == []
    assert [s.ref for s in storage.signups_by_refs([first.ref.lower(), "VMV-XXXX-XXXX"])] == [first.ref]


def test_sqlite_file_is_owner_only_and_erased_words_are_gone_from_its_bytes(tmp_path) -> None:
    folder = tmp_path / "var"
    url = f"sqlite:///{folder / 'gladsaxe.sqlite3'}"
    old = os.umask(0o022)
    try:
        storage = Storage(url)
        saved = saved_karen(storage)
    finally:
        os.umask(old)
    files = sorted(folder.iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files), files
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert any(PERSONAL[1].encode() in f.read_bytes() for f in files)  # the check below can fail

    storage.withdraw_signup(saved.deletion_token)
    for path in folder.iterdir():
        raw = path.read_bytes()
        for value in PERSONAL:
            assert value.encode() not in raw, (path.name, value)
    storage.close()
