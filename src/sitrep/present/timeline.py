"""The timeline of a situation, shared by brief.html and the web app: one lane per event type, plus
control claims and publication dates.

The time axis is set by what is known to the day (dated incidents, control dates, publication
dates), never by date ranges: a month-long "since May" would otherwise push the real events into a
third of the width. A range reaching outside the axis is drawn to its edge, open-ended. Quiet
stretches longer than BREAK_DAYS are cut out of the axis and marked with a break, so reports decades
apart (a 1992 background piece beside 2020 news) each keep a readable stretch of axis.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as Date

from .maps import OTHER_COLOUR, TYPE_COLOURS

__all__ = ["TimelineView", "TimelineMark", "Segment", "build_timeline", "parse_days", "axis"]

LANE_HEIGHT = 30
LEFT = 190  # lane titles
RIGHT = 30
# A quiet stretch longer than this (days) is cut from the axis. Tuned on the dev sets: a war's
# coverage has lulls of a few weeks that should stay visible; months of nothing should not.
BREAK_DAYS = 45
BREAK_PX = 22
MIN_SEGMENT_PX = 80
MIN_TICK_PX = 64
OPEN_STUB_PX = 14  # a range wholly outside the axis: a stub this long at the edge


@dataclass
class TimelineMark:
    x: float
    x2: float  # == x for a day; wider for a date interval
    lane: int
    colour: str
    title: str
    ev: str = ""
    shape: str = "dot"  # dot, bar, tick, diamond
    href: str = ""
    open_left: bool = False  # the range began before the axis
    open_right: bool = False


@dataclass
class Segment:
    x0: float
    x1: float
    first: str  # ISO date at x0
    last: str  # ISO date at x1


@dataclass
class TimelineView:
    width: int
    height: int
    left: int
    lanes: list[str]
    ticks: list[tuple[float, str]]
    marks: list[TimelineMark]
    undated: int
    segments: list[Segment]
    breaks: list[float]  # x of each cut in the axis

    @property
    def scale(self) -> str:
        """The axis as "x:date" pairs, for the page's script to turn a dragged span into dates."""
        return " ".join(f"{s.x0:g}:{s.first} {s.x1:g}:{s.last}" for s in self.segments)


def parse_days(d: str | None) -> tuple[int, int] | None:
    """ISO date or interval → (first day, last day) as ordinals; None when absent or malformed."""
    if not d:
        return None
    try:
        parts = [Date.fromisoformat(p).toordinal() for p in d.split("/")[:2]]
    except ValueError:
        return None
    return min(parts), max(parts)


def axis(anchors: list[int], x0: float, x1: float) -> tuple[list[tuple[int, int, float, float]], Callable[[float], float]]:
    """Segments (first day, last day, x0, x1) covering the anchor days, cut at quiet stretches longer
    than BREAK_DAYS, and the monotone day → x function (clamped at both ends)."""
    days = sorted(set(anchors))
    runs: list[list[int]] = [[days[0], days[0]]]
    for d in days[1:]:
        if d - runs[-1][1] > BREAK_DAYS:
            runs.append([d, d])
        else:
            runs[-1][1] = d
    spans = [(a - 1, b + 1) for a, b in runs]  # a day of margin on each side
    avail = (x1 - x0) - BREAK_PX * (len(spans) - 1)
    widths = _widths([b - a for a, b in spans], avail)
    segs, x = [], x0
    for (a, b), w in zip(spans, widths):
        segs.append((a, b, round(x, 1), round(x + w, 1)))
        x += w + BREAK_PX
    knots = sorted([(a, sx0) for a, _, sx0, _ in segs] + [(b, sx1) for _, b, _, sx1 in segs])

    def x_of(day: float) -> float:
        if day <= knots[0][0]:
            return knots[0][1]
        for (d0, p0), (d1, p1) in zip(knots, knots[1:]):
            if day <= d1:
                return round(p0 + (day - d0) / (d1 - d0) * (p1 - p0), 1) if d1 > d0 else p1
        return knots[-1][1]

    return segs, x_of


def _widths(spans: list[int], avail: float) -> list[float]:
    """Widths proportional to the days spanned, none under MIN_SEGMENT_PX (when that fits)."""
    n = len(spans)
    floor = min(MIN_SEGMENT_PX, avail / n)
    widths = [floor] * n
    rest = avail - floor * n
    total = sum(spans) or 1
    return [w + rest * s / total for w, s in zip(widths, spans)]


def _ticks(segs, x_of) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    for a, b, sx0, sx1 in segs:
        per_day = (sx1 - sx0) / max(b - a, 1)
        step = _tick_step(MIN_TICK_PX / per_day)
        if step >= 365:
            years = range(Date.fromordinal(a).year + 1, Date.fromordinal(b).year + 1)
            marks = [(Date(y, 1, 1).toordinal(), str(y)) for y in years if y % (step // 365) == 0]
        elif step >= 28:
            marks = [(d.toordinal(), d.isoformat()[:7]) for d in _month_starts(a, b, step // 28)]
        else:
            first = a + 1
            marks = [(d, Date.fromordinal(d).isoformat()) for d in range(first, b, step)]
        for d, text in marks:
            x = x_of(d)
            if not out or x - out[-1][0] >= MIN_TICK_PX:
                out.append((x, text))
    return out


def _tick_step(min_days: float) -> int:
    for s in (1, 2, 7, 14, 28, 56, 84, 168):
        if s >= min_days:
            return s
    return 365 * max(1, math.ceil(min_days / 365))


def _month_starts(a: int, b: int, every: int):
    d = Date.fromordinal(a)
    y, m = d.year, d.month + 1
    while True:
        if m > 12:
            y, m = y + 1, 1
        first = Date(y, m, 1)
        if first.toordinal() > b:
            return
        if (m - 1) % every == 0:
            yield first
        m += 1


def build_timeline(situation: dict, ix, incidents: list[dict] | None = None, link: Callable[[str], str] | None = None,
                   width: int = 760) -> TimelineView | None:
    incidents = situation.get("incidents", []) if incidents is None else incidents
    href = link or (lambda _id: "")
    types = [t for t in TYPE_COLOURS if any(i.get("type") == t for i in incidents)]
    types += sorted({i.get("type", "") for i in incidents} - set(types))
    lanes = types + ["Control claims", "Reports published"]
    items = []  # (days, lane, colour, title, ev, shape, href)
    undated = 0
    for inc in sorted(incidents, key=lambda i: (i.get("date") or "9999", i["id"])):
        days = parse_days(inc.get("date"))
        if not days:
            undated += 1
            continue
        evs = sorted((ix.events[e] for e in inc.get("events", []) if e in ix.events), key=lambda e: (e["article"], e["start"]))
        ev = ix.cite_event(evs[0]).ev if evs else ""
        title = f"{inc.get('date')} · {inc.get('sub_type')} · {ix.place_name(inc.get('place'))}"
        items.append((days, types.index(inc.get("type", "")), TYPE_COLOURS.get(inc.get("type", ""), OTHER_COLOUR), title, ev,
                      "bar" if days[0] != days[1] else "dot", href(inc["id"])))
    for c in situation.get("control", []):
        days = parse_days(c.get("from")) or parse_days(next((ix.claims[i].get("date") for i in c.get("claims", [])
                                                            if i in ix.claims and ix.claims[i].get("date")), None))
        if not days:
            continue
        days = (days[0], days[0])
        ev = ix.cite_claim(ix.claims[c["claims"][0]]).ev if c.get("claims") and c["claims"][0] in ix.claims else ""
        colour = "#1b2631" if c.get("status") == "disputed" else "#5d6d7e"
        items.append((days, len(types), colour, f"{c.get('holder')} holds {ix.place_name(c['place'])} ({c.get('status')})",
                      ev, "diamond", ""))
    for a in situation.get("articles", []):
        days = parse_days(a.get("published"))
        if days:
            items.append((days, len(types) + 1, "#5d6d7e", f"{a.get('published')} · {a.get('outlet') or ''}: {a.get('title') or ''}",
                          "", "tick", ""))
    if not items:
        return None
    anchors = [d[0][0] for d in items if d[0][0] == d[0][1]] or [x for d in items for x in d[0]]
    segs, x_of = axis(anchors, LEFT, width - RIGHT)
    lo, hi = segs[0][0], segs[-1][1]
    marks = []
    for (d0, d1), lane, colour, title, ev, shape, link_to in sorted(items, key=lambda i: (i[1], i[0], i[3])):
        open_left, open_right = d0 < lo, d1 > hi
        x, x2 = x_of(d0), x_of(d1)
        if shape == "bar" and x2 - x < OPEN_STUB_PX and (open_left or open_right):
            x, x2 = (x, x + OPEN_STUB_PX) if open_left else (x2 - OPEN_STUB_PX, x2)
        marks.append(TimelineMark(x, x2, lane, colour, title, ev, shape, link_to, open_left, open_right))
    segments = [Segment(sx0, sx1, Date.fromordinal(a).isoformat(), Date.fromordinal(b).isoformat()) for a, b, sx0, sx1 in segs]
    breaks = [round((s.x1 + t.x0) / 2, 1) for s, t in zip(segments, segments[1:])]
    return TimelineView(width, 34 + LANE_HEIGHT * len(lanes), LEFT, lanes, _ticks(segs, x_of), marks, undated,
                        segments, breaks)
