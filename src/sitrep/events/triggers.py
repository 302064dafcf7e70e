"""Which trigger rule fires on which word of a sentence (the rules themselves are data)."""

from __future__ import annotations

from dataclasses import dataclass

from .syntax import OBJ, is_nominal, is_verb, lemma, objects, passive_subjects, subject
from .taxonomy import Rule, Taxonomy

__all__ = ["Trigger", "find_triggers"]


@dataclass(frozen=True)
class Trigger:
    rule: Rule
    token: object  # the spaCy token the rule fired on (last word of a phrase)
    first: object  # first word of the phrase (the token itself for single words)


def find_triggers(sent, tax: Taxonomy, places: frozenset[int] = frozenset()) -> list[Trigger]:
    """Every word of the sentence on which a rule fires; the first rule in data order wins a word.
    `places`: where (character offsets) the geoparser found a place named, whatever the tagger called it."""
    out, used = [], set()
    toks = list(sent)
    lemmas = [lemma(t) for t in toks]
    lowers = [t.lower_ for t in toks]
    for i, tok in enumerate(toks):
        if i in used or tok.ent_type_ == "DATE":  # "on March 23" names a day, not a march
            continue
        for rule in tax.candidates({lemmas[i], lowers[i]}):
            hit = _fires(rule, toks, lemmas, lowers, i, tax, sent.start, places)
            if hit is not None:
                out.append(Trigger(rule, tok if hit == i else toks[hit], toks[min(i, hit)]))
                used.add(hit)
                break
    return out


def _fires(rule: Rule, toks, lemmas, lowers, i: int, tax: Taxonomy, offset: int,
           places: frozenset[int] = frozenset()) -> int | None:
    """The index of the trigger token when `rule` fires at position i (a phrase may end later)."""
    for phrase in rule.phrases:
        n = len(phrase)
        if i + n <= len(toks) and all(p in (lemmas[i + k], lowers[i + k]) for k, p in enumerate(phrase)):
            head = _phrase_head(toks[i:i + n], offset)
            return head if _constraints(rule, toks[head], "", tax, places) else None
    tok, lem = toks[i], lemmas[i]
    if is_verb(tok) and lowers[i] in rule.verbs and lem not in rule.verbs:
        lem = lowers[i]  # an irregular form the lemmatizer left alone ("retook")
    if is_verb(tok) and lem in rule.verbs:
        if tok.dep_ == "amod" and tok.tag_ == "VBN":
            return None  # "abandoned weapons", "captured tanks": a participle that describes a thing
        return i if _constraints(rule, tok, lem, tax, places) else None
    if is_nominal(tok) and (lem in rule.nouns or lowers[i] in rule.nouns):
        if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i > tok.i:
            return None  # "a combat helicopter", "an assault rifle": the word names a kind of thing, not a happening
        # verb constraints ("fight" needs an opponent) do not bind the noun ("fighting intensified")
        return i if _constraints(rule, tok, lem if tok.pos_ == "NOUN" else lowers[i], tax, places) else None
    return None


def _phrase_head(span, offset: int) -> int:
    """The syntactic head of a phrase's words (the one whose head lies outside the phrase), as an
    index into its sentence (which starts at token `offset`)."""
    idx = {t.i for t in span}
    for t in span:
        if t.head.i not in idx or t.head.i == t.i:
            return t.i - offset
    return span[-1].i - offset


def _constraints(rule: Rule, tok, lem: str, tax: Taxonomy, places: frozenset[int] = frozenset()) -> bool:
    if lem in rule.needs:
        want = set(rule.needs[lem])
        kids = {c.lower_ for c in tok.children} | {c.lemma_.lower() for c in tok.children}
        has_actor = "@actor" in want and any(c.dep_ in OBJ + ("prep",) for c in tok.children)
        has_mod = "@mod" in want and any(c.dep_ in ("amod", "compound", "poss") for c in tok.children)
        if not (kids & want or has_actor or has_mod):
            return False
    if lem in rule.objects:
        # "the town was captured": the town is what was taken; "dozens of inmates": the inmates
        objs = _with_counted(objects(tok) + passive_subjects(tok))
        ok = {h.lemma_.lower() for h in objs} & rule.objects[lem]
        if not ok:  # "seized Minova, a strategic town": the apposition says what the name is
            ok = {a.lemma_.lower() for h in objs for a in h.children if a.dep_ == "appos"} & rule.objects[lem]
        if not ok and "@place" in rule.objects[lem]:
            ok = any(_place_like(h, places) for h in objs)
        if not ok:
            return False
    if lem in rule.subjects and is_verb(tok):
        subj = subject(tok)
        if passive_subjects(tok) or (tok.dep_ == "acl" and tok.tag_ == "VBN"):
            # "a plane (was) hit by gunfire": the doer is the agent; the plane was hit
            subj = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        heads = _with_counted([subj] if subj is not None else [])  # "dozens of soldiers"
        if not {h.lemma_.lower() for h in heads} & rule.subjects[lem]:
            return False
    if rule.civilians_only or rule.victims_only:
        nouns = tax.protester_nouns if rule.victims_protesters else tax.victim_nouns
        # people named only by their nation count as the target of a deed done to them ("shot a
        # Syrian"), not as the subject of a passive count ("40 Syrians were killed" tallies a
        # happening told elsewhere: measured on gaza-2023, 0.778 -> 0.700 with it)
        nationals = not rule.victims_protesters and is_verb(tok)
        targets = objects(tok)
        if lem in rule.needs and is_verb(tok):
            # "fired at a boy": the victim is behind the word the verb needs ("fired a journalist" is no attack)
            targets = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in rule.needs[lem]
                       for g in c.children if g.dep_ == "pobj"]
        at_war = _sides(tok.doc, tax.force_nouns) if nationals else frozenset()
        if not any(_victim_head(h, nouns, nationals, at_war) for h in targets) \
                and not any(_victim_head(h, nouns) for h in passive_subjects(tok)):
            return False
    if rule.movers_not is not None and is_verb(tok) and _civilians_move(tok, rule.movers_not | tax.victim_nouns):
        return False
    if any(c.dep_ == "neg" for c in tok.children):
        return False
    return True


_RELATIVE = frozenset({"who", "that", "which"})


def _civilians_move(tok, nouns) -> bool:
    """Who or what leaves is civilians ("residents fled", "the army evacuated families", "people who
    evacuated to X", "the hospital was evacuated"): people moving, not ground changing hands."""
    movers = [c for c in tok.children if c.dep_ in OBJ] + passive_subjects(tok)
    if not movers:
        subj = subject(tok)
        if subj is not None and subj.lower_ in _RELATIVE and tok.dep_ == "relcl":
            subj = tok.head  # "people who evacuated"
        movers = [subj] if subj is not None else []
    return any(_victim_head(m, nouns) or any(c.lower_ in ("civilian", "civilians") for c in m.children)
               for m in movers)


def _with_counted(heads: list) -> list:
    """The heads and, behind a number or a count word, the nouns counted ("dozens of soldiers")."""
    return heads + [g for h in heads if h.pos_ == "NUM" or h.lemma_.lower() in _COUNT_NOUNS
                    for c in h.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]


_COUNT_NOUNS = frozenset({"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "score", "scores",
                          "number", "group", "handful", "batch"})


def _place_like(tok, places: frozenset[int] = frozenset()) -> bool:
    """A named place as the object ("seized Minova"): tagged a place, or a proper name not tagged as a
    person, group or nationality (small towns the tagger does not know); or a name the geoparser
    resolved to a place, which the tagger may have called a person ("entered Goma")."""
    if tok.ent_type_ in ("GPE", "LOC", "FAC") or tok.idx in places:
        return True
    return tok.pos_ == "PROPN" and tok.ent_type_ not in ("PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT")


def _victim_head(tok, nouns, nationals: bool = False, at_war: frozenset[str] = frozenset()) -> bool:
    """The noun is one of `nouns` ("civilians", "dozens of villagers"), or with `nationals`, people named
    by their nation, unless that nation is `at_war` in the article."""
    if tok.lemma_.lower() in nouns or tok.lower_ in nouns or (nationals and _nationals(tok, at_war)):
        return True
    return any(c.dep_ == "prep" and c.lower_ == "of"
               and any(g.lemma_.lower() in nouns or (nationals and _nationals(g, at_war)) for g in c.children)
               for c in tok.children)


def _nationals(tok, at_war: frozenset[str] = frozenset()) -> bool:
    """People named by their nation ("soldiers shot a Sudanese"): a nationality word standing as the
    noun itself, not describing one ("Sudanese soldiers"), of a nation not at war in the article."""
    from ..geo.rank import demonym_country

    code = demonym_country(tok.text)
    return tok.dep_ not in ("amod", "compound") and not any(c.i > tok.i and c.pos_ in ("NOUN", "PROPN")
                                                            for c in tok.children) \
        and code is not None and code not in at_war


def _sides(doc, force_nouns: frozenset[str]) -> frozenset[str]:
    """The nations whose forces the article names ("Dorvanian troops", "the Dorvanian army"): their
    people words in a deed ("killed 200 Dorvanians") are as likely soldiers as civilians, so they count
    as no civilians."""
    from ..geo.rank import demonym_country

    # asked at every deed in the article: read the whole article once and keep it with the doc
    if "sitrep_sides" not in doc.user_data:
        doc.user_data["sitrep_sides"] = frozenset(
            code for t in doc if t.dep_ in ("amod", "compound") and t.head.lemma_.lower() in force_nouns
            and (code := demonym_country(t.text)) is not None)
    return doc.user_data["sitrep_sides"]
