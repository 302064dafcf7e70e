"""Metadata that travels beside an article's text (from a manifest, a feed, HTML or a JSONL
record), and the normalisation of publication dates to ISO YYYY-MM-DD."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from email.utils import parsedate_to_datetime

__all__ = ["Meta", "normalise_date", "normalise_language"]


@dataclass
class Meta:
    """What a reader or manifest knows about an article besides its text. Empty means unknown."""

    outlet: str | None = None
    title: str | None = None
    standfirst: str | None = None
    byline: list[str] = field(default_factory=list)
    published: str | None = None
    language: str | None = None
    url: str | None = None

    def merged_over(self, other: "Meta") -> "Meta":
        """This metadata where it is known, `other` where this is empty (a manifest over HTML)."""
        values = {}
        for f in fields(self):
            mine = getattr(self, f.name)
            values[f.name] = mine if mine else getattr(other, f.name)
        return Meta(**values)

    def as_article_fields(self) -> dict:
        return {"outlet": self.outlet or None, "title": self.title or None,
                "standfirst": self.standfirst or None, "byline": list(self.byline),
                "published": self.published or None, "language": self.language or None,
                "url": self.url or None}


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d)")
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")


def normalise_date(value: object) -> str | None:
    """ISO YYYY-MM-DD from the forms feeds and sites use (ISO 8601, RFC 822, '7 July 2021',
    'July 7, 2021'); None when the value is empty or no full calendar date can be read from it.

    The date is the one written (the publisher's local day), not converted to UTC. Relative
    phrases ('yesterday') are not dates: resolving them would depend on when sitrep runs.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    m = _ISO_DATE.match(text)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if re.match(r"^[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}", text) or re.match(r"^\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", text):
        try:
            return parsedate_to_datetime(text).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    return _parse_words(text)


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _parse_words(text: str) -> str | None:
    if len(text) > 80 or not re.search(r"\d{4}", text):
        return None  # a full date names its year; longer strings are sentences, not dates
    import dateparser  # slow to import: only when a date is not already ISO or RFC 822

    parsed = dateparser.parse(
        text,
        languages=None,
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                  "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
                  "RELATIVE_BASE": datetime(2000, 1, 1)},
    )
    return parsed.date().isoformat() if parsed else None


def normalise_language(value: object) -> str | None:
    """ISO 639-1 code from what manifests and feeds write: 'en', 'EN', 'en-US', 'fr_FR', 'Arabic',
    'ara'. A value that names no language is kept lower-cased, so the article is still reported
    as in an unsupported language rather than silently read as English."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    head = re.split(r"[-_]", text, maxsplit=1)[0]
    if len(head) == 2 and head.isalpha():
        return head.lower()
    import pycountry

    try:
        found = pycountry.languages.lookup(head)
    except LookupError:
        return text.lower()
    return getattr(found, "alpha_2", None) or text.lower()
