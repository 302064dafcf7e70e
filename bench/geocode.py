"""Gazetteer speed: time to build the index from the packaged data (in a fresh temporary folder),
then lookups per second over the spelling-variant table. Not a test; prints two numbers.

    PYTHONPATH=src python bench/geocode.py [--rounds N]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

from sitrep.geo import gazetteer as gz

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "place_variants.csv"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20, help="passes over the variant table (default 20)")
    args = ap.parse_args()
    with FIXTURE.open(encoding="utf-8", newline="") as f:
        rows = [(r["variant"], r["context"] or None) for r in csv.DictReader(f)]

    with tempfile.TemporaryDirectory() as tmp:
        t0, c0 = time.perf_counter(), time.process_time()
        gaz = gz.Gazetteer.load(str(Path(tmp) / "geo-bench.sqlite"))
        build, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"index build: {build:.1f} s wall, {cpu:.1f} s CPU ({gaz.info()['names']} names)")

        n, t0, c0 = 0, time.perf_counter(), time.process_time()
        for i in range(args.rounds):
            gaz._match.cache_clear()  # measure the index, not the result cache
            for name, country in rows:
                gaz.lookup(name, country=country if i % 2 else None)
                n += 1
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"lookups: {n / secs:,.0f} per second wall, {n / cpu:,.0f} per CPU second "
              f"({n} uncached lookups in {secs:.2f} s)")
        gz.reset_cache()


if __name__ == "__main__":
    main()
