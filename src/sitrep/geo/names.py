"""Place-name normalisation that survives transliteration.

Two keys per name, both built by rules over `data/geo_names.json` (never a list of towns):

- `key`: the name folded (no diacritics, apostrophe-like marks or case), designators
  ("Province", "Oblast", "District"…), Arabic articles ("al-", "ash-"…) and linking particles
  ("-e-", "-i-", "-ye-"…) removed, generic parts canonicalised ("Qal'ah", "Kala" → "qala"),
  spaces and hyphens dropped. "Qala-e-Naw" and "Qala i Naw" share a key.
- `skeleton`: the key with vowel digraphs folded (aw/au/ow/ou → u), consonant digraphs folded
  (kh → k, q → k, sh → s…), doubled letters single and vowels after the first letter dropped.
  "Hodeidah" and "Al Hudaydah" share a skeleton; it finds candidates, `similarity` ranks them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from rapidfuzz import fuzz, utils

__all__ = ["NameRules", "ParsedName", "rules", "fold", "parse", "similarity", "is_code_like"]


@dataclass(frozen=True)
class NameRules:
    apostrophes: str
    dashes: str
    articles: frozenset[str]
    script_article_prefixes: tuple[str, ...]
    particles: frozenset[str]
    designators: dict[str, str]
    facility_words: dict[str, str]
    canonical_parts: dict[str, str]
    directions: dict[str, str]
    digraphs: tuple[tuple[str, str], ...]
    skeleton_vowels: str
    code_like_max_len: int
    script_letters: dict[str, str]


@lru_cache(maxsize=1)
def rules() -> NameRules:
    raw = json.loads(resources.files("sitrep.data").joinpath("geo_names.json").read_text("utf-8"))
    return NameRules(
        apostrophes="".join(raw["apostrophes"]),
        dashes="".join(raw["dashes"]),
        articles=frozenset(raw["articles"]),
        script_article_prefixes=tuple(raw["article_prefixes_script"]),
        particles=frozenset(raw["linking_particles"]),
        designators=dict(raw["designators"]),
        facility_words=dict(raw["facility_words"]),
        canonical_parts=dict(raw["canonical_parts"]),
        directions=dict(raw["directions"]),
        digraphs=tuple((a, b) for a, b in raw["digraphs"]),
        skeleton_vowels=raw["skeleton_vowels"],
        code_like_max_len=int(raw["code_like_max_len"]),
        script_letters=dict(raw["script_letters"]),
    )


@lru_cache(maxsize=1)
def _single_word_rules() -> frozenset[str]:
    """Words a one-word name must be checked against (else its key is the folded word)."""
    r = rules()
    return frozenset(r.designators) | r.articles | frozenset(r.canonical_parts) | frozenset(r.directions) \
        | frozenset(r.facility_words)


# Letters NFKD does not decompose into base + mark.
_SPECIAL = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss",
                          "æ": "ae", "œ": "oe", "ə": "e", "ʒ": "z", "ŋ": "n", "ħ": "h"})


@lru_cache(maxsize=1)
def _fold_tables() -> tuple[dict, dict]:
    """Translation tables: marks and dashes (before decomposition); combining marks, special
    letters and Arabic-script letter variants (ta marbuta, Persian yeh/kaf…) after it."""
    r = rules()
    marks = {ord(ch): None for ch in r.apostrophes} | {ord(ch): " " for ch in r.dashes}
    after = {cp: None for cp in range(0x300, 0x10000) if unicodedata.combining(chr(cp))}
    after.update(_SPECIAL)
    after.update(str.maketrans(r.script_letters))
    return marks, after


_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case, no diacritics, no apostrophe-like marks, dashes as spaces, single spaces."""
    marks, after = _fold_tables()
    if not text.isascii():  # ASCII is its own NFKC form; most gazetteer names are ASCII
        text = unicodedata.normalize("NFKC", text)
    text = text.translate(marks).casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(after)
    text = _NON_WORD.sub(" ", text)
    return " ".join(text.split())


# A named tuple rather than a frozen dataclass: an index build parses ~650,000 names and a tuple is
# several times cheaper to make.
class ParsedName(NamedTuple):
    key: str  # "" when nothing name-like is left (e.g. "Province" alone)
    skeleton: str
    designator: str | None = None  # kind a designator word implies: "admin1", "admin2", "city"…
    facility: str | None = None  # GeoNames feature code a facility word implies: "AIRB", "PRN"…
    tokens: tuple[str, ...] = ()


@lru_cache(maxsize=200_000)
def parse(name: str) -> ParsedName:
    r = rules()
    toks = fold(name).split()
    if len(toks) == 1 and toks[0] not in _single_word_rules() \
            and not toks[0].startswith(r.script_article_prefixes):  # most names: one plain word
        return ParsedName(toks[0], skeleton(toks[0]), None, None, (toks[0],))
    toks, facility = _strip_facility(toks, r)
    toks, designator = _strip_designators(toks, r)
    toks = _drop_articles(toks, r)
    toks = [r.directions.get(t, r.canonical_parts.get(t, t)) for t in toks]
    toks = _drop_particles(toks, r)
    key = "".join(toks)
    return ParsedName(key, skeleton(key), designator, facility, tuple(toks))


def _strip_facility(toks: list[str], r: NameRules) -> tuple[list[str], str | None]:
    # Longest facility phrase at the end first ("air base" before "base"); keep a name before it.
    for n in (2, 1):
        if len(toks) > n:
            phrase = " ".join(toks[-n:])
            if phrase in r.facility_words:
                return toks[:-n], r.facility_words[phrase]
    return toks, None


def _strip_designators(toks: list[str], r: NameRules) -> tuple[list[str], str | None]:
    """Drop "Province", "Oblast", "Wilayat-e"… and a particle that links one to the name."""
    if not any(t in r.designators for t in toks):
        return toks, None
    kept, designator = [], None
    for i, t in enumerate(toks):
        if t in r.designators:
            designator = designator or r.designators[t]
        elif t in r.particles and (
            (i > 0 and toks[i - 1] in r.designators) or (i + 1 < len(toks) and toks[i + 1] in r.designators)
        ):
            continue  # "wilayat e baghlan", "province of badghis"
        else:
            kept.append(t)
    return kept, designator  # empty when the name was only designators ("Province")


def _drop_articles(toks: list[str], r: NameRules) -> list[str]:
    out = []
    for t in toks:
        for p in r.script_article_prefixes:  # "ال" glued to the word in Arabic script
            if t.startswith(p) and len(t) > len(p) + 1:
                t = t[len(p):]
        out.append(t)
    kept = [t for t in out if t not in r.articles]
    return kept or out


def _drop_particles(toks: list[str], r: NameRules) -> list[str]:
    # Linking particles only between two name words: "qala e naw", "sar e pol", "norte de santander".
    if len(toks) < 3:
        return toks
    return [t for i, t in enumerate(toks) if not (0 < i < len(toks) - 1 and t in r.particles)]


_VOWEL_DIGRAPHS = (("aw", "u"), ("au", "u"), ("ow", "u"), ("ou", "u"), ("uw", "u"), ("ew", "u"),
                   ("eu", "u"), ("ee", "i"), ("oo", "u"), ("ey", "i"), ("ay", "i"), ("iy", "i"))


@lru_cache(maxsize=200_000)
def skeleton(key: str) -> str:
    """Consonant skeleton of a key: the blocking key for transliteration variants."""
    if not key or not key.isascii():
        return key
    r = rules()
    s = key
    if _any_digraph().search(s):  # else no rule below can fire (half of all keys): skip the loop
        for a, b in _VOWEL_DIGRAPHS:
            s = s.replace(a, b)
        for a, b in r.digraphs:
            s = s.replace(a, b)
    if len(s) > 2 and s.endswith("h") and s[-2] in r.skeleton_vowels:
        s = s[:-1]  # Hodeidah / Hudayda
    s = _DOUBLED.sub(_first_letter, s)
    # An initial vowel stays (it is a letter people hear) but as one symbol: Afrin / Efrin, Idlib / Edleb.
    head = "a" if s[0] in "aeiou" else s[0]
    return _DOUBLED.sub(_first_letter, head + s[1:].translate(_vowel_table()))


_DOUBLED = re.compile(r"(.)\1+")


def _first_letter(m: re.Match) -> str:
    # A function, not the template r"\1": re compiles a template on every call, and most keys have no double.
    return m.group(1)


@lru_cache(maxsize=1)
def _any_digraph() -> re.Pattern:
    return re.compile("|".join(re.escape(a) for a, _ in _VOWEL_DIGRAPHS + rules().digraphs))


@lru_cache(maxsize=1)
def _vowel_table() -> dict:
    return {ord(ch): None for ch in rules().skeleton_vowels}


def similarity(a: str, b: str) -> float:
    """0..1 similarity of two keys (rapidfuzz ratio on default-processed strings)."""
    if a == b:
        return 1.0
    return fuzz.ratio(a, b, processor=utils.default_process) / 100.0


def is_code_like(name: str) -> bool:
    """Airport codes and abbreviations GeoNames lists as alternate names ("KBL", "LQN")."""
    s = name.strip()
    return len(s) <= rules().code_like_max_len and s.isupper()
