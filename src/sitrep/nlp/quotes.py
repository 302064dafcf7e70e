"""Who said what: direct, indirect and mixed quotes, each with its speaker and the words it cites.

Three readings meet here:
- *quotation marks* give direct quotes (curly or straight, single or double, several sentences,
  split around their cue: “…,” he said, “…”; a paragraph left open continues in the next);
- *reporting verbs* ("said", "told reporters", "acknowledged", "attributed … to", "according to")
  give indirect quotes: the clause or phrase they govern. A reported clause that carries quoted
  words ("the government “has a plan”") is a mixed quote;
- *speakers* are the subjects of those verbs, resolved to an entity from `people.find_entities`,
  an unnamed source kept in its own words ("a senior commander", "local officials"), or a document
  ("Ministry of Defense (statement)"). "He said" goes to the most recent compatible subject or
  speaker, and "the spokesman" to the entity whose role is a spokesman (see `coref`).

Quote spans are the cited words, not the cue. `find_quotes` also records each pronoun that names a
speaker as a mention of the entity it resolves to (in the `entities` it was given).
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from ..model import Article, Entity, Quote, Source, Span, stable_id
from .coref import Discourse, Referent, gender_of, role_key, role_vocab, stem
from .people import definite_description, names_a_place_part

__all__ = ["find_quotes", "SpeechVocab", "speech_vocab", "CUE_REACH_TOKENS"]

# A lede's unnamed source ("…, a doctor said.") is the person named within this many characters
# after it, when that person's role fits ("Samira …, a doctor in the emergency ward, said"). About
# one paragraph of wire copy; tuned on examples/ (fiction written for sitrep), not on the seeds.
CATAPHORA_WINDOW_CHARS = 600

# How far back a pronoun that reports ("it said") takes the last speaker: about two sentences of wire
# copy; further back the writer would name the source again.
SPEAKER_REACH_CHARS = 400

# How far back "One said …" looks for the group it is one of ("Two residents … One said").
ELLIPSIS_REACH_TOKENS = 40

# How many tokens may separate a quotation from its cue ("…,” Abdul Aziz Beg, a member of the
# provincial council, said"): the speaker's apposition sits between. Tuned on the seeds and the
# attribution fixtures; a longer reach starts to grab the next sentence's verb.
CUE_REACH_TOKENS = 25

PRONOUNS = frozenset({"he", "she", "they", "it"})
# Subjects that cannot speak: a conjunction, a preposition or a verb the parser took for one ("… but
# warned"), and a day ("Early Monday, rebels claimed …"); "The 24-year-old added" and "One said" speak.
_NOT_WHO_POS = frozenset({"CCONJ", "SCONJ", "ADP", "PART", "AUX", "VERB", "ADV", "INTJ"})
_DAY_WORDS = frozenset({"today", "yesterday", "tonight", "morning", "afternoon", "evening", "night", "week",
                        "weekend", "month", "year"})
# "the 24-year-old said": a person described by age alone is someone just named.
_AGE_NOUN = re.compile(r"^the \S*\b(?:\d+|[a-z]+)-year-old$", re.I)
OPEN_DOUBLE, CLOSE_DOUBLE = "\u201c", "\u201d"
OPEN_SINGLE, CLOSE_SINGLE = "\u2018", "\u2019"


@lru_cache(maxsize=1)
def _abbreviation() -> re.Pattern:
    """'Sgt.' or 'Dr.' between a quotation and its cue does not end a sentence."""
    titles = sorted({re.escape(t.rstrip(".")) for t in role_vocab().titles if " " not in t}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(titles) + r")\.")


@dataclass(frozen=True)
class SpeechVocab:
    clause: frozenset[str]
    object: frozenset[str]
    predicate: frozenset[str]
    markers: dict
    weak: frozenset[str]
    infinitive: frozenset[str]
    comment_nouns: frozenset[str]
    statement_adverbials: tuple[str, ...]
    count: frozenset[str]
    count_objects: frozenset[str]
    count_toll_only: frozenset[str]
    count_directive: frozenset[str]
    count_reports: frozenset[str]
    back_reference: frozenset[str]
    confirming: frozenset[str]
    irregular_forms: dict  # lemma -> its written forms where the rule of -s/-ed does not make them

    @property
    def all(self) -> frozenset[str]:
        return self.clause | self.object | self.predicate


@lru_cache(maxsize=1)
def speech_verb_forms() -> frozenset[str]:
    """The written forms (third person and past) of every reporting verb (SpeechVocab.all), for matching raw
    text that has no parse ('Kigali says', 'Moscow denied'): irregular ones from the data, the rest by rule."""
    vocab = speech_vocab()
    irregular = vocab.irregular_forms
    forms = set()
    for lemma in sorted(vocab.all):
        if lemma in irregular:
            forms.update(irregular[lemma])
            continue
        consonant_y = lemma.endswith("y") and lemma[-2:-1] not in ("a", "e", "i", "o", "u")
        forms.add(lemma[:-1] + "ies" if consonant_y else lemma + "es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else lemma + "s")
        forms.add(lemma[:-1] + "ied" if consonant_y else lemma + "d" if lemma.endswith("e") else lemma + "ed")
    return frozenset(forms)


@lru_cache(maxsize=1)
def speech_vocab() -> SpeechVocab:
    raw = json.loads(resources.files("sitrep.data").joinpath("speech_verbs.json").read_text(encoding="utf-8"))
    return SpeechVocab(
        clause=frozenset(raw["clause"]),
        object=frozenset(raw["object"]),
        predicate=frozenset(raw["predicate"]),
        markers={k: frozenset(v) for k, v in raw["predicate_markers"].items()},
        weak=frozenset(raw["weak"]),
        infinitive=frozenset(raw["infinitive"]),
        comment_nouns=frozenset(raw["comment_nouns"]),
        statement_adverbials=tuple(a.lower() for a in raw["statement_adverbials"]),
        count=frozenset(raw["count"]),
        count_objects=frozenset(raw["count_objects"]),
        count_toll_only=frozenset(raw["count_toll_only"]),
        count_directive=frozenset(raw["count_directive"]),
        count_reports=frozenset(raw["count_reports"]),
        back_reference=frozenset(raw["back_reference"]),
        confirming=frozenset(raw["confirming"]),
        irregular_forms={k: tuple(v) for k, v in raw["irregular_forms"].items()},
    )


# ---- quotation marks ----------------------------------------------------------------------------

@dataclass(eq=False)
class _Segment:
    """Words between quotation marks."""

    open: int  # char offset of the opening mark
    close: int  # char offset of the closing mark (paragraph end when left open)
    start: int  # the cited words
    end: int
    para: int
    closed: bool
    fragment: bool = False  # part of a reported clause: read as a mixed quote, not on its own
    cue: "_Cue | None" = None
    heir_of: "_Segment | None" = None  # a quote with no cue of its own takes this one's speaker


def _segments(text: str) -> list[_Segment]:
    out: list[_Segment] = []
    para = 0
    for start, block in _paragraphs(text):
        out.extend(_pair_marks(block, start, para))
        para += 1
    return out


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph. Blank lines separate paragraphs; so does a line break after
    the end of a sentence. A line that stops mid-sentence (text wrapped at a fixed width: '…, added the
    Britain-based' / 'Observatory, which …') goes on in the next line, so quotation marks pair across it."""
    out: list[tuple[int, str]] = []
    pos, start, open_block = 0, None, False
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            if start is not None:
                out.append((start, text[start:pos - 1]))
            start, open_block = None, False
        elif start is None or not open_block:
            if start is not None:
                out.append((start, text[start:pos - 1]))
            start = pos
        open_block = bool(stripped) and _wrapped(stripped)
        pos += len(line) + 1
    if start is not None:
        out.append((start, text[start:]))
    return out


# A wrapped line is long and stops without closing its sentence (no final stop, colon or quotation).
WRAPPED_LINE_MIN_CHARS = 40


def _wrapped(line: str) -> bool:
    return len(line) >= WRAPPED_LINE_MIN_CHARS and line[-1] not in ".!?:;\"\u201d\u2019')]" and not line[-1].isdigit()


def _pair_marks(line: str, offset: int, para: int) -> list[_Segment]:
    out = []
    open_at = None  # index of an open double mark
    single_at = None
    for i, ch in enumerate(line):
        if ch in (OPEN_DOUBLE, CLOSE_DOUBLE, '"', "\u00ab", "\u00bb"):
            opening = ch in (OPEN_DOUBLE, "\u00ab") or (ch == '"' and open_at is None)
            if opening and open_at is None:
                open_at = i
            elif not opening and open_at is not None:
                out.append(_segment(line, offset, para, open_at, i, True))
                open_at = None
            single_at = None
        elif open_at is None and _opens_single(line, i):
            single_at = i
        elif open_at is None and single_at is not None and _closes_single(line, i):
            out.append(_segment(line, offset, para, single_at, i, True))
            single_at = None
    if open_at is not None:  # continues in the next paragraph
        out.append(_segment(line, offset, para, open_at, len(line), False))
    return [s for s in out if s is not None]


def _opens_single(line: str, i: int) -> bool:
    ch = line[i]
    if ch not in (OPEN_SINGLE, "'"):
        return False
    before = line[i - 1] if i else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    return (before.isspace() or before in "([\u2014\u2013-") and after.isalnum()


def _closes_single(line: str, i: int) -> bool:
    """A closing single mark, not an apostrophe: after sentence punctuation, or before a space."""
    ch = line[i]
    if ch not in (CLOSE_SINGLE, "'"):
        return False
    before = line[i - 1] if i else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    if after.isalnum():
        return False  # "Taliban’s"
    return before in ".,!?" or (ch == CLOSE_SINGLE and not before.isspace() and before != "s")


def _segment(line: str, offset: int, para: int, o: int, c: int, closed: bool) -> _Segment | None:
    s, e = o + 1, c
    while s < e and line[s].isspace():
        s += 1
    while e > s and (line[e - 1].isspace() or line[e - 1] in ",;:"):
        e -= 1
    if not any(ch.isalpha() for ch in line[s:e]):
        return None
    return _Segment(offset + o, offset + c, offset + s, offset + e, para, closed)


# ---- reporting verbs ----------------------------------------------------------------------------

@dataclass(eq=False)
class _Cue:
    verb: int  # token index of the reporting verb (or of "according")
    text: str  # the cue as written: "said", "told reporters", "according to"
    kind: str  # clause | object | predicate | according
    content: tuple[int, int] | None  # char span of what was reported, None when only a quote can say
    subject: tuple[int, int, int] | None  # (start, end, head) tokens of who reports
    statement: bool = False  # "in a statement": an institution speaking through a document
    segments: list[_Segment] = field(default_factory=list)
    source: Source | None = None


def _cues(doc, vocab: SpeechVocab, inside_quotes) -> list[_Cue]:
    out = []
    for tok in doc:
        relative = _relative_object_cue(doc, tok, vocab) if tok.dep_ in ("relcl", "acl") and not inside_quotes(tok.idx) else None
        if relative is not None:
            out.append(relative)
            continue
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            cue = _according(doc, tok)
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in vocab.all and not inside_quotes(tok.idx):
            cue = _back_reference_cue(doc, tok) or _verb_cue(doc, tok, vocab)
            if (cue is None or cue.content is None) and tok.lemma_.lower() in vocab.count:
                cue = _count_cue(doc, tok, vocab) or cue  # "declared three days of mourning": no clause, a count
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in vocab.back_reference and not inside_quotes(tok.idx):
            cue = _back_reference_cue(doc, tok)
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in vocab.count and not inside_quotes(tok.idx):
            cue = _count_cue(doc, tok, vocab)
        elif tok.lemma_.lower() in vocab.clause and tok.dep_ in ("aux", "advmod") and not inside_quotes(tok.idx):
            cue = _relative_cue(doc, tok)
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in vocab.comment_nouns and not inside_quotes(tok.idx):
            cue = (_verb_read_as_noun_cue(doc, tok) if tok.lemma_.lower() in vocab.clause else None) or _noun_cue(doc, tok)
        elif tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in vocab.clause and not inside_quotes(tok.idx):
            cue = _verb_read_as_noun_cue(doc, tok) or _closing_cue(doc, tok)
        else:
            continue
        if cue is not None:
            out.append(cue)
    return out


def _relative_object_cue(doc, tok, vocab: SpeechVocab) -> _Cue | None:
    """'the nearly 500 deaths that health authorities originally described', 'the 41 deaths the
    committee recorded', 'the 56 deaths reported by the committee': a reporting verb in a relative
    clause whose object is the noun it modifies. What is reported is that noun phrase; who reports
    it, the clause's own subject (or its agent)."""
    lemma = tok.lemma_.lower()
    head = tok.head
    if lemma not in vocab.all and lemma not in vocab.count or head.pos_ not in ("NOUN", "PROPN") or head.i > tok.i:
        return None
    if any(c.dep_ in ("ccomp", "xcomp", "nsubjpass") or (c.dep_ == "dobj" and c.tag_ not in ("WDT", "WP"))
           for c in tok.children):
        return None  # "the report that X said was false", "figures which show …": not the noun reported
    subj = next((c for c in tok.children if c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") and c.i < tok.i), None)
    if tok.dep_ == "acl":  # "the 56 deaths reported by the doctors' committee": who reports is the agent
        subj = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None) \
            if tok.tag_ == "VBN" and tok.i == head.i + 1 else None
    if subj is None or not any(t.like_num for t in doc[head.left_edge.i:head.i]):
        return None
    span = _trim(doc, head.left_edge.i, head.i + 1)
    if span is None:
        return None
    return _Cue(tok.i, _cue_text(tok), "clause", _char_span(doc, *span), _np_span(subj) + (subj.i,), False)


def _verb_cue(doc, tok, vocab: SpeechVocab) -> _Cue | None:
    lemma = tok.lemma_.lower()
    subject = _subject(doc, tok)
    text = _cue_text(tok)
    statement = _has_statement_adverbial(doc, tok, vocab)
    if lemma in vocab.predicate and _has_marker(tok, vocab.markers.get(lemma, frozenset())):
        end = max((c.right_edge.i for c in tok.children if c.i > tok.i and c.dep_ not in ("punct", "cc", "conj", "advcl")), default=tok.i)
        span = _trim(doc, tok.i, min(end + 1, _without_comment(doc, tok, vocab)))
        return _Cue(tok.i, text, "predicate", _char_span(doc, *span) if span else None, subject, statement)
    ccomp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if ccomp is not None and ccomp.i < tok.i and "\n" in doc.text[ccomp.idx:tok.idx]:
        # the parser ran a sentence over a paragraph end and hung the paragraph before on the verb:
        # what is said is the clause after it
        ccomp = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    if ccomp is not None and ccomp.i < tok.i and ccomp.lemma_.lower() in vocab.all:
        # "X says 3,000 died; the rebels claim the figure is closer to 10,000": the parser hung the first
        # report on 'claim' too; what is claimed is the clause after it
        ccomp = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), ccomp)
    if ccomp is None or not _is_clause(ccomp):
        # "said in a statement that 95 were killed …, after two men were shot": the parser may hang a
        # later subjectless verb on 'said' and the reported clause on 'statement'
        ccomp = _that_clause_in_adverbial(tok) or ccomp
    xcomp = next((c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i), None)
    if ccomp is None and xcomp is not None and xcomp.pos_ == "VERB" and lemma in vocab.clause \
            and any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in tok.children) \
            and any(c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") for c in tok.children):
        # "…, which first reports said killed some 300 people": what is said starts after the verb
        span = _trim(doc, tok.i + 1, _without_comment(doc, xcomp, vocab))
        return _Cue(tok.i, text, "clause", _char_span(doc, *span) if span else None, subject, statement)
    if ccomp is not None and xcomp is not None and lemma in vocab.infinitive and xcomp.i < ccomp.left_edge.i:
        ccomp = None  # "claimed to have found 450 graves in Izium, a town …": the to-clause is what is claimed
    # a weak verb ("added") closing a sentence after a comma ("…, the statement added.") attributes it
    closes = all(t.is_punct or t.is_space for t in doc[tok.i + 1:tok.sent.end])
    if ccomp is not None and lemma in vocab.clause and _is_clause(ccomp):
        if lemma in vocab.weak and ccomp.left_edge.lower_ != "that" and not (closes and ccomp.i < tok.i):
            return _Cue(tok.i, text, "clause", None, subject, statement)
        span = _clause_span(doc, ccomp, vocab)
        if span and span[0] <= tok.idx < span[1] and doc[ccomp.left_edge.i].tag_ in ("WDT", "WP") \
                and ccomp.left_edge.dep_ == "nsubj":
            # "…, which volunteers say killed 50 people": what is said starts after the verb
            span = _char_span(doc, tok.i + 1, ccomp.right_edge.i + 1) if ccomp.right_edge.i > tok.i else None
        if span and span[0] <= tok.idx < span[1]:
            return None  # "what one commander said was the goal": the verb sits inside its own clause
        return _Cue(tok.i, text, "clause", span, subject, statement)
    dobj = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i), None)
    # "says 727 people, mostly combatants, have been killed": the parser split the reported clause into
    # a noun after the verb (object or subject) and a subjectless verb; together they are what is said
    told = next((c for c in tok.children if c.dep_ in ("dobj", "nsubj") and c.i > tok.i and c.pos_ in ("NOUN", "PROPN")), None)
    rest = next((c for c in tok.children if c.dep_ in ("conj", "ccomp") and c.pos_ == "VERB" and told is not None
                 and c.i > told.i and not any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
                 and any(g.dep_ in ("aux", "auxpass") for g in c.children)), None)
    if rest is not None and lemma in vocab.clause:
        span = _trim(doc, told.left_edge.i, _without_comment(doc, rest, vocab))
        return _Cue(tok.i, text, "clause", _char_span(doc, *span) if span else None, subject, statement)
    if dobj is not None and xcomp is not None and lemma in vocab.infinitive and xcomp.i < dobj.i:
        dobj = None  # "claimed to have found 450 graves …, a macabre discovery": the to-clause is the claim
    # "denied the report" cites nothing; "acknowledged the severity of the situation" does
    if dobj is not None and lemma in vocab.object and dobj.pos_ not in ("PRON",) and dobj.right_edge.i - dobj.left_edge.i >= 2:
        return _Cue(tok.i, text, "object", _char_span(doc, dobj.left_edge.i, dobj.right_edge.i + 1), subject, statement)
    if xcomp is not None and lemma in vocab.infinitive:  # "claimed to have killed 40 fighters"
        span = _trim(doc, xcomp.left_edge.i, _without_comment(doc, xcomp, vocab))
        return _Cue(tok.i, text, "clause", _char_span(doc, *span) if span else None, subject, statement)
    about = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "about") and c.i == tok.i + 1), None)
    if about is not None and lemma in vocab.clause and lemma not in vocab.weak:
        # "warned of a worsening crisis, with 350,000 people displaced": what the warning is about
        hi = max(c.right_edge.i for c in tok.children if c.i > tok.i and c.dep_ not in ("punct", "cc", "conj"))
        span = _trim(doc, about.i + 1, min(hi + 1, _without_comment(doc, tok, vocab)))
        return _Cue(tok.i, text, "clause", _char_span(doc, *span) if span else None, subject, statement)
    if lemma in vocab.clause:
        before = _clause_before(doc, tok, subject) if lemma not in vocab.weak or closes else None
        return _Cue(tok.i, text, "clause", before, subject, statement)  # else a quote beside it may say what
    return None


def _closing_cue(doc, tok) -> _Cue | None:
    """'“…,” the Ministry of Defence of the Republic insists.': a quotation closed by its
    speaker and a reporting verb that the tagger read as a noun (the verb ends the sentence)."""
    if tok.tag_ not in ("NNS", "NNPS", "NNP") or (tok.i + 1 < len(doc) and not doc[tok.i + 1].is_punct):
        return None
    j = tok.i - 1
    while j > 0 and tok.i - j <= CLOSING_SPEAKER_TOKENS and not doc[j].is_punct and doc[j].pos_ not in ("VERB", "AUX"):
        j -= 1
    closed = j >= 1 and ((doc[j].text == "," and doc[j - 1].is_quote) or (doc[j].is_quote and doc[j - 1].text == ","))
    if not closed or j + 1 >= tok.i:
        return None  # '…,” X says.' or '…”, X says.
    head = next(t for t in doc[j + 1:tok.i] if t.pos_ in ("NOUN", "PROPN", "PRON")) \
        if any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in doc[j + 1:tok.i]) else doc[tok.i - 1]
    return _Cue(tok.i, tok.text, "clause", None, (j + 1, tok.i, head.i), False)


def _verb_read_as_noun_cue(doc, tok) -> _Cue | None:
    """'Relief groups working in the north estimate that 6,000 people have fled': after a plural
    subject with a participle clause the tagger may read the verb as a noun (an object of the
    participle's preposition, or the sentence root). The bare form right before 'that' is the verb."""
    if tok.tag_ != "NN" or tok.lower_ != tok.lemma_.lower() or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "that" \
            or doc[tok.i - 1].tag_ in ("DT", "PRP$", "POS", "JJ") or any(c.dep_ == "poss" for c in tok.children):
        return None  # "the estimate that …", "their estimate that …": a noun indeed
    subject = _plural_subject_before(doc, tok)
    span = _trim(doc, tok.i + 2, tok.sent.end)
    if subject is None or span is None:
        return None
    return _Cue(tok.i, tok.text, "clause", _char_span(doc, *span), subject, False)


def _plural_subject_before(doc, tok) -> tuple[int, int, int] | None:
    """The subject of a bare plural verb the parser did not give one ('… estimate that'): the first
    plural noun phrase of its clause ('groups working in the north', 'UNHCR and NGOs operating in …'),
    when no finite verb stands between them."""
    lo = tok.sent.start
    for t in doc[lo:tok.i]:
        if t.text in (",", ";", "\u2014") or (t.lower_ == "that" and t.dep_ == "mark"):
            lo = t.i + 1  # "…, noting that groups working there estimate that …": the clause's own start
    words = doc[lo:tok.i]
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in words):
        return None  # a finite verb before it: the clause has its verb already
    head = next((t for t in words if t.pos_ in ("NOUN", "PROPN") and (t.tag_ in ("NNS", "NNPS")
                 or any(c.dep_ == "conj" and c.tag_ in ("NNS", "NNPS") for c in t.children))), None)
    if head is None or any(t.tag_ == "VBG" for t in doc[lo:head.i]):
        return None
    end = head.i + 1
    while end < tok.i and doc[end].pos_ in ("NOUN", "PROPN", "CCONJ") and doc[end].tag_ != "VBG":
        end += 1  # "UN agencies and partners"
    return lo, end, head.i


# How many words a speaker closing a quotation may have ("…,” the Ministry of Defense of X assures).
CLOSING_SPEAKER_TOKENS = 12


_POINTING_BACK = frozenset({"this", "that", "these", "those", "it", "such"})
# How many sentences of its paragraph 'This was reported by X' attributes (a short news item's lede and
# details); beyond them the writer starts another item.
BACK_REFERENCE_SENTENCES = 3


def _denials_verbs() -> frozenset[str]:
    from .hedges import _denials  # the denial vocabulary has one home: the hedges data

    return _denials()[0]


def _back_reference_cue(doc, tok) -> _Cue | None:
    """'This was reported by the mayor, Ihor Terekhov.', 'Such information was given by X on
    Facebook.', 'X reported this on Telegram.': a cue that attributes the sentence before it."""
    if tok.lemma_.lower() in _denials_verbs():
        return None  # "This was denied by the rebels": they deny it, they do not say it
    passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    obj = next((c for c in tok.children if c.dep_ == "dobj" and c.lower_ != "it"), None)  # "describing it as": the act
    pointer = passive if passive is not None else obj
    if pointer is None or not (pointer.lower_ in _POINTING_BACK or any(c.lower_ in _POINTING_BACK and c.dep_ in ("det", "amod", "predet")
                                                                     for c in pointer.children)):
        return None
    if passive is not None and not any(c.dep_ == "agent" for c in tok.children):
        return None
    if any(c.dep_ in ("ccomp", "xcomp") for c in tok.children):
        return None  # "this was reported to show that …": it says what was reported itself
    sent = tok.sent
    if sent.start == 0:
        return None
    before = doc[sent.start - 1].sent
    lo = before.start
    para = doc.text.rfind("\n", 0, before.start_char)
    for _ in range(BACK_REFERENCE_SENTENCES - 1):  # "This" is the paragraph's news: its sentences before the cue
        if lo == 0 or doc[lo - 1].idx <= para:
            break
        lo = doc[lo - 1].sent.start
    span = _trim(doc, lo, before.end)
    if span is None:
        return None
    return _Cue(tok.i, _cue_text(tok), "clause", _char_span(doc, *span), _subject(doc, tok), False)


def _noun_cue(doc, tok) -> _Cue | None:
    """'the agency's estimate that close to 900 people died', 'a report by the monitor that …': a claim
    noun with its owner and the clause it holds."""
    clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl") and c.left_edge.lower_ == "that"
                   and _has_own_subject(c)), None)
    owner = next((c for c in tok.children if c.dep_ == "poss"), None) or next(
        (g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "of") for g in c.children
         if g.dep_ == "pobj"), None)
    if clause is None or owner is None or owner.pos_ not in ("PROPN", "NOUN"):
        return None
    span = _trim(doc, clause.left_edge.i + 1, clause.right_edge.i + 1)
    if span is None:
        return None
    return _Cue(tok.i, tok.text, "clause", _char_span(doc, *span), _np_span(owner) + (owner.i,), False)


def _relative_cue(doc, tok) -> _Cue | None:
    """'the shelling, which local volunteers say killed more than 50 people': a reporting verb the
    parser read as an auxiliary inside a relative clause; its speaker is the clause's other
    subject, and what it reports is the clause after it."""
    clause = tok.head
    if clause.pos_ != "VERB" or clause.i < tok.i:
        return None
    relative = next((c for c in clause.children if c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") and c.i < tok.i), None)
    speaker = next((c for c in clause.children if c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") and c.i < tok.i), None)
    if relative is None or speaker is None:
        return None
    span = _trim(doc, tok.i + 1, clause.right_edge.i + 1)
    if span is None:
        return None
    return _Cue(tok.i, tok.text, "clause", _char_span(doc, *span), _np_span(speaker) + (speaker.i,), False)


def _count_cue(doc, tok, vocab: SpeechVocab) -> _Cue | None:
    """'The committee recorded 41 civilian deaths', 'It raised the death toll to 311 -- 183 fighters,
    …': the subject's own count; the predicate after the verb is what it reports."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return None  # "were recorded": no counter named here
    dobj = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i), None)
    if dobj is None:
        return None
    lemma = tok.lemma_.lower()
    if lemma in vocab.count_toll_only and dobj.lemma_.lower() not in vocab.count_objects:
        return None  # "raised concerns", "put pressure on": no count
    # the predicate, with a list that runs on ("to 311 -- 183 fighters, 100 soldiers and 28 civilians"),
    # but not a coordinated clause of its own ("…, and the army said …")
    hi = max(c.right_edge.i for c in tok.children if c.i > tok.i and c.dep_ not in ("punct", "cc", "advcl")
             and not (c.dep_ == "conj" and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)))
    span = _trim(doc, dobj.left_edge.i, min(hi + 1, _without_comment(doc, tok, vocab)))
    if span is None or not any(t.like_num or t.pos_ == "NUM" for t in doc[span[0]:span[1]]):
        return None
    return _Cue(tok.i, _cue_text(tok), "count", _char_span(doc, *span), _subject(doc, tok), False)


def _clause_before(doc, tok, subject) -> tuple[int, int] | None:
    """'More than 20 people were wounded, he said, …' and '…, said X': the parser did not make the
    clause before the cue its complement, but the comma before the cue's words says it is."""
    first = tok.i if subject is None or subject[0] > tok.i else subject[0]
    if first > 0 and first == tok.sent.start and subject is not None:
        return _sentence_before(doc, tok)
    if first == 0 or doc[first - 1].text != ",":
        return None
    lo = tok.sent.start
    while lo < first - 1 and (doc[lo].is_quote or doc[lo].is_punct):
        lo += 1
    if lo >= first - 1 or doc[lo].is_quote or any(t.is_quote for t in doc[lo:first - 1]):
        return None  # a quotation: its cue is read by position
    if not any(t.pos_ in ("VERB", "AUX") for t in doc[lo:first - 1]):
        return None
    span = _trim(doc, lo, first - 1)
    return _char_span(doc, *span) if span else None


def _sentence_before(doc, tok) -> tuple[int, int] | None:
    """'… killed in the bombing of the Strip. the Health Ministry said Wednesday.': a sentence that is
    only a speaker and a reporting verb (and when) tells the sentence before it, in its paragraph."""
    rest = [t for t in doc[tok.i + 1:tok.sent.end] if not (t.is_punct or t.is_space)]
    if len(rest) > AFTER_BARE_CUE_TOKENS or any(t.pos_ in ("VERB", "AUX", "PRON") for t in rest):
        return None
    prev = doc[tok.sent.start - 1].sent
    gap = doc.text[prev.end_char:tok.sent.start_char]
    if "\n" in gap or any(t.is_quote for t in prev) or not any(t.pos_ in ("VERB", "AUX") for t in prev):
        return None  # another paragraph, or a quotation (read by position)
    span = _trim(doc, prev.start, prev.end)
    return _char_span(doc, *span) if span else None


# 'X said on Wednesday.': at most this many words after the verb of a sentence that only tells the one before.
AFTER_BARE_CUE_TOKENS = 3


def _according(doc, tok) -> _Cue | None:
    to = next(c for c in tok.children if c.lower_ == "to")
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    subject = (_np_span(pobj) + (pobj.i,))
    head = tok.head
    if head.i == tok.i:  # the parser made "according" the root: take its sentence
        sent = tok.sent
        lo, hi = sent.start, sent.end
    else:
        lo, hi = head.left_edge.i, head.right_edge.i + 1
    a_lo, a_hi = tok.left_edge.i, tok.right_edge.i + 1
    cut = next((t.i for t in doc[pobj.i + 1:a_hi] if t.like_num and doc[t.i - 1].text == ")"), None)
    if cut is not None and hi > a_hi:
        # "according to a statement from X (XYZ) 47 wounded have arrived": with no comma after the name the
        # parser hangs the clause's subject on it; the source ends at its closing bracket
        a_hi = cut
    if all(t.is_punct or t.is_space for t in doc[a_hi:tok.sent.end]) and not any(t.is_quote for t in doc[tok.sent.start:a_lo]):
        lo = tok.sent.start  # "…, taking them nearer the capital according to monitors.": it closes its sentence
    if a_lo - lo >= hi - a_hi or (head.i != tok.i and lo <= head.i < a_lo and a_lo - lo >= 4):
        # the side that holds the verb it hangs on ("… are helped by some 3,000 soldiers, according to
        # a UN panel, many more than in 2015, when …": what follows is an aside on the figure)
        span = (lo, a_lo)
    else:
        span = (a_hi, hi)
    span = _trim(doc, *span)
    if span is None:
        return None
    return _Cue(tok.i, "according to", "according", _char_span(doc, *span), subject, False)


def _that_clause_in_adverbial(tok):
    """'said in a statement (posted online) that …', 'told a radio station that he had seen …': the
    parser may hang the reported clause on the noun before it, as if it were a relative clause."""
    nouns = [c for c in tok.children if c.dep_ in ("dobj", "dative") and c.i > tok.i]
    nouns += [p for prep in tok.children if prep.dep_ == "prep" and prep.i > tok.i
              for p in prep.children if p.dep_ == "pobj"]
    for noun in nouns:
        for c in noun.children:
            if c.dep_ in ("acl", "relcl") and c.left_edge.lower_ == "that" and _has_own_subject(c):
                return c
            if c.dep_ == "acl":  # "a statement posted online that …"
                inner = next((g for g in c.children if g.dep_ == "ccomp" and g.left_edge.lower_ == "that"), None)
                if inner is not None:
                    return inner
    return None


def _has_own_subject(clause) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("that", "which", "who") for c in clause.children)


def _is_clause(ccomp) -> bool:
    """A reported clause has its own subject ("said the city had fallen"); 'what X said was Y' does not."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in ccomp.children) or ccomp.pos_ == "AUX" \
        or _range_subject(ccomp) is not None


def _range_subject(ccomp):
    """'said (that) between 200 and 300 people were killed': the parser reads the clause's subject as
    the object of 'between', hung on the clause's verb or on the reporting verb before it, and leaves
    the clause no subject. The 'between' that opens the clause, else None."""
    verb = ccomp.head
    for c in (*ccomp.children, *(verb.children if verb.i != ccomp.i else ())):
        if c.dep_ != "prep" or c.lower_ != "between" or c.i >= ccomp.i or not (c.head.i == ccomp.i or c.i > verb.i):
            continue
        if c.i + 1 == ccomp.left_edge.i:
            return c  # "said between 40 and 60 people were …": a bare 'between' left before the clause's subject
        if any(g.dep_ == "pobj" for g in c.children) and not any(
                t.dep_ in ("nsubj", "nsubjpass") and t.head.i == ccomp.i for t in ccomp.doc[c.right_edge.i + 1:ccomp.i]):
            return c
    return None


def _clause_span(doc, ccomp, vocab: SpeechVocab) -> tuple[int, int] | None:
    lo, hi = ccomp.left_edge.i, _without_comment(doc, ccomp, vocab)
    between = _range_subject(ccomp)
    if between is not None:
        lo = min(lo, between.left_edge.i)  # "said between 200 and 300 people were killed"
    while lo < hi and (doc[lo].dep_ in ("mark", "dobj") and doc[lo].lower_ in ("that", "whether", "if")):
        lo += 1
    span = _trim(doc, lo, hi)
    return _char_span(doc, *span) if span else None


def _without_comment(doc, clause, vocab: SpeechVocab) -> int:
    """End of a reported clause without what follows it but is not part of it: a closing comment by
    the writer ('…, a claim the army denied') or a further cue ('…, describing it as …'), read on its own."""
    hi = clause.right_edge.i + 1
    for t in doc[clause.i:hi]:
        if t.dep_ == "appos" and t.lemma_.lower() in vocab.comment_nouns and t.right_edge.i + 1 >= hi - 1:
            return t.left_edge.i
        if t.dep_ == "advcl" and t.tag_ == "VBG" and t.lemma_.lower() in vocab.all and doc[t.left_edge.i - 1].text == ",":
            return t.left_edge.i - 1
        if t.dep_ == "advcl" and t.i > clause.i and (t.lemma_.lower() in vocab.all or t.lemma_.lower() in vocab.count) \
                and any(c.dep_ == "mark" and c.lower_ in ("while", "whereas") for c in t.children) \
                and any(c.dep_ == "nsubj" for c in t.children):
            return t.left_edge.i  # "…, while medics put the toll at 15": another source's count, read on its own
    return hi


def _trim(doc, lo: int, hi: int) -> tuple[int, int] | None:
    while lo < hi and (doc[lo].is_punct and not doc[lo].is_quote or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct and not doc[hi - 1].is_quote or doc[hi - 1].is_space):
        hi -= 1
    return (lo, hi) if hi > lo else None


def _char_span(doc, lo: int, hi: int) -> tuple[int, int]:
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)


def _has_marker(tok, markers: frozenset[str]) -> bool:
    return any(c.lower_ in markers or c.dep_ == "oprd" for c in tok.children if c.i > tok.i) or any(
        g.lower_ in markers for c in tok.children if c.dep_ == "dobj" for g in c.children if g.dep_ == "prep")


def _cue_text(tok) -> str:
    """The reporting verb with its particle, and whom it was told to: 'told Al Jazeera'."""
    words = [tok.text] + [c.text for c in tok.children if c.dep_ == "prt"]
    told = next((c for c in tok.children if c.dep_ in ("dobj", "dative") and tok.lemma_ == "tell" and c.i > tok.i), None)
    if told is not None and told.right_edge.i - told.left_edge.i < 4:
        words.append(tok.doc[told.left_edge.i:told.right_edge.i + 1].text)
    return " ".join(words)


def _has_statement_adverbial(doc, tok, vocab: SpeechVocab) -> bool:
    for c in tok.children:
        if c.dep_ == "prep" and c.i > tok.i:
            phrase = doc[c.i:c.right_edge.i + 1].text.lower()
            if any(phrase.startswith(a) for a in vocab.statement_adverbials):
                return True
    return False


def _subject(doc, verb):
    """Who reports: the verb's subject; for 'saying'/'adding' or a coordinated verb, its head's."""
    tok = verb
    for step in range(4):  # "X was quoted as saying": saying -> as -> quoted
        relative = next((c for c in tok.children if c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT")), None)
        own = any(c.dep_ == "nsubj" and c.tag_ not in ("WP", "WDT") for c in tok.children)  # "which accounts said"
        if relative is not None and not own and tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN"):
            return _np_span(tok.head, without=tok) + (tok.head.i,)  # "a note from the union, which adds: …"
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WP", "WDT")
                    and not (c.i > tok.i and tok.lemma_.lower() in _LISTENER_VERBS)]  # "told Darfur Radio that"
        # two subjects (" date 2024-06-01 The army announced"): the one nearest the verb
        subj = max(subjects, key=lambda c: (c.i < tok.i, c.i if c.i < tok.i else -c.i)) if subjects else None
        if subj is not None and subj.dep_ == "nsubjpass" and step == 0:
            # "he was told that …" names the listener; the speaker, if any, is the agent ("by X")
            agent = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
            return _np_span(agent) + (agent.i,) if agent is not None else None
        if subj is not None:
            subj = _on_line_of(subj, tok)
            # "…, killing nine people, a nurse at the clinic said": the apposition right before the
            # verb (no comma between) is the speaker the parser attached to the wrong noun
            late = next((c for c in subj.children if c.dep_ == "appos" and c.right_edge.i == tok.i - 1
                         and not doc[tok.i - 1].is_punct and c.pos_ != "PRON"), None)  # not "X and Y both said"
            subj = late if late is not None and subj.i < late.i else subj
            return _np_span(subj) + (subj.i,)
        if step == 0:
            named = _name_after(doc, tok)
            if named is not None:  # "…, said Patrick Muyaya, the spokesman": the name after the verb
                return _np_span(named) + (named.i,)
            left = _left_subject(doc, tok)
            if left is not None:
                return _np_span(left) + (left.i,)
        if step == 0 and tok.dep_ in ("conj", "ccomp") and tok.tag_ == "VBP":
            # "…, noting that UNHCR and NGOs working there estimate that …": the parser joined the verb to
            # the sentence's first verb; its subject is the plural noun phrase of its own clause
            own = _plural_subject_before(doc, tok)
            if own is not None:
                return own
        if tok.dep_ in ("advcl", "conj", "xcomp", "acl", "parataxis", "pcomp", "prep") and tok.head.i != tok.i:
            tok = tok.head
            # "said the retreat was planned, describing it as …": the describer is who said it
            while tok.dep_ == "ccomp" and tok.head.lemma_.lower() in speech_vocab().all:
                tok = tok.head
            continue
        break
    nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None  # "…, said Mirwais, a police officer"
    listener = nxt is not None and any(t.dep_ in ("dobj", "dative") and t.head.i == verb.i
                                       for t in [nxt, *nxt.ancestors][:3])
    if nxt is not None and not listener and (nxt.pos_ == "PROPN" or nxt.lower_ in PRONOUNS):
        return _np_span(nxt) + (nxt.i,)
    inverted = _inverted_subject(doc, verb)
    if inverted is not None:
        return _np_span(inverted) + (inverted.i,)
    return _sentence_initial_subject(doc, verb)


def _name_after(doc, verb):
    """The name right after a cue that follows a comma ('…, said Patrick Muyaya'), unless it is who
    was told ('told Reuters')."""
    if verb.i == 0 or verb.i + 1 >= len(doc) or doc[verb.i - 1].text != "," or verb.lemma_.lower() in _LISTENER_VERBS:
        return None
    nxt = doc[verb.i + 1]
    if nxt.pos_ != "PROPN" or not nxt.text[:1].isupper() or nxt.ent_type_ not in ("PERSON", "ORG"):
        return None
    head = nxt
    while head.head.i != head.i and head.dep_ in ("compound", "flat") and head.head.pos_ == "PROPN":
        head = head.head
    return head


def _inverted_subject(doc, verb):
    """'“…,” added the Britain-based Observatory', '…, said the ministry, which …': a cue after a
    comma or a quotation, its speaker after it. The parser reads that speaker as an object; with a
    speech verb that is not one of telling (whose object is the listener), it is who speaks."""
    if verb.i == 0 or verb.lemma_.lower() in _LISTENER_VERBS or doc[verb.i - 1].text not in (",", "\u201d", '"', "\u2019"):
        return None
    if any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children):
        return None  # "…, adding that …": what follows is said, not who says it
    np = next((c for c in verb.children if c.i > verb.i and c.dep_ in ("dobj", "nsubj", "attr", "dep", "npadvmod")
               and c.pos_ in ("NOUN", "PROPN")), None)
    if np is None or any(t.is_sent_start for t in doc[verb.i + 1:np.i + 1]):
        return None
    after = doc[np.right_edge.i + 1] if np.right_edge.i + 1 < len(doc) else None
    return np if after is None or after.is_punct or after.is_space else None


# Verbs whose noun right after them is who was told, never who spoke ("X told Darfur Radio that …").
_LISTENER_VERBS = frozenset({"tell", "inform", "brief", "assure", "notify"})


def _on_line_of(subj, verb):
    """'KHARTOUM – April 17\nThe committee reported …': the parser may make a dateline on the line
    above the subject and hang the real subject on it; who speaks is on the verb's line."""
    doc = verb.doc
    lo, hi = sorted((subj.i, verb.i))
    breaks = [t.i for t in doc[lo:hi] if "\n" in t.text or "\n" in t.whitespace_]
    if not breaks or subj.i > verb.i:
        return subj
    line_start = breaks[-1] + 1
    below = [t for t in subj.subtree if line_start <= t.i < verb.i and t.head.i < line_start]
    return below[0] if below else subj


def _sentence_initial_subject(doc, verb):
    """'The 24-year-old added that …' parsed with no subject: a short run of words that opens the
    sentence and holds no verb is the subject."""
    lo = verb.sent.start
    words = doc[lo:verb.i]
    if not 0 < len(words) <= 7 or any(t.pos_ in ("VERB", "AUX") or (t.is_punct and t.text not in "-\u2010") for t in words):
        return None
    return lo, verb.i, verb.i - 1


def _left_subject(doc, verb):
    """'…, Andrii Savchuk, a spokesperson for the police, said': a cue at the end of a sentence whose
    subject the parser hung elsewhere (as an apposition of the last place named)."""
    j = verb.i - 1
    if j >= 0 and doc[j].text == ",":
        j -= 1
    while j > 0 and doc[j].pos_ == "ADV" and doc[j - 1].pos_ in ("NOUN", "PROPN"):
        j -= 1  # "aid workers there say"
    if j < 0 or doc[j].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    root = doc[j]
    for _ in range(4):  # "…, a nurse who works at the Kelto General Hospital, told": up the description
        while root.dep_ in ("pobj", "prep", "compound", "amod") and root.head.i < root.i:
            root = root.head
        if root.dep_ in ("relcl", "acl") and root.head.i < root.i:
            root = root.head
            continue
        break
    if root.pos_ == "NOUN" and root.dep_ == "appos" and root.head.pos_ == "PROPN" and root.head.i < root.i:
        root = root.head  # "X, a spokesperson for …,"
    if root.dep_ not in ("appos", "conj", "npadvmod", "dep", "nsubj") and root.pos_ != "PROPN":
        return None
    if root.dep_ in ("dobj", "pobj", "attr", "dative"):
        return None
    # a conjunct's subtree starts at its own words ("…, and aid workers there say")
    lo = min((t.i for t in root.subtree if t.i <= root.i and t.dep_ not in ("cc", "punct")), default=root.i) \
        if root.dep_ == "conj" else root.left_edge.i
    before = doc[lo - 1] if lo > 0 else None
    starts_clause = before is None or before.text in (",", "\u2014", "\u2013", "and", "but") or before.is_sent_end
    return root if starts_clause else None


def is_place_word(tok, vocab) -> bool:
    """A noun that names a place: tagged as one, a place noun ('the town'), or described as one by its
    apposition ('Zalingei, the capital of Central Darfur', 'El Obeid, North Kordofan')."""
    if tok.ent_type_ in ("GPE", "LOC", "FAC") or tok.lemma_.lower() in vocab.place_nouns:
        return True
    return any(c.dep_ == "appos" and (c.ent_type_ in ("GPE", "LOC") or c.lemma_.lower() in vocab.place_nouns)
               for c in tok.children)


def _np_span(head, without=None) -> tuple[int, int]:
    """The noun phrase of a subject with its modifiers and a restrictive relative clause ('volunteers
    who run the kitchens'), without an apposition or anything after a comma, and without the clause
    `without` (the reporting clause itself: 'early reports which put the toll at 40' are 'early reports')."""
    doc = head.doc
    lo, hi = head.left_edge.i, head.i + 1
    while lo < head.i and ("\n" in doc[lo].text or "\n" in doc[lo].whitespace_ or doc[lo].ent_type_ == "DATE"
                           or any("\n" in t.text or "\n" in t.whitespace_ for t in doc[lo + 1:head.i])):
        lo += 1  # a dateline or a date stamp before the subject is not part of it
    for c in head.children:
        if c.i < head.i or (without is not None and c.i == without.i):
            continue
        restrictive = c.dep_ in ("relcl", "acl") and doc[c.left_edge.i - 1].text != ","
        if c.dep_ in ("prep", "compound", "amod", "nmod", "nummod") or restrictive:
            hi = max(hi, c.right_edge.i + 1)
    for i in range(head.i + 1, hi):
        if doc[i].text in (",", ";", "(", "\u2014", "\u2013") or "\n" in doc[i].text:
            return lo, i
    return lo, hi


# ---- assembling ---------------------------------------------------------------------------------

def find_quotes(article: Article, doc, entities: list[Entity]) -> list[Quote]:
    """Direct, indirect and mixed quotes in the body of `article` (doc from `article.body_text()`)."""
    vocab = speech_vocab()
    text = doc.text
    segments = _segments(text)
    seg_starts = [s.start for s in segments]

    def inside_quotes(pos: int) -> bool:
        i = bisect.bisect_right(seg_starts, pos) - 1
        return i >= 0 and segments[i].start <= pos < segments[i].end

    cues = _without_channels(doc, _cues(doc, vocab, inside_quotes))
    _attach_by_content(cues, segments, text)
    _attach_by_position(doc, cues, segments, text)
    _inherit(segments, text)
    _resolve_speakers(article, doc, cues, entities, inside_quotes)
    return _quotes(article, cues, segments)


@lru_cache(maxsize=1)
def _wires() -> frozenset[str]:
    """News agencies by name: the wire tags of datelines and the agencies of credit lines
    (data/boilerplate.json, their one home)."""
    raw = json.loads(resources.files("sitrep.data").joinpath("boilerplate.json").read_text(encoding="utf-8"))
    return frozenset(n.lower() for n in [*raw["dateline"]["wire_tags"], *raw["credit_lines"]["agencies"]])


_AGENCY_WORDS = ("agency", "wire service", "news service")


def _is_wire(doc, subject: tuple[int, int, int]) -> bool:
    """'Reuters', 'the Xinhua news agency', 'the news agency': a wire, not someone who speaks."""
    words = doc[subject[0]:subject[1]].text.lower()
    words = words[4:] if words.startswith("the ") else words
    return words.endswith(_AGENCY_WORDS) or words in _wires()


def _without_channels(doc, cues: list[_Cue]) -> list[_Cue]:
    """'The governor said 40 were killed, Xinhua reported.', '…, reports Reuters.': a wire credit
    closing a sentence in which someone else speaks is the channel, not the speaker; the speaker
    keeps the words (and the credit is no part of them). A wire that reports on its own ('40 were
    killed, Reuters reported') stays the source."""
    out = []
    for c in cues:
        verb = doc[c.verb]
        credit = c.content is not None and c.subject is not None and c.kind == "clause" \
            and min(c.subject[0], c.verb) > 0 and doc[min(c.subject[0], c.verb) - 1].text == "," \
            and _is_wire(doc, c.subject)
        if not credit:
            out.append(c)
            continue
        speakers = [o for o in cues if o is not c and o.content is not None and o.subject is not None
                    and o.verb < c.verb and doc[o.verb].sent == verb.sent and not _is_wire(doc, o.subject)
                    and (c.content[0] <= o.content[0] < o.content[1] <= c.content[1]
                         or o.content[0] <= c.content[0] < c.content[1] <= o.content[1])]
        if not speakers:
            out.append(c)
            continue
        cut = doc[min(c.subject[0], c.verb) - 1].idx  # the comma before the credit
        for o in speakers:
            if o.content[0] < cut < o.content[1]:
                o.content = (o.content[0], o.content[0] + len(doc.text[o.content[0]:cut].rstrip(" ,")))
    return out


def _attach_by_content(cues: list[_Cue], segments: list[_Segment], text: str) -> None:
    """A reported clause that is a quotation makes a direct quote; one that contains quoted words
    beside its own makes a mixed quote."""
    starts = [s.start for s in segments]
    ends = [s.end for s in segments]  # segments do not overlap, so ends are sorted too
    for cue in cues:
        if cue.content is None:
            continue
        lo, hi = cue.content
        inner = segments[bisect.bisect_right(ends, lo):bisect.bisect_left(starts, hi)]
        if not inner:
            continue
        outside = "".join(text[a:b] for a, b in _gaps(lo, hi, [(s.open, s.close + 1) for s in inner]))
        if not any(ch.isalpha() for ch in outside):
            for s in inner:  # the clause is the quotation itself
                if s.cue is None:
                    s.cue = cue
            cue.content = None
        else:
            for s in inner:
                s.fragment = True
            cue.content = (min(lo, min(s.open for s in inner)), max(hi, max(s.close + 1 if s.closed else s.end for s in inner)))
            cue.segments = inner


def _gaps(lo: int, hi: int, holes: list[tuple[int, int]]):
    pos = lo
    for a, b in sorted(holes):
        if a > pos:
            yield pos, min(a, hi)
        pos = max(pos, b)
    if pos < hi:
        yield pos, hi


def _attach_by_position(doc, cues: list[_Cue], segments: list[_Segment], text: str) -> None:
    """'“…,” he said' and 'He said: “…”': a quotation takes the cue right after or before it."""
    by_verb = sorted(cues, key=lambda c: c.verb)
    verb_pos = [doc[c.verb].idx for c in by_verb]
    for k, seg in enumerate(segments):
        if seg.cue is not None or seg.fragment:
            continue
        nxt_open = segments[k + 1].open if k + 1 < len(segments) and segments[k + 1].para == seg.para else _para_end(text, seg.close)
        after = _first_cue_between(doc, by_verb, verb_pos, seg.close, nxt_open, text)
        if after is not None:
            seg.cue = after
            continue
        prev_close = segments[k - 1].close + 1 if k > 0 and segments[k - 1].para == seg.para else _para_start(text, seg.open)
        lead = text[prev_close:seg.open].rstrip()
        if lead.endswith((":", ",")) or (lead and lead.split()[-1].lower() in ("said", "says", "added", "told")):
            before = _last_cue_between(doc, by_verb, verb_pos, prev_close, seg.open)
            if before is not None:
                seg.cue = before


def _first_cue_between(doc, cues, verb_pos, lo: int, hi: int, text: str) -> _Cue | None:
    i = bisect.bisect_left(verb_pos, lo)
    if i < len(cues) and verb_pos[i] < hi and cues[i].content is None:
        between = _abbreviation().sub("", text[lo + 1:verb_pos[i]])
        if not re.search(r"[.!?]\s", between) and len(between.split()) <= CUE_REACH_TOKENS:
            return cues[i]
    return None


def _last_cue_between(doc, cues, verb_pos, lo: int, hi: int) -> _Cue | None:
    i = bisect.bisect_left(verb_pos, hi) - 1
    if i >= 0 and verb_pos[i] >= lo and len(doc.text[verb_pos[i]:hi].split()) <= CUE_REACH_TOKENS:
        return cues[i]
    return None


def _para_end(text: str, pos: int) -> int:
    e = text.find("\n", pos)
    return len(text) if e < 0 else e


def _para_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _inherit(segments: list[_Segment], text: str) -> None:
    """A quotation with no cue continues the quoted speaker beside it: the same paragraph first,
    then a paragraph left open, then a paragraph that is nothing but a quotation."""
    by_para: dict[int, list[_Segment]] = {}
    for s in segments:
        if s.cue is not None and not s.fragment:
            by_para.setdefault(s.para, []).append(s)
    prev = None  # the last quotation before this one
    for seg in segments:
        if seg.fragment:
            continue
        last, prev = prev, seg
        if seg.cue is not None:
            continue
        same = by_para.get(seg.para)
        if same:
            before = [s for s in same if s.open < seg.open]
            seg.heir_of = before[-1] if before else same[0]
            continue
        if last is None or last.para >= seg.para:
            continue
        prev_seg = last
        prev = seg
        owner = prev_seg if prev_seg.cue is not None else prev_seg.heir_of
        if owner is None:
            continue
        bare = not any(ch.isalpha() for ch in text[_para_start(text, seg.open):seg.open])
        if (not prev_seg.closed and prev_seg.para == seg.para - 1) or (bare and _only_quotes(text, seg)):
            seg.heir_of = owner


def _only_quotes(text: str, seg: _Segment) -> bool:
    rest = text[seg.close + 1:_para_end(text, seg.close)]
    return not any(ch.isalpha() for ch in rest)


# ---- speakers -----------------------------------------------------------------------------------

class _Speakers:
    """Resolves cue subjects to sources, in text order, keeping the discourse up to date."""

    def __init__(self, article: Article, doc, entities: list[Entity], inside_quotes):
        self.article, self.doc = article, doc
        self.vocab = role_vocab()
        self.discourse = Discourse()
        self.by_id = {e.id: e for e in entities}
        self.referents: dict[str, Referent] = {}
        self.unnamed: dict[str, Referent] = {}
        starts = []
        for e in entities:
            ref = self._entity_referent(e)
            for m in e.mentions:
                starts.append((m.start, m.end, e))
                if not inside_quotes(m.start):  # "“Ahmad is dead,” he said": he is not Ahmad
                    self.discourse.add(m.start, m.end, ref, subject=self._is_subject(m.start, m.end))
        starts.sort(key=lambda t: (t[0], -t[1]))
        self.mention_starts = [s for s, _, _ in starts]
        self.mentions = starts
        firsts = sorted((min(m.start for m in e.mentions), e.id, e) for e in entities if e.mentions and e.kind == "person")
        self.first_starts = [f for f, _, _ in firsts]
        self.first_entities = [e for _, _, e in firsts]
        self.last_group = None  # the group an elliptical speaker ("One said") was one of
        self.spoken: list[tuple[int, Referent]] = []  # (cue position, referent) of each resolved speaker
        self.documents: list[tuple[int, Source, str]] = []  # (position, source, head noun) of each document named

    def _entity_referent(self, e: Entity) -> Referent:
        words = [w for r in e.roles for w in r.split()]
        keys = [k for k in (role_key(r.split()) for r in e.roles) if k]
        ref = Referent(e.name, entity=e.id, person=e.kind == "person", plural=False, roles=keys,
                       gender=gender_of(words + [a.split()[0] for a in e.aliases if " " in a]))
        self.referents[e.id] = ref
        return ref

    def _is_subject(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")

    def entity_at(self, start: int, end: int) -> Entity | None:
        i = bisect.bisect_right(self.mention_starts, end - 1) - 1
        while i >= 0:
            s, e, ent = self.mentions[i]
            if s < end and e > start:
                return ent
            if start - s > 200:
                break
            i -= 1
        return None

    def note_subject(self, tok) -> None:
        """'The commander spoke on condition of anonymity': a definite description as a subject
        keeps an unnamed source salient for the pronouns that follow."""
        chunk = self.doc[tok.left_edge.i:tok.i + 1]
        desc = definite_description(chunk, self.vocab) if chunk[0].lower_ == "the" else None
        if desc is None or self.entity_at(tok.idx, tok.idx + len(tok)) is not None:
            return
        ref = self.discourse.described(desc[0], desc[1], tok.idx)
        if ref is not None:
            self.discourse.add(chunk.start_char, chunk.end_char, ref, subject=True)

    def source(self, cue: _Cue) -> Source | None:
        if cue.subject is None:
            return None
        lo, hi, h = cue.subject
        doc = self.doc
        head = doc[h]
        start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        if head.lower_ in PRONOUNS:
            ref = self._last_speaker(head) or self.discourse.antecedent(head.lower_, head.idx)
            if ref is None:
                return None
            self.discourse.add(head.idx, head.idx + len(head), ref, subject=True)
            self._record_pronoun(ref, head)
            return self._as_source(ref, cue)
        if head.pos_ in _NOT_WHO_POS or head.ent_type_ in ("DATE", "TIME") and "-" not in head.text \
                and (head.pos_ == "PROPN" or head.lower_ in _DAY_WORDS):
            # "Early Monday, the militia, …, claimed": the parser makes the day the subject and the speaker
            # its apposition; a day alone, or a stray word, is no one who spoke
            who = next((c for c in head.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN")
                        and c.ent_type_ not in ("DATE", "TIME")), None)
            if who is None or head.pos_ in _NOT_WHO_POS:
                return None
            return self.source(replace(cue, subject=(who.left_edge.i, who.right_edge.i + 1, who.i)))
        lemma = doc[cue.verb].lemma_.lower()
        counting = cue.kind == "count" and lemma not in speech_vocab().count_directive \
            or (cue.kind == "object" and lemma in speech_vocab().count_reports)  # "Israel ordered …" is the state
        if counting and (is_place_word(head, self.vocab) or names_a_place_part(doc, lo, hi)) \
                and self.entity_at(head.idx, head.idx + len(head)) is None:
            return None  # "Nyala recorded six deaths": where the count was made, not who made it
        if head.lemma_.lower() in self.vocab.document_nouns or head.lower_ in self.vocab.document_nouns:
            return self._document(lo, hi, head)
        others = [c for c in head.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN") and c.i < cue.verb]
        if others:  # "the Joint Forces and the Rapid Support Forces have both said …": each of them
            h_lo, h_hi = _np_span(head)
            if all(h_lo <= t.i < h_hi for t in others) and self.entity_at(head.idx, head.idx + len(head)) is None:
                # "the agency and NGOs operating in the north estimate …": a modifier after the last
                # of them makes one phrase that names them all
                return Source("unnamed", None, _strip_det(_as_written(doc[h_lo:h_hi])))
            return Source("unnamed", None, " and ".join(self._name_of(t) for t in [head, *others]))
        ent = self._titled_person(lo, hi) or self.entity_at(head.idx, head.idx + len(head)) \
            or self._apposed_entity(head) or self._named_before(lo, head)
        if ent is not None:
            ref = self.referents[ent.id]
            self.discourse.add(start, end, ref, subject=True)
            self._note_placed_name(ent, lo, hi, head)
            return self._as_source(ref, cue)
        if not (self.vocab.can_speak(head.text) and self.vocab.can_speak(head.lemma_)):
            return None  # "the attack claimed the lives of 20 people": not a source
        return self._unnamed(doc[lo:hi], head, cue)

    def _note_placed_name(self, ent: Entity, lo: int, hi: int, head) -> None:
        """'according to the MoH in Gaza': an institution named with the place it sits in is known by
        that name too (the health ministry in Gaza is not the one in Ramallah)."""
        doc = self.doc
        if ent.kind == "person" or hi - lo > 8:
            return
        if not (hi - 2 > head.i and doc[hi - 2].lower_ == "in" and doc[hi - 2].head.i == head.i):
            # "…, according to the MoH in Gaza.": the parser may hang the place on the cue instead
            closes = hi + 2 == len(doc) or doc[hi + 2].is_punct if hi + 2 <= len(doc) else False
            if not (closes and doc[hi].lower_ == "in"):
                return
            hi += 2
        if doc[hi - 1].ent_type_ not in ("GPE", "LOC"):
            return
        called = _strip_det(_as_written(doc[lo:hi]))
        if called != ent.name and called not in ent.aliases:
            ent.aliases.append(called)

    def _titled_person(self, lo: int, hi: int) -> Entity | None:
        """'The Observatory for Civilian Casualties head Omar Haddad told Reuters': a subject that
        ends in a role and a person's name is that person, whatever the parser made its head."""
        doc = self.doc
        last = doc[hi - 1]
        ent = self.entity_at(last.idx, last.idx + len(last))
        if ent is None or ent.kind != "person":
            return None
        first = next((m.start for m in ent.mentions if m.start <= last.idx < m.end), None)
        span = doc.char_span(first, first + 1, alignment_mode="expand") if first is not None else None
        if span is None or span.start <= lo or not self.vocab.is_role(doc[span.start - 1].text):
            return None
        return ent

    def _name_of(self, tok) -> str:
        """A coordinated speaker as named: its entity's name, else its words."""
        ent = self.entity_at(tok.idx, tok.idx + len(tok))
        if ent is not None:
            return ent.name
        lo, hi = _np_span(tok)
        return _strip_det(_as_written(self.doc[lo:hi]))

    def _apposed_entity(self, head) -> Entity | None:
        """'A spokesman for the army, Lt. Col. X, said': the speaker is the apposed name."""
        for c in head.subtree:  # the parser may hang the name on 'agency' in 'a spokeswoman for the agency, X'
            if c.dep_ == "appos" and c.i > head.i:
                ent = self.entity_at(c.idx, c.idx + len(c))
                if ent is not None and ent.kind == "person":
                    return ent
        return None

    def _last_speaker(self, pronoun) -> Referent | None:
        """'…, the armed forces said in a statement. Two more were killed, it said.': a pronoun that
        reports is the last one who reported, within SPEAKER_REACH_CHARS, when it can be them ('it'
        for an institution even when its name is plural)."""
        word = pronoun.lower_
        singular = None  # 'they' for one institution, kept in case no plural speaker came before
        for at, ref in reversed(self.spoken):
            if at >= pronoun.idx:
                continue
            if pronoun.idx - at > SPEAKER_REACH_CHARS:
                break
            institution = not ref.person and (not ref.plural or ref.entity is not None or (
                ref.description.split()[-1].lower() not in self.vocab.plural_sources))
            if word == "they" and not ref.plural and ref.agrees_with(word):
                # '…, health officials said, where thousands fled after Israel warned them. The toll
                # exceeds 6,500, they said.': a plural speaker within reach is 'they' before a state
                singular = singular or ref
                continue
            if ref.agrees_with(word) or (word == "it" and institution):
                return ref
            if word in ("he", "she") and ref.person:
                return None  # another person spoke last: leave it to the discourse
        return singular

    def _as_source(self, ref: Referent, cue: _Cue) -> Source:
        self.spoken.append((self.doc[cue.verb].idx, ref))
        if ref.entity is not None:
            ent = self.by_id[ref.entity]
            if cue.statement and ent.kind != "person":
                return Source("document", ent.id, f"{ent.name} (statement)")
            return Source("entity", ent.id, ent.name)
        if cue.statement and not ref.person:  # "the military said in a statement"
            return Source("document", None, f"{_strip_det(ref.description)} (statement)")
        return Source("unnamed", None, ref.description)

    def _document(self, lo: int, hi: int, head) -> Source:
        source = self._which_document(lo, hi, head)
        self.documents.append((self.doc[lo].idx, source, head.lemma_.lower()))
        return source

    def _which_document(self, lo: int, hi: int, head) -> Source:
        doc = self.doc
        if doc[lo].lower_ in ("the", "this", "that") and hi - lo <= 3:
            # "An unclassified intelligence report said … ‘…,’ the report said": the report named before
            same = next((s for _, s, h in reversed(self.documents) if h == head.lemma_.lower()), None)
            if same is not None:
                return same
        for t in doc[lo:hi]:
            ent = self.entity_at(t.idx, t.idx + len(t))
            if ent is not None and ent.kind != "person":
                return Source("document", ent.id, f"{ent.name} ({head.lemma_.lower()})")
        nxt = doc[hi] if hi < len(doc) else None
        if nxt is not None and nxt.lower_ in ("from", "by", "of") and hi - lo <= 2:
            owner = next((c for c in nxt.children if c.dep_ == "pobj"), None)
            if owner is not None:  # "according to tolls from officials": the officials' tolls
                o_lo, o_hi = _np_span(owner)
                return Source("document", None, f"{_as_written(doc[o_lo:o_hi])} ({head.lemma_.lower()})")
        if doc[lo].lower_ in ("the", "these", "this", "those", "that") and hi - lo <= 3:
            # "according to these reports", "the statement said": the document of whoever spoke last
            ref = self.discourse.latest(doc[lo].idx)
            if ref is not None:
                name = self.by_id[ref.entity].name if ref.entity else _strip_det(ref.description)
                return Source("document", ref.entity, f"{name} ({head.lemma_.lower()})")
        return Source("document", None, _as_written(doc[lo:hi]))

    def _unnamed(self, span, head, cue: _Cue) -> Source:
        if head.lower_ in self.vocab.elliptical and not any(c.pos_ == "NOUN" for c in head.children):
            return self._elliptical(span, head, cue)
        if span[0].lower_ == "the" and _AGE_NOUN.search(span.text):
            # "the 24-year-old added …": the person just named, whichever pronoun fits
            ref = self.discourse.antecedent("he", span.start_char) or self.discourse.antecedent("she", span.start_char)
            if ref is not None:
                self.discourse.add(span.start_char, span.end_char, ref, subject=True)
                return self._as_source(ref, cue)
        desc = definite_description(span, self.vocab) if span[0].lower_ == "the" else None
        if desc is not None:
            ref = self.discourse.described(desc[0], desc[1], span.start_char)
            if ref is not None:
                self.discourse.add(span.start_char, span.end_char, ref, subject=True)
                return self._as_source(ref, cue)
        earlier = self._named_earlier(span, head) if self._organisation(span, head) is None else None
        if earlier is not None:
            self.discourse.add(span.start_char, span.end_char, earlier, subject=True)
            return self._as_source(earlier, cue)
        org = self._organisation(span, head)
        if org is not None:
            ref = self.referents[org.id]
            self.discourse.add(span.start_char, span.end_char, ref, subject=True)
            called = _strip_det(_as_written(span))
            if len(called.split()) <= 4 and called != org.name and called not in org.aliases \
                    and any(t.pos_ == "PROPN" or t.ent_type_ for t in span if t.i != head.i):
                org.aliases.append(called)  # "the U.S. military" is what this article calls it
            mention = Span(self.article.id, span.start_char, span.end_char)
            if mention not in org.mentions:
                org.mentions.append(mention)
            return self._as_source(ref, cue)
        known = _KNOWN_AS.match(self.doc.text[span.end_char:span.end_char + 120])
        if known:  # "volunteers who run the kitchens, known as emergency response rooms, said"
            span = self.doc.char_span(span.start_char, span.end_char + known.end(1), alignment_mode="expand") or span
        words = [t.text for t in span]
        plural = head.tag_ in ("NNS", "NNPS") or head.lower_ in self.vocab.plural_sources
        verb = self.doc[cue.verb]
        earlier = any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)
        # "… a week after a rebel commander had said …": a past perfect tells an earlier statement,
        # not the one the person named next goes on to make
        named = None if plural or earlier else self._named_next(span, head)
        if named is not None:
            return named
        key = role_key(words, head.text)
        ref = Referent(_as_written(span), person=not plural and key is not None, plural=plural,
                       roles=[key] if key else [], gender=gender_of(words))
        self.discourse.add(span.start_char, span.end_char, ref, subject=True)
        return self._as_source(ref, cue)

    def _organisation(self, span, head) -> Entity | None:
        """'the monitor', 'the union', 'a monitoring group': an organisation the article names. One
        whose name holds the word ('the union' → 'Sudanese Doctors Union'); else, for a definite
        description, the one of a fitting kind named most recently before it, and for an indefinite
        one ('a monitor said' in a lede), the first named after it within CATAPHORA_WINDOW_CHARS."""
        kinds = self.vocab.organisation_nouns.get(head.lemma_.lower()) or self.vocab.organisation_nouns.get(head.lower_)
        if not kinds:
            return None
        mentioned = sorted((m.start, e.id, e) for e in self.by_id.values() if e.kind in kinds for m in e.mentions)
        if not mentioned:
            return None
        word = stem(head.lemma_)
        named = [(at, e) for at, _, e in mentioned if word in {stem(w) for n in [e.name, *e.aliases] for w in n.split()}]
        pos = span.start_char
        definite = span[0].lower_ in ("the", "this", "that", "these", "those") or span[0].tag_ == "PRP$"
        if named:
            before = [t for t in named if t[0] < pos]
            return (before[-1] if before else named[0])[1]
        if head.lemma_.lower() not in self.vocab.generic_organisations and head.lower_ not in self.vocab.generic_organisations:
            return None  # "the union" is no other kind of organisation
        if definite:
            # "the monitor", but not "the U.S. military" for another country's forces
            mods = {stem(t.text) for t in span if t.i != head.i and t.pos_ in ("PROPN", "NOUN", "ADJ")}
            before = [e for at, _, e in mentioned if at < pos
                      and mods <= {stem(w) for n in [e.name, *e.aliases] for w in n.split()}]
            return before[-1] if before else None
        after = [(at, e) for at, _, e in mentioned if pos < at <= span.end_char + CATAPHORA_WINDOW_CHARS]
        return after[0][1] if after else None

    def _named_earlier(self, span, head) -> Referent | None:
        """'The Darfur Medical Network said … The network recorded …': an organisation the model did not
        tag, named in full earlier in the article, and now by a word of its name."""
        if span[0].lower_ not in ("the", "this", "that") or head.lemma_.lower() not in self.vocab.organisation_nouns:
            return None
        return self.discourse.named_with(stem(head.lemma_), span.start_char)

    def _named_before(self, lo: int, head) -> Entity | None:
        """'…, Col. X, a spokesman for the command, said': the parser made the role the subject and
        hung the name elsewhere; the name right before the role's comma is who speaks."""
        doc = self.doc
        if lo < 2 or doc[lo - 1].text != "," or not self.vocab.is_role(head.text):
            return None
        prev = doc[lo - 2]
        ent = self.entity_at(prev.idx, prev.idx + len(prev))
        return ent if ent is not None and ent.kind == "person" else None

    def _named_next(self, span, head) -> Source | None:
        """'…, a doctor at one of the hospitals said.' then 'Samira Osman Bakheit, a doctor in the
        emergency ward, said …': a lede's unnamed source named in the next lines is that person."""
        if span[0].lower_ not in ("a", "an", "one"):
            return None
        vocab = self.vocab
        role = vocab.norm_role(head.text)
        i = bisect.bisect_right(self.first_starts, span.end_char)
        if i >= len(self.first_starts) or self.first_starts[i] - span.end_char > CATAPHORA_WINDOW_CHARS:
            return None
        ent = self.first_entities[i]
        ref = self.referents[ent.id]
        if not ref.roles or not (ref.admits(role, []) or role in vocab.generic_sources):
            return None
        if not self._same_body(span, head, self.first_starts[i]):
            return None
        self.discourse.add(span.start_char, span.end_char, ref, subject=True)
        mention = Span(self.article.id, span.start_char, span.end_char)
        if mention not in ent.mentions:
            ent.mentions.append(mention)
        return Source("entity", ent.id, ent.name)

    def _same_body(self, span, head, named_at: int) -> bool:
        """'An UN official, speaking to a news agency, confirmed …' is not the spokesman of another body
        named next: a body the unnamed source is said to belong to ('UN', 'Hamas') must be named in the
        sentence that names the person."""
        bodies = {t.lower_ for t in span if t.i != head.i and t.pos_ == "PROPN"}
        if not bodies:
            return True
        short = re.match(r"\s*\(([A-Z][\w.-]{1,9})\)", self.doc.text[span.end_char:span.end_char + 14])
        if short:  # "… at the Office for Coordination of Humanitarian Affairs (OCHA)"
            bodies.add(short.group(1).lower())
        named = self.doc.char_span(named_at, named_at + 1, alignment_mode="expand")
        sent = named.sent if named is not None else None
        return sent is None or bool(bodies & {t.lower_ for t in sent})

    def _elliptical(self, span, head, cue: _Cue) -> Source:
        """'Two residents gave different accounts. One said …; the other said …'."""
        doc = self.doc
        group = None
        for t in reversed(doc[max(0, head.i - ELLIPSIS_REACH_TOKENS):head.left_edge.i]):
            if t.dep_ == "nsubj" and t.lower_ in self.vocab.plural_sources:
                group = t
                break
        if group is None:
            return self._new_unnamed(span, head, cue)
        if self.last_group is not None and head.i - self.last_group[1] <= ELLIPSIS_REACH_TOKENS:
            group = self.last_group[0]  # "One said …. The other said …": the same two
        self.last_group = (group, head.i)
        lo, hi = _np_span(group)
        first = "one" if head.lower_ == "one" else "another"
        description = f"{first} of {_as_written(doc[lo:hi])}"
        ref = Referent(description, person=True, plural=False)
        self.discourse.add(span.start_char, span.end_char, ref, subject=True)
        return self._as_source(ref, cue)

    def _new_unnamed(self, span, head, cue: _Cue) -> Source:
        ref = Referent(_as_written(span), person=head.tag_ not in ("NNS", "NNPS"), plural=head.tag_ in ("NNS", "NNPS"))
        self.discourse.add(span.start_char, span.end_char, ref, subject=True)
        return self._as_source(ref, cue)

    def _record_pronoun(self, ref: Referent, tok) -> None:
        if ref.entity is None:
            return
        ent = self.by_id[ref.entity]
        span = Span(self.article.id, tok.idx, tok.idx + len(tok))
        if span not in ent.mentions:
            ent.mentions.append(span)


_KNOWN_AS = re.compile(r"^,\s+(?:also\s+)?(?:known|called)\s+as\s+([^,;.]{3,60})(?=,)")


def _strip_det(text: str) -> str:
    first, _, rest = text.partition(" ")
    return rest if first.lower() in ("a", "an", "the") and rest else text


def _as_written(span) -> str:
    """The words that describe an unnamed source, with a sentence-initial determiner in lower case."""
    text = span.text.strip()
    first, _, rest = text.partition(" ")
    if first.lower() in ("a", "an", "the", "one", "some", "several", "two", "three") and rest:
        text = first.lower() + " " + rest
    return " ".join(text.split())


def _resolve_speakers(article: Article, doc, cues: list[_Cue], entities: list[Entity], inside_quotes) -> None:
    speakers = _Speakers(article, doc, entities, inside_quotes)
    events = [(c.subject[2] if c.subject else c.verb, 1, c) for c in cues]
    events += [(t.i, 0, t) for t in doc if t.dep_ == "nsubj" and t.pos_ == "NOUN" and t.tag_ == "NN"]
    for _, kind, item in sorted(events, key=lambda e: (e[0], e[1])):
        if kind == 0:
            speakers.note_subject(item)
        else:
            item.source = speakers.source(item)


# ---- output -------------------------------------------------------------------------------------

def _quotes(article: Article, cues: list[_Cue], segments: list[_Segment]) -> list[Quote]:
    out: dict[tuple[int, int], Quote] = {}
    for seg in segments:
        if seg.fragment:
            continue
        owner = seg
        while owner.cue is None and owner.heir_of is not None and owner.heir_of is not owner:
            owner = owner.heir_of
        cue = owner.cue
        if cue is None or cue.source is None:
            continue
        _put(out, article, "direct", seg.start, seg.end, cue)
    reported = [c.content for c in cues if c.content is not None and c.source is not None and c.kind != "count"]
    for cue in cues:
        if cue.content is None or cue.source is None:
            continue
        if cue.kind == "count" and any(a <= cue.content[0] and cue.content[1] <= b for a, b in reported):
            continue  # "Solheim said her agency had recorded three cases": she is who gives the figure
        kind = "mixed" if cue.segments else "indirect"
        _put(out, article, kind, cue.content[0], cue.content[1], cue)
    return [out[k] for k in sorted(out)]


def _put(out: dict, article: Article, kind: str, start: int, end: int, cue: _Cue) -> None:
    text = article.text[start:end]
    if (start, end) in out or not any(ch.isalpha() for ch in text):
        return
    out[(start, end)] = Quote(
        id=stable_id("q", article.id, start, end),
        article=article.id,
        kind=kind,
        text=text,
        speaker=cue.source,
        start=start,
        end=end,
        cue=cue.text,
    )
