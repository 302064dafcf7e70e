"""Boilerplate detection: which spans of an article's text are prose, and which are furniture.

Cleaning marks spans; it never alters `Article.text`. It reads the text as lines (a paragraph, a
caption, a credit, a byline) and labels them in passes, each a rule about page structure:

1. lines that are furniture wherever they stand: ads, share prompts, teaser links, liveblog
   timestamps; a widget heading ("Check Also", "Most read") and everything after it;
2. photo credits, and the captions they sit under (a caption is known by its credit, not its words);
3. the head: kicker, headline, byline (also one broken over two lines), timestamps, standfirst,
   and the dateline that opens the first paragraph ("KHARTOUM (AP) —");
4. the tail: the headline repeated, the reporting-credits paragraph, copyright lines.

What is left between head and tail is the body. The vocabularies live in data/boilerplate.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from .model import Article, BodySpan, Removed

__all__ = ["clean", "Vocabulary", "load_vocabulary"]

# How far into the text the head (headline, byline, standfirst, first captions) may reach, in lines.
HEAD_MAX_LINES = 14
# How far back from the end the tail (credits, repeated headline, copyright) may reach, in lines.
TAIL_MAX_LINES = 8
# A line of prose: a full sentence of at least this many words (shorter lines may be headings).
PROSE_MIN_WORDS = 6
# A paragraph that ends a teaser block: prose of at least this many words (teasers are shorter).
PARAGRAPH_MIN_WORDS = 20
# A widget heading ends the article only once this much prose came before it (a "Most read" rail
# above the story must not swallow it); a short news lede counts.
LEDE_MIN_WORDS = 12
# The most teaser lines a "Read more"/"Related" heading takes with it when no prose stops it first.
TEASER_MAX_LINES = 6
# The most lines an inline list of links runs, from its heading to its closing marker ("end of list"):
# a heading, a count line, up to nine links (sites list three to five; not tuned on any set).
LIST_MAX_LINES = 12
# The longest line, in words and characters, read as a headline.
TITLE_MAX_WORDS = 30
TITLE_MAX_CHARS = 250
# A masthead (the site's name above its menu) has at most this many words.
MASTHEAD_MAX_WORDS = 5
# A dateline's place has at most this many words ("DEIR AL-BALAH, Gaza Strip").
DATELINE_MAX_WORDS = 7

_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_CLOSING = "\"'”’)]"


# ---------------------------------------------------------------------------------------------
# Vocabulary (data/boilerplate.json, compiled once)


@dataclass(frozen=True)
class Vocabulary:
    rest_headings: frozenset[str]
    rest_prefixes: tuple[str, ...]
    block_headings: frozenset[str]
    box_headings: frozenset[str]
    widget_lines: tuple[re.Pattern, ...]
    widget_max_words: int
    list_close_lines: tuple[re.Pattern, ...]
    list_close_max_words: int
    related_lines: tuple[re.Pattern, ...]
    related_max_words: int
    credit_prefix: re.Pattern
    credit_agency_line: re.Pattern
    credit_tails: tuple[re.Pattern, ...]
    credit_max_words: int
    caption_prefix: re.Pattern
    caption_label: re.Pattern
    caption_max_words: int
    speech_cue: re.Pattern
    reporting_credit: tuple[re.Pattern, ...]
    reporting_max_words: int
    footer_lines: tuple[re.Pattern, ...]
    footer_max_words: int
    head_lines: tuple[re.Pattern, ...]
    head_max_words: int
    liveblog_lines: tuple[re.Pattern, ...]
    liveblog_max_words: int
    byline_prefix: re.Pattern
    role_words: frozenset[str]
    outlet_words: frozenset[str]
    name_particles: frozenset[str]
    not_places: frozenset[str]
    dateline: re.Pattern
    wire_only_dateline: re.Pattern
    dated_dateline: re.Pattern
    stamp: re.Pattern
    metadata_prefix: re.Pattern


@lru_cache(maxsize=4)
def load_vocabulary(path: str | None = None) -> Vocabulary:
    """The shipped vocabularies; a user file of the same shape overrides only the keys it sets
    (e.g. {"credit_lines": {"agencies": [...]}} replaces that one list)."""
    shipped = json.loads(resources.files("sitrep").joinpath("data/boilerplate.json").read_text(encoding="utf-8"))
    if path is not None:
        with open(path, encoding="utf-8") as handle:
            for group, values in json.load(handle).items():
                if isinstance(values, dict) and isinstance(shipped.get(group), dict):
                    shipped[group] = {**shipped[group], **values}
                else:
                    shipped[group] = values
    return _compile(shipped)


def _patterns(group: dict) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in group["patterns"])


def _alternation(words) -> str:
    """A regex alternation of literal words, longest first ("AFP via Getty Images" before "AFP");
    an empty list matches nothing (an empty alternation would match everywhere)."""
    words = [w for w in set(words) if w]
    if not words:
        return "(?!)"
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _compile(d: dict) -> Vocabulary:
    credit = d["credit_lines"]
    agencies = _alternation(credit["agencies"])
    prefixes = _alternation(credit["prefixes"])
    credit_prefix = re.compile(rf"^\(?(?:{prefixes})\s*(?:…|\.\.\.|:|\||/|-|–|—|\bby\b|,)\s*\S", re.IGNORECASE)
    # "Mirwis Omari/Associated Press", "(AP Photo/Jane Roe)", "AFP via Getty Images", "Reuters/File"
    credit_agency_line = re.compile(
        rf"^\(?(?:[^\s/()](?:(?![.!?]\s)[^/()]){{0,60}}\s*/\s*(?:{agencies})(?:\s*/\s*[^/()]{{1,40}})?"
        rf"|(?:{agencies})(?:\s+photo)?(?:\s*/\s*[^/()]{{1,60}})?"
        rf"|[^/()]{{1,60}}\bvia\s+(?:{agencies}))\)?\.?$"
    )
    # a caption and its credit on one line: "... on Sunday. Photo: AFP", "... (AP Photo/Jane Roe)",
    # "... on Sunday. Jane Roe/Reuters", "... on Sunday. — AFP"; group 1 is the credit
    credit_tails = (
        re.compile(rf"(?<=[.!?”\"’)])\s+((?:{prefixes})\s*(?:…|:|\||by\b)\s*[^.]{{2,80}}\.?)$", re.IGNORECASE),
        re.compile(rf"(?<=[.!?”\"’)])\s+([A-Z][^.!?/]{{1,50}}/\s*(?:{agencies})(?:\s*/\s*[^/]{{1,40}})?\.?)$"),
        re.compile(rf"\s+(\((?:(?:{agencies})?\s*Photo\b[^)]{{0,60}}|(?:{agencies})(?:\s*/\s*[^)]{{1,40}})?)\)\.?)$", re.IGNORECASE),
        re.compile(rf"\s+([—–]\s*(?:{agencies})(?:\s*/\s*[^/]{{1,40}})?\.?)$"),
        re.compile(rf"(?<=[.!?”\"’)])\s+((?:{agencies})\s*/\s*[^/.]{{1,40}}(?:/[^/.]{{1,20}})?\.?)$"),
    )
    byline = d["byline"]
    tags = tuple(d["dateline"]["wire_tags"])
    months = _alternation(d["dateline"]["months"])
    # a known wire, or any short capitalised name in brackets: "KHARTOUM (Meridian Wire) —"
    tag_group = rf"\(\s*(?:{_alternation(tags)}|[A-Z][\w&.'’\-]*(?:\s+[A-Z][\w&.'’\-]*){{0,3}})(?:\s*/\s*[^()]{{1,40}})?\s*\)"
    dashes = _alternation(d["dateline"]["dashes"])
    # letters in any script: "BOGOTÁ", "Gaziantep", "DEIR AL-BALAH"; case is checked in _dateline_match
    word = r"[^\W\d_][\w'’.\-]*"
    segment = rf"{word}(?:\s+{word}){{0,4}}"
    date_part = rf"(?:,?\s+(?:(?:{months})\s+\d{{1,2}}|\d{{1,2}}\s+(?:{months})))(?:,?\s+\d{{4}})?"
    # KABUL, Afghanistan — / KHARTOUM (AP) — / Kyiv, Ukraine (Reuters) - / GENEVA, March 3 (Reuters) -
    # / NYALA / KHARTOUM —
    dateline = re.compile(
        rf"^(?P<place>{segment}(?:(?:,|\s*/)\s*{segment}){{0,2}})"
        rf"(?P<date>{date_part})?\s*(?P<tag>{tag_group})?\s*(?P<dash>{dashes})\s+(?=\S)"
    )
    wire_only = re.compile(rf"^(?P<tag>{tag_group})\s*(?:{dashes})\s+(?=\S)")
    # "December 3, 2023 (KHARTOUM) – ...": the date first, the place in brackets
    dated = re.compile(
        rf"^(?P<dated>(?:(?:{months})\s+\d{{1,2}},?|\d{{1,2}}\s+(?:{months}),?)\s+\d{{4}})\s*"
        rf"\((?P<place>{segment}(?:,\s*{segment})?)\)\s*(?P<dash>{dashes})\s+(?=\S)"
    )
    # a date or time inside a byline line: "July 7, 2021", "7 Jul 2021", "10:32 GMT", "5 min read"
    stamp = re.compile(
        rf"\b(?:(?:{months})\s+\d{{1,2}}\b(?:,?\s+\d{{4}})?|\d{{1,2}}\s+(?:{months})(?:,?\s+\d{{4}})?"
        rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[:.]\d{{2}}\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*[A-Z]{{2,4}}\b)?"
        rf"|\d+\s*min(?:ute)?s?\s+read)",
        re.IGNORECASE,
    )
    # "date 2025-01-28 ...", "Published: 3 May 2023 10:00 | ...": a feed's field before the text; a
    # year is required, so prose that opens with a label word ("Updated maps show ...") is left alone
    day = (rf"(?:\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"
           rf"|(?:{months})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{months})\.?,?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})")
    clock = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:am|pm))?(?:\s+[A-Z]{2,4})?)?"
    metadata_prefix = re.compile(
        rf"^(?:{_alternation(d['metadata_labels']['labels'])})\s*:?\s*{day}{clock}(?:\s*[|·•\-–—]\s*|\s+|$)",
        re.IGNORECASE)
    return Vocabulary(
        rest_headings=frozenset(p.casefold() for p in d["widget_headings_rest"]["phrases"]),
        rest_prefixes=tuple(p.casefold() + " " for p in d["widget_headings_rest"]["prefixes"]),
        block_headings=frozenset(p.casefold() for p in d["widget_headings_block"]["phrases"]),
        box_headings=frozenset(p.casefold() for p in d["widget_headings_box"]["phrases"]),
        widget_lines=_patterns(d["widget_lines"]),
        widget_max_words=d["widget_lines"]["max_words"],
        list_close_lines=_patterns(d["list_close_lines"]),
        list_close_max_words=d["list_close_lines"]["max_words"],
        related_lines=_patterns(d["related_lines"]),
        related_max_words=d["related_lines"]["max_words"],
        credit_prefix=credit_prefix,
        credit_agency_line=credit_agency_line,
        credit_tails=credit_tails,
        credit_max_words=credit["max_words"],
        caption_prefix=re.compile(rf"^(?:{_alternation(d['caption_prefixes']['phrases'])})\s*[:,.…|\-–—]\s*\S", re.IGNORECASE),
        caption_label=re.compile(rf"^(?:{_alternation(d['caption_prefixes']['phrases'])})\s*[:,.…|\-–—]?$", re.IGNORECASE),
        caption_max_words=d["caption"]["max_words"],
        speech_cue=re.compile(rf"\b(?:{_alternation(d['caption']['speech_cues'])})\b", re.IGNORECASE),
        # patterns that look for a capitalised name must stay case-sensitive
        reporting_credit=tuple(re.compile(p) if "[A-Z]" in p else re.compile(p, re.IGNORECASE)
                               for p in d["reporting_credit"]["patterns"]),
        reporting_max_words=d["reporting_credit"]["max_words"],
        footer_lines=_patterns(d["footer_lines"]),
        footer_max_words=d["footer_lines"]["max_words"],
        head_lines=_patterns(d["head_lines"]),
        head_max_words=d["head_lines"]["max_words"],
        liveblog_lines=_patterns(d["liveblog_lines"]),
        liveblog_max_words=d["liveblog_lines"]["max_words"],
        byline_prefix=re.compile(rf"^(?:{_alternation(byline['prefixes'])})\s*:?\s+(?=\S)", re.IGNORECASE),
        role_words=frozenset(w.casefold() for w in byline["role_words"]),
        outlet_words=frozenset(w.casefold() for w in byline["outlet_words"]),
        name_particles=frozenset(w.casefold() for w in byline["name_particles"]),
        not_places=frozenset(w.casefold() for w in d["dateline"]["not_places"]),
        dateline=dateline,
        wire_only_dateline=wire_only,
        dated_dateline=dated,
        stamp=stamp,
        metadata_prefix=metadata_prefix,
    )


# ---------------------------------------------------------------------------------------------
# Lines


@dataclass(frozen=True)
class Line:
    start: int  # span of the stripped line in article.text
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their spans; the lines of a hard-wrapped paragraph are joined."""
    lines: list[Line] = []
    blank_before: list[bool] = []
    pos = 0
    previous_blank = True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            lines.append(Line(start, start + len(stripped), stripped))
            blank_before.append(previous_blank)
        previous_blank = not stripped
        pos += len(raw) + 1
    return _unwrap(text, lines, blank_before)


def _unwrap(text: str, lines: list[Line], blank_before: list[bool]) -> list[Line]:
    """Plain text wrapped at a fixed width (wire copy, e-mail) has paragraphs broken over lines:
    join a line to the next when the document is wrapped, the line is near the width and the
    next one continues its paragraph (no blank line between them)."""
    if len(lines) < 6:
        return lines
    lengths = sorted(len(line.text) for line in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    continued = sum(1 for b in blank_before[1:] if not b)
    if width > 100 or continued < len(lines) // 2:
        return lines
    merged: list[Line] = [lines[0]]
    for previous, line, blank in zip(lines, lines[1:], blank_before[1:]):
        wraps = len(previous.text) >= 0.6 * width and (not _ends_sentence(previous.text) or line.text[:1].islower())
        if not blank and wraps:
            merged[-1] = Line(merged[-1].start, line.end, text[merged[-1].start:line.end])
        else:
            merged.append(line)
    return merged


def _norm(text: str) -> str:
    """A line compared with a headline: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def _is_prose(line: Line, min_words: int = PROSE_MIN_WORDS) -> bool:
    return line.words >= 15 or (line.words >= min_words and bool(_SENTENCE_END.search(line.text)))


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSING)[-1:] in ".!?…" if text else False


# ---------------------------------------------------------------------------------------------
# The passes


@dataclass
class _Reading:
    """Labels for each line while cleaning; `cut` moves a body line's start past its dateline."""

    lines: list[Line]
    labels: list[str | None]
    title: str | None = None
    byline: tuple[str, ...] = ()
    dateline: str | None = None
    standfirst: str | None = None
    wire: str | None = None
    body_from: int = 0  # index of the first body line
    cut: int | None = None  # body starts at this offset in line `body_from` (after a dateline)
    inline_credits: tuple[tuple[int, int], ...] = ()  # (line index, offset where its credit starts)

    def free(self, i: int) -> bool:
        return self.labels[i] is None


def clean(article: Article, vocabulary: Vocabulary | None = None) -> Article:
    """The article with `body` and `removed` spans filled, and title, byline, dateline and
    standfirst set where the reader or manifest left them empty. `text` is never altered."""
    vocab = vocabulary or load_vocabulary()
    lines = split_lines(article.text)
    reading = _Reading(lines, [None] * len(lines))
    field = _metadata_field(lines, vocab)
    _mark_furniture(reading, vocab, article.outlet)
    _mark_credits(reading, vocab, article.outlet)
    _mark_head(reading, vocab, article)
    _mark_tail(reading, vocab, article)
    body, removed = _spans(reading)
    if field is not None:
        # the feed's field opens the first line: furniture, so the headline or first sentence reads alone
        if body and body[0].start == lines[0].start:
            body[0] = BodySpan(field[1], body[0].end)
            removed = [Removed("other", lines[0].start, field[0])] + removed
        elif removed and removed[0].start == lines[0].start and removed[0].kind in ("title", "standfirst"):
            removed = [Removed("other", lines[0].start, field[0]), replace(removed[0], start=field[1])] + removed[1:]
            if reading.title == lines[0].text:
                reading.title = article.text[field[1]:lines[0].end]
            if reading.standfirst == lines[0].text:
                reading.standfirst = article.text[field[1]:lines[0].end]
    return replace(
        article,
        body=body,
        removed=removed,
        title=article.title or reading.title,
        byline=list(article.byline) or list(reading.byline),
        dateline=article.dateline or reading.dateline,
        standfirst=article.standfirst or reading.standfirst,
        outlet=article.outlet or reading.wire,
    )


def _metadata_field(lines: list[Line], vocab: Vocabulary) -> tuple[int, int] | None:
    """A metadata field a feed wrote before the text ("date 2025-01-28 Rebels entered ..."): where
    the field ends and where the text after it starts, when the first line opens with one."""
    if not lines:
        return None
    first = lines[0]
    m = vocab.metadata_prefix.match(first.text)
    rest = first.text[m.end():] if m else ""
    if m is None or not rest.strip():
        return None
    return first.start + len(first.text[:m.end()].rstrip()), first.start + m.end() + len(rest) - len(rest.lstrip())


def _mark_furniture(r: _Reading, vocab: Vocabulary, outlet: str | None) -> None:
    """Ads, prompts, teasers, navigation and liveblog stamps anywhere; widget headings and what
    follows them; the site's name on a line of its own."""
    seen_prose = False
    i = 0
    while i < len(r.lines):
        line = r.lines[i]
        heading = line.text.rstrip(":.…>»› ").casefold()
        if seen_prose and (heading in vocab.rest_headings or _rest_prefix(heading, vocab)):
            close = _list_close(r, i, vocab)
            if close is not None:  # a box of links inside the story ("Recommended … end of list"): the story goes on
                for j in range(i, close + 1):
                    r.labels[j] = "related"
                i = close + 1
                continue
            for j in range(i, len(r.lines)):
                r.labels[j] = "widget"
            return
        block = heading in vocab.block_headings or heading in vocab.rest_headings or _rest_prefix(heading, vocab)
        if block or heading in vocab.box_headings:
            kind = "related" if block else "widget"
            end = min(len(r.lines), i + 1 + TEASER_MAX_LINES)
            r.labels[i] = kind
            i += 1
            while i < end and not _is_paragraph(r.lines[i]) and not _is_lede(r.lines[i]):
                r.labels[i] = kind
                i += 1
            continue
        if _any(vocab.widget_lines, line, vocab.widget_max_words) or _is_navigation(line):
            r.labels[i] = "widget"
        elif i > 0 and _any(vocab.related_lines, line, vocab.related_max_words):  # line 0: a "Live: ..." headline
            r.labels[i] = "related"
        elif _any(vocab.liveblog_lines, line, vocab.liveblog_max_words):
            r.labels[i] = "other"
        elif all(r.labels[j] for j in range(i)) and _is_masthead(r, i, vocab, outlet):
            r.labels[i] = "other"  # the masthead: the site's name above everything else
        elif _is_lede(line):
            seen_prose = True
        i += 1


def _list_close(r: _Reading, i: int, vocab: Vocabulary) -> int | None:
    """The line closing an inline list of links opened by the heading at `i`, if one does soon."""
    for j in range(i + 1, min(len(r.lines), i + 1 + LIST_MAX_LINES)):
        if _any(vocab.list_close_lines, r.lines[j], vocab.list_close_max_words):
            return j
        if _is_paragraph(r.lines[j]):
            return None  # prose before any marker: the heading's lines are no list
    return None


def _is_masthead(r: _Reading, i: int, vocab: Vocabulary, outlet: str | None) -> bool:
    """The site's name at the top of the page: the outlet's name (with or without "The"), or a
    short line that a menu bar follows. A page's menu sits under its masthead, never under the
    headline; a share bar may follow a headline, so share prompts are not taken for a menu."""
    line = r.lines[i]
    if outlet and _outlet_key(line.text) == _outlet_key(outlet):
        return True
    if line.words > MASTHEAD_MAX_WORDS or _ends_sentence(line.text) or i + 1 >= len(r.lines):
        return False
    menu = r.lines[i + 1]
    return _is_navigation(menu) and not _any(vocab.widget_lines, menu, vocab.widget_max_words)


def _outlet_key(name: str) -> str:
    return re.sub(r"^the\s+", "", _norm(name))


def _rest_prefix(heading: str, vocab: Vocabulary) -> bool:
    """'More from Africa': a rail heading naming a section."""
    return len(heading.split()) <= 6 and heading.startswith(vocab.rest_prefixes)


def _is_navigation(line: Line) -> bool:
    """A menu: four or more short items separated by bars, bullets, slashes or wide spaces."""
    items = [x for x in re.split(r"\s*[|·•/›»]\s*|\s{3,}", line.text) if x.strip()]
    return len(items) >= 4 and all(len(x.split()) <= 3 for x in items) and not _ends_sentence(line.text)


def _is_lede(line: Line) -> bool:
    return line.words >= LEDE_MIN_WORDS and _ends_sentence(line.text) and not line.text.endswith(("…", "..."))


def _is_paragraph(line: Line) -> bool:
    return line.words >= PARAGRAPH_MIN_WORDS and _ends_sentence(line.text) and not line.text.endswith(("…", "..."))


def _any(patterns: tuple[re.Pattern, ...], line: Line, max_words: int) -> bool:
    return line.words <= max_words and any(p.search(line.text) for p in patterns)


def _mark_credits(r: _Reading, vocab: Vocabulary, outlet: str | None) -> None:
    """Credit lines, captions (by a prefix, or by the credit that follows them), and captions
    that carry their credit at the end of the same line."""
    inline = []
    for i, line in enumerate(r.lines):
        if not r.free(i):
            continue
        if _is_credit(line, vocab) and not _bare_after_byline(r, i, vocab, outlet):
            r.labels[i] = "credit"
        elif vocab.caption_prefix.match(line.text) and line.words <= vocab.caption_max_words:
            r.labels[i] = "caption"
        elif vocab.caption_label.match(line.text):  # "Image caption," alone: the caption is the next line
            r.labels[i] = "caption"
            if i + 1 < len(r.lines) and r.free(i + 1) and _caption_like(r.lines[i + 1], vocab):
                r.labels[i + 1] = "caption"
        elif i > 0 and _caption_like(line, vocab):
            m = next((m for p in vocab.credit_tails if (m := p.search(line.text))), None)
            if m and len(m.group(1).split()) <= vocab.credit_max_words and m.start(1) > 0:
                r.labels[i] = "caption"
                inline.append((i, m.start(1)))
    r.inline_credits = tuple(inline)
    for i, label in enumerate(list(r.labels)):
        if label != "credit" or not any(r.free(j) for j in range(i + 1, len(r.lines))):
            continue  # a credit after the last paragraph signs the story off ("AFP"): it captions nothing
        before = _previous_free(r, i)
        if before is not None and before > 0 and _caption_like(r.lines[before], vocab):
            r.labels[before] = "caption"
    _mark_repeated_captions(r)


def _mark_repeated_captions(r: _Reading) -> None:
    """Scrapes often hold a caption twice (the figure's alt text and its caption): a line next to
    a caption that repeats its words is caption too."""
    inline = dict(r.inline_credits)
    for i, label in enumerate(list(r.labels)):
        if label != "caption":
            continue
        caption = _norm(r.lines[i].text[:inline.get(i, len(r.lines[i].text))])
        for j in (i - 1, i + 1):
            if 0 <= j < len(r.lines) and r.free(j):
                other = _norm(r.lines[j].text)
                if other and len(other) >= 12 and (caption.startswith(other) or other.startswith(caption)):
                    r.labels[j] = "caption"


def _is_credit(line: Line, vocab: Vocabulary) -> bool:
    if line.words > vocab.credit_max_words or _ends_sentence(line.text) and line.words > 6:
        return False
    return bool(vocab.credit_prefix.match(line.text) or vocab.credit_agency_line.match(line.text))


def _bare_after_byline(r: _Reading, i: int, vocab: Vocabulary, outlet: str | None) -> bool:
    """An agency's name alone on a line under a byline ("Jane Roe and" / "Reuters") is the rest
    of the byline, not a photo credit."""
    if i == 0 or vocab.credit_prefix.match(r.lines[i].text) or "/" in r.lines[i].text:
        return False
    before = r.lines[i - 1]
    return _unfinished(before.text) or _byline_names(before, vocab, outlet) is not None


def _previous_free(r: _Reading, i: int) -> int | None:
    j = i - 1
    while j >= 0 and r.labels[j] in ("credit", "other"):
        j -= 1
    return j if j >= 0 and r.free(j) else None


def _caption_like(line: Line, vocab: Vocabulary) -> bool:
    """A caption describes a picture: a sentence or fragment, short, with no quoted speech."""
    return 3 <= line.words <= vocab.caption_max_words and not _has_quote(line.text) \
        and not vocab.byline_prefix.match(line.text) and not vocab.speech_cue.search(line.text)


def _has_quote(text: str) -> bool:
    return "“" in text or text.count('"') >= 2


# ---------------------------------------------------------------------------------------------
# Head: kicker, headline, byline, timestamps, standfirst, dateline


def _mark_head(r: _Reading, vocab: Vocabulary, article: Article) -> None:
    lines, n = r.lines, len(r.lines)
    known_title = _norm(article.title) if article.title else None
    after_byline = unfinished = False
    stamped = False  # a timestamp came before: prose after it is the body (or a liveblog entry)
    i = 0
    while i < n and i < HEAD_MAX_LINES:
        if not r.free(i):
            stamped = stamped or r.labels[i] == "other"
            i += 1
            continue
        line = lines[i]
        if _open_dateline(r, i, vocab):
            r.body_from = i
            return
        if _any(vocab.head_lines, line, vocab.head_max_words) or _is_date_line(line, vocab):
            r.labels[i] = "other"
            stamped = r.title is not None
            i += 1
            continue
        if r.title is None and _is_kicker(r, i, vocab, known_title, article.outlet):
            r.labels[i] = "other"
            i += 1
            continue
        if r.title is None and not r.byline and _is_title(r, i, vocab, known_title):
            r.labels[i] = "title"
            r.title = line.text
            i += 1
            continue
        names = _byline_names(line, vocab, article.outlet, after_byline, unfinished)
        if names is not None:
            r.labels[i] = "byline"
            r.byline = r.byline + tuple(n for n in names if n not in r.byline)
            # the next line may carry the rest: more names ("Jane Roe and"), a role, the outlet
            after_byline, unfinished = True, _unfinished(line.text)
            i += 1
            continue
        after_byline = unfinished = False
        if line.words <= 12 and any(p.search(line.text) for p in vocab.reporting_credit):
            r.labels[i] = "reporting_credit"  # "Edited by Jane Roe" under the byline
            i += 1
            continue
        if line.words >= PROSE_MIN_WORDS and not stamped and _followed_by_head(r, i, vocab, article):
            r.labels[i] = "standfirst"
            r.standfirst = r.standfirst or line.text
            i += 1
            continue
        r.body_from = i
        return
    r.body_from = i


def _is_title(r: _Reading, i: int, vocab: Vocabulary, known: str | None) -> bool:
    line = r.lines[i]
    if known is not None and _norm(line.text) and (_norm(line.text) == known or
                                                  (line.words >= 4 and _norm(line.text) in known)):
        return True
    if any(r.labels[j] not in (None, "other", "widget", "related") for j in range(i)):
        return False  # a headline comes first (after the site's masthead, menus and tickers at most)
    if line.words > TITLE_MAX_WORDS or len(line.text) > TITLE_MAX_CHARS or line.words < 2:
        return False
    if line.text.rstrip(_CLOSING).endswith((".", ",", ";", ":")):
        return False
    return any(r.free(j) for j in range(i + 1, len(r.lines)))


def _is_kicker(r: _Reading, i: int, vocab: Vocabulary, known: str | None, outlet: str | None) -> bool:
    """A section label above the headline ("Sudan crisis", "WORLD"): a few words, then a longer
    line that is itself a headline (not a byline, not prose)."""
    line = r.lines[i]
    if line.words > 4 or _ends_sentence(line.text):
        return False
    if known is not None and _norm(line.text) == known:
        return False
    nxt = next((j for j in range(i + 1, len(r.lines)) if r.free(j)), None)
    if nxt is None or r.lines[nxt].words <= line.words:
        return False
    following = r.lines[nxt]
    return (_is_title(r, nxt, vocab, known) and not _is_prose(following)
            and _byline_names(following, vocab, outlet) is None and not _dateline_match(following, vocab))


def _is_date_line(line: Line, vocab: Vocabulary) -> bool:
    """A line that is only a date or a date and time ('July 7, 2021', 'Sat 3 Jun 2023 10.00 BST',
    '07/07/2021 10:32'): nothing is left once its dates, times and weekday are taken out."""
    if line.words > 8 or not re.search(r"\d", line.text):
        return False
    if re.fullmatch(r"[\d/.\- :]+", line.text):
        return True
    rest = vocab.stamp.sub(" ", line.text)
    if rest == line.text:
        return False
    # what may stand beside a date: a weekday, "at"/"on", a year, a time zone ("GMT", "EDT")
    rest = re.sub(r"\b(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|at|on|\d{4}|(?-i:[A-Z]{2,4}))\b|[,|·•\-–—]", " ", rest,
                  flags=re.IGNORECASE)
    return not rest.strip()


def _followed_by_head(r: _Reading, i: int, vocab: Vocabulary, article: Article) -> bool:
    """A standfirst is a sentence that head furniture follows: before the next line of text come
    a byline, a timestamp, or the dateline that opens the body (captions and credits may sit
    between). Prose followed by more prose is the body's first paragraph."""
    if article.standfirst and _norm(article.standfirst) == _norm(r.lines[i].text):
        return True
    for j in range(i + 1, min(len(r.lines), i + 8)):
        if r.labels[j] in ("caption", "credit", "widget", "related"):
            continue
        if not r.free(j):
            return r.labels[j] == "other"  # a timestamp found by the furniture pass
        line = r.lines[j]
        return (_byline_names(line, vocab, article.outlet) is not None or bool(_dateline_match(line, vocab))
                or _any(vocab.head_lines, line, vocab.head_max_words) or _is_date_line(line, vocab))
    return False


def _dateline_match(line: Line, vocab: Vocabulary) -> re.Match | None:
    """The dateline that opens a paragraph: an upper-case place ("KHARTOUM —", "GOMA, Congo —"),
    or a capitalised place with its region or a wire tag ("Kyiv, Ukraine —", "Herat (AFP) -"),
    or a date with the place in brackets ("May 3, 2024 (KHARTOUM) –")."""
    m = (vocab.dateline.match(line.text) or vocab.wire_only_dateline.match(line.text)
         or vocab.dated_dateline.match(line.text))
    if m is None:
        return None
    found = m.groupdict()
    rest = line.text[m.end():]
    place = (m.groupdict().get("place") or "").strip()
    if len(place.split()) > DATELINE_MAX_WORDS or len(rest.split()) < PROSE_MIN_WORDS:
        return None
    if not place:
        return m  # "(Reuters) - ..."
    first = re.split(r"[,/]", place)[0].strip()
    opener = first.split()[0].casefold() if first.split() else ""
    words = [w for w in re.split(r"[\s,/]+", place) if w]
    if first.casefold() in vocab.not_places or (opener in vocab.not_places and not first.isupper()) \
            or not all(_place_word(w, vocab) for w in words):
        return None
    if found.get("dash") == ":" and not first.isupper():
        return None
    if first.isupper() or found.get("tag") or found.get("dated") or "," in place:
        return m
    # "Addis Abeba – The ...": a mixed-case place alone only before a new sentence, and without
    # particles ("Residents of Kyiv — ..." and "Hamas — the group ..." are prose)
    plain = len(words) <= 3 and all(w[:1].isupper() for w in words)
    return m if plain and found.get("dash") in ("—", "–", "--") and rest[:1].isupper() else None


def _place_word(word: str, vocab: Vocabulary) -> bool:
    """A word of a place name: capitalised, or a particle ("of", "al-Balah", "de")."""
    head = word.split("-")[0]
    return word[:1].isupper() or word.casefold() in vocab.name_particles or word in ("of", "and", "the") \
        or (head.casefold() in vocab.name_particles and word[len(head) + 1:][:1].isupper())


def _open_dateline(r: _Reading, i: int, vocab: Vocabulary) -> bool:
    m = _dateline_match(r.lines[i], vocab)
    if m is None:
        return False
    place = (m.groupdict().get("place") or "").strip().rstrip(",")
    r.dateline = place or None
    tag = m.groupdict().get("tag")
    if tag:
        r.wire = tag.strip("() ").split("/")[0].strip()
    r.cut = m.end()
    return True


def _byline_names(line: Line, vocab: Vocabulary, outlet: str | None, after: bool = False,
                  unfinished: bool = False) -> tuple[str, ...] | None:
    """The names in a byline line, or None if the line is not a byline. A line that only names
    an outlet or a role counts when it follows a byline (`after`) or is the article's outlet; a
    lone one-word name only when the byline above was cut off after "and" (`unfinished`)."""
    text = line.text.strip()
    if line.words > 16 or _ends_sentence(text) and not re.search(r"\b[A-Z]\.$", text):
        return None
    prefixed = bool(vocab.byline_prefix.match(text))
    rest = vocab.byline_prefix.sub("", text, count=1) if prefixed else text
    rest = vocab.stamp.sub(" ", rest)  # "Jane Roe | July 7, 2021": the date is no part of a name
    # "Jane Roe in Goma" / "Jane Roe, reporting from Goma": where the reporter was, not a name
    rest = re.sub(r"(?:,\s*|\s+)(?:(?:reporting|writing)\s+)?(?:in|from)\s+[A-Z][^,;|]*", "", rest)
    parts = [p.strip(" .") for p in re.split(r",|;|\||·|•|\s+[-–—]\s+|\s+and\s+|\s+&\s+|\s+and$|^and\s+", rest)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    names, extras, roles, words = [], 0, 0, 0
    for part in parts:
        part = re.split(r"\s+(?=\d)", part, maxsplit=1)[0]  # "The Daily Ledger 7 July 2021": drop the stamp
        part, trailing_outlet = _split_outlet(part, vocab)
        extras += trailing_outlet
        if not part or re.search(r"\d", part):
            continue  # "Jane Roe · 7 July 2021 · 5 min read": names never hold digits; stamps do
        words += len(part.split())
        if _is_role(part, vocab):
            extras += 1
            roles += 1
        elif _is_outlet(part, vocab, outlet):
            extras += 1
        elif _is_name(part, vocab):
            names.append(part)
        elif prefixed and all(w[:1].isupper() for w in part.split()[:4]) and len(part.split()) <= 4:
            extras += 1  # "By The Frontier Post": after "By", a capitalised non-name is the outlet
        else:
            return None
    if not names:
        only_outlet = outlet is not None and _norm(text) == _norm(outlet)
        only_roles = roles == extras and words <= 5  # "Our Correspondent", "North Darfur Now staff"
        return () if (after or only_outlet or prefixed or only_roles) and extras else None
    if not prefixed and not unfinished and not any(len(n.split()) >= 2 for n in names):
        # "BBC News, Kyiv" under a byline: an outlet and where it reports from, no one's name
        return () if after and extras else None
    return tuple(names)


def _split_outlet(part: str, vocab: Vocabulary) -> tuple[str, int]:
    """'DAVID ROWE Associated Press' -> ('DAVID ROWE', 1): a name followed by its outlet."""
    tokens = part.split()
    k = len(tokens)
    while k > 2 and (tokens[k - 1].casefold().strip(".") in vocab.outlet_words
                     or (k < len(tokens) and tokens[k - 1].casefold() == "the")):
        k -= 1
    if k == len(tokens) or not _is_name(" ".join(tokens[:k]), vocab):
        return part, 0
    return " ".join(tokens[:k]), 1


def _unfinished(text: str) -> bool:
    """A byline broken mid-list: "Jane Roe and" (the next line names the rest)."""
    return bool(re.search(r"(?:\s(?:and|&)|,)$", text))


def _is_name(part: str, vocab: Vocabulary) -> bool:
    tokens = part.split()
    if not 1 <= len(tokens) <= 5 or tokens[0].casefold() == "the":
        return False
    capitalised = 0
    for token in tokens:
        bare = token.strip(".,")
        if bare.casefold() in vocab.name_particles:
            continue
        head, _, tail = bare.partition("-")
        if head.casefold() in vocab.name_particles and tail[:1].isupper():
            capitalised += 1
            continue
        if not (bare[:1].isupper() and re.fullmatch(r"[^\W\d_][\w'’.\-]*", bare)):
            return False
        capitalised += 1
    return capitalised >= 1


def _is_outlet(part: str, vocab: Vocabulary, outlet: str | None) -> bool:
    if outlet and _norm(part) == _norm(outlet):
        return True
    words = _norm(part).split()
    if not words or len(words) > 6 or not part[:1].isupper():
        return False
    joined = " ".join(words)
    return any(w in vocab.outlet_words for w in words) or joined in vocab.outlet_words


def _is_role(part: str, vocab: Vocabulary) -> bool:
    folded = part.casefold()
    return folded in vocab.role_words or folded.split()[0] in ("in", "for", "with", "at") \
        or any(folded.endswith(" " + w) for w in vocab.role_words if " " not in w and len(w) > 4)


# ---------------------------------------------------------------------------------------------
# Tail: headline repeated, reporting credits, copyright


def _mark_tail(r: _Reading, vocab: Vocabulary, article: Article) -> None:
    titles = {_norm(t) for t in (r.title, article.title) if t}
    seen = 0
    for j in range(len(r.lines) - 1, r.body_from, -1):
        if seen >= TAIL_MAX_LINES:
            return
        if not r.free(j):
            continue
        seen += 1
        line = r.lines[j]
        if titles and _repeats_title(_norm(line.text), titles):
            r.labels[j] = "title_repeat"
        elif line.words <= vocab.reporting_max_words and any(p.search(line.text) for p in vocab.reporting_credit):
            r.labels[j] = "reporting_credit"
        elif _any(vocab.footer_lines, line, vocab.footer_max_words):
            r.labels[j] = "other"
        else:
            return


def _repeats_title(line: str, titles: set[str]) -> bool:
    """The headline again, maybe with the site's name after it ("Headline - The Daily Ledger")."""
    return any(line == t or (line.startswith(t + " ") and len(line[len(t):].split()) <= 5) for t in titles if t)


# ---------------------------------------------------------------------------------------------
# Spans


def _spans(r: _Reading) -> tuple[list[BodySpan], list[Removed]]:
    body: list[BodySpan] = []
    removed: list[Removed] = []
    inline = dict(r.inline_credits)
    last_body = -1  # index in `removed` when the last span added was body
    for i, line in enumerate(r.lines):
        label = r.labels[i]
        if label is None and i < r.body_from:
            label = "other"
        if label is None:
            start = line.start
            if i == r.body_from and r.cut is not None:
                removed.append(Removed("dateline", line.start, line.start + len(line.text[:r.cut].rstrip())))
                start = line.start + r.cut
            body.append(BodySpan(start, line.end))
            last_body = len(removed)
        elif i in inline:
            cut = line.start + inline[i]
            caption_end = line.start + len(r.lines[i].text[:inline[i]].rstrip())
            removed.append(Removed("caption", line.start, caption_end))
            removed.append(Removed("credit", cut, line.end))
        elif removed and len(removed) != last_body and removed[-1].kind == label and label in _MERGED:
            # consecutive lines of one kind, no body between: one span (a widget block, not twenty)
            removed[-1] = Removed(label, removed[-1].start, line.end)
        else:
            removed.append(Removed(label, line.start, line.end))
    return body, removed


_MERGED = frozenset({"widget", "related", "other", "reporting_credit", "byline"})
