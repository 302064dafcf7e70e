"""Language of an article's text, deterministically (langdetect with a fixed seed).

Only used when neither a manifest nor the feed or record says the language. On short texts
(a headline, a two-line feed item) langdetect's n-gram guess is unreliable: "Two killed in drone
strike on market" comes out Danish. There the guess is checked against the words themselves:
among langdetect's candidates and the languages sitrep reads, the one whose stop words (spaCy's
lists) cover most of the text wins. A foreign item wrongly read costs nothing; an English item
wrongly dropped loses what it says.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["detect_language", "MIN_LETTERS", "SUPPORTED_LANGUAGES"]

# Languages the per-article stages can read (the spaCy model is English). Articles in others are
# stored and reported, not read.
SUPPORTED_LANGUAGES = ("en",)

# Below this many letters langdetect's guess is noise: say unknown instead.
MIN_LETTERS = 20
# langdetect's cost grows with the text (about 30 ms per 1,000 characters); a paragraph or two decide
# the language as surely as the whole article.
SAMPLE_CHARS = 1000
# Guesses less sure than this are reported as unknown.
MIN_PROBABILITY = 0.70
# Below this many letters (about two sentences) the guess is checked by stop words. Tuned on
# headlines and one-line feed items in English, French and Norwegian written for the tests.
SHORT_LETTERS = 300

_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code ('en', 'ar', 'fr', ...) or None when too short or unsure."""
    sample = text[:SAMPLE_CHARS]
    letters = len(re.findall(r"[^\W\d_]", sample))
    if letters < MIN_LETTERS:
        return None
    factory = _factory()
    from langdetect.lang_detect_exception import LangDetectException

    detector = factory.create()
    try:
        detector.append(sample)
        best = detector.get_probabilities()
    except LangDetectException:
        return None
    if not best:
        return None
    if letters < SHORT_LETTERS:
        by_words = _by_stop_words(sample, [_code(p.lang) for p in best])
        if by_words:
            return by_words
    if best[0].prob < MIN_PROBABILITY:
        return None
    return _code(best[0].lang)


def _code(lang: str) -> str:
    return lang.split("-")[0]


def _by_stop_words(sample: str, guesses: list[str]) -> str | None:
    """The candidate whose stop words are most of the sample's words (ties: a language sitrep
    reads, then langdetect's order); None when no candidate's stop words occur at all."""
    words = _WORD.findall(sample.lower())
    best, best_hits = None, 0
    for lang in dict.fromkeys(list(SUPPORTED_LANGUAGES) + guesses):
        stop = _stop_words(lang)
        hits = sum(1 for w in words if w in stop)
        if hits > best_hits:
            best, best_hits = lang, hits
    return best


@lru_cache(maxsize=64)
def _stop_words(lang: str) -> frozenset[str]:
    from spacy.util import get_lang_class

    spacy_code = {"no": "nb"}.get(lang, lang)  # langdetect's Norwegian is spaCy's Bokmål
    try:
        return frozenset(get_lang_class(spacy_code).Defaults.stop_words)
    except (ImportError, KeyError, ValueError, AttributeError):
        return frozenset()


@lru_cache(maxsize=1)
def _factory():
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory

    DetectorFactory.seed = 0  # langdetect samples at random: a fixed seed makes it repeatable
    init_factory()
    from langdetect import detector_factory

    return detector_factory._factory
