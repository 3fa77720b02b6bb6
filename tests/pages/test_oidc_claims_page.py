"""OpenID Connect logins count only with a verified e-mail and the expected tenant (issue 12)."""

from __future__ import annotations

import pytest

from tests.pages.kit import STAFF_PATHS, app

ALLOWED = "natur@gladsaxe.dk"
TENANT = "6a1e0c2f-0000-4000-8000-gladsaxe0001"


def oidc_app(claims: dict, staff: dict | None = None):
    at = app()
    at.secrets["auth"] = {"redirect_uri": "http://localhost/oauth2callback", "cookie_secret": "x"}
    at.secrets["staff"] = {"emails": [ALLOWED]} | (staff or {})
    at.user = {"is_logged_in": True, "email": ALLOWED} | claims
    at.run()
    return at.switch_page("app_pages/staff_login.py").run()  # where the login box and its notices live


def warnings(at) -> str:
    return "\n".join(w.value for w in at.warning)


@pytest.mark.parametrize("claims", [{}, {"email_verified": False}, {"email_verified": "false"}, {"email_verified": 1}])
def test_an_unverified_e_mail_on_the_allow_list_gets_no_staff_page(fake_map, nav_paths, claims):
    at = oidc_app(claims)
    assert not at.exception
    assert not nav_paths[-1] & STAFF_PATHS
    assert "ikke bekræftet" in warnings(at)


@pytest.mark.parametrize("verified", [True, "true"])
def test_a_verified_e_mail_on_the_allow_list_gets_the_staff_pages(fake_map, nav_paths, verified):
    oidc_app({"email_verified": verified})
    assert nav_paths[-1] >= STAFF_PATHS


def test_another_tenant_is_refused_when_a_tenant_is_expected(fake_map, nav_paths):
    staff = {"expected_claims": {"tid": TENANT}}
    at = oidc_app({"email_verified": True, "tid": "attacker-tenant"}, staff)
    assert not nav_paths[-1] & STAFF_PATHS
    assert "organisationskonto" in warnings(at)
    oidc_app({"email_verified": True}, staff)  # no tenant claim at all
    assert not nav_paths[-1] & STAFF_PATHS
    oidc_app({"email_verified": True, "tid": TENANT}, staff)
    assert nav_paths[-1] >= STAFF_PATHS


def test_a_provider_specific_verification_claim_can_be_named(fake_map, nav_paths):
    staff = {"email_verified_claim": "xms_edov"}
    oidc_app({"email_verified": True}, staff)
    assert not nav_paths[-1] & STAFF_PATHS
    oidc_app({"xms_edov": True}, staff)
    assert nav_paths[-1] >= STAFF_PATHS
