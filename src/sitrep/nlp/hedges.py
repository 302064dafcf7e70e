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

__all__ = ["is_hedged", "hedge_in", "Hedges"]

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
