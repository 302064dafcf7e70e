"""The one file that knows the order of the stages.

    inputs ─ingest→ Article ─clean→ body/removed spans ─annotate→ spaCy Doc
           ─extract→ entities, quotes, figures, dates, events, claims ─geocode→ place mentions
           ─store→ one database ─fuse→ incidents, agreements, disputes, control ─present→ situation.json

`read_article` is a pure function of one article (what Dask maps over); `ingest` streams inputs into
the store one transaction per article; `situation` derives the picture from everything stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import clean as clean_stage
from .model import Article, Reading, Skip
from .store import Store

__all__ = ["PIPELINE_VERSION", "SUPPORTED_LANGUAGES", "Resources", "IngestReport", "read_article",
           "ingest", "situation", "run_situation"]

# Bump when a per-article stage changes what it extracts: stored readings of older versions are
# re-made on the next ingest instead of being trusted.
PIPELINE_VERSION = 1

# Languages the per-article stages can read. Articles in others are stored and reported, not read.
SUPPORTED_LANGUAGES = ("en",)

DEFAULT_MAX_BYTES = 10_000_000


@dataclass
class Resources:
    """What the per-article stages need, loaded once per process."""

    nlp: object
    gazetteer: object
    actors: object

    @classmethod
    def load(cls, gazetteer_path: str | None = None) -> "Resources":
        from .actors import ActorLexicon
        from .geo.gazetteer import Gazetteer
        from .nlp.load import freeze, load_nlp

        gazetteer = Gazetteer.load(gazetteer_path)
        actors = ActorLexicon.load()
        nlp = load_nlp(freeze(gazetteer.patterns()), freeze(actors.patterns()))
        return cls(nlp=nlp, gazetteer=gazetteer, actors=actors)


def read_article(article: Article, resources: Resources) -> Reading:
    """Every per-article stage, in order. Pure: the same article gives the same Reading."""
    from .events.detect import find_events
    from .geo.resolve import resolve_places
    from .nlp import dates, figures, people, quotes

    article = clean_stage.clean(article)
    if not is_supported(article):
        return Reading(article)
    doc = resources.nlp(article.body_text())
    places = resolve_places(article, doc, resources.gazetteer)
    date_mentions = dates.find_dates(doc, article.published)
    entities = people.find_entities(article, doc, resources.actors, places)
    quote_list = quotes.find_quotes(article, doc, entities)
    figure_list = figures.find_figures(doc)
    claims = figures.quantity_claims(article, doc, figure_list, quote_list, date_mentions, places)
    events, event_claims = find_events(article, doc, places, entities, quote_list, figure_list, date_mentions)
    places = _mark_event_places(places, events)
    return Reading(
        article=article,
        entities=entities,
        places=places,
        quotes=quote_list,
        claims=claims + event_claims,
        events=events,
    )


def is_supported(article: Article) -> bool:
    return article.language is None or article.language in SUPPORTED_LANGUAGES


def _mark_event_places(places, events):
    """A place an event is located at gets the role 'event' (never a dateline or a credit)."""
    event_places = {e.place for e in events if e.place}
    return [
        replace(p, role="event") if p.place and p.place.id in event_places and p.role == "context" else p
        for p in places
    ]


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)  # article ids newly stored or re-read
    unchanged: list[str] = field(default_factory=list)  # already stored by this pipeline version
    unsupported: list[tuple[str, str]] = field(default_factory=list)  # (input, language)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (article id, duplicate of)
    skipped: list[Skip] = field(default_factory=list)

    @property
    def read(self) -> int:
        return len(self.stored) + len(self.unchanged) + len(self.unsupported)


def ingest(
    inputs: Sequence[str],
    store: Store,
    manifest: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    resources: Resources | None = None,
    on_item: Callable[[Article | Skip], None] | None = None,
    workers: int = 0,
) -> IngestReport:
    """Read inputs into the store, one transaction per article. A bad input is a Skip, never a stop.

    With `workers` > 0 the per-article stages run on a local Dask cluster of that many processes;
    storing and near-duplicate marking stay here, in input order, so the store is the same either way.
    """
    from .ingest import read_inputs
    from .ingest.dedup import NearDuplicateIndex

    report = IngestReport()
    dedup = NearDuplicateIndex()
    for stored in store.articles():
        dedup.add(stored.id, _dedup_text(stored))

    def keep(reading: Reading) -> None:
        article = reading.article
        original = dedup.find(_dedup_text(article))
        if original and original != article.id:
            reading.article = article = replace(article, duplicate_of=original)
            report.duplicates.append((article.id, original))
        dedup.add(article.id, _dedup_text(article))
        supported = is_supported(article)
        store.put(reading, PIPELINE_VERSION, status="read" if supported else "unsupported_language")
        if supported:
            report.stored.append(article.id)
        else:
            report.unsupported.append((article.source or article.id, article.language or "unknown"))

    def to_read():
        seen: set[str] = set()
        for item in read_inputs(inputs, manifest=manifest, max_bytes=max_bytes):
            if on_item:
                on_item(item)
            if isinstance(item, Skip):
                report.skipped.append(item)
            elif item.id in seen or store.has(item.id, PIPELINE_VERSION):
                report.unchanged.append(item.id)  # the same text again: nothing to store
            else:
                seen.add(item.id)
                yield item

    if workers > 0:
        from .scale import read_in_parallel

        for reading in read_in_parallel(to_read(), workers):
            keep(reading)
        return report
    for article in to_read():
        if resources is None:
            resources = Resources.load()
        keep(read_article(article, resources))
    return report


def _dedup_text(article: Article) -> str:
    """Near-duplicates are judged on prose: the same wire story under two sites' boilerplate."""
    return article.body_text() if article.body else article.text


def situation(store: Store) -> dict:
    """The situation picture of everything in the store (the contract)."""
    from .fuse import fuse
    from .present.situation import build_situation

    readings = list(store.readings())
    picture = fuse(readings)
    return build_situation(readings, picture)


def run_situation(inputs: Iterable[str], manifest: str | None = None, db: str | None = None) -> dict:
    """Ingest then derive, in one call: what `sitrep eval` and the tests use."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(db or str(Path(tmp) / "sitrep.db"))
        ingest(list(inputs), store, manifest=manifest)
        result = situation(store)
        store.engine.dispose()
    return result
