"""Find the places an article names and resolve them to gazetteer entries.

Candidates come from the doc's entities in the body and from runs of capitalised words the model
left untagged or tagged in part ("Qala-e Nau"), and from the dateline and credit lines that
cleaning removed from the body (read from `article.text`). GPE/LOC/FAC spans need a good lookup
score; ORG/NORP/PERSON and untagged runs need strong evidence (the small model mis-tags
transliterated towns as people): an exact name that is a country or province, or a place after a
place word ("in", "near", "hit … and"), or followed by the province or country holding it, or in
the article's country. Ambiguous names are settled by the article's focus (the country its place
names point to) and by the province named in the same sentence ("Qala-e-Naw, the capital of
Badghis Province"). Demonyms ("Somali officials"), names after a title ("Colonel Hassan") and place
names inside longer names ("Aung San Suu Kyi") are not places. Word lists live in
data/geo_context.json and data/geo_stopwords.json.

Roles: "dateline", "credit" for places in those lines, else "context" (the pipeline upgrades a
mention to "event" when an event is located there). Precision (ACLED): 1 the place itself, 2 near
it or a district, 3 only a province or country.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..model import Article, PlaceMention
from .gazetteer import Gazetteer, Match
from .names import fold, parse, rules
from .rank import OPTIONS, Name, continent_of_demonym, demonym_country, demonym_spans, demonym_words, rank_all

__all__ = ["resolve_places", "resolve_spans", "Candidate", "ACCEPT_PLACE_LABEL", "ACCEPT_OTHER_LABEL"]

PLACE_LABELS = ("GPE", "LOC", "FAC")
OTHER_LABELS = ("ORG", "NORP", "PERSON")
# Minimum lookup score to accept a span; tuned on tests/fixtures/place_variants.csv and the seeds.
ACCEPT_PLACE_LABEL = 0.70
ACCEPT_OTHER_LABEL = 0.80
# An ORG-tagged name with no place cue before it, in the article's country, must be at least a town.
ORG_IN_FOCUS_MIN_POPULATION = 5_000
# A spelling variant (not an exact name) outside the article's country must be this alike.
FAR_VARIANT_MIN_MATCH = 0.9
# A name after a place word ("an attack on Eilat") may lie outside the article's country if it is a city.
CUED_MIN_POPULATION = 50_000

# A village with less recorded population than this outside the article's country is a namesake.
FAR_VILLAGE_MIN_POPULATION = 1_000

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
    within: tuple[int, int] | None = None  # a longer run of capitalised words it is part of


def resolve_places(article: Article, doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Place mentions of one article, sorted by position; unresolvable names are left out."""
    cands = _with_facility_words(_body_candidates(article, doc), article.text, gazetteer) \
        + _removed_candidates(article)
    cands.sort(key=lambda c: (c.start, c.end))
    options = [gazetteer.match(c.surface, limit=OPTIONS) for c in cands]
    evidence = [c.label in PLACE_LABELS + ("DATELINE", "CREDIT") or _sure_unit(o) for c, o in zip(cands, options)]
    picks = _rank(article, cands, options, evidence)
    first = {c: m for c, m in zip(cands, picks)}
    focus = _country_focus(first)
    by_start = {c.start: m for c, m in first.items() if m is not None and m.exact}
    accepted: list[tuple[Candidate, Match]] = []
    for c, m in first.items():
        if m is not None and _accept(c, m, m.score, focus, article.text, gazetteer,
                                     _container_follows(article.text, c, m, by_start)):
            accepted.append((c, m))
    # A place name inside a longer capitalised name that is not a place is part of a person's or an
    # organisation's name: "Aung San Suu Kyi", "Victoria Nuland", "Kachin Independence Army".
    # A place that opens the name of an institution or site of it is the place, as context: "Aleppo
    # University", "the Fargo Police Department".
    places = {(c.start, c.end) for c, _ in accepted}
    accepted = [(c, m) for c, m in accepted if c.within is None or c.within in places
                or (c.label != "PERSON" and _nested_head(article.text, c.end))]
    return [
        PlaceMention(article.id, c.start, c.end, article.text[c.start:c.end], m.ref, c.role,
                     _precision(m, article.text, c.start, c.surface))
        for c, m in _without_overlaps(accepted)
    ]


def resolve_spans(article: Article, gazetteer: Gazetteer, spans: list[tuple[int, int]]) -> list[PlaceMention | None]:
    """Resolve spans someone else found (a benchmark's gold toponyms): every span is taken as a
    place and gets its best entry in the context of the others; None where nothing matches. A
    nationality word ("Syrian") resolves to its country, a continent's ("African") to the continent."""
    cands = [Candidate(s, e, article.text[s:e], "GPE", "context") for s, e in spans]
    options = [_demonym_options(c.surface, gazetteer) or gazetteer.match(c.surface, limit=OPTIONS) for c in cands]
    picks = _rank(article, cands, options, [True] * len(cands))
    return [None if m is None else PlaceMention(article.id, c.start, c.end, c.surface, m.ref, c.role,
                                                _precision(m, article.text, c.start, c.surface))
            for c, m in zip(cands, picks)]


def _rank(article: Article, cands: list[Candidate], options: list[list[Match]], evidence: list[bool]) -> list:
    """The ranker's pick for each candidate (see rank.py), with who follows whom after a comma."""
    names = []
    for i, c in enumerate(cands):
        follower = None
        for j in range(i + 1, min(len(cands), i + 3)):
            gap = article.text[c.end:cands[j].start]
            if gap.strip() == "," or (gap.strip() == "" and gap and cands[j].start > c.end):
                follower = j if gap.strip() == "," else None
                break
        names.append(Name(c.start, c.end, c.surface, c.role, follower, evidence[i]))
    demonyms = [cc for _, _, cc in demonym_spans(article.text)]
    return rank_all(names, options, article.text, article.outlet, article.url, demonyms)


def _sure_unit(options: list[Match]) -> bool:
    """A country or province by its own name: evidence whatever the model tagged it."""
    return bool(options) and options[0].exact and options[0].main and options[0].ref.kind in ("country", "admin1")


def _demonym_options(surface: str, gazetteer: Gazetteer) -> list[Match]:
    cc = demonym_country(surface)
    if cc:
        return gazetteer.country_matches(cc)
    continent = continent_of_demonym(surface)
    if continent:
        return [m for m in gazetteer.match(continent, limit=OPTIONS) if m.feature == "CONT"][:1]
    return []


def _without_overlaps(accepted: list[tuple[Candidate, Match]]) -> list[tuple[Candidate, Match]]:
    """Where accepted candidates overlap ("Qala" inside "Qala-e Nau", "Saada" in "Saada province"),
    keep the longer, then the exact, then the better one."""
    ranked = sorted(accepted, key=lambda cm: (-(cm[0].end - cm[0].start), not cm[1].exact, -cm[1].score,
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
    chunks = [(c.start_char, c.end_char) for c in _name_chunks(doc)]
    for chunk in chunks:
        inner = [lab for (s, e), lab in spans.items() if chunk[0] <= s and e <= chunk[1]]
        if chunk not in spans:
            spans[chunk] = next((lab for lab in inner if lab in PLACE_LABELS), "PROPN")
    # The doc reads article.body_text(), which keeps every offset of article.text and differs only
    # outside the body (skipped below); doc.text would rebuild the string from every token.
    text = article.text
    sentences = _sentence_bounds(doc, len(text))
    out = []
    for (start, end), label in sorted(spans.items()):
        within = _embedding_chunk(doc, start, end, chunks)
        if article.body and not article.in_body(start, end):
            continue
        role = "dateline" if dateline and dateline[0] <= start and end <= dateline[1] else "context"
        out.append(Candidate(start, end, text[start:end], label, role, _sentence_of(sentences, start), within))
    return out


def _with_facility_words(cands: list[Candidate], text: str, gaz: Gazetteer) -> list[Candidate]:
    """A name followed by a facility word the model left out ("the nearby Zamzam camp", "Hmeimim
    air base") becomes the facility's name, when the gazetteer knows that facility by it."""
    out = []
    for c in cands:
        m = _facility_word_re().match(text, c.end)
        if m:
            longer = text[c.start:m.end()]
            hit = _best(gaz.match(longer))
            if hit is not None and hit.exact and hit.ref.kind == "facility":
                c = Candidate(c.start, m.end(), longer, "FAC", c.role, c.sentence, c.within)
        out.append(c)
    return out


@lru_cache(maxsize=1)
def _facility_word_re() -> re.Pattern:
    words = "|".join(re.escape(w) for w in sorted(rules().facility_words, key=len, reverse=True))
    return re.compile(rf"[ \t]+(?i:{words})(?![\w'’])")


def _sentence_bounds(doc, length: int) -> list[tuple[int, int]]:
    """Character bounds of the sentences, in one pass (Span.sent and Doc.sents rescan the doc)."""
    if not len(doc) or not doc.has_annotation("SENT_START"):
        return []
    starts = [t.idx for t in doc if t.is_sent_start or t.i == 0]
    return list(zip(starts, starts[1:] + [length]))


def _sentence_of(sentences: list[tuple[int, int]], start: int) -> tuple[int, int]:
    i = bisect.bisect_right(sentences, (start, float("inf"))) - 1
    return sentences[i] if i >= 0 and sentences[i][0] <= start < sentences[i][1] else (0, 0)


def _embedding_chunk(doc, start: int, end: int, chunks: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The run of capitalised words a span sits in with a capitalised word right beside it
    ("San" in "Aung San Suu Kyi"); not when only a particle joins them ("Somali Region of Ethiopia")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for s, e in chunks:
        if s <= start and end <= e and (s, e) != (start, end):
            before = span.start > 0 and doc[span.start - 1].idx >= s and _is_name_word(doc[span.start - 1])
            after = span.end < len(doc) and doc[span.end].idx < e and _is_name_word(doc[span.end])
            return (s, e) if before or after else None
    return None


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
        if m is None or not m.exact or m.ref.kind not in ("country", "admin1", "city") or m.score < 0.9 \
                or c.label not in PLACE_LABELS + ("DATELINE", "CREDIT") or _is_demonym(c.surface):
            continue  # only names the model or the dateline call places vote
        votes[m.ref.country_code] += 2 if m.ref.kind == "admin1" else 1
        order.setdefault(m.ref.country_code, c.start)
    if not votes:
        return None
    return min(votes, key=lambda cc: (-votes[cc], order[cc]))


_CONTAINER_LINK = re.compile(
    r"\s*(?:,\s*)?(?:(?:in|of|the capital of|capital of|provincial capital of|a city in|a town in|a village in|"
    r"district of|in the (?:north|south|east|west|northeast|northwest|southeast|southwest) of)\s+)?"
    r"(?:(?:the\s+)?(?:(?:north|south|east|west|central)(?:ern)?|north-?(?:east|west)(?:ern)?|"
    r"south-?(?:east|west)(?:ern)?)\s+)?")


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


def _accept(c: Candidate, m: Match, score: float, focus: str | None, text: str, gaz: Gazetteer,
            contained: bool = False) -> bool:
    if _is_non_place(c.surface, gaz) or _after_title(text, c.start, gaz) or _is_demonym(c.surface) \
            or _kind_conflict(c.surface, m):
        return False
    if _far_hamlet(m, focus) and not contained:
        return False
    if c.label in PLACE_LABELS or c.role in ("dateline", "credit"):
        # A loose spelling match far from the story ("Catatumbo" ~ a town in Angola) is a guess.
        far = focus is not None and m.ref.country_code != focus
        return score >= ACCEPT_PLACE_LABEL and (m.exact or not far or m.name_match >= FAR_VARIANT_MIN_MATCH)
    # The model called it a person, group or nationality, or did not tag it: believe the gazetteer
    # only on an exact name that is a country/province, a big place, or a place in the article's
    # country after a word that introduces places ("in", "near", "city,").
    if not m.exact or score < ACCEPT_OTHER_LABEL:
        return False
    cue = _has_place_cue(text, c.start)
    if m.ref.kind == "facility" and parse(c.surface).facility:
        return True  # "Zamzam camp": the facility word names it
    if m.ref.kind in ("country", "admin1"):
        return c.label != "PROPN" or cue or score >= 0.9
    if c.label == "NORP":
        return False
    if contained or _appositive_place(text, c.end) or (cue and m.population >= CUED_MIN_POPULATION):
        return True
    in_focus = focus is not None and m.ref.country_code == focus
    return in_focus and ((c.label == "ORG" and m.population >= ORG_IN_FOCUS_MIN_POPULATION) or cue)


def _far_hamlet(m: Match, focus: str | None) -> bool:
    """A village of no recorded population in another country than the story's is a namesake
    ("Tawila" in a Darfur story is not the Yemeni hamlet), unless its province or country follows."""
    return focus is not None and m.ref.country_code != focus and m.ref.kind == "village" \
        and m.population < FAR_VILLAGE_MIN_POPULATION


def _nested_head(text: str, end: int) -> bool:
    """The word after a place name makes the longer name an institution or site of the place."""
    nxt = text[end:end + 40].split(maxsplit=1)
    return bool(nxt) and text[end:end + 1] == " " and nxt[0].strip(".,;:'’s") in _nested_heads()


@lru_cache(maxsize=1)
def _nested_heads() -> frozenset[str]:
    return frozenset(_cues()["nested_heads"])


def _appositive_place(text: str, end: int) -> bool:
    """"Mellit, a market town about 60 km north", "Tawila, the town where…": the apposition says
    the name is a place."""
    return bool(_appositive_re().match(text, end))


@lru_cache(maxsize=1)
def _appositive_re() -> re.Pattern:
    nouns = "|".join(re.escape(w) for w in sorted(_cues()["appositive_place_nouns"], key=len, reverse=True))
    # the noun must head the phrase: "a town official" is a person
    return re.compile(rf",\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,2}}?(?:{nouns})"
                      rf"(?=\s*[,.;:)]|\s+(?:of|on|in|at|about|near|that|which|where|some|just)\b|\s+\d)")


def _kind_conflict(surface: str, m: Match) -> bool:
    """A designator that cannot name the match: "Jordan Valley" or "Georgia Province" is no country."""
    designator = parse(surface).designator
    return designator in ("admin1", "admin2", "region", "city", "town", "village") and m.ref.kind == "country"


def _is_demonym(surface: str) -> bool:
    """"Somali officials", "Palestinian health officials": a nationality, not the place. With a
    designator ("Somali Region", "Amhara region") it is the place."""
    p = parse(surface)
    return p.designator is None and (demonym_country(surface) is not None or surface.strip() in demonym_words())


@lru_cache(maxsize=1)
def _cues() -> dict:
    return json.loads(resources.files("sitrep.data").joinpath("geo_context.json").read_text("utf-8"))


def _has_place_cue(text: str, start: int) -> bool:
    """A word that introduces places right before the name, or before a list the name ends:
    "in Kabul", "hit Khan Younis and Rafah"."""
    return bool(_cue_re().search(fold(text[max(0, start - 80):start]) + " "))


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern:
    cues = "|".join(re.escape(w) for w in sorted(_cues()["place_prepositions"], key=len, reverse=True))
    joiners = "|".join(re.escape(w) for w in sorted(_cues()["list_joiners"], key=len, reverse=True))
    listed = rf"(?:\w+\s+){{1,4}}(?:{joiners})\s+"  # "khan younis and ", "kunduz sar e pul and "
    return re.compile(rf"\b(?:{cues})\s+(?:{listed})?$")


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
    if parse(surface).facility and kind != "facility":
        return 2  # "Mosul Dam" found only as Mosul: the place is near it
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

