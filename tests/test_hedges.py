"""Hedges: a claim is hedged when its sentence says it is unconfirmed, or the next sentence disowns it."""

from __future__ import annotations

import pytest

from sitrep.nlp.hedges import hedge_in, is_denied, is_hedged


# `nlp` (the packaged model) comes from conftest.py


@pytest.mark.parametrize("sentence", [
    "The rebels said they had shot down a helicopter, though the claim could not be immediately confirmed.",
    "Twelve soldiers were reportedly captured near the dam.",
    "The militia claimed it had taken the airport.",
    "Footage purportedly showing the strike circulated online.",
    "An unverified video appeared to show fighters in the square.",
    "It is unclear how many people remain in the camp.",
    "The toll could not be independently verified.",
    "The group allegedly executed four prisoners.",
    "At least 30 people are believed to have died in the blast.",
    "According to unconfirmed reports, the commander was killed.",
    "The figures cannot be verified because journalists are barred from the area.",
])
def test_hedged_sentences(sentence):
    assert hedge_in(sentence) is not None


@pytest.mark.parametrize("sentence", [
    "The army confirmed that 12 soldiers were killed in the ambush.",
    "The group claimed responsibility for the bombing, which killed nine people.",
    "Aid workers counted 40 bodies at the site.",
    "The ministry said the airport had reopened on Monday.",
])
def test_plain_sentences_are_not_hedged(sentence):
    assert hedge_in(sentence) is None


def test_is_hedged_looks_at_the_claims_sentence_and_a_disowning_next_sentence(nlp):
    text = ("Officials said 30 soldiers were killed. The figure could not be independently verified. "
            "Residents said 200 families fled. Reportedly, 12 guards escaped. The market reopened.")
    doc = nlp(text)

    def hedged(words: str) -> bool:
        i = text.index(words)
        return is_hedged(doc, i, i + len(words))

    assert hedged("30 soldiers")  # the next sentence disowns it
    assert not hedged("200 families")  # a hedge two sentences later does not reach back
    assert hedged("12 guards")
    assert not hedged("market reopened")


@pytest.mark.parametrize("sentence, figure, hedged", [
    # the concessive clause concedes that the exact toll is unknown; the sourced figure stands
    ("Though the exact toll is unclear, a medic said at least 40 people died in the shelling.", "at least 40", False),
    ("Although the death toll remains uncertain, officials said 12 soldiers were killed.", "12", False),
    # a hedge inside the main clause still hedges
    ("Though fighting continued, rebels claimed 30 soldiers had surrendered.", "30", True),
    # a claim inside the concessive clause itself is judged with it
    ("Though the figure of 200 could not be confirmed, the town was emptied.", "200", True),
])
def test_a_leading_concessive_clause_does_not_hedge_the_main_clause(nlp, sentence, figure, hedged):
    doc = nlp(sentence)
    start = sentence.index(figure)
    assert is_hedged(doc, start, start + len(figure)) is hedged


@pytest.mark.parametrize("sentence, word, denied", [
    ("The governor denied reports the city had fallen.", "fallen", True),
    ("The army rejected claims that 50 soldiers were killed.", "killed", True),
    ("Reports that the rebels had seized the town were not true, the ministry said.", "seized", True),
    ("The army denied the reports and said it still controls the base.", "controls", False),
    ("The army said it still controls the base.", "controls", False),
])
def test_what_is_denied(nlp, sentence, word, denied):
    doc = nlp(sentence)
    tok = next(t for t in doc if t.text == word)
    assert is_denied(tok) is denied
