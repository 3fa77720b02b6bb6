"""Place cards tell wild management apart from other dated facts, and never sum parks as wild area."""

from __future__ import annotations

from tests.pages.kit import app, texts


def test_park_card_labels_its_area_as_the_park_and_dates_other_facts(fake_map):
    at = app({"place": "engen"}).run()
    assert not at.exception
    shown = texts(at)
    assert "Parkens omtrentlige areal" in shown and "ca. 2,0 ha" in shown
    assert "Det gøres for den vilde natur her" in shown
    assert "Der er endnu ikke beskrevet konkrete tiltag" in shown  # no sourced wild management at Engen
    assert "Andet om stedet (med årstal)" in shown
    assert "2019\\: I maj besluttede byrådet" in shown  # escaped by markdown_text


def test_map_headline_sums_no_park_outlines_into_wild_hectares(fake_map):
    at = app().run()
    # the counts line under the map: its figures are bold (the intro above the map has none)
    figures = next(m.value for m in at.markdown if "Vild Med Vilje-områder" in m.value and "**" in m.value)
    assert " ha" not in figures
    assert "ikke oplyst" in figures


def test_light_rail_stop_card_says_what_it_is(fake_map):
    at = app({"place": "letbanestop-nordvej"}).run()
    assert "Letbanestop" in [c.value for c in at.caption]
    assert "Partnersted" not in [c.value for c in at.caption]
