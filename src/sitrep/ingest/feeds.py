"""RSS 2.0 (and 1.0) and Atom feeds: one article per item, with its link, date, author and source.

XML is parsed with defusedxml, which refuses entity declarations and external references: a
feed cannot expand into gigabytes ("billion laughs") or read local files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from .errors import UnreadableInput
from .html import fragment_text
from .metadata import Meta, normalise_date

__all__ = ["FeedItem", "read_feed", "looks_like_feed"]

_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC = "{http://purl.org/dc/elements/1.1/}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_FEED_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)


def looks_like_feed(text: str) -> bool:
    return bool(_FEED_START.match(text[:2000]))


@dataclass
class FeedItem:
    index: int  # position in the feed, from 1
    text: str | None  # None when the item has no content
    meta: Meta


def read_feed(xml: str) -> Iterator[FeedItem]:
    root = _parse(xml)
    tag = _local(root.tag)
    if tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise UnreadableInput("RSS feed without a <channel>: check the feed is complete")
        outlet = _outlet(_text(channel.find("title")))
        language = _text(channel.find("language")) or _text(channel.find(f"{_DC}language"))
        items = channel.findall("item")
        yield from (_rss_item(i, item, outlet, language=language) for i, item in enumerate(items, start=1))
    elif tag == "RDF":  # RSS 1.0: items are siblings of the channel, in the RSS 1.0 namespace
        channel = root.find(f"{_RSS1}channel")
        outlet = _outlet(_text(channel.find(f"{_RSS1}title"))) if channel is not None else None
        language = _text(channel.find(f"{_DC}language")) if channel is not None else None
        items = root.findall(f"{_RSS1}item")
        yield from (_rss_item(i, item, outlet, _RSS1, language) for i, item in enumerate(items, start=1))
    elif tag == "feed":
        outlet = _outlet(_text(root.find(f"{_ATOM}title")))
        language = root.get(_XML_LANG)
        entries = root.findall(f"{_ATOM}entry")
        yield from (_atom_entry(i, entry, outlet, language) for i, entry in enumerate(entries, start=1))
    else:
        raise UnreadableInput(f"XML whose root is <{tag}>, not an RSS <rss>/<rdf:RDF> or Atom <feed>: give a feed")


def _parse(xml: str) -> Element:
    # ElementTree refuses a str that declares an encoding; the text is already decoded
    xml = re.sub(r"^\s*<\?xml[^>]*\?>", "", xml, count=1)
    try:
        return SafeET.fromstring(xml)
    except DefusedXmlException as e:
        raise UnreadableInput(f"feed declares XML entities or a DTD ({type(e).__name__}), refused for "
                              "safety: remove the <!DOCTYPE>/<!ENTITY> declarations") from e
    except ParseError as e:
        raise UnreadableInput(f"malformed XML ({e}): check the feed is complete and well-formed") from e


def _rss_item(index: int, item: Element, outlet: str | None, ns: str = "", language: str | None = None) -> FeedItem:
    encoded, description = _text(item.find(_CONTENT)), _text(item.find(f"{ns}description"))
    content = encoded or description
    source = _text(item.find("source"))
    author = _text(item.find(f"{_DC}creator")) or _text(item.find("author"))
    meta = Meta(
        outlet=source or outlet,
        title=_text(item.find(f"{ns}title")),
        standfirst=_standfirst(description) if encoded else None,
        byline=_names(author),
        published=normalise_date(_text(item.find("pubDate")) or _text(item.find(f"{_DC}date"))),
        url=_text(item.find(f"{ns}link")) or _text(item.find("guid")),
        language=_text(item.find(f"{_DC}language")) or language,  # the feed says it: no need to guess
    )
    return FeedItem(index, fragment_text(content) if content else None, meta)


def _atom_entry(index: int, entry: Element, outlet: str | None, language: str | None = None) -> FeedItem:
    content_el = entry.find(f"{_ATOM}content")
    summary_el = entry.find(f"{_ATOM}summary")
    summary = _text(summary_el) if content_el is not None else None
    if content_el is None:
        content_el = summary_el
    text = None
    if content_el is not None:
        if content_el.get("type", "text") in ("html", "xhtml") or len(content_el):
            inner = (content_el.text or "") + "".join(_serialise(c) for c in content_el)
            text = fragment_text(inner) if inner.strip() else None
        else:
            text = (content_el.text or "").strip() or None
    source = entry.find(f"{_ATOM}source")
    authors = [_text(a.find(f"{_ATOM}name")) for a in entry.findall(f"{_ATOM}author")]
    meta = Meta(
        outlet=(_text(source.find(f"{_ATOM}title")) if source is not None else None) or outlet,
        title=_text(entry.find(f"{_ATOM}title")),
        standfirst=_standfirst(summary),
        byline=[a for a in authors if a],
        published=normalise_date(_text(entry.find(f"{_ATOM}published")) or _text(entry.find(f"{_ATOM}updated"))),
        url=_atom_link(entry),
        language=entry.get(_XML_LANG) or (content_el.get(_XML_LANG) if content_el is not None else None) or language,
    )
    return FeedItem(index, text, meta)


def _standfirst(summary: str | None) -> str | None:
    """An item's description or summary, beside its full content, is the standfirst."""
    text = " ".join(fragment_text(summary).split()) if summary else ""
    return text or None


def _outlet(channel_title: str | None) -> str | None:
    """The outlet in a channel title: "Eastern Lines — News from the Donbas" -> "Eastern Lines"."""
    if not channel_title:
        return None
    return re.split(r"\s+[—–|:]\s+|\s+-\s+", channel_title, maxsplit=1)[0].strip() or channel_title


def _atom_link(entry: Element) -> str | None:
    links = entry.findall(f"{_ATOM}link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return links[0].get("href") if links and links[0].get("href") else None


def _serialise(el: Element) -> str:
    from xml.etree.ElementTree import tostring

    markup = tostring(el, encoding="unicode")
    markup = re.sub(r"\sxmlns(?::\w+)?=\"[^\"]*\"", "", markup)  # XHTML content: plain tag names for lxml.html
    return re.sub(r"<(/?)[\w-]+:", r"<\1", markup)


def _text(el: Element | None) -> str | None:
    if el is None or el.text is None:
        return None
    return el.text.strip() or None


def _names(value: str | None) -> list[str]:
    if not value:
        return []
    value = re.sub(r"^\S+@\S+\s*\((.*)\)$", r"\1", value.strip())  # RSS 'mail@site (Name)'
    return [n.strip() for n in re.split(r",|;|\band\b", value) if n.strip()]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
