"""How the fuse stage scales: synthetic readings, 1k to 8k articles, CPU time per article.

Each synthetic article reports two of a pool of happenings (a happening is reported by about four
articles), spread over a 30°x30° area and a year, with a killed-figure, an event claim with its date,
and every third article a control claim. Blocking by place cell, region and week should keep the
time per article roughly flat as the number of articles doubles.

    python bench/fuse_scaling.py [--sizes 1000 2000 4000 8000]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sitrep.fuse import fuse  # noqa: E402
from sitrep.model import (ARTICLE_SOURCE, Article, Claim, Event, PlaceMention, PlaceRef, Range,  # noqa: E402
                          Reading, stable_id)

SUB_TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
             ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
             ("Violence against civilians", "Attack"), ("Battles", "Non-state actor overtakes territory")]
ACTORS = ["Group A", "Group B", "State forces", "Militia C", "Civilians"]
START = date(2024, 1, 1).toordinal()
# Invented words for describing happenings (each happening gets three).
WORDS = [f"{a}{b}" for a in ("bar", "kel", "mon", "sut", "vir", "zan", "dol", "pek") for b in
         ("ami", "oru", "eta", "ilo", "una", "ope", "axi", "ebu", "iro", "ado", "uke", "ypo")]


def _places(rng: random.Random, n: int) -> list[PlaceRef]:
    out = []
    for i in range(n):
        lat, lon = rng.uniform(0, 30), rng.uniform(10, 40)
        out.append(PlaceRef(f"geo_s{i}", f"Town {i}", "town", "XX", f"Region {int(lat // 3)}-{int(lon // 3)}",
                            None, round(lat, 4), round(lon, 4)))
    return out


def synthetic(n_articles: int, seed: int = 1) -> list[Reading]:
    rng = random.Random(seed)
    places = _places(rng, max(50, n_articles // 4))
    happenings = []
    for h in range(max(1, n_articles // 2)):
        words = " ".join(rng.sample(WORDS, 3))  # how reports describe this happening
        happenings.append((rng.choice(SUB_TYPES), rng.choice(places), START + rng.randrange(365),
                           rng.sample(ACTORS, 2), rng.randrange(1, 60), words))
    readings = []
    for i in range(n_articles):
        told = rng.sample(happenings, 2)
        parts = [f"Synthetic report number {i}."]
        spans = []
        for h in told:
            start = len(" ".join(parts)) + 1
            sentence = f"Reports describe the {h[5]} at {h[1].name}."
            parts.append(sentence)
            spans.append((start, start + len(sentence)))
        text = " ".join(parts)
        published = date.fromordinal(START + rng.randrange(365))
        art = Article.from_text(text, outlet=f"Outlet {rng.randrange(40)}", published=published.isoformat())
        r = Reading(art)
        for k, (st, place, day, actors, killed, _) in enumerate(told):
            s, e = spans[k]
            d = date.fromordinal(day + rng.choice([0, 0, 0, 1])).isoformat()
            fig = Range(killed, killed, killed, str(killed))
            ev = Event(stable_id("ev", art.id, s, e), art.id, st[0], st[1], s, e, d, 1, place.id, 1,
                       actors[0], actors[1], fig, ARTICLE_SOURCE, {"trigger": "hit", "what": "target"})
            r.events.append(ev)
            r.places.append(PlaceMention(art.id, s, s + 5, place.name, place, "event", 1))
            r.claims.append(Claim(stable_id("c", art.id, "event", s, e), art.id, "event",
                                  f"{st[1]}@{place.id}", ARTICLE_SOURCE, s, e, d, place.id, d, None, False, None,
                                  {"event": ev.id}))
            r.claims.append(Claim(stable_id("c", art.id, "quantity", s, s + 7), art.id, "quantity",
                                  "people killed", ARTICLE_SOURCE, s, s + 7, fig, place.id, None, None, False,
                                  None, {"counted": "people", "measure": "killed", "head": "people"}))
        if i % 3 == 0:
            place = rng.choice(places)
            r.claims.append(Claim(stable_id("c", art.id, "control", 0, 9), art.id, "control", place.id,
                                  ARTICLE_SOURCE, 0, 9, rng.choice(ACTORS[:4]), place.id, None))
        readings.append(r)
    return readings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest counts")
    args = parser.parse_args(argv)
    print(f"{'articles':>8} {'events':>7} {'incidents':>9} {'disputes':>8} {'cpu s':>8} {'ms/article':>10}")
    base = None
    fuse(synthetic(50))  # warm up: vocabularies and the actor lexicon load once per process
    for n in args.sizes:
        readings = synthetic(n)
        dt = math.inf
        for _ in range(args.repeat):
            t0 = time.process_time()
            picture = fuse(readings)
            dt = min(dt, time.process_time() - t0)
        per = 1000 * dt / n
        base = base or per
        events = sum(len(r.events) for r in readings)
        print(f"{n:>8} {events:>7} {len(picture.incidents):>9} {len(picture.disputes):>8} {dt:>8.2f} "
              f"{per:>10.3f}  (x{per / base:.2f} per article vs the smallest)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
