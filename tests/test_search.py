"""geo.search: filters by category, partnership and free text, on a small data set built here."""

from __future__ import annotations

import pytest

from geo.loading import load_catalog
from geo.search import Filters, apply_filters
from tests import builders


@pytest.fixture
def catalog(tmp_path):
    places, partnerships = builders.dataset()
    places["features"].append(
        builders.partner_site("genbrug-site", lon=12.48, lat=55.74, name="Loppemarkedet", partnership_ids=["genbrug"])
    )
    partnerships["partnerships"].append(
        builders.partnership(
            "genbrug",
            ("genbrug-site",),
            name={"da": "Genbrugslopperne", "en": "The Recycling Fleas"},
            category="circular_economy",
            partners=["Lokale Lopper ApS"],
        )
    )
    loaded = load_catalog(builders.write(tmp_path / "data", places, partnerships))
    assert not loaded.problems
    return loaded


def ids(result):
    places, partnerships = result
    return [p.id for p in places], [p.id for p in partnerships]


def test_no_filter_keeps_everything_in_data_order(catalog):
    assert ids(apply_filters(catalog, Filters())) == (
        ["kong-hans-have", "headspace-gladsaxe", "genbrug-site"],
        ["vild-med-vilje", "headspace-gladsaxe", "genbrug"],
    )


def test_a_category_keeps_its_partnerships_and_their_places(catalog):
    assert ids(apply_filters(catalog, Filters(categories=frozenset({"health"})))) == (
        ["headspace-gladsaxe"],
        ["headspace-gladsaxe"],
    )


def test_a_partnership_filter_keeps_only_that_partnership(catalog):
    assert ids(apply_filters(catalog, Filters(partnership_id="genbrug"))) == (["genbrug-site"], ["genbrug"])


def test_an_unknown_category_keeps_nothing(catalog):
    assert ids(apply_filters(catalog, Filters(categories=frozenset({"no-such"})))) == ([], [])


def test_text_ignores_case_and_unicode_form(catalog):
    # full-width capitals fold to "headspace" under NFKC + casefold
    assert ids(apply_filters(catalog, Filters(query="ＨＥＡＤＳＰＡＣＥ")))[0] == ["headspace-gladsaxe"]


def test_every_word_must_match(catalog):
    assert ids(apply_filters(catalog, Filters(query="headspace loppe"))) == ([], [])


def test_a_place_matches_through_the_name_of_its_partnership(catalog):
    places, partnerships = ids(apply_filters(catalog, Filters(query="genbrugslopperne")))
    assert places == ["genbrug-site"]
    assert partnerships == ["genbrug"]


def test_a_partnership_matches_through_a_partner_and_through_its_places(catalog):
    assert ids(apply_filters(catalog, Filters(query="lokale lopper")))[1] == ["genbrug"]
    assert ids(apply_filters(catalog, Filters(query="loppemarkedet")))[1] == ["genbrug"]


def test_text_and_category_combine(catalog):
    assert ids(apply_filters(catalog, Filters(categories=frozenset({"nature"}), query="loppemarkedet"))) == ([], [])
