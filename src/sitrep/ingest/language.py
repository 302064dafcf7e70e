"""Language of an article's text, deterministically (langdetect with a fixed seed)."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["detect_language", "MIN_LETTERS"]

# Below this many letters langdetect's guess is noise: say unknown instead.
MIN_LETTERS = 20
# langdetect's cost grows with the text (about 30 ms per 1,000 characters); a paragraph or two decide
# the language as surely as the whole article.
SAMPLE_CHARS = 1000
# Guesses less sure than this are reported as unknown.
MIN_PROBABILITY = 0.70


def detect_language(text: str) -> str | None:
    """ISO 639-1 code ('en', 'ar', 'fr', ...) or None when too short or unsure."""
    sample = text[:SAMPLE_CHARS]
    if len(re.findall(r"[^\W\d_]", sample)) < MIN_LETTERS:
        return None
    factory = _factory()
    from langdetect.lang_detect_exception import LangDetectException

    detector = factory.create()
    try:
        detector.append(sample)
        best = detector.get_probabilities()
    except LangDetectException:
        return None
    if not best or best[0].prob < MIN_PROBABILITY:
        return None
    return best[0].lang.split("-")[0]


@lru_cache(maxsize=1)
def _factory():
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory

    DetectorFactory.seed = 0  # langdetect samples at random: a fixed seed makes it repeatable
    init_factory()
    from langdetect import detector_factory

    return detector_factory._factory
