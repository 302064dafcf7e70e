"""Event mentions from clauses, coded with the ACLED taxonomy, and the claims they carry.

For each sentence, trigger rules (data) fire on words such as "ambushed", "airstrikes", "overran",
"fled into"; the clause around the trigger gives the actors (subject -> actor1, object or target ->
actor2, normalised through the actor lexicon), the place, the date and the dead. Control claims
("X remains under government control") and characterizations ("deserted" vs "a tactical retreat")
are read by their own modules from the same context.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..actors import Actor, ActorLexicon
from ..model import Claim, Event, stable_id
from .context import ArticleContext, Clause
from .taxonomy import TERRITORY_SUB_TYPES, Rule, Taxonomy, load_taxonomy

__all__ = ["find_events", "detect_events", "event_claims"]

_SUBJ = ("nsubj", "csubj")
_OBJ = ("dobj", "obj", "attr")
_TARGET_PREPS = ("on", "against", "with", "at", "into", "upon", "targeting")
_DEATH = ("kill", "dead", "die", "death", "fatal")
_WOUND = ("wound", "injur", "hurt")


@dataclass(frozen=True)
class Trigger:
    rule: Rule
    token: object  # the spaCy token the rule fired on (last word of a phrase)
    first: object  # first word of the phrase (the token itself for single words)


def find_events(article, doc, places, entities, quotes, figures, dates):
    """Event mentions of one article and the claims read with them (kinds event/control/characterization)."""
    from .characterize import characterization_claims
    from .control import control_claims

    lexicon = ActorLexicon.load()
    ctx = ArticleContext.build(article, doc, places, quotes, dates, figures, entities, lexicon)
    events = detect_events(ctx)
    claims = event_claims(ctx, events) + control_claims(ctx) + characterization_claims(ctx)
    return events, sorted(claims, key=lambda c: (c.start, c.end, c.kind, c.id))


def detect_events(ctx: ArticleContext, taxonomy: Taxonomy | None = None) -> list[Event]:
    tax = taxonomy or load_taxonomy()
    events: dict[str, Event] = {}
    for sent in ctx.sents:
        if not sent.text.strip():
            continue
        kept: dict[tuple[str, str], Event] = {}
        for trig in _triggers(sent, tax):
            tok = trig.token
            if not ctx.article.in_body(tok.idx, tok.idx + len(tok)) or _hypothetical(tok):
                continue
            ev = _event(ctx, tax, trig, sent)
            if ev is None:
                continue
            key = (ev.type, ev.sub_type)
            # One mention per kind of happening per sentence: "battled ... a string of attacks" is one.
            if key not in kept or (_is_verb(trig.token) and not kept[key].attrs["verbal"]):
                kept[key] = ev
        for ev in _drop_echoes(list(kept.values())):
            events.setdefault(ev.id, ev)
    return sorted(events.values(), key=lambda e: (e.start, e.end, e.id))


def _drop_echoes(evs: list[Event]) -> list[Event]:
    """A battle verb that only says what a strike did ("airstrikes helped push back the fighters")
    is the strike, not a second event."""
    strikes = {(e.actor1, e.actor2) for e in evs if e.type == "Explosions/Remote violence"}
    evs = [e for e in evs if not (e.type == "Battles" and (e.actor1, e.actor2) in strikes)]
    # "..., killing dozens of villagers" tells the toll of the strike it follows
    remote = [e for e in evs if e.type == "Explosions/Remote violence"]
    evs = [e for e in evs if not (e.type == "Violence against civilians" and e.attrs["trigger"] == "kill"
                                  and any(o.actor1 in (e.actor1, None) or e.actor1 is None for o in remote))]
    # "gunmen killed 30 villagers in an attack": the attack is that violence, not a battle with a guessed foe
    if any(e.type == "Violence against civilians" for e in evs):
        evs = [e for e in evs if not (e.type == "Battles" and e.attrs["actors_inferred"])]
    return evs


# ---- triggers -----------------------------------------------------------------------------------
def _triggers(sent, tax: Taxonomy) -> list[Trigger]:
    out, used = [], set()
    toks = list(sent)
    lemmas = [_lemma(t) for t in toks]
    lowers = [t.lower_ for t in toks]
    for i, tok in enumerate(toks):
        if i in used:
            continue
        for rule in tax.candidates({lemmas[i], lowers[i]}):
            hit = _fires(rule, toks, lemmas, lowers, i, tax, sent.start)
            if hit is not None:
                out.append(Trigger(rule, tok if hit == i else toks[hit], toks[min(i, hit)]))
                used.add(hit)
                break
    return out


def _fires(rule: Rule, toks, lemmas, lowers, i: int, tax: Taxonomy, offset: int) -> int | None:
    """The index of the trigger token when `rule` fires at position i (a phrase may end later)."""
    for phrase in rule.phrases:
        n = len(phrase)
        if i + n <= len(toks) and all(p in (lemmas[i + k], lowers[i + k]) for k, p in enumerate(phrase)):
            head = _phrase_head(toks[i:i + n], offset)
            return head if _constraints(rule, toks[head], "", tax) else None
    tok, lem = toks[i], lemmas[i]
    if _is_verb(tok) and lowers[i] in rule.verbs and lem not in rule.verbs:
        lem = lowers[i]  # an irregular form the lemmatizer left alone ("retook")
    if _is_verb(tok) and lem in rule.verbs:
        return i if _constraints(rule, tok, lem, tax) else None
    if _is_nominal(tok) and (lem in rule.nouns or lowers[i] in rule.nouns):
        # verb constraints ("fight" needs an opponent) do not bind the noun ("fighting intensified")
        return i if _constraints(rule, tok, lem if tok.pos_ == "NOUN" else lowers[i], tax) else None
    return None


def _phrase_head(span, offset: int) -> int:
    """The syntactic head of a phrase's words (the one whose head lies outside the phrase), as an
    index into its sentence (which starts at token `offset`)."""
    idx = {t.i for t in span}
    for t in span:
        if t.head.i not in idx or t.head.i == t.i:
            return t.i - offset
    return span[-1].i - offset


def _constraints(rule: Rule, tok, lem: str, tax: Taxonomy) -> bool:
    if lem in rule.needs:
        want = set(rule.needs[lem])
        kids = {c.lower_ for c in tok.children} | {c.lemma_.lower() for c in tok.children}
        has_actor = "@actor" in want and any(c.dep_ in _OBJ + ("prep",) for c in tok.children)
        has_mod = "@mod" in want and any(c.dep_ in ("amod", "compound", "poss") for c in tok.children)
        if not (kids & want or has_actor or has_mod):
            return False
    if lem in rule.objects:
        objs = _objects(tok) + _passive_subjects(tok)  # "the town was captured": the town is what was taken
        ok = {h.lemma_.lower() for h in objs} & rule.objects[lem]
        if not ok and "@place" in rule.objects[lem]:
            ok = any(h.ent_type_ in ("GPE", "LOC", "FAC") for h in objs)
        if not ok:
            return False
    if lem in rule.subjects and _is_verb(tok):
        subj = _subject(tok)
        if subj is None or subj.lemma_.lower() not in rule.subjects[lem]:
            return False
    if rule.civilians_only or rule.victims_only:
        nouns = tax.protester_nouns if rule.victims_protesters else tax.victim_nouns
        if not any(_victim_head(h, nouns) for h in _objects(tok) + _passive_subjects(tok)):
            return False
    if any(c.dep_ == "neg" for c in tok.children):
        return False
    return True


def _victim_head(tok, nouns) -> bool:
    if tok.lemma_.lower() in nouns or tok.lower_ in nouns:
        return True
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(g.lemma_.lower() in nouns for g in c.children)
               for c in tok.children)


def _objects(tok) -> list:
    """Objects of a verb: its direct objects, and the objects of its prepositions and particles."""
    out = [c for c in tok.children if c.dep_ in _OBJ]
    for c in tok.children:
        if c.dep_ in ("prep", "prt", "agent") or (c.dep_ == "dobj" and c.lemma_ == "way"):
            out += [g for g in c.children if g.dep_ in ("pobj", "dobj", "prep")]
            out += [g for p in c.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
    return out


def _passive_subjects(tok) -> list:
    return [c for c in tok.children if c.dep_ == "nsubjpass"]


def _subject(tok):
    """The subject of a verb, climbing through conjunctions, participles and control verbs."""
    seen = 0
    while tok is not None and seen < 4:
        subj = next((c for c in tok.children if c.dep_ in _SUBJ), None)
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


_NOMINAL_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "compound", "appos", "attr")


def _is_verb(tok) -> bool:
    if tok.pos_ == "VERB" and tok.dep_ in _NOMINAL_DEPS and tok.tag_ in ("VBZ", "VBG", "NNS", "NN"):
        return False  # the tagger's "airstrikes" (VBZ) or "fighting" (VBG) as a subject is a noun
    return tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT")


def _is_nominal(tok) -> bool:
    return tok.pos_ == "NOUN" or (tok.pos_ in ("VERB", "PROPN") and not _is_verb(tok) and tok.dep_ in _NOMINAL_DEPS)


_MODALS = frozenset({"will", "would", "might", "may", "could", "should", "can", "must", "shall", "'ll"})
_INTENT = frozenset({"expect", "hope", "want", "try", "plan", "aim", "seek", "threaten", "vow", "pledge",
                     "prohibit", "prepare", "intend", "able", "capable", "wait", "need", "refuse", "fail", "avoid"})


def _hypothetical(tok) -> bool:
    """Not a report that something happened: negated, conditional, modal, wanted or planned."""
    t, hops = tok, 0
    while hops < 4:
        kids = list(t.children)
        if any(c.dep_ == "neg" for c in kids):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in kids):
            return True
        if any(c.dep_ == "aux" and (c.lower_ in _MODALS or c.tag_ == "TO") for c in kids) and t.pos_ == "VERB":
            return True
        if t is not tok and t.lemma_.lower() in _INTENT:
            return True
        if t.head is t or t.dep_ not in ("xcomp", "pcomp", "acomp", "prep", "conj", "advcl", "ccomp", "relcl"):
            break
        if t.dep_ in ("advcl", "ccomp", "relcl") and t.pos_ == "VERB":
            break  # a clause of its own: its governor's mood does not carry over
        t, hops = t.head, hops + 1
    return False


def _lemma(tok) -> str:
    return tok.lemma_.lower()


# ---- one event ----------------------------------------------------------------------------------
def _event(ctx: ArticleContext, tax: Taxonomy, trig: Trigger, sent) -> Event | None:
    tok, rule = trig.token, trig.rule
    verbal = _is_verb(tok)
    verb = tok if verbal else _governing_verb(tok)
    clause = _clause(tok, verb, sent)
    actor1, actor2 = _actors(ctx, trig)
    if not verbal and not _specific(ctx, tok, clause, actor1 or actor2, verb):
        return None
    where = ctx.where(tok.idx, clause, sent)
    type_, sub_type = rule.type, rule.sub_type
    if rule.territory and actor1 is not None:
        sub_type = TERRITORY_SUB_TYPES["state" if _regains(actor1, where) else "other"]
    if rule.victims and actor2 is not None and actor2.kind == "civilians" and type_ == "Battles":
        type_, sub_type = "Violence against civilians", "Attack"
    if rule.id == "protest":
        text = sent.text.lower()
        if any(w in text for w in rule.intervention_words):
            sub_type = "Protest with intervention"
        if actor1 is not None and actor1.kind in ("state_force", "government"):
            actor1, actor2 = None, actor1  # the force that dispersed them is the other side
        actor1 = actor1 or _default(ctx, "protesters")
    inferred = False
    if type_ == "Battles" and actor1 is None and actor2 is None and ctx.main_group is not None:
        actor1, actor2, inferred = ctx.main_group, _other_side(ctx, ctx.main_group), True
    elif type_ == "Battles" and actor1 is not None and actor2 is None:
        actor2, inferred = _other_side(ctx, actor1), True
    elif type_ == "Battles" and actor1 is None and actor2 is not None:
        actor1, inferred = _other_side(ctx, actor2), True  # "heavy fighting with the army"
    if sub_type == "Protest with intervention" and actor2 is None:
        actor2 = next((m.actor for m in ctx.actor_mentions if sent.start_char <= m.start < sent.end_char
                       and m.actor.kind in ("state_force", "government")), None)
    if type_ == "Strategic developments" and actor2 is not None and actor2.kind == "civilians":
        actor2 = None  # "freeing prisoners": those freed are not a side
    if type_ == "Violence against civilians" and actor2 is None:
        actor2 = _default(ctx, "civilians")
    start, end = _span(tok, trig.first, sent)
    when = ctx.when(tok.idx, clause, sent, verb)
    killed = ctx.figure_near(tok.idx, clause, sent, _DEATH)
    wounded = ctx.figure_near(tok.idx, clause, sent, _WOUND)
    source, _quote = ctx.speaker(tok.idx, tok.idx + len(tok), sent)
    return Event(
        id=stable_id("ev", ctx.article.id, start, end),
        article=ctx.article.id, type=type_, sub_type=sub_type, start=start, end=end,
        date=when.value, date_precision=when.precision,
        place=where.place, place_precision=where.precision,
        actor1=actor1.name if actor1 else None, actor2=actor2.name if actor2 else None,
        fatalities=killed.range if killed else None, source=source,
        attrs={"trigger": _lemma(tok), "rule": rule.id, "what": rule.what, "hedged": _hedged(ctx, start, end),
               "wounded": wounded.range.to_dict() if wounded else None, "verbal": verbal,
               "quote": _quote, "actors_inferred": inferred},
    )


def _regains(actor: Actor, where) -> bool:
    """State forces regain territory in their own country; taking a place abroad is overtaking it."""
    if actor.kind not in ("state_force", "government"):
        return False
    country = where.mention.place.country_code if where.mention is not None else None
    return country is None or actor.country is None or country == actor.country


def _specific(ctx, tok, clause, actor, verb=None) -> bool:
    """A noun trigger names a happening only when it says who, where or when ("Taliban attacks",
    "the assault on X", "clashes ... Wednesday"); a bare "a tactical retreat" or "airstrikes" in a
    general statement does not."""
    plural_bare = tok.tag_ in ("NNS", "VBZ") and not any(c.dep_ in ("det", "poss", "nummod") for c in tok.children)
    dated = any(clause.holds(d.start, d.end) for d in ctx.dates)
    placed = any(clause.holds(p.start, p.end) for p in ctx.places)
    if plural_bare:  # "clashes ... left 27 dead" (a past happening), not "attacks are prohibited"
        return actor is not None or dated or (placed and verb is not None and verb.tag_ == "VBD")
    return actor is not None or dated or placed


def _governing_verb(tok):
    t, hops = tok, 0
    while t.head is not t and hops < 6:
        t = t.head
        hops += 1
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


_NESTED = ("relcl", "advcl", "ccomp", "acl", "parataxis")


def _clause(tok, verb, sent) -> Clause:
    """The clause around a trigger: its verb's words, without relative or adverbial clauses that do
    not hold the trigger ("..., which began as forces withdrew in May" is another clause's date)."""
    root = verb if verb is not None else tok
    lo = max(root.left_edge.idx, sent.start_char)
    hi = min(root.right_edge.idx + len(root.right_edge), sent.end_char)
    skip = tuple(
        (t.left_edge.idx, t.right_edge.idx + len(t.right_edge))
        for t in sent if _other_clause(t) and not _within(tok, t) and not _within(t, tok)
    )
    # a happening in a clause of its own inside a relative clause ("an offensive, which began as
    # forces were withdrawing in May") is bounded by that relative clause
    chain = [root, *root.ancestors]
    rel = next((a for a in chain[1:] if a.dep_ == "relcl"), None) if _other_clause(root) else None
    outer = (rel.left_edge.idx, rel.right_edge.idx + len(rel.right_edge)) if rel is not None else None
    return Clause(lo, hi, skip, outer)


def _other_clause(t) -> bool:
    """A nested clause about another happening: a relative clause, or one with its own subject or
    a subordinating word ("as forces withdrew in May"); not a purpose or participle clause."""
    if t.dep_ not in _NESTED:
        return False
    if t.dep_ == "relcl":
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in t.children)


def _within(tok, head) -> bool:
    return head.left_edge.i <= tok.i <= head.right_edge.i


def _span(tok, first, sent) -> tuple[int, int]:
    """The words of the mention: the trigger's own phrase (a verb with its arguments, a noun with
    its modifiers), without the blanked non-body text a sentence may start with."""
    doc = tok.doc
    lo_i, hi_i = min(tok.left_edge.i, first.i), tok.right_edge.i
    while lo_i < tok.i and (doc[lo_i].is_space or doc[lo_i].idx < sent.start_char):
        lo_i += 1
    while hi_i > tok.i and doc[hi_i].is_space:
        hi_i -= 1
    return doc[lo_i].idx, min(doc[hi_i].idx + len(doc[hi_i]), sent.end_char)


def _hedged(ctx: ArticleContext, start: int, end: int) -> bool:
    return ctx.hedged(start, end)


# ---- actors -------------------------------------------------------------------------------------
def _actors(ctx: ArticleContext, trig: Trigger) -> tuple[Actor | None, Actor | None]:
    tok, rule = trig.token, trig.rule
    if _is_verb(tok):
        a1, a2 = _verb_actors(ctx, tok)
    else:
        a1, a2 = _noun_actors(ctx, tok, trig.first)
    if rule.loser_is_subject:
        loser = a1
        winner = a2 if a2 is not None and a2 != loser else _other_in_sentence(ctx, tok, loser)
        return winner, loser
    if a1 is not None and a2 is not None and a1.name == a2.name:
        a2 = None
    return a1, a2


def _verb_actors(ctx, tok) -> tuple[Actor | None, Actor | None]:
    agent = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    patient = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if agent is not None or patient is not None:
        return _tok_actor(ctx, agent), _tok_actor(ctx, patient)
    a1 = _tok_actor(ctx, _subject(tok))
    if tok.lemma_ == "fall":  # "X fell to Y": Y takes X
        to = next((g for c in tok.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"), None)
        return _tok_actor(ctx, to), _tok_actor(ctx, _subject(tok))
    a2 = None
    for o in _objects(tok):
        a2 = _tok_actor(ctx, o)
        if a2 is not None:
            break
    if a2 is None:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS:
                a2 = next((x for x in (_tok_actor(ctx, g) for g in c.children if g.dep_ == "pobj") if x), None)
    return a1, a2


def _noun_actors(ctx, tok, first) -> tuple[Actor | None, Actor | None]:
    a1 = a2 = None
    mods = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < tok.i]
    if mods:
        lo = min(m.left_edge.i for m in mods)
        span = tok.doc[lo:tok.i + 1]
        a1 = ctx.lexicon.match(span.text, ctx.country)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from") and a1 is None:
            a1 = next((x for x in (_tok_actor(ctx, g) for g in c.children if g.dep_ == "pobj") if x), None)
        if c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting", "with"):
            a2 = next((x for x in (_tok_actor(ctx, g) for g in c.children if g.dep_ == "pobj") if x), None)
    head = tok.head
    if a1 is None and tok.dep_ in ("dobj", "obj") and _is_verb(head):  # "the army launched an offensive"
        a1 = _tok_actor(ctx, _subject(head))
    if a1 is None and tok.dep_ == "pobj" and head.dep_ == "prep" and _is_verb(head.head):
        a1, a2v = _verb_actors(ctx, head.head)  # "soldiers killed five rebels in a clash"
        a2 = a2 or a2v
    if a1 is None and tok.dep_ == "pobj" and head.lower_ == "for" and head.head.dep_ in ("dobj", "obj") \
            and _is_verb(head.head.head):
        a1 = _tok_actor(ctx, _subject(head.head.head))  # "X claimed responsibility for an attack"
    between = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"), None)
    if between is not None and a1 is None:  # "clashes between X and Y"
        sides = [g for g in between.subtree if g.dep_ in ("pobj", "conj") and g.pos_ in ("NOUN", "PROPN")]
        found = [a for a in (_tok_actor(ctx, g) for g in sides) if a is not None]
        a1, a2 = (found + [None, None])[:2] if found else (a1, a2)
    if tok.dep_ in ("nsubj", "nsubjpass") and a2 is None and head.lemma_ != "be":
        a2 = _actor_in_subtree(ctx, head, exclude=tok)  # "airstrikes ... helped push back the fighters"
    return a1, a2


def _tok_actor(ctx, tok) -> Actor | None:
    if tok is None:
        return None
    if tok.pos_ == "PRON":
        return ctx.actor_in(tok.idx, tok.idx + len(tok))
    # the noun phrase without its relative clauses: "fighters who ..." is about the fighters
    right = tok
    for c in tok.rights:
        if c.dep_ in ("relcl", "acl", "appos", "advcl", "punct", "cc", "conj"):
            break
        right = c.right_edge
    lo, hi = tok.left_edge.idx, right.idx + len(right)
    return ctx.actor_in(lo, hi)


def _actor_in_subtree(ctx, verb, exclude) -> Actor | None:
    skip = {t.i for t in exclude.subtree}
    for c in verb.children:
        if c.dep_ in ("relcl", "advcl", "ccomp", "acl", "parataxis", "conj"):
            skip |= {t.i for t in c.subtree}
    for t in verb.subtree:
        if t.i in skip or t.dep_ not in _OBJ + ("pobj",):
            continue
        a = _tok_actor(ctx, t)
        if a is not None and a.kind != "civilians":  # "left 27 people dead" is a toll, not a target
            return a
    return None


def _other_in_sentence(ctx, tok, besides: Actor | None) -> Actor | None:
    """The other side named in the sentence ("ahead of a Taliban advance"), else the article's opponent."""
    sent = ctx.sentence_of(tok)
    for m in ctx.actor_mentions:
        if sent.start_char <= m.start < sent.end_char and m.actor.kind in ("armed_group", "state_force"):
            if besides is None or m.actor.name != besides.name:
                if besides is None or m.actor.side != besides.side:
                    return m.actor
    return _other_side(ctx, besides) if besides is not None else None


def _other_side(ctx, actor: Actor) -> Actor | None:
    """Who a one-sided battle was fought against: the article's state forces or its main armed group."""
    if actor.kind in ("state_force", "government"):
        return ctx.main_group if ctx.main_group and ctx.main_group.name != actor.name else None
    if actor.kind == "armed_group":
        forces = ctx.state_forces()
        return forces if forces and forces.name != actor.name else None
    return None


def _default(ctx, category: str) -> Actor:
    return ctx.lexicon._generic_actor(category, ctx.country)


# ---- event claims -------------------------------------------------------------------------------
def event_claims(ctx: ArticleContext, events: list[Event]) -> list[Claim]:
    """One claim per dated event mention, so fuse can compare when sources say a thing happened."""
    out = []
    for ev in events:
        if not ev.date:
            continue
        out.append(Claim(
            id=stable_id("c", ev.article, "event", ev.start, ev.end),
            article=ev.article, kind="event", subject=f"{ev.sub_type}@{ev.place or 'unknown'}",
            source=ev.source, start=ev.start, end=ev.end, value=ev.date, place=ev.place, date=ev.date,
            hedged=bool(ev.attrs.get("hedged")), quote=ev.attrs.get("quote"),
            attrs={"event": ev.id, "trigger": ev.attrs["trigger"], "what": ev.attrs["what"],
                   "date_precision": ev.date_precision, "type": ev.type},
        ))
    return out
