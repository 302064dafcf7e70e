"""Agreement and dispute: claims about the same subject, set side by side.

Claims about one subject are split into *sides*: claims whose values can all be true at once
(ranges that overlap — "dozens" and "more than 60"; dates whose intervals overlap; labels in one
group). One side: the outlets agree, and it is an Agreement when at least two independent outlets
(reprints excluded, hedged claims excluded) say so. More than one side: a Dispute listing every
side, even inside one article (a lede and a police officer giving two days).

Subjects: quantities by what they count (head, measure, other words; fuzzy), inside one incident
or across articles; the date of an incident; characterizations of one act. Control (who holds a
place when) is compared in control.py with the same sides machinery.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any

from rapidfuzz import fuzz

from ..geo.names import parse, similarity
from ..model import Agreement, Claim, Dispute, DisputeSide, Incident, PlaceRef, Range, Source, stable_id
from ..nlp.dates import SMALL_NUMBERS
from ..nlp.figures import Vocabulary, about_margin
from .cluster import CLOSE_DAYS, LONGEST_DATE_DAYS, incident_label
from .intervals import Interval, iso_week_key, parse_interval
from .outlets import Outlets
from .words import QuantityKey, event_words, quantity_key, same_counted, vocabulary

__all__ = ["compare", "Side", "range_sides", "date_sides", "label_sides", "verdict", "label_group", "series",
           "rival_days"]

# Quantities outside one incident are one subject only when their other words match this well
# (rapidfuzz token_sort_ratio): stricter than inside an incident, where the happening is shared.
ACROSS_INCIDENTS_MIN_RATIO = 85
# Characterizations of one act: subject words alike this much (token_set_ratio), less inside one incident.
CHARACTERIZATION_MIN_RATIO = 85
CHARACTERIZATION_IN_INCIDENT_MIN_RATIO = 60
# A block (shared subject words) larger than this is compared on its first BLOCK_CAP claims only,
# so that one very common subject cannot make the work quadratic.
BLOCK_CAP = 400


@dataclass
class Side:
    """Claims whose values can all be true together, and what they jointly say."""

    value: Any
    claims: list[Claim]


# ---------------------------------------------------------------- sides of each kind of value

def _bounds(r: Range) -> tuple[float, float]:
    lo = r.low if r.low is not None else (r.best if r.best is not None and r.high is None else -math.inf)
    hi = r.high if r.high is not None else (r.best if r.best is not None and r.low is None else math.inf)
    if r.low is None and r.high is None and r.best is not None:
        lo = hi = r.best
    return lo, hi


def merge_ranges(claims: Sequence[Claim], outlets: Outlets | None = None) -> Range:
    """Compatible figures refine each other: the largest low, the smallest high, the best-supported point."""
    lows, highs = [], []
    figured = any(not _vague(c.value) for c in claims)
    for c in claims:
        lo, hi = _bounds(c.value)
        if _vague(c.value) and figured:
            lo = _as_told(c.value, loose=True)[0]  # 'thousands' beside '1,800': the figure, not 2,000, bounds it
        lows.append(lo)
        highs.append(hi)
    low, high = max(lows), min(highs)
    voices: dict[float, set[str]] = defaultdict(set)
    for c in claims:
        b = c.value.best
        if b is not None and low <= b <= high:
            voices[b].add(outlets.voice(c.article) if outlets else c.article)
    best = max(voices, key=lambda b: (len(voices[b]), b)) if voices else None
    texts = " / ".join(dict.fromkeys(c.value.text for c in claims))
    units = sorted({c.value.unit for c in claims if c.value.unit})
    return Range(None if low == -math.inf else low, best, None if high == math.inf else high, texts,
                 units[0] if units else None)


def _approximate(r: Range) -> bool:
    """'about 450', 'some 450': the reach the reader gives it (figures.about_margin) either side."""
    n = r.best
    if n is None or r.low is None or r.high is None or not r.low < n < r.high:
        return False
    margin = about_margin(n)
    return math.isclose(n - r.low, margin, abs_tol=1) and math.isclose(r.high - n, margin, abs_tol=1)


def _as_told(r: Range, loose: bool = False) -> tuple[float, float]:
    """Bounds for comparing: a round exact figure ('6,000', '200') is a rounding, so it stands for
    half its last place either side (at most a tenth of it): '6,000' and 'more than 6,000' agree.
    An approximate figure against another outlet's is the figure it names, rounded the same way:
    'some 450' and '440' disagree ('about 20' reads 15-25 for matching, not for disputing), while
    'some one million' and '1.1 million' agree (gold of five real sets: Izium's graves a dispute,
    Gaza's evacuees a trap, al-Ahli's 'about 500' against 471 a dispute). A vague word stops
    where the next one takes over: 'hundreds' is under 2,000 ('thousands' starts there), so it
    disputes 'more than 3,500' and agrees with '600' (data: quantities.json vague_below). `loose`:
    below, a vague plural reaches down to one unit, for a figure no other side takes ('thousands fled'
    of 1,800 who fled is loose, not a rival figure; see range_sides)."""
    lo, hi = _bounds(r)
    n = r.best
    if n is None and hi == math.inf and (below := _vague_below().get(" ".join((r.text or "").casefold().split()))):
        return (_half(lo) if loose else lo), below - 1  # "hundreds": under 2,000; loosely from 100 (read: 200)
    if n is None or r.unit == "percent":
        return lo, hi
    if _approximate(r):
        if not float(n).is_integer():
            return n, n
    elif lo != hi or n < 100 or n % 100:
        return lo, hi
    place = 1
    while n % (place * 10) == 0:
        place *= 10
    tol = min(place / 2, n / 10)
    return n - tol, n + tol


def _half(n: float) -> float:
    """Half a vague word's low, kept an integer when it is one (the figure a JSON reader sees)."""
    return n // 2 if isinstance(n, int) else n / 2


@lru_cache(maxsize=1)
def _vague_below() -> dict[str, float]:
    """Vague word -> the figure from which it is no longer said (data: quantities.json vague_below)."""
    table = Vocabulary.load().raw.get("vague_below", {})
    return {k.casefold(): float(v) for k, v in table.items() if isinstance(v, (int, float))}


def range_sides(claims: Sequence[Claim], outlets: Outlets | None = None, slack: float = 0.0) -> list[Side]:
    """Greedy: each figure joins the first side whose joint bounds it overlaps. `slack`: a fraction
    by which each figure may be off and still agree (a running count told at two hours of one day).
    Vague words ('dozens', 'thousands') come after the figures and join the side they fit as told;
    only when none does, one they fit loosely (from one unit: 'thousands' and '1,800'), else their own."""
    groups: list[tuple[list[Claim], float, float]] = []

    def bounds(c: Claim, loose: bool) -> tuple[float, float]:
        lo, hi = _as_told(c.value, loose)
        if slack:
            lo, hi = lo - slack * abs(lo) if lo != -math.inf else lo, hi + slack * abs(hi) if hi != math.inf else hi
        return lo, hi

    for c in sorted(claims, key=lambda c: (_vague(c.value), *_bounds(c.value), c.id)):
        for loose in (False, True) if _vague(c.value) else (False,):
            lo, hi = bounds(c, loose)
            k = next((k for k, (_, glo, ghi) in enumerate(groups) if max(lo, glo) <= min(hi, ghi)), None)
            if k is not None:
                members, glo, ghi = groups[k]
                groups[k] = (members + [c], max(lo, glo), min(hi, ghi))
                break
        else:
            groups.append(([c], *bounds(c, False)))
    return [Side(merge_ranges(m, outlets), m) for m, _, _ in groups]


def _vague(r: Range) -> bool:
    """A vague plural with no figure ('dozens', 'hundreds'; data: quantities.json vague_below)."""
    return r.best is None and r.high is None and " ".join((r.text or "").casefold().split()) in _vague_below()


def date_sides(claims: Sequence[tuple[Claim, Interval]]) -> list[Side]:
    groups: list[tuple[list[Claim], Interval]] = []
    for c, iv in sorted(claims, key=lambda t: (t[1].first, t[1].last, t[0].id)):
        for k, (members, joint) in enumerate(groups):
            both = joint.intersect(iv)
            if both is not None:
                members.append(c)
                groups[k] = (members, both)
                break
        else:
            groups.append(([c], iv))
    return [Side(joint.iso(), m) for m, joint in groups]


@lru_cache(maxsize=1)
def _label_groups() -> dict[str, str]:
    """label → group, from the characterization vocabulary (data/characterizations.json) when present."""
    ref = importlib_resources.files("sitrep") / "data" / "characterizations.json"
    try:
        data = json.loads(ref.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, OSError):
        return {}
    out: dict[str, str] = {}
    acts = data.get("acts", {}) if isinstance(data, dict) else {}
    for act in acts.values():
        for label, variants in (act.get("labels") or {}).items():
            out[label.casefold()] = label.casefold()
            for v in variants:
                if isinstance(v, str):
                    out.setdefault(v.casefold(), label.casefold())
    return out


def label_group(claim: Claim) -> str:
    given = claim.attrs.get("group")
    if isinstance(given, str) and given:
        return given.casefold()
    label = str(claim.value or "").strip().casefold()
    return _label_groups().get(label, label)


def label_sides(claims: Sequence[Claim]) -> list[Side]:
    by_group: dict[str, list[Claim]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: c.id):
        by_group[label_group(c)].append(c)
    sides = []
    for group in sorted(by_group):
        members = by_group[group]
        values = Counter(str(c.value) for c in members)
        sides.append(Side(min(values, key=lambda v: (-values[v], v)), members))
    return sides


# ---------------------------------------------------------------- agreement or dispute

def sources_of(claims: Iterable[Claim]) -> list[Source]:
    """The distinct sources of some claims, in a stable order (a dispute side's speakers)."""
    seen = {(s.kind, s.entity or "", s.description or ""): s for s in (c.source for c in claims)}
    return [seen[k] for k in sorted(seen)]


def _voice(c: Claim) -> tuple:
    """Who says a claim where: its article and its source."""
    s = c.source
    return (c.article, s.kind, s.entity or "", (s.description or "").casefold())


def _two_voices(sides: list[Side]) -> bool:
    """Do two sides hold claims by different voices (another article, or another source in the
    same article)? One source's figures in one report are parts of its account, not a contradiction."""
    return any(_voice(a) != _voice(b) for i, x in enumerate(sides) for y in sides[i + 1:]
               for a in x.claims for b in y.claims)


def verdict(kind: str, subject: str, sides: list[Side], outlets: Outlets, incident: str | None = None,
            place: str | None = None) -> Agreement | Dispute | None:
    """One side said by >= 2 independent outlets (unhedged) → Agreement; several sides said by two
    voices → Dispute."""
    claims = sorted((c for s in sides for c in s.claims), key=lambda c: c.id)
    ids = [c.id for c in claims]
    if len(sides) > 1:
        if not _two_voices(sides):
            return None
        return Dispute(
            id=stable_id("dis", kind, *ids), kind=kind, subject=subject, incident=incident, place=place,
            sides=[DisputeSide(s.value, sorted(c.id for c in s.claims), sources_of(s.claims)) for s in sides],
        )
    if len(sides) == 1 and outlets.independent(c.article for c in claims if not c.hedged) >= 2:
        articles = sorted({c.article for c in claims})
        return Agreement(id=stable_id("agr", kind, *ids), subject=subject, claims=ids, articles=articles,
                         value=sides[0].value, outlets=outlets.names(articles))
    return None


# ---------------------------------------------------------------- grouping claims into subjects

def group_pairs(n: int, keys: Callable[[int], Iterable[Hashable]], same: Callable[[int, int], bool]
                ) -> list[list[int]]:
    """Connected groups of items, comparing only items that share a block key."""
    blocks: dict[Hashable, list[int]] = defaultdict(list)
    for i in range(n):
        for k in keys(i):
            blocks[k].append(i)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for key in sorted(blocks, key=repr):
        members = blocks[key]
        if len(members) > BLOCK_CAP:
            members = members[:BLOCK_CAP]
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = members[x], members[y]
                if find(a) != find(b) and same(a, b):
                    parent[max(find(a), find(b))] = min(find(a), find(b))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    return [g for _, g in sorted(groups.items())]


@dataclass
class _Quantity:
    """A quantity claim read as a frame: what is counted (key), whether it is a running count, over
    which scope (a place, else the country), as of when."""

    claim: Claim
    key: QuantityKey
    date: Interval | None  # the date the claim states
    week: int | None
    when: Interval | None  # the date it states, else its article's publication day
    running: bool  # a running count ("the toll rose to", "so far", "since the fighting began")
    scope: tuple | None  # ("place", id) or ("country", code): where a running count runs
    since: str | None
    total: tuple | None  # the denominator's (low, high) of "X of Y"
    local: bool = False  # its place is a town, a site or a facility (not a country or a province)
    told: Interval | None = None  # its article's publication day
    countries: frozenset[str] = frozenset()  # the countries its article's places lie in
    window: Interval | None = None  # the day it states, else the short date window of its incident (_windows)
    part: str | None = None  # a breakdown's part ("100 soldiers" of a toll of 311): the group it counts


# A count whose own date ended more than this many days before the earliest report of the store tells a
# time past (a year, a month long gone, before anything the reports follow): background, compared with
# no other count. A day the reports follow, retold weeks later ('1,200 killed on <the first day>' in a
# report five weeks on), is news still and is compared. A month, as LONGEST_DATE_DAYS; not tuned.
BACKGROUND_DAYS = LONGEST_DATE_DAYS

# An undated count stands for the days of its incident when that incident is dated to at most this many
# days (a strike, a find, a raid told over a weekend); a longer incident chains several happenings, and
# its count may be any one of them. Not tuned: checked on the five dev sets (no picture changed).
INHERITED_WINDOW_DAYS = 3


def _windows(items: list[_Quantity], incident_dates: dict[str, str | None]) -> None:
    """Each count's window: the day it states, else the date of the incident holding it when that date
    is at most INHERITED_WINDOW_DAYS days (the toll of a shelling told without a day is that shelling's)."""
    for q in items:
        inc = q.claim.incident
        iv = parse_interval(incident_dates.get(inc)) if q.date is None and inc else None
        q.window = q.date or (iv if iv is not None and iv.days <= INHERITED_WINDOW_DAYS else None)


def _quantities(claims: list[Claim], outlets: Outlets, places: dict[str, PlaceRef] | None = None,
                every_part: bool = False, first_told: int | None = None) -> list[_Quantity]:
    """The counts to compare. `every_part`: keep every breakdown's part (a place's share of a day's list).
    `first_told`: the first day of the store's earliest report (_first_told); counts dated over
    BACKGROUND_DAYS before it are background."""
    out = []
    for c in claims:
        if c.kind != "quantity" or not isinstance(c.value, Range) or c.attrs.get("increment") \
                or c.attrs.get("denied") or c.attrs.get("conversion") or c.attrs.get("measure") == "duration" \
                or c.attrs.get("part") and _part_group(c) is None and not every_part:
            continue  # an addition ("four more") or a conversion ("(12 miles)") is no count of the whole, nor a
            # breakdown's part ("including 44 <things>") unless it names a group of people; a duration
            # ("a 72-hour truce") is no count at all
        date = parse_interval(c.date)
        told = parse_interval(outlets.published(c.article))
        if date and first_told is not None and date.last < first_told - BACKGROUND_DAYS:
            continue  # a count of another time ('a cyclone in 2019 killed 600'): background, not news
        if date and date.days > LONGEST_DATE_DAYS:
            date = None
        when = date or told
        out.append(_Quantity(c, quantity_key(c.subject, c.attrs, c.value.unit), date,
                             iso_week_key(when.first) if when else None, when, bool(c.attrs.get("cumulative")),
                             _scope(c, places or {}), c.attrs.get("since"), _total(c),
                             (places or {}).get(c.place or "") is not None
                             and places[c.place].kind not in ("country", "admin1", "admin2", "region"), told,
                             part=_part_group(c) if c.attrs.get("part") else None))
    return out


# sums of money and weights (figures' measures 'money', 'weight'; unit the currency, kg or tonne): a
# place or an incident holds many of them (two donors' pledges, two convoys' loads)
_NAMED_MEASURES = frozenset({"money", "weight"})


def _sums_comparable(a: _Quantity, b: _Quantity) -> bool:
    """A sum of money or a weight is set against another only when both name the same thing it is the
    price or weight of ('money for reconstruction'), in the same currency or unit: two bare sums at one
    town ('$5m' and '$10m' pledged) are two sums, not rival figures."""
    if a.key.measure not in _NAMED_MEASURES and b.key.measure not in _NAMED_MEASURES:
        return True
    return a.key.block == b.key.block and a.key.head not in ("", a.key.measure)


def _first_told(claims: Iterable[Claim], outlets: Outlets) -> int | None:
    """The first day of the earliest report among the claims' articles (None when none is dated)."""
    days = [iv.first for a in sorted({c.article for c in claims})
            if (iv := parse_interval(outlets.published(a))) is not None]
    return min(days, default=None)


# the small numbers dates read, and the hour counts windows are told in
_WINDOW_NUMBERS = {**SMALL_NUMBERS, "single": 1, "twenty-four": 24, "forty-eight": 48, "seventy-two": 72}


def _window_days(text: object) -> int | None:
    """The days a window count reaches back from its report's day ('in the past 24 hours': 1, 'over
    the past two days': 2, 'overnight': 1, 'in the past week': 7); None for a window counted from a
    start ('in the first 48 hours') or not read."""
    words = str(text or "").casefold().split()
    if not words or "first" in words:
        return None
    if "overnight" in words:
        return 1
    n = next((int(w) if w.isdigit() else _WINDOW_NUMBERS[w] for w in words
              if w.isdigit() or w in _WINDOW_NUMBERS), None)
    unit = words[-1]
    if unit == "hours":
        return max(1, math.ceil((n or 1) / 24))
    if unit in ("day", "days"):
        return n or 1
    return 7 if unit == "week" else None


def _part_group(c: Claim) -> str | None:
    """The group of people a running toll's part counts ('100 soldiers' of a toll of 311 so far: troops),
    by which it is set against other voices' running counts of that group; None for a part of a count
    of one happening ('including two peacekeepers' of nine soldiers: a share, not a rival), for
    'people' (anyone: no group of its own) and for things."""
    group = c.attrs.get("group")
    return group if c.attrs.get("cumulative") and isinstance(group, str) and group in _people_classes() \
        and group != "people" else None


def _parts_comparable(a: _Quantity, b: _Quantity) -> bool:
    """A part counts only its own kind of people: it meets a count of that kind ('soldiers' and 'troops'),
    never a count of the class its kind falls in ('1,873 children' and another toll's '4,000 civilians'
    can both be true), nor one of another kind ('children' and 'women')."""
    return not (a.part or b.part) or _kind(a) == _kind(b) != ""


def _scope(c: Claim, places: dict[str, PlaceRef]) -> tuple | None:
    """Where a count runs: the happening it counts ('the toll from the strike rose to 17': its
    incident), else the place its clause names (a country by its code), else the country of the
    article's places."""
    if c.attrs.get("happening"):
        return ("incident", c.incident) if c.incident else None
    ref = places.get(c.place or "")
    if ref is not None and ref.kind != "country":
        return ("place", ref.id)
    code = (ref.country_code if ref is not None else None) or c.attrs.get("country")
    return ("country", code) if code else None


def _total(c: Claim) -> tuple | None:
    t = c.attrs.get("total")
    if not isinstance(t, dict):
        return None
    lo, hi = _bounds(Range.from_dict(t))
    return (lo, hi)


def _group_of(q: _Quantity) -> str:
    """Who is counted. Within one happening 'people' and 'civilians' are one group (the frame's
    words vary between outlets); running counts of civilians and of all people are two series."""
    given = q.claim.attrs.get("group")
    if isinstance(given, str) and given and q.running:
        return given
    return q.key.head


def _same_quantity(a: _Quantity, b: _Quantity) -> bool:
    ca, cb = a.claim, b.claim
    if a.key.block[1:] != b.key.block[1:] or _group_of(a) != _group_of(b):
        return False  # another measure, unit or group
    if ca.attrs.get("window") != cb.attrs.get("window"):
        return False  # "704 in the past 24 hours" counts a day, not a strike nor the war
    if bool(ca.attrs.get("facility")) != bool(cb.attrs.get("facility")) \
            or ca.attrs.get("facility") and not (ca.place and ca.place == cb.place):
        return False  # a hospital's patients are not everyone hurt, nor another hospital's patients
    if (a.local and not cb.place) or (b.local and not ca.place):
        return False  # a town's count and a count that names no place: not known to be one thing
    if a.total and b.total and max(a.total[0], b.total[0]) > min(a.total[1], b.total[1]):
        return False  # "150 of 400 districts" and "150 of 380": different denominators
    if a.running != b.running:
        return False  # a running toll is no count of one happening, nor the other way round
    if a.running:
        # one series: the same scope, from the same start (a count told before the other's start is another series)
        one = a.scope is not None and a.scope == b.scope \
            or bool(ca.attrs.get("happening") and cb.attrs.get("happening") and _one_scene(a, b)) \
            or _held_across(a, b)
        return one and (not (a.since and b.since) or a.since == b.since) \
            and not _before_start(a, b) and not _before_start(b, a) and not _two_kinds(a, b)
    if ca.place and cb.place and ca.place != cb.place:
        return False  # "six deaths in Nyala, nine in El Fasher": two places, two counts
    if a.when and b.when and a.when.gap(b.when) > CLOSE_DAYS:
        return False  # days apart (as dated, or as published): two happenings, whatever incident holds them
    if _told_before(a, b) or _told_before(b, a):
        return False  # a report cannot count what happened after it was published
    if _one_scene(a, b):
        return same_counted(a.key, b.key)  # "killed in the blast at Al-Ahli hospital", told by two reports
    if ca.incident and ca.incident == cb.incident:
        # an incident may chain several happenings the clustering found alike: two of its figures
        # count one happening unless their clauses name two different things struck, two days, or one
        # of them a narrower group ("13 soldiers" and "three Malawian soldiers": a part, not a rival)
        targets = set(_words(ca, "target")), set(_words(cb, "target"))
        return same_counted(a.key, b.key) and not (all(targets) and not targets[0] & targets[1]) \
            and not (a.date and b.date and not a.date.overlaps(b.date) and not (a.key.modifiers and b.key.modifiers)) \
            and bool(a.key.modifiers) == bool(b.key.modifiers)
    if a.key.block != b.key.block:
        return False
    # the days each count is told for: a count in an incident may stand for the incident's days only
    # against a count that no incident holds (two incidents' counts are two happenings' counts)
    wa, wb = (a.date, b.date) if ca.incident and cb.incident else (a.window, b.window)
    if a.local and ca.place == cb.place and wa and wb and wa.gap(wb) <= CLOSE_DAYS \
            and same_counted(a.key, b.key):
        return True  # one town, the same days (as told, or as its incident): one happening told twice
    if a.date and b.date and not a.date.overlaps(b.date):
        # two days: one happening only if it is described distinctively, and the days are close
        if not (a.key.modifiers and b.key.modifiers) or a.date.gap(b.date) > CLOSE_DAYS:
            return False
    if not a.key.modifiers and not b.key.modifiers:
        # a bare "20 people killed" is comparable outside an incident only at one place on one day;
        # in two different incidents it counts two different things
        if ca.incident and cb.incident:
            return False
        return bool(ca.place and ca.place == cb.place and wa and wb and wa.overlaps(wb))
    if not (a.key.modifiers and b.key.modifiers):
        return False
    if not (a.date and b.date) and len(set(a.key.modifiers) & set(b.key.modifiers)) < 2:
        return False  # undated: only a description distinctive in two words ("raid on Tawila") is one happening
    return fuzz.token_sort_ratio(" ".join(a.key.modifiers), " ".join(b.key.modifiers)) >= ACROSS_INCIDENTS_MIN_RATIO


# a running count of people held is told again as families are notified (gaza-2023: 199, 203, 212 within
# a week); two reports' counts a few days apart are one series even when their articles' main countries differ
HELD_ACROSS_DAYS = 3


@lru_cache(maxsize=1)
def _held_measures() -> frozenset[str]:
    """Measures of people held or taken (data: quantities.json held_measures)."""
    return frozenset(Vocabulary.load().raw.get("held_measures", []))


def _held(q: _Quantity) -> bool:
    """A running count of people held or taken (captives, hostages, detainees) with no place of its
    own: its scope is only the country its article is placed in."""
    return q.running and not q.claim.place and not q.claim.attrs.get("happening") \
        and q.scope is not None and q.scope[0] == "country" and q.key.measure in _held_measures()


def _held_across(a: _Quantity, b: _Quantity) -> bool:
    """Are two running counts of people held one series although their articles are placed in two
    countries? Such a count belongs to the conflict, not to the country an article happens to be
    placed in ('raised to 203 hostages' from one side's capital, '203 captives' from the other's):
    one series when both have no place of their own, are told a few days apart, and each
    article names the other's country."""
    return _held(a) and _held(b) and a.when is not None and b.when is not None \
        and a.when.gap(b.when) <= HELD_ACROSS_DAYS \
        and a.scope[1] in b.countries and b.scope[1] in a.countries


def _told_before(a: _Quantity, b: _Quantity) -> bool:
    """Was `b`'s report published before the day `a` names ('nine soldiers have died', published
    on Saturday, and 'three were killed on Monday', told two days later)? Then `b` does not count
    `a`'s happening."""
    return a.date is not None and b.told is not None and b.told.last < a.date.first


def _two_kinds(a: _Quantity, b: _Quantity) -> bool:
    """Do two running counts of one class count two kinds of people ('soldiers' and 'peacekeepers',
    'soldiers' and 'police': both troops, two tolls)? Only words the vocabulary knows say so
    (data: synonyms.json counted); 'casualties' and 'people' may be one toll."""
    known = _counted_kinds()
    ka, kb = _kind(a), _kind(b)
    return ka != kb and ka in known and kb in known


def _kind(q: _Quantity) -> str:
    """The kind of people or things a count's head names, as the vocabulary folds it ('troops': soldier)."""
    v = vocabulary()
    words = v.tokens(q.claim.attrs.get("head") if isinstance(q.claim.attrs.get("head"), str) else None)
    return v.canon_counted(words[-1]) if words else ""


@lru_cache(maxsize=1)
def _counted_kinds() -> frozenset[str]:
    """The kinds of people the vocabulary tells apart (data: synonyms.json counted)."""
    return frozenset(vocabulary().counted.values())


def _before_start(a: _Quantity, b: _Quantity) -> bool:
    """Does `b` stand at a day before the start of `a`'s count ('56 killed since Wednesday' and a
    toll of a year before)?"""
    start = parse_interval(a.since) if a.since else None
    return start is not None and b.when is not None and b.when.last < start.first


def _words(c: Claim, key: str) -> list[str]:
    words = c.attrs.get(key)
    return words if isinstance(words, list) else []


def _one_scene(a: _Quantity, b: _Quantity) -> bool:
    """Two figures whose clauses name the same scene by a proper name ('the blast at Al-Ahli
    hospital' / 'the Al-Ahli hospital attack'): one happening, wherever the clustering put them."""
    return bool(set(_words(a.claim, "scene")) & set(_words(b.claim, "scene")))


def _close_weeks(q: _Quantity) -> list[int | None]:
    """The weeks a count of one happening may be compared in: two such counts more than CLOSE_DAYS
    apart are two happenings (_same_quantity), so each is filed under the weeks of its days and of
    the CLOSE_DAYS after them, and two counts close in time always share one week. Keeps the blocks
    of a subject named all through a war ('people killed in Khartoum') to the counts of its days."""
    if q.when is None:
        return [None]
    return list(range(iso_week_key(q.when.first), iso_week_key(q.when.last + CLOSE_DAYS) + 1))


def _quantity_keys(q: _Quantity) -> list[Hashable]:
    keys: list[Hashable] = []
    if q.claim.incident:
        keys.append(("incident", q.claim.incident, q.key.block[1:]))
    if q.running:
        keys.append(("series", q.key.block[1:], _group_of(q), q.scope))
        if _held(q):
            keys.append(("held", q.key.block[1:], _group_of(q)))  # see _held_across
        if q.claim.attrs.get("happening"):
            keys.extend(("scene", q.key.block[1:], w) for w in _words(q.claim, "scene"))
        return keys
    for week in _close_weeks(q):
        keys.extend(("scene", q.key.block, w, week) for w in _words(q.claim, "scene"))
        if q.key.modifiers:
            keys.extend(("mod", q.key.block, m, week) for m in q.key.modifiers)
        if q.claim.place:
            keys.append(("place", q.key.block, q.claim.place, week))
    if not q.key.modifiers:
        keys.append(("bare", q.key.block, q.week, q.claim.place))  # see _same_quantity
    if (thing_day := _thing_day(q)) is not None:
        keys.append(("day", q.key.block, thing_day[0]))  # see _one_day_things
    return keys


@lru_cache(maxsize=1)
def _people_classes() -> frozenset[str]:
    """The counted classes that are people (data: quantities.json counted_classes, read by the figures vocabulary)."""
    return frozenset(Vocabulary.load().raw.get("counted_classes", {}))


def _thing_day(q: _Quantity) -> tuple[int, bool] | None:
    """The day a count of things (trucks, hospitals, graves; not people) is told for, and whether
    the report names it: its named day, else its article's publication day."""
    head = q.claim.attrs.get("head_class") or q.claim.attrs.get("group")
    if q.running or not isinstance(head, str) or not head or head in _people_classes() or q.key.unit:
        return None
    if q.date is not None:
        named = q.date.days == 1 and q.claim.attrs.get("date_precision") == 1
        return (q.date.first, True) if named else None
    return (q.when.first, False) if q.when is not None and q.when.days == 1 else None


def _one_day_things(a: _Quantity, b: _Quantity, stories: dict[str, str], places: dict[str, PlaceRef]) -> bool:
    """Two reports of one story counting the same things on the same day, at least one of them
    naming it ('the 14 trucks entered on Sunday' / 'Sunday saw the passage of 17 trucks'; 'three
    hospitals hit on 2 December' / 'four hospitals' in a report of that day): one count, wherever
    each places it, unless they name two places. People are not counted so (a town's toll and a
    national one on one day are two counts)."""
    da, db = _thing_day(a), _thing_day(b)
    if da is None or db is None or da[0] != db[0] or not (da[1] or db[1]) or a.claim.article == b.claim.article:
        return False
    story = stories.get(a.claim.article)
    if story is None or story != stories.get(b.claim.article):
        return False
    ca, cb = a.claim, b.claim
    if a.key.block != b.key.block or ca.attrs.get("window") != cb.attrs.get("window"):
        return False
    return not (ca.place and cb.place and not _one_place(places.get(ca.place), places.get(cb.place)))


def _one_act_on_one_target(a: _Quantity, b: _Quantity, stories: dict[str, str], places: dict[str, PlaceRef]) -> bool:
    """Two reports of one story counting the people of one act that is no killing or wounding
    (prisoners freed, people evacuated) at one thing it happened at ('hundreds of detainees escaped
    from the prison' / 'more than 3,500 prisoners freed from the central prison'), within days: one
    count, unless they name two places. Two stories count one act too when both place it at one
    town (the town's fall told in one, its jail opened in another: one jail), and name one scene when
    either names one (a prison named for its founder is not the town's central jail). The thing is named in
    either word ('jail' / 'prison', data: synonyms.json event_terms). A toll is not read so: strikes
    hit one kind of target again and again (three hospitals hit one day, another the next). Made for
    syria-2024 D05 (the prisoners freed at one jail, told in two stories) and checked on the five dev
    sets when it came in; not tuned since."""
    ca, cb = a.claim, b.claim
    if a.running or b.running or ca.article == cb.article or not _counted(a) or not a.key.measure \
            or a.key.measure in _casualty_measures():
        return False
    story = stories.get(ca.article)
    one_town = ca.place is not None and ca.place == cb.place and (places.get(ca.place) is not None
                                                                 and places[ca.place].kind in _TOWN_KINDS)
    one_story = story is not None and story == stories.get(cb.article)
    if not one_town and not one_story:
        return False
    scenes_a, scenes_b = set(ca.attrs.get("scene") or ()), set(cb.attrs.get("scene") or ())
    if not one_story and (scenes_a or scenes_b) and not scenes_a & scenes_b:
        return False  # two stories at one town: one jail only when neither names its scene, or both name one
    if a.key.block != b.key.block or _counted(a) != _counted(b) or ca.attrs.get("window") != cb.attrs.get("window") \
            or bool(ca.attrs.get("facility")) != bool(cb.attrs.get("facility")):
        return False
    terms = vocabulary().terms
    if not {terms.get(w, w) for w in _words(ca, "target")} & {terms.get(w, w) for w in _words(cb, "target")}:
        return False
    if a.when is None or b.when is None or a.when.gap(b.when) > CLOSE_DAYS:
        return False
    return not (ca.place and cb.place and not _one_place(places.get(ca.place), places.get(cb.place)))


@lru_cache(maxsize=1)
def _casualty_measures() -> frozenset[str]:
    """Measures of harm to people (data: quantities.json casualty_measures)."""
    return frozenset(Vocabulary.load().raw.get("casualty_measures", []))


def _one_place(a: PlaceRef | None, b: PlaceRef | None) -> bool:
    """One place, or a province and its town of the same name ('in Idlib': the city or the
    province, which reports do not tell apart)."""
    if a is None or b is None:
        return a is b
    if a.id == b.id:
        return True
    province, town = (a, b) if a.kind == "admin1" else (b, a)
    return province.kind == "admin1" and town.kind not in _COARSE_KINDS and town.kind != "admin2" \
        and province.country_code == town.country_code and province.name.casefold() == town.name.casefold() \
        and (town.admin1 or "").casefold() == province.name.casefold()


def _subject_text(claims: Sequence[Claim]) -> str:
    counts = Counter(c.subject for c in claims)
    return min(counts, key=lambda s: (-counts[s], len(s), s))


def compare_quantities(claims: list[Claim], outlets: Outlets, dated_incidents: set[str],
                       incident_places: dict[str, str | None] | None = None,
                       places: dict[str, PlaceRef] | None = None,
                       stories: dict[str, str] | None = None,
                       incident_dates: dict[str, str | None] | None = None) -> list[Agreement | Dispute]:
    """Figures about one thing, side by side. A running count is a series: its figures are set
    against each other only on the same day, or when a later one is lower than an earlier one
    (a count that keeps running cannot fall); on different days they are the series, not a dispute.
    Counts of one happening are compared whatever day they were told. An incident placed only at a
    country or a province is too coarse to make two articles' counts one happening."""
    first_told = _first_told(claims, outlets)
    items = _quantities(claims, outlets, places, first_told=first_told)
    places = places or {}
    towns = _population_towns(items, places)
    items = [q for q in items if q.claim.id not in towns]  # a town's population is compared on its own (below)
    countries: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        if (ref := places.get(c.place or "")) is not None and ref.country_code:
            countries[c.article].add(ref.country_code)
    for q in items:
        q.countries = frozenset(countries.get(q.claim.article, ()))
    _windows(items, incident_dates or {})
    coarse = {i for i, p in (incident_places or {}).items()
              if p is None or (places.get(p) is not None and places[p].kind in _COARSE_KINDS)}

    def same(i: int, j: int) -> bool:
        a, b = items[i], items[j]
        if not _parts_comparable(a, b) or not _sums_comparable(a, b):
            return False
        if _one_day_things(a, b, stories or {}, places) or _one_act_on_one_target(a, b, stories or {}, places):
            return True
        inc = a.claim.incident
        if not a.running and not b.running and a.claim.article != b.claim.article and not (a.key.modifiers and b.key.modifiers) \
                and not _one_scene(a, b):
            if inc and inc == b.claim.incident and inc in coarse:
                return False
            if _coarse(a.claim.place) and _coarse(b.claim.place):
                return False  # "41 killed in Sudan" and "200 killed in Sudan": no one happening
        if not a.key.measure and a.claim.article != b.claim.article and not (a.key.modifiers and b.key.modifiers):
            return False  # "30 fighters" and "thousands of fighters": nothing says they count one thing
        return _same_quantity(a, b)

    def _coarse(place_id: str | None) -> bool:
        return place_id is not None and places.get(place_id) is not None and places[place_id].kind in _COARSE_KINDS

    out: list[Agreement | Dispute] = []
    groups = group_pairs(len(items), lambda i: _quantity_keys(items[i]), same)
    for group in groups:
        if len(group) < 2:
            continue
        members = [items[i] for i in group]
        group_claims = [q.claim for q in members]
        subject = _subject_text(group_claims)
        incidents = {c.incident for c in group_claims}
        incident = next(iter(incidents)) if len(incidents) == 1 else None
        place_ids = {c.place for c in group_claims if c.place}
        place = next(iter(place_ids)) if len(place_ids) == 1 else None
        if incident is not None and (incident_places or {}).get(incident):
            place = incident_places[incident]  # figures of one happening are about where it happened
        running = _without_unplaced_parts([q for q in members if q.running])
        if len(running) > 1:
            out.extend(_series_verdicts(running, _subject_text([q.claim for q in running]), outlets, incident, place))
        members = [q for q in members if not q.running]  # a running toll is no count of one happening
        if len(members) < 2:
            continue
        group_claims = [q.claim for q in members]
        subject = _subject_text(group_claims)
        value_sides = range_sides(group_claims, outlets)
        if len(value_sides) > 1 and not _direct_conflict(value_sides, group, items, same):
            continue  # the group hangs together through others; no two figures that clash count one thing
        result = verdict("quantity", subject, value_sides, outlets, incident, place)
        if result is not None:
            out.append(result)
        # one happening told with two dates (the same figure, another day): only when no incident
        # already compares its dates; figures that differ too are more likely two happenings
        if incident is None or incident not in dated_incidents:
            dates_of = {q.claim.id: q.date for q in members if q.date and q.key.modifiers and not q.running}
            for side in value_sides:
                same_figure = Counter((c.value.low, c.value.best) for c in side.claims if c.id in dates_of)
                figure = max(same_figure, key=lambda f: (same_figure[f], str(f)), default=None)
                sides = _apart(date_sides([(c, dates_of[c.id]) for c in side.claims
                                           if c.id in dates_of and (c.value.low, c.value.best) == figure]))
                if len(sides) > 1:
                    found = verdict("date", f"date of: {subject}", sides, outlets, incident, place)
                    if found is not None:
                        out.append(found)
    out.extend(_populations(claims, towns, outlets))
    out.extend(_parts_above_wholes(items, outlets, places))
    windowed = _quantities([c for c in claims if c.attrs.get("window")], outlets, places, every_part=True,
                           first_told=first_told)
    out.extend(_happenings_above_windows(items, windowed, outlets))
    return out


_TOWN_KINDS = frozenset({"city", "town", "village"})
# A town named in a population's subject is a known town spelled alike this much (geo.names.similarity
# of the two keys, with one consonant skeleton: 'balakliia' / 'Balakliya' 0.89). Not tuned.
NAME_MIN_SIMILARITY = 0.8


def _population_towns(items: list[_Quantity], places: dict[str, PlaceRef]) -> dict[str, str]:
    """Claim id -> the town whose population it gives ('Dorvana, a town of 53,000'): the one known
    town named after 'of' in its subject ('population of dorvana', in any of its spellings:
    geo.names), which the reading writes only for a figure set beside the town's name; its place
    when that is that town, else (unplaced, or placed at a province the reading took for it) the one
    town so named. A district's or a province's population is no town's ('of dorvana district'). A
    figure with no town in its subject stays out, placed or not: people still there ('some 5,000
    residents remain in Dorvana'), or the people of a time ('120,000 lived there before the war')
    are no standing population to set against 'a city of 70,000'."""
    towns: dict[str, list[tuple[str, PlaceRef]]] = defaultdict(list)  # skeleton -> (key, town)
    for ref in sorted(places.values(), key=lambda r: r.id):
        if ref.kind in _TOWN_KINDS and (name := parse(ref.name)).key:
            towns[name.skeleton].append((name.key, ref))
    out: dict[str, str] = {}
    for q in items:
        c = q.claim
        if c.attrs.get("measure") != "population" or q.running or c.attrs.get("part") or q.total is not None:
            continue
        _, of, name = c.subject.partition(" of ")
        said = parse(name) if of else None
        if said is None or not said.key or said.designator not in (None, *_TOWN_KINDS):
            continue  # no town in its subject: people still there, or of a time, or a district's
        found = {r.id: r for key, r in towns.get(said.skeleton, ()) if similarity(key, said.key) >= NAME_MIN_SIMILARITY}
        ref = places.get(c.place or "")
        if ref is None or ref.id not in found:  # unplaced, or placed at a province of the town's name
            ref = next(iter(found.values())) if len(found) == 1 else None
        if ref is not None:
            out[c.id] = ref.id
    return out


def _populations(claims: list[Claim], towns: dict[str, str], outlets: Outlets) -> list[Agreement | Dispute]:
    """A town's population as each report gives it ('a town of 53,000' / 'a town of about 75,000'):
    a standing figure, so two voices' figures that cannot both be true dispute it whatever day each
    was told on; figures that fit agree."""
    by_town: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.id in towns:
            by_town[towns[c.id]].append(c)
    out: list[Agreement | Dispute] = []
    for town in sorted(by_town):
        told = sorted(by_town[town], key=lambda c: c.id)
        if len(told) > 1:
            found = verdict("quantity", _subject_text(told), range_sides(told, outlets), outlets, None, town)
            if found is not None:
                out.append(found)
    return out


def _without_unplaced_parts(running: list[_Quantity]) -> list[_Quantity]:
    """A running count that names no place, told in one report on the day of a higher count that
    names its place, is a part of it whose narrower scope went unsaid or unread ('at least 178,000
    displaced in the north ... agencies in the northeast estimate 60,000 to 80,000'): it stays out of
    that series, where it would dispute the whole or seem to fall from it."""
    def part(q: _Quantity) -> bool:
        return not q.claim.place and q.when is not None and any(
            w.claim.article == q.claim.article and w.claim.place and w.when is not None
            and w.when.last == q.when.last and _bounds(q.claim.value)[1] < _bounds(w.claim.value)[0]
            for w in running)
    return [q for q in running if not part(q)]


def _within(part: _Quantity, whole: _Quantity, places: dict[str, PlaceRef]) -> bool:
    """Does a running count's scope hold the place of a count of one happening (its own place, or
    the country the place lies in)?"""
    ref = places.get(part.claim.place or "")
    if ref is None or whole.scope is None:
        return False
    return whole.scope == ("place", ref.id) or whole.scope == ("country", ref.country_code)


def _counted(q: _Quantity) -> str | None:
    """The people a toll counts ('civilians'), by the group its clause names; None for counts of
    things or areas ('km2 retaken', told as 'confirmed' or in all by turns: no whole bounds them)."""
    group = q.claim.attrs.get("group") or q.claim.attrs.get("head_class")
    return group if isinstance(group, str) and group in _people_classes() and not q.key.unit else None


def _parts_above_wholes(items: list[_Quantity], outlets: Outlets, places: dict[str, PlaceRef]) -> list[Dispute]:
    """A running count is no count of one happening (_same_quantity), but it bounds one: the toll of
    a happening at a place cannot exceed another voice's running toll of that place or its country,
    told the same day or later ('over 370 civilians killed in the city' against '111 civilians
    killed in the country so far', both told that day). A part above its whole is a dispute.
    Tuned on the five dev sets (syria-2024 D07 found; no trap, no unbacked dispute added)."""
    out: list[Dispute] = []
    # the whole names its place (a scope guessed from the article's country may be a town's toll); the
    # part is a town's or a site's (a count 'in the country' is itself a whole)
    wholes: dict[tuple, list[_Quantity]] = defaultdict(list)  # by what they count: no part meets every whole
    for w in items:
        if w.running and not w.part and w.when is not None and w.total is None and _counted(w) and w.claim.place \
                and not w.claim.attrs.get("happening"):
            wholes[(w.key.block[1:], _counted(w))].append(w)
    for p in items:
        if p.running or p.when is None or p.total is not None or not p.local or not _counted(p):
            continue
        for w in wholes.get((p.key.block[1:], _counted(p)), ()):
            pc, wc = p.claim, w.claim
            if pc.article == wc.article or pc.attrs.get("window") != wc.attrs.get("window") or bool(pc.attrs.get("facility")) \
                    or bool(wc.attrs.get("facility")) or not _within(p, w, places) or _before_start(w, p):
                continue
            if w.when.last < p.when.first or w.when.first - p.when.last > CLOSE_DAYS:
                continue  # a whole told before the part may have grown since; days later, another count
            if _bounds(pc.value)[0] <= _bounds(wc.value)[1]:
                continue
            sides = range_sides([pc, wc], outlets)
            if len(sides) > 1:
                found = verdict("quantity", pc.subject, sides, outlets, None, pc.place)
                if isinstance(found, Dispute):
                    out.append(found)
    return out


def _happenings_above_windows(items: list[_Quantity], windowed: list[_Quantity], outlets: Outlets
                              ) -> list[Dispute]:
    """A count over a trailing window at a town ('11 killed in Khan Younis in the past 24 hours', also one
    place's line of a list of places) holds every happening at that town in the window: another voice's
    count of one happening there, told for a day inside the window, cannot exceed it ('23 killed in the
    night in Khan Younis', told the same day). A happening above the window's count is a dispute. Tuned
    on the five dev sets (gaza-2023 D05 found)."""
    out: list[Dispute] = []
    for w in windowed:
        days = _window_days(w.claim.attrs.get("window"))
        if days is None or w.running or not w.local or w.total is not None or not _counted(w) or w.when is None \
                or w.claim.attrs.get("facility"):
            continue
        end = w.when.last
        for h in items:
            hc, wc = h.claim, w.claim
            if h.running or h.part or hc.attrs.get("window") or hc.attrs.get("facility") or h.total is not None \
                    or hc.article == wc.article or hc.place != wc.place or h.when is None \
                    or h.key.block[1:] != w.key.block[1:] or _counted(w) not in (_counted(h), "people"):
                continue
            if h.when.first < end - days or h.when.last > end:
                continue  # told for a day outside the window (which takes in the day before: "the past
                # 24 hours" told on Tuesday reaches into Monday)
            if _bounds(hc.value)[0] <= _bounds(wc.value)[1]:
                continue
            window = " ".join(str(wc.attrs["window"]).split())
            found = verdict("quantity", f"{wc.subject}: {hc.value.text} in one happening, {wc.value.text} {window}",
                            range_sides([hc, wc], outlets), outlets, None, wc.place)
            if isinstance(found, Dispute):
                out.append(found)
    return out


def _apart(sides: list[Side]) -> list[Side]:
    """Days of one figure that contradict each other: not the next day. A toll of fighting that
    ran over days is told as of its last day ('killed on Thursday', 'as of Friday, nine had been
    killed'): two named days that touch are one count's days, and one side. A day against a span
    ('on Monday' / 'last week') still contradicts."""
    if len(sides) < 2:
        return sides
    ivs = [parse_interval(s.value) for s in sides]
    if any(iv is None for iv in ivs):
        return sides
    out: list[tuple[Interval, list[Claim]]] = []
    for iv, side in sorted(zip(ivs, sides), key=lambda t: (t[0].first, t[0].last)):
        if out and iv.days == 1 and out[-1][0].days == 1 and iv.first - out[-1][0].last <= 1:
            out[-1] = (Interval(out[-1][0].first, max(out[-1][0].last, iv.last)), out[-1][1] + side.claims)
        else:
            out.append((iv, list(side.claims)))
    return [Side(iv.iso(), claims) for iv, claims in out]


def _direct_conflict(sides: list[Side], group: list[int], items: list[_Quantity], same) -> bool:
    """Two figures on two sides, told by two voices, that are themselves comparable (not only through
    a third figure linked to each: a town's count, an unplaced count, another town's count; nor one
    voice's two figures, which are parts of its account; nor a part of a happening below its whole)."""
    index = {items[i].claim.id: i for i in group}

    def part(a: Claim, b: Claim) -> bool:
        return _a_part(items[index[a.id]], items[index[b.id]]) or _a_part(items[index[b.id]], items[index[a.id]])

    return any(_rival_voices(a, b) and same(index[a.id], index[b.id]) and not part(a, b)
               for x, one in enumerate(sides)
               for other in sides[x + 1:] if not _days_apart(one, other, items, index)
               for a in one.claims for b in other.claims)


def _a_part(a: _Quantity, b: _Quantity) -> bool:
    """Is `a` the toll of one part of the happening `b` counts whole in a vague word: a figure whose
    clause names a thing struck that `b`'s names none of, below it ('seven killed in the ambush on
    the convoy' / 'dozens killed in the attack')? A part below its whole is no rival; above it, it is.
    Two figures are not read so ('wounding 14 in the strike on the district' / 'more than 20 wounded
    in the strike' clash: outlets name the thing struck or not as they please)."""
    ta, tb = set(_words(a.claim, "target")), set(_words(b.claim, "target"))
    return bool(ta) and not tb and _vague(b.claim.value) and not _vague(a.claim.value) \
        and _counted(a) is not None and _counted(b) is not None \
        and _bounds(a.claim.value)[1] < _bounds(b.claim.value)[0]


def _rival_voices(a: Claim, b: Claim) -> bool:
    """Can two figures contradict each other by who tells them? Not one voice's two figures, and
    not, in one report, the outlet's own figure against its named source's: the outlet relays its
    sources, so its own figure beside a source's is a part or a sum told on ('three civilians
    killed, the rescuers said; two died when the ward's power failed'). Two named sources of one
    report can disagree. Across the five dev sets this only drops syria's one unbacked 'two'
    against 'three'."""
    if _voice(a) == _voice(b):
        return False
    return a.article != b.article or (a.source.kind != "article" and b.source.kind != "article")


def _days_apart(one: Side, other: Side, items: list[_Quantity], index: dict[str, int]) -> bool:
    """Do two figures count the happenings of different days? Each side's figure is told with the
    days its claims name ('three killed on Monday' / 'nine killed on Thursday', 'as of Friday');
    when both sides name days and every day of one is more than a day from every day of the other,
    they are two happenings, and an undated report of either figure is that figure's, not a rival.
    A day apart is not enough: a figure is often dated by the day it was given ('said in a statement
    on Wednesday' of Tuesday's shelling)."""
    days = [[d for c in side.claims if (d := items[index[c.id]].date) is not None and d.days == 1]
            for side in (one, other)]
    return all(days) and all(a.gap(b) > 1 for a in days[0] for b in days[1])


def series(claims: Sequence[Claim], outlets: Outlets) -> list[tuple[str, Claim]]:
    """A running count's figures in order: (the day it stood at, claim), by day then figure."""
    dated = []
    for c in claims:
        when = parse_interval(c.date) or parse_interval(outlets.published(c.article))
        day = Interval(when.last, when.last).iso() if when else ""
        dated.append((day, c))
    return sorted(dated, key=lambda t: (t[0], _bounds(t[1].value), t[1].id))


# A running count told twice on one day (morning and evening, or a day-old figure in a report dated
# the next day) may differ by a day's rise: figures within this fraction of each other agree. Tuned on
# the dev sets' running tolls: a daily rise of 5-10% (Gaza 4,651 -> "more than 5,000") is a series;
# "nearly 300" against "at least 413" (Sudan, one day) is not.
SAME_DAY_SLACK = 0.05

# A running count said later to stand below this share of an earlier figure has not fallen: it is a
# count of something narrower (a region of the country, one group), told by the same kind of counter
# (a West Bank ministry's 1,828 wounded after a Gaza ministry's 12,493). Corrections that large are
# rare; tuned on the five dev sets' falls (Sudan's 180 -> 174 a dispute, Gaza's the other count).
FALL_MIN_SHARE = 0.5

# Places too coarse to tie two reports' counts to one happening.
_COARSE_KINDS = frozenset({"country", "admin1", "region"})

# Words that name no one in particular: two sources sharing only these are not one counter.
_GENERIC_SOURCE_WORDS = frozenset("the a an of for and in on to its their his her statement report reports "
                                  "official officials source sources spokesman spokesperson spokeswoman "
                                  "local state national said".split())


def same_counter(a: Source, b: Source) -> bool:
    """Two sources that are one counter: the same entity, or names sharing a distinctive word
    ('Sudanese Doctors Union' and 'the doctors' union'). The article's own voice counts nothing."""
    if a.kind == "article" or b.kind == "article":
        return False
    if a.entity and a.entity == b.entity:
        return True
    def words(s: Source) -> set[str]:
        text = (s.description or "").casefold().replace("’", "'").replace("'s", "").replace("'", "")
        return {w.rstrip("s") for w in text.replace("(", " ").replace(")", " ").split()} - _GENERIC_SOURCE_WORDS
    return bool(words(a) & words(b))


def _series_verdicts(members: list[_Quantity], subject: str, outlets: Outlets, incident: str | None,
                     place: str | None) -> list[Agreement | Dispute]:
    """Per day, the figures of that day (agree or dispute); across days, a later figure whose high is
    below an earlier figure's low (the count fell: both cannot be true)."""
    out: list[Agreement | Dispute] = []
    by_day: dict[int, list[Claim]] = defaultdict(list)
    of = {q.claim.id: q for q in members}
    for q in members:
        if q.when is not None:
            by_day[q.when.last].append(q.claim)
    for day in sorted(by_day):
        on_day = by_day[day]
        if len(on_day) < 2:
            continue
        on = Interval(day, day).iso()
        result = verdict("quantity", f"{subject} as of {on}", range_sides(on_day, outlets, SAME_DAY_SLACK), outlets,
                         incident, place)
        if result is not None:
            out.append(result)
    days = sorted(by_day)
    highest = -math.inf  # the highest low before the day: a figure above it fell from nothing
    for i, late in enumerate(days):
        for b in by_day[late] if i else ():
            # the latest earlier figure of the same counter above this one: one fall per figure,
            # not one per pair of days (a long series with one low figure is one dispute)
            _, hi_b = _bounds(b.value)
            if hi_b >= highest:
                continue
            fell = next(((early, a) for early in reversed(days[:i]) for a in by_day[early]
                         if FALL_MIN_SHARE * _bounds(a.value)[0] <= hi_b < _bounds(a.value)[0]
                         and same_counter(a.source, b.source)
                         and not _before_start(of[a.id], of[b.id]) and not _before_start(of[b.id], of[a.id])), None)
            if fell is None:
                continue
            early, a = fell
            sides = [Side(a.value, [a]), Side(b.value, [b])]
            when = f"{Interval(early, early).iso()} → {Interval(late, late).iso()}"
            out.append(verdict("quantity", f"{subject}: fell from {a.value.text} to {b.value.text} ({when})",
                               sides, outlets, incident, place))
        highest = max([highest, *(_bounds(a.value)[0] for a in by_day[late])])
    out.extend(_changed_after_told(members, subject, outlets, incident, place))
    return out


def _changed_after_told(members: list[_Quantity], subject: str, outlets: Outlets, incident: str | None,
                        place: str | None) -> list[Agreement | Dispute]:
    """A count said to have changed to a figure on a day ('the tally went up to 95 on Monday') while
    another report already told that figure on an earlier day: two dates for one change, even a day
    apart (a count that stands over days is dated by its last day, but it changes on one)."""
    out: list[Agreement | Dispute] = []
    for b in members:
        if not b.claim.attrs.get("changed") or b.date is None or b.date.days != 1:
            continue
        earlier = [a for a in members if a.claim.article != b.claim.article and a.date is not None
                   and a.date.days == 1 and a.date.last < b.date.first and not a.claim.attrs.get("changed")
                   and _bounds(a.claim.value) == _bounds(b.claim.value)]
        if earlier:
            sides = date_sides([(a.claim, a.date) for a in earlier] + [(b.claim, b.date)])
            found = verdict("date", f"day {subject} became {b.claim.value.text}", sides, outlets, incident, place)
            if found is not None:
                out.append(found)
    return out


def compare_incident_dates(claims: list[Claim], incidents: list[Incident], places: dict[str, PlaceRef],
                           outlets: Outlets) -> tuple[list[Agreement | Dispute], set[str]]:
    """The dates each article gives one incident (its event claims), compared."""
    labels = _whats(claims)
    by_incident: dict[str, list[tuple[Claim, Interval]]] = defaultdict(list)
    for c in claims:
        if c.kind != "event" or not c.incident:
            continue
        iv = parse_interval(c.date or (c.value if isinstance(c.value, str) else None))
        if iv is not None and iv.days <= LONGEST_DATE_DAYS:
            by_incident[c.incident].append((c, iv))
    known = {i.id: i for i in incidents}
    out = []
    compared = set()
    for inc_id in sorted(by_incident):
        inc = known.get(inc_id)
        where = places.get(inc.place) if inc is not None and inc.place else None
        if where is None or where.kind in _COARSE_KINDS:
            continue  # "the war in Sudan" has no one date
        compared.add(inc_id)
        dated = [(c, iv) for c, iv in by_incident[inc_id] if iv.days == 1]  # a vague date contradicts no day
        subject = "date of " + (incident_label(inc, places, labels.get(inc_id)) if inc else inc_id)
        sides = date_sides(dated)
        if len(sides) > 1:  # days that differ contradict each other only for one act at one place
            acts: dict[tuple, list[tuple[Claim, Interval]]] = defaultdict(list)
            for c, iv in dated:
                if _one_act(c) and c.attrs.get("date_precision", 1) == 1:  # a day the report names, not its own
                    acts[(c.subject, c.place)].append((c, iv))
            groups = [date_sides(told) for k in sorted(acts, key=repr) if len(told := rival_days(acts[k])) > 1]
        else:
            groups = [sides] if len(dated) > 1 else []
        for group in groups:
            result = verdict("date", subject, group, outlets, inc_id, inc.place if inc else None)
            if result is not None:
                out.append(result)
    return out, compared


# Violence that goes on for days at one place: clashes, strikes, shelling, attacks, arrests, looting,
# protests. An incident of such events chains several days, so two reports giving it two days do not
# contradict each other, unless both name one target beyond the kind of violence ("a missile hit the
# printing house"). Other acts (a town taken, a withdrawal, a prison break, an agreement) happen once.
_RECURRING_TYPES = frozenset({"Battles|Armed clash", "Explosions/Remote violence|*", "Violence against civilians|*",
                              "Protests|*", "Riots|*", "Strategic developments|Arrests",
                              "Strategic developments|Looting/property destruction"})


def _one_act(c: Claim) -> bool:
    """Is this event claim about one act with one day (see _RECURRING_TYPES)? An entry ('rebels
    entered the suburbs', 'the trucks entered through the crossing') is none: it is a stage of an
    advance, told again as units or convoys come in (data: control_cues.json entry_verbs)."""
    if str(c.attrs.get("trigger") or "").casefold() in _entry_verbs():
        return False
    sub_type = c.subject.split("@")[0]
    type_ = c.attrs.get("type") or _type_of().get(sub_type)
    recurring = f"{type_}|{sub_type}" in _RECURRING_TYPES or f"{type_}|*" in _RECURRING_TYPES
    return not recurring or str(c.attrs.get("what") or "") not in _generic_whats()


@lru_cache(maxsize=1)
def _entry_verbs() -> frozenset[str]:
    from ..events.control import load_cues

    return load_cues().entry_verbs


def rival_days(told: list[tuple[Claim, Interval]], stages: bool = False) -> list[tuple[Claim, Interval]]:
    """The days of one act that can be rivals. A place is taken in stages (an airport outside the
    city one day, its centre the next): an article that itself tells a takeover of the place on two
    days narrates those stages, and its days are set aside. Other acts keep every day (a lede and a
    witness giving a jailbreak two days do contradict each other). `stages`: the act is a takeover
    whatever its claims' subjects say."""
    if not stages and not any("territory" in c.subject.split("@")[0].casefold() for c, _ in told):
        return told
    days: dict[str, set[int]] = defaultdict(set)
    for c, iv in told:
        days[c.article].add(iv.first)
    return [(c, iv) for c, iv in told if len(days[c.article]) == 1]


@lru_cache(maxsize=1)
def _generic_whats() -> frozenset[str]:
    """The names the event detector gives a kind of happening ('clash', 'air strike'): they say what
    kind of violence, not which strike."""
    from ..events.taxonomy import load_taxonomy

    return frozenset(r.what for r in load_taxonomy().rules)


@lru_cache(maxsize=1)
def _type_of() -> dict[str, str]:
    """ACLED sub-type -> its event type (each sub-type belongs to one type)."""
    from ..events.taxonomy import load_taxonomy

    return {sub: type_ for type_, subs in load_taxonomy().types.items() for sub in subs}


def _whats(claims: list[Claim]) -> dict[str, str]:
    """Per incident, what its event claims say happened (the detector's words), most common first."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for c in claims:
        if c.kind == "event" and c.incident and isinstance(c.attrs.get("what"), str):
            counts[c.incident][c.attrs["what"]] += 1
    return {i: min(n, key=lambda w: (-n[w], w)) for i, n in counts.items()}


def compare_characterizations(claims: list[Claim], outlets: Outlets) -> list[Agreement | Dispute]:
    items = sorted((c for c in claims if c.kind == "characterization" and c.value), key=lambda c: c.id)
    words = [event_words(c.subject) or frozenset([c.subject.casefold()]) for c in items]

    def same(i: int, j: int) -> bool:
        a, b = items[i], items[j]
        if a.attrs.get("act") and b.attrs.get("act") and a.attrs["act"] != b.attrs["act"]:
            return False
        if a.place and b.place and a.place != b.place:
            return False  # the takeover of one town is not the takeover of another
        agents = (a.attrs.get("agent"), b.attrs.get("agent"))
        if all(agents) and not set(agents[0].split()) & set(agents[1].split()):
            return False  # "the Russian occupation" and "liberated by Ukrainian troops": two acts
        if not all(agents) and _known_by_place(a.attrs.get("act")):
            return False  # a place is taken, held and retaken: without the taker on both sides, two acts may be told
        limit = (CHARACTERIZATION_IN_INCIDENT_MIN_RATIO if a.incident and a.incident == b.incident
                 else CHARACTERIZATION_MIN_RATIO)
        return fuzz.token_set_ratio(a.subject.casefold(), b.subject.casefold()) >= limit

    out = []
    for group in group_pairs(len(items), lambda i: sorted(words[i]), same):
        if len(group) < 2:
            continue
        members = _one_label_per_speaker([items[i] for i in group])
        if len(members) < 2:
            continue
        incidents = {c.incident for c in members}
        result = verdict("characterization", _subject_text(members), label_sides(members), outlets,
                         next(iter(incidents)) if len(incidents) == 1 else None,
                         members[0].place if len({c.place for c in members}) == 1 else None)
        if result is not None:
            out.append(result)
    return out


def _known_by_place(act: object) -> bool:
    """An act known by its place (a takeover): the place sees several of them over time."""
    from ..events.characterize import load_acts

    return isinstance(act, str) and any(a.name == act and a.about_place for a in load_acts())


def _one_label_per_speaker(claims: list[Claim]) -> list[Claim]:
    """A speaker who gives one act labels of two groups ('liberated the town from occupation') is
    describing two acts, not contradicting anyone: their labels are set aside."""
    groups: dict[tuple, set[str]] = defaultdict(set)
    for c in claims:
        groups[(c.source.kind, c.source.entity or "", (c.source.description or "").casefold())].add(label_group(c))
    return [c for c in claims
            if len(groups[(c.source.kind, c.source.entity or "", (c.source.description or "").casefold())]) == 1]


def compare(claims: list[Claim], incidents: list[Incident], places: dict[str, PlaceRef], outlets: Outlets,
            stories: dict[str, str] | None = None) -> tuple[list[Agreement], list[Dispute]]:
    """Every agreement and dispute among quantity, date and characterization claims. `stories`:
    article id -> its story (what it reports), when known."""
    claims = sorted(claims, key=lambda c: (c.article, c.start, c.end, c.id))
    dates, dated_incidents = compare_incident_dates(claims, incidents, places, outlets)
    incident_places = {i.id: i.place for i in incidents}
    results = (dates + compare_quantities(claims, outlets, dated_incidents, incident_places, places, stories,
                                          {i.id: i.date for i in incidents})
               + compare_characterizations(claims, outlets))
    agreements = sorted((r for r in results if isinstance(r, Agreement)), key=lambda a: a.id)
    disputes = sorted((r for r in results if isinstance(r, Dispute)), key=lambda d: d.id)
    return agreements, disputes
