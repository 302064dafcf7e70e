"""Real reports: run sitrep on each collected development set and score it against its gold.

The texts are never in the repository: collect them as ../shared/dev/README.md says, into
`/tmp/sitrep-dev/<set>/<id>.txt` with a `manifest.json` (outlet, published, language). Gold comes
from `../shared/dev/<set>/` or, for sets we annotated ourselves, `/tmp/sitrep-dev/<set>-gold/`
(same format). Prints score.py's table for each set and a last line per set.

    python bench/devsets.py                 # every collected set
    python bench/devsets.py sudan-2023 -v   # one set, with score.py's misses
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the checkout (a worktree may sit deeper: the nearest ancestor holding shared/ wins)
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "dev").is_dir()), ROOT.parent / "shared")
TEXTS = Path("/tmp/sitrep-dev")


def gold_dir(name: str) -> Path | None:
    for d in (SHARED / "dev" / name, TEXTS / f"{name}-gold"):
        if (d / "gold_events.json").is_file():
            return d
    return None


def collected() -> list[str]:
    if not TEXTS.is_dir():
        return []
    return sorted(d.name for d in TEXTS.iterdir()
                  if d.is_dir() and not d.name.endswith("-gold") and gold_dir(d.name) and any(d.glob("*.txt")))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", help="set names under /tmp/sitrep-dev (default: every collected set)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print score.py's misses")
    ap.add_argument("--keep", metavar="DIR", help="write each run's output under DIR/<set> instead of a temp folder")
    args = ap.parse_args()
    names = args.sets or collected()
    if not names:
        print(f"no development set collected under {TEXTS}: see ../shared/dev/README.md")
        return 0
    scorer = SHARED / "dev" / "score.py"
    sitrep = Path(sys.executable).with_name("sitrep")
    lines = []
    for name in names:
        gold = gold_dir(name)
        if gold is None or not (TEXTS / name).is_dir():
            print(f"{name}: texts or gold missing (texts in {TEXTS / name}, gold in shared/dev or {name}-gold)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(args.keep) / name if args.keep else Path(tmp)
            out.mkdir(parents=True, exist_ok=True)
            db = out / "sitrep.db"
            db.unlink(missing_ok=True)
            t0 = time.perf_counter()
            run = subprocess.run([str(sitrep), "run", str(TEXTS / name), "--out", str(out), "--db", f"sqlite:///{db}"],
                                 capture_output=True, text=True)
            secs = time.perf_counter() - t0
            if not (out / "situation.json").is_file():
                print(f"{name}: sitrep run failed (rc {run.returncode}): {run.stderr.strip()[-400:]}")
                continue
            cmd = [sys.executable, str(scorer), str(out / "situation.json"), str(gold)]
            score = subprocess.run(cmd + (["--verbose"] if args.verbose else []), capture_output=True, text=True)
            print(f"== {name} ({secs:.0f} s)\n{score.stdout}{score.stderr}")
            lines.append(score.stdout.strip().splitlines()[-1] if score.stdout.strip() else f"{name}: no score")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
