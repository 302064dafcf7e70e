"""The one file that knows the order of the stages.

    inputs ─ingest→ Article ─clean→ body/removed spans ─annotate→ spaCy Doc
           ─extract→ entities, quotes, figures, dates, events, claims ─geocode→ place mentions
           ─store→ one database ─fuse→ incidents, agreements, disputes, control ─present→ situation.json

`read_article` is a pure function of one article (what Dask maps over); `ingest` streams inputs into
the store one transaction per article; `situation` derives the picture from everything stored.

Faults are isolated per article: a stage that fails on one article is recorded as a `Failure`
(the input, the stage, the cause) and the batch goes on; that article is not stored, so the next
run tries it again.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import clean as clean_stage
from .ingest.errors import Notice, Passed
from .ingest.language import SUPPORTED_LANGUAGES
from .errors import SitrepError
from .model import Article, Reading, Skip
from .store import Store

__all__ = ["PIPELINE_VERSION", "SUPPORTED_LANGUAGES", "Resources", "IngestReport", "Failure", "StageFailed",
           "read_article", "annotate", "ingest", "situation", "run_situation"]

# Bump when a per-article stage changes what it extracts: stored readings of older versions are
# re-made on the next ingest instead of being trusted.
# Readings change with the code: 2 the real-text rounds (places, events, figures, speakers); 3 feed fields,
# headlines; 4 look-backs, tallies, figure frames, speakers, inline link lists; 5 sentences end at blank
# lines, plans and describing participles, headline figures, place fits; 6 money, one-person counts and
# spokespeople, nationals as victims, time zones, regions with GeoNames ids, sites placed by bearing.
PIPELINE_VERSION = 6

DEFAULT_MAX_BYTES = 10_000_000

# Texts longer than this are annotated in pieces cut at paragraph breaks: spaCy refuses a text
# over nlp.max_length (1,000,000 characters) and its parser's memory grows with the text. News
# articles are far shorter, so they are annotated whole, exactly as before.
CHUNK_CHARS = 100_000


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


class StageFailed(Exception):
    """A per-article stage raised: which stage, and the error it raised (as `__cause__`)."""

    def __init__(self, stage: str, error: BaseException):
        super().__init__(f"{stage}: {type(error).__name__}: {error}")
        self.stage = stage
        self.error = error


def read_article(article: Article, resources: Resources) -> Reading:
    """Every per-article stage, in order. Pure: the same article gives the same Reading.
    Raises StageFailed naming the stage when one fails."""
    from .events.detect import find_events
    from .geo.resolve import resolve_places
    from .nlp import dates, figures, people, quotes

    stage = "clean"
    try:
        article = clean_stage.clean(article)
        if not is_supported(article):
            return Reading(article)
        stage = "annotate (spaCy)"
        doc = annotate(resources.nlp, article.body_text())
        stage = "places"
        places = resolve_places(article, doc, resources.gazetteer)
        stage = "dates"
        date_mentions = dates.find_dates(doc, article.published)
        stage = "people"
        entities = people.find_entities(article, doc, resources.actors, places)
        stage = "quotes"
        quote_list = quotes.find_quotes(article, doc, entities)
        stage = "figures"
        figure_list = figures.find_figures(doc)
        claims = figures.quantity_claims(article, doc, figures.with_single_counts(doc, figure_list), quote_list,
                                         date_mentions, places)
        stage = "events"
        events, event_claims = find_events(article, doc, places, entities, quote_list, figure_list, date_mentions)
        stage = "headline"
        headline = _headline_reading(article, resources)
        events = sorted(events + _headline_events(headline, events), key=lambda e: (e.start, e.end, e.id))
        claims += _headline_figures(headline, claims, entities, places)
        # a spokesperson's claims are the body's they speak for, in their voice
        claims = people.in_the_voice_of(claims + event_claims, people.speaks_for(entities, resources.actors), entities)
        places = _mark_event_places(places, events)
    except Exception as exc:  # noqa: BLE001  any stage, any error: the caller records it per article
        raise StageFailed(stage, exc) from exc
    return Reading(
        article=article,
        entities=entities,
        places=places,
        quotes=quote_list,
        claims=claims,
        events=events,
    )


@dataclass(frozen=True)
class _Headline:
    """The headline read as a text of its own, at its own offsets in `article.text`: once, for the
    happenings and the figures it tells."""

    article: Article  # the article with the headline as its only body span
    doc: object
    places: list
    entities: list
    dates: list


def _headline_reading(article: Article, resources: Resources) -> _Headline | None:
    from .geo.resolve import resolve_places
    from .model import BodySpan
    from .nlp import dates, people

    span = next(((r.start, r.end) for r in article.removed if r.kind == "title"), None)
    if span is None:
        return None
    head = replace(article, body=[BodySpan(*span)])
    doc = annotate(resources.nlp, head.body_text()[:span[1]])
    places = resolve_places(head, doc, resources.gazetteer)
    return _Headline(head, doc, places, people.find_entities(head, doc, resources.actors, places),
                     dates.find_dates(doc, article.published))


def _headline_events(headline: _Headline | None, body_events: list) -> list:
    """The happenings the headline tells that the body tells too (events/headline.py)."""
    from .events.detect import find_events
    from .events.headline import told_in_body
    from .nlp import figures

    if headline is None or not body_events:
        return []
    told, _ = find_events(headline.article, headline.doc, headline.places, headline.entities, [],
                          figures.find_figures(headline.doc), headline.dates)
    return told_in_body(told, body_events)


def _headline_figures(headline: _Headline | None, claims: list, entities: list, places: list) -> list:
    """Figures the headline gives and the body does not ('Shelter collapse leaves at least 60 dead' over an
    excerpt that never repeats the count), read like the body's (nlp.figures). A value the body gives too is
    the body's claim; a number with neither a measure nor a counted noun after it is left out. Who gives it
    is a body entity of that name or the words; its place only a place the body names."""
    from .model import Source
    from .nlp import figures, quotes

    if headline is None:
        return []
    doc = headline.doc
    found = figures.quantity_claims(headline.article, doc, figures.with_single_counts(doc, figures.find_figures(doc)),
                                    quotes.find_quotes(headline.article, doc, headline.entities), headline.dates,
                                    headline.places)
    told = {(c.value.low, c.value.best, c.value.high) for c in claims if c.kind == "quantity"}
    names = {e.id: e.name for e in headline.entities}
    body_ids = {e.name: e.id for e in entities}
    body_places = {p.place.id for p in places if p.place is not None}
    out = []
    for c in found:
        if (c.value.low, c.value.best, c.value.high) in told or not (
                c.attrs.get("measure") or (c.attrs.get("counted") and c.attrs.get("counted_start", -1) >= c.end)):
            continue  # a count with no measure and no noun of its own is a page's furniture ('24/7', a ticker)
        source = c.source
        if source.entity is not None:
            name = names.get(source.entity, source.description)
            source = Source(source.kind, body_ids[name], name) if name in body_ids else \
                Source("unnamed" if source.kind == "entity" else source.kind, None, name)
        out.append(replace(c, source=source, quote=None, place=c.place if c.place in body_places else None))
    return out


def annotate(nlp, text: str):
    """One spaCy Doc of `text`, whose character offsets are offsets into `text`. A long text is
    run in pieces (see CHUNK_CHARS) joined back into one Doc, so every stage sees one document."""
    if len(text) <= CHUNK_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    doc = Doc.from_docs(list(nlp.pipe(_pieces(text, CHUNK_CHARS))), ensure_whitespace=False)
    if doc.text != text:  # offsets would no longer index the article: never let that pass silently
        raise ValueError("annotating in pieces changed the text; offsets would be wrong")
    return doc


def _pieces(text: str, size: int) -> Iterator[str]:
    """`text` cut into pieces of at most `size` characters, each ending at a paragraph break, else a
    line break, else a sentence end, else a space where one is found in the piece's second half."""
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            at = text.rfind(sep, start + size // 2, end)
            if at >= 0:
                cut = at + len(sep)
                break
        cut = cut if cut > start else end
        yield text[start:cut]
        start = cut
    yield text[start:]


def is_supported(article: Article) -> bool:
    return article.language is None or article.language in SUPPORTED_LANGUAGES


def _mark_event_places(places, events):
    """A place an event is located at gets the role 'event' (never a dateline or a credit)."""
    event_places = {e.place for e in events if e.place}
    return [
        replace(p, role="event") if p.place and p.place.id in event_places and p.role == "context" else p
        for p in places
    ]


@dataclass(frozen=True)
class Failure:
    """An article that a stage failed on: not stored, reported, tried again on the next run."""

    input: str  # the article's source (file, file#item, file:line)
    stage: str
    cause: str  # the error, one line
    detail: str = ""  # the traceback, for SITREP_DEBUG=1

    @property
    def reason(self) -> str:
        return (f"failed in {self.stage} ({self.cause}); not stored: a bug in sitrep, please report it with "
                "this file (SITREP_DEBUG=1 shows the traceback); the next run tries it again")

    @classmethod
    def of(cls, article: Article, exc: BaseException) -> "Failure":
        stage = exc.stage if isinstance(exc, StageFailed) else "storing"
        error = exc.error if isinstance(exc, StageFailed) else exc
        cause = " ".join(f"{type(error).__name__}: {error}".split())[:300]
        detail = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        return cls(article.source or article.id, stage, cause, detail)


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)  # article ids newly stored or re-read
    unchanged: list[str] = field(default_factory=list)  # already stored by this pipeline version
    unsupported: list[tuple[str, str]] = field(default_factory=list)  # (input, language)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (article id, duplicate of)
    skipped: list[Skip] = field(default_factory=list)  # could not be read: the user should look
    passed: list[Passed] = field(default_factory=list)  # passed over on purpose (not article formats)
    failed: list[Failure] = field(default_factory=list)  # a stage failed on the article
    notices: list[Notice] = field(default_factory=list)  # read, with a warning

    @property
    def read(self) -> int:
        return len(self.stored) + len(self.unchanged) + len(self.unsupported)


def ingest(
    inputs: Sequence[str],
    store: Store,
    manifest: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    resources: Resources | None = None,
    on_item: Callable[[Article | Skip | Notice | Failure], None] | None = None,
    workers: int = 0,
    scheduler: str | None = None,
) -> IngestReport:
    """Read inputs into the store, one transaction per article. A bad input is a Skip and an
    article a stage fails on is a Failure: neither stops the batch.

    With `workers` > 0 (or a Dask `scheduler` address) the per-article stages run on Dask;
    storing and near-duplicate marking stay here, in input order, so the store is the same either way.
    """
    from .ingest import read_inputs
    from .ingest.dedup import NearDuplicateIndex

    report = IngestReport()
    dedup = NearDuplicateIndex()
    last_seq = 0

    def catch_up() -> None:
        """Index what was stored since we last looked (by an earlier run, or by another ingest
        running now), in the order first stored: a resumed run judges near-duplicates as an
        unbroken one would."""
        nonlocal last_seq
        for seq, stored in store.articles_after(last_seq):
            dedup.add(stored.id, _dedup_text(stored))
            last_seq = seq

    catch_up()

    def fail(article: Article, exc: BaseException | Failure) -> None:
        failure = exc if isinstance(exc, Failure) else Failure.of(article, exc)
        report.failed.append(failure)
        if on_item:
            on_item(failure)

    def keep(reading: Reading) -> None:
        catch_up()
        article = reading.article
        original = dedup.find(_dedup_text(article))
        if original and original != article.id:
            reading.article = article = replace(article, duplicate_of=original)
        supported = is_supported(article)
        store.put(reading, PIPELINE_VERSION, status="read" if supported else "unsupported_language")
        dedup.add(article.id, _dedup_text(article))
        if article.duplicate_of:
            report.duplicates.append((article.id, article.duplicate_of))
        if supported:
            report.stored.append(article.id)
        else:
            report.unsupported.append((article.source or article.id, article.language or "unknown"))

    def to_read() -> Iterator[Article]:
        seen: set[str] = set()
        for item in read_inputs(inputs, manifest=manifest, max_bytes=max_bytes):
            if on_item:
                on_item(item)
            if isinstance(item, Notice):
                report.notices.append(item)
            elif isinstance(item, Passed):
                report.passed.append(item)
            elif isinstance(item, Skip):
                report.skipped.append(item)
            elif item.id in seen or store.has(item.id, PIPELINE_VERSION):
                report.unchanged.append(item.id)  # the same text again: nothing to store
            else:
                seen.add(item.id)
                yield item

    if workers > 0 or scheduler:
        from .scale import read_in_parallel

        results = read_in_parallel(to_read(), workers, scheduler)
    else:
        results = _read_here(to_read(), resources)
    for article, outcome in results:
        if not isinstance(outcome, Reading):
            fail(article, outcome)
            continue
        try:
            keep(outcome)
        except SitrepError:
            raise  # the store itself failed: nothing more can be stored
        except Exception as exc:  # noqa: BLE001  near-duplicate marking or serialising one article
            fail(article, exc)
    return report


def _read_here(articles: Iterable[Article], resources: Resources | None) -> Iterator[tuple[Article, Reading | StageFailed]]:
    for article in articles:
        if resources is None:
            resources = Resources.load()
        try:
            yield article, read_article(article, resources)
        except StageFailed as exc:
            yield article, exc


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
    """Ingest then derive, in one call, in a temporary store unless `db` is given (for tests and scripts)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(db or str(Path(tmp) / "sitrep.db"))
        ingest(list(inputs), store, manifest=manifest)
        result = situation(store)
        store.close()
    return result
