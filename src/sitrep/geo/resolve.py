"""Find the places an article names and resolve them to gazetteer entries.

Candidates come from the doc's entities in the body (GPE/LOC/FAC; ORG/NORP/PERSON only with
strong evidence, since the small model mis-tags transliterated towns), and from the dateline and
credit lines that cleaning removed from the body (read from `article.text`). Ambiguous names are
settled by the article's focus: the countries and provinces it names, and the province named next
to a place ("Qala-e-Naw, the capital of Badghis Province").

Roles: "dateline", "credit" for places in those lines, else "context" (the pipeline upgrades a
mention to "event" when an event is located there). Precision (ACLED): 1 the place itself, 2 near
it or a district, 3 only a province or country.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..model import Article, PlaceMention
from .gazetteer import Gazetteer, Match
from .names import fold, parse, rules

__all__ = ["resolve_places", "Candidate", "ACCEPT_PLACE_LABEL", "ACCEPT_OTHER_LABEL"]

PLACE_LABELS = ("GPE", "LOC", "FAC")
OTHER_LABELS = ("ORG", "NORP", "PERSON")
# Minimum lookup score to accept a span; tuned on tests/fixtures/place_variants.csv and the seeds.
ACCEPT_PLACE_LABEL = 0.70
ACCEPT_OTHER_LABEL = 0.80
# A populated place this large is worth believing even when the model called it an ORG.
OTHER_LABEL_MIN_POPULATION = 100_000
# An ORG-tagged name with no place cue before it, in the article's country, must be at least a town.
ORG_IN_FOCUS_MIN_POPULATION = 5_000

MAX_CHUNK_TOKENS = 7  # "Democratic Republic of the Congo"; longer runs are titles, not names

REMOVED_ROLES = {"dateline": "dateline", "credit": "credit", "reporting_credit": "credit", "byline": "credit"}


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    surface: str
    label: str  # entity label, or "DATELINE"/"CREDIT" for removed lines
    role: str
    sentence: tuple[int, int] = (0, 0)


def resolve_places(article: Article, doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Place mentions of one article, sorted by position; unresolvable names are left out."""
    cands = _body_candidates(article, doc) + _removed_candidates(article)
    first = {c: _best(gazetteer.match(c.surface)) for c in cands}
    focus = _country_focus(first)
    admin_by_sentence = _admins_by_sentence(first)
    by_start = {c.start: m for c, m in first.items() if m is not None and m.exact}
    accepted: list[tuple[Candidate, Match]] = []
    for c in cands:
        hint = admin_by_sentence.get(c.sentence)
        m = _best(gazetteer.match(c.surface, focus, hint)) if focus or hint else first[c]
        if m is not None and _accept(c, m, focus, article.text, gazetteer, _container_follows(article.text, c, m, by_start)):
            accepted.append((c, m))
    return [
        PlaceMention(article.id, c.start, c.end, article.text[c.start:c.end], m.ref, c.role,
                     _precision(m, article.text, c.start, c.surface))
        for c, m in _without_overlaps(accepted)
    ]


def _without_overlaps(accepted: list[tuple[Candidate, Match]]) -> list[tuple[Candidate, Match]]:
    """Where candidates overlap ("Qala" inside "Qala-e Nau"), keep the exact, longer, better one."""
    ranked = sorted(accepted, key=lambda cm: (not cm[1].exact, -(cm[0].end - cm[0].start), -cm[1].score,
                                              cm[0].start))
    taken: list[tuple[Candidate, Match]] = []
    for c, m in ranked:
        if all(c.end <= t.start or c.start >= t.end for t, _ in taken):
            taken.append((c, m))
    return sorted(taken, key=lambda cm: (cm[0].start, cm[0].end))


# -- candidates ---------------------------------------------------------------------------------


def _body_candidates(article: Article, doc) -> list[Candidate]:
    """Entities, and capitalised name chunks the model did not tag (or tagged only in part)."""
    dateline = _dateline_span(article)
    spans: dict[tuple[int, int], str] = {}
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS + OTHER_LABELS:
            start = ent[1].idx if len(ent) > 1 and ent[0].lower_ == "the" else ent.start_char
            spans.setdefault((start, _extend_designator(ent)), ent.label_)
    for chunk in _name_chunks(doc):
        inner = [lab for (s, e), lab in spans.items() if chunk.start_char <= s and e <= chunk.end_char]
        key = (chunk.start_char, chunk.end_char)
        if key not in spans:
            spans[key] = next((lab for lab in inner if lab in PLACE_LABELS), "PROPN")
    out = []
    for (start, end), label in sorted(spans.items()):
        if article.body and not article.in_body(start, end):
            continue
        role = "dateline" if dateline and dateline[0] <= start and end <= dateline[1] else "context"
        sent = doc.char_span(start, end, alignment_mode="expand")
        bounds = (sent.sent.start_char, sent.sent.end_char) if sent is not None and doc.has_annotation("SENT_START") \
            else (0, 0)
        out.append(Candidate(start, end, doc.text[start:end], label, role, bounds))
    return out


def _name_chunks(doc):
    """Runs of capitalised words joined by hyphens or linking particles: "Qala-e Nau", "Dayr az
    Zawr", "Nad-e Ali", "Khan Younis". Sentence-initial words count too; _accept is strict with them."""
    r = rules()
    glue = r.particles | r.articles
    i, n = 0, len(doc)
    while i < n:
        if not _is_name_word(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            t = doc[j]
            joins = t.text == "-" or (t.is_lower and t.lower_ in glue)
            if _is_name_word(t) or (joins and j + 1 < n and (_is_name_word(doc[j + 1]) or doc[j + 1].text == "-"
                                                             or doc[j + 1].lower_ in glue)):
                j += 1
            else:
                break
        while j > i + 1 and not _is_name_word(doc[j - 1]):
            j -= 1  # no trailing hyphen or particle
        if j - i <= MAX_CHUNK_TOKENS:
            yield doc[i:j]
        i = j


def _is_name_word(tok) -> bool:
    return tok.text[:1].isupper() and not tok.is_punct and tok.pos_ != "PRON"


def _extend_designator(ent) -> int:
    """Include a following designator word: "Badghis Province", "Donetsk oblast"."""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].lower_ in rules().designators and ent.label_ in PLACE_LABELS:
        return doc[ent.end].idx + len(doc[ent.end].text)
    return ent.end_char


def _dateline_span(article: Article) -> tuple[int, int] | None:
    """Where the dateline ("KABUL, Afghanistan —") sits, if cleaning left it inside the body."""
    if not article.dateline:
        return None
    i = article.text.find(article.dateline)
    return (i, i + len(article.dateline)) if i >= 0 else None


@lru_cache(maxsize=1)
def _line_patterns() -> tuple[re.Pattern, re.Pattern]:
    """A capitalised name of up to five words, joined only by the linking particles and articles of
    the name rules ("Herat", "Dayr az Zawr", "Qala-e-Naw", "KABUL"); and that name after the
    prepositions of a credit line ("reported from Kabul", "in Washington")."""
    glue = "|".join(sorted(rules().particles | rules().articles, key=len, reverse=True))
    name = rf"[A-Z][\w’'‘\-]*(?:\s+(?:(?:{glue})[\-\s])?[A-Z][\w’'‘\-]*){{0,4}}"
    return re.compile(name), re.compile(rf"\b(?:from|in|at)\s+({name})(?:,\s+({name}))?")


def _removed_candidates(article: Article) -> list[Candidate]:
    dateline_part, credit_place = _line_patterns()
    out = []
    for r in article.removed:
        role = REMOVED_ROLES.get(r.kind)
        if role is None:
            continue
        text = article.text[r.start:r.end]
        if role == "dateline":
            matches = [(m.start(), m.end()) for m in dateline_part.finditer(text)]
        else:
            matches = [(m.start(g), m.end(g)) for m in credit_place.finditer(text) for g in (1, 2) if m.group(g)]
        for s, e in matches:
            out.append(Candidate(r.start + s, r.start + e, text[s:e], role.upper(), role, (r.start, r.end)))
    return out


# -- resolution ---------------------------------------------------------------------------------


def _best(matches: list[Match]) -> Match | None:
    return matches[0] if matches else None


def _country_focus(first: dict[Candidate, Match | None]) -> str | None:
    """The country an article is mostly about: its confidently named countries and provinces."""
    votes: Counter = Counter()
    order: dict[str, int] = {}
    for c, m in sorted(first.items(), key=lambda cm: cm[0].start):
        if m is None or not m.exact or m.ref.kind not in ("country", "admin1", "city") or m.score < 0.9:
            continue
        votes[m.ref.country_code] += 2 if m.ref.kind == "admin1" else 1
        order.setdefault(m.ref.country_code, c.start)
    if not votes:
        return None
    return min(votes, key=lambda cc: (-votes[cc], order[cc]))


def _admins_by_sentence(first: dict[Candidate, Match | None]) -> dict[tuple[int, int], str]:
    """The province named in each sentence ("…Qala-e-Naw, the capital of Badghis Province")."""
    out: dict[tuple[int, int], str] = {}
    for c, m in sorted(first.items(), key=lambda cm: cm[0].start):
        if m is not None and m.exact and m.ref.kind == "admin1" and c.sentence != (0, 0):
            out.setdefault(c.sentence, m.ref.name)
    return out


_CONTAINER_LINK = re.compile(r"\s*(?:,\s*)?(?:(?:in|of|the capital of|capital of|provincial capital of|a city in|"
                             r"a town in|a village in|district of|in the north of|in the south of|in the east of|"
                             r"in the west of)\s+)?")


def _container_follows(text: str, c: Candidate, m: Match, by_start: dict[int, Match]) -> bool:
    """The name is followed by the province or country that holds it: "Merowe in Sudan's Northern
    State", "Qala-e-Naw, the capital of Badghis" — evidence that it is a place."""
    link = _CONTAINER_LINK.match(text, c.end)
    after = link.end() if link else c.end
    if after == c.end and not text[c.end:c.end + 1].isspace():
        return False
    nxt = by_start.get(after)
    if nxt is None or nxt.ref.country_code != m.ref.country_code:
        return False
    return nxt.ref.kind == "country" or (nxt.ref.kind == "admin1" and m.ref.admin1 is not None
                                         and parse(nxt.ref.name).key == parse(m.ref.admin1).key)


def _accept(c: Candidate, m: Match, focus: str | None, text: str, gaz: Gazetteer, contained: bool = False) -> bool:
    if _is_non_place(c.surface, gaz) or _after_title(text, c.start, gaz):
        return False
    if c.label in PLACE_LABELS or c.role in ("dateline", "credit"):
        return m.score >= ACCEPT_PLACE_LABEL
    # The model called it a person, group or nationality: believe the gazetteer only on an exact
    # name that is a country/province, a big place, or a place in the article's country after a
    # word that introduces places ("in", "near", "city,").
    if not m.exact or m.score < ACCEPT_OTHER_LABEL:
        return False
    if m.ref.kind in ("country", "admin1"):
        return c.label != "PROPN" or _has_place_cue(text, c.start) or m.score >= 0.9
    if c.label == "NORP":
        return False
    if m.population >= OTHER_LABEL_MIN_POPULATION:
        return c.label == "ORG" or _has_place_cue(text, c.start)
    if contained:
        return True
    in_focus = focus is not None and m.ref.country_code == focus
    return in_focus and ((c.label == "ORG" and m.population >= ORG_IN_FOCUS_MIN_POPULATION)
                         or _has_place_cue(text, c.start))


@lru_cache(maxsize=1)
def _cues() -> dict:
    return json.loads(resources.files("sitrep.data").joinpath("geo_context.json").read_text("utf-8"))


def _has_place_cue(text: str, start: int) -> bool:
    before = fold(text[max(0, start - 40):start]).split()
    return bool(before) and before[-1] in _cues()["place_prepositions"]


def _after_title(text: str, start: int, gaz: Gazetteer) -> bool:
    """"Colonel Hassan", "Mr. Khan": a title makes the next name a person's, whatever towns share it."""
    before = text[max(0, start - 30):start].split()
    return bool(before) and before[-1].rstrip(".") in gaz.titles()


def _is_non_place(surface: str, gaz: Gazetteer) -> bool:
    words = surface.split()
    return gaz.is_stopword(surface) or (bool(words) and gaz.is_stopword(words[0]) and len(words) == 1) \
        or not parse(surface).key


def _precision(m: Match, text: str, start: int, surface: str) -> int:
    kind = m.ref.kind
    if kind in ("country", "admin1", "region"):
        return 3
    if kind == "admin2" or parse(surface).designator == "admin2":
        return 2
    if _vicinity_re().search(fold(text[max(0, start - 80):start]) + " "):
        return 2
    return 1


@lru_cache(maxsize=1)
def _vicinity_re() -> re.Pattern:
    """A vicinity phrase right before the name, maybe with "the city of" between: "near", "on the
    outskirts of the town of", "20 km north of"."""
    near = "|".join(re.escape(w) for w in sorted(_cues()["vicinity"], key=len, reverse=True))
    tail = "|".join(re.escape(w) for w in sorted(_cues()["vicinity_tail"], key=len, reverse=True))
    return re.compile(rf"\b(?:{near})\s+(?:(?:{tail})\s+)*$")
