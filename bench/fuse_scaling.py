"""How the fuse stage scales: synthetic readings, 1k to 20k articles, CPU time per article.

Each synthetic article reports two of a pool of happenings (a happening is reported by about four
articles), spread over a 30°x30° area and a year, with a killed-figure, an event claim with its date,
and every third article a control claim. Stories (blocked by shared terms and week) and incidents
(blocked by place cell, region and week) should keep the time per article roughly flat as the
number of articles doubles.

Then the incremental case: a store of N articles gets 10 new reports from the last days; `Fuser.add`
re-fuses only the stories they touch, against a full re-fuse of all N + 10.

    python bench/fuse_scaling.py [--sizes 1000 2000 5000 10000 20000] [--incremental 10000] [--picture]
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

from sitrep.fuse import Fuser, fuse  # noqa: E402
from sitrep.model import (ARTICLE_SOURCE, Article, Claim, Event, PlaceMention, PlaceRef, Range,  # noqa: E402
                          Reading, stable_id)

SUB_TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
             ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
             ("Violence against civilians", "Attack"), ("Battles", "Non-state actor overtakes territory")]
ACTORS = ["Group A", "Group B", "State forces", "Militia C", "Civilians"]
START = date(2024, 1, 1).toordinal()
# Invented words for describing happenings: each happening gets three from a vocabulary that grows
# with the number of reports, as the words of real news do (so a word is as common at 20k as at 1k).
def _word(i: int) -> str:
    """An invented word for the i-th term of the vocabulary ("bab", "bac", ...)."""
    letters = "bcdfgklmnprstvz"
    out = ""
    while True:
        i, r = divmod(i, len(letters))
        out = letters[r] + "a" + out
        if i == 0:
            return "z" + out


def _places(rng: random.Random, n: int) -> list[PlaceRef]:
    out = []
    for i in range(n):
        lat, lon = rng.uniform(0, 30), rng.uniform(10, 40)
        out.append(PlaceRef(f"geo_s{i}", f"Town {i}", "town", "XX", f"Region {int(lat // 3)}-{int(lon // 3)}",
                            None, round(lat, 4), round(lon, 4)))
    return out


def synthetic(n_articles: int, seed: int = 1, late: int = 0) -> list[Reading]:
    """`n_articles` readings over a year, then `late` more published in its last three days."""
    rng = random.Random(seed)
    places = _places(rng, max(50, n_articles // 4))
    happenings = []
    vocabulary = max(400, n_articles // 2)
    for h in range(max(1, n_articles // 2)):
        words = " ".join(_word(rng.randrange(vocabulary)) for _ in range(3))  # how reports describe it
        happenings.append((rng.choice(SUB_TYPES), rng.choice(places), START + rng.randrange(365),
                           rng.sample(ACTORS, 2), rng.randrange(1, 60), words))
    readings = []
    for i in range(n_articles + late):
        if i < n_articles:
            told = rng.sample(happenings, 2)
            published = date.fromordinal(START + rng.randrange(365))
        else:  # late news: happenings of the last days
            recent = [h for h in happenings if h[2] >= START + 360] or happenings
            told = rng.sample(recent, 2)
            published = date.fromordinal(START + 362 + rng.randrange(3))
        readings.append(_reading(rng, i, told, published, places))
    return readings


def _reading(rng: random.Random, i: int, told: list, published: date, places: list[PlaceRef]) -> Reading:
    parts = [f"Synthetic report number {i}."]
    spans = []
    for h in told:
        start = len(" ".join(parts)) + 1
        sentence = f"Reports describe the {h[5]} at {h[1].name}."
        parts.append(sentence)
        spans.append((start, start + len(sentence)))
    text = " ".join(parts)
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
    return r


def _timed(fn) -> tuple[float, object]:
    t0 = time.process_time()
    out = fn()
    return time.process_time() - t0, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000, 10000, 20000])
    parser.add_argument("--incremental", type=int, default=10000, metavar="N",
                        help="store size for the incremental case (0: skip)")
    parser.add_argument("--new", type=int, default=10, help="reports added in the incremental case")
    parser.add_argument("--picture", action="store_true",
                        help="also time the whole picture (agreements, disputes, control) per size")
    args = parser.parse_args(argv)
    fuse(synthetic(50))  # warm up: vocabularies and the actor lexicon load once per process
    print("stories + incidents (Fuser.add), CPU seconds")
    print(f"{'articles':>8} {'events':>7} {'stories':>7} {'incidents':>9} {'cpu s':>8} {'ms/article':>10}")
    base = None
    for n in args.sizes:
        readings = synthetic(n)
        fuser = Fuser()
        dt, _ = _timed(lambda: fuser.add(readings))
        per = 1000 * dt / n
        base = base or per
        events = sum(len(r.events) for r in readings)
        line = (f"{n:>8} {events:>7} {len(fuser.stories.stories):>7} {len(fuser.incidents):>9} {dt:>8.2f} "
                f"{per:>10.3f}  (x{per / base:.2f} per article vs the smallest)")
        if args.picture:
            pt, picture = _timed(fuser.picture)
            line += f"; whole picture +{pt:.2f} s ({len(picture.disputes)} disputes)"
        print(line)
    if args.incremental:
        n, k = args.incremental, args.new
        readings = synthetic(n, late=k)
        old, new = readings[:n], readings[n:]
        fuser = Fuser()
        fuser.add(old)
        add_t, changed = _timed(lambda: fuser.add(new))
        full_t, _ = _timed(lambda: Fuser().add(readings))
        full = {i.id: i.to_dict() for i in _full(readings).incidents.values()}
        same = sum(1 for i in fuser.incidents.values() if full.get(i.id) == i.to_dict())
        print(f"\nincremental: {k} new reports into {n}: add {add_t:.3f} s, touching {len(changed)} stories; "
              f"full re-fuse of {n + k}: {full_t:.2f} s; x{full_t / max(add_t, 1e-9):.0f} faster; "
              f"{same}/{len(full)} incidents as the full re-fuse has them")
    return 0


def _full(readings: list[Reading]) -> Fuser:
    fuser = Fuser()
    fuser.add(readings)
    return fuser


if __name__ == "__main__":
    raise SystemExit(main())
