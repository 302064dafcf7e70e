"""Does the text around a claim hedge it? ("could not be immediately confirmed", "reportedly", ...)

The vocabulary is data (`data/hedges.json`); here only how it is applied: a hedge in the sentence
that holds the claim hedges it, and a verification hedge opening the next sentence ("The figure
could not be independently verified.") hedges the sentence before it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["is_hedged", "hedge_in", "Hedges", "is_denied"]

DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class Hedges:
    sentence: re.Pattern
    next_sentence: re.Pattern
    not_hedges: re.Pattern
    concessive: re.Pattern  # a leading "Though …," clause

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Hedges":
        raw = json.loads((DATA / "hedges.json").read_text(encoding="utf-8"))
        openers = "|".join(re.escape(w) for w in sorted(raw["concessive_openers"], key=len, reverse=True))
        return cls(_compile(raw["sentence"]), _compile(raw["next_sentence"]), _compile(raw["not_hedges"]),
                   re.compile(rf"^\s*(?:{openers})\b[^,;]{{0,200}},", re.IGNORECASE))


@lru_cache(maxsize=1)
def _denials() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    raw = json.loads((DATA / "hedges.json").read_text(encoding="utf-8"))["denials"]
    return (frozenset(raw["verbs"]), frozenset(raw["nouns"]), frozenset(raw["false_words"]),
            frozenset(raw["true_words"]))


def is_denied(tok) -> bool:
    """Is the clause holding `tok` what someone denies? 'denied reports (that) the city had
    fallen', 'rejected claims that 50 were killed', 'reports that X are not true', 'dismissed as
    false claims that …'. A coordinated clause stands on its own ('denied the reports and says it
    still holds the bases': the second clause is asserted)."""
    verbs, nouns, false_words, true_words = _denials()
    t = tok
    for _ in range(8):
        if t.dep_ in ("conj", "parataxis") or t.head.i == t.i:
            return False
        head = t.head
        lemma = head.lemma_.lower()
        if head.pos_ in ("VERB", "AUX") and lemma in verbs and t.dep_ in ("ccomp", "dobj", "xcomp", "advcl"):
            return True
        if head.pos_ == "NOUN" and (lemma in nouns or _dismissed(head, false_words, true_words)) \
                and t.dep_ in ("acl", "relcl", "ccomp", "prep", "pobj", "appos"):
            return True
        t = head
    return False


def _dismissed(noun, false_words, true_words) -> bool:
    """'reports that …' whose verb calls them false, or denies they are true; or that someone denied."""
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() in _denials()[0]:
        return True  # "denied reports that …"
    if noun.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX"):
        return False
    said = {c.lower_ for c in verb.children if c.dep_ in ("acomp", "attr", "oprd")}
    negated = any(c.dep_ == "neg" for c in verb.children)
    return bool(said & false_words) or (negated and bool(said & true_words))


def _compile(patterns: list[str]) -> re.Pattern:
    if not patterns:
        raise ValueError("hedges.json: an empty pattern group would match nothing; remove the key instead")
    alternatives = "|".join(f"(?:{p})" for p in sorted(patterns, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def hedge_in(text: str) -> re.Match | None:
    """The first hedge in a piece of text, ignoring phrases that only look like hedges."""
    h = Hedges.load()
    masked = h.not_hedges.sub(lambda m: " " * len(m.group()), text)
    return h.sentence.search(masked)


def is_hedged(doc, start: int, end: int) -> bool:
    """True when the sentence(s) holding [start, end) hedge it, or the next sentence disowns it."""
    sents = _sentences_over(doc, start, end)
    if not sents:
        return False
    cache = doc.user_data.setdefault("sitrep_hedged_sentences", {})
    hedged = False
    for sent in sents:
        # A claim after a leading concessive clause is judged on the main clause alone.
        m = Hedges.load().concessive.match(sent.text)
        skip = m.end() if m and start - sent.start_char >= m.end() else 0
        key = (sent.start, skip)
        if key not in cache:
            cache[key] = _sentence_hedged(doc, sent, skip)
        hedged = hedged or cache[key]
    return hedged


def _sentence_hedged(doc, sent, skip: int = 0) -> bool:
    if hedge_in(sent.text[skip:]):
        return True
    nxt = _next_sentence(doc, sent)
    if nxt is None:
        return False
    # Only when the following sentence opens by disowning what came before, not anywhere in it.
    m = Hedges.load().next_sentence.search(nxt.text)
    return bool(m) and m.start() < 80


def _sentences_over(doc, start: int, end: int) -> list:
    span = doc.char_span(start, max(end, start + 1), alignment_mode="expand")
    if span is None or not len(span):
        return []
    first, last = span[0].sent, span[-1].sent
    return [first] if first.start == last.start else [first, last]


def _next_sentence(doc, sent):
    if sent.end >= len(doc):
        return None
    nxt = doc[sent.end].sent
    # Blank lines are sentences of their own in a body with blanked-out boilerplate: skip them.
    while not nxt.text.strip() and nxt.end < len(doc):
        nxt = doc[nxt.end].sent
    return nxt if nxt.text.strip() else None
