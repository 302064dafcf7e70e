"""The domain types of sitrep, shared by every stage.

Every extracted thing carries the id of the article it was read from and a character span
(`start`, `end`) into `Article.text`, the text exactly as read. Cleaning marks spans; it never
deletes. Ids are derived from content hashes so that the same input always gets the same id.

`to_dict()` on each type gives the shape of `../shared/contract/situation.schema.json`.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = [
    "Article", "BodySpan", "Removed", "Skip", "Span", "Source", "Range", "Entity", "PlaceRef",
    "PlaceMention", "Place", "Quote", "Claim", "Event", "Reading", "Incident", "Agreement",
    "DisputeSide", "Dispute", "Control", "stable_id", "text_hash", "ARTICLE_SOURCE",
]


def text_hash(text: str) -> str:
    """Content hash of an article's text: the basis of its id, so re-ingesting stores nothing twice."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stable_id(prefix: str, *parts: Any) -> str:
    """A short, deterministic id built from the parts that make a thing what it is."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:12]}"


RemovedKind = Literal[
    "title", "byline", "dateline", "standfirst", "caption", "credit", "widget", "related",
    "title_repeat", "reporting_credit", "other",
]


@dataclass(frozen=True)
class Span:
    article: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"article": self.article, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class BodySpan:
    start: int
    end: int


@dataclass(frozen=True)
class Removed:
    kind: str  # one of RemovedKind
    start: int
    end: int


@dataclass
class Article:
    """One article. `text` is never altered after reading; cleaning fills `body` and `removed`."""

    id: str
    text: str
    source: str | None = None  # path or URL it was read from
    outlet: str | None = None
    title: str | None = None
    standfirst: str | None = None
    byline: list[str] = field(default_factory=list)
    dateline: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    language: str | None = None
    url: str | None = None
    body: list[BodySpan] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    duplicate_of: str | None = None

    @classmethod
    def from_text(cls, text: str, **meta: Any) -> "Article":
        return cls(id="a_" + text_hash(text)[:16], text=text, **meta)

    def body_text(self) -> str:
        """`text` with every character outside the body blanked to a space (newlines kept).

        Offsets into it are offsets into `text`, so NLP can run on prose alone and still report
        spans of the text as read.
        """
        if not self.body:
            # Not cleaned yet: all is prose. Cleaned and nothing left: all is furniture.
            return self.text if not self.removed else "".join(c if c == "\n" else " " for c in self.text)
        keep = bytearray(len(self.text))
        for b in self.body:
            keep[b.start:b.end] = b"\x01" * (b.end - b.start)
        return "".join(
            ch if keep[i] or ch == "\n" else " " for i, ch in enumerate(self.text)
        )

    def in_body(self, start: int, end: int) -> bool:
        if not self.body:
            return not self.removed
        return any(b.start <= start and end <= b.end for b in self.body)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "source": self.source,
            "outlet": self.outlet,
            "title": self.title,
            "standfirst": self.standfirst,
            "byline": list(self.byline),
            "dateline": self.dateline,
            "published": self.published,
            "language": self.language,
            "text": self.text,
            "body": [{"start": b.start, "end": b.end} for b in self.body],
            "removed": [{"kind": r.kind, "start": r.start, "end": r.end} for r in self.removed],
            "duplicate_of": self.duplicate_of,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Article":
        d = dict(d)
        d["body"] = [BodySpan(b["start"], b["end"]) for b in d.get("body", [])]
        d["removed"] = [Removed(r["kind"], r["start"], r["end"]) for r in d.get("removed", [])]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass(frozen=True)
class Skip:
    """An input that could not be read as an article, and why (one line a user can act on)."""

    input: str
    reason: str


SourceKind = Literal["entity", "unnamed", "article", "document"]


@dataclass(frozen=True)
class Source:
    """Who says a thing: a resolved entity (its id and name), an unnamed description, a document
    (an institution's statement), or the article's own voice."""

    kind: str  # one of SourceKind
    entity: str | None = None  # entity id when kind == "entity"; for a document, the entity that issued it
    description: str | None = None  # name, or the words that describe the source

    def to_dict(self) -> dict:
        return {"kind": self.kind, "entity": self.entity, "description": self.description}

    @classmethod
    def from_dict(cls, d: dict) -> "Source":
        return cls(d["kind"], d.get("entity"), d.get("description"))


ARTICLE_SOURCE = Source("article")


@dataclass(frozen=True)
class Range:
    """A figure as reported: 'more than 60' is low 61; 'about 20' is 15/20/25; 'dozens' low 24."""

    low: float | None
    best: float | None
    high: float | None
    text: str
    unit: str | None = None

    def to_dict(self) -> dict:
        return {"low": _num(self.low), "best": _num(self.best), "high": _num(self.high),
                "unit": self.unit, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict) -> "Range":
        return cls(d.get("low"), d.get("best"), d.get("high"), d.get("text", ""), d.get("unit"))


def _num(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


@dataclass
class Entity:
    """A person or organisation as one article names it (merged across articles by name in fuse)."""

    id: str
    name: str
    kind: str  # person, organization, armed_group, state_force, government, civilians, other
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    mentions: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind, "aliases": sorted(set(self.aliases)),
                "roles": list(dict.fromkeys(self.roles)), "affiliation": self.affiliation,
                "mentions": [m.to_dict() for m in sorted(self.mentions, key=_span_key)]}

    @classmethod
    def from_dict(cls, d: dict) -> "Entity":
        return cls(d["id"], d["name"], d["kind"], list(d.get("aliases", [])), list(d.get("roles", [])),
                   d.get("affiliation"), [Span(**m) for m in d.get("mentions", [])])


def _span_key(s: Span) -> tuple:
    return (s.article, s.start, s.end)


@dataclass(frozen=True)
class PlaceRef:
    """A gazetteer entry: where a place is."""

    id: str  # stable: "geo_" + gazetteer id (or a hash of name+country when none)
    name: str
    kind: str  # country, admin1, admin2, city, town, village, facility, region, border, other
    country_code: str | None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    gazetteer_id: str | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind, "country_code": self.country_code,
                "admin1": self.admin1, "admin2": self.admin2, "lat": self.lat, "lon": self.lon,
                "gazetteer_id": self.gazetteer_id}

    @classmethod
    def from_dict(cls, d: dict) -> "PlaceRef":
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance between two points on the Earth (haversine, mean radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


PlaceRole = Literal["event", "context", "dateline", "credit"]


@dataclass(frozen=True)
class PlaceMention:
    """A place named in an article, resolved (or not) to a gazetteer entry."""

    article: str
    start: int
    end: int
    surface: str
    place: PlaceRef | None
    role: str = "context"  # one of PlaceRole
    precision: int = 1  # 1 the place itself, 2 near it / part of it, 3 only the province or country
    confidence: float = 1.0  # below 1 when the name only resembles the place's (a transliteration guess)

    def to_dict(self) -> dict:
        d = {"article": self.article, "start": self.start, "end": self.end, "surface": self.surface,
             "place": self.place.to_dict() if self.place else None, "role": self.role,
             "precision": self.precision}
        if self.confidence < 1.0:
            d["confidence"] = self.confidence
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "PlaceMention":
        p = d.get("place")
        return cls(d["article"], d["start"], d["end"], d["surface"], PlaceRef.from_dict(p) if p else None,
                   d.get("role", "context"), d.get("precision", 1), d.get("confidence", 1.0))


@dataclass
class Place:
    """A place in the situation picture: a gazetteer entry with all its mentions."""

    ref: PlaceRef
    mentions: list[PlaceMention] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = self.ref.to_dict()
        d["mentions"] = [
            {"article": m.article, "start": m.start, "end": m.end, "role": m.role}
            | ({"confidence": m.confidence} if m.confidence < 1.0 else {})
            for m in sorted(self.mentions, key=lambda m: (m.article, m.start, m.end))
        ]
        return d


@dataclass
class Quote:
    id: str
    article: str
    kind: str  # direct, indirect, mixed
    text: str
    speaker: Source
    start: int
    end: int
    cue: str | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "article": self.article, "kind": self.kind, "text": self.text,
                "speaker": self.speaker.to_dict(), "cue": self.cue, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict) -> "Quote":
        return cls(d["id"], d["article"], d["kind"], d["text"], Source.from_dict(d["speaker"]),
                   d["start"], d["end"], d.get("cue"))


ClaimKind = Literal["quantity", "control", "event", "characterization"]


@dataclass
class Claim:
    """One assertion with its source. `subject` is normalised enough to compare across articles:
    for quantities the counted thing, for control the place, for characterizations what is
    characterised. `value` is a Range for quantities, else a short string (a holder, a label)."""

    id: str
    article: str
    kind: str  # one of ClaimKind
    subject: str
    source: Source
    start: int
    end: int
    value: Range | str | None = None
    place: str | None = None  # place id
    date: str | None = None
    incident: str | None = None
    hedged: bool = False
    quote: str | None = None  # quote id
    # not in the contract: helps fuse compare claims (e.g. killed vs wounded; a date's precision)
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict:
        v = self.value.to_dict() if isinstance(self.value, Range) else self.value
        return {"id": self.id, "article": self.article, "kind": self.kind, "subject": self.subject,
                "value": v, "place": self.place, "date": self.date, "incident": self.incident,
                "source": self.source.to_dict(), "hedged": self.hedged, "quote": self.quote,
                "start": self.start, "end": self.end}

    def to_record(self) -> dict:
        d = self.to_dict()
        d["attrs"] = self.attrs
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Claim":
        v = d.get("value")
        if isinstance(v, dict):
            v = Range.from_dict(v)
        return cls(d["id"], d["article"], d["kind"], d["subject"], Source.from_dict(d["source"]),
                   d["start"], d["end"], v, d.get("place"), d.get("date"), d.get("incident"),
                   d.get("hedged", False), d.get("quote"), dict(d.get("attrs", {})))


@dataclass
class Event:
    """One mention of something happening, in one article, coded with the ACLED taxonomy."""

    id: str
    article: str
    type: str
    sub_type: str
    start: int
    end: int
    date: str | None = None
    date_precision: int | None = None
    place: str | None = None  # place id
    place_precision: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: Range | None = None
    source: Source = ARTICLE_SOURCE
    # not in the contract: the trigger word and hedging, for clustering and comparing
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"id": self.id, "article": self.article, "type": self.type, "sub_type": self.sub_type,
                "date": self.date, "date_precision": self.date_precision, "place": self.place,
                "place_precision": self.place_precision, "actor1": self.actor1, "actor2": self.actor2,
                "fatalities": self.fatalities.to_dict() if self.fatalities else None,
                "source": self.source.to_dict(), "start": self.start, "end": self.end}

    def to_record(self) -> dict:
        d = self.to_dict()
        d["attrs"] = self.attrs
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Event":
        f = d.get("fatalities")
        return cls(d["id"], d["article"], d["type"], d["sub_type"], d["start"], d["end"], d.get("date"),
                   d.get("date_precision"), d.get("place"), d.get("place_precision"), d.get("actor1"),
                   d.get("actor2"), Range.from_dict(f) if f else None,
                   Source.from_dict(d["source"]) if d.get("source") else ARTICLE_SOURCE,
                   dict(d.get("attrs", {})))


@dataclass
class Reading:
    """Everything the per-article stages read from one article. Pure function of the article:
    this is what Dask maps over, and what the store keeps per article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_record(self) -> dict:
        """The stored form (not the contract): lossless, so `from_record` round-trips."""
        return {
            "article": self.article.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "places": [p.to_dict() for p in self.places],
            "quotes": [q.to_dict() for q in self.quotes],
            "claims": [c.to_record() for c in self.claims],
            "events": [e.to_record() for e in self.events],
        }

    @classmethod
    def from_record(cls, d: dict) -> "Reading":
        return cls(
            Article.from_dict(d["article"]),
            [Entity.from_dict(e) for e in d.get("entities", [])],
            [PlaceMention.from_dict(p) for p in d.get("places", [])],
            [Quote.from_dict(q) for q in d.get("quotes", [])],
            [Claim.from_dict(c) for c in d.get("claims", [])],
            [Event.from_dict(e) for e in d.get("events", [])],
        )


@dataclass
class Incident:
    id: str
    type: str
    sub_type: str
    date: str | None
    place: str | None
    events: list[str]
    articles: list[str]
    actors: list[str] = field(default_factory=list)
    fatalities: Range | None = None
    outlets: list[str] = field(default_factory=list)
    summary: str | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "type": self.type, "sub_type": self.sub_type, "date": self.date,
                "place": self.place, "actors": self.actors,
                "fatalities": self.fatalities.to_dict() if self.fatalities else None,
                "events": self.events, "articles": self.articles, "outlets": self.outlets,
                "summary": self.summary}


@dataclass
class Agreement:
    id: str
    subject: str
    claims: list[str]
    articles: list[str]
    value: Any = None
    outlets: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        v = self.value.to_dict() if isinstance(self.value, Range) else self.value
        return {"id": self.id, "subject": self.subject, "value": v, "claims": self.claims,
                "articles": self.articles, "outlets": self.outlets}


@dataclass
class DisputeSide:
    value: Any
    claims: list[str]
    sources: list[Source] = field(default_factory=list)

    def to_dict(self) -> dict:
        v = self.value.to_dict() if isinstance(self.value, Range) else self.value
        return {"value": v, "claims": self.claims, "sources": [s.to_dict() for s in self.sources]}


@dataclass
class Dispute:
    id: str
    kind: str  # control, quantity, date, characterization, other
    subject: str
    sides: list[DisputeSide]
    incident: str | None = None
    place: str | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "subject": self.subject, "incident": self.incident,
                "place": self.place, "sides": [s.to_dict() for s in self.sides]}


@dataclass
class Control:
    place: str  # place id
    holder: str
    status: str  # confirmed, claimed, disputed
    claims: list[str]
    from_: str | None = None
    to: str | None = None

    def to_dict(self) -> dict:
        return {"place": self.place, "holder": self.holder, "from": self.from_, "to": self.to,
                "status": self.status, "claims": self.claims}


def asdict_sorted(obj: Any) -> dict:
    """Plain dict of a dataclass (for debugging and tests)."""
    return asdict(obj)
