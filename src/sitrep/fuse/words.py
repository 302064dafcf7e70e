"""Wording: when two claims count the same thing, and when two reports word one happening alike.

The vocabulary (synonym sets, weak modifiers, generic event words, compatible event sub-types) is
data, in `sitrep/data/synonyms.json`; this module only applies it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources

from rapidfuzz import fuzz

__all__ = ["Vocabulary", "QuantityKey", "vocabulary", "quantity_key", "same_counted", "event_words", "strongholds",
           "sub_types_compatible"]

_TOKEN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")

# Two counted things with the same head and measure are the same when their other words (who,
# where) match at least this well (rapidfuzz token_set_ratio, 0-100). Tuned on hand-built pairs:
# "Afghan soldiers who fled into Tajikistan" / "Afghan troops who fled into neighboring Tajikistan"
# score 100; "Afghan soldiers" / "Russian soldiers" score under 50.
SAME_COUNTED_MIN_RATIO = 90


@dataclass(frozen=True)
class Vocabulary:
    counted: dict[str, str]  # phrase -> canonical
    measures: dict[str, str]
    weak: frozenset[str]
    stop: frozenset[str]
    generic: frozenset[str]
    compatible: tuple[frozenset[str], ...]  # sets of "type|sub_type" (sub_type may be "*")
    terms: dict[str, str]  # event wording: word -> canonical ("jail" -> "prison")
    phrases: tuple[tuple[str, re.Pattern, str], ...]  # multi-word phrase, its pattern, joined form; longest first
    ongoing: frozenset[str] = frozenset()  # triggers telling fighting going on, not one act
    strongholds: frozenset[str] = frozenset()  # sites a force holds and is driven from ("the airport", "the base")

    def canon_counted(self, word: str) -> str:
        return self.counted.get(word, self.counted.get(_singular(word), _singular(word)))

    def canon_measure(self, word: str | None) -> str:
        if not word:
            return ""
        w = word.strip().lower()
        return self.measures.get(w) or self.measures.get(_singular(w)) or w

    def tokens(self, text: str | None) -> list[str]:
        """Lower-case words with multi-word synonyms joined ("security forces" → "security_forces")."""
        if not text:
            return []
        return list(_tokens(text))


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    t = text.lower().replace("’", "'")
    for phrase, pattern, joined in vocabulary().phrases:
        if phrase in t:
            t = pattern.sub(joined, t)
    return tuple(_TOKEN.findall(t))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    ref = importlib_resources.files("sitrep") / "data" / "synonyms.json"
    data = json.loads(ref.read_text(encoding="utf-8"))
    counted, measures, terms = {}, {}, {}
    for group in data.get("event_terms", []):
        for phrase in group:
            terms[phrase.lower().replace(" ", "_")] = group[0].replace(" ", "_")
    for group in data["counted"]:
        for phrase in group:
            counted[phrase.lower()] = group[0].replace(" ", "_")
    for group in data["measures"]:
        for phrase in group:
            measures[phrase.lower()] = group[0]
    joined = {**{p.replace("_", " "): c for p, c in terms.items()}, **counted}
    multi = sorted((p for p in joined if " " in p), key=lambda p: (-len(p), p))
    phrases = tuple((p, re.compile(r"\b" + re.escape(p) + r"\b"), p.replace(" ", "_")) for p in multi)
    # joined phrases must map to themselves as single tokens too
    for p in multi:
        if p in counted:
            counted[p.replace(" ", "_")] = counted[p]
    return Vocabulary(
        counted=counted,
        measures=measures,
        weak=frozenset(w.lower() for w in data["weak_modifiers"]),
        stop=frozenset(w.lower() for w in data["stopwords"]),
        generic=frozenset(w.lower().replace(" ", "_") for w in data["generic_event_words"]),
        compatible=tuple(frozenset(g) for g in data["compatible_sub_types"]),
        terms=terms,
        phrases=phrases,
        ongoing=frozenset(w.lower() for w in data.get("ongoing_fighting", [])),
        strongholds=frozenset(w.lower() for w in data.get("strongholds", [])),
    )


@dataclass(frozen=True)
class QuantityKey:
    """What a quantity counts, normalised: head ("soldier"), measure ("fled"), other words, unit."""

    head: str
    measure: str
    modifiers: tuple[str, ...]
    unit: str

    @property
    def block(self) -> tuple[str, str, str]:
        return (self.head, self.measure, self.unit)

    def label(self) -> str:
        words = [self.head.replace("_", " "), self.measure, *self.modifiers]
        return " ".join(w for w in words if w)


def quantity_key(subject: str, attrs: dict, unit: str | None = None) -> QuantityKey:
    """Normalise a quantity claim's counted thing from its attrs (counted/measure/head), else its subject."""
    def text(name: str) -> str | None:
        value = attrs.get(name)
        return value if isinstance(value, str) else None

    # the counted group ("civilians" of "civilian deaths") is the head when the figures stage gave one
    return _quantity_key(subject, text("counted"), text("measure"), text("group") or text("head"), unit)


@lru_cache(maxsize=65536)
def _quantity_key(subject: str, counted: str | None, measure_word: str | None, head_word: str | None,
                  unit: str | None) -> QuantityKey:
    v = vocabulary()
    tokens = v.tokens(counted or subject)
    head_tokens = v.tokens(head_word)
    head = v.canon_counted(head_tokens[-1]) if head_tokens else ""
    measure = v.canon_measure(measure_word)
    if not head:  # no head given: the first word that is a known counted thing, else the first noun-ish word
        known = [v.canon_counted(t) for t in tokens if t in v.counted or _singular(t) in v.counted]
        content = [t for t in tokens if t not in v.stop and t not in v.weak]
        head = known[0] if known else (v.canon_counted(content[0]) if content else "")
    if not measure:
        measures = [v.measures[t] for t in tokens if t in v.measures]
        measure = measures[0] if measures else ""
    mods = set()
    for t in tokens:
        if t in v.stop or t in v.weak or t.isdigit():
            continue
        c = v.canon_counted(t)
        if c == head or v.canon_measure(t) == measure:
            continue
        mods.add(c)
    return QuantityKey(head, measure, tuple(sorted(mods)), (unit or "").lower())


def same_counted(a: QuantityKey, b: QuantityKey, need_modifiers: bool = False) -> bool:
    """Same head, measure and unit, and other words that match (fuzzy, tolerant of one side saying less).

    `need_modifiers`: both must say more than the bare head ("5 soldiers killed" on two days is
    not evidence of one happening; "soldiers who fled into <country>" is)."""
    if a.block != b.block or not a.head:
        return False
    if need_modifiers and not (a.modifiers and b.modifiers):
        return False
    if not a.modifiers or not b.modifiers:
        return True
    return fuzz.token_set_ratio(" ".join(a.modifiers), " ".join(b.modifiers)) >= SAME_COUNTED_MIN_RATIO


def _stem(word: str) -> str:
    """A light stem so that "freed", "freeing" and "frees" meet ("free")."""
    if word.endswith("eed") and len(word) <= 6:
        return word[:-1]
    if word.endswith("ing") and len(word) > 5:
        return word[:-3]
    if word.endswith("ed") and len(word) > 4:
        return word[:-2]
    return _singular(word)


def strongholds(text: str | None) -> frozenset[str]:
    """The strongholds a text names (data: `strongholds`), singular and in one word for one thing
    (`event_terms`: "the airfield" and "the airport" are one site): "two air bases" → {"base"}; not one
    named as a landmark ("a town 11 km from the airport", "near the base"), nor one that speaks ("the
    army command said")."""
    v = vocabulary()
    out = set()
    for m in _TOKEN.finditer((text or "").lower()):
        w = m.group(0)
        w = w if w in v.strongholds else _singular(w)
        if w in v.strongholds and not _LANDMARK.search(text[max(0, m.start() - 40):m.start()].lower()) \
                and not _speaks_next(text[m.end():]):
            out.add(v.terms.get(w, w))
    return frozenset(out)


def _speaks_next(after: str) -> bool:
    """The words after a name are a reporting verb ("... command said", "... headquarters announced")."""
    from ..nlp.quotes import speech_verb_forms

    nxt = re.match(r"\s+(\w+)", after)
    return nxt is not None and nxt.group(1).lower() in speech_verb_forms()


# "from the airport", "near its base", "towards the main prison": a stronghold locating something else
_LANDMARK = re.compile(r"\b(?:from|near|nearby|towards?|outside|around|beyond|past)\s+(?:\S+\s+){0,3}$")


def event_words(*texts: str | None) -> frozenset[str]:
    """The distinctive words of an event description: not stop words, not generic ("attack", "clash"),
    stemmed, and with words for one thing made one ("jail"/"inmates" → "prison")."""
    v = vocabulary()
    out = set()
    for text in texts:
        for t in v.tokens(text):
            if t in v.stop or t in v.weak or t in v.generic or t.isdigit():
                continue
            if t in v.terms:
                out.add(v.terms[t])
                continue
            stem = _stem(t)
            if stem in v.generic or _singular(t) in v.generic:
                continue
            out.add(v.terms.get(stem) or v.counted.get(t) or stem)
    return frozenset(out)


def sub_types_compatible(type_a: str, sub_a: str, type_b: str, sub_b: str) -> bool:
    if type_a == type_b and sub_a == sub_b:
        return True
    a, b = f"{type_a}|{sub_a}", f"{type_b}|{sub_b}"
    a_any, b_any = f"{type_a}|*", f"{type_b}|*"
    for group in vocabulary().compatible:
        if (a in group or a_any in group) and (b in group or b_any in group):
            return True
    return False
