"""Throughput of sitrep's per-article stages against bare spaCy, in one run.

    python bench/throughput.py [--articles 200] [--no-packaged]

Reads the bundled examples (and the seeds, when ../shared/seeds exists) through sitrep's own
ingest, replicates them to about `--articles` articles, each copy varied so that no two texts are
equal, then times:

  1. sitrep   `pipeline.read_article` on every article (clean, annotate, extract, geocode), with
              a per-stage breakdown taken by wrapping each stage function for the run;
  2. bare     `nlp.pipe` of the same spaCy pipeline (`resources.nlp`) on the same texts;
  3. packaged `nlp.pipe` of the spaCy model exactly as packaged (no EntityRuler), for context.

It prints a table and one summary line; the ratio is sitrep's articles/s over bare nlp.pipe's.
This is a script run by `make bench`, not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SEEDS = REPO.parent / "shared" / "seeds"

# The per-article stage functions `read_article` calls, as (module, attribute). They are looked up
# on their module at call time, so wrapping the attribute times the call without this file knowing
# the order of the stages (pipeline.py alone knows it). The spaCy call is timed separately.
STAGES = (
    ("sitrep.clean", "clean"),
    ("sitrep.geo.resolve", "resolve_places"),
    ("sitrep.nlp.dates", "find_dates"),
    ("sitrep.nlp.people", "find_entities"),
    ("sitrep.nlp.quotes", "find_quotes"),
    ("sitrep.nlp.figures", "find_figures"),
    ("sitrep.nlp.figures", "quantity_claims"),
    ("sitrep.events.detect", "find_events"),
)
NLP_STAGE = "spaCy (resources.nlp)"


class BenchError(Exception):
    """The bench cannot run as asked (missing inputs or a pipeline stage that is not there yet)."""


@dataclass
class Timing:
    label: str
    seconds: float
    articles: int
    words: int

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else float("inf")

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else float("inf")


@dataclass
class StageClock:
    """Seconds spent in each stage; nested stage calls count only towards the outermost one."""

    seconds: dict[str, float] = field(default_factory=dict)
    _depth: int = 0

    def wrap(self, label: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs):
            if self._depth:
                return fn(*args, **kwargs)
            self._depth += 1
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - t0
                self._depth -= 1

        return timed


class TimedNlp:
    """Stands in for `resources.nlp` inside read_article: same calls, timed."""

    def __init__(self, nlp, clock: StageClock):
        self._nlp = nlp
        self._call = clock.wrap(NLP_STAGE, nlp.__call__)

    def __call__(self, text, *args, **kwargs):
        return self._call(text, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._nlp, name)


@contextmanager
def stages_timed(clock: StageClock) -> Iterator[None]:
    saved = []
    try:
        for module_name, attr in STAGES:
            module = importlib.import_module(module_name)
            original = getattr(module, attr)
            saved.append((module, attr, original))
            setattr(module, attr, clock.wrap(f"{module_name.removeprefix('sitrep.')}.{attr}", original))
        yield
    finally:
        for module, attr, original in reversed(saved):
            setattr(module, attr, original)


def read_corpus(folders: list[Path]) -> list:
    """The articles each folder's manifest lists, through sitrep's ingest (given the manifest as the
    input, ingest reads exactly its files: examples/ also holds README.md and gold.json)."""
    from sitrep.ingest import read_inputs
    from sitrep.model import Article

    articles = []
    for folder in folders:
        items = read_inputs([str(folder / "manifest.json")])
        articles += [a for a in items if isinstance(a, Article)]
    if not articles:
        raise BenchError(f"no article could be read from {', '.join(map(str, folders))}")
    return sorted(articles, key=lambda a: (a.source or "", a.id))


def replicate(articles: list, target: int) -> list:
    """About `target` articles: copy k of an article ends with a line naming k, so every text (and
    id) differs and no dedup or cache can skip work; the prose itself is unchanged."""
    from sitrep.model import Article

    out = []
    copy = 0
    while len(out) < target:
        for a in articles:
            if len(out) >= target:
                break
            text = a.text if copy == 0 else f"{a.text.rstrip()}\n\nBenchmark copy {copy}.\n"
            fresh = Article.from_text(text)
            out.append(replace(a, id=fresh.id, text=text, body=[], removed=[], duplicate_of=None))
        copy += 1
    return out


def words(articles: list) -> int:
    return sum(len(a.text.split()) for a in articles)


def time_sitrep(articles: list, resources) -> tuple[Timing, dict[str, float]]:
    from sitrep.pipeline import read_article

    clock = StageClock()
    timed = replace(resources, nlp=TimedNlp(resources.nlp, clock))
    with stages_timed(clock):
        t0 = time.perf_counter()
        for article in articles:
            read_article(article, timed)
        seconds = time.perf_counter() - t0
    return Timing("sitrep read_article", seconds, len(articles), words(articles)), clock.seconds


def time_pipe(label: str, nlp, articles: list) -> Timing:
    texts = [a.text for a in articles]
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    return Timing(label, time.perf_counter() - t0, len(articles), words(articles))


def warm_up(articles: list, resources) -> None:
    """One article through each path first, so lazy loading is not timed."""
    from sitrep.pipeline import read_article

    for a in articles[:2]:
        read_article(a, resources)
    list(resources.nlp.pipe([a.text for a in articles[:2]]))


def render(timings: list[Timing], stages: dict[str, float], total: float, load_s: float, n_unique: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"Throughput: {timings[0].articles} articles ({n_unique} distinct originals, "
                        f"{timings[0].words:,} words); resources loaded in {load_s:.1f} s")
    table.add_column("run")
    table.add_column("seconds", justify="right")
    table.add_column("articles/s", justify="right")
    table.add_column("words/s", justify="right")
    for t in timings:
        table.add_row(t.label, f"{t.seconds:.2f}", f"{t.articles_per_s:.1f}", f"{t.words_per_s:,.0f}")
    console.print(table)

    breakdown = Table(title="sitrep time by stage")
    breakdown.add_column("stage")
    breakdown.add_column("seconds", justify="right")
    breakdown.add_column("share", justify="right")
    other = total - sum(stages.values())
    for label, s in sorted(stages.items(), key=lambda kv: -kv[1]) + [("(orchestration, other)", other)]:
        breakdown.add_row(label, f"{s:.2f}", f"{100 * s / total:.0f}%" if total else "-")
    console.print(breakdown)


def summary(sitrep: Timing, bare: Timing) -> str:
    ratio = sitrep.articles_per_s / bare.articles_per_s
    return (f"sitrep: {sitrep.articles_per_s:.1f} articles/s, {sitrep.words_per_s:,.0f} words/s; "
            f"bare nlp.pipe: {bare.articles_per_s:.1f} articles/s, {bare.words_per_s:,.0f} words/s; "
            f"ratio {ratio:.2f} (sitrep runs at {100 * ratio:.0f}% of bare spaCy speed)")


def run(target: int, packaged: bool) -> None:
    from sitrep.pipeline import Resources

    folders = [f for f in (EXAMPLES, SEEDS) if (f / "manifest.json").exists()]
    originals = read_corpus(folders)
    corpus = replicate(originals, target)

    t0 = time.perf_counter()
    resources = Resources.load()
    load_s = time.perf_counter() - t0
    warm_up(originals, resources)

    sitrep, stages = time_sitrep(corpus, resources)
    timings = [sitrep, time_pipe("bare nlp.pipe (same pipeline)", resources.nlp, corpus)]
    if packaged:
        from sitrep.nlp.load import load_bare

        timings.append(time_pipe("nlp.pipe (packaged model, no ruler)", load_bare(), corpus))
    render(timings, stages, sitrep.seconds, load_s, len(originals))
    print(summary(timings[0], timings[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="articles to time (default 200)")
    parser.add_argument("--no-packaged", action="store_true",
                        help="skip the extra run of the packaged spaCy model without sitrep's ruler")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error(f"--articles must be at least 1, not {args.articles}")
    try:
        run(args.articles, packaged=not args.no_packaged)
    except (BenchError, ImportError) as exc:
        print(f"bench/throughput.py: {exc} (is every per-article stage of sitrep present?)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    sys.exit(main())
