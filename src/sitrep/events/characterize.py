"""Characterization claims: the label a source puts on an act ("deserted" vs "a tactical retreat").

Labels and the acts they describe are data (`data/characterizations.json`). A label counts only in
an attributed sentence (someone characterises; the article's own voice reports) that also carries
one of the act's cues. Within one article, every label of the same act describes the same act, so
they share one subject: the first named agent and the act ("deputy police chief departure").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Claim, stable_id
from ..nlp.hedges import is_denied
from .context import ArticleContext, Clause

__all__ = ["characterization_claims", "Act", "load_acts"]

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
_DROP = frozenset({"the", "a", "an", "his", "her", "their", "its", "this", "that", "these", "those", "'s", "’s",
                   "some", "many", "several", "all", "most", "other"})


@dataclass(frozen=True)
class Act:
    name: str
    cues: frozenset[str]
    labels: tuple[tuple[str, tuple[str, ...]], ...]  # (label, lemma sequence), longest first
    weak: frozenset[str]
    agents: frozenset[str] = frozenset()  # who can perform it ("troops"); empty: anyone
    about_place: bool = False  # known by its place ("the takeover of Aleppo")

    @property
    def first_words(self) -> frozenset[str]:
        return frozenset(seq[0] for _label, seq in self.labels)


@lru_cache(maxsize=1)
def load_acts() -> tuple[Act, ...]:
    d = json.loads((DATA_DIR / "characterizations.json").read_text(encoding="utf-8"))
    acts = []
    for name, a in d["acts"].items():
        labels = [(label, tuple(w.lower().split())) for label, words in a["labels"].items() for w in words]
        labels.sort(key=lambda x: (-len(x[1]), x[0], x[1]))
        acts.append(Act(name, frozenset(a["cues"]), tuple(labels), frozenset(a.get("weak", [])),
                        frozenset(a.get("agents", [])), bool(a.get("about_place"))))
    return tuple(acts)


@dataclass(frozen=True)
class _Hit:
    act: Act
    label: str
    start: int
    end: int
    head: object  # token
    sent: object


def characterization_claims(ctx: ArticleContext) -> list[Claim]:
    hits = []
    for sent in ctx.sents:
        if sent.text.strip() and ctx.article.in_body(sent.start_char, sent.start_char + 1):
            hits += _hits(sent)
    subjects: dict[str, str] = {}
    out: dict[str, Claim] = {}
    for h in hits:
        source, quote = ctx.speaker(h.start, h.end, h.sent, whole_sentence=True)
        if source.kind == "article":
            continue
        agent = _agent(h.head, h.act)
        if not _performed_by(h, agent):
            continue  # "families fled the fighting" is no desertion
        if is_denied(h.head) or _negated(h.head):
            continue  # "denied that its fighters had aimed at civilians": not a label they give
        place = _place(ctx, h)
        if h.act.about_place:
            where = ctx.where(h.start, Clause(h.sent.start_char, h.sent.end_char), h.sent)
            named = where.mention
            if named is None or not (h.sent.start_char <= named.start < h.sent.end_char) or named.place.kind == "country":
                continue  # a takeover of no place named is rhetoric, not a claim about one
            place = named.place.id
            subject = f"{named.place.name} {h.act.name}"
        else:
            if h.act.name not in subjects and agent:
                subjects[h.act.name] = f"{agent} {h.act.name}"
            subject = subjects.get(h.act.name, h.act.name)
        claim = Claim(
            id=stable_id("c", ctx.article.id, "characterization", h.start, h.end),
            article=ctx.article.id, kind="characterization", subject=subject, source=source,
            start=h.start, end=h.end, value=h.label, quote=quote, place=place,
            attrs={"act": h.act.name, "words": ctx.text[h.start:h.end], "agent": agent},
        )
        out.setdefault(claim.id, claim)
    claims = list(out.values())
    for c in claims:  # the subject may have been named only after the first label was read
        if not next(a for a in load_acts() if a.name == c.attrs["act"]).about_place:
            c.subject = subjects.get(c.attrs["act"], c.subject)
    return _one_per_label(sorted(claims, key=lambda c: (c.start, c.end, c.id)))


def _negated(tok) -> bool:
    """'did not flee', 'was not a massacre': the label's own clause says no."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return any(c.dep_ == "neg" for c in verb.children) or any(c.dep_ == "neg" for c in tok.children)


def _performed_by(h: _Hit, agent: str | None) -> bool:
    """An act that only some can perform (a desertion: troops): the label counts when its agent is
    one of them, or, with no agent named, when the label says it on its own (not a weak word)."""
    if not h.act.agents:
        return True
    if agent is None:  # only a word that says it on its own ("deserted", "a tactical retreat"), not "fled"
        return not (h.end - h.start == len(h.head.text) and h.head.lemma_.lower() in h.act.weak)
    return any(w in h.act.agents or w.rstrip("s") in h.act.agents for w in agent.split())


def _place(ctx: ArticleContext, h: _Hit) -> str | None:
    """Where the characterised act happened: the article's main city (labels argue over its central
    happening; a place in the sentence is as often where the speaker sits), else the sentence's place."""
    if ctx.main_city is not None:
        return ctx.main_city.place.id
    return ctx.where(h.start, Clause(h.sent.start_char, h.sent.end_char), h.sent).place


def _hits(sent) -> list[_Hit]:
    toks = list(sent)
    lemmas = [t.lemma_.lower() for t in toks]
    lowers = [t.lower_ for t in toks]
    present = set(lemmas) | set(lowers)
    at: dict[str, list[int]] = {}  # word -> positions, so a label is tried only where its first word is
    for i, (lem, low) in enumerate(zip(lemmas, lowers)):
        at.setdefault(lem, []).append(i)
        if low != lem:
            at.setdefault(low, []).append(i)
    out = []
    for act in load_acts():
        if not present & act.first_words:
            continue
        found, used = [], set()
        for label, seq in act.labels:
            n = len(seq)
            for i in sorted(set(at.get(seq[0], ()))):
                if i > len(toks) - n:
                    break
                if any(i + k in used for k in range(n)):
                    continue
                if all(seq[k] in (lemmas[i + k], lowers[i + k]) for k in range(n)):
                    used.update(range(i, i + n))
                    found.append((label, seq, toks[i], toks[i + n - 1]))
        if not found:
            continue
        # a weak label characterises only as a verb or adjective: "was planned", not "has a plan"
        found = [f for f in found if not (len(f[1]) == 1 and f[1][0] in act.weak and f[2].pos_ not in ("VERB", "ADJ"))]
        # a one-word label naming another noun ("the occupation army") characterises nothing
        found = [f for f in found if not (len(f[1]) == 1 and f[2].dep_ in ("compound", "amod")
                                          and f[2].head.pos_ in ("NOUN", "PROPN") and f[2].head.lemma_.lower() not in act.cues)]
        if not found:
            continue
        strong = [f for f in found if not (len(f[1]) == 1 and f[1][0] in act.weak)]
        if not (strong or present & (act.cues - act.weak)):
            continue
        for label, _seq, first, last in found:
            out.append(_Hit(act, label, first.idx, last.idx + len(last), last if len(_seq) > 1 else first, sent))
    return out


def _agent(tok, act: Act) -> str | None:
    """Who performed the characterised act, as plain words ("deputy police chief"), if named:
    the label verb's subject, the noun a participle follows ("the chief deserting his post"), or
    the possessor of the act's own noun ("the commander's departure was planned")."""
    cand = None
    if tok.pos_ == "NOUN":  # "the flight of its own army", "the army's flight", "the Russian occupation"
        cand = next((c for c in tok.children if c.dep_ == "poss"), None) or next(
            (g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "by") for g in c.children
             if g.dep_ == "pobj"), None) or next(
            (c for c in tok.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE", "ORG")), None)
    if tok.pos_ == "VERB":
        # the passive subject of a takeover is the place taken ('3,000 square miles were liberated'):
        # its taker is the 'by' agent; a passive mover still departs ('troops were pulled back')
        subjects = ("nsubj",) if act.about_place else ("nsubj", "nsubjpass")
        cand = next((c for c in tok.children if c.dep_ in subjects), None) or next(
            (g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if act.about_place and tok.tag_ == "VBN" and tok.dep_ in ("acl", "relcl"):
            return _words_of(cand) if cand is not None and cand.pos_ != "PRON" else None  # 'the town liberated by X'
        if cand is None and tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN"):
            cand = tok.head
        if cand is None and tok.tag_ == "VBG" and tok.i > 0 and tok.doc[tok.i - 1].pos_ in ("NOUN", "PROPN"):
            cand = tok.doc[tok.i - 1]
    if cand is not None and cand.lemma_.lower() in act.cues:
        cand = next((c for c in cand.children if c.dep_ == "poss"), None)
    if cand is None or cand.pos_ == "PRON":
        return None
    return _words_of(cand)


def _words_of(cand) -> str | None:
    words = [t for t in cand.subtree if t.i <= cand.i and t.lower_ not in _DROP and t.dep_ not in ("punct", "case")]
    text = " ".join(t.lower_ for t in words).strip()
    return text or None


def _one_per_label(claims: list[Claim]) -> list[Claim]:
    """One claim per speaker, label and sentence-level span: "planned ... a tactical retreat" is one label."""
    seen, out = set(), []
    for c in claims:
        key = (c.source.kind, c.source.entity, c.source.description, c.value, c.quote, c.subject)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out
