"""People and organisations: names as the model reads them and as corrected, roles from appositions
and pre-modifiers, and every mention (surnames, 'Mr. X', role descriptions, pronouns that speak)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitrep.model import Article
from sitrep.nlp.people import find_entities
from sitrep.nlp.quotes import find_quotes
from sitrep.pipeline import read_article

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "attribution.jsonl"
ROWS = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
PEOPLE_ROWS = [r for r in ROWS if r.get("people") or r.get("not_entities")]
SHARED = Path(__file__).resolve().parents[2] / "shared"
STOP = {"a", "an", "the", "of", "in", "for", "from", "and", "at", "with"}


# `nlp` and `actors` come from conftest.py


def read(nlp, text: str, byline=(), actors=None):
    article = Article.from_text(text, byline=list(byline))
    doc = nlp(article.body_text())
    entities = find_entities(article, doc, actors)
    quotes = find_quotes(article, doc, entities)  # adds the pronouns that speak as mentions
    return article, entities, quotes


def key_words(role: str) -> set[str]:
    return {w for w in re.findall(r"[\w.]+", role.lower()) if w not in STOP}


def has_role(entity, role: str) -> bool:
    """The gold role's key words all appear in one of the entity's roles."""
    want = key_words(role)
    return any(want <= key_words(r) for r in entity.roles)


def person(entities, name: str):
    return next((e for e in entities if e.kind == "person" and name.lower() in e.name.lower()), None)


@pytest.mark.parametrize("row", PEOPLE_ROWS, ids=[r["id"] for r in PEOPLE_ROWS])
def test_people_table(nlp, actors, row):
    article, entities, _ = read(nlp, row["text"], row.get("byline", ()), actors)
    for want in row.get("people", []):
        ent = person(entities, want["name"])
        assert ent is not None, [e.name for e in entities]
        if want["role"]:
            assert has_role(ent, want["role"]), (ent.roles, want["role"])
        surfaces = {article.text[m.start:m.end] for m in ent.mentions}
        for m in want.get("mentions", []):
            assert m in surfaces, (m, surfaces)
        assert ent.id == find_entities(article, nlp(article.body_text()), actors)[entities.index(ent)].id
    names = {e.name for e in entities}
    for n in row.get("not_entities", []):
        assert n not in names


def test_mentions_are_spans_of_the_text(nlp):
    text = ("Mohammad Karimi, the district governor, said the road was cut. Mr. Karimi said the governor's "
            "office had moved. The governor said he would stay. \u201cWe will not leave,\u201d he said.")
    article, entities, _ = read(nlp, text)
    karimi = person(entities, "Karimi")
    got = sorted(article.text[m.start:m.end] for m in karimi.mentions)
    assert got == sorted(["Mohammad Karimi", "the district governor", "Mr. Karimi", "The governor", "he"])
    assert karimi.roles == ["district governor"]
    assert "Mr. Karimi" in karimi.aliases


def test_places_the_model_calls_people_are_not_people(nlp):
    text = "Fighting spread from Kassala to the outskirts of Gedaref. Officials in Kassala said the market was shut."
    _, entities, _ = read(nlp, text)
    assert not [e for e in entities if e.kind == "person"], [e.name for e in entities]


def test_organisation_with_apposition_stays_an_organisation(nlp):
    text = "The Sudan Doctors Network, a medical group, said five people were killed."
    _, entities, _ = read(nlp, text)
    org = next(e for e in entities if "Doctors Network" in e.name)
    assert org.kind != "person" and org.roles == ["medical group"]


def test_an_institution_the_model_misses_is_one_organisation_with_its_head_word(nlp):
    text = ("More than 90 people were killed, the London-based Levant Observatory for Civil Rights said on "
            "Friday. Its director said the Observatory had counted the dead from hospital records.")
    _, entities, _ = read(nlp, text)
    orgs = [e for e in entities if "Observatory" in e.name]
    assert [e.name for e in orgs] == ["Levant Observatory for Civil Rights"]
    said = {text[m.start:m.end] for m in orgs[0].mentions}
    assert "Observatory" in said  # "the Observatory" later in the text is the same organisation


def test_a_name_of_an_institution_runs_over_of_the(nlp):
    text = "The Ministry of Defence of the Republic of Moldova said the drills had ended."
    _, entities, _ = read(nlp, text)
    assert any(e.name.startswith("Ministry of Defence of the Republic of Moldova") for e in entities), \
        [e.name for e in entities]


def test_a_countrys_possessive_army_is_that_states_forces(nlp, actors):
    text = "The city, the last state capital held by Sudan\u2019s army, was shelled on Tuesday."
    _, entities, _ = read(nlp, text, actors=actors)
    forces = [e for e in entities if e.kind == "state_force"]
    assert [e.name for e in forces] == ["Sudanese security forces"]


def test_a_nationality_and_its_armed_forces_are_that_states_forces_known_by_their_acronym(nlp, actors):
    text = "Four soldiers died near the border post, the Kenyan armed forces said in a statement on Monday."
    _, entities, _ = read(nlp, text, actors=actors)
    (forces,) = [e for e in entities if e.kind == "state_force"]
    assert forces.name == "Kenyan security forces" and "KDF" in forces.aliases


def test_an_organisation_of_the_lexicon_carries_its_acronym_but_a_person_does_not(nlp, actors):
    text = ("The World Health Organization said two clinics had closed. Its envoy, Lina Haddad, said more "
            "would follow.")
    _, entities, _ = read(nlp, text, actors=actors)
    by_name = {e.name: e for e in entities}
    assert "WHO" in by_name["World Health Organization"].aliases
    assert by_name["Lina Haddad"].aliases == []


def test_byline_names_are_never_entities(nlp):
    _, entities, _ = read(nlp, "Aisha Bello said the convoy was attacked.\n\nAisha Bello reported from Maiduguri.",
                         byline=["Aisha Bello"])
    assert entities == []


def test_ids_are_deterministic(nlp):
    text = "Khalid Osman Babiker, an army spokesman, said the attack was repelled."
    a = [e.to_dict() for e in read(nlp, text)[1]]
    b = [e.to_dict() for e in read(nlp, text)[1]]
    assert a == b and a[0]["id"].startswith("ent_")


def test_seed_people_against_gold(nlp):
    seeds, gold_path = SHARED / "seeds", SHARED / "gold" / "seeds.gold.json"
    if not (seeds / "manifest.json").exists() or not gold_path.exists():
        pytest.skip("the seeds folder ../shared/seeds is absent")
    from sitrep.clean import clean

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    entities_by_file = {}
    texts = {}
    for c in gold["cleaning"]:
        article = clean(Article.from_text((seeds / c["file"]).read_text(encoding="utf-8")))
        doc = nlp(article.body_text())
        ents = find_entities(article, doc)
        find_quotes(article, doc, ents)
        entities_by_file[c["file"][:3]] = ents
        texts[c["file"][:3]] = article.text
    for g in gold["people"]:
        for f in g["files"]:
            ent = person(entities_by_file[f], g["name"])
            assert ent is not None, (g["name"], [e.name for e in entities_by_file[f]])
            role_head = key_words(g["role"].split(",")[0].split(" of ")[0].split(" for ")[0].split(" in ")[0])
            assert any(role_head <= key_words(r) for r in ent.roles), (g["name"], ent.roles, g["role"])
            surfaces = {texts[f][m.start:m.end] for m in ent.mentions}
            for m in g.get("mentions", []):
                assert m in surfaces, (g["name"], m, surfaces)
    not_sources = {n.lower() for n in gold["not_sources"]}
    for ents in entities_by_file.values():
        assert not {e.name.lower() for e in ents} & not_sources


def test_a_dateline_is_no_part_of_a_role_and_a_name_is_no_role_of_an_organisation(nlp, actors):
    _, entities, _ = read(nlp, " date 2024-02-11 NAIROBI - Lowland health ministry spokesman, Amina Odhiambo said on "
                               "Sunday that 40 people had died. A spokesman for the Arakan Army, Khine Thu Kha, said the "
                               "town had fallen.", actors=actors)
    assert person(entities, "Amina Odhiambo").roles == ["Lowland health ministry spokesman"]
    army = next(e for e in entities if e.name == "Arakan Army")
    assert "Khine Thu Kha" not in army.roles


def test_a_name_its_own_words_call_an_agency_stays_an_organisation(nlp, actors):
    _, entities, quotes = read(nlp, "Smoke rose over the port for hours. According to a dispatch by the news agency "
                                    "Associated Press, a navy officer said on Monday that the blast came from "
                                    "a fuel depot and not from a missile.", actors=actors)
    agency = next(e for e in entities if e.name == "Associated Press")
    assert agency.kind != "person"
    said = next(q for q in quotes if q.text.startswith("the blast came from"))
    assert said.speaker.entity != agency.id


@pytest.mark.parametrize("text, person, body", [
    ("At least 70 people were pulled from the rubble, said Jane Okafor, a spokesperson for the agency "
     "Lowland Relief Service.", "Jane Okafor", "Lowland Relief Service"),
    ("The World Food Programme sent 40 lorries. WFP spokesman Tom Reyes said 12 drivers were detained at the border.",
     "Tom Reyes", "World Food Programme"),
])
def test_a_spokesperson_speaks_for_the_body_the_article_names(resources, text, person, body):
    from sitrep.nlp.people import speaks_for

    reading = read_article(Article.from_text(text, published="2024-03-13"), resources)
    voices = speaks_for(reading.entities, resources.actors)
    (pid,) = [e.id for e in reading.entities if e.name == person]
    assert voices[pid].name == body
    (claim,) = [c for c in reading.claims if c.kind == "quantity" and c.source.entity == voices[pid].id
                and c.start > text.index(person) - 60]
    assert claim.source.description == f"{body} (through {person})"  # the body, with the person as its voice


def test_a_person_whose_role_names_no_body_of_the_article_speaks_for_themselves(resources):
    from sitrep.nlp.people import speaks_for

    text = "Jane Okafor, a spokesperson, said 30 families fled. Omar Bello, a farmer, said 12 cows died."
    reading = read_article(Article.from_text(text, published="2024-03-13"), resources)
    assert speaks_for(reading.entities, resources.actors) == {}
    assert {c.source.description for c in reading.claims if c.kind == "quantity"} >= {"Jane Okafor"}


def test_a_former_spokesperson_speaks_for_themselves(resources):
    from sitrep.nlp.people import speaks_for

    text = ("The Lowland Relief Service sent 40 lorries. Jane Okafor, a former spokesperson for the Lowland "
            "Relief Service, said 30 families were displaced.")
    reading = read_article(Article.from_text(text, published="2024-03-13"), resources)
    assert speaks_for(reading.entities, resources.actors) == {}


def test_a_voice_speaks_for_the_first_body_its_role_names_not_the_longest():
    from sitrep.model import Entity
    from sitrep.nlp.people import _body_of_role

    army = Entity("e1", "the army", "state_force")
    militia = Entity("e2", "the Hill Country Defence Militia", "armed_group")
    role = "a spokesman for the army, which accused the Hill Country Defence Militia of the raid"
    assert _body_of_role(role, [militia, army], None) is army
    assert _body_of_role("a spokesman for the Hill Country Defence Militia", [army, militia], None) is militia


def test_voice_roles_have_one_reader_the_role_vocabulary():
    from sitrep.nlp.coref import role_vocab
    from sitrep.nlp.people import _voice_rx

    voices = role_vocab().voice_roles
    assert "spokesperson" in voices and "farmer" not in voices
    after, before = _voice_rx()
    assert after.match("a spokesperson for the relief agency").group("body") == "the relief agency"
    assert after.match("a farmer for the relief agency") is None
