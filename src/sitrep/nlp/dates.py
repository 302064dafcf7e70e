"""Dates as written ("on Tuesday", "last week", "in May", "Sept. 11", "hours later") resolved against
the article's publication date.

One compiled pattern finds every date expression in a text; one resolver per form turns it into an
ISO day ("2021-07-06", precision 1) or an interval ("2021-06-28/2021-07-04", precision 2 for a
week, 3 for a month or vaguer). What cannot be resolved keeps its words with value None.

Weekdays count back to the most recent such day (the publication weekday is the publication day),
forward when the sentence speaks of the future ("talks will resume on Friday"); "hours later" and
"the next day" count from the last day the text named; "since May" runs from May to publication.

The English calendar words below are the language, not a place: they stay in code. dateparser is
only a fallback of `resolve_date` for explicit forms the pattern does not know ("07/06/2021");
`find_dates` never calls it, because it is slow per call and resolves relative words differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateMention", "resolve_date", "find_dates", "anchored_finditer", "doc_text", "DAY", "WEEK", "MONTH"]

DAY, WEEK, MONTH = 1, 2, 3  # precision codes (ACLED-style: 3 is a month or vaguer)

# How far back the vague "recent" spans reach, in days (tuned by reading, not by data: an analyst's
# "in recent days" is about a week, "weeks" about a month, "months" about a quarter).
RECENT_SPAN_DAYS = {"days": 7, "weeks": 28, "months": 90, "years": 3 * 365}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # ISO "YYYY-MM-DD" or interval "YYYY-MM-DD/YYYY-MM-DD", None if unresolvable
    precision: int | None  # 1 day, 2 week, 3 month or vaguer

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "value": self.value,
                "precision": self.precision}


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3,
                 "a few": 3, "a couple of": 2, "few": 3}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}

# -- the pattern ---------------------------------------------------------------------------------
# Month and weekday names are matched capitalised only: "may" the verb is not May.
_MON = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
        r"|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)(?![a-z])")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DOM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d])"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?![\d])"
_PART = r"(?:\s+(?i:morning|afternoon|evening|night|overnight))"
_NUMW = r"(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a\s+few|a\s+couple\s+of|\d+)"
_NIGHT = r"(?:(?i:on\s+)?(?i:the\s+)(?i:night|morning|evening|afternoon|early\s+hours)\s+(?i:of)\s+)"

_FORMS = [
    ("iso", rf"(?<![\d-])(?P<iso>\d{{4}}-\d\d-\d\d)(?![\d-])"),
    ("mdy", rf"{_NIGHT}?(?i:(?:on|by|since|until|from|before|after|through|of)\s+)?(?P<mdy_m>{_MON})\s+(?P<mdy_d>{_DOM})(?:,?\s+(?P<mdy_y>{_YEAR}))?"),
    ("dmy", rf"{_NIGHT}?(?i:(?:on|by|since|until|from|before|after|through)\s+)?(?P<dmy_d>{_DOM})\s+(?i:of\s+)?(?P<dmy_m>{_MON})(?:,?\s+(?P<dmy_y>{_YEAR}))?"),
    ("my", rf"(?i:in\s+|since\s+|by\s+|during\s+|until\s+)?(?i:(?:early|late|mid)-?\s*)?(?P<my_m>{_MON})\s+(?P<my_y>{_YEAR})"),
    ("month", rf"(?i:(?P<month_prep>in|since|by|during|until|through|from|of|before|after|last|this|early|late|mid|end\s+of|beginning\s+of|start\s+of|middle\s+of)[\s-]+)"
              rf"(?i:(?:early|late|mid)-?\s*)?(?P<month_m>{_MON})(?!\s+\d)"),
    ("decade", rf"(?i:in\s+|since\s+|during\s+)?(?i:the\s+)(?:(?i:early|late|mid)-?\s*)?(?P<decade>(?:1[89]|20)\d0)s"),
    ("year", rf"(?i:(?:in|since|during|by|until|of|from)\s+)(?i:early\s+|late\s+|mid-?)?(?P<year>{_YEAR})(?![,.]?\d)(?!\s*(?i:people|troops|soldiers|percent))"),
    ("weekday", rf"{_NIGHT}?(?i:(?P<wd_rel>on|last|this|next|early|late|since|by|until)\s+)?(?P<wd>{_WD})(?!\s*,?\s*{_MON})(?:'s|’s)?{_PART}?"),
    ("yesterday", r"(?i:(?P<yday_pre>the\s+day\s+before\s+)?yesterday(?:\s+(?:morning|afternoon|evening|night))?)"),
    ("today", r"(?i:earlier\s+)?(?i:today|tonight|this\s+(?:morning|afternoon|evening))"),
    ("lastnight", r"(?i:last\s+night|overnight)"),
    ("ago", rf"(?P<ago_n>{_NUMW})\s+(?i:(?P<ago_u>day|week|month|year)s?\s+ago)"),
    ("lastunit", r"(?i:(?P<lu_rel>last|this|past|earlier\s+this|later\s+this|previous|the\s+previous|the\s+past|the\s+last)\s+(?P<lu_u>week|month|year|weekend))"),
    ("weekend", r"(?i:over\s+the\s+weekend|at\s+the\s+weekend|on\s+the\s+weekend)"),
    ("recent", r"(?i:(?:in|over|during)\s+(?:recent|the\s+(?:past|last)(?:\s+few)?|past)\s+(?P<rec_u>days|weeks|months|years))"),
    ("pastn", rf"(?i:(?:in|over|during|within)\s+the\s+(?:past|last)\s+(?P<pn_n>{_NUMW})\s+(?P<pn_u>day|week|month|year)s?)"),
    ("later", rf"(?:(?P<lat_h>(?i:hours|minutes|moments))|(?P<lat_n>{_NUMW})\s+(?P<lat_u>(?i:hours?|minutes?|days?|weeks?|months?|years?)))\s+(?P<lat_d>(?i:later|earlier|afterwards))"),
    ("nextday", r"(?i:the\s+(?P<nd>next|following|previous|same)\s+(?:day|morning|afternoon|evening|night)|later\s+that\s+(?:day|night|evening)|that\s+(?:same\s+)?(?:day|night|evening)|the\s+day\s+(?P<nd_b>before|after))"),
]
# A longer match at the same position wins because alternatives are tried in this order; the
# specific forms (explicit days) come first.
_PATTERN = re.compile("|".join(f"(?P<f_{name}>{rx})" for name, rx in _FORMS))
_WORD_BOUNDARY = re.compile(r"\w")
# Every date expression holds one of these words; the full pattern is tried only near them.
_TRIGGER = re.compile(
    r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
    r"|Sunday)|\b(?i:yesterday|today|tonight|morning|afternoon|evening|night|overnight|ago|day|week|month|year"
    r"|later|earlier|afterwards|hour|minute|moment)")
# The longest words before a trigger that belong to the same expression ("on the night of", "over
# the past few "), in characters.
_TRIGGER_WINDOW = 32
_WORD_START = re.compile(r"(?<![\w'’.-])\w")


def anchored_finditer(pattern: re.Pattern, trigger: re.Pattern, text: str, window: int):
    """The matches `pattern.finditer(text)` would give, when every match holds a `trigger` and starts
    at most `window` characters before it, found by trying the pattern only at word starts near
    triggers. A large alternation tried at every character is the slow part of reading an article."""
    pos = 0
    for t in trigger.finditer(text):
        if t.start() < pos:
            continue
        lo = max(pos, t.start() - window)
        starts = [w.start() for w in _WORD_START.finditer(text, lo, t.start() + 1)]
        if t.start() not in starts:
            starts.append(t.start())
        for start in starts:
            m = pattern.match(text, start)
            if m is not None and m.end() > t.start():
                yield m
                pos = m.end()
                break


def _iso(d: date) -> str:
    return d.isoformat()


def _interval(a: date, b: date) -> str:
    return f"{a.isoformat()}/{b.isoformat()}"


def _month_index(word: str) -> int:
    return MONTHS.index(word.lower()[:3]) + 1


def _month_end(y: int, m: int) -> date:
    first_next = date(y + (m == 12), m % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _month_interval(y: int, m: int) -> str:
    return _interval(date(y, m, 1), _month_end(y, m))


def _number(word: str) -> int | None:
    w = " ".join(word.lower().split())
    if w.isdigit():
        return int(w)
    return SMALL_NUMBERS.get(w)


def _parse_pub(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


# A report tells of the past more than it announces the future: a day ahead of publication counts
# this many times its distance when the nearest year is chosen ("February 24" in a September report
# is the February before, 207 days back, not the one 158 days ahead; "Sept. 11" in July stays ahead).
# Chosen by reasoning, not tuned; checked on the five dev sets (only ukraine-2022's dates moved).
FUTURE_WEIGHT = 2


def _nearest_year(pub: date | None, m: int, d: int) -> int | None:
    """A day written without a year: the year that puts it nearest the publication date, a day
    ahead counting FUTURE_WEIGHT times ("Sept. 11" in July is this September; "Dec. 28" in early
    January is last December)."""
    if pub is None:
        return None

    def cost(c: date) -> int:
        days = (c - pub).days
        return days * FUTURE_WEIGHT if days > 0 else -days

    best = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            cand = date(y, m, d)
        except ValueError:
            continue
        if best is None or cost(cand) < cost(best):
            best = cand
    return best.year if best else None


def _day(y: int | None, m: int, d_text: str) -> tuple[str | None, int | None]:
    d = int(re.match(r"\d+", d_text).group())
    if y is None:
        return None, None
    try:
        return _iso(date(y, m, d)), DAY
    except ValueError:
        return None, None


# -- resolvers, one per form ---------------------------------------------------------------------
def _resolve(m: re.Match, pub: date | None, anchor: date | None) -> tuple[str | None, int | None]:
    value, precision = _resolve_form(m, pub, anchor)
    if value and pub is not None and re.match(r"(?i)since\b", m.group()):
        return _since(value, pub)
    return value, precision


def _since(value: str, pub: date) -> tuple[str | None, int | None]:
    """'since May' is the span from May to the publication date, not May."""
    first = date.fromisoformat(value.split("/")[0])
    if first > pub:
        return None, None
    return _interval(first, pub), WEEK if (pub - first).days <= 7 else MONTH


def _resolve_form(m: re.Match, pub: date | None, anchor: date | None) -> tuple[str | None, int | None]:
    g = m.groupdict()
    kind = m.lastgroup[2:]  # the outer group "f_<form>" closes last
    if kind == "iso":
        try:
            return _iso(date.fromisoformat(g["iso"])), DAY
        except ValueError:
            return None, None
    if kind in ("mdy", "dmy"):
        mo = _month_index(g[f"{kind}_m"])
        day_text = g[f"{kind}_d"]
        y = int(g[f"{kind}_y"]) if g[f"{kind}_y"] else _nearest_year(pub, mo, int(re.match(r"\d+", day_text).group()))
        return _day(y, mo, day_text)
    if kind == "my":
        return _month_interval(int(g["my_y"]), _month_index(g["my_m"])), MONTH
    if kind == "month":
        return _resolve_month(g, pub)
    if kind == "decade":
        y = int(g["decade"])
        return _interval(date(y, 1, 1), date(y + 9, 12, 31)), MONTH
    if kind == "year":
        y = int(g["year"])
        return _interval(date(y, 1, 1), date(y, 12, 31)), MONTH
    if pub is None and kind not in ("later", "nextday"):
        return None, None
    if kind == "weekday":
        return _resolve_weekday(g, pub)
    if kind == "yesterday":
        return _iso(pub - timedelta(days=2 if g["yday_pre"] else 1)), DAY
    if kind == "today":
        return _iso(pub), DAY
    if kind == "lastnight":
        return _iso(pub - timedelta(days=1)), DAY
    if kind == "ago":
        return _resolve_ago(g, pub)
    if kind == "lastunit":
        return _resolve_last_unit(g, pub)
    if kind == "weekend":
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7 or 7) if pub.weekday() != 6 else pub - timedelta(days=1)
        return _interval(sat, sat + timedelta(days=1)), WEEK
    if kind == "recent":
        span = RECENT_SPAN_DAYS[g["rec_u"].lower()]
        return _interval(pub - timedelta(days=span), pub), WEEK if span <= 7 else MONTH
    if kind == "pastn":
        n = _number(g["pn_n"]) or 1
        span = n * UNIT_DAYS[g["pn_u"].lower()]
        return _interval(pub - timedelta(days=span), pub), WEEK if span <= 7 else MONTH
    if kind in ("later", "nextday"):
        return _resolve_anchored(g, kind, anchor)
    return None, None


def _resolve_month(g: dict, pub: date | None) -> tuple[str | None, int | None]:
    mo = _month_index(g["month_m"])
    if pub is None:
        return None, None
    prep = (g.get("month_prep") or "").lower()
    if prep == "this":
        y = pub.year
    elif prep == "last":
        y = pub.year if mo < pub.month else pub.year - 1  # "last May" in May is a year ago
    else:
        y = pub.year if mo <= pub.month else pub.year - 1  # the most recent such month not after publication
    return _month_interval(y, mo), MONTH


def _resolve_weekday(g: dict, pub: date) -> tuple[str | None, int | None]:
    target = WEEKDAYS.index(g["wd"].lower())
    rel = (g.get("wd_rel") or "").lower()
    back = (pub.weekday() - target) % 7
    if rel == "next":
        ahead = (target - pub.weekday()) % 7 or 7
        return _iso(pub + timedelta(days=ahead)), DAY
    if rel == "this":
        # "this Friday": the one in the week of publication, before or after it.
        return _iso(pub - timedelta(days=pub.weekday()) + timedelta(days=target)), DAY
    if rel == "last" and back == 0:
        back = 7
    return _iso(pub - timedelta(days=back)), DAY


def _resolve_ago(g: dict, pub: date) -> tuple[str | None, int | None]:
    n = _number(g["ago_n"])
    if n is None:
        return None, None
    unit = g["ago_u"].lower()
    if unit == "day":
        return _iso(pub - timedelta(days=n)), DAY
    if unit == "week":
        d = pub - timedelta(days=7 * n)
        monday = d - timedelta(days=d.weekday())
        return _interval(monday, monday + timedelta(days=6)), WEEK
    if unit == "month":
        y, mo = divmod(pub.year * 12 + pub.month - 1 - n, 12)
        return _month_interval(y, mo + 1), MONTH
    return _interval(date(pub.year - n, 1, 1), date(pub.year - n, 12, 31)), MONTH


def _resolve_last_unit(g: dict, pub: date) -> tuple[str | None, int | None]:
    rel = " ".join(g["lu_rel"].lower().split())
    unit = g["lu_u"].lower()
    this = rel in ("this", "earlier this", "later this")
    rolling = rel in ("the past", "past", "the last")  # "in the past week": the last seven days
    if unit in ("week", "weekend"):
        monday = pub - timedelta(days=pub.weekday())
        if rolling and unit == "week":
            return _interval(pub - timedelta(days=7), pub), WEEK
        if not this:
            monday -= timedelta(days=7)
        if unit == "weekend":
            return _interval(monday + timedelta(days=5), monday + timedelta(days=6)), WEEK
        end = min(monday + timedelta(days=6), pub) if rel == "earlier this" else monday + timedelta(days=6)
        return _interval(monday, end), WEEK
    if unit == "month":
        if rolling:
            return _interval(pub - timedelta(days=30), pub), MONTH
        y, mo = (pub.year, pub.month) if this else divmod(pub.year * 12 + pub.month - 2, 12)
        mo = mo if this else mo + 1
        if rel == "earlier this":
            return _interval(date(y, mo, 1), pub), MONTH
        return _month_interval(y, mo), MONTH
    if rolling:
        return _interval(pub - timedelta(days=365), pub), MONTH
    y = pub.year if this else pub.year - 1
    end = pub if rel == "earlier this" else date(y, 12, 31)
    return _interval(date(y, 1, 1), end), MONTH


def _resolve_anchored(g: dict, kind: str, anchor: date | None) -> tuple[str | None, int | None]:
    """Forms that count from the date just before them ("hours later", "the next day")."""
    if anchor is None:
        return None, None
    if kind == "nextday":
        word = (g.get("nd") or g.get("nd_b") or "same").lower()
        shift = {"next": 1, "following": 1, "after": 1, "previous": -1, "before": -1}.get(word, 0)
        return _iso(anchor + timedelta(days=shift)), DAY
    unit = (g.get("lat_u") or g.get("lat_h") or "").lower().rstrip("s")
    if unit in ("hour", "minute", "moment"):
        return _iso(anchor), DAY
    n = _number(g["lat_n"]) or 1
    sign = 1 if g["lat_d"].lower() in ("later", "afterwards") else -1
    if unit == "day":
        return _iso(anchor + timedelta(days=sign * n)), DAY
    if unit == "week":
        return _iso(anchor + timedelta(days=sign * 7 * n)), WEEK
    if unit == "month":
        y, mo = divmod(anchor.year * 12 + anchor.month - 1 + sign * n, 12)
        return _month_interval(y, mo + 1), MONTH
    if unit == "year":
        return _interval(date(anchor.year + sign * n, 1, 1), date(anchor.year + sign * n, 12, 31)), MONTH
    return None, None


# -- public --------------------------------------------------------------------------------------
def resolve_date(text: str, published: str | None, anchor: str | None = None) -> tuple[str | None, int | None]:
    """Resolve one date expression against the publication date (ISO). `anchor` is the day the text
    was last talking about, for "hours later" and "the next day". Unresolvable: (None, None)."""
    pub = _parse_pub(published)
    m = _PATTERN.fullmatch(text.strip())
    if m is None:
        m = _PATTERN.search(text)
    if m is not None:
        return _resolve(m, pub, _parse_pub(anchor))
    return _fallback(text, pub)


def _fallback(text: str, pub: date | None) -> tuple[str | None, int | None]:
    """Explicit dates in forms the pattern does not know ("07/06/2021"), by dateparser."""
    if not re.search(r"\d", text):
        return None, None
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a declared dependency
        return None, None
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "REQUIRE_PARTS": ["day", "month", "year"]}
    if pub is not None:
        from datetime import datetime

        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return (_iso(parsed.date()), DAY) if parsed else (None, None)


def find_dates(doc, published: str | None) -> list[DateMention]:
    """Every date expression in the doc's text, resolved, in text order. Offsets index the doc's
    text, which is `article.text` with non-body characters blanked."""
    text = doc_text(doc)
    pub = _parse_pub(published)
    out: list[DateMention] = []
    anchor: date | None = None
    for m in anchored_finditer(_PATTERN, _TRIGGER, text, _TRIGGER_WINDOW):
        start, end = m.span()
        if _inside_word(text, start, end) or _weekday_in_a_name(m, text):
            continue
        value, precision = _resolve(m, pub, anchor)
        if m.lastgroup == "f_weekday" and pub is not None and (m.group("wd_rel") or "on").lower() in ("on", "by", "until") \
                and _future_before(text, start):
            value, precision = _next_weekday(m.group("wd"), pub), DAY
        start, end = _trim(text, start, end)
        out.append(DateMention(start, end, text[start:end], value, precision))
        if precision == DAY and value:
            anchor = date.fromisoformat(value)
    return out


# A bare weekday after one of these (in the same sentence) is the coming one: "talks will resume
# Friday", "the truce is due to expire on Sunday".
_FUTURE = re.compile(r"\b(?:will|shall|won't|is due to|are due to|is expected to|are expected to|"
                     r"is scheduled to|are scheduled to|plans? to|is set to|are set to|deadline)\b[^.!?]*$",
                     re.IGNORECASE)
_FUTURE_REACH = 80  # characters before the weekday that may hold the future marker


def _future_before(text: str, start: int) -> bool:
    return bool(_FUTURE.search(text[max(0, start - _FUTURE_REACH): start]))


def _next_weekday(name: str, pub: date) -> str:
    ahead = (WEEKDAYS.index(name.lower()) - pub.weekday()) % 7
    return _iso(pub + timedelta(days=ahead))


_CAPITALISED_AFTER = re.compile(r"\s+[A-Z][a-z]")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][a-z]+\s+$")


def _weekday_in_a_name(m: re.Match, text: str) -> bool:
    """'the Sunday Times', 'Bloody Sunday': a bare weekday inside a capitalised name is no date."""
    if m.lastgroup != "f_weekday" or m.group("wd_rel") or m.group().strip() != m.group("wd"):
        return False
    before = text[max(0, m.start() - 20): m.start()]
    after = text[m.end(): m.end() + 3]
    at_sentence_start = not before.strip() or before.rstrip()[-1:] in ".!?\n\"“"
    return bool(_CAPITALISED_AFTER.match(after)) or (not at_sentence_start and bool(_CAPITALISED_BEFORE.search(before)))


def doc_text(doc) -> str:
    """The doc's text, built once per doc (spaCy joins every token each time `doc.text` is read)."""
    if isinstance(doc, str):
        return doc
    cache = getattr(doc, "user_data", None)
    if cache is None:
        return doc.text
    if "sitrep_text" not in cache:
        cache["sitrep_text"] = doc.text
    return cache["sitrep_text"]


def _inside_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return bool(_WORD_BOUNDARY.match(before)) or bool(_WORD_BOUNDARY.match(after))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    return start, end
