"""HTML pages and fragments to text: trafilatura finds the main text and the page's metadata;
when it finds none, the page is cleaned (scripts, styles, forms, comments removed with
lxml_html_clean) and its block elements become paragraphs."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml_html_clean import Cleaner

from .errors import UnreadableInput
from .metadata import Meta, normalise_date

__all__ = ["read_html", "fragment_text", "looks_like_html"]

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
           "article", "figcaption", "figure", "pre", "header", "footer", "aside", "ul", "ol", "table", "dd", "dt"}

_CLEANER = Cleaner(scripts=True, javascript=True, comments=True, style=True, inline_style=True,
                   links=False, meta=True, page_structure=False, processing_instructions=True,
                   embedded=True, frames=True, forms=True, annoying_tags=True, remove_unknown_tags=False,
                   safe_attrs_only=True)

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)", re.I)

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|p|div)\b", re.I | re.S)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))


def read_html(markup: str) -> tuple[str, Meta]:
    """Main text (paragraphs separated by blank lines) and the page's metadata."""
    if "<" not in markup:
        raise UnreadableInput("no HTML markup found: give the page's HTML, or the text as a .txt file")
    text, meta = _trafilatura(markup)
    if not text.strip():
        text = fragment_text(markup)
    if not text.strip():
        raise UnreadableInput("malformed HTML or no article text in it: check the file is a complete page")
    lang = _HTML_LANG.search(markup[:5000])
    if lang and not meta.language:
        meta.language = lang.group(1)  # the page says its language: better than a guess
    return text, meta


def _trafilatura(markup: str) -> tuple[str, Meta]:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, favor_recall=True, deduplicate=False,
            # no guessing a date from the URL or today's date: the page's own metadata only
            date_extraction_params={"extensive_search": False, "original_date": True,
                                    "max_date": "2099-12-31"},
        )
    except (ValueError, TypeError, etree.LxmlError):
        return "", Meta()
    if doc is None:
        return "", Meta()
    text = _paragraphs(doc.text or "")
    byline = [a.strip() for a in re.split(r";|\band\b|,", doc.author or "") if a.strip()]
    meta = Meta(outlet=doc.sitename or None, title=doc.title or None, byline=byline,
                published=normalise_date(doc.date), url=doc.url or None)
    return text, meta


def _paragraphs(text: str) -> str:
    """trafilatura puts one paragraph per line; a blank line between them is what clean expects."""
    lines = [line.strip() for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line)


def fragment_text(markup: str) -> str:
    """Text of an HTML page or fragment (a feed item's content), one paragraph per block element."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
        root = _CLEANER.clean_html(root)
    except (etree.ParserError, etree.LxmlError, ValueError):
        return ""
    pieces: list[str] = []
    _walk(root, pieces)
    raw = "".join(pieces)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.split("\n")]
    return "\n\n".join(line for line in lines if line)


def _walk(node, pieces: list[str]) -> None:
    """Text in document order, a newline around each block element (a tail follows its element)."""
    block = isinstance(node.tag, str) and node.tag.lower() in _BLOCKS
    if block:
        pieces.append("\n")
    if isinstance(node.tag, str) and node.text:
        pieces.append(node.text)
    for child in node:
        _walk(child, pieces)
        if child.tail:
            pieces.append(child.tail)
    if block:
        pieces.append("\n")
