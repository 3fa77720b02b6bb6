"""The map page with AppTest: selection by URL, map click and list; filters; language."""

from __future__ import annotations

from tests.pages.conftest import app, clicked, texts


def test_map_page_renders_without_error_and_passes_returned_objects(fake_map):
    at = app().run()
    assert not at.exception
    assert "Gladsaxes grønne kort" in texts(at)
    kwargs = fake_map.calls[-1]
    assert kwargs["returned_objects"] == ["last_active_drawing", "last_object_clicked_count"]
    assert kwargs["center"] is None and kwargs["zoom"] is None


def test_permalink_place_opens_its_card_and_zooms(fake_map):
    at = app({"place": "headspace-gladsaxe"}).run()
    assert not at.exception
    assert any("headspace Gladsaxe" in s.value for s in at.subheader)
    assert "±450 m" in texts(at)
    assert fake_map.calls[-1]["center"] is not None and fake_map.calls[-1]["zoom"] >= 14


def test_permalink_partnership_opens_its_card(fake_map):
    at = app({"partnership": "vild-med-vilje"}).run()
    assert any("Vild Med Vilje" in s.value for s in at.subheader)
    assert "natur@gladsaxe.dk" in texts(at)


def test_unknown_id_gives_friendly_notice_not_error(fake_map):
    at = app({"place": "no-such-place"}).run()
    assert not at.exception
    assert any("kunne ikke finde" in i.value for i in at.info)


def test_map_click_selects_place_and_updates_url(fake_map):
    at = app().run()
    fake_map.value = clicked("kong-hans-have")
    at.run()
    assert not at.exception
    assert any("Kong Hans Have" in s.value for s in at.subheader)
    assert at.query_params["place"] == "kong-hans-have"
    assert "ha" in texts(at)


def test_list_button_selects_place(fake_map):
    at = app().run()
    at.button(key="list-place-raadhusparken").click().run()
    assert any("Rådhusparken" in s.value for s in at.subheader)
    assert at.query_params["place"] == "raadhusparken"


def test_partnership_card_jumps_to_its_place(fake_map):
    at = app({"partnership": "headspace-gladsaxe"}).run()
    at.button(key="goto-headspace-gladsaxe-headspace-gladsaxe").click().run()
    assert at.query_params["place"] == "headspace-gladsaxe"
    assert fake_map.calls[-1]["center"] is not None


def test_unmapped_place_says_so(fake_map):
    at = app({"place": "soeborg-park-alle"}).run()
    assert "ikke kortlagt" in texts(at)


def test_filters_update_list_and_counts(fake_map):
    at = app().run()
    all_places = len([b for b in at.button if b.key and b.key.startswith("list-place-")])
    at.button_group(key="f_categories").set_value(["health"]).run()
    health = [b.key for b in at.button if b.key and b.key.startswith("list-place-")]
    assert health == ["list-place-headspace-gladsaxe"]
    assert len(health) < all_places
    assert "viser **1** steder" in texts(at)


def test_free_text_search(fake_map):
    at = app().run()
    at.text_input(key="f_query").input("Aldershvile").run()
    keys = [b.key for b in at.button if b.key and b.key.startswith("list-place-")]
    assert keys and all("aldershvile" in k for k in keys)


def test_english_via_query_param(fake_map):
    at = app({"lang": "en", "place": "headspace-gladsaxe"}).run()
    assert "Gladsaxe green map" in texts(at)
    assert "Approximate position" in texts(at)


def test_every_partnership_reachable_from_list(fake_map):
    at = app().run()
    keys = {b.key for b in at.button if b.key and b.key.startswith("list-pship-")}
    assert len(keys) == 15
