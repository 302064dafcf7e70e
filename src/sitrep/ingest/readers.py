"""One input's bytes to articles, by format: plain text, HTML, RSS/Atom feed, JSON, JSONL.

The format is taken from the file extension, else sniffed from the first characters. Each reader
raises `UnreadableInput` for what it cannot read; `read_inputs` turns that into a Skip."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import PurePath

from ..model import Article, Skip
from .decode import decode_bytes, decode_utf8
from .errors import Notice, UnreadableInput, too_big
from .feeds import looks_like_feed, read_feed
from .html import looks_like_html, read_html
from .language import detect_language
from .metadata import Meta, normalise_date, normalise_language

__all__ = ["FORMATS", "ARTICLE_EXTENSIONS", "guess_format", "read_document", "read_jsonl_lines", "make_article"]

FORMATS = ("text", "html", "feed", "json", "jsonl")

_EXTENSIONS = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
}

# What a directory walk reads; other files there (README.md, a CSV, images) are reported as
# skipped, and are read as text only when named one by one.
ARTICLE_EXTENSIONS = frozenset(_EXTENSIONS) | {".txt", ".text", ""}


def guess_format(name: str, head: str) -> str:
    """The reader for an input: its extension decides, else its first characters."""
    by_extension = _EXTENSIONS.get(PurePath(name).suffix.lower())
    if by_extension:
        return by_extension
    if looks_like_feed(head):
        return "feed"
    if looks_like_html(head):
        return "html"
    first = head.lstrip()[:1]
    if first == "{":
        return "jsonl"
    return "text"


def read_document(name: str, data: bytes, meta: Meta) -> Iterator[Article | Skip | Notice]:
    """Articles in one text, HTML, feed or JSON input (a JSONL file streams line by line through
    `read_jsonl_lines` instead; this path reads JSONL that came on stdin).
    `meta` (from a manifest) wins over what the document says about itself. A Notice comes first
    when the bytes were not clean UTF-8."""
    decoded = decode_bytes(data)
    text = decoded.text
    if decoded.warning():
        yield Notice(name, decoded.warning())
    if not text.strip():
        raise UnreadableInput("empty: there is no text to read; remove it from the inputs")
    kind = guess_format(name, text[:2000])
    if kind == "feed":
        yield from _feed_articles(name, text, meta)
    elif kind == "json":
        yield from _json_articles(name, text, meta)
    elif kind == "jsonl":
        yield from read_jsonl_lines(name, (line.encode("utf-8") for line in text.splitlines(keepends=True)),
                                    meta, max_bytes=None)
    elif kind == "html":
        body, page = read_html(text)
        yield make_article(body, name, meta.merged_over(page))
    else:
        yield make_article(text, name, meta)


def _feed_articles(name: str, text: str, meta: Meta) -> Iterator[Article | Skip]:
    found = False
    for item in read_feed(text):
        found = True
        where = f"{name}#{item.index}"  # the file read and the item in it (1-based); the link goes to url
        if not item.text or not item.text.strip():
            yield Skip(where, "feed item without content or description: nothing to read")
            continue
        yield make_article(item.text, where, meta.merged_over(item.meta))
    if not found:
        raise UnreadableInput("feed without items: nothing to read")


def _json_articles(name: str, text: str, meta: Meta) -> Iterator[Article | Skip]:
    """A .json file: one article object, a list of them, or {"articles": [...]}."""
    try:
        data = json.loads(text)
    except RecursionError as e:
        raise UnreadableInput("JSON nested too deeply to read: give one object per article") from e
    except json.JSONDecodeError as e:
        if "\n{" in text.strip():  # JSON Lines under a .json name
            yield from read_jsonl_lines(name, (x.encode("utf-8") for x in text.splitlines()), meta, max_bytes=None)
            return
        raise UnreadableInput(f"malformed JSON (line {e.lineno}: {e.msg}): fix the file") from e
    records = data.get("articles", [data]) if isinstance(data, dict) else data
    if not isinstance(records, list) or not any(isinstance(r, dict) and ("text" in r or "html" in r) for r in records):
        raise UnreadableInput("JSON without article text (no 'text' or 'html' field): not an article file")
    for number, record in enumerate(records, start=1):
        where = f"{name}#{number}" if len(records) > 1 else name
        try:
            yield _jsonl_article(where, json.dumps(record), meta)
        except UnreadableInput as e:
            yield Skip(where, str(e))


def read_jsonl_lines(name: str, lines: Iterable[bytes], meta: Meta,
                     max_bytes: int | None) -> Iterator[Article | Skip | Notice]:
    """One article per JSON line: {"text" or "html", optional "url", "outlet", "published", "title",
    "language", "byline"}. A bad line is a Skip; the file goes on."""
    for number, raw in enumerate(lines, start=1):
        where = f"{name}:{number}"
        if max_bytes is not None and len(raw) > max_bytes:
            yield Skip(where, str(too_big("line", len(raw), max_bytes)))
            continue
        decoded = decode_utf8(raw)
        line = decoded.text.strip()
        if decoded.stray and line:
            yield Notice(where, decoded.warning(within=" of the line"))
        if not line:
            continue
        try:
            yield _jsonl_article(where, line, meta)
        except UnreadableInput as e:
            yield Skip(where, str(e))


def _jsonl_article(where: str, line: str, meta: Meta) -> Article:
    try:
        record = json.loads(line)
    except RecursionError as e:
        raise UnreadableInput("JSON line nested too deeply to read: write one flat object per line") from e
    except json.JSONDecodeError as e:
        raise UnreadableInput(f"malformed JSON line ({e.msg} at column {e.colno}): fix or remove the line") from e
    if not isinstance(record, dict):
        raise UnreadableInput("JSON line is not an object: write one {\"text\": ...} object per line")
    text, html = record.get("text"), record.get("html")
    page = Meta()
    if isinstance(text, str) and text.strip():
        body = text.replace("\r\n", "\n").replace("\r", "\n")
    elif isinstance(html, str) and html.strip():
        body, page = read_html(html)
    else:
        raise UnreadableInput("JSON line has neither 'text' nor 'html': give the article in one of them")
    byline = record.get("byline") or record.get("author") or []
    if isinstance(byline, str):
        byline = [b.strip() for b in byline.split(",") if b.strip()]
    own = Meta(outlet=_str(record.get("outlet") or record.get("source")), title=_str(record.get("title")),
               byline=[str(b) for b in byline], published=normalise_date(record.get("published")),
               language=_str(record.get("language")), url=_str(record.get("url")))
    merged = meta.merged_over(own).merged_over(page)
    return make_article(body, where, merged)  # source: the file and line read; the record's link is url


def make_article(text: str, source: str, meta: Meta) -> Article:
    """An Article whose id is the hash of its text; the language is detected when not given."""
    if not text.strip():
        raise UnreadableInput("empty: there is no text to read; remove it from the inputs")
    fields = meta.as_article_fields()
    fields["language"] = normalise_language(fields["language"])  # what the manifest or feed says wins
    if not fields["language"]:
        fields["language"] = detect_language(text)
    return Article.from_text(text, source=source, **fields)


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
