"""A casualty series as a small dated chart: each report's toll (low–high, best as a dot) over the
day it was published, so a rising count reads as a rising line of ranges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date

__all__ = ["SeriesChart", "series_chart"]

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 24, 16, 34


@dataclass
class SeriesPoint:
    x: float
    y_low: float
    y_high: float | None  # None: no upper bound ("at least")
    y_dot: float
    title: str


@dataclass
class SeriesChart:
    width: int
    height: int
    points: list[SeriesPoint]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    top: int
    bottom: int
    left: int


def series_chart(series: list[dict]) -> SeriesChart | None:
    pts = [p for p in series if p.get("low") is not None or p.get("best") is not None]
    if not pts:
        return None
    days = [Date.fromisoformat(p["date"]).toordinal() for p in pts]
    d0, d1 = min(days) - 1, max(days) + 1
    top_value = max(max(v for v in (p.get("high"), p.get("best"), p.get("low")) if v is not None) for p in pts)
    top_value = max(1.0, top_value * 1.15)

    def x_of(d):
        return round(LEFT + (d - d0) / (d1 - d0) * (WIDTH - LEFT - RIGHT), 1)

    def y_of(v):
        return round(HEIGHT - BOTTOM - v / top_value * (HEIGHT - TOP - BOTTOM), 1)

    points = []
    same_day: dict[int, int] = {}
    for p, d in zip(pts, days):
        k = same_day[d] = same_day.get(d, -1) + 1  # reports of one day side by side, not on top of each other
        low = p.get("low") if p.get("low") is not None else p.get("best")
        best = p.get("best") if p.get("best") is not None else low
        title = f"{p['date']} · {p['outlet']} · {p['who']}: “{p['words']}”"
        points.append(SeriesPoint(round(x_of(d) + (k % 5) * 9 - (k // 5) * 4, 1), y_of(low), y_of(p["high"]) if p.get("high") is not None else None,
                                  y_of(best), title))
    step = max(1, (d1 - d0) // 6)
    x_ticks = [(x_of(d), Date.fromordinal(d).isoformat()) for d in range(d0 + 1, d1, step)]
    y_step = _nice(top_value / 4)
    y_ticks = [(y_of(v), f"{v:g}") for v in [y_step * k for k in range(0, 6)] if v <= top_value]
    return SeriesChart(WIDTH, HEIGHT, points, x_ticks, y_ticks, TOP, HEIGHT - BOTTOM, LEFT)


def _nice(x: float) -> float:
    for m in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 50000, 100000):
        if m >= x:
            return m
    return 10 ** len(str(int(x)))
