"""Every staff action checks the login at the moment of the click (ui.auth.staff_action).

Regression for the second security probe: widget callbacks ran before the page's own check, so
after the idle limit, a password reset or the account's removal the next click still deleted a
sign-up (and the audit log named the removed user). Each test prepares an action, ends the
login one of the three ways, clicks, and checks that nothing changed and the user is told.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import pytest

from geo import staff as staff_accounts
from geo.signup import validate_signup
from geo.staffsession import IDLE_LIMIT_S
from geo.storage import Storage
from tests.pages.kit import PASSWORD, fresh, log_in

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[12.4906, 55.7494], [12.4930, 55.7494], [12.4930, 55.7506], [12.4906, 55.7506], [12.4906, 55.7494]]
    ],
}


def db() -> Storage:
    return Storage(os.environ["DATABASE_URL"])


def stored_signup() -> str:
    signup, _ = validate_signup({"kind": "company", "name": "Ida Gate", "email": "ida@example.dk", "consent": True})
    return db().save_signup(signup, "k-gate").ref


def idle(at) -> None:
    at.session_state["staff_seen_at"] = time.time() - IDLE_LIMIT_S - 1


def password_reset(_at) -> None:
    staff_accounts.add_or_reset("anna", PASSWORD)


def account_removed(_at) -> None:
    staff_accounts.remove("anna")


ENDINGS: dict[str, Callable] = {"idle": idle, "reset": password_reset, "removed": account_removed}


def staff_at(page: str):
    return log_in(fresh()).switch_page(page).run()


def click_after(at, ending: str, click: Callable) -> None:
    """End the login, click, and check that the user is told and sees no staff page."""
    ENDINGS[ending](at)
    click(at).run()
    assert not at.exception
    assert "Du er logget ud" in "\n".join(i.value for i in at.info)
    assert "staff_user" not in at.session_state
    assert not any(e.action in ("delete", "status") for e in db().audit_entries())


def submit(at, label: str):
    return next(b for b in at.button if b.label == label).click()


@pytest.mark.parametrize("ending", ENDINGS)
def test_erase_one_sign_up(fake_map, account, ending):
    ref = stored_signup()
    at = staff_at("app_pages/staff_signups.py")
    at.selectbox(key="staff_su_ref").select(ref).run()
    at.checkbox(key=f"staff_su_sure_{ref}").check().run()
    click_after(at, ending, lambda at: at.button(key=f"staff_su_erase_{ref}").click())
    assert db().get_signup(ref) is not None


@pytest.mark.parametrize("ending", ENDINGS)
def test_save_a_sign_ups_status(fake_map, account, ending):
    ref = stored_signup()
    at = staff_at("app_pages/staff_signups.py")
    at.selectbox(key="staff_su_ref").select(ref).run()
    at.selectbox(key=f"staff_su_new_status_{ref}").select("contacted")
    click_after(at, ending, lambda at: submit(at, "Gem status og note"))
    assert db().get_signup(ref).status == "new"


@pytest.mark.parametrize("ending", ENDINGS)
def test_erase_all_of_a_persons_sign_ups(fake_map, account, ending):
    ref = stored_signup()
    at = staff_at("app_pages/staff_requests.py")
    at.text_input(key="staff_rq_email").input("ida@example.dk").run()
    at.checkbox(key="staff_rq_sure").check().run()
    click_after(at, ending, lambda at: at.button(key="staff_rq_delete").click())
    assert db().get_signup(ref) is not None


@pytest.mark.parametrize("ending", ENDINGS)
def test_issue_a_download_ticket(fake_map, account, ending):
    stored_signup()
    at = staff_at("app_pages/staff_signups.py")
    click_after(at, ending, lambda at: at.button(key="staff_su_csv").click())
    assert not at.get("link_button")


def candidate_page():
    candidate = db().save_candidate("Mosen", SQUARE, "anna")
    return candidate.id, staff_at("app_pages/staff_candidates.py")


@pytest.mark.parametrize("ending", ENDINGS)
def test_delete_a_candidate(fake_map, account, ending):
    cid, at = candidate_page()
    at.checkbox(key=f"staff_cand_sure_{cid}").check().run()
    click_after(at, ending, lambda at: at.button(key=f"staff_cand_delete_{cid}").click())
    assert [c.id for c in db().list_candidates()] == [cid]


@pytest.mark.parametrize("ending", ENDINGS)
def test_rename_a_candidate(fake_map, account, ending):
    cid, at = candidate_page()
    at.text_input(key=f"staff_cand_name_{cid}").input("Omdøbt")
    click_after(at, ending, lambda at: at.button(key=f"staff_cand_rename_{cid}").click())
    assert [c.name for c in db().list_candidates()] == ["Mosen"]


@pytest.mark.parametrize("ending", ENDINGS)
def test_change_a_candidates_status(fake_map, account, ending):
    cid, at = candidate_page()
    click_after(at, ending, lambda at: at.button(key=f"staff_cand_status_{cid}").click())
    assert [c.status for c in db().list_candidates()] == ["candidate"]


@pytest.mark.parametrize("ending", ENDINGS)
def test_discard_a_position_proposal(fake_map, account, ending):
    at = staff_at("app_pages/staff_corrections.py")
    at.session_state["staff_correction_new_" + at.selectbox(key="staff_correction_place").value] = SQUARE
    at.run()
    click_after(at, ending, lambda at: at.button(key="staff_correction_discard").click())


def test_a_live_login_still_acts_and_the_gate_names_the_action(fake_map, account):
    from ui import auth

    ref = stored_signup()
    at = staff_at("app_pages/staff_signups.py")
    at.selectbox(key="staff_su_ref").select(ref).run()
    at.checkbox(key=f"staff_su_sure_{ref}").check().run()
    at.button(key=f"staff_su_erase_{ref}").click().run()
    assert db().get_signup(ref) is None
    assert [(e.actor, e.action) for e in db().audit_entries() if e.action == "delete"] == [("anna", "delete")]

    @auth.staff_action("test.noop")
    def noop(user: str) -> str:
        return user

    assert noop.staff_action == "test.noop"


def test_a_deferred_staff_download_is_refused_after_the_login_ended(monkeypatch):
    from geo import staffsession
    from ui import auth

    made = []
    identity = staffsession.StaffSession("anna", "stamp", 1000.0)
    monkeypatch.setattr(auth, "session_identity", lambda: identity)
    monkeypatch.setattr(auth, "oidc_configured", lambda: False)
    monkeypatch.setattr(auth.st, "session_state", {})
    monkeypatch.setattr(staffsession, "credential_stamp", lambda _user: "stamp")
    download = auth.staff_download("export.test", lambda: made.append(1) or b"file")
    monkeypatch.setattr(auth, "clock", lambda: 1000.0 + 60)
    assert download() == b"file"
    monkeypatch.setattr(auth, "clock", lambda: 1000.0 + IDLE_LIMIT_S + 1)
    with pytest.raises(auth.SessionEnded):
        download()
    monkeypatch.setattr(auth, "clock", lambda: 1000.0 + 60)
    monkeypatch.setattr(staffsession, "credential_stamp", lambda _user: None)  # removed (or reset)
    with pytest.raises(auth.SessionEnded):
        download()
    assert made == [1]


# --- download tickets: bound to the login that asked for them ----------------------------


def ticket_from(at) -> str:
    at.button(key="staff_su_csv").click().run()
    [link] = at.get("link_button")
    return link.proto.url.rsplit("/", 1)[1]


def test_logging_out_ends_the_sessions_download_tickets(fake_map, account):
    from ui import privacy

    stored_signup()
    at = staff_at("app_pages/staff_signups.py")
    token = ticket_from(at)
    at.switch_page("app_pages/staff_login.py").run()
    at.button(key="staff_logout").click().run()
    assert privacy.redeem_download(token) is None
    assert not [e for e in db().audit_entries() if e.action == "export"]


@pytest.mark.parametrize("ending", ["reset", "removed"])
def test_a_ticket_dies_with_its_accounts_password(fake_map, account, ending):
    from ui import privacy

    stored_signup()
    at = staff_at("app_pages/staff_signups.py")
    token = ticket_from(at)
    ENDINGS[ending](at)
    assert privacy.redeem_download(token) is None
    assert not [e for e in db().audit_entries() if e.action == "export"]


def test_a_live_ticket_still_works_once(fake_map, account):
    from ui import privacy

    stored_signup()
    token = ticket_from(staff_at("app_pages/staff_signups.py"))
    body, _media, _name = privacy.redeem_download(token)
    assert b"Ida Gate" in body
    assert privacy.redeem_download(token) is None
