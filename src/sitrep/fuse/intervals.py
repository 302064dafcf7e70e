"""Dates as closed day intervals, so that "Monday" and "last week" can be compared.

Claims and events carry ISO dates ("2021-07-05"), ISO intervals ("2021-06-28/2021-07-04"), or
coarser ISO forms ("2021-07", "2021"). All become (first day, last day) as ordinals.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

__all__ = ["Interval", "parse_interval", "iso_week_key"]


@dataclass(frozen=True, order=True)
class Interval:
    first: int  # date.toordinal()
    last: int

    def overlaps(self, other: "Interval") -> bool:
        return self.first <= other.last and other.first <= self.last

    def gap(self, other: "Interval") -> int:
        """Days between the two intervals (0 when they overlap or touch)."""
        if self.overlaps(other):
            return 0
        return max(other.first - self.last, self.first - other.last)

    def intersect(self, other: "Interval") -> "Interval | None":
        first, last = max(self.first, other.first), min(self.last, other.last)
        return Interval(first, last) if first <= last else None

    @property
    def days(self) -> int:
        return self.last - self.first + 1

    def iso(self) -> str:
        a, b = date.fromordinal(self.first).isoformat(), date.fromordinal(self.last).isoformat()
        return a if a == b else f"{a}/{b}"

    def widen(self, before: int, after: int = 0) -> "Interval":
        return Interval(self.first - before, self.last + after)


def _one(text: str, end: bool) -> int | None:
    text = text.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).toordinal()
        if len(text) == 7:  # YYYY-MM
            y, m = int(text[:4]), int(text[5:7])
            day = calendar.monthrange(y, m)[1] if end else 1
            return date(y, m, day).toordinal()
        if len(text) == 4:  # YYYY
            return date(int(text), 12 if end else 1, 31 if end else 1).toordinal()
    except ValueError:
        return None
    return None


def parse_interval(value: str | None) -> Interval | None:
    """ISO date or interval → Interval; anything unreadable → None (treated as an unknown date)."""
    if not value or not isinstance(value, str):
        return None
    if "/" in value:
        a, _, b = value.partition("/")
        first, last = _one(a, False), _one(b, True)
    else:
        first, last = _one(value, False), _one(value, True)
    if first is None or last is None or first > last:
        return None
    return Interval(first, last)


def iso_week_key(ordinal: int) -> int:
    """A week number counted from a fixed Monday: consecutive weeks differ by one (blocking)."""
    return (ordinal - 1) // 7  # ordinal 1 is Monday 0001-01-01

