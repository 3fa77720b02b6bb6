"""Residents' rights and staff handling of personal data, with AppTest (issue 11).

The deletion link, the consent text's retention number, the staff's e-mail search, JSON export
and deletion, the audit log page, and the end of staff sessions (idle, password reset).
"""

from __future__ import annotations

import json
import os
import time

from geo import staff as staff_accounts
from geo.privacy import RETENTION_MONTHS
from geo.privacy.tokens import QUERY_PARAM
from geo.signup import validate_signup
from geo.staffsession import IDLE_LIMIT_S
from geo.storage import Storage
from tests.pages.kit import PASSWORD, app, fill, fresh, join_page, log_in, submit, texts


def db() -> Storage:
    return Storage(os.environ["DATABASE_URL"])


def store(name: str, email: str, key: str) -> str:
    signup, _ = validate_signup({"kind": "company", "name": name, "email": email, "consent": True})
    return db().save_signup(signup, key).ref


def staff_at(page: str):
    at = log_in(fresh())
    return at.switch_page(page).run()


# --- the resident ----------------------------------------------------------------------


def test_consent_and_confirmation_take_the_retention_period_from_the_constant(fake_map):
    at = join_page()
    assert f"senest {RETENTION_MONTHS} måneder" in texts(at)
    at = submit(fill(at))
    assert f"({RETENTION_MONTHS} måneder efter tilmeldingen)" in texts(at)


def test_confirmation_shows_the_reference_and_a_private_deletion_link(fake_map):
    at = submit(fill(join_page()))
    [stored] = db().list_signups()
    assert any(stored.ref in s.value for s in at.success)
    [link] = [c.value for c in at.code]
    assert f"bliv-med?{QUERY_PARAM}=" in link
    token = link.split(f"{QUERY_PARAM}=")[1]
    assert len(token) >= 40
    assert db().signup_for_token(token).ref == stored.ref


def test_deletion_link_asks_then_deletes_at_once(fake_map):
    at = submit(fill(join_page()))
    token = at.code[0].value.split(f"{QUERY_PARAM}=")[1]
    ref = db().list_signups()[0].ref

    visit = app({QUERY_PARAM: token}).run()
    visit.switch_page("app_pages/join.py").run()
    assert "Vil du slette din tilmelding?" in texts(visit)
    assert db().get_signup(ref) is not None  # opening the link alone deletes nothing
    visit.button(key="privacy_withdraw_yes").click().run()
    assert not visit.exception
    assert db().get_signup(ref) is None
    assert any(f"Tilmelding {ref} er slettet" in s.value for s in visit.success)
    assert QUERY_PARAM not in visit.query_params
    assert [w.ref for w in db().withdrawals()] == [ref]


def test_an_unknown_or_used_link_says_so_and_deletes_nothing(fake_map):
    ref = store("Bevares", "bevar@example.dk", "k-keep")
    visit = app({QUERY_PARAM: "x" * 43}).run()
    visit.switch_page("app_pages/join.py").run()
    assert any("passer ikke" in w.value for w in visit.warning)
    assert not any(b.key == "privacy_withdraw_yes" for b in visit.button)
    assert db().get_signup(ref) is not None


# --- staff -----------------------------------------------------------------------------


def test_staff_list_shows_a_withdrawn_sign_up_without_its_data(fake_map, account):
    signup, _ = validate_signup({"kind": "company", "name": "Gone Navn", "email": "gone@example.dk", "consent": True})
    saved = db().save_signup(signup, "k-gone")
    db().withdraw_signup(saved.deletion_token)
    at = staff_at("app_pages/staff_signups.py")
    table = at.dataframe[0].value
    row = table[table.iloc[:, 0] == saved.ref]
    assert len(row) == 1
    assert "Trukket tilbage af borgeren" in row.iloc[0, 2]
    assert "Gone Navn" not in table.to_string() and "gone@example.dk" not in table.to_string()


def test_staff_find_by_email_export_json_and_delete(fake_map, account):
    from ui import privacy

    first = store("Ida Indsigt", "ida@example.dk", "k1")
    second = store("Ida Indsigt", "IDA@example.dk", "k2")
    other = store("Anden", "anden@example.dk", "k3")
    at = staff_at("app_pages/staff_requests.py")
    at.text_input(key="staff_rq_email").input("ida@example.dk").run()
    assert "2 tilmelding(er)" in texts(at)

    at.button(key="staff_rq_json").click().run()
    [link] = [b for b in at.get("link_button")]
    url = link.proto.url
    assert url.startswith("/personale/hent/")
    body, media_type, _name = privacy.redeem_download(url.rsplit("/", 1)[1])
    document = json.loads(body)
    assert media_type == "application/json"
    assert {s["ref"] for s in document["signups"]} == {first, second}
    assert document["signups"][0]["name"] == "Ida Indsigt" and document["retention_months"] == RETENTION_MONTHS
    assert privacy.redeem_download(url.rsplit("/", 1)[1]) is None  # once only

    at.checkbox(key="staff_rq_sure").check().run()
    at.button(key="staff_rq_delete").click().run()
    assert not at.exception
    assert db().get_signup(first) is None and db().get_signup(second) is None
    assert db().get_signup(other) is not None

    actions = [(e.actor, e.action) for e in db().audit_entries()]
    assert actions.count(("anna", "delete")) == 2
    assert ("anna", "export") in actions and ("anna", "search") in actions
    audit_text = "\n".join(f"{e.actor} {e.subject} {e.detail}" for e in db().audit_entries())
    assert "ida@example.dk" not in audit_text.lower() and "Ida Indsigt" not in audit_text

    log = at.switch_page("app_pages/staff_audit.py").run()
    assert not log.exception
    shown = log.dataframe[0].value.to_string()
    assert "Søgte efter e-mail" in shown and "Slettede" in shown and first in shown
    assert "ida@example.dk" not in shown


def test_status_change_and_view_are_in_the_audit_log(fake_map, account):
    ref = store("Vis Mig", "vis@example.dk", "k-view")
    at = staff_at("app_pages/staff_signups.py")
    at.selectbox(key="staff_su_ref").select(ref).run()
    at.run()  # a rerun of the same view writes nothing new
    at.selectbox(key=f"staff_su_new_status_{ref}").select("contacted")
    at.button[[b.label for b in at.button].index("Gem status og note")].click().run()
    entries = [(e.action, e.subject, e.detail) for e in db().audit_entries()]
    assert entries.count(("view", ref, "details")) == 1
    assert ("status", ref, "status=contacted") in entries


def test_the_sign_up_csv_is_offered_as_a_one_time_link_not_a_media_file(fake_map, account):
    from ui import privacy

    store("Csv Navn", "csv@example.dk", "k-csv")
    at = staff_at("app_pages/staff_signups.py")
    assert not at.get("download_button")  # nothing is put in Streamlit's /media/ store
    at.button(key="staff_su_csv").click().run()
    [link] = at.get("link_button")
    body, media_type, name = privacy.redeem_download(link.proto.url.rsplit("/", 1)[1])
    assert "Csv Navn" in body.decode("utf-8-sig") and media_type.startswith("text/csv") and name.endswith(".csv")
    at.run()
    assert not at.get("link_button")  # the link is shown once, in the run that made it


# --- staff sessions --------------------------------------------------------------------


def test_staff_login_ends_after_thirty_idle_minutes(fake_map, account):
    at = staff_at("app_pages/staff_signups.py")
    at.session_state["staff_seen_at"] = time.time() - IDLE_LIMIT_S + 60
    at.run()
    assert at.session_state["staff_user"] == "anna"  # 29 minutes: still logged in
    at.session_state["staff_seen_at"] = time.time() - IDLE_LIMIT_S - 1
    at.run()
    assert "staff_user" not in at.session_state
    assert "30 minutter" in "\n".join(i.value for i in at.info)
    assert not any("Tilmeldinger" == t.value for t in at.title)


def test_password_reset_ends_the_session_at_once(fake_map, account):
    at = staff_at("app_pages/staff_signups.py")
    assert any("Tilmeldinger" == t.value for t in at.title)
    staff_accounts.add_or_reset("anna", PASSWORD)  # same password, reset all the same
    at.run()
    assert "staff_user" not in at.session_state
    assert "adgangskoden" in "\n".join(i.value for i in at.info)
    assert not any("Tilmeldinger" == t.value for t in at.title)
