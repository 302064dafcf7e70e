"""End to end at scale: time and peak memory of `sitrep ingest` + `sitrep situation` on 1k, 5k and
20k articles, read here (serial) and on a local Dask cluster (`--workers N`), and the fuse time.

    python bench/scale.py [--sizes 1000 5000 20000] [--workers 2] [--no-serial] [--no-dask] [--keep DIR]

Articles are generated from the bundled examples/ (read through sitrep's own ingest): each one
takes a lead paragraph from one report and four to eight body paragraphs from others of the same
war, with every number shifted, a headline and a dateline of its own, an invented outlet and a
publication date spread over three months; one in twenty is a trimmed reprint of an earlier one,
so near-duplicate marking works too. No two texts are equal, so nothing is skipped or cached.

Each configuration runs the real command line in a subprocess, as a user would; memory is the
peak of the summed resident memory of that process and its children (the Dask workers), sampled
every 0.2 s. The fuse time is `fuse(readings)` timed in this process on the serial run's store.
For each size the Dask run's situation.json must equal the serial one byte for byte (printed).

This is a script for `make bench`-style runs, not a test: the numbers depend on the machine and on
what else it runs (check `uptime`). 20k articles take well over an hour on two cores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SITREP = [sys.executable, "-c", "from sitrep.cli import app; app(prog_name='sitrep')"]
REPRINT_EVERY = 20  # one article in this many is a trimmed copy of an earlier one
SAMPLE_SECONDS = 0.2

OUTLETS = [f"{a} {b}" for a in ("Northern", "Coastal", "Valley", "Frontier", "Capital", "Border", "Plains")
           for b in ("Wire", "Herald", "Post", "Monitor", "Ledger", "Courier")]
_NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?![\d]|[,.]\d)")  # 40, 12 -- not the parts of 103,000 or 2.5
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class Run:
    label: str
    ingest_s: float
    situation_s: float
    ingest_mb: float  # peak while ingesting (with the Dask workers)
    situation_mb: float  # peak while deriving the picture (every reading in memory, fuse)
    sha: str

    @property
    def total_s(self) -> float:
        return self.ingest_s + self.situation_s


# --- generating articles ------------------------------------------------------------------------

def source_paragraphs() -> dict[str, list[list[str]]]:
    """The examples' paragraphs (from the text as read, cleaned of furniture), grouped by war:
    the first file name word after the number decides nothing, the place names do."""
    from sitrep.clean import clean
    from sitrep.ingest import read_inputs
    from sitrep.model import Article

    groups: dict[str, list[list[str]]] = {}
    for item in read_inputs([str(EXAMPLES / "manifest.json")]):
        if not isinstance(item, Article):
            continue
        article = clean(item)
        paragraphs = [item.text[b.start:b.end].strip() for b in article.body]
        paragraphs = [p for p in paragraphs if len(p) > 80]
        war = "ua" if re.search(r"Kost|Donetsk|Druzh", item.text) else "sd"  # the examples' two wars
        groups.setdefault(war, []).append(paragraphs)
    return groups


def generate(folder: Path, count: int, seed: int = 13) -> None:
    rng = random.Random(seed)
    groups = source_paragraphs()
    wars = sorted(groups)
    manifest = []
    texts: list[str] = []
    for i in range(count):
        published = f"2025-{6 + i * 3 // count:02d}-{1 + rng.randrange(28):02d}"
        if i >= REPRINT_EVERY and i % REPRINT_EVERY == 0:
            original = texts[rng.randrange(len(texts))]
            paragraphs = original.split("\n\n")
            text = "\n\n".join(paragraphs[:max(3, len(paragraphs) - 2)])  # a reprint, its tail cut
        else:
            reports = groups[wars[i % len(wars)]]
            lead = rng.choice(rng.choice(reports))
            body = [rng.choice(rng.choice(reports)) for _ in range(rng.randint(4, 8))]
            shift = rng.randint(1, 40)
            day = WEEKDAYS[rng.randrange(7)]
            paragraphs = [_NUMBER.sub(lambda m: str(int(m.group()) + shift), p) for p in [lead] + body]
            paragraphs = [re.sub(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", day, p)
                          for p in paragraphs]
            headline = " ".join(paragraphs[0].split()[:9]).rstrip(",.;:") + f" ({i})"
            text = headline + "\n\n" + "\n\n".join(dict.fromkeys(paragraphs)) + "\n"
        name = f"{i:06d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        texts.append(text)
        manifest.append({"file": name, "outlet": OUTLETS[i % len(OUTLETS)], "published": published, "language": "en"})
    (folder / "manifest.json").write_text(json.dumps({"articles": manifest}), encoding="utf-8")


# --- running and measuring ----------------------------------------------------------------------

def measured(args: list[str]) -> tuple[float, float]:
    """Run the command line; (seconds, peak MB of the process tree)."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(SITREP + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    peak = 0.0
    while proc.poll() is None:
        try:
            tree = [root] + root.children(recursive=True)
            peak = max(peak, sum(_rss(p) for p in tree))
        except psutil.Error:
            pass
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - start
    err = proc.stderr.read()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"sitrep {' '.join(args)} failed ({proc.returncode}):\n{err[-2000:]}")
    return seconds, peak / 2**20


def _rss(process) -> int:
    try:
        return process.memory_info().rss
    except Exception:  # noqa: BLE001  a child that just ended
        return 0


def run_once(label: str, articles: Path, work: Path, extra: list[str]) -> Run:
    db, out = work / "sitrep.db", work / "out"
    ingest_s, peak_ingest = measured(["ingest", str(articles), "--db", str(db)] + extra)
    situation_s, peak_situation = measured(["situation", "--db", str(db), "--out", str(out)])
    sha = hashlib.sha256((out / "situation.json").read_bytes()).hexdigest()
    return Run(label, ingest_s, situation_s, peak_ingest, peak_situation, sha)


def fuse_seconds(db: Path) -> tuple[float, int]:
    from sitrep.fuse import fuse
    from sitrep.store import Store

    readings = list(Store(str(db), create=False).readings())
    start = time.perf_counter()
    picture = fuse(readings)
    return time.perf_counter() - start, len(picture.incidents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-serial", action="store_true")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--keep", type=Path, help="Keep the generated articles and stores here.")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="sitrep-scale-"))
    print(f"work folder {base}; {args.workers} Dask workers", flush=True)
    header = (f"{'articles':>8} {'run':<10} {'ingest s':>9} {'situation s':>11} {'total s':>8} {'art/s':>6} "
              f"{'ingest MB':>9} {'situation MB':>12} {'fuse s':>7} {'incidents':>9}")
    print(header, flush=True)
    for size in args.sizes:
        folder = base / f"articles-{size}"
        if not (folder / "manifest.json").exists():
            folder.mkdir(parents=True, exist_ok=True)
            generate(folder, size)
        runs = []
        if not args.no_serial:
            runs.append(run_once("serial", folder, base / f"serial-{size}", []))
        if not args.no_dask:
            runs.append(run_once(f"dask x{args.workers}", folder, base / f"dask-{size}",
                                 ["--workers", str(args.workers)]))
        fuse_s, incidents = fuse_seconds((base / f"{'serial' if not args.no_serial else 'dask'}-{size}") / "sitrep.db")
        for run in runs:
            print(f"{size:>8} {run.label:<10} {run.ingest_s:>9.1f} {run.situation_s:>11.1f} {run.total_s:>8.1f} "
                  f"{size / run.total_s:>6.2f} {run.ingest_mb:>9.0f} {run.situation_mb:>12.0f} {fuse_s:>7.1f} "
                  f"{incidents:>9}", flush=True)
        if len(runs) == 2:
            same = "same situation.json" if runs[0].sha == runs[1].sha else "DIFFERENT situation.json"
            print(f"{size:>8} speed-up (serial total / dask total) {runs[0].total_s / runs[1].total_s:.2f}, "
                  f"ingest only {runs[0].ingest_s / runs[1].ingest_s:.2f}; {same}", flush=True)


if __name__ == "__main__":
    main()
