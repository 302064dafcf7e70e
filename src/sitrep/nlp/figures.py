"""Figures as reported: "more than 60", "dozens", "about 50,000", "at least 150 of roughly 400" turned
into ranges (low / best / high), with what they count and how ("troops" "killed"), and one quantity
claim per figure with its source, date and hedging.

The vocabulary (number words, vague quantities, qualifiers, measures, counted classes) is data in
`data/quantities.json`; this module is the grammar. One compiled pattern finds candidate figures in a
text; the spaCy parse (plus a little word order, where the small model's parse is unreliable) says
what each one counts.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..model import ARTICLE_SOURCE, Claim, Range, Source, stable_id
from .dates import DAY, SMALL_NUMBERS, DateMention, anchored_finditer, doc_text
from .hedges import is_denied, is_hedged

__all__ = ["Figure", "Vocabulary", "parse_quantity", "about_margin", "find_figures", "quantity_claims",
           "RUNNING_SUFFIX"]

DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class Figure:
    start: int
    end: int  # the number words, e.g. "more than 60"
    range: Range
    counted: str  # what is counted: head noun + modifiers ("Afghan soldiers")
    counted_start: int
    counted_end: int
    measure: str | None  # from the governing verb/noun: "killed", "wounded", "captured", "fled", ...
    head: str | None = None  # lemma of the counted noun ("soldier"), for comparing across articles
    total: Range | None = None  # "150 of roughly 400 districts": the 400
    part: bool = False  # a breakdown of the figure before it ("311 -- 183 fighters, 100 soldiers", "including 44 civilians")
    toll: bool = False  # the value of a toll, tally or number ("the number of injured reached about 600")

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "range": self.range.to_dict(), "counted": self.counted,
                "counted_start": self.counted_start, "counted_end": self.counted_end, "measure": self.measure,
                "head": self.head, "total": self.total.to_dict() if self.total else None}


# -- vocabulary ----------------------------------------------------------------------------------
def _alt(words) -> str:
    """Regex alternation, longest first so that "tens of thousands" wins over "tens"."""
    words = sorted({w for w in words}, key=len, reverse=True)
    if not words:
        raise ValueError("quantities.json: an empty word list would make the figure pattern match nothing")
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@dataclass(frozen=True)
class Vocabulary:
    raw: dict
    numbers: dict  # word -> value (units, tens, scales)
    scales: dict
    pattern: re.Pattern  # a whole figure, with qualifiers
    trigger: re.Pattern  # a digit or number word: every figure holds one
    qualifier_rx: re.Pattern  # a qualifier at the start of a figure
    percent_rx: re.Pattern  # a percent word at the end
    vague_mult_rx: re.Pattern  # "several hundred"
    range_rx: re.Pattern  # "20 to 30"
    measures: dict
    people_measures: frozenset
    time_units: frozenset
    counted_class: dict  # lemma or phrase -> class
    collective: frozenset
    anaphors: frozenset
    name_prefixes: frozenset
    compound_suffixes: frozenset
    document_nouns: frozenset
    document_verbs: frozenset
    patient_verbs: frozenset  # "300 soldiers fled": the subject is what is counted
    toll_nouns: dict
    measure_words: frozenset  # lemmas and measure names: "kill", "killed", "wounded", "dead"
    measure_nouns: frozenset  # nouns that measure what they govern: "the deaths of 20 people"
    ratio_rx: re.Pattern  # "3 in 10", "one out of five"
    source_label_rx: re.Pattern  # blank lines, then a paragraph "Source: NAME, …"
    hyphen_scale_rx: re.Pattern  # the hyphen of "2.4-million": a compound, not a range

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Vocabulary":
        raw = json.loads((DATA / "quantities.json").read_text(encoding="utf-8"))
        numbers = {**raw["units"], **raw["tens"], **raw["scales"]}
        pattern, qualifier_rx = _build_pattern(raw)
        classes = {w: cls_name for cls_name, ws in raw["counted_classes"].items() for w in ws}
        return cls(
            raw=raw, numbers=numbers, scales=raw["scales"], pattern=pattern, qualifier_rx=qualifier_rx,
            trigger=_build_trigger(raw),
            percent_rx=re.compile(rf"\s*(?:{_alt(raw['percent_words'])})$"),
            vague_mult_rx=re.compile(rf"({_alt(raw['vague_multipliers'])})\s+(\w+)"),
            range_rx=re.compile(rf"between\s+(.+?)\s+and\s+(.+)|(.+?)\s*(?:{_alt(raw['range_joiners'])})\s*(.+)"),
            measures=raw["measures"], people_measures=frozenset(raw["people_measures"]),
            time_units=frozenset(raw["time_units"]), counted_class=classes,
            collective=frozenset(raw["collective_nouns"]), anaphors=frozenset(raw["anaphors"]),
            name_prefixes=frozenset(raw["name_prefix_words"]),
            compound_suffixes=frozenset(raw["compound_count_suffixes"]),
            document_nouns=frozenset(raw["document_sources"]["nouns"]),
            document_verbs=frozenset(raw["document_sources"]["verbs"]),
            patient_verbs=frozenset(raw["patient_subject_verbs"]), toll_nouns=raw["toll_nouns"],
            measure_words=frozenset(raw["measures"]) | frozenset(raw["measures"].values()),
            measure_nouns=frozenset(raw["measure_nouns"]),
            ratio_rx=re.compile(rf"({_small(raw)})\s+(?:in|out\s+of)\s+({_small(raw)})"),
            hyphen_scale_rx=re.compile(rf"(?<=\d)-(?=(?:{_alt(raw['scales'])})\b)"),
            source_label_rx=re.compile(rf"\s*\n[ \t]*(?:{_alt(raw['source_labels'])})[ \t]*:[ \t]*(?P<who>[^\n]{{2,200}})"),
        )


# Words of the number tables that say nothing alone ("some" of "some 300"; "a" of "a dozen").
_NOT_TRIGGERS = {"a", "an", "of", "some", "many", "the", "and"}
# The longest qualifier before a number ("no fewer than", "just more than"), in characters.
QUALIFIER_WINDOW = 24


def _build_trigger(raw: dict) -> re.Pattern:
    words = set()
    for table in ("units", "tens", "scales", "exact_words", "multipliable", "vague", "vague_multipliers", "fractions"):
        for key in raw[table]:
            words.update(w for w in re.split(r"[\s-]+", key.lower()) if w not in _NOT_TRIGGERS)
    return re.compile(rf"\d|\b(?:{_alt(words)})", re.IGNORECASE)


def _small(raw: dict) -> str:
    return rf"\d+|{_alt(list(raw['units']) + list(raw['tens']))}"


def _build_pattern(raw: dict) -> tuple[re.Pattern, re.Pattern]:
    units_tens = _alt(list(raw["units"]) + list(raw["tens"]))
    scales = _alt(raw["scales"])
    after_scale = "".join(f"(?<={s})" if i == 0 else f"|(?<={s})" for i, s in enumerate(raw["scales"]))
    wordnum = (rf"(?:a\s+(?:{scales})|(?:{units_tens}))\b"
               rf"(?:(?:[\s-]+(?:{units_tens}|{scales})|(?:{after_scale})\s+and\s+(?:{units_tens}))\b)*")
    abbrev = _alt(raw["scale_abbreviations"])
    # 1,000,000 and the South Asian 10,00,000 (ten lakh) both read as digits with commas; a scale
    # word may be glued on ("1.1million", as some outlets print it).
    digits = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,2}}(?:,\d\d)+,\d{{3}}|\d+)(?:\.\d+)?(?:(?:\s*|-)(?:{scales})\b|(?:{abbrev})(?![\w]))?"
    mult = _alt(raw["multipliable"])
    exact = rf"(?:{_alt(raw['exact_words'])})\b|(?:{digits}|{wordnum})(?:\s+(?:{mult})\b)?"
    vague_mult = rf"(?:{_alt(raw['vague_multipliers'])})\s+(?:{scales}|{mult})\b"
    vague = rf"(?:{_alt(raw['vague'])})\b"
    joiners = _alt(raw["range_joiners"])
    rng = rf"(?:between\s+(?:{exact})\s+and\s+(?:{exact})|(?:{exact})\s*(?:{joiners})\s*(?:{exact}))"
    fraction = rf"(?:{_alt(raw['fractions'])})(?=\s+of\b)"
    ratio = rf"(?:{_small(raw)})\s+(?:in|out\s+of)\s+(?:{_small(raw)})\b"
    core = rf"(?:{ratio}|{rng}|{fraction}|{vague_mult}|{exact}|{vague})"
    qualifiers = _alt(raw["qualifiers"])
    percent = _alt(raw["percent_words"])
    glued = _alt(raw["glued_length_units"])
    # A quote may open between the qualifier and the figure: 'found some "450 graves"' is about 450.
    whole = (rf"(?<![\w$£€.,/:])(?<![A-Za-z]-)(?:(?:{qualifiers})\s+[\"“]?)?(?:{core})"
             rf"(?:\s*(?:{percent})(?![\w]))?(?:\s+or\s+(?:more|so)\b|-plus\b|\+)?(?:(?=(?:{glued})(?!\w))|(?!\w|,\d))")
    return re.compile(whole, re.IGNORECASE), re.compile(rf"^(?:{qualifiers})\b", re.IGNORECASE)


# -- parsing a figure into a range ---------------------------------------------------------------
def parse_quantity(text: str, unit: str | None = None) -> Range | None:
    """A figure's words as a Range: "more than 60" → low 61; "about 20" → 15/20/25; "dozens" → low 24.

    "X of Y" counts X ("at least 150 of roughly 400" → low 150). None when the words are no figure.
    `unit`: the unit the words after the figure give it ("km"): a length is no count, so "fewer than
    20 km" reaches 20 (a count "fewer than 20" stops at 19).
    """
    v = Vocabulary.load()
    s = " ".join(text.replace("–", "-").replace("—", "-").replace('"', " ").replace("“", " ").split()).lower()
    s = v.hyphen_scale_rx.sub(" ", s)  # "a 2.4-million population" is 2.4 million, no range
    if not v.pattern.fullmatch(s):
        s = _before_total(s, v)
    kind = None
    m = v.qualifier_rx.match(s)
    if m:
        kind = v.raw["qualifiers"][" ".join(m.group().split())]
        s = s[m.end():].strip()
    if s.endswith(" or more") or s.endswith("-plus") or s.endswith("+"):
        kind = "at_least"
        s = re.sub(r"(?:\s+or\s+more|-plus|\+)$", "", s)
    elif s.endswith(" or so"):
        kind = "about"
        s = s[: -len(" or so")]
    pm = v.percent_rx.search(s)
    if pm:
        unit, s = "percent", s[: pm.start()].strip()
    share = _share(s, v)
    if share is not None:
        unit, s = "percent", share
    base = _core(s, v)
    if base is None:
        return None
    low, best, high = _apply(kind, base, unit)
    if unit == "percent":
        low, high = (None if low is None else max(0, low)), (None if high is None else min(100, high))
        if kind in ("more_than", "at_least") and high is None:
            high = 100
    return Range(_whole(low), _whole(best), _whole(high), text.strip(), unit)


def _whole(x: float | None) -> float | int | None:
    """Counts as ints (1001, not 1001.0), so ranges print and compare the way they read; shares
    to one decimal."""
    if x is None:
        return None
    x = round(float(x), 1)
    return int(x) if x.is_integer() else x


def _share(s: str, v: Vocabulary) -> str | None:
    """'two-thirds' or '3 in 10' as a percent figure's words ('66.7', '30'); None if no share."""
    if s in v.raw["fractions"]:
        return str(v.raw["fractions"][s])
    m = v.ratio_rx.fullmatch(s)
    if m:
        a, b = _exact(m.group(1), v), _exact(m.group(2), v)
        if a is not None and b and a <= b:
            return str(round(100 * a / b, 1))
    return None


def _before_total(s: str, v: Vocabulary) -> str:
    """'at least 150 of roughly 400' → 'at least 150': the figure is what comes before 'of' when
    that is a figure on its own ('tens of thousands' is one figure and never gets here)."""
    for m in re.finditer(r"\s+of\s+", s):
        if v.pattern.fullmatch(s[: m.start()]):
            return s[: m.start()]
    return s


def _core(s: str, v: Vocabulary) -> tuple[float | None, float | None, float | None, bool] | None:
    """(low, best, high, exact) of the figure without its qualifier."""
    s = s.strip()
    if s in v.raw["vague"]:
        e = v.raw["vague"][s]
        return e["low"], None, e["high"], False
    m = v.vague_mult_rx.fullmatch(s)
    if m:
        e = v.raw["vague_multipliers"][" ".join(m.group(1).split())]
        scale = v.scales.get(m.group(2)) or v.raw["multipliable"].get(m.group(2))
        if scale:
            return e["low"] * scale, None, (e["high"] * scale if e["high"] else None), False
    m = v.range_rx.fullmatch(s)
    if m:
        a, b = _exact(m.group(1) or m.group(3), v), _exact(m.group(2) or m.group(4), v)
        if a is not None and b is not None and a < b:
            return a, None, b, False
    n = _exact(s, v)
    return None if n is None else (n, n, n, True)


def _exact(s: str, v: Vocabulary) -> float | None:
    s = " ".join(s.split())
    if s in v.raw["exact_words"]:
        return float(v.raw["exact_words"][s])
    m = re.fullmatch(r"(.+?)\s+(dozen|score)", s)
    if m and (n := _exact(m.group(1), v)) is not None:
        return n * v.raw["multipliable"][m.group(2)]
    m = re.fullmatch(r"((?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d\d)+,\d{3}|\d+)(?:\.\d+)?)\s*([a-z]*)", s)
    if m:
        n = float(m.group(1).replace(",", ""))
        suffix = m.group(2)
        if not suffix:
            return n
        scale = v.scales.get(suffix) or v.raw["scale_abbreviations"].get(suffix)
        return n * scale if scale else None
    return _words_value(s, v)


def _words_value(s: str, v: Vocabulary) -> float | None:
    words = [w for w in re.split(r"[\s-]+", s) if w and w != "and"]
    if words and words[0] == "a":
        words[0] = "one"
    total = current = 0
    last = None
    for w in words:
        if w not in v.numbers:
            return None
        n = v.numbers[w]
        if w in v.scales:
            if current == 0:
                current = 1
            if n == 100:
                current *= 100
            else:
                total += current * n
                current = 0
        else:
            if last is not None and last not in v.scales and (v.numbers[last] < 20 or n >= 10):
                return None  # "two three" or "twenty thirty" is no number
            current += n
        last = w
    return float(total + current) if words else None


def about_margin(n: float) -> float:
    """How far "about n" reaches either side: 20% of n, widened to whole multiples of half the
    place value of n's last significant digit, never past 25% of n (both fractions are data).

    Fits the two gold examples at once: "about 20" → ±5 (15/25), "about 50,000" → ±10,000.
    """
    if n <= 0:
        return 0.0
    raw = Vocabulary.load().raw
    place = 1.0
    if float(n).is_integer():
        k = int(n)
        while k and k % 10 == 0:
            k //= 10
            place *= 10
    step = place / 2 if place >= 10 else 1.0
    return min(math.ceil(raw["about_fraction"] * n / step) * step, raw["about_max_fraction"] * n)


def _apply(kind: str | None, base: tuple, unit: str | None) -> tuple[float | None, float | None, float | None]:
    low, best, high, exact = base
    count = unit is None and (best is None or float(best).is_integer())
    if not exact:
        if kind in ("up_to", "fewer_than", "nearly"):
            return None, None, low if kind == "up_to" else (low - 1 if count else low)
        return low, best, high
    n = best
    if kind is None:
        return n, n, n
    if kind == "more_than":
        return (n + 1 if count else n), None, None
    if kind == "at_least":
        return n, None, None
    margin = about_margin(n)
    lo, hi = n - margin, n + margin
    if count:
        lo, hi = math.floor(lo), math.ceil(hi)
    if kind == "about":
        return lo, n, hi
    if kind == "nearly":
        return lo, None, (n - 1 if count else n)
    if kind == "up_to":
        return None, None, n
    if kind == "fewer_than":
        return None, None, (n - 1 if count else n)
    return n, n, n


# -- finding figures in a doc --------------------------------------------------------------------
_MONTH = re.compile(r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?$")
_TIME_AFTER = re.compile(r"^\s*(?::\d|[ap]\.?m\b|o'clock|hrs\b|GMT|UTC)", re.IGNORECASE)
_WEAK_SINGLE = {"one", "a single"}
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_OF_TOTAL = re.compile(r"^\s+of\s+(?:the\s+|(?:[\w.-]+\s+)?[\w.-]+(?:'s|’s)\s+)?$")


def find_figures(doc) -> list[Figure]:
    """Every figure in the doc with what it counts and how. Skips years, times, ages, dates,
    ordinals and numbers that are part of names; vague small words ("several", "one") only count
    when something happens to people ("several were killed")."""
    v = Vocabulary.load()
    text = doc_text(doc)
    matches = list(anchored_finditer(v.pattern, v.trigger, text, QUALIFIER_WINDOW))
    figures: list[Figure] = []
    skip_total: set[int] = set()
    for i, m in enumerate(matches):
        if i in skip_total:
            continue
        total = None
        if i + 1 < len(matches) and _OF_TOTAL.match(text[m.end():matches[i + 1].start()]):
            total = parse_quantity(matches[i + 1].group())
            skip_total.add(i + 1)
        fig = _read_figure(doc, text, m, v, figures, total, matches[i + 1].end() if total else None)
        if fig is not None:
            figures.append(_in_list_of(doc, fig, figures[-1] if figures else None))
            if total is not None and _OF_THE.fullmatch(text[m.end():matches[i + 1].start()]):
                # "captured 11 of the 14 provincial capitals": the 14 are a known whole, counted in
                # their own right (nothing happened to all 14); "150 of the country's roughly 400" stays one
                whole = _read_figure(doc, text, matches[i + 1], v, figures, None, None)
                if whole is not None and whole.measure != "duration" and not whole.range.unit:
                    figures.append(replace(whole, measure=None, part=False))
        elif total is not None:
            skip_total.discard(i + 1)  # "one of 445 residents": no part counted, so the whole is the figure
    extra = _money(doc, text, v, figures)
    return sorted(figures + extra, key=lambda f: f.start) if extra else figures


def with_single_counts(doc, figures: list[Figure]) -> list[Figure]:
    """`figures` and the one-person (or one-craft) counts an article makes with 'a' / 'an' / 'another'
    ('a <nationality> was killed'), in text order: what quantity claims are read from. Kept apart from
    find_figures, whose numbers the events stage reads as tolls: one death told in passing ('a medic died
    of wounds from last week's fighting') is a claim, not what makes a happening specific."""
    singles = _single_persons(doc, Vocabulary.load(), figures)
    return sorted(figures + singles, key=lambda f: f.start) if singles else figures


@lru_cache(maxsize=1)
def _money_rx() -> re.Pattern:
    raw = Vocabulary.load().raw
    symbols = _alt(sorted(raw["currency_symbols"], key=len, reverse=True))
    scales = _alt(list(raw["scales"]) + list(raw["money_scales"]))
    abbrev = _alt(list(raw["scale_abbreviations"]) + [k for k in raw["money_scales"] if len(k) <= 2])
    return re.compile(rf"(?<![\w.,])(?:(?P<q>{_alt(raw['qualifiers'])})\s+)?(?P<sym>{symbols})\s?"
                      rf"(?P<n>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                      rf"(?:\s*(?P<scale>{scales})\b|(?P<abbr>{abbrev})(?!\w))?", re.IGNORECASE)


def _money(doc, text: str, v: Vocabulary, figures: list[Figure]) -> list[Figure]:
    """Sums of money written with a currency symbol: 'a $20bn project', 'worth £14bn', 'US$1.5 million
    in aid'. Measure 'money', unit the currency; what it is the value of is the noun after it
    ('project') or the subject of 'worth'/'cost'."""
    taken = [(f.start, f.end) for f in figures]
    out = []
    for m in _money_rx().finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        scale_word = (m.group("scale") or m.group("abbr") or "").lower()
        factor = v.raw["money_scales"].get(scale_word, 1)  # "$1tn": a scale only money has
        number = m.group("n") + ("" if scale_word in v.raw["money_scales"] else
                                 f" {scale_word}" if m.group("scale") else scale_word)
        rng = parse_quantity(" ".join(p for p in (m.group("q"), number) if p))
        span = doc.char_span(m.start("n"), m.end(), alignment_mode="expand")
        if rng is None or span is None:
            continue
        unit = v.raw["currency_symbols"].get(m.group("sym"), v.raw["currency_symbols"].get(m.group("sym").upper()))
        scaled = Range(*(None if x is None else _whole(x * factor) for x in (rng.low, rng.best, rng.high)),
                       " ".join(m.group().split()), unit)
        thing = _money_for(doc, span[-1])
        counted = doc[thing.i:thing.i + 1] if thing is not None else None
        out.append(Figure(m.start(), m.end(), scaled, counted.text if counted is not None else "",
                          counted.start_char if counted is not None else m.start(),
                          counted.end_char if counted is not None else m.start(), "money",
                          thing.lemma_.lower() if thing is not None else None))
    return out


def _weighed(doc, unit_tok):
    """What a weight is of: '40 tonnes of flour' (flour), 'a charge of about five kilograms' (charge)."""
    of = next((c for c in unit_tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((g for g in of.children if g.dep_ == "pobj" and g.pos_ == "NOUN"), None) if of is not None else None
    if obj is not None:
        return obj
    up = unit_tok.head
    if unit_tok.dep_ == "pobj" and up.lower_ == "of" and up.head.pos_ == "NOUN":
        return up.head
    return None


def _money_for(doc, last):
    """What a sum is the value of: the noun it qualifies ('a $20bn project', '60 billion dollars of
    aid'), else the subject of the verb or adjective it measures ('the deal is worth $5m'); None."""
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    # the next noun only as the sum's head (or its compound): "pledged $5m. Donors ...": a full stop glued
    # to the scale ends the sentence, whatever the parser hangs the sum on
    if nxt is not None and nxt.pos_ == "NOUN" and nxt.i < last.sent.end and not last.text.endswith(".") \
            and (nxt.head if nxt.dep_ == "compound" else nxt) in (last, *last.ancestors):
        return nxt
    if nxt is not None and nxt.lower_ in ("of", "in") and nxt.i + 1 < len(doc) and doc[nxt.i + 1].pos_ == "NOUN":
        return doc[nxt.i + 1]
    for tok in (last, *last.ancestors):
        if tok.pos_ == "ADP" and tok.lower_ != "worth":
            return None  # "set at a cost of $10,500": what was set is not what the sum is for
        if tok.pos_ in ("VERB", "AUX", "ADJ"):
            if tok.lemma_.lower() not in Vocabulary.load().raw["money_of_subject"]:
                return None  # "the agency pledged $5m": the agency gives it, it is not what it is worth
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN"), None)
            if subj is None and tok.dep_ in ("acomp", "xcomp") and tok.head.pos_ in ("VERB", "AUX"):
                subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN"), None)
            if subj is None and tok.dep_ == "amod" and tok.head.pos_ == "NOUN":
                subj = tok.head  # "a contract worth $5m"
            return subj
    return None


def _among_measure(head, v: Vocabulary) -> str | None:
    """'An aid worker was among those killed', '… among the dead': the measure of the group the
    subject is said to be among."""
    verb = head.head
    if head.dep_ != "nsubj" or verb.lemma_ != "be":
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "among":
            for group in prep.children:
                if group.dep_ != "pobj":
                    continue
                for tok in (group, *group.children):  # "those killed", "the dead", "the injured"
                    m = _measure_of(tok, v) or v.measures.get(tok.lower_) or v.measures.get(tok.lemma_.lower())
                    if m is not None:
                        return m
    return None


def _nationality(tok) -> str | None:
    """The nationality a noun names a person by ('<nationality>', '<nationality> <nationality>' of two words), else None."""
    from ..geo.rank import demonym_words

    words = demonym_words()
    two = f"{tok.doc[tok.i - 1].text} {tok.text}" if tok.i > 0 else ""
    return two if two in words else tok.text if tok.text in words else None


def _single_persons(doc, v: Vocabulary, figures: list[Figure]) -> list[Figure]:
    """One person counted by an article: 'a <nationality> was killed', 'another civilian was wounded', 'an
    employee of the plant died'. A figure of 1 only where the person is the subject of what befell
    them (single_person_measures) and the noun names a person (a counted class, a nationality, or
    a person role, or single_person_nouns), alone as the subject: 'a convoy was hit' and 'a soldier said' are no count.
    An aircraft or a vessel hit, damaged, downed or seized counts the same way ('a passenger plane was
    damaged'; single_craft_nouns)."""
    from .coref import role_vocab

    taken = [(f.start, f.end) for f in figures]
    nouns = set(v.counted_class) | role_vocab().person_roles | set(v.raw["single_person_nouns"])
    crafts = set(v.raw["single_craft_nouns"])
    out = []
    for tok in doc:
        head = tok.head
        if tok.lower_ not in ("a", "an", "another") or tok.dep_ != "det" or head.dep_ not in ("nsubj", "nsubjpass") \
                or head.tag_ not in ("NN", "NNP") or any(a <= tok.idx < b for a, b in taken) \
                or any(c.dep_ == "conj" for c in head.children) \
                or any(head.left_edge.idx <= a < head.right_edge.idx + len(head.right_edge) for a, _ in taken):
            continue  # "a man and two teenagers were held": a list, whose counts say how many in all
        craft = head.lemma_.lower() in crafts
        if not (craft or head.lemma_.lower() in nouns or _nationality(head)
                or any(c.dep_ == "compound" and f"{c.lower_} {head.lower_}" in nouns for c in head.children)):
            continue
        span = doc[tok.i:tok.i + 1]
        counted_span, np_end = doc[tok.i + 1:head.i + 1], head.i + 1  # the article's noun phrase, as parsed
        if not len(counted_span):
            continue
        measure = _measure(doc, span, head, np_end, v) or _among_measure(head, v)
        if measure not in v.raw["single_craft_measures" if craft else "single_person_measures"]:
            continue
        end = head.idx + len(head.text)  # the figure's words are the whole phrase: "a <nationality>", not "a"
        # at least one, no more said: another outlet's "5 civilians killed" may count this one among them
        rng = Range(1, 1, None, doc.text[tok.idx:end])
        out.append(Figure(tok.idx, end, rng, " ".join(counted_span.text.split()),
                          counted_span.start_char, counted_span.end_char, measure,
                          (head.tag_ == "NNP" and (_nationality(head) or "").lower())
                          or v.raw["lemma_slips"].get(head.lower_, head.lemma_.lower())))
    return out


_OF_THE = re.compile(r"\s+of\s+the\s+", re.IGNORECASE)
_OF_RELATIVE = re.compile(r"\s+of\s+(?:which|whom|them|these|those)\b", re.IGNORECASE)
# How far apart two figures of one list may be ("311 -- 183 from HTS and allied factions, 100 soldiers").
LIST_REACH_CHARS = 80


def _in_list_of(doc, fig: Figure, prev: Figure | None) -> Figure:
    """A figure listed after a measured one, with no verb between them, is measured alike: 'raised
    the toll to 311 -- 183 fighters, 100 soldiers and 28 civilians', 'killed 20: 12 soldiers and 8
    civilians'."""
    if fig.range.unit or prev is None or prev.measure is None \
            or fig.start - prev.end > LIST_REACH_CHARS or _OF_RELATIVE.match(doc.text[fig.end:fig.end + 12]):
        return fig  # "12 homes, dozens of which were empty" is no list
    marks = list(_BREAKDOWN.finditer(doc.text, prev.end, fig.start))
    opened = bool(marks)
    if opened and fig.measure is not None and fig.measure != prev.measure:
        return fig  # "12 died -- 30 more were hurt": another count, not a part
    # "64 people had died -- 50 villagers and 14 police": the whole's own verb comes before the mark
    between = doc.char_span(marks[-1].start() if opened else prev.end, fig.start, alignment_mode="expand")
    # inside a breakdown ("311 -- 183 from allied factions, 100 soldiers"), only a verb with a
    # subject of its own ends the list: a participle the parser took for a verb does not
    breakdown = opened or prev.part and prev.measure is not None
    if between is None or any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") and t.tag_ != "VBN"
                              and not (breakdown and t.pos_ == "VERB" and not any(c.dep_ in ("nsubj", "nsubjpass")
                                                                                    for c in t.children))
                              or t.is_sent_start or t.text in (".", ";") for t in between[1:]):
        return fig
    part = opened or prev.part and bool(_LIST_JOINER.search(doc.text[prev.end:fig.start]))
    if fig.measure is not None and not part:
        return fig
    return Figure(fig.start, fig.end, fig.range, fig.counted, fig.counted_start, fig.counted_end,
                  fig.measure or prev.measure, fig.head, fig.total, part=part, toll=fig.toll)


# Between a figure and the next: a dash, colon or bracket opens a breakdown of the first.
_BREAKDOWN = re.compile(r"--|[\u2013\u2014:(]")
# The word before a figure that goes on with a breakdown ("100 soldiers and 211 civilians").
_LIST_JOINER = re.compile(r"(?:,|\band|\bor|\bplus|\bas well as)\s*$", re.IGNORECASE)


def _read_figure(doc, text: str, m: re.Match, v: Vocabulary, previous: list[Figure], total: Range | None,
                 noun_from: int | None) -> Figure | None:
    """One candidate match as a Figure, or None when it is no count of anything."""
    start, end = m.span()
    rng = parse_quantity(m.group())
    ratio = v.ratio_rx.fullmatch(" ".join(m.group().lower().split()))
    if ratio and rng is not None and (base := _exact(ratio.group(2), v)) and base not in v.raw["ratio_bases"]:
        # "39 out of 59 hospitals": a count of 59, not a share (a share is "one in five", "3 out of 10")
        rng, total = parse_quantity(ratio.group(1)), parse_quantity(ratio.group(2))
        end = start + m.group().lower().index(ratio.group(1)) + len(ratio.group(1))
        noun_from = m.end()
    span = doc.char_span(start, end, alignment_mode="expand")
    if rng is None or span is None or _not_a_count(doc, text, span, m.group(), v):
        return None
    toll = _toll(doc, span, v)
    if toll is not None:  # "the death toll rose to 120"
        head_tok, counted_span, measure = toll
        words = " ".join(m.group().split())
        if words.lower().startswith("up to ") and span[0].head.lemma_.lower() in v.raw["rise_verbs"]:
            rng = parse_quantity(words[len("up to "):]) or rng  # "the toll rose up to 56" is 56
        fig = _figure(m, rng, counted_span, head_tok, measure, total, v)
        return Figure(fig.start, fig.end, fig.range, fig.counted, fig.counted_start, fig.counted_end, fig.measure,
                      fig.head, fig.total, toll=True)
    if rng.unit == "percent" and _share_of_subject(doc, span, v):
        head_tok, counted_span, np_end = None, None, span.end
    else:
        head_tok, counted_span, np_end = _counted(doc, span, v, previous, noun_from)
    hyphened = re.match(r"[-\u2010]([a-z]+)\b", text[end:end + 14], re.IGNORECASE)
    unit = v.raw["length_units"].get(hyphened.group(1).lower()) if hyphened and rng.unit is None else None
    unit = unit or (_length_unit(doc, head_tok, v) if rng.unit is None else None)  # "the 40-kilometre (25-mile) strip"
    if unit is not None:  # "over 30 kilometres", "6,000 square kilometres": a distance or an area
        measured = parse_quantity(m.group(), unit) if not ratio else None
        rng = Range(*((measured.low, measured.best, measured.high) if measured else (rng.low, rng.best, rng.high)),
                    rng.text, unit)
        measure = _measure(doc, span, head_tok, np_end, v) or ("distance" if unit in ("km", "mile", "m") else None)
        if unit in ("km", "mile", "m") and _measured_from(doc, head_tok if head_tok is not None else span[-1]):
            measure = "distance"  # "a village 9km (6 miles) from the port" is no count of the town or the verb
        return _figure(m, rng, counted_span, head_tok, measure, total, v)
    if head_tok is not None and head_tok.lemma_.lower() == "time" and head_tok.dep_ == "npadvmod" \
            and (m_how := _measure_of(head_tok.head, v)) in v.raw["repeated_measures"]:
        return _figure(m, rng, counted_span, head_tok, m_how, total, v)  # "the hospital was hit four times"
    duration = _duration(doc, span, text, v) if rng.unit is None else None
    if duration is not None:  # "a 72-hour truce", "24 years of Assad's rule"
        unit, thing = duration
        rng = Range(rng.low, rng.best, rng.high, rng.text, unit)
        counted = doc[thing.i:thing.i + 1] if thing is not None else None  # what lasts: "truce", "rule"
        return _figure(m, rng, counted, thing, "duration", total, v)
    currency = v.raw["currency_words"].get(head_tok.lemma_.lower()) if head_tok is not None and rng.unit is None else None
    if currency is None and head_tok is not None and rng.unit is None and re.search(
            rf"\b(?:{_alt(list(v.scales)[2:])})$", m.group().lower()):  # "14 billion pounds", not "500 pounds of TNT"
        currency = v.raw["scaled_currency_words"].get(head_tok.lemma_.lower())
    if currency is not None and head_tok.i == np_end - 1:  # "60 billion dollars", "500 million euros"
        rng = Range(rng.low, rng.best, rng.high, rng.text, currency)
        thing = _money_for(doc, head_tok)
        return _figure(m, rng, doc[thing.i:thing.i + 1] if thing is not None else None, thing, "money", total, v)
    weight = v.raw["weight_units"].get(head_tok.lower_) if head_tok is not None and rng.unit is None else None
    if weight is not None and head_tok.i == np_end - 1:  # "a charge of about five kilograms", "40 tonnes of flour"
        rng = Range(rng.low, rng.best, rng.high, rng.text, weight)
        thing = _weighed(doc, head_tok)
        return _figure(m, rng, doc[thing.i:thing.i + 1] if thing is not None else None, thing, "weight", total, v)
    if rng.unit is None and (head_tok is not None and head_tok.lemma_.lower() in v.time_units
                             or head_tok is None and _tagged_as_date(span)):
        return None  # a date, a time
    measure = _measure(doc, span, head_tok, np_end, v) or _borrowed_measure(span, head_tok, previous, v)
    share_of = _breakdown_measure(doc, span, v) if measure is None and _copular_class(span) is not None else None
    if share_of is not None:  # "of the overall toll, 300 were boys": a part of the dead
        fig = _figure(m, rng, counted_span, head_tok, share_of, total, v)
        return Figure(fig.start, fig.end, fig.range, fig.counted, fig.counted_start, fig.counted_end, fig.measure,
                      fig.head, fig.total, part=True)
    if _is_weak(" ".join(m.group().lower().split()), v) and measure not in v.people_measures:
        return None  # "a handful of victories", "one commander said"
    if rng.unit == "percent" and head_tok is None:
        head_tok, counted_span, share_measure = _percent_subject(span, v)
        measure = measure or share_measure
    if counted_span is None and rng.unit is None and measure is None:
        return None  # a bare number with nothing to count
    return _figure(m, rng, counted_span, head_tok, measure, total, v)


_COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                      "north-east", "north-west", "south-east", "south-west"})


def _measured_from(doc, unit_tok) -> bool:
    """A length followed by where it is measured from: '9km (6 miles) from the port', '20 km
    away', '30 miles north of the city'. A conversion in brackets between them is skipped."""
    i = unit_tok.i + 1
    if i < len(doc) and doc[i].text == "(":
        close = next((k for k in range(i, min(i + 8, len(doc))) if doc[k].text == ")"), None)
        if close is None:
            return False
        i = close + 1
    elif i < len(doc) and doc[i].text == ")":
        i += 1  # the conversion itself: "9km (6 miles) from"
    if i >= len(doc):
        return False
    word = doc[i].lower_
    return word in ("from", "away", "outside") or (
        word in _COMPASS and i + 1 < len(doc) and doc[i + 1].lower_ in ("of", "from"))


def _length_unit(doc, head_tok, v: Vocabulary) -> str | None:
    """'kilometres' → km, 'square miles' → sq mile, 'km2' → km2: a figure of distance or area."""
    if head_tok is None:
        return None
    unit = v.raw["length_units"].get(head_tok.lower_) or v.raw["length_units"].get(head_tok.lemma_.lower())
    if unit is None:
        return None
    square = any(c.lower_.rstrip(".") in v.raw["area_words"] for c in head_tok.children if c.i < head_tok.i) \
        or (head_tok.i > 0 and doc[head_tok.i - 1].lower_.rstrip(".") in v.raw["area_words"])
    return f"{unit}2" if square and not unit.endswith("2") else unit


def _figure(m: re.Match, rng: Range, counted_span, head_tok, measure, total, v: Vocabulary) -> Figure:
    if counted_span is None:
        return Figure(m.start(), m.end(), rng, "", m.start(), m.start(), measure, None, total)
    # An adjective standing for people ("40 dead") names the measure, not the counted head.
    head = None if head_tok is None or _is_measure_word(head_tok, v) \
        else (head_tok.tag_ == "NNP" and (_nationality(head_tok) or "").lower()) \
        or v.raw["lemma_slips"].get(head_tok.lower_, head_tok.lemma_.lower())  # "one <nationality>"
    return Figure(m.start(), m.end(), rng, " ".join(counted_span.text.split()), counted_span.start_char,
                  counted_span.end_char, measure, head, total)


def _share_of_subject(doc, span, v: Vocabulary) -> bool:
    """'the withdrawal was more than 90 percent complete': a share with no noun after it."""
    follows_of = span.end < len(doc) and doc[span.end].lower_ == "of"
    return not follows_of and _np_head(doc, span.end, v) is None


def _is_weak(words: str, v: Vocabulary) -> bool:
    core = v.qualifier_rx.sub("", words).strip()
    if core in _WEAK_SINGLE:
        return words == core  # "one" alone is weak; "at least one" is a figure
    entry = v.raw["vague"].get(core)
    return bool(entry and entry.get("weak"))


def _not_a_count(doc, text: str, span, words: str, v: Vocabulary) -> bool:
    """Numbers that are dates, times, ages, names or parts of words, not counts."""
    first, last = span[0], span[-1]
    prev = doc[first.i - 1] if first.i > 0 else None
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    after = text[span.end_char: span.end_char + 12]
    if prev is not None and _MONTH.match(prev.text) and prev.text[0].isupper() and words[:1].isdigit():
        return True  # "Sept. 11"
    if nxt is not None and _MONTH.match(nxt.text) and nxt.text[0].isupper() and words.isdigit():
        return True  # "11 September"
    if _TIME_AFTER.match(after):
        return True
    if _ISO_DATE.search(text[max(0, span.start_char - 8):span.end_char + 6]):
        return True  # "2025-01-25": a date written as digits
    if prev is not None and prev.lower_ in v.raw["age_words"]:
        return True  # "a man aged 45"
    if re.search(r"\bas\s+(?:young|old)\s+as\s*$", text[max(0, span.start_char - 20):span.start_char], re.IGNORECASE):
        return True  # "children as young as two to five": ages
    if words == "one" and prev is not None and prev.lower_ in ("no", "any", "every", "each", "the", "this", "that"):
        return True  # "no one was hurt", "the one who"
    if words.isdigit() and len(words) == 4 and 1800 <= int(words) <= 2100 \
            and not (nxt is not None and nxt.tag_ in ("NNS", "NNPS")):
        return True  # a year ("in 2014", "the 1988 uprising"), unless it counts a plural ("2000 troops")
    years = re.findall(r"\d+", words)
    if len(years) == 2 and all(len(y) == 4 and 1800 <= int(y) <= 2100 for y in years) \
            and not (nxt is not None and nxt.tag_ in ("NNS", "NNPS")):
        return True  # "between 2013 and 2016": years
    if nxt is not None and nxt.text in ("-", "‐") and last.i + 2 < len(doc):
        suffix = doc[last.i + 2].lower_
        if suffix not in v.compound_suffixes and not _hyphen_duration(doc, last.i + 2, v) \
                and suffix not in v.raw["length_units"]:
            return True  # "12-year-old", "three-man": a modifier, not a count ("a 72-hour truce" is a duration)
    hyphened = re.match(r"^-([a-z]+)", after, re.IGNORECASE)
    if hyphened and hyphened.group(1).lower() not in v.compound_suffixes \
            and hyphened.group(1).lower() not in v.raw["duration_units"] and hyphened.group(1).lower() not in v.raw["length_units"]:
        return True  # the same, when the tokenizer kept "12-year" in one piece
    if prev is not None and prev.lower_ in v.name_prefixes and prev.text[:1].isupper() and words.isdigit():
        return True  # "Route 1", "Resolution 2334"
    if prev is not None and prev.lower_ in v.raw["dead_place_nouns"] and words.isdigit():
        return True  # "a body from grave 124": the grave's number
    if prev is not None and prev.pos_ == "PROPN" and words.isdigit() and not prev.is_sent_start and prev.text[:1].isupper() \
            and not (nxt is not None and nxt.pos_ == "NOUN"):
        return True  # "Boeing 737", "Unit 8200"
    return False


def _hyphen_duration(doc, i: int, v: Vocabulary) -> bool:
    """'a 72-hour truce', 'a three-day truce': a time unit after the hyphen, and not an age ('-year-old')."""
    if doc[i].lower_ not in v.raw["duration_units"]:
        return False
    return not (i + 2 < len(doc) and doc[i + 1].text in ("-", "‐") and doc[i + 2].lower_ in ("old", "long"))


def _duration(doc, span, text: str, v: Vocabulary):
    """(unit, head token of what lasts) when the figure says how long something lasts: '24 years of
    Assad's rule' (rule), 'a 72-hour truce' (truce), 'within 24 hours'; None for a figure that dates
    something ('two days ago', 'three days after') or counts anything else."""
    units = v.raw["duration_units"]
    i = span.end
    if i + 1 < len(doc) and doc[i].text in ("-", "‐") and _hyphen_duration(doc, i + 1, v):
        unit_tok = doc[i + 1]
        thing = unit_tok.head if unit_tok.head.i > unit_tok.i and unit_tok.head.pos_ == "NOUN" else None
        if thing is None:
            thing = next((t for t in doc[i + 2:i + 5] if t.pos_ == "NOUN"), None)
        return units[unit_tok.lower_], thing
    hyphened = re.match(r"^-([a-z]+)", text[span.end_char:span.end_char + 12], re.IGNORECASE)
    if hyphened and hyphened.group(1).lower() in units and i < len(doc):
        thing = next((t for t in doc[i:i + 4] if t.pos_ == "NOUN" and t.lower_ not in units), None)
        return units[hyphened.group(1).lower()], thing
    if i + 1 < len(doc) and doc[i].lower_ in ("more", "additional", "further", "extra") and doc[i + 1].lower_ in units:
        i += 1  # "three more weeks are needed"
    if i >= len(doc) or doc[i].lower_ not in units:
        return None
    unit_tok = doc[i]
    if i + 1 < len(doc) and doc[i + 1].lower_ in v.raw["duration_not_before"]:
        return None  # "two days ago", "three days after the attack"
    prep = doc[span.start - 1] if span.start and doc[span.start - 1].dep_ == "prep" else None
    if any(w.lower_ in ("past", "last", "previous", "next", "coming") and w.pos_ != "VERB"  # not "will last 72 hours"
           for w in doc[max(0, span.start - 2):span.start]):
        # "killed 40 in the past 24 hours": the window of another count; with no count beside it, how
        # long what the sentence tells went on ("swept across the southwest in the last 24 hours")
        window = doc[max(0, span.start - 3):span.start]
        prep = next((w for w in window if w.dep_ == "prep" and w.head.pos_ == "VERB"), None)
        others = [t for t in unit_tok.sent if t.like_num and not span.start <= t.i < span.end and not t.ent_type_ in ("DATE", "TIME")]
        return (units[unit_tok.lower_], prep.head) if prep is not None and not others else None
    lasting = _lasting_thing(unit_tok, v)
    if lasting is not None:  # "the truce will last 72 hours", "will not extend beyond the 48 hours the parties set"
        return units[unit_tok.lower_], lasting
    if prep is not None and prep.lower_ == "for" and prep.head.pos_ == "VERB" and unit_tok.head.i == prep.i:
        return units[unit_tok.lower_], prep.head  # "the family has ruled for 50 years": how long the ruling lasted
    if prep is not None and prep.lower_ == "for" and prep.head.lemma_ == "be" and unit_tok.head.i == prep.i:
        # "the town had been under the militia's control for 8 years": how long the state held
        state = next((g for c in prep.head.children if c.dep_ == "prep" and c.i != prep.i
                      for g in c.children if g.dep_ == "pobj" and g.pos_ == "NOUN"), None)
        return (units[unit_tok.lower_], state) if state is not None else None
    allowed = _time_allowed(unit_tok, v)
    if allowed is not None:  # "gave residents 24 hours to leave", "three more weeks are needed to clear"
        return units[unit_tok.lower_], allowed
    of = doc[i + 1] if i + 1 < len(doc) and doc[i + 1].lower_ == "of" else None
    thing = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if thing is None or thing.pos_ != "NOUN":
        return None  # "crossed in two days", "over two days": the window of a count, not what lasts
    return units[unit_tok.lower_], thing


def _time_allowed(unit_tok, v: Vocabulary):
    """The act a span of time is given for or needed by ('gave residents 24 hours to leave': leave;
    'three more weeks are needed to clear the rubble': clear), through a verb of giving or
    needing time (duration_allow_verbs); None otherwise."""
    verb = unit_tok.head
    if unit_tok.dep_ not in ("dobj", "nsubjpass", "nsubj", "npadvmod", "ccomp") or verb.pos_ != "VERB" \
            or verb.lemma_.lower() not in v.raw["duration_allow_verbs"]:
        return None
    return next((c for t in (unit_tok, verb) for c in t.children
                 if c.dep_ in ("xcomp", "acl", "relcl", "advcl") and c.pos_ == "VERB"
                 and any(a.lower_ == "to" for a in c.children)), None)


def _lasting_thing(unit_tok, v: Vocabulary):
    """The noun whose span a time unit gives through a verb of lasting: 'the truce will last 72
    hours' (truce), 'the ceasefire … will not extend beyond the 48 hours the parties set' (ceasefire), 'the
    pause, which will run for 48 hours' (pause); None when the verb's subject is no thing that lasts
    in the vocabulary's sense (a noun) or the verb is not one of lasting."""
    verb = unit_tok.head
    if unit_tok.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in v.raw["duration_preps"]:
        verb = verb.head
    elif unit_tok.dep_ not in ("dobj", "npadvmod"):
        return None
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in v.raw["duration_verbs"]:
        return None
    while True:
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ == "which" and verb.dep_ == "relcl":
            subj = verb.head  # "the pause, which will run for 48 hours"
        if subj is not None or verb.dep_ != "conj":
            break
        verb = verb.head  # "the ceasefire will start at six and will not extend beyond …"
    if subj is None or subj.pos_ != "NOUN" or subj.lemma_.lower() in v.counted_class:
        return None  # "residents ran for ten hours": people do not last
    return subj


def _tagged_as_date(span) -> bool:
    """The tagger read the words as a date, time, ordinal or money amount."""
    return any(t.ent_type_ in ("DATE", "TIME", "ORDINAL", "MONEY") for t in span)


def _counted(doc, span, v: Vocabulary, previous: list[Figure], noun_from: int | None):
    """(head token, span of head + modifiers, index of the token after the figure's own noun phrase)
    for what the figure counts; (None, None, end) when nothing is counted. The head may be an
    adjective used as a noun ("40 dead", "hundreds of wounded")."""
    pos = _noun_start(doc, span, v, noun_from)
    head = _np_head(doc, pos, v)
    after = head.i + 1 if head is not None else pos
    if head is None and pos < len(doc) and _is_measure_word(doc[pos], v):
        return doc[pos], doc[pos: pos + 1], pos + 1
    if head is None and not _OF_RELATIVE.match(doc.text[span.end_char:span.end_char + 12]) \
            and (attr := _copular_class(span)) is not None:  # "five of whom were children" counts the people
        return attr, _left_modifiers(doc, attr), after  # "of the dead, 300 were boys"
    if head is None or head.lower_ in v.anaphors:
        if head is None and pos < len(doc) and doc[pos].lower_ in v.anaphors:
            after = pos + 1
        ante, ante_span = _antecedent(doc, span, v, previous)
        return ante, ante_span, after
    if head.lemma_.lower() in v.collective:
        inner = _collective_members(doc, head, v)
        if inner is not None:
            return inner, _np_span(doc, inner, pos), after
    return head, _np_span(doc, head, pos), after


def _number_root(span):
    """The token that carries a figure's number: its last number ("up to 56": the 56)."""
    return next((t for t in reversed(span) if t.like_num or t.pos_ == "NUM"), span.root)


def _toll(doc, span, v: Vocabulary):
    """A figure that is the value of a toll or count: 'the death toll rose to 120', 'the number of
    displaced people has risen to 2 million', 'the toll stood at 40', 'the overall count of civilian
    dead is 61', 'bringing the toll to 30', 'raising the number of dead to 12', 'the aid worker
    deaths reached five'. (head, counted span, measure) of what the toll counts."""
    root = _number_root(span)
    if root.dep_ == "pobj" and root.head.lower_ in v.raw["toll_preps"]:
        # "the number of aid workers killed since 15 April to five": the parser may hang "to" on a
        # noun inside the toll's phrase; a verb above it sets the value
        anchors = [t for t in list(root.head.ancestors)[:8] if t.pos_ in ("VERB", "AUX")]
    elif root.dep_ in ("attr", "dobj", "npadvmod", "oprd") and root.head.lemma_.lower() not in v.raw["toll_setting_verbs"]:
        anchors = [root.head]  # "the toll is 56", "the toll reached 97"; not "raised the toll to 311 -- 183"
    elif _dated_start_of_rise(root, v):
        anchors = [root.head.head]  # "the tally had gone up from 1,200 on Friday": the count that day
    else:
        return None
    for anchor in anchors:
        setting = anchor.lemma_.lower() in v.raw["toll_setting_verbs"]  # "bringing the toll to 30"
        nouns = [c for c in anchor.children if c.i != root.i and (
            c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "dobj" and setting and c.i < root.i))]
        for noun in sorted(nouns, key=lambda c: (c.dep_ != "dobj", c.i)):  # what is set, before who sets it
            found = _toll_noun(doc, noun, v)
            if found is not None:
                return found
    return None


def _dated_start_of_rise(root, v: Vocabulary) -> bool:
    """'climbed from 1,200 on Friday': the value a count rose from, with a day of its own in that
    clause. Without a day ('rose from 10 to 15') the earlier value has no day to stand on, so it is
    not read as a count (it would meet the new value on the same day)."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ != "from" or prep.dep_ != "prep":
        return False
    verb = prep.head
    if verb.lemma_.lower() not in v.raw["rise_verbs"]:
        return False
    others = [t for c in verb.children if c.i != prep.i and c.dep_ in ("prep", "npadvmod") for t in c.subtree]
    others += [t for t in prep.subtree if t.i > root.i]
    return any(t.ent_type_ == "DATE" for t in others) and not any(
        c.dep_ == "prep" and c.lower_ == "to" for c in verb.children)


def _copular_class(span):
    """'300 were boys': the class a bare figure is said to be, when it is the subject of 'be'."""
    root = _number_root(span)
    if root.dep_ != "nsubj" or root.head.lemma_.lower() != "be":
        return None
    return next((c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)


def _breakdown_measure(doc, span, v: Vocabulary) -> str | None:
    """The measure of the whole a copular figure is a share of: 'Of the overall toll, 300 were
    boys' (killed), 'Of those wounded, 40 were women' (wounded). The 'of' phrase opens the clause."""
    root = _number_root(span)
    verbs = [root.head] + ([root.head.head] if root.head.dep_ == "conj" else [])  # "… and 1,000 were women"
    for prep in (c for verb in verbs for c in verb.children):
        if prep.dep_ != "prep" or prep.lower_ != "of" or prep.i > root.i:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            found = _toll_noun(doc, obj, v)
            if found is not None and found[2]:
                return found[2]
            if m := _measure_of(obj, v):
                return m
            m = next((m for c in obj.children if c.dep_ in ("acl", "relcl", "amod") and (m := _measure_of(c, v))), None)
            if m:
                return m
    return None


def _toll_noun(doc, noun, v: Vocabulary):
    """What a toll noun counts: 'death toll' (killed), 'the number of aid workers killed' (aid
    workers, killed), 'civilian deaths' (civilians, killed). None when the noun is no toll."""
    lemma = noun.lemma_.lower()
    if lemma in v.toll_nouns:
        mods = [c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod")]
        measure = next((v.toll_nouns[f"{m} {lemma}"] for m in mods if f"{m} {lemma}" in v.toll_nouns),
                       None) or v.toll_nouns[lemma]
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and (obj.pos_ in ("NOUN", "ADJ") or _is_measure_word(obj, v)):
                        counted = _left_modifiers(doc, obj)
                        measure = measure or _measure_of(obj, v) or next(
                            (m for t in list(counted) + [c for c in obj.children if c.dep_ in ("acl", "relcl", "amod")]
                             if (m := _measure_of(t, v))), None)
                        return obj, counted, measure
        start = noun.left_edge.i + (1 if noun.left_edge.pos_ == "DET" or noun.left_edge.tag_ == "PRP$" else 0)
        return None, doc[start: noun.i + 1], measure
    if lemma in v.measure_nouns and noun.pos_ == "NOUN" and v.measures.get(lemma):
        return noun, _left_modifiers(doc, noun), v.measures[lemma]  # "the aid worker deaths to five"
    return None


def _noun_start(doc, span, v: Vocabulary, noun_from: int | None) -> int:
    """Where the counted noun phrase starts: after the figure, after '-strong'/'-member', after
    'of the country's', or after the total of 'X of Y'."""
    pos = span.end
    if noun_from is not None:  # "150 of roughly 400 districts": the noun follows the total
        while pos < len(doc) and doc[pos].idx < noun_from:
            pos += 1
        return pos
    if pos + 1 < len(doc) and doc[pos].tag_ == "HYPH" and doc[pos + 1].lower_ in v.compound_suffixes:
        return pos + 2  # "a 3,000-strong force"
    if pos < len(doc) and doc[pos].lower_ == "of":
        pos += 1
        while pos < len(doc) and (doc[pos].pos_ == "DET" or doc[pos].tag_ == "PRP$"):
            pos += 1
        for k in range(pos, min(pos + 4, len(doc))):  # "of the city's residents"
            if doc[k].tag_ == "POS":
                return k + 1
    return pos


def _is_measure_word(tok, v: Vocabulary) -> bool:
    """An adjective or participle standing for people: "the dead", "40 wounded", "5,500 injured"."""
    return tok.tag_ in ("JJ", "VBN") and tok.lower_ in v.measure_words or tok.lemma_.lower() in v.measure_words \
        and tok.tag_ in ("JJ", "VBN")


_NP_POS = {"ADJ", "NOUN", "PROPN", "NUM"}


def _np_head(doc, pos: int, v: Vocabulary):
    """The head noun of the noun phrase that starts at token `pos` (modifiers, then the noun)."""
    head = None
    i = pos
    while i < len(doc):
        t = doc[i]
        if t.pos_ == "SPACE":  # a stray non-breaking space inside the phrase
            i += 1
            continue
        if t.pos_ in _NP_POS or t.tag_ == "HYPH" or (t.tag_ in ("VBG", "VBN") and t.dep_ == "amod") \
                or t.tag_ == "POS" and head is not None \
                or (t.pos_ == "ADV" and head is None and t.head.pos_ in ("ADJ", "VERB") and t.head.i > t.i):
            # "50,000 severely malnourished children": an adverb on a modifier stays in the phrase
            if t.pos_ in ("NOUN", "PROPN") and t.tag_ != "POS":
                head = t
                if (t.tag_ in ("NNS", "NNPS") or t.lemma_.lower() in v.anaphors) \
                        and not (t.dep_ == "compound" and t.head.i == i + 1 and t.tag_ == t.head.tag_ == "NNPS"):
                    # a plural proper name goes on ("two <nationality>s"); "several guests hostage" stops
                    break  # a plural noun closes the phrase: "Afghan troops fled"
            i += 1
            continue
        break
    if head is not None and head.pos_ == "PROPN" and head.tag_ != "NNPS" \
            and not (_nationality(head) and (head.i + 1 == len(doc) or doc[head.i + 1].pos_ in ("AUX", "VERB", "PUNCT"))):
        return None  # "300 <town>" is no count of towns; "one <nationality> was killed" counts a person
        # ("nine <nationality> and three <nationality> soldiers" counts soldiers)
    return head


def _np_span(doc, head, start_tok: int):
    return doc[start_tok: head.i + 1] if start_tok <= head.i else doc[head.i: head.i + 1]


def _collective_members(doc, head, v: Vocabulary):
    """'a convoy of soldiers' → soldiers."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ == "NOUN":
                    return obj
    return None


def _antecedent(doc, span, v: Vocabulary, previous: list[Figure]):
    """What an elliptic figure counts: "more than a dozen had been wounded" → the civilians of the
    figure before; "homes, dozens of which" → homes; "killing dozens" → the people just named
    (a word for people, so that "attacked villages, killing dozens" does not count villages)."""
    sent = span.sent
    for fig in reversed(previous):
        if fig.start >= sent.start_char and fig.counted:
            tok = doc.char_span(fig.counted_start, fig.counted_end, alignment_mode="expand")
            if tok is not None:
                return tok.root, tok
    relative = span.end + 1 < len(doc) and doc[span.end].lower_ == "of" \
        and doc[span.end + 1].lower_ in ("whom", "which", "them", "these", "those")
    for i in range(span.start - 1, sent.start - 1, -1):
        t = doc[i]
        if t.pos_ not in ("NOUN", "PROPN") or t.lemma_.lower() in v.time_units:
            continue
        if t.lemma_.lower() in v.collective:
            inner = _collective_members(doc, t, v)
            if inner is not None:
                return inner, _left_modifiers(doc, inner)
        if relative and t.pos_ == "NOUN":
            return t, _left_modifiers(doc, t)
        if t.dep_ == "nsubj" and span.root.dep_ == "dobj" and _measure_of(span.root.head, v):
            continue  # the doers ("gunmen attacked villages, killing dozens"), not the counted
        if t.lemma_.lower() in v.counted_class or t.tag_ == "NNPS":
            return t, _left_modifiers(doc, t)
    return None, None


def _borrowed_measure(span, head, previous: list[Figure], v: Vocabulary) -> str | None:
    """An elliptic figure that another voice gives for what an earlier figure of its sentence
    counts ("about 25 bodies were in the grave, though its marker said 17") counts them as that
    figure did: the measure goes with the counted noun it borrowed. A figure with a predicate of
    its own ("12 homes, dozens of which were empty") does not borrow."""
    verb = _telling_verb(span)
    if head is None or head.i >= span.start or verb is None \
            or (verb.lemma_.lower() not in v.document_verbs and verb.lemma_.lower() not in _speech_lemmas()):
        return None
    sent = span.sent
    for fig in reversed(previous):
        if fig.start >= sent.start_char and fig.counted_start <= head.idx < fig.counted_end:
            return fig.measure
    return None


def _left_modifiers(doc, head):
    i = head.i
    while i > 0 and doc[i - 1].dep_ in ("amod", "compound", "nmod", "nummod") and doc[i - 1].head.i >= i - 1 \
            and doc[i - 1].pos_ != "NUM":
        i -= 1
    return doc[i: head.i + 1]


def _measure(doc, span, head, np_end: int, v: Vocabulary) -> str | None:
    """The measure from the verb or noun that governs the figure: killed, wounded, fled, ...
    Only where what is counted undergoes it: '12 gunmen killed 3 guards' measures the 3, not the 12."""
    if head is not None and _is_measure_word(head, v) and head.i >= span.start:
        return _measure_of(head, v)  # "40 dead", "hundreds of wounded"
    own = _noun_measure(span, head, v)
    if own in v.raw["casualty_measures"]:
        return own  # "41 civilian deaths", "11 injuries"
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN" \
            and v.measures.get(root.head.head.lemma_.lower()) in v.raw["casualty_measures"] \
            and root.head.head.lemma_.lower() in v.measure_nouns:
        return v.measures[root.head.head.lemma_.lower()]  # "the deaths of 20 people", "the death of one of its soldiers"
    main = _verb_past_own_clause(doc, span, head, np_end)
    if main is not None and (m := _measure_of(main, v)) in v.people_measures and _undergoes(main, "subject", head, v):
        return _with_conjuncts(main, m, v)  # "177 engineers, seized by the militia, have been evacuated": evacuated
    for tok, role in _governors(doc, span, head, np_end):
        if head is not None and tok.i == head.i:
            continue
        m = _measure_of(tok, v)
        if m and _undergoes(tok, role, head, v):
            return _with_conjuncts(tok, m, v)
    if head is not None and head.i >= span.start:
        for mod in head.children:  # "250 displaced families", "dead civilians"
            if mod.dep_ == "amod" and mod.i < head.i and _measure_of(mod, v):
                return _measure_of(mod, v)
    if own is not None:
        return own  # "203 hostages": abducted, unless a verb says what happened to them ("25 hostages were freed")
    root = span.root
    owner = _included_in(span)
    if owner is not None:  # "the fatalities included 2,704 children": what the whole measures
        m = _measure_of(owner, v) or v.measures.get(owner.lemma_.lower())
        if m:
            return m
    if root.dep_ == "pobj" and root.head.lower_ in _PART_OF:
        # "413 people have been killed, including 132 in Khartoum": a part undergoes what the whole does
        for tok in [root.head.head, *_up(root.head.head)]:
            if (m := _measure_of(tok, v)) is not None:
                return m
    return None


_PART_OF = ("including", "among", "of whom", "excluding")


def _verb_past_own_clause(doc, span, head, np_end: int):
    """The main verb after a clause that describes the counted people ('dozens of engineers caught in
    the fighting have returned home', '140 guards, who were held at the base, were flown out'): what
    happened to them, where the clause only says who they are. None when no such clause follows."""
    sent, i = span.sent, np_end
    if head is None or i >= sent.end:
        return None
    i += doc[i].text == ","
    clause = next((t for t in doc[i:min(sent.end, i + 3)] if t.pos_ == "VERB" and t.dep_ in ("acl", "relcl")
                   and span.start <= t.head.i < np_end), None)
    if clause is None:
        return None
    j = clause.right_edge.i + 1
    while j < sent.end and (doc[j].text in (",", ")") or doc[j].dep_ in ("aux", "auxpass", "neg", "advmod")):
        j += 1
    if j >= sent.end or doc[j].pos_ != "VERB" or not any(a.i == doc[j].i for a in head.ancestors):
        return None
    return doc[j]


def _noun_measure(span, head, v: Vocabulary) -> str | None:
    """The measure the counted noun names itself: 'deaths' killed, 'hostages' abducted."""
    if head is None or head.i < span.start or head.pos_ != "NOUN" or head.lemma_.lower() not in v.measure_nouns:
        return None
    m = v.measures.get(head.lemma_.lower())
    return m if m in v.people_measures else None


def _undergoes(verb, role: str, head, v: Vocabulary) -> bool:
    """Is what the figure counts the one the verb happens to (not the one doing it)?"""
    if verb.pos_ != "VERB" or role == "object":
        return True
    if any(c.dep_ == "auxpass" for c in verb.children) or verb.lemma_.lower() in v.patient_verbs:
        return True
    if any(c.dep_ in ("mark", "prep") and c.lower_ == "with" and c.i < verb.i for c in verb.children):
        return True  # "with 350,000 people displaced": a participle, whatever tag the parser gave it
    if role == "dep" and head is not None and head.head.lower_ == "of" and head.head.head.lemma_.lower() in v.collective:
        head = head.head.head  # "hit a group of four hospitals": the group is the object
    if role == "dep" and head is not None and head.head.i == verb.i and head.dep_ != "nsubj":
        return True  # the figure's noun is the verb's object or passive subject
    # A participle with no auxiliary: "civilians wounded", "14 soldiers taken captive".
    return verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children)


def _governors(doc, span, head, np_end: int):
    """(token, role) candidates, nearest first: the verb right before the figure (its object), the
    verb after the noun phrase (its subject), the noun's own clause, the dependency heads above."""
    sent = span.sent
    j = span.start - 1
    while j >= sent.start and (doc[j].pos_ in ("DET", "ADV") or doc[j].dep_ == "prt"):
        j -= 1
    if j >= sent.start and doc[j].pos_ == "VERB":
        yield doc[j], "object"
    i = _past_aside(doc, np_end, sent.end)
    while i < sent.end and (doc[i].pos_ in ("AUX", "ADV", "PART", "SPACE") or doc[i].dep_ in ("aux", "auxpass", "neg")
                            or doc[i].tag_ in ("WP", "WDT")):
        i += 1
    if i < sent.end and doc[i].pos_ in ("VERB", "ADJ"):
        yield doc[i], "subject"
        # "were reported missing", "were forced to flee", "are feared dead"
        passive = any(c.dep_ == "auxpass" for c in doc[i].children)
        yield from ((c, "object" if passive else "subject") for c in doc[i].children
                    if c.dep_ in ("xcomp", "acomp", "oprd"))
    if head is not None and head.i >= span.start:  # the figure's own noun, not an antecedent's
        for child in head.children:
            if child.dep_ in ("relcl", "acl"):
                yield child, "clause"
        yield from ((t, "dep") for t in _up(head))
        if head.dep_ == "pobj" and head.head.lower_ in ("including", "among"):
            # "nine civilians, including three children, were killed": what happened to the nine
            yield from ((t, "dep") for t in _up(head.head.head))
    yield from ((t, "dep") for t in _up(span.root))


# How long an aside set off by commas may be ("300 people, most of them fighters but some 40 civilians, have died").
ASIDE_TOKENS = 10


def _past_aside(doc, i: int, end: int) -> int:
    """Where the clause goes on after a verbless aside between commas that follows the noun phrase:
    the verb after '727 people, mostly fighters, have been killed' is the count's own. Its last
    figure reaches the verb directly ('... but also 111 civilians, have been killed')."""
    if i >= end or doc[i].text != ",":
        return i
    for j in range(i + 1, min(end, i + 1 + ASIDE_TOKENS)):
        if doc[j].text == ",":
            return j + 1 if j > i + 1 else i
        if doc[j].pos_ in ("VERB", "AUX") or doc[j].tag_ in ("WP", "WDT") or doc[j].is_sent_start:
            break
    else:
        return i
    # no second comma: the aside, if any, ended the noun phrase and the verb follows the first comma
    return i + 1 if i + 1 < end and doc[i + 1].pos_ in ("AUX", "VERB") else i


def _up(tok, depth: int = 3):
    """Heads above a token (through 'of' and copulas), stopping at the clause's verb."""
    cur = tok
    for _ in range(depth):
        if cur.head.i == cur.i:
            return
        cur = cur.head
        if cur.pos_ == "ADP" and cur.lower_ != "of" and not (cur.lower_ == "to" and cur.head.pos_ == "NOUN"):
            return  # "killed 17 soldiers in two attacks": the attacks were not killed ("home to" goes on)
        if cur.pos_ in ("VERB", "NOUN", "ADJ", "AUX"):
            yield cur
            if cur.pos_ == "AUX":
                for child in cur.children:
                    if child.dep_ in ("acomp", "attr"):
                        yield child
            if cur.pos_ in ("VERB", "AUX"):
                return  # the clause ends here: "homes, dozens of which were empty" were not destroyed


def _measure_of(tok, v: Vocabulary) -> str | None:
    """The measure a word names: a verb (with its particle or object: "taken prisoner", "shot
    down"), an adjective ("dead", "wounded"), or one of the few nouns that measure ("deaths of", "a
    city of ... people")."""
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ in ("prt", "oprd", "dobj", "acomp", "attr", "advmod"):
            phrase = f"{lemma} {child.lemma_.lower()}"
            if phrase in v.measures:
                return v.measures[phrase]
        if child.dep_ == "prep":  # "brought to safety", "flown out of": a verb with its phrase
            for obj in child.children:
                phrase = f"{lemma} {child.lower_} {obj.lemma_.lower()}"
                if obj.dep_ == "pobj" and phrase in v.measures:
                    return v.measures[phrase]
            if f"{lemma} {child.lower_}" in v.measures:
                return v.measures[f"{lemma} {child.lower_}"]
    if tok.pos_ == "NOUN":
        return v.measures.get(lemma) if lemma in v.measure_nouns else v.raw["population_nouns"].get(lemma)
    m = v.measures.get(lemma) or v.measures.get(tok.lower_)
    if m is None and tok.lower_ in v.measure_words and tok.tag_ in ("JJ", "VBN"):
        m = tok.lower_  # "wounded", "displaced" as adjectives
    return m


def _with_conjuncts(tok, m: str, v: Vocabulary) -> str:
    """'wounded and killed' is one figure of casualties, not of either; 'killed 15 and wounded 32
    others' are two figures (the second verb has its own object)."""
    others = {_measure_of(c, v) for c in tok.children if c.dep_ == "conj" and not _own_arguments(c)}
    if tok.dep_ == "conj" and not _own_arguments(tok):
        others.add(_measure_of(tok.head, v))
    if {m} | others >= {"killed", "wounded"}:
        return "casualties"
    return m


def _own_arguments(verb) -> bool:
    """Does a verb have its own subject or object ('wounded 32 others'; 'injured over 600', where
    the parser hangs the figure under 'over')?"""
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") or c.dep_ == "prep" and any(g.dep_ == "pobj" and g.like_num
                                                                                     for g in c.children)
               for c in verb.children)


def _percent_subject(span, v: Vocabulary):
    """'the pull-out process was over 80 percent done' → (process, 'pull-out process')."""
    for gov in _up(span.root, depth=4):
        if gov.pos_ in ("VERB", "AUX"):
            for child in gov.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN"):
                    return child, _left_modifiers(child.doc, child), None
    return None, None, None


# -- claims --------------------------------------------------------------------------------------
def quantity_claims(article, doc, figures: list[Figure], quotes: list, dates: list,
                    places: list | None = None) -> list[Claim]:
    """One `kind="quantity"` claim per figure, read as a frame: what is measured of which group
    (subject, attrs measure/group), where (claim.place: the place named in the figure's clause),
    as of when (claim.date: the day a running count stands at, or the day the counted thing
    happened), whether it is a running count (attrs cumulative, since), the source (the speaker of
    the quote holding the figure, else a document that shows it, else the article) and whether it
    is hedged. `places`: the article's place mentions (resolved), for the scope."""
    v = Vocabulary.load()
    scope_places = sorted((p for p in places or () if p.place is not None and p.role not in ("dateline", "credit")),
                          key=lambda p: (p.start, p.end))
    focus = _focus_country(scope_places)
    claims = []
    outlet = getattr(article, "outlet", None)
    own_voice = _report_voice(doc.text, outlet) \
        or (Source("article", None, f"{outlet} (the outlet's own reporting)") if outlet else ARTICLE_SOURCE)
    scenes = _scenes(doc, figures, scope_places, v)
    place_ends = {p.end for p in places or () if p.place is not None}
    placed: list[tuple[str, object]] = []  # (thing struck or where, its place) of the figures read so far
    for k, (fig, (source, quote)) in enumerate(zip(figures, _attributions(doc, figures, quotes, v, own_voice, place_ends))):
        group = _group(doc, fig, v)
        if group is None and (before := _toll_named_before(doc, figures, k, v)) is not None:
            # "held at 80 for days until the tally went up to 95": the tally is of the 80's people
            fig = replace(fig, counted=before.counted, counted_start=before.counted_start, counted_end=before.counted_end,
                          head=before.head, measure=fig.measure or before.measure)
            group = _group(doc, fig, v)
        if (same := v.raw["class_measures"].get(group or "", {}).get(fig.measure)) is not None:
            fig = replace(fig, measure=same)  # prisoners who escaped are freed ones
        if fig.measure is None and group in v.raw["counted_classes"] and _at_dead_place(doc, fig, v) \
                and not any(w.lower() in v.measure_words for w in _lemmas(doc, fig.counted_start, fig.counted_end)):
            fig = replace(fig, measure="killed")  # "17 people, mortuary": the dead, not patients
        frame = _frame(doc, fig, dates, scope_places, v)
        date = frame.as_of
        attrs = {"counted": fig.counted, "measure": fig.measure, "head": fig.head, "head_class": group,
                 "group": group, "counted_start": fig.counted_start, "counted_end": fig.counted_end}
        if frame.cumulative:
            attrs["cumulative"] = True
            if frame.since is not None:
                attrs["since"] = frame.since
        if frame.facility:
            attrs["facility"] = True
        if frame.window:
            attrs["window"] = frame.window
        if frame.happening:
            attrs["happening"] = frame.happening
        if frame.cumulative and date is not None and _changed_on(doc, fig, date, v):
            attrs["changed"] = True  # "the tally went up to 95 on Monday": the day the count became 95
        if fig.part or _is_part(doc, fig):
            attrs["part"] = True
        span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
        denied = span is not None and (is_denied(span.root) or _negated(span))
        if denied:
            attrs["denied"] = True  # "rejected claims that 50 were killed": not the denier's figure
        if _INCREMENT_AFTER.match(doc.text[fig.end:fig.end + 16]) or _INCREMENT_BEFORE.search(doc.text[max(0, fig.start - 12):fig.start]) \
                or fig.range.best == 1 and doc.text[fig.start:fig.end].lower().startswith("another "):  # "another civilian was killed"
            attrs["increment"] = True  # "four more soldiers were killed": added to a toll, not the toll
        place = frame.place.place if frame.place is not None \
            and not fig.start <= frame.place.start < fig.end else None  # "US$5m" names no place
        if place is None and fig.measure in v.raw["casualty_measures"]:
            place = _place_above(doc, fig, scope_places)
        names, things = scenes[k]
        if place is None:
            place = _place_of_named_thing(doc, fig, things, placed)
        if place is not None and things:
            placed.extend((t, place) for t in things)
        country = place.country_code if place is not None else focus
        if country:
            attrs["country"] = country
        if date is not None:
            attrs["date_precision"] = date.precision
            attrs["date_text"] = date.text
        if fig.total is not None:
            attrs["total"] = fig.total.to_dict()
        if names:
            attrs["scene"] = names  # proper names of the happening's scene: "ahli", "arabi"
        if things:
            attrs["target"] = things  # what was struck or where: "hospital"
        if k and _is_conversion(doc.text, figures[k - 1], fig):
            attrs["conversion"] = True  # "(2,317 sq miles)": the figure before it in another unit, not a claim of its own
        claims.append(Claim(
            id=stable_id("c", article.id, "quantity", fig.start, fig.end),
            article=article.id, kind="quantity",
            subject=_subject(doc, fig, group, place, v) + (FACILITY_SUFFIX if frame.facility else "")
            + (RUNNING_SUFFIX if frame.cumulative else ""), source=source,
            start=fig.start, end=fig.end, value=fig.range, date=date.value if date is not None else None,
            place=place.id if place is not None else None,
            hedged=denied or is_hedged(doc, fig.start, fig.end), quote=quote.id if quote is not None else None,
            attrs=attrs,
        ))
    _continue_running_counts(claims, doc.text, v)
    return sorted(claims, key=lambda c: (c.start, c.end, c.id))


_PLACE_PREPS = frozenset({"in", "at", "near", "inside", "around"})


def _place_above(doc, fig: Figure, places: list):
    """A casualty count whose clause gave no place: the place its phrase hangs from ('… and in Khan
    Younis (11 fatalities)': the count is said of the town) or that a preposition of a word above
    it names, up to its own clause's verb, on its own line (a reporting verb's place is where it
    was said, not where people died)."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return None

    def at(tok):
        return next((p for p in places if p.start <= tok.idx < p.end and p.place.kind != "country"), None)

    for tok in list(span.root.ancestors)[:8]:
        if "\n" in doc.text[min(tok.idx, span.start_char):max(tok.idx, span.start_char)]:
            return None  # a line or paragraph before: the parser ran two items into one sentence
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in _speech_lemmas():
            return None
        if (found := at(tok)) is not None and tok.dep_ in ("pobj", "appos", "conj", "dep", "nsubj", "dobj", "attr"):
            return found.place
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPS and not prep.idx < span.start_char <= prep.right_edge.idx:
                found = next((p for o in prep.children if o.dep_ == "pobj" and (p := at(o)) is not None), None)
                if found is not None:
                    return found.place
        if tok.pos_ in ("VERB", "AUX"):
            return None  # the figure's own clause ends here: a clause above it tells of something else
    return None


def _place_of_named_thing(doc, fig: Figure, things: list[str], placed: list[tuple[str, object]]):
    """'A mass grave of 25 was found in X. … about 25 bodies in the grave': a figure whose clause
    names no place but points back at a thing with 'the' takes the place of the last figure before
    it at that thing."""
    if not things or not placed:
        return None
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return None
    verb = _clause_verb(span)
    clause = list(verb.subtree) if verb is not None else list(span.sent)
    # "the grave", not "the El Fasher hospital" (a named one is another) nor "the graves" (some of them)
    definite = {t.lemma_.lower() for t in clause if t.tag_ == "NN"
                and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
                and not any(c.dep_ in ("compound", "amod", "nmod", "poss") for c in t.children)}
    return next((place for thing, place in reversed(placed) if thing in things and thing in definite), None)


def _toll_named_before(doc, figures: list[Figure], k: int, v: Vocabulary) -> Figure | None:
    """The figure a bare 'the count' / 'the tally' goes on from: a count of nothing named ('the tally
    went up to 95') after a figure of counted people in its sentence or the sentence before."""
    fig, tolls = figures[k], v.raw["toll_nouns"]
    word = fig.counted.lower().split()[-1] if fig.counted.strip() else ""
    if not k or fig.head is not None and fig.head not in tolls or word not in tolls or tolls[word] is not None:
        return None  # ("cut that figure to 75": the figure, a toll noun, is the head)
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return None
    lo = doc[span.sent.start - 1].sent.start_char if span.sent.start > 0 else span.sent.start_char
    # the nearest count of people before it: "pledged $10m ... the tally rose to 55" never counts money
    # (nor a weight or a span of days)
    prev = next((p for p in reversed(figures[:k]) if p.start >= lo and (
        p.measure in v.people_measures or p.measure is None and _group(doc, p, v) is not None)), None)
    if prev is None or prev.head in tolls:
        return None
    # "reported 80 deaths; it later cut that figure to 75": a measured count of no one named goes on too
    return prev if _group(doc, prev, v) is not None or prev.head is None else None


# A heading that names a report an agency issues ("X Humanitarian Flash Report No. 3", "X Situation
# Update #7", "X Press Release"): the page carries that agency's report, not the outlet's reporting.
_REPORT_HEADING = re.compile(r"\b(?:(?:flash|situation|sit|humanitarian|emergency)\s+(?:report|update)|sitrep|press release)\b",
                             re.IGNORECASE)
HEADING_LINES = 6  # the heading sits among the page's first short lines (an aggregator's header, the country)


def _report_voice(text: str, outlet: str | None) -> Source | None:
    """The voice of a page that republishes an agency's report: the organisation that opens a report
    heading among the first short lines ('an agency's "Situation Update No. 7"' on an
    aggregator's page), else None."""
    from ..actors import ActorLexicon
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:HEADING_LINES]
    for line in lines:
        if len(line) > 200:
            break  # prose has begun
        if not _REPORT_HEADING.search(line):
            continue
        found = [m for m in ActorLexicon.load().find(line) if m.start == 0 and m.actor.kind == "organization"]
        if found:
            carrier = f", carried by {outlet}" if outlet else ""
            return Source("article", None, f"{found[0].actor.name} (its report{carrier})")
    return None


def _continue_running_counts(claims: list[Claim], text: str, v: Vocabulary) -> None:
    """'Fighters' deaths since Monday now stand at 90,' the monitor said. A further 12 civilians
    also died.': a casualty figure that goes on with a running count of the
    same source, with no date of its own, is part of that count (as of its day, from its start)."""
    last = None
    for c in sorted(claims, key=lambda c: c.start):
        casualty = c.attrs.get("measure") in v.raw["casualty_measures"]
        if last is not None and casualty and not c.attrs.get("cumulative") and c.date in (None, last.date) \
                and c.source == last.source and c.start - last.end <= CONTINUATION_CHARS \
                and "\n\n" not in text[last.end:c.start]:
            c.attrs["cumulative"] = True
            if last.attrs.get("since"):
                c.attrs["since"] = last.attrs["since"]
            c.date = last.date
            if not c.subject.endswith(RUNNING_SUFFIX):
                c.subject += RUNNING_SUFFIX
        if casualty and c.attrs.get("cumulative"):
            last = c


# A running count's subject says so ("deaths among people in Sudan so far"): the brief shows such
# figures as a series over time rather than side by side.
RUNNING_SUFFIX = " so far"
# A count made at hospitals or morgues says so: it covers their patients, not every casualty.
FACILITY_SUFFIX = " at health facilities"


# -- claim frames --------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Frame:
    place: object | None  # the PlaceMention naming where the counted thing is ("In Khartoum, 17 ...")
    cumulative: bool  # a running count ("the toll rose to", "so far", "since the fighting began")
    as_of: object | None  # the DateMention the figure stands at (a running count) or happened on
    since: str | None  # the day a running count starts from, ISO
    facility: bool = False  # counted at a hospital or morgue: its patients, not every casualty
    window: str | None = None  # "in the past 24 hours": a count over that window
    happening: str | None = None  # a running count of one happening: "the toll from the strike rose to 17"


def _frame(doc, fig: Figure, dates: list, places: list, v: Vocabulary) -> _Frame:
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return _Frame(None, False, None, None)
    sent = span.sent
    verb = _clause_verb(span)
    cumulative = _is_running_count(doc, span, sent, verb, fig, v)
    since, as_of = _dates_of(doc, fig, sent, dates, v)
    if since is not None and fig.measure in v.raw["casualty_measures"] and not fig.toll and verb is not None \
            and not _rx("window_counts").search(sent.text) and _since_in_clause(doc, verb, dates, since):
        cumulative = True  # "Since 7 October, the bombardment has killed more than 5,000": counted from a start
    if not cumulative:
        since, as_of = None, _date_for(doc, fig, dates)
    window = _window(doc, fig, sent, verb)
    return _Frame(_scope_place(span, sent, verb, places), cumulative, as_of, since, _at_facility(doc, sent, verb, fig, v),
                  " ".join(window.group().lower().split()) if window else None,
                  _happening(doc, fig, sent, verb, v) if cumulative else None)


# Places this coarse say nothing of which happening a figure counts ("killed in Gaza").
_BROAD_PLACE_KINDS = frozenset({"country", "admin1", "region"})


def _scenes(doc, figures: list[Figure], places: list, v: Vocabulary) -> list[tuple[list[str], list[str]]]:
    """Each figure's scene (see _scene); a figure whose clause names none takes the scene of the
    figure of its sentence with the same measure ('not 500 dead from the hospital attack but rather
    a few dozen')."""
    own = [_scene(doc, f, places, v) for f in figures]
    out = []
    for k, fig in enumerate(figures):
        if own[k][0] or own[k][1]:
            out.append(own[k])
            continue
        span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
        sent = span.sent if span is not None else None
        same = [own[j] for j, f in enumerate(figures) if j != k and (own[j][0] or own[j][1]) and f.measure == fig.measure
                and sent is not None and sent.start_char <= f.start < sent.end_char]
        if not same and sent is not None and sent.start > 0 and (
                _back_reference_rx().search(sent.text) or "\n" not in doc.text[doc[sent.start - 1].idx:sent.start_char]
                or _tells_a_strike(doc[sent.start - 1].sent, figures, v)):
            # "A drone struck the maternity hospital. The ministry said 12 were killed." and "More than 20
            # were wounded in the strike.": the happening the sentence before told of (across a paragraph
            # break too when that sentence tells of a strike: wire copy sets each sentence apart)
            same = [_tokens_scene(doc[sent.start - 1].sent, places, v)]
        out.append(same[0] if same else ([], []))
    return out


def _tells_a_strike(sent, figures: list[Figure], v: Vocabulary) -> bool:
    """Does the sentence tell of something struck ('the attack hit a crowded residential area'):
    a verb of striking (measure 'struck') and no figure of its own?"""
    return any(t.pos_ == "VERB" and v.measures.get(t.lemma_.lower()) == "struck" for t in sent) \
        and not any(sent.start_char <= f.start < sent.end_char for f in figures)


@lru_cache(maxsize=1)
def _back_reference_rx() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in Vocabulary.load().raw["event_back_references"]) + r")\b",
                      re.IGNORECASE)


def _scene(doc, fig: Figure, places: list, v: Vocabulary) -> tuple[list[str], list[str]]:
    """The words of a figure's clause that say which happening it counts: proper names and the
    place or thing struck ('60 killed in the blast at the Kelto Grain Depot' → kelto,
    grain, depot), not a country or province, a date, a nationality or the counted words."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    verb = _clause_verb(span) if span is not None else None
    if verb is None:
        return [], []
    while verb.dep_ == "conj" and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head  # "killing 40 and wounding more than 100": the first verb's clause
    if verb.dep_ in ("advcl", "relcl", "acl", "xcomp") and verb.head.i != verb.i:
        verb = verb.head  # "a strike that hit a hospital, killing 200": the happening is the head's
    tokens = [t for t in verb.subtree if not fig.counted_start <= t.idx < max(fig.counted_end, fig.end)
              and not _in_aside(t, verb)]
    return _tokens_scene(tokens, places, v)


def _in_aside(tok, top) -> bool:
    """Is `tok` in an apposition below `top` ('…, figures she said had been checked against hospital
    registers'): words about the figures, not about the happening?"""
    t = tok
    while t.i != top.i and t.head.i != t.i:
        if t.dep_ == "appos":
            return True
        t = t.head
    return False


def _tokens_scene(tokens, places: list, v: Vocabulary) -> tuple[list[str], list[str]]:
    """(proper names, things struck) among `tokens` (see _scene). A proper name counts when it names
    the thing struck ('Al-Ahli … Hospital', 'the Abu Shehada family house') or a site the gazetteer
    knows (a facility); a town is too big to tell one happening from another, an actor's name says
    who, not where."""
    nouns = set(v.raw["scene_nouns"])
    sites = [(p.start, p.end) for p in places if p.place is not None and p.place.kind == "facility"]
    towns = [(p.start, p.end) for p in places if p.place is not None and p.place.kind != "facility"]
    names, things = set(), set()
    for tok in tokens:
        if tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "NORP", "PERSON", "MONEY", "QUANTITY"):
            continue
        word = tok.lower_.replace("\u2019s", "").replace("'s", "")
        if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "to") and tok.tag_ == "NN" and not any(tok.children):
            continue  # "died in hospital", "taken to hospital": where people were cared for, not what was struck
        if tok.lemma_.lower() in nouns or word in nouns:
            things.add(tok.lemma_.lower() if tok.lemma_.lower() in nouns else word)
        elif any(a <= tok.idx < b for a, b in towns) and tok.dep_ not in ("compound", "flat"):
            continue  # "Khartoum's airport": the town says where, not which of its happenings ("Al-Amal Hospital" does)
        elif tok.pos_ == "PROPN" and len(word) > 2 and tok.text[:1].isupper() and (
                any(a <= tok.idx < b for a, b in sites) or _names_a_thing_struck(tok, nouns)):
            names.add(word)
    return sorted(names), sorted(things)


def _names_a_thing_struck(tok, nouns: set[str]) -> bool:
    """Is this proper noun part of the name of a scene noun's phrase ('Al-Ahli al-Arabi Hospital',
    'the Al-Ahli hospital attack', 'the Abu Shehada family house')?"""
    head = tok
    for _ in range(4):
        if head.lemma_.lower() in nouns or head.lower_ in nouns:
            return True
        if head.dep_ not in ("compound", "amod", "nmod", "poss", "flat") or head.head.i == head.i:
            break
        head = head.head
    return head.lemma_.lower() in nouns or any(c.dep_ == "compound" and c.lemma_.lower() in nouns for c in head.children)


def _window(doc, fig: Figure, sent, verb) -> re.Match | None:
    """'310 dead over the last day': the window a count covers, said in its clause (with the
    clause it is coordinated with: '30 were brought in overnight and 5 more died') or in the
    phrase that opens its sentence ('In the last two days, the clinic took in 80 wounded, 6 of whom died')."""
    top = verb
    while top is not None and top.dep_ in ("conj", "relcl") and top.head.i != top.i and top.head.pos_ in ("VERB", "AUX", "NOUN"):
        top = top.head if top.dep_ == "conj" else (top.head.head if top.head.head.pos_ in ("VERB", "AUX") else top.head)
    lo = top.left_edge.idx if top is not None else sent.start_char
    hi = top.right_edge.idx + len(top.right_edge) if top is not None else sent.end_char
    found = _rx("window_counts").search(doc.text[min(lo, fig.start):max(hi, fig.end)])
    if found is None:
        opening = doc.text[sent.start_char:fig.start].split(",")[0] if "," in doc.text[sent.start_char:fig.start] else ""
        found = _rx("window_counts").search(opening)
    return found


def _since_in_clause(doc, verb, dates: list, since: str) -> bool:
    """Is the start date in the figure's own clause ('Since 7 October, the bombardment has killed …'),
    not in another clause of its sentence ('clashes broke out on Saturday, and the union reported three deaths')?"""
    top = verb
    while top.dep_ == "conj" and top.head.i != top.i and not any(c.dep_ in ("nsubj", "nsubjpass") for c in top.children):
        top = top.head  # "has killed 185 and injured 1,800 since Saturday": the first verb's clause
    lo, hi = top.left_edge.idx, top.right_edge.idx + len(top.right_edge)
    own = {t.idx for t in top.subtree if not (t.dep_ == "conj" and t.i != top.i and t.head.i == top.i)} | {top.idx}
    return any(d.value and d.value.split("/")[0] == since and lo <= d.start < hi
               and any(d.start <= i < d.end for i in own) for d in dates)


def _at_facility(doc, sent, verb, fig: Figure, v: Vocabulary) -> bool:
    """'received 136 wounded', '25 have died in hospital', '773 corpses in morgues': a receiving
    verb anywhere in the sentence (a count at a hospital is often told over two clauses), a
    hospital phrase in the figure's clause."""
    if any(t.lemma_.lower() in v.raw["facility_verbs"] and t.pos_ == "VERB" for t in sent):
        return True
    lo = verb.left_edge.idx if verb is not None else sent.start_char
    hi = verb.right_edge.idx + len(verb.right_edge) if verb is not None else sent.end_char
    return bool(_facility_rx().search(doc.text[min(lo, fig.start):max(hi, fig.end)]))


def _lemmas(doc, start: int, end: int) -> list[str]:
    span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    return [w for t in span for w in (t.lemma_, t.lower_)] if span is not None else []


def _at_dead_place(doc, fig: Figure, v: Vocabulary) -> bool:
    """A morgue, a mortuary or a grave named as a noun in the figure's clause (the sentence when it
    has no verb: a marker's 'N people, mortuary')."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return False
    sent, verb = span.sent, _clause_verb(span)
    lo = verb.left_edge.i if verb is not None else sent.start
    hi = verb.right_edge.i + 1 if verb is not None else sent.end
    nouns = v.raw["dead_place_nouns"]
    return any(t.pos_ in ("NOUN", "PROPN") and (t.lemma_.lower() in nouns or t.lower_.rstrip("s") in nouns)
               for t in doc[min(lo, span.start):max(hi, span.end)])


def _is_part(doc, fig: Figure) -> bool:
    """'At least 413 people were killed, including 132 in Khartoum', 'the dead included 20
    children': a part of another figure."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return any(t.lower_ in _PART_OF for t in [root.head, *[a for a in root.ancestors][:3]]) \
        or _included_in(span) is not None or _OF_RELATIVE.match(doc.text, fig.end) is not None  # "2,000 of them"


def _included_in(span):
    """The noun a figure is listed as part of: 'the fatalities included 2,704 children' → fatalities."""
    for tok in [span.root, *list(span.root.ancestors)[:2]]:
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("include", "comprise"):
            subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
                return subj
    return None


@lru_cache(maxsize=1)
def _facility_rx() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(Vocabulary.load().raw["facility_phrases"]) + r")\b", re.IGNORECASE)


def _clause_verb(span):
    """The verb of the clause the figure sits in (the figure's own verb, not a reporting verb above it)."""
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass", "amod"):
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _happening(doc, fig: Figure, sent, verb, v: Vocabulary) -> str | None:
    """The one happening a running count counts: 'the death toll from a drone strike on the hospital
    rose to 17', 'the number killed by Thursday's air strike has risen to seven' (strike). Its figures
    are a series of that happening, not of the war. Plural nouns ('killed in strikes since 7 October')
    and a start ('since the attack') make a war's count."""
    nouns = set(v.raw["happening_nouns"])
    preps = set(v.raw["happening_preps"])
    top = verb
    while top is not None and top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    tokens = top.subtree if top is not None else sent
    for tok in tokens:
        if tok.lemma_.lower() not in nouns or tok.tag_ != "NN" or tok.idx >= fig.start:
            continue
        if (tok.dep_ == "pobj" and tok.head.lower_ in preps) or tok.dep_ == "poss":
            return tok.lemma_.lower()
    return None


def _is_running_count(doc, span, sent, verb, fig: Figure, v: Vocabulary) -> bool:
    """'the toll rose to 174', 'a total of 136', 'killed so far', 'since the fighting began', 'the
    conflict has killed 59': a count that keeps running, not the toll of one happening."""
    top = verb
    while top is not None and top.dep_ == "conj" and top.head.pos_ in ("VERB", "AUX") and top.head.i != top.i \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in top.children):
        top = top.head  # "has killed 185 and injured 1,800": the first verb's clause and subject
    lo = top.left_edge.idx if top is not None else sent.start_char
    hi = top.right_edge.idx + len(top.right_edge) if top is not None else sent.end_char
    # a clause never runs past a paragraph break: a headline without a full stop ("... since fighting
    # erupted on Saturday") that the parser ran into the next paragraph's figure says nothing of it
    para_lo, para_hi = _paragraph_of(doc.text, fig)
    lo, hi = max(lo, para_lo), min(hi, para_hi)
    clause = doc.text[min(lo, fig.start):max(hi, fig.end)]
    if fig.toll or _cumulative_rx().search(clause) or _cumulative_rx().search(fig.counted):
        return True  # a toll's value, or a clause that says the count runs
    if fig.measure in v.raw["stock_measures"] and not _rx("window_cues").search(clause):
        return True  # "203 hostages are held", "a million displaced": a stock, counted as of a day
    if fig.range.unit in ("km2", "mile2") and not _rx("window_cues").search(clause):
        return True  # "4,000 square kilometres retaken": territory is a running total of a campaign
    if _rx("national_cues").search(clause) and not _rx("window_cues").search(clause):
        return True  # "killed nationwide": the country's count so far, unless "yesterday" makes it a day's
    if top is None or fig.measure not in v.raw["casualty_measures"]:
        return False
    subj = next((c for c in top.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.tag_ in ("WDT", "WP") and top.dep_ == "relcl":
        subj = top.head  # "a war which has left thousands dead": the war
    conflict = v.raw["conflict_nouns"]
    return subj is not None and (subj.lemma_.lower() in conflict or subj.lower_ in conflict)  # "the fighting has killed 59"


def _paragraph_of(text: str, fig: Figure) -> tuple[int, int]:
    """(start, end) of the paragraph holding the figure: text between blank lines."""
    before = text.rfind("\n\n", 0, fig.start)
    after = text.find("\n\n", fig.end)
    return (before + 2 if before >= 0 else 0), (after if after >= 0 else len(text))


@lru_cache(maxsize=8)
def _rx(key: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(Vocabulary.load().raw[key]) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _cumulative_rx() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(Vocabulary.load().raw["cumulative_cues"]) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _date_cue_rx() -> tuple[re.Pattern, re.Pattern]:
    """Words just before a date saying it starts a count ("since fighting erupted on") or says when
    the count stands ("as of", "up to midnight")."""
    v = Vocabulary.load()
    since = re.compile(r"\b(?:" + "|".join(v.raw["since_cues"]) + r")\b[^,;.]{0,40}$", re.IGNORECASE)
    as_of = re.compile(r"\b(?:" + "|".join(v.raw["as_of_cues"]) + r")\s+(?:midnight\s+|noon\s+)?$", re.IGNORECASE)
    return since, as_of


def _dates_of(doc, fig: Figure, sent, dates: list, v: Vocabulary):
    """(since, as_of) of a running count: a date the count starts from ('since Saturday') is not the
    day it stands at; an 'as of'/'up to' date is; else the nearest other date in the sentence."""
    since_rx, as_of_rx = _date_cue_rx()
    since, rest = None, []
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    rose_from = span is not None and _dated_start_of_rise(span.root, v)  # its own "from" starts no count
    for d in dates:
        if not (sent.start_char <= d.start and d.end <= sent.end_char and d.value):
            continue
        floor = fig.end if rose_from and fig.end <= d.start else sent.start_char
        before = doc.text[max(floor, d.start - 60):d.start]
        if d.text.lower().startswith(("since", "from")) or since_rx.search(before):
            since = since or d.value.split("/")[0]
        elif as_of_rx.search(before) or d.text.lower().startswith(("by ", "until ")):
            return since, d
        else:
            rest.append(d)
    rest = [d for d in rest if not _dates_another_figure(doc, fig, d)]
    told = [d for d in rest if _dates_the_telling(doc, d)]
    if told:
        # "the relatives of 95 captives taken in the 2 May raid have been told, officials said Tuesday":
        # the day a count was told is the day it stands at, not the day of a happening a noun names
        rest = [d for d in rest if d in told or not _dates_a_noun(doc, d)]
    if not rest:
        return since, None
    return since, min(rest, key=lambda d: (min(abs(d.start - fig.end), abs(fig.start - d.end)), d.start))


def _changed_on(doc, fig: Figure, d, v: Vocabulary) -> bool:
    """Does the date say when a running count changed to the figure ('the tally was raised to 95 on
    Monday', 'rose to 40 on Sunday'): a verb of rising governs both the figure and the date?"""
    span, root = doc.char_span(fig.start, fig.end, alignment_mode="expand"), _date_root(doc, d)
    verb = _clause_verb(span) if span is not None else None
    return verb is not None and root is not None and verb.lemma_.lower() in v.raw["rise_verbs"] \
        and next((a for a in root.ancestors if a.pos_ in ("VERB", "AUX")), None) == verb \
        and not (span.root.dep_ == "pobj" and span.root.head.lower_ == "from")  # "rose from 40 on Sunday": 40 stood then



def _date_root(doc, d):
    span = doc.char_span(d.start, d.end, alignment_mode="expand")
    return span.root if span is not None else None


def _dates_the_telling(doc, d) -> bool:
    """Is the date the day something was said ('the army said on Thursday', 'told reporters Friday')?"""
    root = _date_root(doc, d)
    if root is None:
        return False
    head = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "on" else root.head
    return head.i != root.i and head.pos_ == "VERB" and head.lemma_.lower() in _speech_lemmas()


def _dates_a_noun(doc, d) -> bool:
    """Does the date name a happening ('after the 7 October raid', "Tuesday's strike") rather than date a clause?"""
    root = _date_root(doc, d)
    return root is not None and root.dep_ in ("nmod", "compound", "nummod", "poss", "amod") and root.head.pos_ in ("NOUN", "PROPN")


def _dates_another_figure(doc, fig: Figure, d) -> bool:
    """Is the date in another clause of the sentence that holds a figure of its own ('held at 80 for
    days until the tally went up to 95 on Monday': Monday is the 95's day, not the 80's)?"""
    span, root = doc.char_span(fig.start, fig.end, alignment_mode="expand"), _date_root(doc, d)
    if span is None or root is None:
        return False
    own = _clause_verb(span)
    verb = next((t for t in root.ancestors if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass", "amod")), None)
    if own is None or verb is None or verb.i == own.i or verb.is_ancestor(own):
        return False
    return any(t.like_num and not t.ent_type_ in ("DATE", "TIME") and not fig.start <= t.idx < fig.end
               for t in verb.subtree)


def _scope_place(span, sent, verb, places: list):
    """The place the figure's clause names: 'In Khartoum, 17 civilians were killed', 'killed 56
    people in Sudan'. A town before a country ('in Khartoum, Sudan'); nothing from a speaker's
    description or another clause of the sentence."""
    if verb is None:
        return None
    lo, hi = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge)
    own = {t.idx for t in verb.subtree if not _in_other_clause(t, verb, span.root)}
    inside = [p for p in places if lo <= p.start < hi and p.start in own]
    if not inside:
        return None
    return min(inside, key=lambda p: (p.place.kind == "country", abs(p.start - span.start_char), p.start))


def _in_other_clause(tok, verb, figure_root) -> bool:
    """Is `tok` inside a clause of its own below `verb` (a reported clause, an adverbial clause, a
    relative clause on what is counted: '17 people who fled Khartoum were killed in Omdurman'), or in
    a part named beside the figure ('…, including 132 in Khartoum')?"""
    t = tok
    counted = figure_root.head
    while t.i != verb.i and t.head.i != t.i:
        if t.dep_ in ("ccomp", "advcl") and t.pos_ in ("VERB", "AUX"):
            return True
        if t.dep_ in ("relcl", "acl") and (t.head.i in (figure_root.i, counted.i) or t.head.ent_type_ in ("DATE", "TIME")):
            return True  # also "on Saturday, when the army announced raids on X": a clause on the day
        if t.lower_ in _PART_OF and not any(a.i == t.i for a in figure_root.ancestors):
            return True
        t = t.head
    return False


def _focus_country(places: list) -> str | None:
    """The country most of the article's places are in (the war it is about)."""
    counts: dict[str, int] = {}
    for p in places:
        if p.place.country_code:
            counts[p.place.country_code] = counts.get(p.place.country_code, 0) + 1
    return min(counts, key=lambda c: (-counts[c], c)) if counts else None


def _group(doc, fig: Figure, v: Vocabulary) -> str | None:
    """Who is counted, as a class ('troops', 'civilians', 'people', 'aid workers'): a word for a
    casualty ('civilian deaths', 'the dead') counts the people its modifiers name, else people."""
    cls = _class_of_phrase(fig.counted, v) or v.counted_class.get(fig.head or "")  # "aid workers" before "workers"
    if cls:
        return cls
    if fig.head in v.raw["member_nouns"] and (cls := _members_class(doc, fig, v)):
        return cls
    if fig.head is None or fig.head in v.measure_words or fig.head in v.measure_nouns:
        if fig.counted_end <= fig.counted_start and fig.measure not in v.people_measures:
            return None
        span = doc.char_span(fig.counted_start, fig.counted_end, alignment_mode="expand") \
            if fig.counted_end > fig.counted_start else None
        for tok in span or ():
            cls = v.counted_class.get(tok.lemma_.lower()) or v.counted_class.get(tok.lower_)
            if cls:
                return cls
        return "people" if fig.measure in v.people_measures else None
    return fig.head


# The actor kinds whose members are counted as a class of people.
_MEMBERS_OF_KIND = {"state_force": "troops", "armed_group": "fighters"}


def _members_class(doc, fig: Figure, v: Vocabulary) -> str | None:
    """'nine members of the Defence Force', 'the army lost three members', 'militia members': the
    class of the organisation they belong to, by its head noun ('force' -> troops) or, for a name,
    the actor lexicon's kind. None when no owner is read."""
    from ..actors import ActorLexicon
    span = doc.char_span(fig.counted_start, fig.counted_end, alignment_mode="expand")
    head = next((t for t in span or () if t.lemma_.lower() in v.raw["member_nouns"]), None)
    if head is None:
        return None
    owners = [t for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.children if t.dep_ == "pobj"]
    owners += [c for c in head.children if c.dep_ in ("poss", "compound")]
    if head.dep_ == "dobj" and head.head.lemma_.lower() == "lose":
        owners += [c for c in head.head.children if c.dep_ == "nsubj"]  # "the army lost three members"
        if head.head.dep_ == "acl":
            owners.append(head.head.head)  # "resulted in the army losing three members"
    lexicon = ActorLexicon.load()
    if any(o.tag_ == "PRP$" for o in owners) or (head.dep_ == "dobj" and head.head.lemma_.lower() == "lose"
                                                 and not any(o.dep_ == "nsubj" for o in owners)):
        # "three of its members", "lost nine members" with the subject misparsed: the owner is the
        # organisation named last before the count in its sentence
        named = [e for e in head.sent.ents if e.label_ == "ORG" and e.end <= head.i]
        if named:
            owners.append(named[-1].root)
    for owner in owners:
        if (cls := _owner_class(doc, owner, lexicon, v)) is not None:
            return cls
    return None


def _owner_class(doc, owner, lexicon, v: Vocabulary) -> str | None:
    """The class of an organisation's members: by its head noun ('force' -> troops), else by the
    actor lexicon's kind for its name."""
    word = owner.lemma_.lower()  # a name's head keeps its plural as lemma: "Forces"
    cls = v.counted_class.get(word) or v.counted_class.get(word[:-1] if word.endswith("s") else word)
    if cls in _MEMBERS_OF_KIND.values():
        return cls
    actor = lexicon.match(doc[owner.left_edge.i: owner.i + 1].text)
    if actor is not None and actor.kind in _MEMBERS_OF_KIND:
        return _MEMBERS_OF_KIND[actor.kind]
    return None


def _class_of_phrase(counted: str, v: Vocabulary) -> str | None:
    low = counted.lower()
    for phrase, cls_name in v.counted_class.items():
        if " " in phrase and phrase in low:
            return cls_name
    return None


def _subject(doc, fig: Figure, group: str | None, place, v: Vocabulary) -> str:
    """Normalised enough to compare across articles, and read as what is measured of whom, where:
    'deaths among civilians in Khartoum', 'troops fled into tajikistan'."""
    if fig.measure == "population":
        return " ".join(p for p in ("population", _population_of(doc, fig)) if p)
    if fig.measure == "weight":  # "weight of charge"
        return " ".join(p for p in ("weight", f"of {fig.head}" if fig.head else "", f"in {place.name}" if place else "") if p)
    if fig.measure == "money":  # "money for project"
        return " ".join(p for p in ("money", f"for {fig.head}" if fig.head else "", f"in {place.name}" if place else "") if p)
    if fig.measure == "duration":  # "duration of truce", "duration of rule"
        return " ".join(p for p in ("duration", f"of {fig.head}" if fig.head else "", f"in {place.name}" if place else "") if p)
    thing = group or (fig.head or fig.counted or "").lower()
    label = v.raw["measure_labels"].get(fig.measure or "")
    if label and thing:
        parts = [f"{label} among {thing}"]
    else:
        parts = [thing, fig.measure or "", _destination(doc, fig)]
    if place is not None and place.name.casefold() not in " ".join(parts).casefold():
        parts.append(f"in {place.name}")
    return " ".join(p for p in parts if p).strip() or (fig.range.unit or "figure")


def _population_of(doc, fig: Figure) -> str:
    """'Dorvana, a town of some 40,000 people' → 'of dorvana' (the name the place noun is in
    apposition to)."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return ""
    for tok in span.root.ancestors:
        if tok.pos_ == "NOUN" and tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
            name = doc[tok.head.left_edge.i: tok.head.i + 1]
            return "of " + " ".join(t.lower_ for t in name if t.pos_ in ("PROPN", "PUNCT") or t.tag_ == "HYPH").replace(" - ", "-")
    return ""


_DIRECTIONAL = ("into", "to", "across", "toward", "towards")


def _destination(doc, fig: Figure) -> str:
    """Where the counted went, when the measure verb names a place: 'fled into neighboring Tajikistan'."""
    if not fig.measure:
        return ""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return ""
    for tok in span.sent:
        if tok.i < span.start or tok.pos_ != "VERB" or tok.lower_ == "according":
            continue  # "according to X" names a source, not where the counted went
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in _DIRECTIONAL:
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.pos_ == "PROPN":
                        words = [t for t in obj.subtree if t.pos_ == "PROPN"]
                        return f"{prep.lower_} " + " ".join(t.lower_ for t in words)
        break
    return ""


# -- who gives a figure -------------------------------------------------------------------------
# How far back a figure with no attribution of its own may take the source of the report it
# continues ("… the union said. In Omdurman, 18 injuries were reported."): about a paragraph.
CONTINUATION_CHARS = 600


def _attributions(doc, figures: list[Figure], quotes: list, v: Vocabulary, own_voice: Source = ARTICLE_SOURCE,
                  place_ends: frozenset | set = frozenset()) -> list[tuple[Source, object]]:
    """(source, quote) per figure. Its own attribution first: the quote holding it, the speaker's
    description, a document that shows it. A figure with none that continues a report takes that
    report's source: another figure of its sentence that has one ("X said 56 were killed, 17 of
    them in Khartoum"), a report with no agent ("24 civilians were reported killed", "a place
    recorded six deaths"), or a list of short paragraphs that a cue ending in a colon opens.
    `own_voice`: the article's own voice (kind "article", described by its outlet's name: an agency's
    own report speaks for the agency; a paper's own sentence for the paper)."""
    out = []
    asides = set()
    for k, fig in enumerate(figures):
        if k and _is_conversion(doc.text, figures[k - 1], fig):
            # "5,000 sq km (1,930 sq miles), the minister said": the speaker gave one unit; the
            # conversion in brackets is the writer's arithmetic
            out.append((own_voice, None))
            asides.add(k)
            continue
        if _describes_a_place(doc, fig, place_ends):
            asides.add(k)  # "Aleppo, a city of two million", inside anyone's words: the writer's
            out.append((own_voice, None))
            continue
        quote = _quote_for(doc, fig, quotes)
        if quote is not None and quote.kind != "direct" and quote.start <= fig.start and fig.end <= quote.end \
                and (opens := _background_clause_start(doc, fig)) is not None and quote.start < opens:
            closing = _closing_report(doc, fig, quotes)
            if closing is not None:  # "…, where shelling killed four civilians, state media reported."
                out.append((closing.speaker, closing))
                continue
            asides.add(k)  # "…needed in the city, where over 900 people have died": the writer's
            out.append((own_voice, None))
            continue
        shown = _document_source(doc, fig, v) if quote is None or _according_to(quote) else None
        if quote is not None and shown is not None and _shows_it(doc, fig, v):
            quote = None  # "according to early data 25 lay there, though the marker showed 17": the marker's
        out.append((quote.speaker, quote) if quote is not None else (shown or own_voice, None))
    for k, fig in enumerate(figures):
        if out[k][0].kind != "article" or k in asides:
            continue
        span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
        if span is None:
            continue
        sent = _sentence_in_paragraph(doc, span)
        same = [out[j] for j, f in enumerate(figures) if j != k and out[j][1] is not None
                and sent.start_char <= f.start < sent.end_char and not _own_line_clause(doc, span, f)]
        if same:
            out[k] = same[0]
            continue
        opener = _list_opened_at(doc.text, fig.start)
        if opener is not None:
            found = _last_source_before(doc, opener, figures, out, quotes)
        elif _continues_a_report(doc, sent, v) or _ELABORATES.match(sent.text.lstrip()) \
                or _PARTS_OF_THE_WHOLE.match(sent.text.lstrip()) or _opens_as_continuation(sent, v):
            # a bullet item is a point of its own: it goes on with no report of an earlier item
            found = _last_source_before(doc, sent.start_char, figures, out, quotes,
                                        since=_bullet_item_start(doc.text, sent.start_char))
        elif _adds_to_the_report(sent):
            found = _last_source_before(doc, sent.start_char, figures, out, quotes,
                                        since=doc.text.rfind("\n", 0, sent.start_char) + 1)
        else:
            found = None
        if found is None:
            found = _told_by_the_total_after(doc, sent, k, figures, out) or _labelled_source_after(doc.text, fig, quotes, v) \
                or _confirmed_after(doc, sent, quotes)
        if found is not None:
            out[k] = found
    return out


def _confirmed_after(doc, sent, quotes: list):
    """'Nine peacekeepers were killed in the clashes. The army confirmed that seven of them …': a
    sentence that names no source, right before one whose subject confirms the news, is that
    subject's news (the lede first, then who confirmed it)."""
    from .quotes import speech_vocab  # the reporting vocabulary has one home: the quotes module's

    i = sent.end
    while i < len(doc) and doc[i].is_space:
        i += 1
    if i >= len(doc):
        return None
    nxt = doc[i:doc[i].sent.end]
    confirming = speech_vocab().confirming
    verb = next((t for t in nxt if t.pos_ == "VERB" and t.lemma_.lower() in confirming and t.dep_ == "ROOT"
                 and any(c.dep_ == "nsubj" and c.i < t.i for c in t.children)), None)
    if verb is None:
        return None
    told = [q for q in quotes if nxt.start_char <= q.start < nxt.end_char and q.speaker.kind != "article"
            and q.start > verb.idx]
    return (told[0].speaker, None) if told else None


def _labelled_source_after(text: str, fig: Figure, quotes: list, v: Vocabulary):
    """'… 1,000 civilians died in the town.' then a paragraph 'Source: NAME, a member of the town
    council, at a briefing': a line that labels who the paragraph before it came from (a house style
    of some outlets). A speaker the article quotes by that name is that entity."""
    end = text.find("\n", fig.end)
    if end < 0:
        return None
    m = v.source_label_rx.match(text, end)
    if m is None or v.source_label_rx.match(text, text.rfind("\n", 0, fig.start) + 1):
        return None  # no label after the paragraph, or the figure's own line is a label
    label = m.group("who").strip().rstrip(".")
    label = re.split(r"\s+[-–—]\s+", label)[0]  # "… at a briefing - Agency": the agency is the channel
    for q in quotes:
        if q.speaker.kind == "entity" and q.speaker.description and label.startswith(q.speaker.description):
            return q.speaker, None
    return (Source("unnamed", None, label), None) if label else None


# "… 307 more were killed. This brings the toll to 3,785, according to the ministry.": a sentence that
# opens by adding the figures before it into a total says whose count both are.
_BRINGS_BACK = re.compile(r"(?:this|that|which)\s+(?:brings|brought|raises|raised|takes|took|pushes|pushed|puts|put)\b",
                          re.IGNORECASE)


def _told_by_the_total_after(doc, sent, k: int, figures: list[Figure], found: list):
    """The source of the running total that the next sentence of the paragraph makes of figure k."""
    if sent.end >= len(doc) or "\n" in doc.text[sent.end_char:doc[sent.end].idx]:
        return None
    nxt = doc[sent.end].sent
    if not _BRINGS_BACK.match(nxt.text.lstrip()):
        return None
    told = [found[j] for j, f in enumerate(figures) if j != k and nxt.start_char <= f.start < nxt.end_char
            and found[j][1] is not None and found[j][0].kind != "article"]
    return told[0] if told else None


_PARAGRAPH_END = re.compile(r"[.!?][\"”’)]?[ \t]*\n")


def _sentence_in_paragraph(doc, span):
    """The figure's sentence, cut at a paragraph that ends in a full stop: the parser may run a
    quotation's closing line ('…,” the report said.') on into the next paragraph; and, after the
    figure, at a blank line."""
    sent = span.sent
    text = doc.text
    lo, hi = sent.start_char, sent.end_char
    for m in _PARAGRAPH_END.finditer(text, lo, hi):
        if m.end() <= span.start_char:
            lo = m.end()
        elif m.start() >= span.end_char:
            hi = m.start() + 1
            break
    blank = _BLANK_LINE.search(text, span.end_char, hi)
    if blank is not None:
        hi = blank.start()  # a line with no stop ('Related: 70 killed …') ends at the blank line after it
    cut = doc.char_span(lo, hi, alignment_mode="contract")
    return cut if cut is not None and len(cut) else sent


_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


def _own_line_clause(doc, span, other: Figure) -> bool:
    """Is a line break between two figures of one parsed sentence, and the figure a clause of its own,
    under no verb of the other's ('… truce starting Friday. pic.twitter.com/… / — Channel (@handle)
    April 21 / Earlier today, the RSF agreed to a 72-hour ceasefire': the parser ran an embedded post
    and its credit line into the next paragraph)? A hard-wrapped sentence keeps one clause across lines."""
    lo, hi = sorted((span.start_char, other.start))
    if "\n" not in doc.text[lo:hi]:
        return False
    mine, theirs = _clause_verb(span), doc.char_span(other.start, other.end, alignment_mode="expand")
    theirs = _clause_verb(theirs) if theirs is not None else None
    if mine is None or theirs is None:
        return False
    return mine.i != theirs.i and not any(a.i == theirs.i for a in mine.ancestors) \
        and not any(a.i == mine.i for a in theirs.ancestors)


# "30 kilometers (19 miles)", "5,000 sq km (1,930 sq miles)": the words between a figure and its conversion.
_CONVERSION_GAP = re.compile(r"\s*(?:[\w.²]+\s*){0,2}[(\[]\s*")

def _negated(span) -> bool:
    """'the dead number not 300 or even 600 but only a few dozen', 'killed not 50 but 12': a figure
    the speaker says is not the number (the first of its coordinated figures sits under the negation)."""
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i != tok.i and tok.head.pos_ in ("NUM", "NOUN"):
        tok = tok.head
    doc = tok.doc
    if tok.i > 0 and doc[tok.i - 1].dep_ == "neg" and doc[tok.i - 1].head.i != tok.i:
        return True  # "not 200"
    head = tok.head
    return tok.dep_ in ("attr", "dobj") and any(c.dep_ == "neg" for c in head.children) \
        and any(c.dep_ == "expl" for c in head.children)  # "there are not 200 dead"


def _is_conversion(text: str, before: Figure, fig: Figure) -> bool:
    """'20 kilometers (12 miles)': a figure with a unit in brackets right after another figure."""
    return bool(fig.range.unit) and before.range.unit is not None and _CONVERSION_GAP.fullmatch(text[before.end:fig.start]) is not None


# "four more soldiers", "another 25", "an additional 300": a figure added to a count, not the count.
_INCREMENT_AFTER = re.compile(r"\s+(?:of\s+)?(?:more|additional|further|new|other)\b", re.IGNORECASE)  # "hundreds of additional dead"
_INCREMENT_BEFORE = re.compile(r"\b(?:another|an additional|a further|an extra)\s+$", re.IGNORECASE)

# "This includes 20 children.", "Among them were 12 women.": a sentence that opens by pointing back
# at the figure before it elaborates that figure, in the same voice.
_ELABORATES = re.compile(r"(?:this|these|those|they|of (?:them|these|those|whom)|among (?:them|these|those|the dead|the victims))\b"
                         r"(?:\s+(?:figures?|numbers?|tolls?|victims|dead))?\s+(?:includes?|included|were|are|was|is|comprise[sd]?)\b",
                         re.IGNORECASE)
# "Of the 30 bodies, 12 were soldiers.", "Out of all the bodies found, 21 were soldiers.": a sentence that
# opens with the whole told before and goes on with its parts (the whole's words: at most 40 characters,
# a noun phrase, not a clause; not tuned).
_PARTS_OF_THE_WHOLE = re.compile(r"(?:out\s+)?of\s+(?:all\s+)?(?:the|these|those)\s+[^,.;:]{1,40},", re.IGNORECASE)

# A list item is a short paragraph of its own ("The overall count of civilian dead is 61.").
LIST_ITEM_MAX_CHARS = 160


_BULLET_MARK = re.compile(r"[ \t]*[•▪◦●*\-–][ \t]+")


def _bullet_item_start(text: str, pos: int) -> int:
    """Where the bullet item holding `pos` starts ('  • The number of displaced people is estimated
    at …'), or 0 when `pos` is in no bullet item."""
    start = text.rfind("\n", 0, pos) + 1
    return start if _BULLET_MARK.match(text, start) else 0


def _list_opened_at(text: str, pos: int) -> int | None:
    """Where the list holding `pos` was opened: the end of the paragraph ending in a colon ('… the
    committee said:') that the short paragraphs up to `pos` follow; None when there is none."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    if len(text[start:end if end >= 0 else len(text)].strip()) > LIST_ITEM_MAX_CHARS:
        return None
    while start > 0:
        prev_end = len(text[:start].rstrip())
        if prev_end == 0:
            return None
        prev_start = text.rfind("\n", 0, prev_end) + 1
        prev = text[prev_start:prev_end].strip()
        if prev.endswith(":"):
            return prev_end
        if not prev or len(prev) > LIST_ITEM_MAX_CHARS:
            return None
        start = prev_start
    return None


def _opens_as_continuation(sent, v: Vocabulary) -> bool:
    """'Likewise, 219 fighters died.', 'In addition, 2 employees died.': the sentence goes on with the
    report before it."""
    words = sent.text.lstrip().lower()
    return any(words.startswith(w) and words[len(w):len(w) + 1] in (",", " ") for w in v.raw["continuation_openers"])


def _adds_to_the_report(sent) -> bool:
    """'Two armoured carriers were also damaged.', 'Another strike also hit a camp, killing seven.': a
    sentence whose own verb says 'also' adds to what the sentences before it in its paragraph report."""
    return any(c.dep_ == "advmod" and c.lower_ == "also" for c in sent.root.children)


def _continues_a_report(doc, sent, v: Vocabulary) -> bool:
    """'24 civilians were reported killed', 'It is reported that …', 'Nyala recorded six deaths':
    a count whose counter is not named in the sentence."""
    from .coref import role_vocab
    from .quotes import is_place_word, speech_vocab  # the reporting vocabulary has one home: the quotes module's

    vocab = speech_vocab()
    reporting = vocab.clause | vocab.object | vocab.count
    roles = role_vocab()
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.dep_ == "advmod" and tok.lower_ in v.raw["report_adverbs"]:
            return True  # "The clashes reportedly left seven soldiers dead"
        if lemma not in reporting or tok.pos_ != "VERB":
            continue
        # "24 civilians were reported killed", "24 civilians reported killed" (not "the attacks recorded …")
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (
            tok.dep_ == "acl" and any(c.dep_ == "nummod" for c in tok.head.children))
        if passive and not any(c.dep_ == "agent" for c in tok.children):
            return True
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None and tok.dep_ == "conj":  # "El Obeid had two deaths … and Dongola reported two injuries"
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        # the parser may take "…two deaths and nine injuries and Dongola" for one subject: any conjunct that is a place
        if (lemma in vocab.count and lemma not in vocab.count_directive or lemma in vocab.count_reports) and subj is not None \
                and any(is_place_word(t, roles) for t in (subj, *subj.conjuncts)):
            return True  # "Kelto recorded four deaths", "Dorvana, the capital of the eastern province, reported three"
    return False


def _last_source_before(doc, pos: int, figures: list[Figure], found: list, quotes: list, since: int = 0):
    """The latest named source (of a quote, or of a figure already attributed) ending before `pos`,
    within CONTINUATION_CHARS, and starting at `since` or later."""
    best = None
    for q in quotes:
        if since <= q.start and q.end <= pos and pos - q.end <= CONTINUATION_CHARS and q.speaker.kind != "article":
            if best is None or q.end > best[0]:
                best = (q.end, (q.speaker, q))
    for fig, (source, quote) in zip(figures, found):
        if since <= fig.start and fig.end <= pos and pos - fig.end <= CONTINUATION_CHARS and source.kind != "article":
            if best is None or fig.end > best[0]:
                best = (fig.end, (source, quote))
    return best[1] if best else None


# "… 20 kilometres (12 miles) north of X", "… 30 km from X", "… 5 miles away": a distance that places a place.
_FROM_A_PLACE = re.compile(r"\s*\w+\s*(?:\([^)]{0,30}\)\s*)?(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|from|away)\b",
                           re.IGNORECASE)


def _describes_a_place(doc, fig: Figure, place_ends: frozenset | set = frozenset()) -> bool:
    """'…in Dorvana, a city of about a million people', 'the strip, which is home to 1.5 million people',
    'Shevchenkove, some 20 kilometers north of Balakliya': a population or a distance in an aside on a
    place is the writer's description of the place, whoever's words it is set in."""
    if fig.measure not in ("population", "distance"):
        return False
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return False
    if fig.measure == "distance" and span.start >= 2 and doc[span.start - 1].text == "," \
            and (doc[span.start - 2].ent_type_ in ("GPE", "LOC", "FAC")
                 or doc[span.start - 2].idx + len(doc[span.start - 2]) in place_ends
                 or (doc[span.start - 2].pos_ == "PROPN" and _FROM_A_PLACE.match(doc.text, fig.end))):
        return True  # the parser hangs such an aside anywhere; the comma after the place name says it
    for tok in [span.root, *list(span.root.ancestors)[:6]]:
        head = tok.head
        aside = tok.dep_ == "appos" or (tok.dep_ in ("relcl", "acl") and tok.left_edge.i > 0
                                         and doc[tok.left_edge.i - 1].text == ",")
        if aside and head.i != tok.i and (head.ent_type_ in ("GPE", "LOC", "FAC") or head.pos_ == "PROPN"):
            return True
    return False


def _background_clause_start(doc, fig: Figure) -> int | None:
    """'X said 80 trucks a day are needed in the city, where over 900 people have died',
    'officials say 2,000 died since March 3, when gunmen began a raid that killed 700':
    a figure in a 'where'/'when' clause set off by a comma after a place or a day is the writer's
    background to the reported words, not part of them. Where that clause starts, else None (a
    source named inside it, 'where, according to X, 47 wounded arrived', is the clause's own)."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return None
    for tok in [span.root, *list(span.root.ancestors)[:6]]:
        if tok.dep_ not in ("relcl", "advcl", "acl") or tok.head.i == tok.i:
            continue
        lead = doc[tok.left_edge.i]
        if lead.lower_ in ("where", "when") and tok.left_edge.i > 0 and doc[tok.left_edge.i - 1].text == "," \
                and doc[tok.left_edge.i - 2].ent_type_ in ("GPE", "LOC", "FAC", "DATE"):
            return lead.idx
    return None


def _closing_report(doc, fig: Figure, quotes: list):
    """'X said the fighting reached the city, where shelling killed four civilians, state media
    reported.': a reporting verb that closes the sentence after the figure reports the clause the
    figure is in, even where that clause is the writer's background to another speaker's words."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return None
    end = span.sent.end_char
    for q in sorted(quotes, key=lambda q: (q.start, q.id)):
        if q.start <= fig.start and fig.end <= q.end and q.kind != "direct" and q.cue and q.speaker.kind != "article" \
                and q.cue in doc.text[q.end:end] and len(doc.text[q.end:end].split()) <= CLOSING_CUE_WORDS:
            return q
    return None


# A reporting verb closes the sentence when at most this many words follow the clause ("…, state media
# reported."). Not tuned: checked on the five dev sets, where closing cues run two to four words.
CLOSING_CUE_WORDS = 6


def _quote_for(doc, fig: Figure, quotes: list):
    """The quote whose span holds the figure; else the quote whose speaker's own description holds
    it ("…, said X, the former chief of a province where fighters overran about 20 districts")."""
    holding = sorted((q for q in quotes if q.start <= fig.start and fig.end <= q.end), key=lambda q: (q.end - q.start, q.id))
    if holding:
        named = [q for q in holding if q.speaker.kind == "entity"]
        if holding[0].speaker.kind != "entity" and named and not _according_to(holding[0]):
            # "The authorities confirmed 773 corpses, said X, the government's spokesman": the named
            # speaker who tells what others confirmed is the source the outlet heard
            return named[0]
        return holding[0]
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return None
    sent = span.sent
    for q in sorted(quotes, key=lambda q: (q.start, q.id)):
        if sent.start_char <= q.start < sent.end_char and q.end <= fig.start and _in_speaker_phrase(span, sent):
            return q
    return None


def _according_to(quote) -> bool:
    """Is this an 'according to X' attribution ('killing 200 people according to Hamas officials')?
    It names the figure's own source, whoever tells the sentence around it."""
    return (quote.cue or "").casefold().startswith("according")


def _in_speaker_phrase(span, sent) -> bool:
    """Is the figure inside the subject of a speech verb (the speaker and the words describing them)?"""
    from .quotes import speech_vocab  # the speech-verb vocabulary has one home: the quotes module's

    verbs = speech_vocab().all
    for anc in span.root.ancestors:
        if anc.dep_ == "nsubj" and anc.head.pos_ == "VERB" and anc.head.lemma_.lower() in verbs:
            return True
    return False


def _document_source(doc, fig: Figure, v: Vocabulary) -> Source | None:
    """'Videos circulated by X showed ... dozens of militants': footage or a document shows it."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return None
    for tok in span.sent:
        if tok.i >= span.start:
            break
        if tok.pos_ == "VERB" and tok.lemma_.lower() in v.document_verbs:
            for subj in tok.children:
                if subj.dep_ in ("nsubj",) and (subj.lemma_.lower() in v.document_nouns or subj.lower_ in v.document_nouns):  # "data" (lemma "datum")
                    words = doc[subj.left_edge.i: subj.right_edge.i + 1].text
                    return Source("document", None, words)
    return None


def _telling_verb(span):
    """The verb whose object the figure is ('the marker indicated 17', 'officials said 17'), else None."""
    tok = span.root
    while tok.dep_ in ("nummod", "pobj", "prep", "dobj", "attr", "appos", "compound") and tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ == "VERB":
            return tok
    return None


def _shows_it(doc, fig: Figure, v: Vocabulary) -> bool:
    """Is the figure what a document verb of its own clause shows ('the marker indicated 17'), not
    just a number in a sentence where some document shows something?"""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    verb = _telling_verb(span) if span is not None else None
    return verb is not None and verb.lemma_.lower() in v.document_verbs \
        and any(c.dep_ == "nsubj" and (c.lemma_.lower() in v.document_nouns or c.lower_ in v.document_nouns)
                for c in verb.children)


def _date_for(doc, fig: Figure, dates: list):
    """The resolved date stated in the figure's sentence, nearest the figure."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return None
    sent = span.sent
    lo, hi = _paragraph_of(doc.text, fig)  # a headline the parser ran into this paragraph dates nothing in it
    inside = [d for d in dates if max(sent.start_char, lo) <= d.start and d.end <= min(sent.end_char, hi) and d.value]
    verb = _clause_verb(span)
    if verb is not None and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in _speech_lemmas():
        # "Police said on Monday that 12 people had been killed": Monday is when it was told; only a
        # date in the reported clause says when the counted thing happened
        own = {t.idx for t in verb.subtree}
        inside = [d for d in inside if d.start in own or any(d.start <= i < d.end for i in own)]
    if not inside:
        return None
    near = min(inside, key=lambda d: (min(abs(d.start - fig.end), abs(fig.start - d.end)), d.start))
    return _days_apart(doc.text, fig, _joined_days(doc.text, near, inside))


# Days joined into one span: "on Saturday and Sunday 34 trucks passed", "from Monday to Wednesday".
_DAY_JOINER = re.compile(r"\s*(?:and|or|to|through|until|-|–)\s*(?:on\s+)?", re.IGNORECASE)
# A figure set a number of days off the date before it: "Sunday saw 17 trucks, a day after 20 trucks crossed".
_DAYS_OFF = re.compile(r"\b(a|an|one|the|two|three|four|five|six|seven|\d+)\s+days?\s+(after|before)\s+(?:the\s+)?$",
                       re.IGNORECASE)


def _joined_days(text: str, near, inside: list):
    """The figure's date with a day joined to it by 'and'/'to' ('Saturday and Sunday'): one interval
    over both, since the count is of both days, not of the nearer one."""
    if near.precision != DAY or "/" in near.value:
        return near
    for other in inside:
        if other is near or other.precision != DAY or "/" in other.value:
            continue
        a, b = (other, near) if other.end <= near.start else (near, other)
        if b.start >= a.end and _DAY_JOINER.fullmatch(text[a.end:b.start]) and a.value != b.value:
            lo, hi = sorted((a.value, b.value))
            return DateMention(a.start, b.end, text[a.start:b.end], f"{lo}/{hi}", DAY)
    return near


def _days_apart(text: str, fig: Figure, near):
    """The date of a figure that follows 'a day after' (or 'two days before') its date mention: the
    stated day moved back (or on) by that many days."""
    if near is None or near.end > fig.start or near.precision != DAY or "/" in near.value:
        return near
    m = _DAYS_OFF.search(text[near.end:fig.start])
    if m is None:
        return near
    word = m.group(1).lower()
    n = 1 if word == "the" else SMALL_NUMBERS[word] if not word.isdigit() else int(word)
    day = datetime.date.fromisoformat(near.value) + datetime.timedelta(days=-n if m.group(2).lower() == "after" else n)
    return DateMention(near.start, near.end, near.text, day.isoformat(), DAY)


@lru_cache(maxsize=1)
def _speech_lemmas() -> frozenset[str]:
    return frozenset(json.loads((DATA / "speech_verbs.json").read_text(encoding="utf-8"))["clause"])
