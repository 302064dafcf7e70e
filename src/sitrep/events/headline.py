"""The headline as evidence of which happening a report is about.

Cleaning takes the headline out of the body, so the happenings are read from the body alone; a
headline still says which of them is the report's news. Its happenings are read apart, and one
is kept only when the body tells it too: then it is one more mention of that happening (the
headline's own span, the body's place, day and sides, which the headline seldom states), so the
report's own lead outweighs the background it also tells. A happening only the headline tells
opens nothing: the body is where the report says what happened.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Event

__all__ = ["told_in_body"]

# A place at this ACLED precision or coarser (a region, the country) fits any place in it.
AREA_PRECISION = 3


def told_in_body(headline: list[Event], body: list[Event]) -> list[Event]:
    """The headline's happenings that the body also tells, each as a mention of the first body
    happening it can be (same kind; the same place, or a headline placed only at an area or
    nowhere); the rest are dropped. Each body happening takes at most one headline mention."""
    out: list[Event] = []
    taken: set[str] = set()
    lead_first = sorted((b for b in body if not b.attrs.get("history")), key=lambda b: (b.start, b.id))
    for h in sorted(headline, key=lambda e: (e.start, e.id)):
        if h.attrs.get("history"):
            continue
        match = next((b for b in lead_first if b.id not in taken and _same_happening(h, b)), None)
        if match is None:
            continue
        taken.add(match.id)
        out.append(replace(h, date=match.date, date_precision=match.date_precision, place=match.place,
                           place_precision=match.place_precision, actor1=match.actor1, actor2=match.actor2,
                           fatalities=None, attrs={**h.attrs, "headline_of": match.id}))
    return out


def _same_happening(h: Event, b: Event) -> bool:
    if (h.type, h.sub_type) != (b.type, b.sub_type):
        return False
    return h.place is None or h.place == b.place or (h.place_precision or AREA_PRECISION) >= AREA_PRECISION
