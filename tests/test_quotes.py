"""Quotes and their speakers: a table of sentences written for the purpose (tests/fixtures/attribution.jsonl,
in the vocabulary of a dozen wars), and the two seed articles scored against the gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.model import Article
from sitrep.nlp.people import find_entities
from sitrep.nlp.quotes import find_quotes

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "attribution.jsonl"
ROWS = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
SHARED = Path(__file__).resolve().parents[2] / "shared"


# `nlp` and `actors` come from conftest.py


def read(nlp, text: str, byline=(), actors=None) -> tuple[Article, list, list]:
    article = Article.from_text(text, byline=list(byline))
    doc = nlp(article.body_text())
    entities = find_entities(article, doc, actors)
    return article, entities, find_quotes(article, doc, entities)


def matching(quotes, starts: str):
    return [q for q in quotes if starts.lower() in q.text.lower()]


def speaker_ok(quote, want: dict) -> bool:
    """The speaker's name or description carries the expected words (or an accepted variant, such
    as the actor lexicon's canonical name)."""
    said = (quote.speaker.description or "").lower()
    if not any(w.lower() in said for w in [want["speaker"], *want.get("accept", [])]):
        return False
    return "speaker_kind" not in want or quote.speaker.kind == want["speaker_kind"]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_attribution_table(nlp, actors, row):
    article, entities, quotes = read(nlp, row["text"], row.get("byline", ()), actors)
    if row.get("no_quotes"):
        assert quotes == [], [(q.text, q.speaker) for q in quotes]
    for want in row["quotes"]:
        found = matching(quotes, want["starts"])
        assert found, f"no quote starting {want['starts']!r} in {[q.text for q in quotes]}"
        assert any(speaker_ok(q, want) for q in found), (
            f"{want['starts']!r}: speaker {[q.speaker for q in found]}, want {want['speaker']!r}")
        if "kind" in want:
            assert any(q.kind == want["kind"] for q in found), [q.kind for q in found]
        if "not_in_text" in want:
            assert all(want["not_in_text"] not in q.text for q in found), [q.text for q in found]


def test_quote_spans_are_the_cited_words_and_ids_are_stable(nlp):
    text = "\u201cWe held the line,\u201d Sgt. Oleksandr Kravets said. Officials said the town had fallen."
    article, entities, quotes = read(nlp, text)
    assert [q.text for q in quotes] == ["We held the line", "the town had fallen"]
    for q in quotes:
        assert article.text[q.start:q.end] == q.text
    again = read(nlp, text)[2]
    assert [q.to_dict() for q in quotes] == [q.to_dict() for q in again]


def test_no_speaker_no_quote(nlp):
    """Scare quotes and quoted titles are not speech."""
    _, _, quotes = read(nlp, "The so-called \u201cpeace corridor\u201d was closed on Monday after the convoy was hit.")
    assert quotes == []


# ---- the seeds, scored against the gold -----------------------------------------------------

def _seed_readings(nlp):
    seeds, gold_path = SHARED / "seeds", SHARED / "gold" / "seeds.gold.json"
    if not (seeds / "manifest.json").exists() or not gold_path.exists():
        pytest.skip("the seeds folder ../shared/seeds is absent")
    from sitrep.clean import clean

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    out = {}
    for c in gold["cleaning"]:
        article = clean(Article.from_text((seeds / c["file"]).read_text(encoding="utf-8")))
        doc = nlp(article.body_text())
        entities = find_entities(article, doc)
        out[c["file"][:3]] = (article, entities, find_quotes(article, doc, entities))
    return gold, out


def _gold_speaker_words(speaker: str) -> str:
    return speaker.split(" (")[0].lower().removeprefix("a ").removeprefix("the ")


def test_seed_quotes_against_gold(nlp):
    gold, readings = _seed_readings(nlp)
    found = right = 0
    misses = []
    for g in gold["quotes"]:
        _, entities, quotes = readings[g["file"]]
        hits = matching(quotes, g["starts"])
        if not hits:
            misses.append(("missing", g["starts"]))
            continue
        found += 1
        if any(_gold_speaker_words(g["speaker"]) in (q.speaker.description or "").lower() for q in hits):
            right += 1
        else:
            misses.append(("speaker", g["starts"], [q.speaker.description for q in hits]))
    total = len(gold["quotes"])
    assert found / total >= 0.90, misses
    assert right / found >= 0.95, misses
    not_sources = {n.lower() for n in gold["not_sources"]}
    for _, entities, quotes in readings.values():
        assert not {e.name.lower() for e in entities} & not_sources
        assert not {(q.speaker.description or "").lower() for q in quotes} & not_sources


def test_examples_against_their_gold(nlp, actors):
    """examples/ is fiction written for sitrep in other outlets' layouts: held out from the tuning of
    the seeds, it guards against rules that only fit them."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    if not (examples / "gold.json").exists():
        pytest.skip("examples/gold.json is absent")
    from sitrep.clean import clean
    from sitrep.ingest import read_inputs
    from sitrep.model import Skip

    gold = json.loads((examples / "gold.json").read_text(encoding="utf-8"))
    readings = {}
    for path in sorted(p for p in examples.iterdir() if p.name[:2].isdigit()):
        for item in read_inputs([str(path)]):
            assert not isinstance(item, Skip), item
            article = clean(item)
            doc = nlp(article.body_text())
            entities = find_entities(article, doc, actors)
            readings[path.name[:2]] = (entities, find_quotes(article, doc, entities))

    def norm(s: str) -> str:
        return s.replace("\u2019", "'").lower()

    found = right = 0
    for g in gold["quotes"]:
        hits = [q for q in readings[g["file"]][1] if norm(g["starts"]) in norm(q.text)]
        found += bool(hits)
        accepted = [_gold_speaker_words(s) for s in [g["speaker"], *g.get("accept_speakers", [])]]
        right += any(norm(w) in norm(q.speaker.description or "") for q in hits for w in accepted)
    assert found / len(gold["quotes"]) >= 0.95
    assert right / found >= 0.85
    people = [(p, f) for p in gold["people"] for f in p["files"]]
    named = sum(any(p["name"].lower() in e.name.lower() for e in readings[f][0] if e.kind == "person") for p, f in people)
    assert named == len(people)
    not_sources = {n.lower() for n in gold["not_sources"]}
    for entities, quotes in readings.values():
        assert not {e.name.lower() for e in entities} & not_sources


def test_said_in_a_statement_that_keeps_its_clause_when_a_later_verb_hangs_on_said(nlp):
    """On long wire sentences the parser may hang the reported clause on 'statement' and a later
    subjectless verb ('were shot') on 'said'; the that-clause is still what was said. The parse is
    given here (as the parser gave it on such a sentence) so the test does not hang on the model."""
    from spacy.tokens import Doc

    from sitrep.nlp.quotes import _verb_cue, speech_vocab

    words = "It said in a statement that 37 villagers were killed in the hills after two farmers were shot near a checkpoint .".split()
    heads = [1, 1, 1, 4, 2, 9, 7, 9, 9, 4, 9, 12, 10, 9, 15, 13, 17, 1, 17, 20, 18, 1]
    deps = ["nsubj", "ROOT", "prep", "det", "pobj", "mark", "nummod", "nsubjpass", "auxpass", "acl", "prep", "det",
            "pobj", "prep", "nummod", "pobj", "auxpass", "ccomp", "prep", "det", "pobj", "punct"]
    lemmas = [{"said": "say", "were": "be", "killed": "kill", "shot": "shoot"}.get(w, w.lower()) for w in words]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, lemmas=lemmas)
    cue = _verb_cue(doc, doc[1], speech_vocab())
    assert cue is not None and cue.content is not None
    assert doc.text[cue.content[0]:cue.content[1]].startswith("37 villagers were killed")


def test_a_parse_run_over_a_paragraph_end_does_not_make_the_paragraph_before_what_is_said(nlp):
    """The parser may run one sentence over a paragraph end and hang the first paragraph's verb on
    the reporting verb of the second: what is said is the clause after the verb, in its paragraph."""
    from spacy.tokens import Doc

    words = ["Jets", "hit", "the", "town", ".", "\n\n", "Medics", "said", "nine", "died", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, True, False, False, False, True, True, True, False, False],
              heads=[1, 7, 3, 1, 1, 4, 7, 7, 9, 7, 7],
              deps=["nsubj", "ccomp", "det", "dobj", "punct", "dep", "nsubj", "ROOT", "nsubj", "ccomp", "punct"],
              pos=["NOUN", "VERB", "DET", "NOUN", "PUNCT", "SPACE", "NOUN", "VERB", "NUM", "VERB", "PUNCT"],
              lemmas=["jet", "hit", "the", "town", ".", "\n\n", "medic", "say", "nine", "die", "."],
              sent_starts=[True] + [False] * 10)
    article = Article.from_text(doc.text)
    assert article.body_text() == doc.text
    assert [(q.text, q.speaker.description) for q in find_quotes(article, doc, [])] == [("nine died", "Medics")]


def test_a_bare_estimate_after_a_plural_subject_is_the_verb_and_they_are_who_estimate(nlp, actors):
    """The tagger may read 'estimate' as a noun after 'groups operating in the north'; before 'that'
    it is the verb, and the groups are who estimate. A determiner or a possessive keeps it a noun."""
    _, _, quotes = read(nlp, "Relief groups operating in the north estimate that between 6,000 and 8,000 people "
                             "have fled.", actors=actors)
    said = matching(quotes, "between 6,000")
    assert said and said[0].speaker.description == "Relief groups"
    _, _, quotes = read(nlp, "An estimate that 500 people died was published on Monday.", actors=actors)
    assert not matching(quotes, "500 people")


def test_a_plural_verb_the_parser_hung_on_another_clause_keeps_its_own_subject(nlp, actors):
    _, _, quotes = read(nlp, "Numbers are still being checked, noting that UNHCR and NGOs working in the eastern part "
                             "of the region estimate that between 5,000 and 9,000 people have been newly displaced there.",
                        actors=actors)
    said = matching(quotes, "between 5,000")
    assert said and "NGOs" in (said[0].speaker.description or "")


@pytest.mark.parametrize("credit", ["Xinhua reported", "reports Xinhua", "the Kestrel news agency reported"])
def test_a_wire_credit_closing_a_speakers_sentence_is_the_channel_not_the_speaker(nlp, actors, credit):
    _, _, quotes = read(nlp, f"The regional governor said 40 fighters were killed near the bridge, {credit}.", actors=actors)
    said = matching(quotes, "40 fighters")
    assert said and all(q.speaker.description.lower() == "the regional governor" for q in said), [q.speaker for q in said]
    assert all("Xinhua" not in q.text and "agency" not in q.text for q in said)


def test_a_wire_that_reports_on_its_own_stays_the_source(nlp, actors):
    _, _, quotes = read(nlp, "Forty fighters were killed near the bridge, Reuters reported.", actors=actors)
    assert [q.speaker.description for q in matching(quotes, "Forty fighters")] == ["Reuters"]


@pytest.mark.parametrize("text, said, who, stray", [
    # the parser makes the day the subject and the militia its apposition: the militia spoke
    ("Early Monday, the militia, allegedly backed by the neighbours, claimed it took the port.",
     "it took the port", "militia", "monday"),
    ("The rebels said they controlled the bridge and the depot, claims denied by the army.",
     "they controlled the bridge", "rebels", "claims"),
])
def test_a_day_or_a_claim_is_never_who_spoke(nlp, actors, text, said, who, stray):
    _, _, quotes = read(nlp, text, (), actors)
    assert [who in (q.speaker.description or "").lower() for q in matching(quotes, said)] == [True]
    assert not [q for q in quotes if stray in (q.speaker.description or "").lower()], \
        [(q.text, q.speaker) for q in quotes]
