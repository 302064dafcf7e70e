"""The actor lexicon: surface forms from many wars to one canonical actor each."""

from __future__ import annotations

import json

import pytest

from sitrep.actors import ActorLexicon
from sitrep.errors import InputError


@pytest.fixture(scope="module")
def lex() -> ActorLexicon:
    return ActorLexicon.load()


SURFACES = [
    # (phrase, country hint, canonical name, kind)
    ("Taliban fighters", None, "Taliban", "armed_group"),
    ("Afghan soldiers", None, "Afghan security forces", "state_force"),
    ("Afghan troops", None, "Afghan security forces", "state_force"),
    ("Afghanistan’s security forces", None, "Afghan security forces", "state_force"),
    ("the government forces", "AF", "Afghan security forces", "state_force"),
    ("Afghan Air Force", None, "Afghan Air Force", "state_force"),
    ("Afghan airstrikes", None, "Afghan Air Force", "state_force"),
    ("the RSF", None, "Rapid Support Forces", "armed_group"),
    ("Rapid Support Forces paramilitaries", None, "Rapid Support Forces", "armed_group"),
    ("the Sudanese Armed Forces", None, "Sudanese security forces", "state_force"),
    ("Russian forces", None, "Russian forces", "state_force"),
    ("the Armed Forces of Ukraine", None, "Ukrainian security forces", "state_force"),
    ("Houthi rebels", None, "Houthis", "armed_group"),
    ("al-Shabab militants", None, "al-Shabab", "armed_group"),
    ("Al-Shabaab fighters", None, "al-Shabab", "armed_group"),
    ("the junta", "MM", "Myanmar security forces", "state_force"),
    ("the junta's aircraft", "MM", "Myanmar Air Force", "state_force"),
    ("Tatmadaw soldiers", None, "Myanmar security forces", "state_force"),
    ("People's Defence Force fighters", None, "People's Defence Force", "armed_group"),
    ("JNIM militants", None, "JNIM", "armed_group"),
    ("Wagner mercenaries", None, "Wagner Group", "armed_group"),
    ("M23 rebels", None, "M23", "armed_group"),
    ("FARDC soldiers", None, "Congolese security forces", "state_force"),
    ("the Israel Defense Forces", None, "Israeli security forces", "state_force"),
    ("Israeli warplanes", None, "Israeli Air Force", "state_force"),
    ("Hamas gunmen", None, "Hamas", "armed_group"),
    ("ELN guerrillas", None, "ELN", "armed_group"),
    ("FARC dissidents", None, "FARC dissidents", "armed_group"),
    ("Boko Haram insurgents", None, "Boko Haram", "armed_group"),
    ("U.S. forces", None, "U.S. forces", "state_force"),
    ("American troops", None, "U.S. forces", "state_force"),
    ("the UN refugee agency", None, "UNHCR", "organization"),
    ("Doctors Without Borders", None, "Doctors Without Borders", "organization"),
    ("the SOHR", None, "Syrian Observatory for Human Rights", "organization"),  # casualty monitors, by acronym
    ("the UN human rights office", None, "Office of the UN High Commissioner for Human Rights", "organization"),
    ("HRMMU", None, "UN Human Rights Monitoring Mission in Ukraine", "organization"),
    ("the Defense Ministry", "UA", "Ukrainian Ministry of Defense", "government"),
    ("Ethiopian federal troops", None, "Ethiopian security forces", "state_force"),
    ("Tigrayan forces", None, "Tigray People's Liberation Front", "armed_group"),
    ("villagers", "NG", "Nigerian civilians", "civilians"),
    ("unidentified gunmen", None, "Unidentified armed group", "armed_group"),
]


@pytest.mark.parametrize("phrase,country,name,kind", SURFACES, ids=[s[0] for s in SURFACES])
def test_surface_forms_normalise(lex, phrase, country, name, kind):
    actor = lex.match(phrase, country)
    assert actor is not None, phrase
    assert (actor.name, actor.kind) == (name, kind)


def test_state_forces_share_their_governments_side(lex):
    forces = lex.match("Afghan soldiers")
    gov = lex.match("the Afghan government")
    air = lex.match("Afghan airstrikes")
    assert forces.side == gov.side == air.side == "Afghan government"
    assert forces.country == "AF"
    assert lex.match("Taliban fighters").side == "Taliban"


def test_ambiguous_acronyms_follow_the_country_hint(lex):
    assert lex.match("SNA troops", "SO").name == "Somali security forces"
    assert lex.match("SNA troops", "SY").name == "Syrian National Army"
    assert lex.match("Congolese soldiers").country == "CD"  # the first country listed wins without a hint


def test_without_a_country_generic_forces_stay_generic(lex):
    actor = lex.match("government forces")
    assert actor.name == "Government forces" and actor.country is None


def test_anaphors_are_left_to_context(lex):
    assert lex.match("the militants") is None
    assert lex.is_anaphor("the militants") and lex.is_anaphor("insurgents")
    assert not lex.is_anaphor("Taliban fighters")


def test_names_inside_other_words_do_not_match(lex):
    assert lex.match("an anti-Taliban stronghold") is None
    assert lex.match("the ISIS-K cell").name == "Islamic State Khorasan Province"
    assert lex.match("IS the city safe") is None  # a short acronym needs a member noun after it


def test_find_returns_every_actor_in_text_order(lex):
    text = "Taliban fighters battled the government forces while RSF paramilitaries looted Nyala."
    found = lex.find(text, "AF")
    assert [m.actor.name for m in found] == ["Taliban", "Afghan security forces", "Rapid Support Forces"]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_patterns_feed_an_entity_ruler(lex):
    import spacy

    patterns = lex.patterns()
    assert any(p["pattern"] == "Rapid Support Forces" and p["id"] == "Rapid Support Forces" for p in patterns)
    assert all(p["label"] in ("ORG", "NORP") for p in patterns)
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(patterns)
    doc = nlp("Fighters of the Rapid Support Forces entered the town.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Rapid Support Forces", "ORG")]


def test_a_user_file_extends_the_lexicon(tmp_path):
    extra = tmp_path / "actors.json"
    extra.write_text(json.dumps({"actors": [{"name": "Northern Hills Brigade", "kind": "armed_group",
                                             "aliases": ["NHB", "Hills Brigade"], "country": "CD"}]}))
    lex = ActorLexicon.load(str(extra))
    assert lex.match("NHB fighters").name == "Northern Hills Brigade"
    assert lex.match("Taliban fighters").name == "Taliban"  # the shipped data is still there


def test_a_broken_user_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "actors.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="actors.json"):
        ActorLexicon.load(str(bad))
    with pytest.raises(InputError, match="cannot be read"):
        ActorLexicon.load(str(tmp_path / "missing.json"))


def test_data_covers_every_country_and_many_wars(lex):
    data = json.loads((__import__("sitrep.actors", fromlist=["DATA_DIR"]).DATA_DIR / "actors.json").read_text())
    codes = {c["code"] for c in data["countries"]}
    assert len(codes) >= 190
    assert all(c["demonyms"] for c in data["countries"])
    wars = {"AF", "SD", "UA", "SY", "YE", "SO", "MM", "ML", "CD", "ET", "PS", "CO", "NG"}
    named = {a.get("country") for a in data["actors"]}
    assert wars <= named


def test_every_alias_resolves_to_its_own_actor(lex):
    data = json.loads((__import__("sitrep.actors", fromlist=["DATA_DIR"]).DATA_DIR / "actors.json").read_text())
    for a in data["actors"]:
        for alias in a["aliases"]:
            got = lex.match(alias, a.get("country"))
            assert got is not None and got.name == a["name"], (alias, got)


def test_acronyms_are_the_capitalised_names_the_data_gives_an_actor(lex):
    assert "SANDF" in lex.acronyms("South African security forces")
    assert lex.match("SANDF troops").name == "South African security forces"
    assert all(a.replace(".", "").isupper() for a in lex.acronyms("World Health Organization"))
    assert lex.acronyms("no such actor") == []


def test_a_peoples_plural_after_the_names_that_states_forces(lex):
    # the side in a war, written as its people: "the Xs advanced"
    assert lex.match("the Russians fell back across the river").name == "Russian forces"
    assert lex.match("The Ukrainians took back two villages").name == "Ukrainian security forces"
    assert lex.match("as the Israelis said on Monday").country == "IL"
    # a bare plural is usually people, not a side ("dozens of Xs were hurt"), and a people with no
    # state forces of its own is never turned into them
    assert lex.match("dozens of Russians were hurt") is None
    assert lex.match("the Palestinians left their homes") is None


def test_hostile_nouns_after_a_nationality_are_its_forces(lex):
    assert lex.match("Russian occupiers shelled the bridge").name == "Russian forces"
    assert lex.match("the Rwandan invaders").name == "Rwandan security forces"


def test_a_capital_standing_for_its_state(lex):
    # owning forces or a government: the state's, whatever country the article is about
    assert lex.match("Moscow's troops reached the river", "UA").name == "Russian forces"
    assert lex.match("Kyiv troops", "RU").name == "Ukrainian security forces"
    assert lex.match("the Kinshasa government").name == "Congolese government"
    # the subject of a speech verb speaks for the government
    assert lex.match("Kigali says it is not involved").name == "Rwandan government"
    assert lex.match("a doctor in Kinshasa said the wards were full") is None  # where the speaker is
    assert not [m for m in lex.find("residents of Kyiv say the sirens sounded") if m.text.startswith("Kyiv")]
    assert lex.match("Damascus, meanwhile, denied it") is None  # an aside breaks the subject off
    # the agent after a participle
    assert lex.match("land seized by Moscow in the spring").name == "Russian government"
    assert lex.match("the villages held by Kyiv since May").name == "Ukrainian government"
    assert lex.match("even by Moscow's own count") is None  # a word that only ends like a participle
    # a city people live in or that is struck is no side
    assert not [m for m in lex.find("Kyiv residents sheltered in the metro") if m.text.startswith("Kyiv")]
    assert lex.match("a drive by Kyiv") is None
    assert lex.match("the Kyiv strike") is None
    assert lex.match("Kyiv is quiet tonight") is None


def test_a_seat_of_government_speaks_for_its_government(lex):
    assert lex.match("the Kremlin said on Tuesday").name == "Russian government"
    assert lex.match("a White House spokesman").kind == "government"
    assert lex.match("a white house on the hill") is None  # only the proper name


def test_a_capital_speaks_through_any_reporting_verb_of_the_speech_vocabulary(lex):
    # the verbs are speech_verbs.json's, in their written forms (irregular ones from the data)
    assert lex.match("Kigali estimates that 300 fighters crossed").name == "Rwandan government"
    assert lex.match("Moscow told the envoy to leave").name == "Russian government"
    assert lex.match("Kinshasa replied within the hour").name == "Congolese government"
    assert lex.match("Kigali slept through the night") is None  # no reporting verb: the city


def test_a_capital_speaks_through_an_adverb(lex):
    assert lex.match("Kigali also says it was shelled").name == "Rwandan government"
    assert lex.match("Kinshasa had claimed otherwise").name == "Congolese government"
    # a capital that is the subject of what was said is not the speaker
    assert lex.match("she said Moscow was ready") is None
    # a line break ends the name: the next line's first word is no noun of it
    assert not [m for m in lex.find("claims Kigali\nOfficials left") if m.text.startswith("Kigali\n")]


def test_a_capital_that_is_also_a_given_name_is_no_state(lex):
    assert lex.match("Sofia said she would stay") is None
    assert lex.match("Astana says the talks will go on").country == "KZ"  # a renamed capital's new name
