"""Find the places an article names and resolve them to gazetteer entries.

Candidates:
  - the doc's entities, and runs of capitalised words the model left untagged or tagged in part
    ("Qala-e Nau"); inside a longer run, the runs the gazetteer knows by name ("Licking County" in
    "the Licking County Common Pleas Court");
  - names in a list that ends with a plural designator ("Butler, Warren and Clinton counties");
  - the dateline and credit lines cleaning removed from the body, and the title, standfirst and
    photo captions it set apart (read from `article.text`);
  - sites named with a site word ("Jabalia refugee camp", "Al-Ahli Hospital", "Merowe airport").
Acceptance: GPE/LOC/FAC spans need a good lookup score; ORG/NORP/PERSON and untagged runs need
evidence (the small model mis-tags transliterated towns as people): an exact name that is a
country or province, a big city in the article's countries, a unit named with its designator
("Walker County"), a place word before it ("in", "near", "hit … and"), a word after it that makes
it a place ("Denver-based", "Khartoum residents"), its province or country after it, a list with
places. A name that only resembles a place's (a transliteration: "Kabkabiya") is taken near a
place noun or in a list, with a confidence below 1. Not places: demonyms, names after a title
("Colonel Hassan"), surnames of people named in full ("Wilson" after "Gary Wilson"), known armed
groups, place names inside a person's name or not opening a longer name ("Aung San Suu Kyi",
"Taco Bell"). Ambiguous names are settled by the ranker (rank.py) with the article's evidence.
Word lists live in data/geo_context.json and data/geo_stopwords.json.

A mention spans the name without a province's designator ("Kharkiv" of "Kharkiv region");
a lower-case compass word that makes a province's name with it is kept ("south Kivu").

Roles: "dateline", "credit" for places in those lines, else "context" (the pipeline upgrades a
mention to "event" when an event is located there). Precision (ACLED): 1 the place itself, 2 near
it, a district or a site placed in its town, 3 only a province or country.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from ..model import Article, PlaceMention, PlaceRef, stable_id
from .gazetteer import ADMIN_DESIGNATORS, CITY_KINDS, Gazetteer, Match, designator_fit
from .names import fold, parse, rules
from .rank import (LIST_GAP, OPTIONS, Name, continent_of_demonym, demonym_country, demonym_spans, demonym_words,
                   homeland_of, list_runs, rank_all)

__all__ = ["resolve_places", "resolve_spans", "Candidate", "ACCEPT_PLACE_LABEL", "ACCEPT_OTHER_LABEL"]

PLACE_LABELS = ("GPE", "LOC", "FAC")
OTHER_LABELS = ("ORG", "NORP", "PERSON")
# Minimum lookup score to accept a span; tuned on tests/fixtures/place_variants.csv and the seeds.
ACCEPT_PLACE_LABEL = 0.70
ACCEPT_OTHER_LABEL = 0.80

# The thresholds below were set by small grids on LGL and GeoWebNews end to end (span recall and
# precision, bench/geoparse.py) and checked on TR-News and the dev sets; see bench/README.md.
# An ORG-tagged name with no place cue before it, in the article's country, must be at least a town.
ORG_IN_FOCUS_MIN_POPULATION = 20_000
# A city this big in the article's country is the city whatever label the model gave its name.
BIG_IN_FOCUS_POPULATION = 100_000
# Countries named at least this share as often as the article's most named one are its focus too.
FOCUS_SHARE = 0.5
# A name that only resembles a place's (no exact name) is taken near a place noun if this alike.
VARIANT_MIN_MATCH = 0.85
# … and near a site word that names the place it is at ("Meroe airport"), this alike (set by hand).
SITE_VARIANT_MIN_MATCH = 0.8
# A name counts as evidence of the article's country only if it matches a place at least this well.
EVIDENCE_NAME_MATCH = 0.9
# A given span whose best answer is less alike than this is no name the gazetteer knows ("Cauvery"
# ~ "Chavara"): the place inside it, or the article's town, places it (gold spans, LGL + GWN).
UNKNOWN_NAME_MATCH = 0.9
WELL_KNOWN_POP = 100_000  # a town word inside an unknown name counts alone from this size (tuned on GWN + LGL)
STRAY_MAX_POP = 20_000  # "a small town" for _stray (LGL + GWN gold spans: 5k/20k/100k; 100k also moved Cannes and Clacton)

# Set by hand (the colleague's and ours), not tuned on any corpus:
# A spelling variant (not an exact name) outside the article's country must be this alike.
FAR_VARIANT_MIN_MATCH = 0.9
# A name after a place word ("an attack on Eilat") may lie outside the article's country if it is a city.
CUED_MIN_POPULATION = 50_000
# A town the model tagged as a person counts right after a locative preposition from this size up
# (tuned end to end on GeoWebNews and LGL, checked on TR-News; see bench/README.md).
PERSON_LOCATIVE_MIN_POPULATION = 5_000
# A village with less recorded population than this outside the article's country is a namesake.
FAR_VILLAGE_MIN_POPULATION = 1_000
# How far (characters) a site may be from the town that places it when nothing else does.
SITE_REACH = 200
# A surname that is also a town yields to the person; a place this big (or a country/province) does not
# (300k tuned end to end on LGL + GWN: precision up, recall kept; 1M loses LGL recall, dev sets unchanged).
SURNAME_MAX_POPULATION = 300_000
# Dependencies of a word that modifies the next: "Torrington firefighters", "Lancaster woman".
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})

MAX_CHUNK_TOKENS = 7  # "Democratic Republic of the Congo"; longer runs are titles, not names

REMOVED_ROLES = {"dateline": "dateline", "credit": "credit", "reporting_credit": "credit", "byline": "credit"}
# Lines cleaning keeps out of the body whose places are the story's: read as context.
LINE_KINDS = ("title", "standfirst", "caption")
# A line whose words are capitalised at least this often is a headline in title case.
HEADLINE_CAPITALS = 0.6
# A place taken from a title, standfirst or caption must be a country, a province, a city this big
# or lie in the article's country (in a title-case headline: a country, a province or the latter).
HEADLINE_MIN_POPULATION = 100_000


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    surface: str
    label: str  # entity label, or "DATELINE"/"CREDIT" for removed lines
    role: str
    within: tuple[int, int] | None = None  # a longer run of capitalised words it is part of
    query: str | None = None  # what to look the name up by, when not its surface ("Oconee County")
    container: str | None = None  # the province or country a list of units is said to lie in

    @property
    def lookup(self) -> str:
        return self.query or self.surface


def resolve_places(article: Article, doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Place mentions of one article, sorted by position; unresolvable names are left out."""
    cands = _designated_before(_designated_after(_with_facility_words(_body_candidates(article, doc, gazetteer),
                                                                      article.text, gazetteer), article.text, doc),
                               article.text) + _removed_candidates(article, gazetteer)
    cands.sort(key=lambda c: (c.start, c.end))
    options = [_inside(gazetteer.match(c.lookup, limit=OPTIONS), c.container) for c in cands]
    # A name is evidence of where the article is when the model or a dateline calls it a place, or
    # it is a country or province by its own name; never on a loose spelling ("Reuters" ~ "Retiro").
    evidence = [bool(o) and o[0].name_match >= EVIDENCE_NAME_MATCH
                and (c.label in PLACE_LABELS + ("DATELINE", "CREDIT") or _sure_unit(o)) for c, o in zip(cands, options)]
    picks = _rank(article, cands, options, evidence, gazetteer)
    first = {c: m for c, m in zip(cands, picks)}
    focus = _country_focus(first)
    by_start = {c.start: m for c, m in first.items() if m is not None and m.exact}
    surnames = _surnames(doc, gazetteer, focus)
    # A name the words call a town ("X, a town 11 km from …") whose only namesakes are small towns
    # abroad is a town of the story's the gazetteer lacks (see _stray): taken, to stand in near the
    # story's town below.
    home = _main_town(picks, focus) if focus else None
    named_in: dict[str, set[str]] = defaultdict(set)  # country -> the names that pick a place in it
    for c, m in first.items():
        if m is not None and m.ref.country_code:
            named_in[m.ref.country_code].add(c.surface)
    accepted: list[tuple[Candidate, Match]] = []
    for c, m in first.items():
        if m is None or _person_word(c, doc, surnames) or _thing_named(c, m, doc, gazetteer, named_in):
            continue
        if _accept(c, m, m.score, focus, article.text, gazetteer, _container_follows(article.text, c, m, by_start)) \
                or (home is not None and _appositive_place(article.text, c.end) and _stray(m, picks, focus)):
            accepted.append((c, m))
    accepted += _listed_towns(article.text, first, accepted, focus, gazetteer)
    accepted += _listed_with_places(article.text, first, accepted, surnames, doc, gazetteer)
    accepted += _named_again(article.text, first, accepted, surnames, doc, gazetteer, focus)
    accepted += _variants_near_cues(article.text, cands, options, accepted, focus, surnames, doc, gazetteer)
    accepted += _names_in_brackets(article, accepted, gazetteer)
    # A place name inside a longer capitalised name: a person's or a known armed group's name holds
    # no place ("Victoria Nuland", "Kachin Independence Army"), nor does a name it does not open
    # ("Aung San Suu Kyi", "Taco Bell"); a place that opens the name of an institution or a site is
    # the place, as context ("Aleppo University", "the Guernsey County Common Pleas Court").
    places = {(c.start, c.end) for c, _ in accepted}
    ents = list(doc.ents)  # doc.ents builds its spans anew at every access
    actors = {(e.start_char, e.end_char) for e in ents if _is_actor(e)}  # "Hamas" is no town in Germany
    not_places = [(e.start_char, e.end_char) for e in ents
                  if (e.label_ == "PERSON" and not _institution_words(e, gazetteer) and not _unit_named(e, gazetteer))
                  or _is_actor(e)]
    accepted = [(c, m) for c, m in accepted if (c.start, c.end) not in actors]
    accepted = _without_overlaps([(c, m) for c, m in accepted if _stands_alone(c, m, article.text, places, not_places)])
    # Settle each name again with the evidence of the places kept only: a rejected name ("Reuters",
    # a person) no longer pulls the others towards its namesake town.
    index = {c: i for i, c in enumerate(cands)}
    kept = [c for c, _ in accepted]
    again = _rank(article, kept, [options[index[c]] if c in index else [m] for c, m in accepted],
                  [(evidence[index[c]] if c in index else False) or c.role == "context" for c in kept], gazetteer)
    accepted = [(c, m2 or m) for (c, m), m2 in zip(accepted, again)]
    main = _main_town([m for _, m in accepted], focus) if focus else None
    moved = {c for c, m in accepted if main is not None and _stray(m, [m for _, m in accepted], focus)}
    accepted = [(c, _stand_in(c.surface, _town_before(c, accepted, moved) or main) if c in moved else m)
                for c, m in accepted]
    named = [(e.start_char, e.end_char) for e in ents if e.label_ in ("ORG", "FAC", "GPE", "LOC")]
    accepted = _with_sites(article, [_with_compass(article.text, c, m, gazetteer) for c, m in accepted],
                           gazetteer, focus, named)
    out = []
    for c, m in accepted:
        end = _name_end(article.text, c.start, c.end)
        precision = 2 if (c.label == "SITE" and m.ref.kind != "facility") or c in moved \
            else _precision(m, article.text, c.start, c.lookup)
        confidence = 1.0 if m.exact else round(m.name_match, 2)
        out.append(PlaceMention(article.id, c.start, end, article.text[c.start:end], m.ref, c.role, precision,
                                confidence))
    return out


def resolve_spans(article: Article, gazetteer: Gazetteer, spans: list[tuple[int, int]]) -> list[PlaceMention | None]:
    """Resolve spans someone else found (a benchmark's gold toponyms): every span is taken as a
    place and gets its best entry in the context of the others. A nationality word ("Syrian")
    resolves to its country, a continent's ("African") to the continent. A name the gazetteer does
    not know (a street, a building, a university) resolves to the place named inside it ("Arizona
    State University", "Tijuana River"), else to the article's main town, at precision 2; None
    where the article names no town either."""
    cands = _designated_before([Candidate(s, e, article.text[s:e], "GPE", "context") for s, e in spans], article.text)
    options = []
    for c in cands:
        opts = _demonym_options(c.surface, gazetteer) or gazetteer.match(c.lookup, limit=OPTIONS)
        dedicated = c.surface.split()[-1].lower() in _site_words()["dedicated"]  # "Royal Street": no town Royal
        if not opts or opts[0].name_match < UNKNOWN_NAME_MATCH:
            inner = None if dedicated else _known_part(c.surface, gazetteer, article.text)
            opts = (_demonym_options(inner, gazetteer) or gazetteer.match(inner, limit=OPTIONS)) if inner else []
        options.append(opts)
    picks = _rank(article, cands, options, [bool(o) for o in options], gazetteer)
    focus = _country_focus(dict(zip(cands, picks)))
    town = _main_town(picks, focus)
    if town is not None and focus:
        picks = [None if _stray(m, picks, focus) else m for m in picks]
    out = []
    for c, m in zip(cands, picks):
        if m is None and town is None:
            out.append(None)
            continue
        own_name = m is not None and bool(parse(c.surface).key) and any(o.ref.id == m.ref.id for o in
                                                                      gazetteer.match(c.surface, limit=OPTIONS))
        place = m if m is not None else town
        precision = _precision(place, article.text, c.start, c.surface) if own_name or _demonym_options(
            c.surface, gazetteer) else 2  # a place inside the name, or the article's town: near it
        out.append(PlaceMention(article.id, c.start, c.end, c.surface, place.ref, c.role, precision))
    return out


def _stray(m: Match | None, picks: list[Match | None], focus: frozenset[str]) -> bool:
    """A small town abroad that nothing else in the article points to: in a story about other
    countries its name is more likely a place there that the gazetteer lacks ("Glenrock" of an
    Australian story is no New Jersey town), so it is placed with the article's town instead."""
    if m is None or m.ref.country_code in focus or m.ref.kind not in CITY_KINDS or _well_known(m) \
            or m.population >= STRAY_MAX_POP:
        return False
    return not any(p is not None and p.ref.country_code == m.ref.country_code and p.ref.id != m.ref.id for p in picks)


def _town_before(c: Candidate, accepted: list[tuple[Candidate, Match]], moved: set) -> Match | None:
    """The town told last before a name: where a town the gazetteer lacks is told to be ("... took
    <city>. They also took <unknown>, a town 11 km away"), rather than the town the article names
    most, which may be where a summit met abroad."""
    before = [(x.start, m) for x, m in accepted if x.start < c.start and x not in moved and m.ref.kind in CITY_KINDS]
    return max(before, key=lambda t: t[0])[1] if before else None


def _stand_in(name: str, town: Match) -> Match:
    """A place of its own name that the gazetteer lacks, put where the article's town is (read at
    precision 2, near it): a name moved by _stray stays itself, not another town ("Katana, a town
    11 km from the airport" is no second mention of the city the story names most)."""
    key = parse(name).key or fold(name)
    ref = PlaceRef("geo_" + stable_id("near", town.ref.country_code, town.ref.admin1, key).split("_", 1)[1],
                   name, "town", town.ref.country_code, town.ref.admin1, None, town.ref.lat, town.ref.lon)
    return replace(town, ref=ref, exact=False, population=0, feature=None, main=False)


def _known_part(surface: str, gazetteer: Gazetteer, text: str | None = None) -> str | None:
    """The longest run of capitalised words inside a name that the gazetteer knows by that very
    name, leftmost first ("Colorado" in "Colorado State University", "Japan" in "Bank of Japan"),
    or a nationality word in it ("European" of "European Commission", "British" of "British
    Embassy"); never a generic word or the word of an institution alone ("Park", "Bank"), nor a
    run that is the institution's own phrase ("State University", "International Airport").
    Given the article's text, a single word qualifies only when it names a well-known place or the
    article names it on its own too: "Brands Hatch" is no village Hatch, "Trump Tower" no Tower."""
    institutions = _folded(gazetteer.institution_words())
    facilities = frozenset(rules().facility_words)
    for run in _runs(surface)[1:]:
        p = parse(run)
        last = run.split()[-1].casefold()
        if (" " not in run and run.casefold() in institutions) \
                or (" " in run and (last in institutions or last in facilities)) \
                or len(p.tokens) + bool(p.designator) + bool(p.facility) < len(run.split()):
            continue  # "Bank" alone; "US Federal" read as "Federal" is no name of the run
        if _demonym_options(run, gazetteer):
            return run
        if not gazetteer.knows(run):
            continue
        exact = [m for m in gazetteer.match(run, limit=OPTIONS) if m.exact]
        if not exact:
            continue  # known only as a spelling of something else ("Holy", "Smart")
        if text is not None and " " not in run and not any(_well_known(m) for m in exact) \
                and (len(re.findall(r"\b" + re.escape(run) + r"\b", text)) <= text.count(surface)
                     or not any(m.main for m in exact)):
            continue  # a lone word only some village's other name ("Faubourg") places nothing
        return run
    return None


def _well_known(m: Match) -> bool:
    """A country, a province, a region, a capital or a big city: what a word inside a name most
    likely points to without further evidence."""
    return m.ref.kind in ("country", "admin1", "region", "continent") or m.feature == "PPLC" \
        or m.population >= WELL_KNOWN_POP


def _runs(surface: str) -> list[str]:
    """The name and its runs of capitalised words, longest first, then leftmost; no generic word alone."""
    words = re.findall(r"[A-Z][\w’'.-]*", surface)
    out = [surface]
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            run = " ".join(words[i:i + size])
            if size == 1 and (run.lower() in _generic_words() or run.strip(".").lower() in _generic_words()):
                continue
            out.append(run)
    return out


def _main_town(picks: list[Match | None], focus: frozenset[str] = frozenset()) -> Match | None:
    """The town an article names most (first named on a tie): where its streets and buildings are.
    With the countries the article is about known, a town abroad is no such place: the town named
    most in them, else the province named most there ("the Third Street church" of a story that
    names Louisiana and a French village alike is in Louisiana, not France)."""
    for kinds in (CITY_KINDS, ("admin1",)):
        counts: Counter = Counter()
        first: dict[str, Match] = {}
        for m in picks:
            if m is not None and m.ref.kind in kinds and (not focus or m.ref.country_code in focus):
                counts[m.ref.id] += 1
                first.setdefault(m.ref.id, m)
        if counts:
            best = max(counts.values())
            return next(m for i, m in first.items() if counts[i] == best)
        if not focus:
            return None
    return None


def _rank(article: Article, cands: list[Candidate], options: list[list[Match]], evidence: list[bool],
          gazetteer: Gazetteer) -> list:
    """The ranker's pick for each candidate (see rank.py), with who follows whom after a comma, and
    where the countries of the article's nationality words lie."""
    names = []
    for i, c in enumerate(cands):
        follower = None
        for j in range(i + 1, min(len(cands), i + 3)):
            gap = article.text[c.end:cands[j].start]
            if gap.strip() == "," or (gap.strip() == "" and gap and cands[j].start > c.end):
                follower = j if gap.strip() == "," else None
                break
        names.append(Name(c.start, c.end, c.lookup, c.role, follower, evidence[i]))
    demonyms = _demonym_countries(article.text)
    areas = sorted({(m.ref.lat, m.ref.lon) for cc in set(demonyms) for m in gazetteer.country_matches(cc)
                    if m.ref.lat is not None})
    return rank_all(names, options, article.text, article.outlet, article.url, demonyms, areas)


@lru_cache(maxsize=4)
def _demonym_countries(text: str) -> list[str]:
    """Countries of the nationality words of a text (ranked twice per article: read once)."""
    return [cc for _, _, cc in demonym_spans(text)]


def _sure_unit(options: list[Match]) -> bool:
    """A country or province by its own name: evidence whatever the model tagged it."""
    return bool(options) and options[0].exact and options[0].main and options[0].ref.kind in ("country", "admin1")


def _demonym_options(surface: str, gazetteer: Gazetteer) -> list[Match]:
    if surface.isupper() and len(surface) > 3:
        surface = surface.title()  # "KAZAKH" in a headline
    cc = demonym_country(surface)
    if cc:
        return gazetteer.country_matches(cc)
    continent = continent_of_demonym(surface)
    if continent:
        return [m for m in gazetteer.match(continent, limit=OPTIONS) if m.feature == "CONT"][:1]
    home = homeland_of(surface)
    if home:
        return [m for m in gazetteer.match(home, limit=OPTIONS) if m.exact and m.ref.kind in ("admin1", "region", "country")]
    return []


def _without_overlaps(accepted: list[tuple[Candidate, Match]]) -> list[tuple[Candidate, Match]]:
    """Where accepted candidates overlap ("Qala" inside "Qala-e Nau", "Saada" in "Saada province"),
    keep the longer, then the one a list of units named ("Butler" of "Butler and Warren counties"),
    then the exact, then the better one."""
    ranked = sorted(accepted, key=lambda cm: (-(cm[0].end - cm[0].start), cm[0].label != "LIST", not cm[1].exact,
                                              -cm[1].score, cm[0].start))
    taken: list[tuple[Candidate, Match]] = []
    for c, m in ranked:
        if all(c.end <= t.start or c.start >= t.end for t, _ in taken):
            taken.append((c, m))
    return sorted(taken, key=lambda cm: (cm[0].start, cm[0].end))


# -- candidates ---------------------------------------------------------------------------------


def _body_candidates(article: Article, doc, gazetteer: Gazetteer) -> list[Candidate]:
    """Entities, capitalised name chunks the model did not tag (or tagged only in part), and the
    runs inside a longer chunk that the gazetteer knows by name ("Byesville" in "Byesville
    Volunteer Fire Department", "South Charleston" in "South Charleston Mound")."""
    dateline = _dateline_span(article)
    text_of = lambda s, e: article.text[s:e]  # noqa: E731
    spans: dict[tuple[int, int], str] = {}
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS + OTHER_LABELS:
            start = ent[1].idx if len(ent) > 1 and ent[0].lower_ == "the" else ent.start_char
            label = "GPE" if _unit_named(ent, gazetteer) else ent.label_
            spans.setdefault((start, _extend_designator(ent)), label)
    chunk_spans = list(_name_chunks(doc))
    chunks = [(c.start_char, c.end_char) for c in chunk_spans]
    places = [(s, e, lab) for (s, e), lab in spans.items() if lab in PLACE_LABELS]
    for chunk in chunks:
        inner = [lab for (s, e), lab in spans.items() if chunk[0] <= s and e <= chunk[1]]
        # a part of a place the model tagged with its container ("Thruxton, Hampshire") is a place too
        outer = [lab for s, e, lab in places if s <= chunk[0] and chunk[1] <= e and "," in text_of(s, e)]
        if chunk not in spans:
            spans[chunk] = next((lab for lab in inner + outer if lab in PLACE_LABELS), "PROPN")
    for chunk in chunk_spans:
        for run in _known_runs(chunk, gazetteer):
            spans.setdefault((run.start_char, run.end_char), "PROPN")
    # The doc reads article.body_text(), which keeps every offset of article.text and differs only
    # outside the body (skipped below); doc.text would rebuild the string from every token.
    text = article.text
    out = []
    for (start, end), label in sorted(spans.items()):
        within = _embedding_chunk(doc, start, end, chunks)
        if article.body and not article.in_body(start, end):
            continue
        in_line = dateline and dateline[0] <= start and end <= dateline[1]
        role = "dateline" if in_line or _opens_dateline(text, start, end) else "context"
        out.append(Candidate(start, end, text[start:end], label, role, within))
    return out + _listed_units(article)


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
                c = Candidate(c.start, m.end(), longer, "FAC", c.role, c.within)
        out.append(c)
    return out


def _designated_before(cands: list[Candidate], text: str) -> list[Candidate]:
    """A name after a lower-case unit designator and "of" is looked up with that designator: "the
    province of Quebec" is the province, "the state of Washington" the state (the mention keeps
    the name alone). Not "the town of": a big city is called a town too ("the coastal town of Izmir").
    Not when a name stands before the designator: in "the Podil district of Kyiv" the district is
    Podil and Kyiv is the city that holds it."""
    out = []
    for c in cands:
        if c.query is not None or parse(c.surface).designator is not None:
            out.append(c)
            continue
        m = _designator_of_re().search(text, max(0, c.start - 40), c.start)
        if m and not _named_designator(text, m.start(1)):
            c = Candidate(c.start, c.end, c.surface, c.label, c.role, c.within, f"{c.surface} {m.group(1)}",
                          c.container)
        out.append(c)
    return out


def _designated_after(cands: list[Candidate], text: str, doc) -> list[Candidate]:
    """A name followed by a lower-case "town", "city" or "village" ("militants overran Xxx town",
    as wires in Africa and Asia write) is looked up as a place of that kind, in the country or
    province that owns it by a possessive right before ("northern Yyy's Xxx town"). Not when the
    word modifies a noun after it ("Smith town hall", "the Jones city council")."""
    out = []
    for c in cands:
        m = _TOWN_WORD_AFTER.match(text, c.end)
        word = doc.char_span(m.start(1), m.end(1)) if m else None
        if word is not None and len(word) == 1 and word[0].dep_ not in MODIFIER_DEPS and c.query is None \
                and c.label not in PLACE_LABELS and parse(c.surface).designator is None:
            owner = _OWNER_BEFORE.search(text, max(0, c.start - 40), c.start)
            c = Candidate(c.start, c.end, c.surface, c.label, c.role, c.within, f"{c.surface} {m.group(1)}",
                          _owner_name(owner, doc) if owner else c.container)
        out.append(c)
    return out


def _owner_name(owner: re.Match, doc) -> str:
    """The owner's name without a capitalised function word before it ("In Yyy's Xxx town": Yyy)."""
    first = doc.char_span(owner.start(1), owner.start(1) + len(owner.group(1).split()[0]))
    if first is not None and len(first) == 1 and first[0].is_stop and " " in owner.group(1):
        return owner.group(1).split(None, 1)[1]
    return owner.group(1)


_TOWN_WORD_AFTER = re.compile(r"[ \t]+(town|city|village)(?![\w'’-])(?!\s+of\b)")  # not "the Xxx town of Yyy"
_OWNER_BEFORE = re.compile(r"(?<![\w-])([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)(?:’s|'s)\s+$")


def _named_designator(text: str, at: int) -> bool:
    """The word before the designator at `at` is a capitalised name ("Podil district of")."""
    words = text[max(0, at - 40):at].split()
    return bool(words) and words[-1][:1].isupper() and words[-1].lower() not in ("the", "a", "an")


# Designators that English also uses loosely before "of" ("the border territory of Georgia", "a
# division of", "the region of the Sahel"): they say nothing of the unit's kind there.
_LOOSE_UNIT_WORDS = frozenset({"territory", "division", "region", "regional", "republic", "locality"})


@lru_cache(maxsize=1)
def _designator_of_re() -> re.Pattern:
    units = [w for w, kind in rules().designators.items()
             if w.isalpha() and kind in ("admin1", "admin2") and w not in _LOOSE_UNIT_WORDS]
    words = "|".join(sorted((re.escape(w) for w in units), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({words})\s+of\s+$")


@lru_cache(maxsize=1)
def _facility_word_re() -> re.Pattern:
    words = "|".join(re.escape(w) for w in sorted(rules().facility_words, key=len, reverse=True))
    return re.compile(rf"[ \t]+(?i:{words})(?![\w'’])")


def _inside(options: list[Match], container: str | None) -> list[Match]:
    """The options that lie in the named province or country, when some do."""
    if not container:
        return options
    key = parse(container).key
    inside = [o for o in options if parse(o.ref.admin1 or "").key == key
              or (o.ref.kind != "country" and o.ref.country_code and key in _country_keys(o.ref.country_code))]
    return inside or options


@lru_cache(maxsize=512)
def _country_keys(cc: str) -> frozenset[str]:
    import pycountry

    c = pycountry.countries.get(alpha_2=cc)
    names = [getattr(c, a) for a in ("name", "common_name", "official_name") if c is not None and hasattr(c, a)]
    return frozenset(parse(n).key for n in names)


def _listed_units(article: Article) -> list[Candidate]:
    """Names in a list that ends with a plural designator: "Anderson and Cherokee counties",
    "Butler, Clark, Hamilton or Warren counties", "Idlib and Hama provinces". Each is looked up
    with the singular designator ("Cherokee County"), in the province or country said to hold
    them ("… counties in southwest Ohio")."""
    text = article.text
    out = []
    for m in _list_re().finditer(text):
        singular = _plural_designators()[m.group("plural").lower()]
        for name in re.finditer(_LIST_NAME, m.group("names")):
            s, e = m.start("names") + name.start(), m.start("names") + name.end()
            if name.group(0) in ("and", "or") or (article.body and not article.in_body(s, e)):
                continue
            out.append(Candidate(s, e, text[s:e], "LIST", "context", None, f"{name.group(0)} {singular}",
                                 m.group("container")))
    return out


_LIST_NAME = r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2}"


def _listed_towns(text: str, first: dict, accepted: list, focus: frozenset[str],
                  gaz: Gazetteer) -> list[tuple[Candidate, Match]]:
    """Units named with their designator that no unit of that level bears, alone ("the Izium
    district") or in a list closed by a plural designator ("the Aaa, Bbb and Ccc districts"):
    districts, like many units, are named after their main town, so the town of that exact name
    is taken (precision 2: the unit around it) when it lies in the article's countries or in the
    country of another member of the same list; never a namesake abroad. A unit said alone whose
    best reading is no such town ("the Kasserine governorate", a province GeoNames names otherwise)
    is the town of its bare name in the article's countries."""
    taken = {c.start for c, _ in accepted}
    units = {c.start: m for c, m in accepted if c.label == "LIST"}
    listed = [c for c in first if c.label == "LIST" or _unit_word_last(c.lookup)]
    groups = [[listed[i] for i in run] for run in list_runs([(c.start, c.end) for c in listed], text)]
    out = []
    for group in groups:
        towns = {c: t for c in group if c.start not in taken and (t := _named_town(c, first[c], gaz, focus))}
        for c, m in towns.items():
            peers = [units.get(o.start) or towns.get(o) for o in group if o is not c]
            if m.ref.country_code in focus or any(p is not None and p.ref.country_code == m.ref.country_code
                                                  for p in peers):
                out.append((c, m))
    return out


def _named_town(c: Candidate, m: Match | None, gaz: Gazetteer, focus: frozenset[str]) -> Match | None:
    """The town a unit's name names: its reading when that is a town by its exact name; for a unit
    said alone, else the town of its bare name in the article's countries."""
    if m is not None and m.exact and m.ref.kind in CITY_KINDS:
        return m
    if c.label == "LIST" or not focus:
        return None
    return next((o for o in gaz.match(c.lookup.rsplit(None, 1)[0], limit=OPTIONS)
                 if o.exact and o.ref.kind in CITY_KINDS and o.ref.country_code in focus), None)


@lru_cache(maxsize=1)
def _plural_designators() -> dict[str, str]:
    return dict(_cues()["plural_designators"])


@lru_cache(maxsize=1)
def _list_re() -> re.Pattern:
    plurals = "|".join(re.escape(w) for w in sorted(_plural_designators(), key=len, reverse=True))
    item = _LIST_NAME
    compass = r"(?:(?:north|south|east|west)(?:ern)?|north-?(?:east|west)(?:ern)?|south-?(?:east|west)(?:ern)?|central)"
    container = rf"(?:\s+(?:in|of)\s+(?:the\s+)?(?:{compass}\s+)?(?P<container>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?))?"
    return re.compile(rf"(?P<names>{item}(?:,\s+{item})*,?\s+(?:and|or)\s+{item})\s+(?P<plural>(?i:{plurals}))\b"
                      + container)


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


def _known_runs(chunk, gazetteer: Gazetteer):
    """The longest runs of a chunk, left to right, that the gazetteer knows by name (the chunk
    itself is a candidate already)."""
    i, end = chunk.start, chunk.end
    if end - i < 2:
        return
    doc = chunk.doc
    while i < end:
        if doc[i].is_punct:
            i += 1  # a run opens on a word: "Berlin" of "Paris-Berlin", not "-Berlin"
            continue
        for j in range(end, i, -1):
            if (i, j) == (chunk.start, chunk.end) or not _is_name_word(doc[j - 1]) \
                    or (j == i + 1 and doc[i].lower_ in _generic_words()):
                continue
            if gazetteer.knows(doc[i:j].text):
                yield doc[i:j]
                i = j
                break
        else:
            i += 1


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    r = rules()
    return frozenset(_cues()["generic_feature_words"]) | frozenset(r.designators) | frozenset(r.facility_words) \
        | frozenset(r.canonical_parts) | r.articles | frozenset(r.directions)


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


# Parts of speech of a capitalised word that opens a sentence without being a name ("In", "After", "One").
_FUNCTION_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PRON", "AUX", "PART", "ADV", "NUM"})


def _is_name_word(tok) -> bool:
    return tok.text[:1].isupper() and not tok.is_punct and tok.pos_ != "PRON" \
        and not (tok.is_stop and tok.pos_ in _FUNCTION_POS)


def _extend_designator(ent) -> int:
    """Include a following designator word: "Badghis Province", "Donetsk oblast". Not a town word
    that heads "town of": in "the Mozambique town of Palma" the town is Palma, and the name before
    the word is where it lies."""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].lower_ in rules().designators and ent.label_ in PLACE_LABELS \
            and not (rules().designators[doc[ent.end].lower_] in CITY_KINDS
                     and ent.end + 1 < len(doc) and doc[ent.end + 1].lower_ == "of"):
        return doc[ent.end].idx + len(doc[ent.end].text)
    return ent.end_char


def _dateline_span(article: Article) -> tuple[int, int] | None:
    """Where the dateline ("KABUL, Afghanistan —") sits, if cleaning left it inside the body."""
    if not article.dateline:
        return None
    i = article.text.find(article.dateline)
    return (i, i + len(article.dateline)) if i >= 0 else None


# What follows the place of a dateline left in the body: "PORTLAND, Maine (AP) — ", "XENIA -- ".
_DATELINE_TAIL = re.compile(r"(?:,\s*[A-Z][\w.’']*(?:\s+[A-Z][\w.’']*)?)?\s*(?:\([A-Z][\w .]{0,30}\)\s*)?(?:—|–|--|-|:)\s")


def _opens_dateline(text: str, start: int, end: int) -> bool:
    """An all-caps name that opens a line or sentence and is followed by a dash, as datelines are
    written ("OMAHA -- A study…"), when cleaning left that dateline in the body."""
    surface = text[start:end]
    if not surface.isupper() or not any(ch.isalpha() for ch in surface):
        return False
    before = text[max(0, start - 3):start]
    if start and not (before.endswith("\n") or re.search(r"[.!?”\"]\s+$", before) or before.strip() == ""):
        return False
    return bool(_DATELINE_TAIL.match(text, end))


@lru_cache(maxsize=1)
def _line_patterns() -> tuple[re.Pattern, re.Pattern]:
    """A capitalised name of up to five words, joined only by the linking particles and articles of
    the name rules ("Herat", "Dayr az Zawr", "Qala-e-Naw", "KABUL"); and that name after the
    prepositions of a credit line ("reported from Kabul", "in Washington")."""
    glue = "|".join(sorted(rules().particles | rules().articles, key=len, reverse=True))
    word = r"[A-Z](?:[\w’'‘\-]|\.(?=[A-Z]))*"  # "N.C", "W.Va" of a dateline's "RALEIGH, N.C." are one word
    name = rf"{word}(?:\s+(?:(?:{glue})[\-\s])?{word}){{0,4}}"
    return re.compile(name), re.compile(rf"\b(?:from|in|at)\s+({name})(?:,\s+({name}))?")


def _removed_candidates(article: Article, gazetteer: Gazetteer) -> list[Candidate]:
    dateline_part, credit_place = _line_patterns()
    out = []
    for r in article.removed:
        if r.kind in LINE_KINDS:
            out += _line_candidates(article.text, r.start, r.end, gazetteer)
            continue
        role = REMOVED_ROLES.get(r.kind)
        if role is None:
            continue
        text = article.text[r.start:r.end]
        if role == "dateline":  # in brackets, a place in capitals ("(KHARTOUM) –"), not an agency ("(Reuters)")
            matches = [(m.start(), m.end()) for m in dateline_part.finditer(text)
                       if text[:m.start()].count("(") <= text[:m.start()].count(")")
                       or (m.group(0).isupper() and len(m.group(0)) >= 4)]
        else:
            matches = [(m.start(g), m.end(g)) for m in credit_place.finditer(text) for g in (1, 2) if m.group(g)]
        for s, e in matches:
            out.append(Candidate(r.start + s, r.start + e, text[s:e], role.upper(), role))
    return out


def _line_candidates(text: str, start: int, end: int, gazetteer: Gazetteer) -> list[Candidate]:
    """Names in a title, standfirst or photo caption that cleaning kept out of the body: each run
    of capitalised words the gazetteer knows, else its longest known parts. A headline in title
    case ("Man Booked For Assault") makes every word look like a name: its candidates are marked
    so that only well-known places are taken from it."""
    line = text[start:end]
    words = re.findall(r"[A-Za-z][\w’'-]*", line)
    capitals = [w for w in words if w[:1].isupper()]
    label = "HEADLINE" if len(words) >= 4 and len(capitals) >= HEADLINE_CAPITALS * len(words) else "LINE"
    out = []
    for m in _line_patterns()[0].finditer(line):
        tokens = list(re.finditer(r"\S+", m.group(0)))
        i = 0
        while i < len(tokens):
            for j in range(len(tokens), i, -1):
                run = m.group(0)[tokens[i].start():tokens[j - 1].end()].rstrip(".,;:’'")
                if not tokens[j - 1].group(0)[:1].isupper() or (j == i + 1 and run.lower() in _generic_words()) \
                        or not gazetteer.knows(run):
                    continue  # a name ends in a capitalised word ("Marawi", not "Marawi as")
                s = start + m.start() + tokens[i].start()
                out.append(Candidate(s, s + len(run), run, label, "context"))
                i = j
                break
            else:
                i += 1
    return out


# -- resolution ---------------------------------------------------------------------------------


def _best(matches: list[Match]) -> Match | None:
    return matches[0] if matches else None


def _country_focus(first: dict[Candidate, Match | None]) -> frozenset[str]:
    """The countries an article is about: those its confidently named countries, provinces and
    towns point to at least FOCUS_SHARE as often as to the most named one (a story from Moscow
    about Kharkiv is about Russia and Ukraine)."""
    votes: Counter = Counter()
    order: dict[str, int] = {}
    for c, m in sorted(first.items(), key=lambda cm: cm[0].start):
        if m is None or not m.exact or m.ref.kind not in ("country", "admin1", "city") or m.score < 0.9 \
                or c.label not in PLACE_LABELS + ("DATELINE", "CREDIT") or _is_demonym(c.surface):
            continue  # only names the model or the dateline call places vote
        votes[m.ref.country_code] += 2 if m.ref.kind == "admin1" else 1
        order.setdefault(m.ref.country_code, c.start)
    if not votes:
        return frozenset()
    top = max(votes.values())
    return frozenset(cc for cc, v in votes.items() if v >= FOCUS_SHARE * top)


_CONTAINER_LINK = re.compile(
    r"\s*(?:,\s*)?(?:(?:in|of|the capital of|capital of|provincial capital of|a city in|a town in|a village in|"
    r"district of|in the (?:north|south|east|west|northeast|northwest|southeast|southwest) of)\s+)?"
    r"(?:(?:the\s+)?(?:(?:north|south|east|west|central)(?:ern)?|north-?(?:east|west)(?:ern)?|"
    r"south-?(?:east|west)(?:ern)?)\s+)?")


def _container_follows_text(text: str, c: Candidate) -> bool:
    """A comma and a capitalised name right after: "in Izium, Kharkiv Oblast"."""
    return bool(re.match(r",\s+[A-Z]", text[c.end:c.end + 3]))


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


def _accept(c: Candidate, m: Match, score: float, focus: frozenset[str], text: str, gaz: Gazetteer,
            contained: bool = False) -> bool:
    if _is_non_place(c.surface, gaz) or _after_title(text, c.start, gaz) or _is_demonym(c.surface) \
            or _kind_conflict(c.lookup, m) or _DAY_OF.match(text, c.end) or _street_name(c, m, text) \
            or c.surface.islower() or _acronym(c, m, text):
        return False  # "metro", "swan": a common noun the model tagged names no place
    if _is_code(c.surface) and m.ref.kind == "admin1" and c.role not in ("dateline", "credit") \
            and not _AFTER_PLACE.search(text, 0, c.start):
        return False  # "PA officials" (the Palestinian Authority), not Pennsylvania; "Pittsburgh, PA" is
    if _far_hamlet(m, focus) and not contained:
        return False
    if (m.ref.kind in ("town", "village") or (m.ref.kind == "city" and not m.main)) and " " in c.surface.strip() \
            and _THE_BEFORE.search(text, 0, c.start) and not c.surface.startswith("The") \
            and parse(c.lookup).facility is None and not _place_noun_after(text, c.end):
        return False  # "the White House", "the Golden Gate": a two-word town's name (or a city's other
        # name: Casablanca's in English) is not led by "the" ("the Crown Heights neighborhood" is)
    if c.label == "PERSON" and _POSSESSIVE.match(text, c.end) and " " not in c.surface.strip() \
            and m.ref.kind != "country" and not (m.ref.country_code in focus and m.population >= BIG_IN_FOCUS_POPULATION):
        return False  # "of Jones' appointment", "Robertson's daughter": the model's person, owning something
        # (checked on LGL end to end: 11 such names were people, 2 towns)
    designator = _trailing_designator(c.lookup)
    if c.label == "LIST":  # "Anderson and Cherokee counties": a unit of that kind or nothing
        return m.exact and designator_fit(designator, m.ref.kind) > 0
    if c.label in ("LINE", "HEADLINE"):  # a title, standfirst or caption: no model label to go by
        if not m.exact or score < ACCEPT_OTHER_LABEL or m.ref.kind == "facility":
            return False
        if c.label == "HEADLINE":  # every word capitalised: only a country, a province or the story's own
            return (m.main and m.ref.kind in ("country", "admin1")) or m.ref.country_code in focus
        known = m.ref.kind in ("country", "admin1", "region") or m.population >= HEADLINE_MIN_POPULATION \
            or m.ref.country_code in focus
        return known or _has_place_cue(text, c.start) or _container_follows_text(text, c)
    if c.label in PLACE_LABELS or c.role in ("dateline", "credit"):
        # A loose spelling match far from the story ("Catatumbo" ~ a town in Angola) is a guess.
        far = bool(focus) and m.ref.country_code not in focus
        return score >= ACCEPT_PLACE_LABEL and (m.exact or not far or m.name_match >= FAR_VARIANT_MIN_MATCH)
    # The model called it a person, group or nationality, or did not tag it: believe the gazetteer
    # only on an exact name that is a country/province, a big place, a unit named with its
    # designator ("Walker County"), or a place the words around it call one ("in", "near",
    # "Denver-based", "Hurricane police").
    if not m.exact or score < ACCEPT_OTHER_LABEL:
        return False
    cue = _has_place_cue(text, c.start)
    if m.ref.kind == "facility" and parse(c.lookup).facility:
        return True  # "Zamzam camp": the facility word names it
    if designator_fit(designator, m.ref.kind) > 0 and (c.label != "PERSON" or _TOWN_WORD_AFTER.match(text, c.end)):
        return True  # "Walker County"; "Xxx town", whatever label the model gave the name
    if m.ref.kind in ("country", "admin1"):
        if c.label == "PERSON" and m.ref.kind == "admin1":  # "Flores" the man, not Uruguay's Flores
            return cue or m.ref.country_code in focus
        return c.label != "PROPN" or cue or score >= 0.9
    if c.label == "NORP":
        return False
    if c.label == "PERSON" and _locative_town(c, m, text):
        return True
    if contained or _appositive_place(text, c.end) or _after_address(text, c.start) \
            or (m.population >= CUED_MIN_POPULATION and (cue or _hyphen_paired(text, c, gaz))):
        return True
    in_focus = m.ref.country_code in focus
    if _modifier_head(text, c.end) and (in_focus or m.population >= CUED_MIN_POPULATION):
        return True
    if in_focus and m.population >= BIG_IN_FOCUS_POPULATION and not _SPEAKS.match(text, c.end):
        return True  # "Kiev's counter-offensive" in a Ukraine story: the city, whatever the model said
    return in_focus and ((c.label == "ORG" and m.population >= ORG_IN_FOCUS_MIN_POPULATION) or cue)


_POSSESSIVE = re.compile(r"(?:’s|'s|’|')(?!\w)")


def _locative_town(c: Candidate, m: Match, text: str) -> bool:
    """"In Klamath Falls", "a return trip to Saipan": a town's exact name the model tagged as a
    person, right after a preposition that as a rule only a place follows, is the town, unless
    something makes it a person: a speech verb, a possessive or an age after it ("in Franklin's
    view", "to Nelson, 34,"), or a word before "to" that takes a person ("spoke to", "a letter
    to"). "Of" counts only after a person named in full, the usual way to say where someone lives
    ("Jane Roe, 41, of Jeannette"). Surnames of people the article names in full and names after a
    title are ruled out before this; the whole name must be a town's exact name."""
    if m.ref.kind not in ("city", "town", "admin2") or (m.ref.kind != "admin2" and m.population < PERSON_LOCATIVE_MIN_POPULATION):
        return False
    if _RESIDENCE_BEFORE.search(text, max(0, c.start - 60), c.start):
        return not _SPEAKS.match(text, c.end) and not _POSSESSIVE.match(text, c.end)
    before = _locative_re().search(text, max(0, c.start - 40), c.start)
    if before is None or _SPEAKS.match(text, c.end) or _POSSESSIVE.match(text, c.end):
        return False
    if before.group(2).casefold() == "to" and (before.group(1) or "").casefold() in _cues()["person_to_heads"]:
        return False
    return not _AGE_AFTER.match(text, c.end)


# "Jane Roe of", "John Doe, 41, of": a person named in full, maybe with an age, then "of" and
# where the person lives.
_RESIDENCE_BEFORE = re.compile(r"\b[A-Z][a-z]+\s+(?:[A-Z]\.\s+)?[A-Z][\w’'-]+(?:,\s+\d{1,3},)?\s+of\s+$")
# ", 26," after a name: a person's age.
_AGE_AFTER = re.compile(r",\s+\d{1,3},")


@lru_cache(maxsize=1)
def _locative_re() -> re.Pattern:
    preps = "|".join(re.escape(w) for w in sorted(_cues()["locative_prepositions"], key=len, reverse=True))
    return re.compile(rf"(?:(?<![\w’'-])([\w’'-]+)\s+)?(?<![\w-])((?i:{preps}))\s+$")


_PAIR_AFTER = re.compile(r"-([A-Z][\w’'.]*(?:\s+[A-Z][\w’'.]*)?)")
_PAIR_BEFORE = re.compile(r"(?<![\w-])((?:[A-Z][\w’'.]*\s+)?[A-Z][\w’'.]*)-$")


def _hyphen_paired(text: str, c: Candidate, gaz: Gazetteer) -> bool:
    """The name is joined by a hyphen to another well-known place: a route, a border or a pair of
    capitals ("the Amsterdam-London flight", "the Khartoum-Port Sudan road", "Kyiv-Moscow talks")."""
    after = _PAIR_AFTER.match(text, c.end)
    before = _PAIR_BEFORE.search(text, max(0, c.start - 40), c.start)
    for hit in (after, before):
        if hit is None:
            continue
        words = hit.group(1).split()
        for partner in dict.fromkeys([" ".join(words), words[0] if after is hit else words[-1]]):
            if any(o.exact and (o.ref.kind in ("country", "admin1") or o.population >= CUED_MIN_POPULATION)
                   for o in gaz.match(partner, limit=5)):
                return True
    return False
_SPEAKS = re.compile(r"(?:’s|'s)?\s+(?:said|says|told|added|wrote|tweeted|stated)\b")


def _trailing_designator(name: str) -> str | None:
    """The kind the name's designator word says, unless the word leads it without "of": "Walker
    County", "Province of Badghis", but not "City Council" or "Town Hall" (no village Council)."""
    words = name.split()
    if len(words) > 1 and words[0].casefold() in rules().designators and words[1].casefold() not in rules().particles:
        return None
    return parse(name).designator


def _modifier_head(text: str, end: int) -> bool:
    """The name modifies a word that makes it a place: "Denver-based", "Hurricane police", "a
    Mansfield resident", "Khartoum residents"."""
    return bool(_modifier_re().match(text, end))


@lru_cache(maxsize=1)
def _modifier_re() -> re.Pattern:
    heads = sorted(_cues()["place_modifier_heads"], key=len, reverse=True)
    dashed = "|".join(re.escape(h) for h in heads if h.startswith("-"))
    spaced = "|".join(re.escape(h) for h in heads if not h.startswith("-"))
    return re.compile(rf"(?i:(?:{dashed})|\s+(?:{spaced}))(?![\w-])")


def _with_sites(article: Article, accepted: list[tuple[Candidate, Match]], gaz: Gazetteer, focus: frozenset[str],
                named: list[tuple[int, int]]) -> list[tuple[Candidate, Match]]:
    """Sites, buildings and streets named with their site word ("Jabalia refugee camp", "Al-Ahli
    Hospital", "Kavumu Airport", "Merowe airport", "Salah al-Din Street").

    A site the gazetteer knows is itself. Otherwise it is placed, at precision 2, in the town its
    name holds when the site is named after where it is (an airport, a camp) or when the article
    names that town as a place; else in the place named right after it ("… Hospital in Gaza City"),
    the nearest town named around it, where another mention of the same site is placed, or the town
    the article names most. A town that is the
    site's whole name ("Merowe" of "Merowe airport") stays a mention of its own, as context."""
    text = article.text
    places = sorted(accepted, key=lambda cm: cm[0].start)
    main = _main_town([m for _, m in places], focus)
    sites: list[tuple[Candidate, Match]] = []
    towns: list[tuple[Candidate, Match]] = []
    found: list = []  # (start, end, name, weak, the place its words give, the town nearest it)
    for hit in _site_re().finditer(text):
        s, name = _site_name(hit.start("name"), hit.group("name"))
        e, head = hit.end(), hit.group("head")
        last = name.rsplit(None, 1)
        if len(last) == 2 and f"{last[1]} {head}".lower() in _site_words()["located"] | _site_words()["dedicated"]:
            name, head = last[0], f"{last[1]} {head}"  # "Merowe" + "International Airport"
        if not name or not _readable(article, s, e) or gaz.is_stopword(name) or gaz.is_stopword(name.split()[0]):
            continue
        located = head.lower() in _site_words()["located"]
        facility = next((m for m in gaz.match(text[s:e], limit=3) if m.exact and m.ref.kind == "facility"), None)
        inner, whole = _site_town(name, s, e, places, gaz, focus, located)
        # "State prison", "Gothic cathedral": a common noun after a word that names nothing, unless
        # the article names the same site where it does read as one
        weak = head[:1].islower() and facility is None and inner is None and " " not in name \
            and not any(a <= s and s + len(name) <= b for a, b in named)
        others = [(c, m) for c, m in places if c.end <= s or c.start >= e]
        if located and inner is None:  # "the Haditha Dam" read as the town of its name already
            inner = next((m for c, m in places if c.start == s and c.end == e), None)
        found.append((s, e, name, weak, facility or inner or _place_after(text, e, others),
                      _place_around(text, s, e, others)))
        if whole and inner is not None:
            towns.append((Candidate(s, s + len(name), name, "SITE-TOWN", "context"), inner))
    # One name, one site: a site placed where one mention says ("the X camp, north of <town>") is
    # there wherever the article names it, whatever town is nearer another mention; else in the town
    # the article names most.
    def key(name: str) -> str:  # a name of generic words only ("District Hospital") keys by its own words
        return parse(name).key or fold(name)

    sure = {key(name) for _, _, name, weak, _, _ in found if not weak}
    found = [(s, e, key(name), said, near) for s, e, name, weak, said, near in found if key(name) in sure]
    where: dict[str, Match] = {}
    for _, _, key, said, _ in found:
        if said is not None:
            where.setdefault(key, said)
    for s, e, key, said, near in found:
        place = said or where.get(key) or near or main
        if place is not None:
            sites.append((Candidate(s, e, text[s:e], "SITE", "context"), place))
    if not sites:
        return accepted
    spans = [(c.start, c.end) for c, _ in sites]
    nested = {(c.start, c.end) for c, _ in towns}
    kept = [(c, m) for c, m in accepted
            if (c.start, c.end) in nested or not any(a < c.end and c.start < b for a, b in spans)]
    taken = {(c.start, c.end) for c, _ in kept}
    return sorted(kept + [(c, m) for c, m in sites + towns if (c.start, c.end) not in taken],
                  key=lambda cm: (cm[0].start, cm[0].end))


# "north of", "south-east of": a site placed by its bearing from a town ("the X camp, north of <town>")
_COMPASS_WORD = r"(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?"


_COMPASS_BEFORE = re.compile(r"(?<![\w-])(" + _COMPASS_WORD + r"|central)\s+$")


def _with_compass(text: str, c: Candidate, m: Match, gaz: Gazetteer) -> tuple[Candidate, Match]:
    """A lower-case compass word before a name that makes, with it, the name of a province or a
    region: "south Kivu" is South Kivu, "southern Darfur" South Darfur."""
    hit = _COMPASS_BEFORE.search(text, max(0, c.start - 20), c.start)
    if hit is None or m.ref.kind == "country":
        return c, m
    longer = text[hit.start(1):c.end]
    unit = next((o for o in gaz.match(longer, limit=5) if o.exact and o.ref.kind in ("admin1", "admin2", "region")
                 and o.ref.country_code == m.ref.country_code), None)
    if unit is None:
        return c, m
    return Candidate(hit.start(1), c.end, longer, c.label, c.role, c.within), unit


def _site_name(start: int, name: str) -> tuple[int, str]:
    """A site's name without what leads into it: "The", a possessive ("Sudan’s Khartoum")."""
    cut = 0
    for m in re.finditer(r"\S+", name):
        word = m.group(0)
        if word.endswith(("’s", "'s")) or word in ("The", "A", "An", "In", "At", "On", "Of", "From", "Near", "To"):
            cut = m.end()
    rest = name[cut:]
    lead = len(rest) - len(rest.lstrip())
    return start + cut + lead, rest.strip()


def _readable(article: Article, start: int, end: int) -> bool:
    """In the body, or in a title, standfirst or caption."""
    if not article.body or article.in_body(start, end):
        return True
    return any(r.kind in LINE_KINDS and r.start <= start and end <= r.end for r in article.removed)


def _site_town(name: str, start: int, end: int, places: list, gaz: Gazetteer, focus: frozenset[str],
               located: bool) -> tuple[Match | None, bool]:
    """The place a site's name holds ("Jabalia" camp, "Gaza European" hospital, "Gaza Strip"
    hospital), and whether it is the whole name: a place the article names outside the site, or
    on the site's name itself when the model calls that a place ("the El Fasher hospital"); else,
    for a site named after where it is, a town in the article's country. A hospital named
    "Al-Quds" need not be in Jerusalem."""
    part = name if gaz.knows(name) else (_known_part(name, gaz) or (name if located else None))
    if not part:
        return None, False
    key = parse(part).key
    whole = part == name
    for c, m in places:
        inside = start <= c.start and c.end <= end
        on_name = c.start == start and c.end == start + len(name) and c.label in PLACE_LABELS
        if parse(c.surface).key == key and m.ref.kind != "country" and (not inside or on_name):
            return m, whole
    if not located:
        return None, False
    towns = [m for m in gaz.match(part, limit=OPTIONS) if m.ref.kind in CITY_KINDS
             and m.ref.country_code in focus and (m.exact or m.name_match >= SITE_VARIANT_MIN_MATCH)]
    # an exact name first; else a transliteration ("Meroe airport": Merowe), the site word its cue
    best = next((m for m in towns if m.exact), towns[0] if towns else None)
    return best, best is not None and whole


def _place_after(text: str, end: int, places: list) -> Match | None:
    """The place named right after a site: "Al-Ahli Hospital in Gaza City", "…Hospital, Gaza"."""
    link = re.match(r"\s*(?:,\s*(?:(?:just\s+)?" + _COMPASS_WORD + r"\s+of\s+(?:the\s+)?)?|\s+(?:in|at|near|of)\s+(?:the\s+)?)",
                    text[end:end + 40])
    if not link:
        return None
    at = end + link.end()
    return next((m for c, m in places if c.start == at and m.ref.kind not in ("country",)), None)


def _place_around(text: str, start: int, end: int, places: list) -> Match | None:
    """The nearest town named within a sentence's reach of a site, in the same paragraph."""
    best = None
    for c, m in places:
        if m.ref.kind not in ("city", "town", "village", "admin2"):
            continue
        lo, hi = (c.end, start) if c.end <= start else (end, c.start)
        if 0 <= hi - lo <= SITE_REACH and "\n" not in text[lo:hi] and (best is None or hi - lo < best[0]):
            best = (hi - lo, m)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _site_words() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in _cues()["site_words"].items()}


@lru_cache(maxsize=1)
def _site_re() -> re.Pattern:
    heads = sorted((w for ws in _site_words().values() for w in ws), key=len, reverse=True)
    word = r"(?:(?:al|el|Al|El)-)?[A-Z][\w’'‘-]*"
    glue = r"(?:(?:al|el|ad|ash|as|at|az|ar|an)-|(?:de|del|of|the)\s+)"
    name = rf"{word}(?:\s+{glue}?{word}){{0,4}}"
    return re.compile(rf"(?P<name>{name})\s+(?P<head>(?i:{'|'.join(re.escape(h) for h in heads)}))(?![\w-])")


def _listed_with_places(text: str, first: dict, accepted: list, surnames: frozenset[str], doc,
                        gaz: Gazetteer) -> list[tuple[Candidate, Match]]:
    """Names listed with places are places: "in Merowe, El Fasher, Kabkabiya and Omdurman",
    "Kharkiv, Poltava, Sumy". A rejected name that is separated by only a comma, "and" or "or"
    from an accepted place of the same country, and matches a place exactly, is accepted; the
    list is walked both ways until nothing changes."""
    taken = {c.start: (c, m) for c, m in accepted}
    order = sorted((c for c, m in first.items() if m is not None), key=lambda c: c.start)
    neighbours: dict[Candidate, list[Candidate]] = {}
    for run in list_runs([(c.start, c.end) for c in order], text):
        for k, i in enumerate(run):
            neighbours[order[i]] = [order[j] for j in run[max(0, k - 1):k] + run[k + 1:k + 2]]
    added: list[tuple[Candidate, Match]] = []
    changed = True
    while changed:
        changed = False
        for c in order:
            m = first[c]
            if c.start in taken or not m.exact or c.within is not None or _person_word(c, doc, surnames) \
                    or _is_non_place(c.surface, gaz) or _after_title(text, c.start, gaz) or _is_demonym(c.surface) \
                    or m.ref.kind in ("facility", "region") or m.score < ACCEPT_OTHER_LABEL:
                continue
            if any(n.start in taken and taken[n.start][1].ref.country_code == m.ref.country_code
                   for n in neighbours[c]):
                taken[c.start] = (c, m)
                added.append((c, m))
                changed = True
    return added


def _named_again(text: str, first: dict, accepted: list, surnames: frozenset[str], doc,
                 gaz: Gazetteer, focus: frozenset[str]) -> list[tuple[Candidate, Match]]:
    """A name taken as a place once is that place wherever the article names it again on its own,
    whatever label the model gave the other mentions ("trip to Saipan" after "in Saipan"): one
    sense per article. Not a mention that reads as a person's (a surname, after a title)."""
    taken = {c.start for c, _ in accepted}
    # only a mention the model or a dateline calls a place, by the place's own name, vouches for the rest
    # in the article's countries (a lone "Olympic" is no Hong Kong estate in a story about Ohio)
    places = {(c.surface.casefold(), m.ref.id) for c, m in accepted if c.within is None and m.exact and m.main
              and c.label in PLACE_LABELS + ("DATELINE", "CREDIT")
              and (not focus or m.ref.country_code in focus or m.ref.kind == "country")}
    out = []
    for c, m in first.items():
        if m is None or c.start in taken or (c.surface.casefold(), m.ref.id) not in places or c.within is not None \
                or _person_word(c, doc, surnames) or _after_title(text, c.start, gaz) or _SPEAKS.match(text, c.end):
            continue
        out.append((c, m))
        taken.add(c.start)
    return out


def _variants_near_cues(text: str, cands: list[Candidate], options: list[list[Match]], accepted: list,
                        focus: frozenset[str], surnames: frozenset[str], doc, gaz: Gazetteer) -> list:
    """Names no place bears exactly, that a place in the article's country bears in another
    transliteration ("Kabkabiya" for Kabkabiyah, "Tal Rifaat" for Tall Rif'at), where the words
    around call them places: a place noun before ("the city of Tal Rifaat") or after ("the Xxx
    district", "Xxx, a town near…"), or a list with places
    ("Merowe, El Fasher, Kabkabiya and Omdurman"). Taken with a confidence below 1 (the likeness
    of the names); a preposition alone ("in") is too weak a cue for a guess."""
    taken = [(c.start, c.end) for c, _ in accepted]
    places = {c.start: m for c, m in accepted}
    out = []
    for c, opts in zip(cands, options):
        if any(a < c.end and c.start < b for a, b in taken) or c.within is not None or c.label == "NORP" \
                or not opts or opts[0].exact or _person_word(c, doc, surnames) or _is_non_place(c.surface, gaz) \
                or _after_title(text, c.start, gaz) or _is_demonym(c.surface):
            continue
        o = next((o for o in opts if not o.exact and o.name_match >= VARIANT_MIN_MATCH and o.ref.country_code in focus
                  and o.ref.kind in ("city", "town", "village", "admin1", "admin2")), None)
        if o is None:
            continue
        strong = bool(_STRONG_CUE.search(text, max(0, c.start - 30), c.start)) or _place_noun_after(text, c.end) \
            or _appositive_place(text, c.end)  # "the Izium district", "Tawila, a town of…"
        listed = any(m.ref.country_code == o.ref.country_code and LIST_GAP.fullmatch(text[min(c.end, s2.end):max(c.start, s2.start)])
                     for s2, m in accepted if abs(s2.start - c.start) < 80)
        if strong or listed:
            out.append((c, o))
            taken.append((c.start, c.end))
            places[c.start] = o
    return out


# A noun that says the next name is a place: "the city of", "the town of Tal Rifaat".
_STRONG_CUE = re.compile(r"\b(?:city|town|village|district|province|region|area|camp|capital|outskirts|"
                         r"neighbourhood|neighborhood|suburb)\s+of\s+$", re.IGNORECASE)


_BRACKETED = re.compile(r"\s*\(([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})\)")


def _names_in_brackets(article: Article, accepted: list, gaz: Gazetteer) -> list:
    """Another name of a place in brackets right after it: "Khartoum North (Khartoum Bahri)",
    "Kyiv (Kiev)": a mention of the same place when the gazetteer gives the place that name, or
    a part of it ("Bahri")."""
    text = article.text
    out = []
    for c, m in accepted:
        hit = _BRACKETED.match(text, c.end)
        if hit is None or not _readable(article, hit.start(1), hit.end(1)):
            continue
        name = hit.group(1)
        if any(o.ref.id == m.ref.id for part in _runs(name) if gaz.knows(part) for o in gaz.match(part, limit=OPTIONS)):
            out.append((Candidate(hit.start(1), hit.end(1), name, "BRACKET", c.role), m))
    return out


def _is_actor(ent) -> bool:
    """An organisation the actor patterns tagged (they give it its canonical name as id)."""
    return ent.label_ == "ORG" and bool(ent.ent_id_)


def _unit_named(ent, gaz: Gazetteer) -> bool:
    """A "person" the model found that ends in, or is followed by, a capitalised province or
    district word after a name the gazetteer knows ("<town> Governorate", "<town> District") is
    that unit, or the town it is named after: no person's name ends so."""
    if ent.label_ != "PERSON":
        return False
    unit = lambda tok: tok.text[:1].isupper() and rules().designators.get(tok.lower_) in ("admin1", "admin2")  # noqa: E731
    if len(ent) > 1 and unit(ent[-1]):
        name_end = ent[-2].idx + len(ent[-2])
    elif ent.end < len(ent.doc) and unit(ent.doc[ent.end]):
        name_end = ent.end_char
    else:
        return False
    return gaz.knows(ent.doc.text[ent.start_char:name_end])


def _institution_words(ent, gaz: Gazetteer) -> bool:
    """A "person" the model found that holds an institution word is a mis-tagged name of a body or
    a state ("Donetsk People's Republic"): no person's name."""
    return any(t.text in gaz.institution_words() for t in ent)


def _surnames(doc, gazetteer: Gazetteer, focus: frozenset[str] = frozenset()) -> frozenset[str]:
    """Last words of the full names of people the model found ("Gary Wilson"), unless the whole
    name is a place the model took for a person, or the word is a country, a province of the
    article's countries or a city too big to yield to a namesake ("Sochi" after a mis-tagged
    "Mayor Anatoly Pakhomov Sochi"; but "Matthew D. Flores" in a Texas story is no Uruguayan
    province). A name with a middle initial is a person's whatever the model tagged it ("Tyrise M.
    Bell"), as is a two-word organisation that opens with a word no place bears ("Yevgenia
    Petrova", "Brett Hartmann")."""
    out = set()
    last_words = [e[-1].text for e in doc.ents
                  if e.label_ == "PERSON" and len(e) > 1 and e[-1].text[:1].isupper() and not gazetteer.knows(e.text)]
    last_words += [m.group(1) for m in _MIDDLE_INITIAL.finditer(doc.text)]
    last_words += [e[-1].text for e in doc.ents if e.label_ == "ORG" and len(e) == 2 and _given_name(e[0].text, gazetteer)
                   and e[-1].text[:1].isupper() and e[-1].text.isalpha()]
    for word in last_words:
        top = gazetteer.match(word, limit=1)
        unit = top and top[0].exact and (top[0].ref.kind == "country" or (
            top[0].ref.kind == "admin1" and (not focus or top[0].ref.country_code in focus)))
        if not top or not (top[0].exact and (unit or top[0].population >= SURNAME_MAX_POPULATION)):
            out.add(word)
    return frozenset(out)


def _given_name(w: str, gazetteer: Gazetteer) -> bool:
    """A capitalised word that could open a person's name: no place, title, qualifier or
    institution word bears it ("Brett", not "Greater", "Downtown", "State")."""
    return w[:1].isupper() and w[1:].islower() and w.isalpha() and not gazetteer.knows(w) \
        and not gazetteer.is_stopword(w) and w not in gazetteer.titles() and w not in gazetteer.institution_words() \
        and w.casefold() not in _qualifiers() and w.casefold() not in _generic_words() and not _is_demonym(w)


_MIDDLE_INITIAL = re.compile(r"\b[A-Z][a-z]+\s+(?:[A-Z]\.\s+){1,2}([A-Z][a-z][\w’'-]*)")


def _person_word(c: Candidate, doc, surnames: frozenset[str]) -> bool:
    """A one-word name that is a person's: the surname of someone named in full elsewhere ("Wilson
    had pleaded guilty" after "Gary Wilson"), or a common word opening a sentence ("Man charged")."""
    if c.role in ("dateline", "credit") or " " in c.surface.strip():
        return False
    if c.surface in surnames:
        return True
    if _SURNAME_PARTICLE.fullmatch(c.surface.strip()) and _NAME_GOES_ON.match(doc.text, c.end):
        return True  # "Van de Perre said", "Von Trapp": a particle opening a surname, not Turkey's Van
    span = doc.char_span(c.start, c.end)
    if span is None or len(span) != 1:
        return False
    tok = span[0]  # "Man charged", not "Lancaster woman" (a modifier) nor "OMAHA --" (a dateline)
    opens = tok.is_sent_start or (tok.i > 0 and doc[tok.i - 1].is_quote and (tok.i == 1 or doc[tok.i - 1].is_sent_start))
    if opens and tok.is_stop and tok.pos_ in _FUNCTION_POS | {"VERB"}:
        return True  # "“Can you get…”": a function word opening a sentence or a quote
    return tok.is_sent_start and tok.pos_ in ("NOUN", "ADJ", "VERB") and tok.dep_ not in MODIFIER_DEPS \
        and not tok.is_upper


def _thing_named(c: Candidate, m: Match, doc, gaz: Gazetteer, named_in: dict[str, set[str]] | None = None) -> bool:
    """A town's name that takes "the", a model year or a possessive right before it is a thing called
    by the name, a make or a brand ("the Toyota failed to yield", "his Toyota", "a 1998 Toyota"): a
    town takes none. Left as they are: a name modifying a noun ("the Paris attacks") or opening a
    longer name ("the <town> Riding Club"), "the <town> of <somewhere>", an adjective between ("the
    besieged X"), names of several words ("the Central Coast"), countries, provinces and regions
    ("the Sudan") and names that hold their article ("The Hague"). A town of a country other names of
    the article point to stays a town: "our <town>" in a quote is home, not a car."""
    if m.ref.kind not in CITY_KINDS or c.role != "context" or " " in c.surface.strip() \
            or (named_in or {}).get(m.ref.country_code or "", set()) - {c.surface}:
        return False  # "the Central Coast", "the Gold Coast": names of areas take "the"
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    after = doc[span.end] if span is not None and span.end < len(doc) else None
    if span is None or span.root.dep_ in MODIFIER_DEPS or (after is not None and (
            (after.pos_ == "NOUN" and after.is_lower) or after.is_title or after.lower_ in ("of", "and"))):
        return False  # "the Manhattan tycoon", "the <town> Riding Club", "the <town> of Russia"
    i, heads = span.start - 1, {span.root.i}
    while i >= 0 and doc[i].like_num and len(doc[i].text) == 4:
        heads.add(i)  # a model year
        i -= 1
    if i < 0 or doc[i].head.i not in heads:
        return False
    lead = doc[i]  # "a" alone may still mean the town, as a kind ("call it a <town>"); "a 1998 <make>" does not
    article = lead.dep_ == "det" and (lead.lower_ == "the" or (lead.lower_ in ("a", "an") and len(heads) > 1))
    owner = lead.dep_ == "poss" and lead.pos_ == "PRON"
    if not (article or owner):
        return False
    held = f"{lead.text} {c.surface}"  # "The Hague", "The Dalles": the article is part of the name
    return not any(o.exact and o.ref.name.casefold() == held.casefold() for o in gaz.match(held, limit=OPTIONS))


# A surname particle written capitalised, then a lower-case particle or a capitalised word.
_SURNAME_PARTICLE = re.compile(r"Van|Von|De|Der|Den|Ter|Ten")
_NAME_GOES_ON = re.compile(r" (?:(?:de|der|den|van|von|ter|la|le) )?[A-Z][a-z]")


def _stands_alone(c: Candidate, m: Match, text: str, places: set[tuple[int, int]],
                  not_places: list[tuple[int, int]]) -> bool:
    """A place found inside a longer capitalised name is a place of its own (see resolve_places):
    it opens the name, after qualifiers only ("Northeast Georgia", "Downtown Cleveland"), or it
    follows "of" ("the University of Kentucky College of Law"). A village is too obscure to be
    what such a name is named after ("Wedgewood Baptist Church"), as is a province or country the
    model did not tag ("Grand Jury")."""
    if c.within is None or c.within in places:
        return True
    if c.label != "PERSON" and designator_fit(_trailing_designator(c.lookup), m.ref.kind) > 0 \
            and any(c.within[0] <= s and e <= c.start and not text[e:c.start].strip() for s, e in places):
        return True  # a unit with its designator right after its town: "in Maiduguri Borno State"
    if c.label == "PERSON" or any(s < c.end and c.start < e for s, e in not_places) or m.ref.kind == "village" \
            or (c.label == "PROPN" and m.ref.kind in ("country", "admin1")):
        return False
    before = text[c.within[0]:c.start].split()
    return all(w.casefold() in _qualifiers() for w in before) or (bool(before) and before[-1] in ("of", "de"))


@lru_cache(maxsize=1)
def _qualifiers() -> frozenset[str]:
    return frozenset(_cues()["place_qualifiers"])


def _name_end(text: str, start: int, end: int) -> int:
    """Where the name itself ends: a province's or a region's designator after it is left out
    ("Kharkiv region", "North Kivu Province" name "Kharkiv", "North Kivu"), as is any lower-case
    one ("Aleppo city"); a capitalised "County", "City" or "District" is part of the name."""
    words = text[start:end].rsplit(None, 1)
    if len(words) < 2:
        return end
    last = words[1]
    kind = rules().designators.get(last.casefold())
    if kind is None or not parse(words[0]).key or _is_demonym(words[0]):
        return end  # "Somali Region" is no "Somali"
    if last[:1].islower() or kind == "admin1":
        return start + len(words[0].rstrip(" -"))
    return end


def _far_hamlet(m: Match, focus: frozenset[str]) -> bool:
    """A village of no recorded population, or a town known by the name only as an alternate, in
    another country than the story's is a namesake ("Tawila" in a Darfur story is not the Yemeni
    hamlet), unless its province or country follows."""
    if not focus or m.ref.country_code in focus:
        return False
    if m.ref.kind == "village" and m.population < FAR_VILLAGE_MIN_POPULATION:
        return True
    # A town met only under another tongue's spelling of its name ("Qaţanā" as "Katana") in a
    # country the story is not about is a namesake of some place the gazetteer lacks.
    return m.ref.kind in ("town", "village") and not m.main


def _appositive_place(text: str, end: int) -> bool:
    """"Mellit, a market town about 60 km north", "Tawila, the town where…": the apposition says
    the name is a place."""
    return bool(_appositive_re().match(text, end))


def _place_noun_after(text: str, end: int) -> bool:
    """"the Crown Heights neighborhood", "the Gaza Strip district": a place noun after the name."""
    return bool(_place_noun_re().match(text, end))


@lru_cache(maxsize=1)
def _place_noun_re() -> re.Pattern:
    nouns = "|".join(re.escape(w) for w in sorted(_cues()["appositive_place_nouns"], key=len, reverse=True))
    return re.compile(rf"\s+(?:{nouns}|area)\b")


def _street_name(c: Candidate, m: Match, text: str) -> bool:
    """"of 2517 Memphis St.": a street of a postal address named after a place is not that place
    (the site stage may still place the street in its town). Without the house number, "County
    Road 80", "Florida Highway Patrol" and "Meigs County Court" keep their places."""
    if not _HOUSE_NUMBER.search(text, max(0, c.start - 40), c.start):
        return False
    words = c.surface.rstrip(".").split()
    return _street_after_re().match(text, c.end) is not None \
        or (len(words) > 1 and words[-1] in _street_words() and not m.exact)


_HOUSE_NUMBER = re.compile(r"\b\d+[A-Za-z]?\s+(?:[A-Z][\w'’.-]*\s+){0,3}$")


@lru_cache(maxsize=1)
def _street_words() -> frozenset[str]:
    return frozenset(_cues()["address_street_words"])


@lru_cache(maxsize=1)
def _street_after_re() -> re.Pattern:
    streets = "|".join(re.escape(w) for w in sorted(_street_words(), key=len, reverse=True))
    return re.compile(rf"\s+(?:{streets})\b")


def _after_address(text: str, start: int) -> bool:
    """"of 1935 Orchard St., Alexandria": the name after a street address is its town."""
    return bool(_address_re().search(text, max(0, start - 60), start))


@lru_cache(maxsize=1)
def _address_re() -> re.Pattern:
    streets = "|".join(re.escape(w) for w in sorted(_cues()["address_street_words"], key=len, reverse=True))
    return re.compile(rf"\b\d+[A-Za-z]?\s+(?:[A-Z0-9][\w'’.-]*\s+){{1,4}}(?:{streets})\.?,\s+$")


@lru_cache(maxsize=1)
def _appositive_re() -> re.Pattern:
    nouns = "|".join(re.escape(w) for w in sorted(_cues()["appositive_place_nouns"], key=len, reverse=True))
    # the noun must head the phrase: "a town official" is a person
    return re.compile(rf",\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,2}}?(?:{nouns})"
                      rf"(?=\s*[,.;:)]|\s+(?:of|on|in|at|about|near|that|which|where|some|just|approximately|roughly"
                      rf"|nearly|around|located|lying|close|outside|(?:north|south|east|west)\w*)\b|\s+\d)")


def _kind_conflict(surface: str, m: Match) -> bool:
    """A designator that cannot name the match: "Jordan Valley" or "Georgia Province" is no country."""
    return m.ref.kind == "country" and designator_fit(parse(surface).designator, m.ref.kind) < 0 \
        and not m.exact  # "Czech Republic", "Democratic Republic of Congo" carry the word in their names


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
    """"Colonel Hassan", "Mr. Khan", "coach Ripley": a title makes the next name a person's, whatever
    towns share it; "according to Taylor" names a source."""
    before = text[max(0, start - 30):start].split()
    if not before:
        return False
    return before[-1].rstrip(".").casefold() in _folded(gaz.titles()) \
        or (len(before) > 1 and before[-2].casefold() == "according" and before[-1] == "to")


@lru_cache(maxsize=4)
def _folded(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.casefold() for w in words)


_THE_BEFORE = re.compile(r"(?<![\w-])[Tt]he\s+$")
# "St. Patrick's Day": a feast, not the place of its saint.
_DAY_OF = re.compile(r"(?:’s|'s)?\s+Day\b")
# A name and a comma right before: where a state's or country's abbreviation follows its town.
_AFTER_PLACE = re.compile(r"[A-Z][\w.’'-]*,\s*$")


def _acronym(c: Candidate, m: Match, text: str) -> bool:
    """"the city's SWAT team", "a NICE program": a word in capitals that modifies a lower-case
    noun inside running prose is an acronym, not the town or valley that bears it, unless it is a
    country or province ("UK officials"), or opens a line or sentence ("WASHINGTON Barack Obama…");
    datelines ("CAIRO, Oct 21", "(KHARTOUM) –", "MANSFIELD --") are followed by no such noun."""
    s = c.surface.strip()
    if c.role != "context" or not (s.isupper() and s.isalpha() and len(s) >= 3) \
            or m.ref.kind in ("country", "admin1") or not _LOWER_WORD_AFTER.match(text, c.end) \
            or re.search(r"(?:^|\n|[.!?”\"]\s)\s*$", text[max(0, c.start - 3):c.start]):
        return False
    end = text.find("\n", c.end)
    line = text[text.rfind("\n", 0, c.start) + 1:end if end >= 0 else len(text)]
    return any(ch.islower() for ch in line)  # a line all in capitals is a headline, not prose


_LOWER_WORD_AFTER = re.compile(r" [a-z]{2,}\b")


def _is_code(surface: str) -> bool:
    """"PA", "OK", "IN": a two- or three-letter code, which names a state only after its town
    (the dotted forms "Pa.", "Ky.", "W.Va." name it anywhere)."""
    s = surface.strip()
    return len(s) <= 3 and s.isalpha() and s.isupper()


def _is_non_place(surface: str, gaz: Gazetteer) -> bool:
    words = surface.split()
    key = parse(surface).key
    # "City Hall" is no town called Hall; "Hall County", "Grove City" end in their unit's word
    return gaz.is_stopword(surface) or (bool(words) and gaz.is_stopword(words[0]) and len(words) == 1) \
        or not key or (len(words) > 1 and key in _generic_words() and words[-1].casefold() not in rules().designators)


def _precision(m: Match, text: str, start: int, surface: str) -> int:
    kind = m.ref.kind
    if kind in ("country", "admin1", "region"):
        return 3
    if parse(surface).facility and kind != "facility":
        return 2  # "Mosul Dam" found only as Mosul: the place is near it
    if kind == "admin2" or parse(surface).designator == "admin2" or (kind in CITY_KINDS and _unit_word_after(text, start)):
        return 2  # "the Mueda district": the unit named after the town
    if _vicinity_re().search(fold(text[max(0, start - 80):start]) + " "):
        return 2
    return 1


def _unit_word_last(name: str) -> bool:
    """The name ends in an administrative unit's word: "Izium district", not "Department of
    Justice" nor "Market District" said as one name."""
    words = name.split()
    return len(words) > 1 and words[-1].islower() and rules().designators.get(words[-1]) in ADMIN_DESIGNATORS


def _unit_word_after(text: str, start: int) -> bool:
    """An administrative unit's word right after the name that opens at `start` ("Kupiansk
    district", "Masisi Territory"): the unit, not the town."""
    hit = _UNIT_AFTER.match(text, start)
    return bool(hit) and rules().designators.get(hit.group(1).casefold()) in ADMIN_DESIGNATORS


_UNIT_AFTER = re.compile(r"[A-Z][\w’'-]*(?:[ -][A-Z][\w’'-]*)*[ \t]+([A-Za-z-]+)")


@lru_cache(maxsize=1)
def _vicinity_re() -> re.Pattern:
    """A vicinity phrase right before the name, maybe with "the city of" between: "near", "on the
    outskirts of the town of", "20 km north of"."""
    near = "|".join(re.escape(w) for w in sorted(_cues()["vicinity"], key=len, reverse=True))
    tail = "|".join(re.escape(w) for w in sorted(_cues()["vicinity_tail"], key=len, reverse=True))
    return re.compile(rf"\b(?:{near})\s+(?:(?:{tail})\s+)*$")

