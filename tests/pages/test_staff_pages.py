"""Staff access and the staff pages with AppTest, run from the real entry point.

Gating evidence: the page list handed to ``st.navigation`` is recorded for every run, and
``AppTest.switch_page`` refuses a page that is not registered (as a typed URL would fall back).
"""

from __future__ import annotations

import folium.plugins
import pytest

from geo import staff as staff_accounts
from geo.signup import validate_signup
from geo.storage import open_storage
from tests.pages.kit import STAFF_FILES, STAFF_PATHS, app, errors, fresh, has_control, log_in, logged_in, texts

HOSTILE = "<img src=x onerror=alert(1)> [klik](https://evil.example) **fed**"
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[12.4906, 55.7494], [12.4930, 55.7494], [12.4930, 55.7506], [12.4906, 55.7506], [12.4906, 55.7494]]
    ],
}


# --- gating ----------------------------------------------------------------------------


def test_no_staff_page_without_login(fake_map, nav_paths):
    at = app().run()
    assert not at.exception
    assert nav_paths[-1] and not nav_paths[-1] & STAFF_PATHS
    for path in STAFF_FILES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(path)


@pytest.mark.parametrize("page", ["app_pages/map.py", "app_pages/join.py", "app_pages/data_sources.py"])
def test_public_pages_have_no_login_widgets_but_link_the_login_page(fake_map, page):
    at = app().run()
    at = at.switch_page(page).run() if page != "app_pages/map.py" else at
    assert not at.exception
    keys = {w.key for w in at.text_input} | {b.key for b in at.button}
    assert not {"staff_login_user", "staff_login_password", "staff_login_oidc"} & keys
    assert any(
        link.proto.page == "app_pages/staff_login.py" or "personale" in link.proto.page for link in at.get("page_link")
    )


def test_wrong_password_is_rejected(fake_map, account, nav_paths):
    at = log_in(fresh(), password="forkert-kode-123")
    assert "Forkert brugernavn eller adgangskode" in errors(at)
    assert not nav_paths[-1] & STAFF_PATHS
    assert "staff_user" not in at.session_state
    assert at.text_input(key="staff_login_password").value == ""  # the password is not kept


def test_unknown_user_gets_the_same_answer(fake_map, account):
    at = log_in(fresh(), username="nobody")
    assert "Forkert brugernavn eller adgangskode" in errors(at)


def test_lockout_after_five_failures_even_with_the_right_password(fake_map, account, nav_paths):
    at = fresh()
    for _ in range(4):
        at = log_in(at, password="forkert-kode-123")
        assert "Forkert" in errors(at)
    at = log_in(at, password="forkert-kode-123")
    assert "låst" in errors(at) and "15 minutter" in errors(at)
    at = log_in(at)  # the right password, but locked
    assert "låst" in errors(at)
    assert not nav_paths[-1] & STAFF_PATHS


def test_login_shows_staff_pages_and_logout_removes_them(fake_map, account, nav_paths):
    at = log_in(fresh())
    assert not at.exception
    assert nav_paths[-1] >= STAFF_PATHS
    assert "Logget ind som **anna**" in texts(at)
    at.switch_page("app_pages/staff_overview.py").run()
    assert not at.exception
    assert any("Vild Med Vilje-områderne" in t.value for t in at.title)

    at.switch_page("app_pages/staff_login.py").run()
    at.button(key="staff_logout").click().run()
    assert not nav_paths[-1] & STAFF_PATHS
    assert "staff_user" not in at.session_state
    assert not any("Vild Med Vilje-områderne" in t.value for t in at.title)
    with pytest.raises(ValueError):
        at.switch_page("app_pages/staff_candidates.py")


def test_removed_account_loses_access_on_next_run(fake_map, account, nav_paths):
    at = log_in(fresh())
    staff_accounts.remove("anna")
    at.run()
    assert not nav_paths[-1] & STAFF_PATHS


def oidc_app(email: str):
    at = app()
    at.secrets["auth"] = {"redirect_uri": "http://localhost/oauth2callback", "cookie_secret": "x"}
    at.secrets["staff"] = {"emails": ["Natur@Gladsaxe.dk"]}
    at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    return at.run()


def test_oidc_user_not_on_the_allow_list_gets_no_staff_page(fake_map, nav_paths):
    at = oidc_app("someone@example.com").switch_page("app_pages/staff_login.py").run()
    assert not nav_paths[-1] & STAFF_PATHS
    assert "står ikke på listen" in "\n".join(w.value for w in at.warning)


def test_oidc_user_on_the_allow_list_gets_the_staff_pages(fake_map, nav_paths):
    oidc_app("natur@gladsaxe.dk")
    assert nav_paths[-1] >= STAFF_PATHS


# --- the pages -------------------------------------------------------------------------


@pytest.mark.parametrize("path", STAFF_FILES)
def test_every_staff_page_renders(fake_map, account, path):
    at = logged_in()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    assert not errors(at)


def test_overview_counts_sign_ups(fake_map, account):
    signup, _ = validate_signup({"kind": "private_garden", "name": "Ib", "email": "ib@example.dk", "consent": True})
    open_storage().save_signup(signup, "k1")
    at = logged_in()
    at.switch_page("app_pages/staff_overview.py").run()
    assert "1 tilmeldinger i alt" in texts(at)
    assert at.get("download_button")


def test_drawn_candidate_is_measured_and_saved(fake_map, account):
    at = logged_in()
    at.switch_page("app_pages/staff_candidates.py").run()
    assert has_control(fake_map.maps[-1], folium.plugins.Draw)
    fake_map.value = {"all_drawings": [{"type": "Feature", "geometry": SQUARE, "properties": {}}]}
    at.run()
    assert fake_map.calls[-1]["returned_objects"] == ["all_drawings", "last_active_drawing"]
    labels = [m.label for m in at.metric]
    assert "Areal" in labels and "Afstand til nærmeste vilde område" in labels
    at.text_input(key="staff_cand_draw_0_name_0").input("Mosen")
    at.button(key="staff_cand_draw_save").click().run()
    fake_map.value = None
    at.run()
    [saved] = open_storage().list_candidates()
    assert saved.name == "Mosen" and saved.created_by == "anna"
    assert any("Mosen" in m.value for m in at.markdown)


def test_without_leaflet_draw_staff_upload_a_file_instead(fake_map, account, npm_assets):
    npm_assets(False)
    at = logged_in()
    at.switch_page("app_pages/staff_candidates.py").run()
    assert not at.exception
    assert not has_control(fake_map.maps[-1], folium.plugins.Draw)
    assert "Tegneværktøjet er ikke installeret" in "\n".join(i.value for i in at.info)
    fake_map.value = {"all_drawings": [{"type": "Feature", "geometry": SQUARE, "properties": {}}]}
    at.run()
    assert "staff_cand_draw_save" not in [b.key for b in at.button]  # a stray drawing is not offered
    assert any(u.key.startswith("staff_cand_file_") for u in at.file_uploader)


def test_sign_up_text_is_never_markdown(fake_map, account):
    signup, _ = validate_signup(
        {"kind": "company", "name": HOSTILE, "email": "a@example.dk", "message": HOSTILE, "consent": True}
    )
    ref = open_storage().save_signup(signup, "k2").ref
    at = logged_in()
    at.switch_page("app_pages/staff_signups.py").run()
    at.selectbox(key="staff_su_ref").select(ref).run()
    assert not at.exception
    assert HOSTILE in [t.value for t in at.text]
    assert not any("evil.example" in m.value and "\\" not in m.value for m in at.markdown)

    at.selectbox(key=f"staff_su_new_status_{ref}").select("contacted")
    at.text_area(key=f"staff_su_note_{ref}").input("Ringet op")
    at.button[[b.label for b in at.button].index("Gem status og note")].click().run()
    assert open_storage().get_signup(ref).status == "contacted"

    at.checkbox(key=f"staff_su_sure_{ref}").check().run()
    at.button(key=f"staff_su_erase_{ref}").click().run()
    assert open_storage().get_signup(ref) is None


def test_position_correction_reaches_the_public_catalogue(fake_map, account):
    at = logged_in()
    at.switch_page("app_pages/staff_corrections.py").run()
    at.selectbox(key="staff_correction_place").select("lindetorvet").run()
    fake_map.value = {"last_clicked": {"lng": 12.4901, "lat": 55.7370}}
    at.run()
    at.text_area[0].input("Tjekket på stedet")
    at.text_input[[w.label for w in at.text_input].index("Kilde")].input("Besøg 2026-11-30")
    at.button[[b.label for b in at.button].index("Gem rettelsen")].click().run()
    assert not at.exception
    [correction] = open_storage().corrections_for("lindetorvet")
    assert correction.geometry == {"type": "Point", "coordinates": [12.4901, 55.737]}
    assert correction.by == "anna" and correction.reason == "Tjekket på stedet"
    assert "Tjekket på stedet" in [c for row in at.dataframe[-1].value.values for c in row]


def test_export_page_offers_every_layer_and_makes_no_file_before_it_is_asked_for(fake_map, account, monkeypatch):
    from geo import export

    made = []
    for name in ("to_geojson", "to_geopackage", "to_csv"):
        monkeypatch.setattr(export, name, lambda *args, name=name, **kwargs: made.append(name))
    at = logged_in()
    at.switch_page("app_pages/staff_export.py").run()
    at.run()
    assert not at.exception
    buttons = at.get("download_button")
    assert len(buttons) == 7  # five GeoJSON layers, one GeoPackage, partnerships CSV
    assert made == []  # the page hands the buttons functions; a click makes the file


def test_joined_private_garden_becomes_an_anonymous_public_point():
    from ui import data

    signup, _ = validate_signup(
        {
            "kind": "private_garden",
            "name": "Ib Hansen",
            "email": "ib@example.dk",
            "consent": True,
            "lon": 12.4701,
            "lat": 55.7401,
            "exact_location_ok": True,
        }
    )
    db = open_storage()
    ref = db.save_signup(signup, "k3").ref
    assert data.approved_gardens()["features"] == []
    db.update_status(ref, "joined", "", by="anna")
    data.gardens_changed()
    [feature] = data.approved_gardens()["features"]
    assert feature["properties"] == {"kind": "approved_garden"}
    assert feature["geometry"]["coordinates"] != [12.4701, 55.7401]  # snapped to its 100 m cell
    assert "Ib" not in str(data.approved_gardens())
