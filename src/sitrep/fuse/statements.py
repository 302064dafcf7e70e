"""Corroborated statements: two independent outlets saying the same descriptive thing in their own words.

Figures, dates, holders and labels are compared in compare.py; much of what outlets agree on is
none of those ("clips showed people greeting the fighters in the street"; "the push began
as the foreign troops left in spring"). Here each body sentence, and each of its segments (split
at punctuation and subordinating words, so "..., since the foreign troops started leaving in spring" is
a unit of its own), is reduced to its content words after synonym normalisation (data:
`statement_terms` in data/synonyms.json; counted-thing synonyms too). Two units from articles of
different voices (reprints are one voice) that are about the same topic (they share an incident or
a named place) and share enough of their words state the same thing: the pair becomes an Agreement
whose claims (kind "event", attrs {"statement": True}) point at both sentences.

Generic wording (reporting verbs, weekdays, numbers) is not content; blocks on very common words
are skipped so the work stays near-linear.

Statements also contradict each other (`statement_disputes`): a rebuttal ("denied", "false", "a
lie", "a trick"; data/statement_disputes.json) disputes the statements of other voices it answers —
published no later than it, about the same story or incident, sharing its cue clause's content words,
and not themselves saying no (a party that "did not confirm" what another announced stands against it
the same way, told as not confirmed); and one act told in opposed terms by two voices of a story
("regrouping" vs "fleeing", said of forces) is disputed as a characterization; and two voices
naming two different people the holder of one single-holder office of one place ("the mayor of
<town>"), within a week, dispute who holds it.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources

from ..model import ARTICLE_SOURCE, Agreement, Claim, Dispute, Reading, stable_id
from .compare import Side, verdict
from .intervals import parse_interval
from .outlets import Outlets
from .words import _singular, _stem, vocabulary

__all__ = ["statement_agreements", "statement_disputes", "statement_words"]

# Two units state the same thing when they share at least MIN_SHARED content words and these
# cover MIN_OVERLAP of the shorter unit's words. Tuned on the seeds and examples; a shorter unit
# (a segment) must match more closely than a whole sentence.
MIN_SHARED = 4
MIN_OVERLAP = 0.6
SEGMENT_MIN_OVERLAP = 0.75
MIN_WORDS = 4  # a unit with fewer content words says too little to corroborate
MAX_WORDS = 30  # a longer unit is a paragraph mis-split: too many words to match by chance
BLOCK_CAP = 200  # a word in more units than this finds no candidates (the other words still do)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# (not before a lower-case word: "U.S. and NATO forces" is one sentence)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?![a-z])|\n\s*\n")
# Segments end at clause punctuation and at words that open a clause of their own.
_SEGMENT = re.compile(r"[,;:()\u2014\u2013]|\s(?=(?:since|as|while|after|before|when|because|but|although|"
                      r"though|whereas|until|which|where)\s)", re.I)


@dataclass(frozen=True)
class Unit:
    reading: int  # index into the readings
    start: int  # the sentence holding the unit: what a claim points at
    end: int
    words: frozenset[str]
    segment: bool
    numbers: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _vocab() -> tuple[dict[str, str], frozenset[str]]:
    ref = importlib_resources.files("sitrep") / "data" / "synonyms.json"
    data = json.loads(ref.read_text(encoding="utf-8"))
    terms: dict[str, str] = {}
    for group in data.get("statement_terms", []):
        for w in group:
            terms[w.lower()] = group[0].lower()
    return terms, frozenset(w.lower() for w in data.get("statement_stopwords", []))


@lru_cache(maxsize=65536)
def _canon(word: str) -> str | None:
    terms, stop = _vocab()
    v = vocabulary()
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) < 3 or w in stop or w in v.stop or w in v.weak:
        return None
    for cand in (w, _singular(w), _stem(w)):
        if cand in terms:
            return terms[cand]
    if w in v.counted or _singular(w) in v.counted:
        return v.canon_counted(w)
    stem = _stem(w)
    return None if stem in stop else stem


# A run of two or more capitalised words is a name ("Rapid Support Forces", a speaker's name and
# title): who is named is not what is stated, and a long name would match on its own.
_NAME_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+the\s+|of\s+|al-|el-)?[A-Z][\w'’.-]*)+")


def statement_words(text: str) -> frozenset[str]:
    """The content words of a statement, normalised ("motorbikes" and "motorcycles" are one word);
    multi-word names are left out."""
    text = _NAME_RUN.sub(" ", text)
    return frozenset(c for c in (_canon(m.group()) for m in _WORD.finditer(text)) if c)


def _sentences(reading: Reading) -> list[tuple[int, int]]:
    """The body sentences of an article, as character spans."""
    art = reading.article
    text = art.text
    out = []
    start = 0
    bounds = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)] + [(len(text), len(text))]
    for cut, nxt in bounds:
        s, e = start, cut + 1 if cut < len(text) else cut
        start = nxt
        while s < e and text[s].isspace():
            s += 1
        if e - s < 20 or not art.in_body(s, min(e, s + 1)):
            continue
        out.append((s, e))
    return out


def _units(index: int, reading: Reading) -> list[Unit]:
    text = reading.article.text
    out = []
    for s, e in _sentences(reading):
        sent = text[s:e]
        words = statement_words(sent)
        if MIN_WORDS <= len(words) <= MAX_WORDS:
            out.append(Unit(index, s, e, words, False, _numbers(sent)))
        pieces = _SEGMENT.split(sent)
        if len(pieces) > 1:
            for piece in pieces:
                w = statement_words(piece or "")
                if MIN_WORDS <= len(w) < len(words):
                    out.append(Unit(index, s, e, w, True, _numbers(sent)))
    return out


_NUMBER = re.compile(r"\d[\d,.]*")


def _numbers(text: str) -> frozenset[str]:
    return frozenset(n.rstrip(".,").replace(",", "") for n in _NUMBER.findall(text))


def _same(a: Unit, b: Unit) -> bool:
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        return False  # "counted more than 50" and "recorded more than 70": figures are compared elsewhere
    shared = len(a.words & b.words)
    if shared < MIN_SHARED:
        return False
    need = SEGMENT_MIN_OVERLAP if (a.segment or b.segment) else MIN_OVERLAP
    return shared / min(len(a.words), len(b.words)) >= need


def _topics(reading: Reading) -> set[str]:
    """What an article is about, for pairing: its incidents and the places it names (not countries)."""
    out = {"inc:" + c.incident for c in reading.claims if c.incident}
    out |= {"place:" + m.place.id for m in reading.places
            if m.place is not None and m.place.kind != "country" and m.role not in ("dateline", "credit")}
    return out


def _source(reading: Reading, start: int, end: int):
    """The speaker of a sentence when a quote holds most of it, else the article."""
    for q in reading.quotes:
        if q.start <= start + (end - start) // 2 < q.end:
            return q.speaker, q.id
    return ARTICLE_SOURCE, None


def statement_agreements(readings: list[Reading], outlets: Outlets, covered: dict[str, list[tuple[int, int]]]
                         ) -> list[Agreement]:
    """Agreements between independent outlets' statements; the claims they rest on are appended to
    the readings (kind "event", attrs {"statement": True}). `covered`: per article, the spans of
    claims already in an agreement (a figure, a date): sentences holding them on both sides are skipped."""
    units = [u for i, r in enumerate(readings) for u in _units(i, r)]
    topics = [_topics(r) for r in readings]
    voices = [outlets.voice(r.article.id) for r in readings]
    blocks: dict[str, list[int]] = defaultdict(list)
    for k, u in enumerate(units):
        for w in u.words:
            blocks[w].append(k)
    pairs: dict[tuple[tuple[int, int, int], tuple[int, int, int]], float] = {}
    for word in sorted(blocks):
        members = blocks[word]
        if len(members) > BLOCK_CAP:
            continue
        for x in range(len(members)):
            a = units[members[x]]
            for y in range(x + 1, len(members)):
                b = units[members[y]]
                if voices[a.reading] == voices[b.reading] or not topics[a.reading] & topics[b.reading]:
                    continue
                ka, kb = sorted([(a.reading, a.start, a.end), (b.reading, b.start, b.end)])
                if (ka, kb) in pairs or not _same(a, b):
                    continue
                pairs[(ka, kb)] = 1.0
    parent: dict[tuple[int, int, int], tuple[int, int, int]] = {}
    members: dict[tuple[int, int, int], dict[int, tuple[int, int, int]]] = {}

    def find(k):
        while parent.setdefault(k, k) != k:
            k = parent[k]
        return k

    for ka, kb in sorted(pairs):
        ra, rb = readings[ka[0]], readings[kb[0]]
        if _covered(covered, ra.article.id, ka) and _covered(covered, rb.article.id, kb):
            continue
        x, y = find(ka), find(kb)
        if x == y or members.setdefault(x, {ka[0]: ka}).keys() & members.setdefault(y, {kb[0]: kb}).keys():
            continue  # one sentence per article in a group: no chaining through an article's other sentences
        keep, drop = min(x, y), max(x, y)
        parent[drop] = keep
        members[keep] = {**members[keep], **members.pop(drop)}
    groups: dict[tuple[int, int, int], list[tuple[int, int, int]]] = defaultdict(list)
    for k in sorted(parent):
        groups[find(k)].append(k)
    out: list[Agreement] = []
    made: dict[tuple[int, int, int], Claim] = {}
    for root in sorted(groups):
        keys = groups[root]
        if len({voices[k[0]] for k in keys}) < 2:
            continue
        claims = [_claim(readings, k, made) for k in keys]
        ids = sorted(c.id for c in claims)
        articles = sorted({c.article for c in claims})
        counts = Counter(w for k in keys for w in statement_words(readings[k[0]].article.text[k[1]:k[2]]))
        shared = [w for w in counts if counts[w] >= 2]
        out.append(Agreement(id=stable_id("agr", "statement", *ids), subject=" ".join(sorted(shared)), claims=ids,
                             articles=articles, value=None, outlets=outlets.names(articles)))
    _append_made(readings, made)
    return out


def _append_made(readings: list[Reading], made: dict[tuple[int, int, int], Claim]) -> None:
    """The statement claims made while fusing join their articles' claims; idempotent: fusing the
    same readings again adds nothing twice."""
    known: dict[int, set[str]] = {}
    for k in sorted(made):
        ids = known.setdefault(k[0], {c.id for c in readings[k[0]].claims})
        if made[k].id not in ids:
            readings[k[0]].claims.append(made[k])
            ids.add(made[k].id)


def _covered(covered: dict[str, list[tuple[int, int]]], article: str, key: tuple[int, int, int]) -> bool:
    return any(key[1] <= s < key[2] for s, _ in covered.get(article, ()))


def _claim(readings: list[Reading], key: tuple[int, int, int], made: dict) -> Claim:
    if key not in made:
        r = readings[key[0]]
        _, start, end = key
        text = r.article.text[start:end]
        source, quote = _source(r, start, end)
        made[key] = Claim(
            id=stable_id("c", r.article.id, "statement", start, end), article=r.article.id, kind="event",
            subject="statement: " + " ".join(sorted(statement_words(text))), source=source, start=start,
            end=end, value=None, quote=quote, attrs={"statement": True})
    return made[key]


# ---------------------------------------------------------------- statements that contradict each other

# A rebuttal answers a statement of another voice in the same story when they share at least this
# many content words (the rebuttal's own cue words aside). Tuned on the five dev sets.
REBUTTAL_MIN_SHARED = 3
# a statement in another story that shares the rebuttal's incident must share one word more
REBUTTAL_OTHER_STORY_MIN_SHARED = 4
# a statement that itself says no ("we have no intention of ...") agrees with a denial
_NEGATION = re.compile(r"\b(?:no|not|never|nor)\b|n['’]t\b", re.I)
_CLAUSE_END = re.compile(r",\s+(?:and|but|while|whereas)\s|;\s")


@lru_cache(maxsize=1)
def _dispute_cues():
    ref = importlib_resources.files("sitrep") / "data" / "statement_disputes.json"
    d = json.loads(ref.read_text(encoding="utf-8"))

    def rx(words):
        alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
        return re.compile(r"\b(?:" + alts + r")\b", re.I)

    labels = [(a["act"], rx(a["sides"][0]), rx(a["sides"][1]), bool(a.get("forces")))
              for a in d.get("opposed_labels", [])]
    unconfirmed = d.get("unconfirmed", [])
    return rx(d["rebuttal"] + unconfirmed), labels, rx(d.get("force_words", []) or ["\x00"]), rx(unconfirmed or ["\x00"])


def statement_disputes(readings: list[Reading], outlets: Outlets, article_story: dict[str, str]) -> list[Dispute]:
    """Disputes between statements of different voices in one story: a rebuttal ("a lie", "denied",
    "a trick") against the earlier statement it answers, and one act described in opposed terms
    ("regrouping" vs "fled"). The claims they rest on are appended to the readings (kind "event",
    attrs {"statement": True})."""
    rebut, labels, forces, _ = _dispute_cues()
    voices = [outlets.voice(r.article.id) for r in readings]
    story = [article_story.get(r.article.id) for r in readings]
    sents = []  # (reading, start, end, text)
    for i, r in enumerate(readings):
        if story[i] is None:
            continue
        for s, e in _sentences(r):
            sents.append((i, s, e, r.article.text[s:e]))
    by_story: dict[str, list[int]] = defaultdict(list)  # story → its sentences
    of_article: dict[int, list[int]] = defaultdict(list)  # article → its sentences
    for k, (i, _, _, _) in enumerate(sents):
        by_story[story[i]].append(k)
        of_article[i].append(k)
    made: dict[tuple[int, int, int], Claim] = {}
    out: list[Dispute] = []
    incidents = [{c.incident for c in r.claims if c.incident} for r in readings]

    # the sentences a rebuttal may answer are those of its story's articles and of the articles that
    # share one of its incidents: looking only there keeps the pass near-linear in the corpus
    by_incident: dict[str, set[int]] = defaultdict(set)
    for i, incs in enumerate(incidents):
        for inc in incs:
            by_incident[inc].add(i)
    story_articles: dict[str, set[int]] = defaultdict(set)
    for i, sid in enumerate(story):
        if sid is not None:
            story_articles[sid].add(i)

    def candidates(i: int) -> list[int]:
        near_articles = set(story_articles[story[i]])
        for inc in incidents[i]:
            near_articles |= by_incident[inc]
        return sorted(k for j in near_articles for k in of_article[j])

    out.extend(_rebuttals(readings, sents, voices, story, candidates, rebut, made, outlets))
    out.extend(_office_holders(readings, voices, made, outlets))
    for sid in sorted(by_story):
        members = by_story[sid]
        for act, one, other, needs_force in labels:
            out.extend(_opposed(readings, sents, members, voices, act, one, other, forces if needs_force else None,
                                rebut, made, outlets))
    _append_made(readings, made)
    return out


def _rebuttals(readings, sents, voices, story, candidates, rebut, made, outlets) -> list[Dispute]:
    out = []
    # each sentence read once: the words it states, or None when it cannot be what a rebuttal answers
    # (itself a rebuttal, or a statement that says no)
    said_words = [None if rebut.search(t) or _NEGATION.search(t) else statement_words(t) for _, _, _, t in sents]
    for d in range(len(sents)):
        i, s, e, text = sents[d]
        cue = rebut.search(text)
        if not cue:
            continue
        # what is denied lies in the cue's own clause: "X denied any intention of taking the city,
        # and accused the army of shelling" denies no shelling
        tail = _CLAUSE_END.search(text, cue.end())
        clause = text[:tail.start() if tail else len(text)]
        if _standing_denial(clause[cue.end():]):
            continue
        words = statement_words(rebut.sub(" ", clause))
        day = readings[i].article.published or ""
        best: dict[int, tuple[int, int]] = {}  # article → (shared words, sentence)
        for t in candidates(i):  # one story, or one incident told in two stories
            j = sents[t][0]
            if (said_words[t] is None or voices[j] == voices[i]
                    or (readings[j].article.published or "") > day):
                continue
            shared = len(words & said_words[t])
            need = REBUTTAL_MIN_SHARED if story[i] == story[j] else REBUTTAL_OTHER_STORY_MIN_SHARED
            if shared >= need and shared > best.get(j, (0, -1))[0]:
                best[j] = (shared, t)
        if not best:
            continue
        said = [_claim(readings, sents[t][:3], made) for _, t in sorted(best.values(), key=lambda x: x[1])]
        denial = _claim(readings, (i, s, e), made)
        cue_words = " ".join(cue.group().lower().split())
        if _dispute_cues()[3].fullmatch(cue.group()):  # another party did not confirm it: no denial
            subject, label = "statement not confirmed: ", "not confirmed (" + cue_words + ")"
        else:
            subject, label = "statement called false: ", "denied or called false (" + cue_words + ")"
        out.extend(_dispute("other", subject + _gist(clause), [("stated", said), (label, [denial])], outlets))
    return out


# What a denial denies, up to the next comma or clause: a bare conduct ("attacking civilians", "using banned
# weapons") names no act of this story: a determiner, a name or a number would ("shelling the market",
# "being behind the attack", "targeting Kherson", "killing 12 people").
_DENIED_CONDUCT = re.compile(r"^\s+(?:any\s+)?(?!(?:during|following|regarding|concerning|including|according)\b)"
                             r"[a-z]+ing\s+([^,;:.!?]*)")  # a gerund, not a preposition ending in -ing
_SPECIFIC = re.compile(r"\b(?:the|this|that|these|those|its|their|his|her|our)\b|\d|\b[A-Z]")


def _standing_denial(after_cue: str) -> bool:
    """Is a denial one of conduct in general ('denied attacking civilians, saying it only targets
    fighters'), a standing position repeated as background, not an answer to one report? Such a
    denial denies a gerund with a bare object. Across the five dev sets it drops one unbacked dispute
    (a standing denial set against a report of four hospitals struck) and no backed one."""
    m = _DENIED_CONDUCT.match(after_cue)
    return m is not None and not _SPECIFIC.search(m.group(1)) and bool(m.group(1).strip())


def _opposed(readings, sents, members, voices, act, one, other, forces, rebut, made, outlets) -> list[Dispute]:
    sides: list[list[tuple[int, re.Match]]] = [[], []]
    for k in members:
        text = sents[k][3]
        a, b = one.search(text), other.search(text)
        if bool(a) != bool(b) and not rebut.search(text) and (forces is None or _forces_do(forces, text, a or b)):
            sides[0 if a else 1].append((k, a or b))
    if not any(voices[sents[x][0]] != voices[sents[y][0]] for x, _ in sides[0] for y, _ in sides[1]):
        return []
    parts = []
    for side in sides:
        claims = [_claim(readings, sents[k][:3], made) for k, _ in side]
        label = ", ".join(sorted({m.group().lower() for _, m in side}))
        parts.append((label, claims))
    return _dispute("characterization", act, parts, outlets)


# Two reports naming two people to one office are told within this many days of each other: an
# office changes hands rarely, but a report weeks later may name a successor (a week, not tuned;
# checked on the five dev sets, where ukraine-2022 holds the one such dispute).
OFFICE_DAYS = 7


@lru_cache(maxsize=1)
def _single_offices() -> re.Pattern:
    """A role that opens with an office one person holds for a place ('the Mayor of X', data:
    statement_disputes.json single_offices); group 1 the office, group 2 what follows 'of'."""
    ref = importlib_resources.files("sitrep") / "data" / "statement_disputes.json"
    offices = json.loads(ref.read_text(encoding="utf-8")).get("single_offices", [])
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(offices, key=len, reverse=True)) or "\x00"
    return re.compile(r"^(?:the\s+)?(" + alts + r")\s+of\s+(?:the\s+)?(.+)$", re.I)


def _office_place(reading: Reading, rest: str) -> str | None:
    """The resolved place an office is of: the longest place the article names that the words after
    'of' open with ('Izium in the Kharkiv region' -> Izium)."""
    folded = rest.casefold()
    named = [m for m in reading.places if m.place is not None and folded.startswith(m.surface.casefold())
             and _ends_office_place(folded[len(m.surface.casefold()):])]
    return max(named, key=lambda m: (len(m.surface), m.place.id)).place.id if named else None


def _ends_office_place(after: str) -> bool:
    """The place's name ends where the words after 'of' end, or at a word break that does not make it
    an owner ("president of <country>'s parliament" is an office of the parliament, not the country)."""
    return not after or (not after[0].isalnum() and not after.startswith(("'s", "’s")))


def _name_words(entity) -> set[str]:
    return {w for n in [entity.name, *entity.aliases] for w in re.findall(r"[^\W\d_]{3,}", n.casefold())}


def _office_holders(readings, voices, made, outlets) -> list[Dispute]:
    """Who holds one office: two voices naming two different people (no name word shared) the
    holder of one single-holder office of one place, within OFFICE_DAYS. Each side is the sentence
    naming the holder, told by its speaker."""
    pattern = _single_offices()
    held: dict[tuple[str, str], list[tuple[int, str, set[str], tuple[int, int, int]]]] = defaultdict(list)
    for i, r in enumerate(readings):
        text = r.article.text
        spans = None
        for e in sorted(r.entities, key=lambda e: e.id):
            if e.kind != "person":
                continue
            for role in dict.fromkeys(e.roles):
                m = pattern.match(role.strip())
                at = _role_at(text, role, e.mentions) if m else -1
                place = _office_place(r, m.group(2)) if m and at >= 0 else None
                if place is None:
                    continue
                spans = spans if spans is not None else _sentences(r)
                sent = next(((s, e_) for s, e_ in spans if s <= at < e_), None)
                if sent is not None:
                    office = " ".join(m.group(1).casefold().split())
                    held[(office, place)].append((i, e.name, _name_words(e), (i, *sent)))
    out = []
    for (office, place), told in sorted(held.items()):
        sides: dict[str, list[tuple[int, str, set[str], tuple[int, int, int]]]] = {}
        for t in told:
            key = next((k for k, v in sides.items() if any(t[2] & x[2] for x in v)), t[1])
            sides.setdefault(key, []).append(t)
        if len(sides) < 2 or not _rival_reports(readings, voices, list(sides.values())):
            continue
        where = next(m.surface for t in told for m in readings[t[0]].places if m.place and m.place.id == place)
        parts = [(name, [_claim(readings, t[3], made) for t in members]) for name, members in sorted(sides.items())]
        out.extend(_dispute("other", f"who is the {office} of {where}", parts, outlets))
    return out


def _role_at(text: str, role: str, mentions) -> int:
    """Where the article gives a person a role: of the role's occurrences, the one nearest a mention of
    the person (an article may name the office first for someone else: 'the mayor of X' quoted in the
    lede, the deputy given the same words further down); -1 when it never occurs."""
    found, at = [], text.find(role)
    while at >= 0:
        found.append(at)
        at = text.find(role, at + 1)
    if not found or not mentions:
        return found[0] if found else -1

    def gap(at: int) -> int:
        end = at + len(role)
        return min(max(m.start - end, at - m.end, 0) for m in mentions)

    return min(found, key=lambda at: (gap(at), at))


def _rival_reports(readings, voices, sides) -> bool:
    """Do two sides hold reports of two voices told within OFFICE_DAYS of each other?"""
    def day(i: int):
        iv = parse_interval(readings[i].article.published)
        return iv.first if iv is not None else None

    return any(voices[a[0]] != voices[b[0]] and day(a[0]) is not None and day(b[0]) is not None
               and abs(day(a[0]) - day(b[0])) <= OFFICE_DAYS
               for x, one in enumerate(sides) for other in sides[x + 1:] for a in one for b in other)


# Forces named at most FORCE_LABEL_MAX_WORDS words before the label are who does it ("the army was
# fleeing"), and right after it (FORCE_OBJECT_MAX_WORDS, no clause word between) what is moved
# ("regroup the troops"); "families fled as troops advanced" is neither. Tuned on the five dev sets.
FORCE_LABEL_MAX_WORDS = 8
FORCE_OBJECT_MAX_WORDS = 2
_CLAUSE_WORDS = frozenset("as when while after before because since and but".split())


def _forces_do(forces: re.Pattern, text: str, label: re.Match) -> bool:
    for f in forces.finditer(text):
        if f.end() <= label.start() and len(text[f.end():label.start()].split()) <= FORCE_LABEL_MAX_WORDS:
            return True
        between = text[label.end():f.start()].lower().split()
        if f.start() >= label.end() and len(between) <= FORCE_OBJECT_MAX_WORDS and not _CLAUSE_WORDS & set(between):
            return True
    return False


def _gist(text: str, limit: int = 100) -> str:
    """A sentence cut to at most `limit` characters at a word boundary, as a dispute's subject."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _dispute(kind: str, subject: str, parts: list[tuple[str, list[Claim]]], outlets: Outlets) -> list[Dispute]:
    """The sides told by two voices, as compare.verdict makes every dispute (none when one voice tells them all)."""
    found = verdict(kind, subject, [Side(value, claims) for value, claims in parts], outlets)
    return [found] if isinstance(found, Dispute) else []
