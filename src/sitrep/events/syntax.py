"""How a clause is read: verbs and nouns, subjects and objects, the clause's bounds, and whether
it reports something that happened (not negated, conditional, wanted or planned).

spaCy's small English model mis-tags some words ("airstrikes" as a verb, "fighting" as a verb in
subject position); the helpers here absorb that so the detectors can ask plain questions.
"""

from __future__ import annotations

from .context import Clause

__all__ = ["SUBJ", "OBJ", "is_verb", "is_nominal", "subject", "objects", "passive_subjects", "hypothetical",
           "governing_verb", "clause_of", "other_clause", "within", "mention_span", "lemma"]


SUBJ = ("nsubj", "csubj")
OBJ = ("dobj", "obj", "attr")
_NOMINAL_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "compound", "appos", "attr")


def is_verb(tok) -> bool:
    if tok.pos_ == "VERB" and tok.dep_ in _NOMINAL_DEPS and tok.tag_ in ("VBZ", "VBG", "NNS", "NN"):
        return False  # the tagger's "airstrikes" (VBZ) or "fighting" (VBG) as a subject is a noun
    if tok.tag_ == "VBG" and tok.dep_ == "csubj" and not any(c.dep_ in ("nsubj", "dobj", "aux") for c in tok.children):
        return False  # "Fighting north of the city has closed the road": a gerund subject with no subject of its own
    return tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT")


def is_nominal(tok) -> bool:
    return tok.pos_ == "NOUN" or (tok.pos_ in ("VERB", "PROPN") and not is_verb(tok)
                                  and (tok.dep_ in _NOMINAL_DEPS or tok.dep_ == "csubj"))


def subject(tok):
    """The subject of a verb, climbing through conjunctions, participles and control verbs."""
    seen = 0
    while tok is not None and seen < 4:
        subj = next((c for c in tok.children if c.dep_ in SUBJ), None)
        if subj is not None:
            return subj
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
            return tok.head
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":  # "soldiers were accused of executing ..."
            tok = tok.head.head
            passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if passive is not None:
                return passive
            seen += 1
            continue
        if tok.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp") and tok.head is not tok:
            tok = tok.head
            seen += 1
            continue
        return None
    return None


def objects(tok) -> list:
    """Objects of a verb: its direct objects, and the objects of its prepositions and particles."""
    out = [c for c in tok.children if c.dep_ in OBJ]
    for c in tok.children:
        if c.dep_ in ("prep", "prt", "agent") or (c.dep_ == "dobj" and c.lemma_ == "way"):
            out += [g for g in c.children if g.dep_ in ("pobj", "dobj", "prep")]
            out += [g for p in c.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
    return out


def passive_subjects(tok) -> list:
    return [c for c in tok.children if c.dep_ == "nsubjpass"]


_MODALS = frozenset({"will", "would", "might", "may", "could", "should", "can", "must", "shall", "'ll"})
_INTENT = frozenset({"expect", "hope", "want", "try", "plan", "aim", "seek", "threaten", "vow", "pledge",
                     "prohibit", "prepare", "intend", "able", "capable", "wait", "need", "refuse", "fail", "avoid",
                     # nouns of intent: "denied any intention of capturing X", "in a bid to take X"
                     "intention", "intent", "attempt", "bid", "ambition", "desire", "goal"})


# Words before a happening that is yet to come ("ahead of an offensive", "in the run-up to the assault").
_AHEAD = frozenset({"ahead", "preparation", "preparations", "anticipation", "readiness"})


def _ahead(h) -> bool:
    """A word that puts what follows it in the future: "ahead of", "in preparation for", and "the run-up
    to", which the parser splits as run - up with "up" the head."""
    return h.lower_ in _AHEAD or (h.lower_ == "up" and h.i >= 2 and h.doc[h.i - 2].lower_ == "run")


def hypothetical(tok) -> bool:
    """Not a report that something happened: negated, conditional, modal, wanted or planned; or
    what someone habitually does ("an alliance that fights alongside the army")."""
    if tok.dep_ in ("relcl", "acl") and tok.tag_ in ("VBZ", "VBP") and not any(
            c.dep_ in ("aux", "auxpass") for c in tok.children):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "for", "to") and _ahead(tok.head.head):
        return True  # "regrouping ahead of an offensive", "in preparation for an assault": yet to come
    t, hops = tok, 0
    while hops < 4:
        kids = list(t.children)
        if any(c.dep_ == "neg" for c in kids):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in kids):
            return True
        if any(c.dep_ == "aux" and (c.lower_ in _MODALS or c.tag_ == "TO") for c in kids) and t.pos_ == "VERB" \
                and not _perfect_infinitive(t, kids):
            return True
        # (the model lemmatises "hopes" as "hop": the -s form is read off the word itself)
        if t is not tok and (t.lemma_.lower() in _INTENT or t.tag_ == "VBZ" and t.lower_[:-1] in _INTENT):
            return True
        if t.head is t or t.dep_ not in ("xcomp", "pcomp", "acomp", "prep", "conj", "advcl", "ccomp", "relcl"):
            break
        if t.dep_ in ("advcl", "ccomp", "relcl") and t.pos_ == "VERB":
            break  # a clause of its own: its governor's mood does not carry over
        t, hops = t.head, hops + 1
    return False


def _perfect_infinitive(t, kids) -> bool:
    """'are said to have taken the town', 'is believed to have died': a perfect infinitive under a
    passive verb of hearsay tells a thing done, as the report heard it, not one planned. (A side that
    'claims to have retaken' a place makes a claim of its own: that stays with the claims.)"""
    return t.tag_ == "VBN" and t.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in t.head.children) \
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in kids) \
        and any(c.dep_ == "aux" and c.lower_ == "have" for c in kids) and not any(c.lower_ in _MODALS for c in kids)


def governing_verb(tok):
    t, hops = tok, 0
    while t.head is not t and hops < 6:
        t = t.head
        hops += 1
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


_NESTED = ("relcl", "advcl", "ccomp", "acl", "parataxis")


def clause_of(tok, verb, sent, happenings: frozenset[int] = frozenset()) -> Clause:
    """The clause around a trigger: its verb's words, without relative or adverbial clauses that do
    not hold the trigger ("..., which began as forces withdrew in May" is another clause's date).
    With `happenings` (the token indices of the sentence's triggers), also without the participles
    they head that tell a happening apart ("the militia, one of the groups fighting in X", "took Y
    days after capturing X"): the trigger's own words, which say whether a place is its own. (Where
    it happened is read wider: "detained them after storming X" may well have been at X.)"""
    root = verb if verb is not None else tok
    lo = max(root.left_edge.idx, sent.start_char)
    hi = min(root.right_edge.idx + len(root.right_edge), sent.end_char)
    skip = tuple(
        (t.left_edge.idx, t.right_edge.idx + len(t.right_edge))
        for t in sent if (other_clause(t) and not within(tok, t) and not within(t, tok))
        or (t.i in happenings and not within(tok, t) and _told_apart(t))
    )
    # a happening in a clause of its own inside a relative clause ("an offensive, which began as
    # forces were withdrawing in May") is bounded by that relative clause
    chain = [root, *root.ancestors]
    rel = next((a for a in chain[1:] if a.dep_ == "relcl"), None) if other_clause(root) else None
    if rel is not None and any(c.dep_ == "advmod" and c.lower_ in ("where", "when") for c in rel.children):
        rel = None  # "..., where the army said it pushed back an assault": placed and dated by what it follows
    outer = (rel.left_edge.idx, rel.right_edge.idx + len(rel.right_edge)) if rel is not None else None
    return Clause(lo, hi, skip, outer)


def _told_apart(t) -> bool:
    """A participle that tells a happening of its own: one describing a noun ("groups battling
    over X") or one told as what came before ("days after capturing X")."""
    if t.tag_ not in ("VBG", "VBN"):
        return False
    return t.dep_ == "acl" or (t.dep_ == "pcomp" and t.head.lower_ in ("after", "before", "since"))


def other_clause(t) -> bool:
    """A nested clause about another happening: a relative clause, or one with its own subject or
    a subordinating word ("as forces withdrew in May"); not a purpose or participle clause."""
    if t.dep_ not in _NESTED:
        return False
    if t.dep_ == "relcl":
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in t.children)


def within(tok, head) -> bool:
    return head.left_edge.i <= tok.i <= head.right_edge.i


def mention_span(tok, first, sent) -> tuple[int, int]:
    """The words of the mention: the trigger's own phrase (a verb with its arguments, a noun with
    its modifiers), without the blanked non-body text a sentence may start with."""
    doc = tok.doc
    lo_i, hi_i = min(tok.left_edge.i, first.i), tok.right_edge.i
    while lo_i < tok.i and (doc[lo_i].is_space or doc[lo_i].idx < sent.start_char):
        lo_i += 1
    while hi_i > tok.i and doc[hi_i].is_space:
        hi_i -= 1
    return doc[lo_i].idx, min(doc[hi_i].idx + len(doc[hi_i]), sent.end_char)


def lemma(tok) -> str:
    return tok.lemma_.lower()
