"""Choose, for every place name of an article, one of the gazetteer's entries, in the light of the rest.

Each name gets its gazetteer options (`Gazetteer.match`, unfocused). An option's score adds:
  - how well the name matches (its own name, an alternate, a transliteration variant, a fuzzy hit);
  - its prominence: kind (a country or a province before a namesake town: "Ohio" is not Brooklyn,
    Ohio) and population;
  - the article's evidence for its country: the other names' current picks, nationality words
    ("Sudanese officials"), the dateline, the outlet's web domain;
  - a mention of its province elsewhere in the article, or right after it ("Dublin, Ohio");
  - nearness to the other places the article names (Paris, Texas beside Dallas);
  - for a place by its own name in a country the article names little, nearness to the
    countries and provinces it names, and to the countries of its nationality words (Gaza beside
    Israel or "Israeli strikes", not Mozambique's Gaza province).
A province named like a big city in it yields to that city ("Aleppo"), without lifting the city
above namesakes abroad ("St. Louis").
Picks are made twice: first with the evidence of every name's best unfocused option, then with the
evidence of those picks. A name's own mentions never count as evidence for it. resolve.py ranks
once more over the names it accepted, so that rejected names pull no one.

The weights were tuned by hand on the LGL and GeoWebNews corpora with the gold spans given
(bench/geoparse.py); TR-News was kept for checking. See bench/README.md.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .gazetteer import CITY_KINDS, Gazetteer, Match, designator_fit
from .names import parse

__all__ = ["Evidence", "Name", "OPTIONS", "LIST_GAP", "list_runs", "rank_all", "demonym_country", "continent_of_demonym", "demonym_words",
           "demonym_spans", "homeland_of"]

OPTIONS = 25  # gazetteer answers weighed per name (homonyms: Alexandria, Paris, Springfield…)

# -- weights (tuned on LGL + GeoWebNews, gold spans given; checked on TR-News) -----------------------
W_NAME = 2.0  # × name quality (1 own name; less for alternates, variants and fuzzy hits)
W_COUNTRY = 2.0  # × the share of the article's country evidence that points to the option's country
W_ADMIN1 = 0.3  # the option's province is named elsewhere in the article
W_LINK = 1.5  # … or right after it ("Dublin, Ohio", "Lexington, Ky."); and that province for its town
W_PEER = 0.3  # a province (country) listed with names read as provinces (countries) of its country (0.3/0.5/1: 0.3 on LGL+GWN)
W_NEAR = 0.8  # × closeness to the nearest other place the article names (1 at 0 km)
NEAR_KM = 150.0  # scale of that closeness (e^-d/NEAR_KM)
W_REGION = 1.5  # × closeness to what the article names of an option in a country it names little
REGION_KM = 500.0
REGION_SHARE = 0.5  # "little": less than this share of the evidence of the country named most
FACILITY_UNNAMED = 0.5  # name quality of a facility when the name lacks its facility word ("Merowe")
DESIGNATOR_FIT = 1.0  # a designator in the name ("province", "valley") that fits (or not) the option's kind
ALTERNATE_QUALITY = 0.85  # a name that is only an alternate of the place (old, foreign, informal)
PRIOR = {"country": 2.5, "continent": 2.5, "admin1": 1.8, "capital": 1.9, "admin2": 0.45,
         "admin2_named": 1.3, "region": 0.9, "sea": 2.0, "facility": 0.8, "border": 0.6, "other": 0.4}
SEA_FEATURES = ("OCN", "SEA", "GULF", "STRT")  # an ocean, sea, gulf or strait: as well known as a country
METROPOLIS_POP = 1_000_000  # a city this big is what its province's bare name means even when its own name adds "City"
POP_SCALE = 7.0
# A city this big, and this many times bigger than any other place of its exact name, gets W_DOMINANT:
# "Louisville" beside Ohio towns is still Kentucky's (LGL + GWN gold spans: 0.3/0.5/0.8/1.0 × ratio
# 10/20/30/50/100 × 150k/300k/1M; 0.5, 30, 300k best on both, ratio 10 loses LGL and TR-News).
W_DOMINANT = 0.5
DOMINANT_RATIO = 30
DOMINANT_MIN_POP = 300_000
NAMED_LIKE_PROVINCE_POP = 100_000  # a city this big named like its province is what the bare name means  # a town's prior: log10(population + 10) / POP_SCALE (1.0 at ten million)

# -- evidence weights ----------------------------------------------------------------------------------
EV_PICK = {"country": 1.0, "admin1": 1.0, "admin2": 0.8}  # other kinds: EV_PLACE
EV_PLACE = 0.7
EV_DEMONYM = 0.5
EV_DATELINE = 2.0
EV_OUTLET = 1.0
EV_PRIOR = 0.5  # evidence (country units) every article starts with for no country: keeps shares honest

# Kinds whose options carry a point that says where the article is (others are too big).
POINT_KINDS = CITY_KINDS + ("admin2", "facility")


@dataclass
class Evidence:
    """What the article says about where it is, apart from the name being ranked."""

    countries: Counter = field(default_factory=Counter)
    admin1s: Counter = field(default_factory=Counter)  # (cc, admin1 key)
    points: set[tuple[float, float, str]] = field(default_factory=set)  # lat, lon, surface key
    areas: set[tuple[float, float, str]] = field(default_factory=set)  # centroids of named countries, provinces
    by_surface: dict = field(default_factory=dict)  # self key → (countries, admin1s, countries as a country) it added


@dataclass(frozen=True)
class Name:
    """One name to rank: where it is, its surface, and who follows it ("Dublin" → "Ohio")."""

    start: int
    end: int
    surface: str
    role: str = "context"
    follower: int | None = None  # index of the name right after ", " (its container, maybe)
    evidence: bool = True  # its pick may count as evidence for the others (a name the model calls a place)


def rank_all(names: list[Name], options: list[list[Match]], text: str, outlet: str | None,
             url: str | None, demonym_ccs: list[str],
             demonym_areas: list[tuple[float, float]] | tuple = ()) -> list[Match | None]:
    """The chosen option of each name (None when it has none). `demonym_areas`: the points of the
    countries the article's nationality words name ("Israeli strikes on Gaza": Israel's)."""
    base = Counter()
    for cc in demonym_ccs:
        base[cc] += EV_DEMONYM
    tld = _domain_country(url or outlet or "")
    if tld:
        base[tld] += EV_OUTLET
    picks: list[Match | None] = [opts[0] if opts else None for opts in options]
    peers = _list_peers(names, text)
    leaders = _leaders(names, options)
    for _ in range(2):
        ev = _evidence(names, picks, base, demonym_areas)
        picks = [_pick(i, names, options, ev, [picks[j] for j in peers.get(i, ())], leaders.get(i, []))
                 for i in range(len(names))]
    return picks


def _leaders(names: list[Name], options: list[list[Match]]) -> dict[int, list[Match]]:
    """For each name, the places a name before it and its comma may be ("Tacoma, Washington": the
    state holds Tacoma); not in a list of towns ("Ottawa, Montreal, Quebec City")."""
    listed = {m.follower for m in names}
    out: dict[int, list[Match]] = {}
    for j, m in enumerate(names):
        if m.follower is not None and j not in listed:
            out.setdefault(m.follower, []).extend(t for t in options[j] if t.exact and t.main)
    return out


# What joins the names of a list: a comma, "and" or "or" ("Aaa, Bbb and Ccc", "Aaa, and Bbb").
LIST_GAP = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")


def list_runs(spans: list[tuple[int, int]], text: str, conjoined: bool = False) -> list[list[int]]:
    """The one grouping of listed names: indices of `spans`, in text order, in runs whose
    neighbours only a comma, "and" or "or" separate ("Kharkiv, Poltava, Sumy"; a lone name is a run
    of one). With `conjoined`, only runs that hold an "and"/"or" (a comma alone joins a town and
    its container: "Tacoma, Washington")."""
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    runs: list[list[int]] = []
    joined: list[bool] = []
    for i in order:
        gap = text[spans[runs[-1][-1]][1]:spans[i][0]] if runs else None
        if gap is not None and LIST_GAP.fullmatch(gap):
            runs[-1].append(i)
            joined[-1] = joined[-1] or gap.strip(", ") != ""  # an "and" or "or" in it
        else:
            runs.append([i])
            joined.append(False)
    return [r for r, j in zip(runs, joined) if j or not conjoined]


def _list_peers(names: list[Name], text: str) -> dict[int, tuple[int, ...]]:
    """Names listed together ("California or Washington", "Alaska, Hawaii and Florida"): each
    name's neighbours in its run (see list_runs)."""
    runs = list_runs([(n.start, n.end) for n in names], text, conjoined=True)
    return {i: tuple(j for j in r if j != i) for r in runs for i in r}


def _self_key(surface: str) -> str:
    """Names of one key are no evidence for each other, except that a country named supports the
    place named after it with a designator: "Mexico" for "Mexico City" (not "Gaza" the province
    for "Gaza City", not "Clarke" for "Clarke County")."""
    p = parse(surface)
    return f"{p.key}|{p.designator or ''}"


def _designated_peer(k: str, surface: str) -> bool:
    """A town said with its designator is evidence for the same name said bare: "Gaza City" in a
    story places its bare "Gaza" there, not at a namesake province abroad. Of its province only
    where the bare name has no namesake in that country (beside "Suffolk City" a bare "Suffolk"
    may still be another state's county); not the other way round (the bare name is the ambiguous
    one), nor for a unit's designator ("Republic of Congo" gives bare "Congo" no support)."""
    return k.split("|")[1] in CITY_KINDS and parse(surface).designator is None


def _evidence(names: list[Name], picks: list[Match | None], base: Counter,
              demonym_areas: list[tuple[float, float]] | tuple = ()) -> Evidence:
    ev = Evidence(countries=Counter(base))
    ev.areas.update((lat, lon, "") for lat, lon in demonym_areas)  # a country named by its people
    contrib: dict[str, tuple[Counter, Counter, Counter]] = defaultdict(lambda: (Counter(), Counter(), Counter()))
    for n, m in zip(names, picks):
        if m is None or not n.evidence:
            continue
        key = parse(n.surface).key
        ccs, a1s, as_country = contrib[_self_key(n.surface)]
        ref = m.ref
        w = EV_PICK.get(ref.kind, EV_PLACE) * (EV_DATELINE if n.role == "dateline" else 1.0)
        if ref.country_code:
            ccs[ref.country_code] += w
            if ref.kind == "country":
                as_country[ref.country_code] += w
        if ref.kind == "admin1":
            a1s[(ref.country_code, parse(ref.name).key)] += 1
        elif ref.admin1 and ref.kind in POINT_KINDS:
            a1s[(ref.country_code, parse(ref.admin1).key)] += 0.5
        if ref.kind in POINT_KINDS and ref.lat is not None:
            ev.points.add((ref.lat, ref.lon, key))  # a place named ten times is one point
        if ref.lat is not None:
            ev.areas.add((ref.lat, ref.lon, key))
    for key, (ccs, a1s, _) in contrib.items():
        ev.countries.update(ccs)
        ev.admin1s.update(a1s)
    ev.by_surface = dict(contrib)
    ev.points = sorted(ev.points)
    ev.areas = sorted(ev.areas)
    return ev


def _pick(i: int, names: list[Name], options: list[list[Match]], ev: Evidence,
          peer_picks: list[Match | None] | tuple = (), leaders: tuple[Match, ...] | list[Match] = ()) -> Match | None:
    opts = options[i]
    if not opts:
        return None
    n = names[i]
    key = parse(n.surface).key
    self_key = _self_key(n.surface)
    own_cc, own_a1 = Counter(), Counter()
    # A name that may itself be a country takes no support from that country named alike: "Republic
    # of Congo" (read as a designated unit) and bare "Congo" would otherwise prop each other up.
    may_be_country = parse(n.surface).designator != "city" and any(o.exact and o.ref.kind == "country" for o in opts)
    for k, (ccs, a1s, as_country) in ev.by_surface.items():
        if k.split("|")[0] == key:
            peer = _designated_peer(k, n.surface)
            if not peer:
                own_cc.update(ccs if k == self_key or may_be_country else ccs - as_country)
            if not peer or any(sum(o.ref.country_code == cc for o in opts) > 1 for cc in ccs):
                own_a1.update(a1s)
    total = sum(ev.countries.values()) - sum(own_cc.values()) + EV_PRIOR
    top = max((v - own_cc[c] for c, v in ev.countries.items()), default=0.0)
    follower = options[n.follower] if n.follower is not None else []
    designator = parse(n.surface).designator
    facility = parse(n.surface).facility is not None
    yielding = _provinces_named_for_cities(opts, key) if designator is None else {}
    # Nearness to what the article names helps a place in a country it names little only when no
    # option lies in a country it names much (Gaza beside Israel; not Salisbury, Maryland beside
    # Washington when the story is about England).
    named_much = any(o.ref.country_code and ev.countries[o.ref.country_code] - own_cc[o.ref.country_code]
                     >= REGION_SHARE * top for o in opts)
    rival = max((ev.countries[o.ref.country_code] - own_cc[o.ref.country_code] for o in opts if o.ref.country_code),
                default=0.0)
    dominant = _dominant(opts)
    best, best_score = None, -1e9
    for o in opts:
        s = _own_score(o, designator, key, facility)
        if o is dominant:
            s += W_DOMINANT
        if o.ref.kind == "admin1" and (o.ref.country_code, parse(o.ref.name).key) in yielding:
            s = min(s, yielding[(o.ref.country_code, parse(o.ref.name).key)] - 0.05)
        cc = o.ref.country_code
        if cc and total > 0:
            s += W_COUNTRY * max(0.0, ev.countries[cc] - own_cc[cc]) / total
        elif cc is None and o.ref.kind == "region" and total > 0:
            # a sea or a region across countries ("Middle East", "Atlantic") lies in whichever
            # country the article names most: a namesake town there is no likelier for that (a
            # namesake country is: "South Africa" is not the region of Southern Africa)
            s += W_COUNTRY * (rival if any(x.ref.kind == "country" for x in opts) else top) / total
        a1 = _admin1_key(o)
        if a1 is not None and ev.admin1s[a1] - own_a1[a1] > 0:
            s += W_ADMIN1
        if follower and _contained_in(o, follower):
            s += W_LINK
        elif leaders and o.exact and o.ref.kind in ("country", "admin1") and any(_contained_in(t, [o]) for t in leaders):
            s += W_LINK
        if o.exact and o.ref.kind in ("country", "admin1") and any(
                p is not None and p.ref.kind == o.ref.kind and (o.ref.kind == "country" or p.ref.country_code == cc)
                for p in peer_picks):
            s += W_PEER
        if o.ref.kind in POINT_KINDS and o.ref.lat is not None and ev.points:
            d = _nearest_km(o.ref.lat, o.ref.lon, ev.points, key)
            if d is not None:
                s += W_NEAR * math.exp(-d / NEAR_KM)
        if cc and o.main and o.ref.lat is not None and ev.areas and not named_much:
            # a place by its own name in a country the article names little, next to what it names
            # (Gaza beside Israel)
            d = _nearest_km(o.ref.lat, o.ref.lon, ev.areas, key)
            if d is not None:
                s += W_REGION * math.exp(-d / REGION_KM)
        if s > best_score:
            best, best_score = o, s
    return best


def _dominant(opts: list[Match]) -> Match | None:
    """The city that dwarfs every other place of its exact name ("Louisville", Kentucky beside the
    Ohio and Mississippi towns): what the bare name means unless the article says otherwise."""
    towns = sorted((o for o in opts if o.exact and o.main and o.ref.kind in CITY_KINDS),
                   key=lambda o: -o.population)
    if not towns or towns[0].population < DOMINANT_MIN_POP:
        return None
    if len(towns) > 1 and towns[0].population < DOMINANT_RATIO * towns[1].population:
        return None
    return towns[0]


def _own_score(o: Match, designator: str | None, key: str = "", facility: bool = False) -> float:
    """Name quality and prominence, before any context."""
    if o.ref.kind == "facility" and not facility:
        return W_NAME * o.name_match * FACILITY_UNNAMED  # "Merowe" is the town before its airport
    if _named_like_province(o, key) and not o.exact:
        return W_NAME + _prior(o, designator)  # bare "New York": the metropolis whose own name adds "City"
    quality = o.name_match * (1.0 if o.main or not o.exact else ALTERNATE_QUALITY)
    return W_NAME * quality + _prior(o, designator) + _designator_fit(o, designator)


def _designator_fit(o: Match, designator: str | None) -> float:
    """"Jordan Valley" is no country, "Saada province" a province before the city."""
    return DESIGNATOR_FIT * designator_fit(designator, o.ref.kind)


def _provinces_named_for_cities(opts: list[Match], key: str) -> dict[tuple, float]:
    """(country, province key) → own score of the big city a bare name means rather than the
    province named after it: bare "Aleppo" is the city, not the province (in any of its spellings);
    the province then ranks just below its city, not above every namesake abroad."""
    out: dict[tuple, float] = {}
    for o in opts:
        if _named_like_province(o, key):
            k = (o.ref.country_code, parse(o.ref.admin1).key)
            out[k] = max(out.get(k, -1e9), _own_score(o, None, key))
    return out


def _named_like_province(o: Match, key: str) -> bool:
    ref = o.ref
    # "Oklahoma" is the state, not Oklahoma City by its informal name; "New York" is the metropolis
    city_word = parse(ref.name).designator == "city" and parse(ref.name).key == key
    big = o.population >= (METROPOLIS_POP if city_word else NAMED_LIKE_PROVINCE_POP) if o.exact else \
        o.population >= METROPOLIS_POP and city_word
    return big and ref.kind in CITY_KINDS and bool(ref.admin1) and parse(ref.admin1).key == key


def _prior(o: Match, designator: str | None) -> float:
    ref = o.ref
    if o.feature == "CONT":
        return PRIOR["continent"]
    if o.feature in SEA_FEATURES or (ref.kind == "region" and ref.country_code is None):
        return PRIOR["sea"]  # a sea, or a region across countries ("Middle East"): known as a country is
    if o.feature == "PPLC":
        return PRIOR["capital"]
    if ref.kind == "admin2":
        return PRIOR["admin2_named"] if designator == "admin2" else PRIOR["admin2"]
    if ref.kind in PRIOR:
        return PRIOR[ref.kind]
    return math.log10(max(o.population, 0) + 10) / POP_SCALE


def _admin1_key(o: Match) -> tuple | None:
    ref = o.ref
    if ref.kind in ("country", "admin1") or not ref.admin1:
        return None
    return (ref.country_code, parse(ref.admin1).key)


def _contained_in(o: Match, follower: list[Match]) -> bool:
    """The name after the comma holds this option: its province or its country ("Khartoum
    state, Sudan" the province as much as the city)."""
    ref = o.ref
    if ref.kind == "country":
        return False
    for f in follower:
        if f.ref.country_code != ref.country_code or (ref.kind == "admin1" and f.ref.kind != "country"):
            continue
        if f.ref.kind == "country" or (f.ref.kind == "admin1" and ref.admin1
                                       and parse(f.ref.name).key == parse(ref.admin1).key):
            return True
    return False


def _nearest_km(lat: float, lon: float, points, key: str) -> float | None:
    """Distance to the nearest point named by another name (equirectangular: fine at this scale)."""
    best = None
    k = math.cos(math.radians(lat))
    for la, lo, name in points:
        if name == key:
            continue
        dlon = abs(lo - lon)
        d2 = (la - lat) ** 2 + (min(dlon, 360 - dlon) * k) ** 2
        if best is None or d2 < best:
            best = d2
    return None if best is None else 111.2 * math.sqrt(best)


_DOMAIN = re.compile(r"(?:^|[/.@])([a-z0-9-]+\.)+([a-z]{2})(?:[/:]|$)")


def _domain_country(where: str) -> str | None:
    """The country of a web domain's country-code ending ("…co.uk" → GB); none for ".com"."""
    m = _DOMAIN.search(where.strip().lower())
    if not m:
        return None
    tld = m.group(2)
    return _cctld().get(tld)


@lru_cache(maxsize=1)
def _cctld() -> dict[str, str]:
    import pycountry

    out = {c.alpha_2.lower(): c.alpha_2 for c in pycountry.countries}
    out["uk"] = "GB"  # the one ccTLD that is not the ISO code
    return out


# -- demonyms ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _demonym_data() -> dict:
    return json.loads(resources.files("sitrep.data").joinpath("geo_demonyms.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _demonym_table() -> dict[str, str | None]:
    """Demonym → ISO country code (None for people words of no one country)."""
    raw = _demonym_data()
    out: dict[str, str | None] = {w: None for w in raw["peoples"]}
    for cc, words in raw["countries"].items():
        out.update({w: cc for w in words})
    return out


@lru_cache(maxsize=1)
def _continent_demonyms() -> dict[str, str]:
    return {w: code for code, words in _demonym_data()["continents"].items() for w in words}


def demonym_country(word: str) -> str | None:
    """"Syrian" → "SY"; None when the word names no one country."""
    return _demonym_table().get(word.strip())


def homeland_of(word: str) -> str | None:
    """"Kurdish" → "Kurdistan": the region a people word points to, by name (None when none)."""
    return _demonym_data()["homelands"].get(word.strip())


def continent_of_demonym(word: str) -> str | None:
    """"African" → "Africa"."""
    return _continent_demonyms().get(word.strip())


@lru_cache(maxsize=1)
def demonym_words() -> frozenset[str]:
    """Every nationality, continent and people word."""
    return frozenset(_demonym_table()) | frozenset(_continent_demonyms())


@lru_cache(maxsize=1)
def _demonym_re() -> re.Pattern:
    words = sorted((w for w, cc in _demonym_table().items() if cc), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def demonym_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, country code) of every nationality word in the text."""
    table = _demonym_table()
    return [(m.start(), m.end(), table[m.group(0)]) for m in _demonym_re().finditer(text)]
