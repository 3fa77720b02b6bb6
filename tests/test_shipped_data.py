"""The shipped data says what Gladsaxe Kommune's Partnerskaber page states, and says it honestly.

Each assertion is a fact from the page (or a rule of issue 9) that an earlier version of the
data got wrong or left out. The page itself is not part of the repository; the facts are.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from geo.loading import load_catalog

REPO = Path(__file__).resolve().parent.parent
PARTNERSKABER = "https://gladsaxe.dk/politik/planer-politikker-og-visioner/gladsaxestrategien/partnerskaber"
GENBRUGSLOPPERNE_MEMBERS = (
    "Bagsværd Atletik Club",
    "Bagsværd Roklub",
    "DDF",
    "De grønne pigespejdere",
    "Det Danske Spejderkorps",
    "Foxy Cheerleaders",
    "Gladsaxe Garden",
    "Gladsaxe Hero Boldklub",
    "IF Bytoften",
    "KFUM-Spejderne",
    "Radioklubben Jumbo",
)
VMV_AREAS = (
    "Kong Hans Have",
    "Høje Gladsaxe Park",
    "Rådhusparken",
    "Wergelandsparken",
    "Søborg Park Allé",
    "Aldershvile Slotspark",
    "Søborg Torv",
    "Bagsværd Søpark",
    "Møllegården",
)
FIRST_TALK_PEOPLE = (
    "Trine Græse",
    "Martin Flindt Nielsen",
    "Nanna Klingenberg Andersen",
    "Niels Roesen Abildgaard",
)


@pytest.fixture(scope="module")
def catalog():
    loaded = load_catalog(REPO / "data")
    assert loaded.problems == ()
    return loaded


def both(text) -> tuple[str, str]:
    return text.da, text.en


def test_every_partnership_cites_the_partnerskaber_page(catalog):
    for item in catalog.partnerships:
        assert PARTNERSKABER in {str(s.url) for s in item.sources}, item.id


def test_no_text_claims_the_page_was_unread_or_rests_on_a_summary():
    for name in ("partnerships.yaml", "places.geojson", "README.md"):
        text = (REPO / "data" / name).read_text(encoding="utf-8").lower()
        for phrase in ("read in part", "could only be read", "product brief", "brief's summary"):
            assert phrase not in text, (name, phrase)


def test_genbrugslopperne_names_its_eleven_associations_and_how_it_works(catalog):
    item = catalog.partnership("genbrugslopperne")
    assert set(GENBRUGSLOPPERNE_MEMBERS) <= set(item.partners)
    for text in both(item.body):
        for member in GENBRUGSLOPPERNE_MEMBERS:
            assert member in text, member
        assert "Telefonvej 8G" in text and "Turbinevej" in text
    assert "søge om at blive optaget" in item.body.da and "apply to join" in item.body.en
    assert "uden fradrag" in item.body.da and "in full" in item.body.en
    # The recycling centre is on Turbinevej; only the flea market is at Telefonvej 8G.
    assert "recycling station at Telefonvej" not in item.summary.en


def test_the_talk_series_first_talk_is_dated_with_its_participants(catalog):
    item = catalog.partnership("foredrag-verdensmaal")
    assert "talk" in item.name.da.lower() and "talk series" in item.name.en.lower()
    assert "5. oktober 2020" in item.body.da and "5 October 2020" in item.body.en
    for text in both(item.body):
        for person in FIRST_TALK_PEOPLE:
            assert person in text, person
        assert "Verdensmålshuset" in text
    assert "blev holdt" in item.body.da and "was held" in item.body.en
    assert "verdensmaalshuset" in item.place_ids


def test_headspace_names_its_national_partner_and_what_young_people_get(catalog):
    item = catalog.partnership("headspace-gladsaxe")
    assert {"headspace Danmark", "Det Sociale Netværk"} <= set(item.partners)
    for text in both(item.body):
        assert "Det Sociale Netværk" in text and "Poul Nyrup Rasmussen" in text
    assert "ensomhed" in item.body.da and "loneliness" in item.body.en
    assert "Gladsaxevej 315" in item.summary.da


def test_copenhagen_life_science_names_gladsaxe_and_fellow_members(catalog):
    item = catalog.partnership("copenhagen-life-science")
    assert {"Gladsaxe Kommune", "Novo Nordisk", "Københavns Universitet"} <= set(item.partners)
    assert "University of Copenhagen" in item.body.en
    assert not any("names Gladsaxe" in q for q in item.open_questions)


@pytest.mark.parametrize(
    "pid,da,en",
    [
        ("life-fonden", "første danske kommuner", "one of the first"),
        ("boblberg", "Gladsaxestrategien", "Gladsaxe Strategy"),
        ("gladsaxe-erhvervsby", "ejendomsejere", "property owners"),
        ("abc-mental-sundhed", "målgrupper", "target groups"),
        ("koebenhavns-professionshoejskole", "tiltrække", "attract"),
        ("aktion-verdensmaal", "Stengård Skole og Gladsaxe Skole", "Stengård Skole and Gladsaxe Skole"),
        ("vild-med-vilje", "natur@gladsaxe.dk", "natur@gladsaxe.dk"),
    ],
)
def test_details_the_page_gives_are_present(catalog, pid, da, en):
    item = catalog.partnership(pid)
    assert da in item.summary.da + item.body.da
    assert en in item.summary.en + item.body.en


def test_vild_med_vilje_names_its_ten_areas_and_other_members(catalog):
    item = catalog.partnership("vild-med-vilje")
    for text in both(item.body):
        for area in VMV_AREAS:
            assert area in text, area
    assert "private husejere" in item.body.da and "private homeowners" in item.body.en
    assert len(item.place_ids) == 10


def test_aldershvile_areas_have_unknown_wildness(catalog):
    for pid in ("aldershvile-slotspark-1", "aldershvile-slotspark-2"):
        assert catalog.place(pid).props.wildness == "ukendt"


def test_wild_management_lists_hold_no_climate_budget_or_old_plan_facts(catalog):
    other = re.compile(r"regnvand|borgerbudget|plejeplan|rainwater|citizen budget|care plan", re.IGNORECASE)
    for place in catalog.places:
        for measure in place.props.measures:
            assert not other.search(measure.da + measure.en), place.id


def test_other_facts_carry_their_year(catalog):
    for place in catalog.places:
        for fact in place.props.other_facts:
            for text in both(fact):
                assert re.search(r"\b1\d{3}|\b20\d{2}", text.split(":")[0]), (place.id, text)


def test_time_bound_plans_are_worded_as_plans_of_their_year(catalog):
    school = catalog.place("soeborg-skole").props
    texts = " ".join(f.en for f in school.other_facts)
    assert "was planned to be finished in 2025" in texts
    assert "2025" not in school.description.en


def test_places_say_what_they_are(catalog):
    kinds = {p.id: p.props.kind for p in catalog.places}
    assert {k for k, v in kinds.items() if v == "light_rail_stop"} == {k for k in kinds if k.startswith("letbanestop-")}
    assert kinds["moerkhoej"] == "district"
    assert {kinds["stengaard-skole"], kinds["gladsaxe-skole"], kinds["soeborg-skole"]} == {"school"}


def test_one_english_name_per_thing():
    english = []
    doc = json.loads((REPO / "data" / "places.geojson").read_text(encoding="utf-8"))
    catalog = load_catalog(REPO / "data")
    for feature in doc["features"]:
        props = feature["properties"]
        english += [props["description"]["en"], props["position_note"]["en"]]
        english += [m["en"] for m in props.get("measures", []) + props.get("other_facts", [])]
    for item in catalog.partnerships:
        english += [item.name.en, item.summary.en, item.body.en]
    joined = "\n".join(english)
    wrong_names = ("SDG House", "House of the UN Goals", "Gladsaxe Municipality", "kroner", " kr.", "e-mail")
    for wrong in (*wrong_names, "Global Goals", "UN goals", "culture centre", "Child Friendly Cities"):
        assert wrong not in joined, wrong


def test_other_facts_are_searchable(catalog):
    from geo.search import Filters, apply_filters

    places, _ = apply_filters(catalog, Filters(query="fuglekasser"))
    assert "kong-hans-have" in {p.id for p in places}


# ---- The municipality's voice, about today (issue 23) -------------------------------------------

# A researcher's doubts ("we could not read it", "our sources") belong in `open_questions` and in
# provenance, not in what a resident reads as the municipality speaking.
RESEARCHER_PHRASES = (
    "som vi ikke har haft adgang til",
    "som ikke er dateret",
    "ifølge partnerskabssiden",
    "ifølge kommunens partnerskabsside",
    "ifølge gladsaxe kommunes partnerskabsside",
    "partnerskabssiden nævner",
    "vores kilder",
    "kilderne siger kun",
    "kilderne beskriver",
    "kilderne oplyser",
    "kilden beskriver",
    "vi ved hverken",
    "har vi ikke fundet",
    "we have not been able",
    "which is undated",
    "according to the partnerships page",
    "according to the municipality's partnerships page",
    "according to gladsaxe kommune's partnerships page",
    "the partnerships page lists",
    "our sources",
    "the sources only say",
    "the sources do not",
    "the source describes",
    "we know neither",
)


def public_texts(catalog) -> list[tuple[str, str]]:
    """(where, text) for every text a resident reads on a card, in both languages."""
    texts = []
    for item in catalog.partnerships:
        for field in ("name", "summary", "body"):
            for lang, text in zip(("da", "en"), both(getattr(item, field)), strict=True):
                texts.append((f"{item.id}.{field}.{lang}", text))
    for place in catalog.places:
        p = place.props
        fields = {"description": [p.description], "wildness_note": [p.wildness_note] if p.wildness_note else []}
        fields |= {"measures": list(p.measures), "other_facts": list(p.other_facts)}
        for field, values in fields.items():
            for value in values:
                for lang, text in zip(("da", "en"), both(value), strict=True):
                    texts.append((f"{place.id}.{field}.{lang}", text))
    return texts


def ui_texts(lang: str) -> dict[str, str]:
    import tomllib

    flat: dict[str, str] = {}

    def walk(tree: dict, prefix: str) -> None:
        for key, value in tree.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                flat[f"{prefix}{key}"] = value

    walk(tomllib.loads((REPO / "ui" / "texts" / f"{lang}.toml").read_text(encoding="utf-8")), "")
    return flat


def test_public_texts_speak_as_the_municipality_not_as_a_researcher(catalog):
    texts = public_texts(catalog) + [(f"ui.{k}", v) for lang in ("da", "en") for k, v in ui_texts(lang).items()]
    found = [(where, phrase) for where, text in texts for phrase in RESEARCHER_PHRASES if phrase in text.lower()]
    assert found == []


def test_the_researcher_phrase_check_catches_a_planted_phrase(catalog):
    planted = "Projektet er beskrevet på en side, som vi ikke har haft adgang til."
    assert any(phrase in planted.lower() for phrase in RESEARCHER_PHRASES)


def sentences_with(text: str, word: str) -> list[str]:
    """The sentences of ``text`` that contain ``word`` (a sentence ends at . ! ? followed by a space)."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9])", text) if word.lower() in s.lower()]


YEAR = re.compile(r"\b(19|20)\d{2}\b")


@pytest.mark.parametrize(
    "pid,field,words",
    [
        # Verdensmålshuset's activities were temporary (2019, until the health centre).
        ("verdensmaalshuset", "summary", ("Hacklab",)),
        ("verdensmaalshuset", "body", ("Verdensmålshus",)),
        # Erhvervsby's work areas are those of 2018.
        ("gladsaxe-erhvervsby", "body", ("branding",)),
        # headspace's patron and chair are undated on the page: past tense, and the count is dated.
        ("headspace-gladsaxe", "body", ("kommuner", "municipalities")),
        # The citizen-involvement committees finished; the summary says when they worked.
        ("borgerinddragelse", "summary", ("opgaveudvalg", "task committees")),
        ("vild-med-vilje", "summary", ("ti grønne", "ten green")),
        ("copenhagen-life-science", "body", ("januar", "January")),
        ("foredrag-verdensmaal", "summary", ("første", "first")),
    ],
)
def test_time_bound_facts_carry_their_time(catalog, pid, field, words):
    item = catalog.partnership(pid)
    for text in both(getattr(item, field)):
        hits = [s for w in words for s in sentences_with(text, w)]
        assert hits, (pid, field, words)
        for sentence in hits:
            assert YEAR.search(sentence), (pid, sentence)


def test_time_bound_facts_are_not_told_as_today(catalog):
    present = {
        "verdensmaalshuset": ("er blevet", "has become", "holder CV-café", "runs a CV café", "holder til"),
        "foredrag-verdensmaal": ("der er forperson", "who is chair", "takes place"),
        "headspace-gladsaxe": (
            "er foreningens protektor",
            "is its patron",
            "chairs it",
            "18 kommuner",
            "18 municipalities",
        ),
        "gladsaxe-erhvervsby": ("Medlemmerne arbejder", "Members work"),
        "copenhagen-life-science": ("nyt", "new shared brand", "new brand"),
    }
    for pid, phrases in present.items():
        item = catalog.partnership(pid)
        text = " ".join(both(item.summary) + both(item.body))
        for phrase in phrases:
            assert not re.search(rf"\b{re.escape(phrase)}\b", text), (pid, phrase)


def test_the_talk_panellists_roles_are_those_of_october_2020(catalog):
    item = catalog.partnership("foredrag-verdensmaal")
    assert "dengang forperson" in item.body.da and "then chair" in item.body.en


def test_the_language_points_of_the_second_read_are_fixed(catalog):
    wrong = (
        "21. århundredes kompetencer",
        "tilpasser den lokale",
        "at skulle have sagt",
        "Headspace",
        "pedagogue",
        "FGU Nord pupils",
        "Child Friendly City and Municipality",
        "Børnevenlig By & Kommune",
        "Child Friendly Cities",
    )
    texts = public_texts(catalog)
    assert [(where, w) for where, text in texts for w in wrong if w in text] == []
    genbrug = catalog.partnership("genbrugslopperne").body
    assert not re.search(r"\b(vores|Vi|vi)\b", genbrug.da) and not re.search(r"\b(our|we|We)\b", genbrug.en)


def test_the_join_page_asks_for_advice_rather_than_membership():
    en = ui_texts("en")
    assert "Join" not in en["nav.join"] and "Join" not in en["join.title"]


def test_grade_c_range_in_texts_matches_the_data(catalog):
    radii = [p.props.accuracy_m for p in catalog.places if p.props.position_grade == "C"]
    span = f"±{min(radii)}–{max(radii)} m"
    assert span in ui_texts("da")["data.grades_text"] and span in ui_texts("en")["data.grades_text"]
    assert f"{min(radii)}–{max(radii)} m" in (REPO / "data" / "README.md").read_text(encoding="utf-8")
    assert span in (REPO / "README.md").read_text(encoding="utf-8")


def test_what_the_second_read_found_missing_is_there(catalog):
    abc = catalog.partnership("abc-mental-sundhed").body
    assert "giver livet værdi" in abc.da and "gives life its worth" in abc.en
    headspace = catalog.partnership("headspace-gladsaxe").body
    assert "noget helt andet" in headspace.da and "anything else" in headspace.en
    house = catalog.partnership("verdensmaalshuset")
    byport = "https://gladsaxe.dk/kommunen/anlaegsprojekter/buddinge-byport-sundheds-og-beskaeftigelseshus"
    assert "Fremtidsvej 1" in house.body.da
    assert any(str(s.url) == byport and "Fremtidsvej 1" in s.note for s in house.sources)
    assert byport in {str(u) for u in catalog.place("verdensmaalshuset").props.sources}
    life = catalog.partnership("copenhagen-life-science").body
    assert "efter alt at dømme" in life.da and "in all likelihood" in life.en


def test_genbrugslopperne_is_placed_in_one_wording(catalog):
    where_da = "Telefonvej 8G bag kulturhuset Telefonfabrikken"
    assert where_da in catalog.partnership("genbrugslopperne").summary.da
    assert where_da in catalog.place("genbrugslopperne").props.description.da
    for text in (
        catalog.partnership("genbrugslopperne").summary.da,
        catalog.place("genbrugslopperne").props.description.da,
    ):
        assert "i Telefonfabrikken" not in text


def test_every_mention_of_the_ten_areas_says_they_were_chosen_in_2020(catalog):
    ten = re.compile(
        r"\bti (Vild Med Vilje-områder|grønne områder|af sine)|\bten (Vild Med Vilje areas|green areas|of its)"
    )
    found = [
        (where, sentence)
        for where, text in public_texts(catalog) + [(k, v) for lang in ("da", "en") for k, v in ui_texts(lang).items()]
        for sentence in re.split(r"(?<=[.!?])\s+", text)
        if ten.search(sentence)
    ]
    assert len(found) >= 10
    assert [(where, s) for where, s in found if "2020" not in s] == []


def test_position_notes_say_how_a_position_was_found_without_a_we(catalog):
    first_person = re.compile(r"\b(vi|vores|we|our)\b", re.IGNORECASE)
    found = [
        (place.id, text)
        for place in catalog.places
        for text in both(place.props.position_note)
        if first_person.search(text)
    ]
    assert found == []
