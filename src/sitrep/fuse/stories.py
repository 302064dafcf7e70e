"""Stories: articles grouped by what they report.

A story is the news many outlets tell at once ("the army says it retook the air base", "the death
toll rises to 413"). Two articles tell one story when their words are alike *among the reports of
their days*: each article is a TF-IDF vector whose document frequencies are counted over the
articles published within `DF_WINDOW_DAYS` of it, so the words every report of that week shares
(the war's name, its capital, its armed groups) weigh little and what sets a report apart weighs
much. Beside the words (those of its lead, the title and first sentences, counted apart too) the
vector holds facts: the specific places it names, the actors of its events, its figures, its event
days and the kind and place of the happenings its lead tells. Words and facts are normalised apart
and weighed FACT_SHARE to facts, so two short wire items about one shelling are alike by their
place and day even when their words differ.

Articles published more than `STORY_DAYS` apart are never one story. Within that window a report
is weighed against every other when there are at most `ALL_PAIRS_MAX` of them, else against those
sharing one of its most distinctive terms (blocks, so the work per report stays bounded). Pairs
at `LINK_FLOOR` cosine or above are kept as links, and stories are the groups of average-linkage
clustering of that sparse graph at `LINK_MIN`: a missing link counts as zero (no story grows by
chaining), and a weak link still counts in a group's average (dropping it would make every group
look less alike than it is).

`StoryIndex.add` is incremental: new reports are weighed against the windows as they stand, linked
to the reports they are like, and clustered again with the stories they link to; every other story
stays as it was. Fusing everything at once is the reference (what `sitrep situation` does, and
deterministic); adding reports later can differ from it only where the new reports' words shift
the weights of stories they do not link to.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import PlaceRef, Range, Reading, stable_id
from .cluster import _OPPOSITE_HANDS, CLOSE_DAYS, WEEK_DAYS, _distance_km, _sentences, _side
from .intervals import parse_interval
from .words import _stem, vocabulary

__all__ = ["Story", "StoryIndex", "Profile", "profile", "cluster_stories"]

# Tuned together (they move together) on the stories of the real development sets sudan-2023,
# syria-2024 and drc-2025 (story ARI 0.44 / 0.61 / 0.55 there with every pair weighed, LINK_FLOOR
# 0.08, LINK_MIN 0.14), checked on ukraine-2022 and gaza-2023 (0.80 / 0.74), and on the hand-built
# fixtures (tests/test_stories.py): the link threshold and floor, the share of facts, the windows.
LINK_MIN = 0.14
LINK_FLOOR = 0.08  # likeness kept as a link: a group's average counts what lies under LINK_MIN too
STORY_DAYS = 6  # a story's reports: the death-toll story of a war's first week spans 5 days
DF_WINDOW_DAYS = 7
LEAD_CHARS = 500  # the first sentences: what the report is about
LEAD_WEIGHT = 1.0
PLACE_WEIGHT = 1.5  # a specific place named in both
FIGURE_WEIGHT = 1.5  # the same figure ("177 soldiers") told in both
DATE_WEIGHT = 1.0  # an event on the same day
ACTOR_WEIGHT = 0.5
LEAD_EVENT_WEIGHT = 1.0  # the kind of happening the lead tells, and where
FACT_SHARE = 0.15  # of a likeness, what shared places, actors, figures, dates and happenings make
MAX_TERMS = 150  # a profile keeps its most frequent terms (bounded memory per article)
TOP_TERMS = 12  # candidates: pairs sharing one of their most distinctive terms
BLOCK_CAP = 200  # a term among the top terms of more articles than this in a week finds no candidates
CANDIDATE_DF_SHARE = 0.2  # nor does a term in more than this share of the window's reports,
CANDIDATE_MIN_DF = 10  # (a few reports are compared by any term they share)
CANDIDATE_MAX_DF = 20  # or in more of them than this (the other terms of a big story still find it)
TITLE_WORDS = 6
LEAD_DATE_DAYS = 7  # a lead dated more vaguely than a week does not say which day it tells
LEAD_APART_KM = 150.0  # leads placed further apart tell different happenings (tuned on the five dev sets: at 25 km
# a town's capture and the city 35 km on split one offensive's story; at 75-100 the Ukrainian front's
# towns joined; beyond, fronts 300 km apart stay apart)
ALL_PAIRS_MAX = 100  # with no more reports than this around one, it is weighed against them all

_WORD = re.compile(r"[a-z][a-z'’-]{2,}")
_AREA_KINDS = frozenset({"country", "admin1", "region"})


@dataclass(frozen=True)
class Lead:
    """A happening a report's lead tells: its kind, who took the place (a capture), where, when."""

    type: str
    sub_type: str
    winner: str | None  # the side of the doer
    place: PlaceRef | None  # a point (not a country or region)
    first: int | None  # its days, when told to within a week
    last: int | None


@dataclass(frozen=True)
class Profile:
    """What an article is about, before weighting: term counts, its publication day, and the
    happenings its lead tells."""

    article: str
    day: int | None  # publication date as an ordinal
    counts: tuple[tuple[str, float], ...]  # term -> count, sorted
    lead: tuple[Lead, ...] = ()


@dataclass
class Story:
    id: str
    articles: list[str]
    title: list[str] = field(default_factory=list)  # its most distinctive words
    first: str | None = None  # publication dates of its articles
    last: str | None = None

    def to_dict(self, incidents: list[str]) -> dict:
        dates = None
        if self.first and self.last:
            dates = self.first if self.first == self.last else f"{self.first}/{self.last}"
        return {"id": self.id, "title": self.title, "articles": self.articles, "incidents": incidents,
                "dates": dates}


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    v = vocabulary()
    return frozenset(STOP_WORDS) | v.stop | v.weak | frozenset({"said", "says", "say", "told", "according", "reported",
                                                                "added", "date", "also", "would", "could"})


@lru_cache(maxsize=131072)
def _term(word: str) -> str | None:
    w = word.replace("’", "'").strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) < 3 or w in _stopwords():
        return None
    return _stem(w)


def _family(type_: str, sub_type: str) -> str:
    """Happenings a reader would call the same kind of news (a capture, a strike, a truce)."""
    if type_ == "Battles" and sub_type != "Armed clash":
        return sub_type.casefold()  # who took a place: the army retaking it is other news than its fall
    if type_ == "Strategic developments":
        return sub_type.casefold()
    return type_.casefold()


def _words(text: str) -> Counter:
    out = Counter()
    for m in _WORD.finditer(text.lower()):
        t = _term(m.group())
        if t:
            out["w:" + t] += 1
    return out


def profile(reading: Reading) -> Profile:
    """The terms of one article: its words, specific places, actors, figures and event days, and
    apart from those (prefixed "l") the words, places and happenings of its lead."""
    art = reading.article
    body = art.body_text()
    lead_start = next((i for i, ch in enumerate(body) if not ch.isspace()), 0)
    lead_end = lead_start + LEAD_CHARS
    counts = _words(body)
    for t, n in _words((art.title or "") + " " + body[lead_start:lead_end]).items():
        counts["l" + t] += LEAD_WEIGHT * n
    refs = {m.place.id: m.place for m in reading.places if m.place is not None}
    for m in reading.places:
        if m.place is not None and m.role not in ("dateline", "credit") and m.place.kind not in _AREA_KINDS:
            counts["p:" + m.place.id] += PLACE_WEIGHT
            if m.start < lead_end:
                counts["lp:" + m.place.id] += LEAD_WEIGHT * PLACE_WEIGHT
    for ev in (e for e in reading.events if "headline_of" not in e.attrs):  # (the headline's words count above)
        if ev.start < lead_end:  # what the lead says happened, and where
            family = _family(ev.type, ev.sub_type)
            counts["le:" + family] += LEAD_WEIGHT * LEAD_EVENT_WEIGHT
            ref = refs.get(ev.place or "")
            where = ref.id if ref is not None and ref.kind not in _AREA_KINDS else (ref.country_code if ref else None)
            if where:
                counts[f"le:{family}@{where}"] += LEAD_WEIGHT * LEAD_EVENT_WEIGHT
        for a in (ev.actor1, ev.actor2):
            if a:
                counts["a:" + a.casefold()] += ACTOR_WEIGHT
        iv = parse_interval(ev.date)
        if iv is not None and iv.days == 1:
            counts["d:" + ev.date] += DATE_WEIGHT
    for c in reading.claims:
        if c.kind == "quantity" and isinstance(c.value, Range):
            n = c.value.best if c.value.best is not None else c.value.low
            if n is not None and n >= 5 and not (1900 <= n <= 2100 and float(n).is_integer()):
                counts[f"n:{n:g}"] += FIGURE_WEIGHT
    kept = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]
    pub = parse_interval(art.published)
    return Profile(art.id, pub.first if pub is not None else None, tuple(sorted(kept)),
                   _lead(reading, refs, lead_start))


def _lead(reading: Reading, refs: dict[str, PlaceRef], lead_start: int) -> tuple[Lead, ...]:
    """The happenings of the report's first sentence that tells one (within its first LEAD_CHARS):
    what the report is about ("the army said it regained the air base")."""
    pub = parse_interval(reading.article.published)
    told = sorted((e for e in reading.events if lead_start <= e.start < lead_start + LEAD_CHARS
                   and not e.attrs.get("history") and not _stale(e, pub)), key=lambda e: (e.start, e.id))
    if not told:
        return ()
    s, t = next(((s, t) for s, t in _sentences(reading.article.text) if s <= told[0].start < t),
                (told[0].start, told[0].end))
    out = []
    for e in told:
        if not s <= e.start < t:
            continue
        ref = refs.get(e.place or "")
        # only a day the report states tells two leads apart (a day guessed from the tense does not)
        iv = parse_interval(e.date) if e.attrs.get("dated_in_text") else None
        week = iv is not None and iv.days <= LEAD_DATE_DAYS
        point = ref is not None and ref.kind not in _AREA_KINDS and ref.lat is not None and (e.place_precision or 3) <= 2
        out.append(Lead(e.type, e.sub_type, _side(e.actor1) if e.actor1 else None, ref if point else None,
                        iv.first if week else None, iv.last if week else None))
    return tuple(sorted(set(out), key=lambda x: (x.type, x.sub_type, x.winner or "", x.place.id if x.place else "",
                                                  x.first or 0, x.last or 0)))


def _stale(ev, pub) -> bool:
    """Told in the lead but more than a week old at publication ("held since the October 7
    attack"): the report's background, not its news (a report four days on about who caused a
    blast still tells the blast)."""
    when = parse_interval(ev.date)
    return when is not None and pub is not None and when.last < pub.first - WEEK_DAYS


def _one_happening(x: Lead, y: Lead) -> bool:
    """Two leads can tell one happening: not a truce and a fight, not a place taken and taken back
    by another side, not two points far apart, not two days further apart than CLOSE_DAYS."""
    if (x.sub_type == "Agreement") != (y.sub_type == "Agreement"):
        return False
    if {x.sub_type, y.sub_type} == _OPPOSITE_HANDS and not (x.winner and x.winner == y.winner):
        return False
    if x.place is not None and y.place is not None and x.place.country_code == y.place.country_code:
        # (two countries apart: as likely a namesake misread abroad as another happening)
        km = _distance_km(x.place, y.place)
        if km is not None and km > LEAD_APART_KM:
            return False
    if x.first is not None and y.first is not None:
        gap = max(y.first - x.last, x.first - y.last, 0)
        if gap > CLOSE_DAYS:
            return False
    return True


def leads_apart(a: tuple[Lead, ...], b: tuple[Lead, ...]) -> bool:
    """Two reports whose leads tell different happenings (a seizure and a recapture, a battle here
    and a battle 300 km away, a truce and a fight) tell different stories, however alike their words."""
    return bool(a) and bool(b) and not any(_one_happening(x, y) for x in a for y in b)


# ---- the index ------------------------------------------------------------------------------------
class StoryIndex:
    """Profiles, links and stories of every article added so far; `add` re-clusters only what new
    articles touch."""

    def __init__(self) -> None:
        self.profiles: dict[str, Profile] = {}
        self.vectors: dict[str, dict[str, float]] = {}
        self.top: dict[str, tuple[str, ...]] = {}
        self.links: dict[str, dict[str, float]] = defaultdict(dict)
        self.by_day: dict[int | None, list[str]] = defaultdict(list)
        self.day_df: dict[int | None, Counter] = defaultdict(Counter)
        self.blocks: dict[tuple, set[str]] = defaultdict(set)  # (term, week) -> articles with it among their top terms
        self.story_of: dict[str, str] = {}
        self.stories: dict[str, Story] = {}

    # -- public
    def add(self, readings: list[Reading]) -> set[str]:
        """Add (or replace) articles; returns the ids of the stories that are new or changed."""
        new = [profile(r) for r in sorted(readings, key=lambda r: r.article.id)]
        new = [p for p in new if self.profiles.get(p.article) != p]
        if not new:
            return set()
        for p in new:
            if p.article in self.profiles:
                self._forget(p.article)
            self.profiles[p.article] = p
            self.by_day[p.day].append(p.article)
            self.day_df[p.day].update(t for t, _ in p.counts)
        fresh = {p.article for p in new}
        # a first batch is weighed against itself; later reports against the windows as they stand
        # (the stories already told keep their weights: re-weighing them is a full re-fuse)
        for a in sorted(fresh):
            self._unblock(a)
        window = _Window(self)
        for a in sorted(fresh, key=lambda a: (self.profiles[a].day is None, self.profiles[a].day or 0, a)):
            n, df = window.at(self.profiles[a].day)
            self.vectors[a] = self._vector(self.profiles[a], n, df)
            # candidates are found by terms another report of the window shares
            common = max(CANDIDATE_MIN_DF, min(CANDIDATE_DF_SHARE * n, CANDIDATE_MAX_DF))
            self.top[a] = _top_terms({t: w for t, w in self.vectors[a].items() if 2 <= df.get(t, 0) <= common})
            self._block(a)
        for a in sorted(fresh):
            for b in list(self.links.get(a, ())):
                self.links[b].pop(a, None)
            self.links[a] = {}
        for a in sorted(fresh):
            for b, s in self._candidate_links(a):
                self.links[a][b] = s
                self.links[b][a] = s
        return self._recluster(fresh)

    def story(self, article_id: str) -> Story | None:
        sid = self.story_of.get(article_id)
        return self.stories.get(sid) if sid else None

    # -- weighting
    def _vector(self, p: Profile, n: int, df: Counter) -> dict[str, float]:
        """TF-IDF, each channel (words; facts: places, actors, figures, dates, happenings) scaled to
        its share, so a cosine is (1 - FACT_SHARE) x the words' cosine + FACT_SHARE x the facts'."""
        vec = {}
        for t, c in p.counts:
            idf = math.log((n + 1) / (df.get(t, 0) + 1)) + 1.0
            vec[t] = (1.0 + math.log(c)) * idf if c >= 1 else c * idf
        for is_fact, share in ((False, 1.0 - FACT_SHARE), (True, FACT_SHARE)):
            terms = [t for t in vec if _is_fact(t) == is_fact]
            norm = math.sqrt(sum(vec[t] ** 2 for t in terms)) or 1.0
            for t in terms:
                vec[t] *= math.sqrt(share) / norm
        return vec

    # -- candidates and links
    def _keys(self, a: str) -> list[tuple]:
        day = self.profiles[a].day
        week = None if day is None else day // 7
        return [(t, week) for t in self.top[a]]

    def _block(self, a: str) -> None:
        for k in self._keys(a):
            self.blocks[k].add(a)

    def _unblock(self, a: str) -> None:
        if a in self.top:
            for k in self._keys(a):
                self.blocks[k].discard(a)

    def _candidate_links(self, a: str) -> list[tuple[str, float]]:
        day = self.profiles[a].day
        days = [None] if day is None else range(day - STORY_DAYS, day + STORY_DAYS + 1)
        near = [b for d in days for b in self.by_day.get(d, ())]
        if len(near) <= ALL_PAIRS_MAX:  # few reports around: weigh them all
            cands = set(near)
        else:
            weeks = [None] if day is None else range((day - STORY_DAYS) // 7, (day + STORY_DAYS) // 7 + 1)
            cands = set()
            for t in self.top[a]:
                for w in weeks:
                    members = self.blocks.get((t, w), ())
                    if len(members) <= BLOCK_CAP:
                        cands.update(members)
        cands.discard(a)
        out = []
        va = self.vectors[a]
        lead = self.profiles[a].lead
        for b in sorted(cands):
            db = self.profiles[b].day
            if (day is None) != (db is None) or (day is not None and abs(day - db) > STORY_DAYS):
                continue
            if leads_apart(lead, self.profiles[b].lead):
                continue
            s = _cosine(va, self.vectors[b])
            if s >= LINK_FLOOR:
                out.append((b, s))
        return out

    # -- clustering
    def _recluster(self, fresh: set[str]) -> set[str]:
        """Cluster the new reports with the stories they link to (and those stories' members);
        every other story stays as it is."""
        members = set(fresh)
        for a in fresh:
            members.update(self.links.get(a, ()))
        old = {self.story_of[a] for a in members if a in self.story_of}
        for sid in old:
            members.update(self.stories[sid].articles)
            self.stories.pop(sid, None)
        changed = set()
        for group in average_link(sorted(members), self.links):
            st = self._make_story(group)
            if st.id in old:
                old.discard(st.id)
            else:
                changed.add(st.id)
            self.stories[st.id] = st
            for a in st.articles:
                self.story_of[a] = st.id
        return changed | old  # new stories, and the ids of stories that no longer exist

    def _make_story(self, group: list[str]) -> Story:
        arts = sorted(group)
        weights: Counter = Counter()
        for a in arts:
            for t, w in self.vectors[a].items():
                if t.startswith("w:"):
                    weights[t[2:]] += w
        title = [t for t, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TITLE_WORDS]]
        days = sorted(self.profiles[a].day for a in arts if self.profiles[a].day is not None)
        from datetime import date

        iso = lambda d: date.fromordinal(d).isoformat()  # noqa: E731
        return Story(stable_id("story", *arts), arts, title, iso(days[0]) if days else None,
                     iso(days[-1]) if days else None)

    def _forget(self, a: str) -> None:
        p = self.profiles.pop(a)
        self.by_day[p.day].remove(a)
        self.day_df[p.day].subtract(t for t, _ in p.counts)
        self._unblock(a)
        self.vectors.pop(a, None)
        self.top.pop(a, None)


class _Window:
    """Document frequencies over the articles published within DF_WINDOW_DAYS of a day, slid
    along the days in order (each day's counts are added and removed once)."""

    def __init__(self, index: StoryIndex):
        self.index = index
        self.lo: int | None = None
        self.hi: int | None = None
        self.n = 0
        self.df: Counter = Counter()

    def _shift(self, day: int, sign: int) -> None:
        arts = self.index.by_day.get(day)
        if arts:
            self.n += sign * len(arts)
            counts = self.index.day_df[day]
            if sign > 0:
                self.df.update(counts)
            else:
                self.df.subtract(counts)

    def at(self, day: int | None) -> tuple[int, Counter]:
        if day is None:
            return len(self.index.by_day.get(None, ())), self.index.day_df[None]
        lo, hi = day - DF_WINDOW_DAYS, day + DF_WINDOW_DAYS
        if self.lo is None or lo > self.hi or lo < self.lo:
            self.n, self.df = 0, Counter()
            for d in range(lo, hi + 1):
                self._shift(d, +1)
        else:
            for d in range(self.lo, lo):
                self._shift(d, -1)
            for d in range(self.hi + 1, hi + 1):
                self._shift(d, +1)
        self.lo, self.hi = lo, hi
        return self.n, self.df


def _is_fact(term: str) -> bool:
    return not term.startswith(("w:", "lw:"))


def _top_terms(vec: dict[str, float]) -> tuple[str, ...]:
    """The terms to find candidates by: the most distinctive shared words, and the most
    distinctive shared facts (a reprint sharing every word must not hide the place)."""
    ranked = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))
    words = [t for t, _ in ranked if not _is_fact(t)][:TOP_TERMS]
    facts = [t for t, _ in ranked if _is_fact(t)][:TOP_TERMS]
    return tuple(words + facts)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def average_link(nodes: list[str], links: dict[str, dict[str, float]], threshold: float | None = None) -> list[list[str]]:
    """Average-linkage clustering of a sparse similarity graph (a missing link is similarity 0),
    merging the most similar pair of groups while their average similarity is at least `threshold`.
    Deterministic: ties are broken by the groups' smallest member."""
    threshold = LINK_MIN if threshold is None else threshold
    node_set = set(nodes)
    members = {a: [a] for a in nodes}
    sums: dict[str, dict[str, float]] = {a: {b: s for b, s in links.get(a, {}).items() if b in node_set} for a in nodes}
    heap = []
    for a in nodes:
        for b, s in sums[a].items():
            if a < b and s >= threshold:
                heap.append((-s, a, b))
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        avg = sums[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(avg + neg) > 1e-12:
            continue  # stale entry: the groups changed since it was pushed
        keep, drop = (a, b) if a < b else (b, a)
        members[keep].extend(members.pop(drop))
        merged = sums.pop(drop)
        merged.pop(keep, None)
        sums[keep].pop(drop, None)
        for c, s in merged.items():
            sums[c].pop(drop, None)
            sums[keep][c] = sums[keep].get(c, 0.0) + s
            sums[c][keep] = sums[keep][c]
        for c, s in sums[keep].items():
            avg = s / (len(members[keep]) * len(members[c]))
            if avg >= threshold:
                x, y = (keep, c) if keep < c else (c, keep)
                heapq.heappush(heap, (-avg, x, y))
    return sorted((sorted(g) for g in members.values()), key=lambda g: g[0])


def cluster_stories(readings: list[Reading]) -> StoryIndex:
    """Stories of these readings, all at once."""
    index = StoryIndex()
    index.add(readings)
    return index
