"""Benchmark: ingest (read_inputs + clean) of generated articles, to show throughput and that
memory stays flat as the batch grows (read_inputs streams; nothing is held between articles).

    PYTHONPATH=src .venv/bin/python bench/ingest_memory.py [--count 2000]

Not a test: it prints articles/s and resident memory at 500, 1000 and 2000 articles.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from sitrep.clean import clean
from sitrep.ingest import read_inputs
from sitrep.model import Article

CHECKPOINTS = (500, 1000, 2000)

_SUBJECTS = ["Government troops", "The armed group", "Militia fighters", "Police units", "Rebel forces", "Unidentified gunmen"]
_VERBS = ["attacked", "shelled", "surrounded", "withdrew from", "retook", "blockaded"]
_OBJECTS = ["a checkpoint on the main road", "the district market", "a village near the river", "the airport perimeter",
            "a camp for displaced families", "the provincial prison"]
_TAILS = ["residents said on Monday.", "according to local officials.", "a spokesperson said in a statement.",
          "witnesses told reporters.", "the claim could not be verified.", "aid workers said."]


def _paragraph(rng: random.Random) -> str:
    return " ".join(
        f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.randint(2, 90)} hours ago, {rng.choice(_TAILS)}"
        for _ in range(rng.randint(2, 4))
    )


def _article(i: int, rng: random.Random) -> str:
    body = "\n\n".join(_paragraph(rng) for _ in range(rng.randint(6, 14)))
    return (f"Clashes reported in district number {i}\n\nBy Reporter {i % 37} Writer\n\n"
            f"CAPITAL, Region — {body}\n\nPhoto caption describing scene {i}.\n\nPhoto: Agency\n\n"
            f"Reporter {i % 37} Writer reported from the capital.\n\nCheck Also\n\nAnother story {i}\n")


def _html(text: str) -> str:
    title, _, rest = text.partition("\n\n")
    paragraphs = "".join(f"<p>{p}</p>" for p in rest.split("\n\n"))
    return (f"<!doctype html><html><head><title>{title}</title><meta name='author' content='Bench Writer'></head>"
            f"<body><nav>Home | World</nav><article><h1>{title}</h1>{paragraphs}</article>"
            f"<footer>Site footer</footer></body></html>")


def generate(folder: Path, count: int) -> None:
    """Mostly plain text, every fifth article an HTML page; half say their language, half are detected."""
    rng = random.Random(7)
    manifest = []
    for i in range(count):
        text = _article(i, rng)
        name = f"{i:05d}.html" if i % 5 == 0 else f"{i:05d}.txt"
        (folder / name).write_text(_html(text) if i % 5 == 0 else text, encoding="utf-8")
        entry = {"file": name, "outlet": f"Outlet {i % 11}", "published": "2024-01-15"}
        if i % 2:
            entry["language"] = "en"
        manifest.append(entry)
    (folder / "manifest.json").write_text(json.dumps({"articles": manifest}), encoding="utf-8")


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=max(CHECKPOINTS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, args.count)
        print(f"generated {args.count} articles in {folder}")
        print(f"{'articles':>8} {'seconds':>8} {'art/s':>8} {'RSS MB':>8} {'peak MB':>8} {'body spans':>10}")
        start = time.perf_counter()
        done = spans = 0
        for item in read_inputs([str(folder)]):
            if not isinstance(item, Article):
                continue
            spans += len(clean(item).body)
            done += 1
            if done in CHECKPOINTS or done == args.count:
                elapsed = time.perf_counter() - start
                print(f"{done:>8} {elapsed:>8.2f} {done / elapsed:>8.1f} {_rss_mb():>8.1f} {_peak_mb():>8.1f} {spans:>10}")


if __name__ == "__main__":
    main()
