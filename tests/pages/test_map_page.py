"""The map page with AppTest: selection by URL, map click and list; filters; language."""

from __future__ import annotations

import folium.plugins

from tests.pages.kit import app, clicked, has_control, texts
from tests.pages.pagedata import CONTACT, PARTNERSHIPS


def test_map_page_renders_without_error_and_passes_returned_objects(fake_map):
    at = app().run()
    assert not at.exception
    assert "Gladsaxes grønne kort" in texts(at)
    kwargs = fake_map.calls[-1]
    assert kwargs["returned_objects"] == ["last_active_drawing", "last_object_clicked_count"]
    assert kwargs["center"] is None and kwargs["zoom"] is None


def test_permalink_place_opens_its_card_and_zooms(fake_map):
    at = app({"place": "ungehuset"}).run()
    assert not at.exception
    assert any("Ungehuset" in s.value for s in at.subheader)
    assert "±450 m" in texts(at)
    assert fake_map.calls[-1]["center"] is not None and fake_map.calls[-1]["zoom"] >= 14


def test_permalink_partnership_opens_its_card(fake_map):
    at = app({"partnership": "vild-med-vilje"}).run()
    assert any("Vild Med Vilje" in s.value for s in at.subheader)
    assert CONTACT in texts(at)


def test_unknown_id_gives_friendly_notice_not_error(fake_map):
    at = app({"place": "no-such-place"}).run()
    assert not at.exception
    assert any("kunne ikke finde" in i.value for i in at.info)


def test_map_click_selects_place_and_updates_url(fake_map):
    at = app().run()
    fake_map.value = clicked("engen")
    at.run()
    assert not at.exception
    assert any("Engen" in s.value for s in at.subheader)
    assert at.query_params["place"] == "engen"
    assert "ha" in texts(at)


def test_list_button_selects_place(fake_map):
    at = app().run()
    at.button(key="list-place-kaeret").click().run()
    assert any("Kæret" in s.value for s in at.subheader)
    assert at.query_params["place"] == "kaeret"


def test_partnership_card_jumps_to_its_place(fake_map):
    at = app({"partnership": "ungeraadgivningen"}).run()
    at.button(key="goto-ungeraadgivningen-ungehuset").click().run()
    assert at.query_params["place"] == "ungehuset"
    assert fake_map.calls[-1]["center"] is not None


def test_unmapped_place_says_so(fake_map):
    at = app({"place": "stien-ved-aaen"}).run()
    assert "ikke kortlagt" in texts(at)


def test_filters_update_list_and_counts(fake_map):
    at = app().run()
    all_places = len([b for b in at.button if b.key and b.key.startswith("list-place-")])
    at.button_group(key="f_categories").set_value(["health"]).run()
    health = [b.key for b in at.button if b.key and b.key.startswith("list-place-")]
    assert health == ["list-place-ungehuset"]
    assert len(health) < all_places
    assert "viser **1** steder" in texts(at)


def test_free_text_search(fake_map):
    at = app().run()
    at.text_input(key="f_query").input("Skovbrynet").run()
    keys = [b.key for b in at.button if b.key and b.key.startswith("list-place-")]
    assert keys == ["list-place-skovbrynet-nord", "list-place-skovbrynet-syd"]


def test_english_via_query_param(fake_map):
    at = app({"lang": "en", "place": "ungehuset"}).run()
    assert "Gladsaxe green map" in texts(at)
    assert "Approximate position" in texts(at)


def test_every_partnership_reachable_from_list(fake_map):
    at = app().run()
    keys = {b.key for b in at.button if b.key and b.key.startswith("list-pship-")}
    assert keys == {f"list-pship-{pid}" for pid in PARTNERSHIPS}


def test_the_locate_button_is_on_the_map_only_when_leaflet_locate_is_installed(fake_map, npm_assets):
    app().run()
    assert has_control(fake_map.maps[-1], folium.plugins.LocateControl)
    npm_assets(False)
    app().run()
    assert not has_control(fake_map.maps[-1], folium.plugins.LocateControl)
