"""Control claims: who holds a place, according to whom.

"X remains in government control", "the whole town is now under the control of Y", "every part of
the town will be cleared" (said by a government source), "Y captured X", "X fell to Y", "fighters
tightening their grip on almost every district" (about the regions the sentence names).
The cue words are data (`data/control_cues.json`); the holder is the actor's side, so "government
forces" and "the government" agree.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Claim, Source, stable_id
from ..nlp.hedges import is_denied
from .context import AREA_KINDS, ArticleContext, Clause, When

__all__ = ["control_claims", "ControlCues", "load_cues"]

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
# "the RSF-held city of Nyala", "Taliban-controlled Kunduz": a holder fused to a participle before a place
_HELD_BEFORE = re.compile(r"(?P<holder>[\w'’.]+(?:\s[\w'’.]+)?)-(?:held|controlled|occupied|run)"
                          r"\s+(?:(?:city|town|village|district|area|territory|capital|port|region|province)\s+of\s+)?$")
_HELD_AFTER = re.compile(r"^,\s+(?:a|an|the)\s+(?:\w+\s+)?(?P<holder>[\w'’.]+(?:\s[\w'’.]+)?)-(?:held|controlled|occupied|run)"
                         r"\s+(?:city|town|village|district|area|territory|capital|port|region|province|hub)\b")
# "Dorvana, held by the rebels since June", "X, which is controlled by the army": held now (not "was held by").
_HELD_BY_AFTER = re.compile(r"^,\s+(?:(?:which|that)\s+is\s+|still\s+|now\s+|long\s+)?(?:held|controlled|occupied|run)"
                            r"\s+by\s+(?P<holder>(?:the\s+)?[\w'’.-]+(?:\s+(?!and\b|or\b|since\b|for\b|until\b|in\b|"
                            r"at\b|near\b|after\b|from\b)[\w'’.-]+){0,3})")
_ANAPHOR_ADJ = frozenset({"militant", "insurgent", "rebel", "jihadist", "extremist", "guerrilla", "paramilitary"})
_NOT_HOLDERS = frozenset({"de", "un", "non", "re", "self", "formerly", "previously", "once"})
_PLACE_KINDS = r"(?:city|town|village|district|area|territory|capital|port|region|province)"
_HOLDER_OCCUPIED = re.compile(r"(?P<holder>[\w'’.]+)-occupied\b")
# A place the sides share or fight over: "X, divided in two by the river", "the contested town of X",
# "the front line runs through the middle of X".
_DIVIDED_AFTER = re.compile(r"(?i)^\s*,?\s*(?:which\s+is\s+|now\s+|still\s+)?(?:divided|split|cut)\s+"
                            r"(?:in\s+two|in\s+half|into\s+two|between|by|along)\b")
_DIVIDED_BEFORE = re.compile(r"(?i)\b(?:divided|split|contested)\s+" + _PLACE_KINDS + r"\s+of\s+$")
_FRONT_THROUGH = re.compile(r"(?i)\bfront[\s-]?lines?\b[^.;]{0,120}?\bthrough\b[^.;]{0,60}$")
_SIDE_KINDS = ("armed_group", "state_force", "government")
# A state's side named by its demonym as fighters: "the Russians", "their Ukrainian enemies".
_DEMONYM_SIDE = re.compile(r"\b(?P<dem>[A-Z][a-z]+)(?:s\b|\s+(?:forces|troops|army|soldiers|enemy|enemies|units|"
                           r"positions|fighters|military)\b)")


@dataclass(frozen=True)
class ControlCues:
    state_nouns: frozenset[str]
    state_preps: frozenset[str]
    holding_verbs: frozenset[str]
    falling_verbs: frozenset[str]
    speaker_side_passives: frozenset[str]
    scope_nouns: frozenset[str]
    place_nouns: frozenset[str]
    conditionals: frozenset[str]
    not_control_objects: frozenset[str]
    site_nouns: frozenset[str]
    leaving_verbs: frozenset[str]
    taking_verbs: frozenset[str]  # a change of hands, on one day (see the data's note)
    entry_verbs: frozenset[str]  # an advance reaching a place, not holding it (see the data's note)
    control_verbs: frozenset[str]  # 'claimed/established control of X': holding only with a state noun object
    flag_nouns: frozenset[str]
    flag_verbs: frozenset[str]  # 'the flag was raised in X' (see the data's note)
    retaken_adjectives: frozenset[str]  # 'the recaptured city of X' (see the data's note)


@lru_cache(maxsize=1)
def load_cues() -> ControlCues:
    d = json.loads((DATA_DIR / "control_cues.json").read_text(encoding="utf-8"))
    return ControlCues(**{k: frozenset(d[k]) for k in ControlCues.__dataclass_fields__})


@lru_cache(maxsize=1)
def _occupied_before() -> re.Pattern:
    """"Evacuate women from occupied Kupiansk", "the occupied town of X" (or a retaken word of the
    data): no holder named, the occupier is said elsewhere. Only after words that open a noun
    phrase, so "troops occupied X" (a verb) and "the formerly occupied town" (no longer held) are
    left to other rules."""
    adjs = "|".join(re.escape(a) for a in sorted({"occupied", *load_cues().retaken_adjectives}, key=lambda a: (-len(a), a)))
    return re.compile(r"(?i)(?:^|\b(?:the|of|from|in|into|to|at|on|and|or|across|around|near|toward|towards|"
                      r"newly|still|now|just|recently)\s+|[(,]\s*)(?P<adj>" + adjs + r")\s+(?:\w+\s+)?(?:"
                      + _PLACE_KINDS + r"\s+of\s+)?$")


@dataclass(frozen=True)
class _Found:
    holder: str
    holder_actor: str | None
    target: object  # the token naming what is held
    verb: object
    cue: str
    source: Source | None = None  # who says it, when not the speaker of the words (a denier)


def control_claims(ctx: ArticleContext) -> list[Claim]:
    cues = load_cues()
    out: dict[str, Claim] = {}
    leavings: list = []  # withdrawals told so far: a later denial of "the report" may be about one
    for sent in ctx.sents:
        first = next((t for t in sent if not t.is_space), None)
        if first is None or not ctx.article.in_body(first.idx, first.idx + 1):
            continue
        for tok in sent:
            found = _read(ctx, cues, tok) or _withdrawal(ctx, cues, tok)
            if found is None:
                continue
            if found.cue == "withdraw":
                leavings.append((found, sent))
                if not is_denied(found.verb):
                    continue  # a withdrawal says who left, not who holds
                # "denied that the army had withdrawn from X": the army's side still holds X
                found = _Found(found.holder, found.holder_actor, found.target, found.verb, "denial")
            elif is_denied(found.verb):
                # "the ministry denied rebels had entered Homs": the denier's side says it still holds it
                found = _flipped(ctx, found)
                if found is None:
                    continue
            elif _not_asserted(found.verb, cues):
                continue
            for claim in _claims(ctx, cues, found, sent):
                out.setdefault(claim.id, claim)
        for tok in sent:  # "… but the defence ministry denied the report": the report just told
            for claim in _denied_report(ctx, cues, tok, sent, list(out.values()), leavings):
                out.setdefault(claim.id, claim)
        for claim in _held_adjectives(ctx, sent) + _divided(ctx, sent) + _flags(ctx, cues, sent):
            out.setdefault(claim.id, claim)
    return sorted(out.values(), key=lambda c: (c.start, c.end, c.id))


def _denier(ctx: ArticleContext, verb) -> tuple[str, str | None, Source | None] | None:
    """The side of whoever denies what `verb` says (the subject of the denial verb above it), and
    that subject as a source."""
    deny = next((a for a in verb.ancestors if a.lemma_.lower() in _denial_verbs()), None)
    if deny is None:
        return None
    subj = _subject_of(deny)
    side = _holder_of_token(ctx, subj) or (_speaker_side(ctx, deny) if subj is not None else None)
    return (*side, _as_source(ctx, subj)) if side else None


def _as_source(ctx: ArticleContext, tok) -> Source | None:
    """The words naming a denier as a source (an entity when one is named so)."""
    if tok is None:
        return None
    words = " ".join(ctx.text[tok.left_edge.idx:tok.idx + len(tok)].split())
    return ctx.as_source(words)


def _flipped(ctx: ArticleContext, found: "_Found") -> "_Found | None":
    """A denied claim of control, read as the denier's: 'denied the rebels had entered the city'
    (by the government) claims the government holds it. None when the denier is the holder named
    or has no side."""
    side = _denier(ctx, found.verb)
    if side is None or holder_side(side[0]) == holder_side(found.holder):
        return None
    return _Found(side[0], side[1], found.target, found.verb, "denial", side[2])


def _withdrawal(ctx: ArticleContext, cues: ControlCues, tok) -> "_Found | None":
    """'troops withdrew from X', 'pulled out of X': the subject's side leaving X (a claim of control
    only when someone denies it)."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in cues.leaving_verbs:
        return None
    place = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "of", "out")
                  for g in c.subtree if g.dep_ == "pobj"), None)
    holder = _holder_of_token(ctx, _subject_of(tok))
    if place is None or holder is None:
        return None
    return _Found(holder[0], holder[1], place, tok, "withdraw")


def _denied_report(ctx: ArticleContext, cues: ControlCues, tok, sent, earlier: list[Claim], leavings: list
                   ) -> list[Claim]:
    """'Rebels reached the city centre, a monitor said, which the ministry at once denied',
    '… but the ministry denied the report': the denier claims the place the report was about; a
    denied report of the denier's own side withdrawing ('troops pulled out of Homs … the ministry
    denied the report') likewise."""
    anaphoric = (tok.lemma_.lower() in _denial_verbs() and tok.pos_ == "VERB"
                 and any(c.dep_ == "dobj" and c.lemma_.lower() in _REPORT_WORDS for c in tok.children)) \
        or (tok.lemma_.lower() in ("denial", "rejection") and tok.pos_ == "NOUN")
    if not anaphoric:
        return []
    denier = _subject_of(tok) if tok.pos_ == "VERB" else None
    if tok.pos_ == "VERB":
        side = _holder_of_token(ctx, denier)
    else:
        by = next((g for t in (tok, tok.head) for c in t.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
                   for g in c.children if g.dep_ == "pobj"), None)  # "drawing a denial from the ministry"
        side = _holder_of_token(ctx, by)
        denier = by
    if side is None:
        return []
    lo = max(0, sent.start_char - 400)
    left = [f for f, s in leavings if lo <= f.verb.idx < tok.idx and holder_side(f.holder) == holder_side(side[0])]
    if left:
        f = left[-1]
        return _claims(ctx, cues, _Found(side[0], side[1], f.target, f.verb, "denial", _as_source(ctx, denier)),
                       f.verb.sent)
    told = [c for c in earlier if lo <= c.start < tok.idx and holder_side(str(c.value)) != holder_side(side[0])]
    if not told:
        return []
    # "denied the reports": every place the other side was just reported to hold
    last = max(c.start for c in told)
    reported = {c.subject: c for c in sorted(told, key=lambda c: c.start)
                if c.start >= last or tok.lower_.endswith("s") or _plural_report(tok)}
    source, quote = _as_source(ctx, denier) or ctx.speaker(tok.idx, tok.idx + len(tok), sent)[0], None
    return [Claim(
        id=stable_id("c", ctx.article.id, "control", tok.idx, tok.idx + len(tok), report.subject), article=ctx.article.id,
        kind="control", subject=report.subject, source=source, start=tok.idx, end=tok.idx + len(tok), value=side[0],
        place=report.place, date=report.date, hedged=ctx.hedged(tok.idx, tok.idx + len(tok)), quote=quote,
        attrs={"holder_actor": side[1], "cue": "denial", "scope": None, "date_precision": report.attrs.get("date_precision")},
    ) for report in reported.values()]


def _plural_report(tok) -> bool:
    """'denied the reports', 'rejected these claims': what is denied is all that was just reported."""
    return any(c.dep_ == "dobj" and c.tag_ in ("NNS", "NNPS") for c in tok.children)


_REPORT_WORDS = frozenset({"report", "claim", "allegation", "account", "it", "this", "that", "rumour", "rumor", "news"})


def holder_side(holder: str) -> str:
    return " ".join(holder.casefold().split())


def _denial_verbs() -> frozenset[str]:
    from ..nlp.hedges import _denials  # the denial vocabulary has one home: the hedges data

    return _denials()[0]


def _held_adjectives(ctx: ArticleContext, sent) -> list[Claim]:
    """"the Taliban-held town of X": a control claim in passing, about the time of writing."""
    out = []
    for p in ctx.places:
        if not (sent.start_char <= p.start < sent.end_char) or p.place.kind == "country":
            continue
        window = max(sent.start_char, p.start - 60)
        m = _HELD_BEFORE.search(ctx.text[window:p.start])
        if m is not None and m.group("holder").split()[-1].lower() in _NOT_HOLDERS:
            m = None  # "de-occupied X", "non-occupied": a prefix, not a holder
        if m is None:  # "Dorvana, a town held by the rebels near the provincial capital"
            window = p.end
            m = _HELD_AFTER.match(ctx.text[p.end:min(sent.end_char, p.end + 60)]) \
                or _HELD_BY_AFTER.match(ctx.text[p.end:min(sent.end_char, p.end + 80)])
        occupied = None
        if m is None:  # "from occupied Kupiansk": the occupier the article names
            window = sent.start_char
            occupied = _occupied_before().search(ctx.text[window:p.start])
            if occupied is None:
                continue
        if occupied is not None:
            lo, hi = window + occupied.start(), p.end
            retaken = occupied.group("adj").lower() in load_cues().retaken_adjectives
            holder = _home_state(ctx, p) if retaken else _occupier(ctx, p)
        else:
            lo, hi = min(window + m.start(), p.start), max(p.end, window + m.end())
            holder = _adjective_holder(ctx, window + m.start("holder"), window + m.end("holder"))
        if holder is None or holder.kind in ("civilians", "organization"):
            continue
        when = ctx.when(p.start, Clause(sent.start_char, sent.end_char), sent, None)
        if when.value is None and ctx.article.published:
            when = When(ctx.article.published, 2)
        out.append(_place_claim(ctx, p, sent, lo, hi, holder, when, "held", hedge_end=p.end))
    return out


def _place_claim(ctx: ArticleContext, p, sent, lo: int, hi: int, holder, when: When, cue: str,
                 scope: str | None = None, hedge_end: int | None = None, *id_extra) -> Claim:
    """A claim that `holder` holds the place mention `p`, read from the words at [lo, hi)."""
    source, quote = ctx.speaker(p.start, p.end, sent)
    return Claim(
        id=stable_id("c", ctx.article.id, "control", lo, hi, *id_extra), article=ctx.article.id, kind="control",
        subject=p.place.id, source=source, start=lo, end=hi, value=holder.side, place=p.place.id,
        date=when.value, hedged=ctx.hedged(lo, hedge_end or hi), quote=quote,
        attrs={"holder_actor": holder.name, "cue": cue, "scope": scope, "date_precision": when.precision},
    )


def _adjective_holder(ctx: ArticleContext, start: int, end: int):
    """The holder fused to '-held'/'-occupied': an actor, or a demonym alone as its state ('Russian-held')."""
    holder = ctx.actor_in(start, end)
    if holder is None:
        code = ctx.lexicon.country_code(ctx.text[start:end].split()[-1])
        holder = ctx.lexicon.state_actor(code, "government") if code else None
    return holder


def _occupier(ctx: ArticleContext, p):
    """Who occupies a place called 'occupied' with no holder: the holder of the article's nearest
    '<holder>-occupied' before it, else the one foreign state whose forces or government the article
    names (a state other than the place's own)."""
    for m in reversed(list(_HOLDER_OCCUPIED.finditer(ctx.text, 0, p.start))):
        holder = _adjective_holder(ctx, m.start("holder"), m.end("holder"))
        if holder is not None and holder.kind not in ("civilians", "organization"):
            return holder
    home = p.place.country_code
    foreign = {m.actor.side: m.actor for m in ctx.actor_mentions
               if m.actor.kind in ("state_force", "government") and m.actor.country and m.actor.country != home}
    return next(iter(foreign.values())) if home and len(foreign) == 1 else None


def _home_state(ctx: ArticleContext, p):
    """The place's own state, for 'the recaptured town of X': only where the article names that
    state's forces or government (a war it fights in)."""
    home = p.place.country_code
    if not home or not any(m.actor.country == home and m.actor.kind in ("state_force", "government")
                           for m in ctx.actor_mentions):
        return None
    return ctx.lexicon.state_actor(home, "government")


def _flags(ctx: ArticleContext, cues: ControlCues, sent) -> list[Claim]:
    """'the Ukrainian flag was raised in X', 'the flag of <country> flies over X', 'our flag is
    flying in X' (the speaker's side): the flag's side claims to hold the place."""
    out = []
    for tok in sent:
        if tok.lemma_.lower() not in cues.flag_nouns or tok.pos_ != "NOUN":
            continue
        verb = tok.head
        if verb.lemma_.lower() not in cues.flag_verbs or tok.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        if _not_asserted(verb, cues):
            continue
        holder = None
        for c in tok.children:
            if c.dep_ in ("amod", "compound") and ctx.lexicon.country_code(c.text):
                holder = ctx.lexicon.state_actor(ctx.lexicon.country_code(c.text), "government")
            elif c.dep_ == "prep" and c.lower_ == "of":
                of = next((g for g in c.children if g.dep_ == "pobj"), None)
                code = ctx.lexicon.country_code(of.text) if of is not None else None
                holder = ctx.lexicon.state_actor(code, "government") if code else None
            elif c.dep_ == "poss" and c.lower_ == "our":
                side = _speaker_side(ctx, tok)
                holder = ctx.lexicon.match(side[0]) if side else None
        if holder is None:
            continue
        spans = [(g.left_edge.idx, g.right_edge.idx + len(g.right_edge)) for c in (*verb.children, *tok.children)
                 if c.dep_ == "prep" and c.lower_ in ("in", "over", "above", "on", "at")
                 for g in c.children if g.dep_ == "pobj"]
        places = [p for p in ctx.places if any(a <= p.start and p.end <= b for a, b in spans)
                  and p.place.kind != "country"]
        if not places:
            continue
        p = min(places, key=lambda p: (p.place.kind in AREA_KINDS, p.start))
        lo = max(min(tok.left_edge.idx, verb.idx, p.start), sent.start_char)
        hi = min(max(p.end, verb.idx + len(verb)), sent.end_char)
        when = ctx.when(verb.idx, Clause(sent.start_char, sent.end_char), sent, verb)
        if when.value is None and ctx.article.published and _present(verb) and when.start is None:
            when = When(ctx.article.published, 1)
        out.append(_place_claim(ctx, p, sent, lo, hi, holder, when, "flag"))
    return out


def _divided(ctx: ArticleContext, sent) -> list[Claim]:
    """'Kupiansk, divided in two by the river', 'the contested town of X', 'the front line runs
    through the middle of X': every side named around it (this sentence, the one before and the one
    after) holds part of the place. Two sides at least, else the words say nothing of who holds it.
    Undated unless the sentence dates it: it tells the time of writing."""
    out = []
    for p in ctx.places:
        if not (sent.start_char <= p.start < sent.end_char) or p.place.kind in ("country", "admin1"):
            continue
        before = ctx.text[max(sent.start_char, p.start - 200):p.start]
        m = _DIVIDED_AFTER.match(ctx.text[p.end:min(sent.end_char, p.end + 60)])
        if m is not None:
            lo, hi = p.start, p.end + m.end()
        else:
            m = _DIVIDED_BEFORE.search(before) or _FRONT_THROUGH.search(before)
            if m is None:
                continue
            lo, hi = p.start - len(before) + m.start(), p.end
        i = next(k for k, s in enumerate(ctx.sents) if s.start == sent.start)
        near_lo = ctx.sents[max(0, i - 1)].start_char
        near_hi = ctx.sents[min(len(ctx.sents) - 1, i + 1)].end_char
        named = [(a.start, a.actor) for a in ctx.actor_mentions
                 if near_lo <= a.start and a.end <= near_hi and a.actor.kind in _SIDE_KINDS]
        for d in _DEMONYM_SIDE.finditer(ctx.text, near_lo, near_hi):
            code = ctx.lexicon.country_code(d.group("dem"))
            if code is not None:
                named.append((d.start(), ctx.lexicon.state_actor(code, "government")))
        sides: dict[str, object] = {}
        for _, actor in sorted(named, key=lambda t: t[0]):
            sides.setdefault(holder_side(actor.side), actor)
        if len(sides) < 2:
            continue
        when = ctx.when(p.start, Clause(sent.start_char, sent.end_char), sent, None)
        out += [_place_claim(ctx, p, sent, lo, hi, actor, when, "divided", "divided", None, actor.side)
                for actor in sides.values()]
    return out


# Words on a control noun that deny the control: "the army has no control over X".
_DENIED_AMOUNT = frozenset({"no", "little", "limited", "nominal"})


def _read(ctx: ArticleContext, cues: ControlCues, tok) -> _Found | None:
    lem = tok.lemma_.lower()
    # "under (the) control of X", "in X's hands", "remains in government control"
    if lem in cues.state_nouns and tok.dep_ == "pobj" and tok.head.lower_ in cues.state_preps:
        prep = tok.head
        governor = prep.head
        held = next((g for c in tok.children if c.lower_ in ("of", "over") for g in c.children if g.dep_ == "pobj"), None)
        if lem == "control" and prep.lower_ == "in" and held is not None and governor.pos_ in ("VERB", "AUX") \
                and not any(c.dep_ == "poss" for c in tok.children):
            # "the army was in control of the palace": the subject holds what 'of' names
            holder = _holder_of_token(ctx, _subject_of(governor))
            return _Found(holder[0], holder[1], held, governor, lem) if holder else None
        holder = _holder_of_noun(ctx, tok) or _own_forces(ctx, tok)
        target = _subject_of(governor) if governor.pos_ in ("VERB", "AUX") else governor
        if holder and target is not None:
            return _Found(holder[0], holder[1], target, governor, lem)
        return None
    if tok.pos_ != "VERB":
        return None
    if lem in cues.falling_verbs:  # "X fell to Y"
        to = next((g for c in tok.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"), None)
        holder = _holder_of_token(ctx, to)
        target = _subject_of(tok)
        if holder and target is not None:
            return _Found(holder[0], holder[1], target, tok, lem)
        return None
    if lem not in cues.holding_verbs and lem not in cues.control_verbs:
        return None
    if lem not in cues.holding_verbs:  # "claimed full control over the city": only with a state noun
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
        if obj is None or obj.lemma_.lower() not in cues.state_nouns:
            return None
        if any(c.lower_ in _DENIED_AMOUNT for c in obj.children):  # "has no / little control over the city"
            return None
    passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    agent = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if passive is not None:
        if agent is not None:
            holder = _holder_of_token(ctx, agent)
        elif lem in cues.speaker_side_passives:
            holder = _speaker_side(ctx, tok)
        else:
            holder = None
        return _Found(holder[0], holder[1], passive, tok, lem) if holder else None
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
    if obj is None:
        return None
    if obj.lemma_.lower() in cues.state_nouns:  # "take/consolidate (their) control of X", "seize control over X"
        of = next((g for t in (obj, tok) for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "over")
                   for g in c.children if g.dep_ == "pobj"), None)  # "claimed control over X": 'over' on the verb
        subj = _subject_of(tok)
        holder = _holder_of_token(ctx, subj) or _holder_of_noun(ctx, obj)
        return _Found(holder[0], holder[1], of, tok, lem) if holder and of is not None else None
    holder = _holder_of_token(ctx, _subject_of(tok))
    return _Found(holder[0], holder[1], obj, tok, lem) if holder else None


def _claims(ctx: ArticleContext, cues: ControlCues, f: _Found, sent) -> list[Claim]:
    places, scope = [], None
    # "seized control over the palace, the chief's residence and the airport": coordinated targets,
    # and the objects the parser hung on the verb beside them
    others = [c for c in f.verb.children if c.dep_ == "dobj" and c.i > f.target.i
              and c.lemma_.lower() not in cues.state_nouns and c.lemma_.lower() in cues.site_nouns]
    targets = [f.target, *f.target.conjuncts] + [t for o in others for t in (o, *o.conjuncts)]
    for target in dict.fromkeys(targets):
        found, own_scope = _held_places(ctx, cues, target, sent, own=len(targets) > 1)
        places += [p for p in found if p not in places]
        scope = scope or own_scope
    if not places:
        return []
    verb = f.verb
    lo = max(min(verb.left_edge.idx, f.target.left_edge.idx), sent.start_char)
    hi = min(max(verb.right_edge.idx + len(verb.right_edge), f.target.right_edge.idx + len(f.target.right_edge)),
             sent.end_char)
    when = ctx.when(verb.idx, Clause(lo, hi), sent, verb)
    if when.value is None and ctx.article.published and _present(verb) and when.start is None:
        when = When(ctx.article.published, 1)
    source, quote = ctx.speaker(f.target.idx, f.target.idx + len(f.target), sent)
    if f.source is not None:
        source, quote = f.source, None
    hedged = _hedged(ctx, lo, hi)
    out = []
    holder = _in_country_of(ctx, f, places)
    for place_id, name in places:
        parts = (ctx.article.id, "control", lo, hi) + ((place_id or name,) if len(places) > 1 else ())
        out.append(Claim(
            id=stable_id("c", *parts), article=ctx.article.id, kind="control",
            subject=place_id or name, source=source, start=lo, end=hi, value=holder[0], place=place_id,
            date=when.value, hedged=hedged, quote=quote,
            attrs={"holder_actor": holder[1], "cue": f.cue, "scope": scope, "date_precision": when.precision},
        ))
    return out


def _held_places(ctx: ArticleContext, cues: ControlCues, target, sent, own: bool = False
                 ) -> tuple[list[tuple[str | None, str]], str | None]:
    """The places a held phrase names: a place in it, "the city" (the article's main city), or for
    "every district" the regions the sentence names (with the phrase as scope); a site the
    gazetteer does not know ("the presidential palace", "the airport in Khartoum") by its words.
    `own`: the phrase is one of several coordinated ones, read without the others."""
    lo, hi = _own_span(target) if own else (target.left_edge.idx, target.right_edge.idx + len(target.right_edge))
    head = target.lemma_.lower()
    phrase = ctx.text[lo:hi]
    if head in cues.site_nouns:
        first = target.head if target.dep_ == "conj" else target
        if any(c.dep_ in ("det", "predet", "nummod", "amod") and c.lower_ in _ANY_OF
               for t in {target, first} for c in t.children):
            return [], None  # "all bases and airports": no one site
        sites = _sites(ctx, target, lo, hi, sent)
        if sites:
            return sites, None
    # "all parts of the city": the city named as what the part is of (not "aside from the capital city")
    of_city = [g for c in target.children if c.lower_ == "of" for g in c.children
               if g.dep_ == "pobj" and g.lemma_.lower() in ("city", "capital", "town")]
    own = {c.lemma_.lower() for c in target.children if c.dep_ in ("poss", "compound")}
    city_words = bool(of_city) or bool(own & {"city", "capital", "town"}) or head in ("city", "capital", "town")
    if head in cues.scope_nouns and city_words and ctx.main_city is not None \
            and not any(lo <= p.start and p.end <= hi for p in ctx.places):
        return _unique([ctx.main_city]), phrase  # "all parts of the city"
    if head in cues.scope_nouns and not any(lo <= p.start and p.end <= hi and p.place.kind not in AREA_KINDS
                                            for p in ctx.places):
        inside = [p for p in ctx.places if lo <= p.start and p.end <= hi and p.place.kind in AREA_KINDS
                  and p.place.kind != "country"]
        regions = inside or [p for p in ctx.places if sent.start_char <= p.start < sent.end_char
                             and p.place.kind in ("admin1", "admin2", "region")]
        return _unique(regions), phrase
    inside = [p for p in ctx.places if lo <= p.start and p.end <= hi]
    if not any(p.start <= target.idx < p.end for p in inside):
        # the held name itself, resolved elsewhere, before places in its apposition ("X, a town north of Y")
        named = _same_name(ctx, target)
        if not named and target.pos_ == "PROPN":
            return [], None  # "seized Minova, a town crucial for supplies to Goma": a place unknown, not Goma
        inside = named or inside
    if inside:
        p = min(inside, key=lambda p: (p.place.kind in AREA_KINDS, p.start))
        if p.place.kind in AREA_KINDS and head not in cues.place_nouns and target.ent_type_ not in ("GPE", "LOC") \
                and not (p.start <= target.idx < p.end):
            return [], None  # "a military base in Borno state" is not Borno
        if p.place.kind != "country" or head in ("country",):
            return _unique([p]), None
    if ctx.main_city is not None and (head in cues.place_nouns or city_words):
        if head in cues.not_control_objects:
            return [], None
        return _unique([ctx.main_city]), (phrase if head not in ("city", "capital", "town") else None)
    return [], None


def _in_country_of(ctx: ArticleContext, f: "_Found", places: list[tuple[str | None, str]]) -> tuple[str, str | None]:
    """A state's forces named by a common noun ('the army') belong to the country of the place they
    hold, not to the article's most named country ('the army', in a report from a Qatari channel)."""
    actor = ctx.lexicon.match(f.holder_actor or f.holder) if f.holder_actor else None
    if actor is None or actor.kind not in ("state_force", "government"):
        return f.holder, f.holder_actor
    sent = ctx.sentence_of(f.verb)
    if any(sent.start_char <= m.start < sent.end_char and m.actor.side == actor.side
           and getattr(ctx.lexicon.match(m.text, None), "country", None) == actor.country for m in ctx.actor_mentions):
        return f.holder, f.holder_actor  # "Russian troops occupied X": their country is named, not assumed
    refs = {p.place.id: p.place for p in ctx.places}
    codes = {refs[pid].country_code for pid, _ in places if pid in refs and refs[pid].country_code}
    if not codes and ctx.main_city is not None:
        codes = {ctx.main_city.place.country_code}
    if len(codes) != 1 or actor.country in codes or None in codes:
        return f.holder, f.holder_actor
    (code,) = codes
    local = ctx.lexicon.state_actor(code, "security_forces" if actor.kind == "state_force" else "government")
    return local.side, local.name


def _own_span(tok) -> tuple[int, int]:
    """A coordinated noun phrase's own words: 'the governor's house' of '…, the governor's house
    and the port in Dorvana'."""
    end = tok
    for c in tok.rights:
        if c.dep_ in ("cc", "conj") or c.text == ",":
            break
        end = c.right_edge
    return tok.left_edge.idx, end.idx + len(end)


_ANY_OF = frozenset({"all", "every", "each", "any", "some", "several", "many", "both", "most"})
# A site's town named right after it: "two airports, in Merowe and El-Obeid".
_WHERE_NEXT = re.compile(r"^\s*,?\s*(?:in|at|near)\b")


def _sites(ctx: ArticleContext, target, lo: int, hi: int, sent) -> list[tuple[str | None, str]]:
    """Sites as held: the facility the gazetteer resolved inside the phrase; else its kind with the
    towns named in it or just after it in the clause ("two airports, in Merowe and El-Obeid"), or
    the article's main city; else its own words ("presidential palace")."""
    inside = [p for p in ctx.places if lo <= p.start and p.end <= hi]
    facility = next((p for p in inside if p.place.kind == "facility"), None)
    if facility is not None:
        return [(facility.place.id, facility.place.name)]
    kind = target.lemma_.lower()
    towns = [p for p in inside if p.place.kind not in AREA_KINDS]
    if not towns and _WHERE_NEXT.match(ctx.text[hi:hi + 40]):
        # "seized two more airstrips, in the coastal towns of Dorvana and Kelto"
        clause_end = target.head.right_edge.idx + len(target.head.right_edge) if target.head.pos_ in ("VERB", "AUX") else hi
        towns = [p for p in ctx.places if hi <= p.start < min(clause_end, sent.end_char)
                 and p.place.kind not in AREA_KINDS and not ctx.text[hi:p.start].count(".")]
    if towns:
        return _unique_names([f"{p.place.name} {kind}" for p in towns])
    words = [t for t in target.subtree if lo <= t.idx < hi and t.i <= target.i and t.pos_ in ("NOUN", "PROPN", "ADJ")
             and t.lower_ not in _ANY_OF and t.lower_ not in ("other", "another")]
    if len(words) == 1 and ctx.main_city is not None:
        return [(None, f"{ctx.main_city.place.name} {kind}")]  # "the airport": the article's city's
    label = " ".join(t.lemma_.lower() if t.i == target.i else t.lower_ for t in words)
    return [(None, label)] if label else []


def _unique_names(labels: list[str]) -> list[tuple[str | None, str]]:
    return [(None, label) for label in dict.fromkeys(labels)]


def _same_name(ctx: ArticleContext, target) -> list:
    """A proper name the place finder left unresolved here but resolved elsewhere in the article
    ("Mellit remained under ..." after "Mellit" was found once) is that place."""
    if target.pos_ != "PROPN":
        return []
    name = ctx.text[target.left_edge.idx:target.idx + len(target)]
    name = re.sub(r"(?i)^the\s+", "", name).strip()
    return [p for p in ctx.places if p.surface == name][:1]


def _unique(mentions) -> list[tuple[str | None, str]]:
    seen, out = set(), []
    for p in mentions:
        key = p.place.id
        if key not in seen:
            seen.add(key)
            out.append((p.place.id, p.place.name))
    return out


def _holder_of_noun(ctx: ArticleContext, noun) -> tuple[str, str | None] | None:
    """The holder named around 'control': its possessor or modifier, or the object of 'of'."""
    of = next((g for c in noun.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None)
    if of is not None:
        h = _holder_of_token(ctx, of)
        if h:
            return h
    mods = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < noun.i]
    for m in mods:
        if m.lower_ in _ANAPHOR_ADJ and ctx.main_group is not None:
            return ctx.main_group.side, ctx.main_group.name
        code = ctx.lexicon.country_code(m.text)
        if code is not None:  # "under Ukrainian control": the country's side
            gov = ctx.lexicon.state_actor(code, "government")
            return gov.side, gov.name
        h = _holder_of_token(ctx, m)
        if h:
            return h
    return None


_OWN_FORCES = re.compile(r"(?i)^(?:his|her|our|their|its|my)\s+(?:own\s+)?(?:forces|fighters|troops|men|units|soldiers)$")


def _own_forces(ctx: ArticleContext, noun) -> tuple[str, str | None] | None:
    """"under the control of his forces", said by a commander: the speaker's own side holds it."""
    of = next((g for c in noun.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None)
    if of is None or not _OWN_FORCES.match(ctx.text[of.left_edge.idx:of.idx + len(of)]):
        return None
    return _speaker_side(ctx, noun)


def _holder_of_token(ctx: ArticleContext, tok) -> tuple[str, str | None] | None:
    if tok is None:
        return None
    if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
        tok = tok.head.head  # "the army, which has held the city": the army holds it
    if tok.lower_ in ("they", "it") and tok.dep_ == "nsubj" and tok.head.dep_ == "advcl":
        # "the rebels forced the guards to surrender as they took the airport": the main clause's subject
        main = _subject_of(tok.head.head)
        if main is not None and main.pos_ != "PRON":
            held = _holder_of_token(ctx, main)
            if held:
                return held
    right = tok
    for c in tok.rights:
        if c.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "prep"):
            break
        right = c.right_edge
    actor = ctx.reporter_of(tok) or ctx.actor_in(tok.left_edge.idx, right.idx + len(right), head_end=tok.idx + len(tok))
    if actor is None or actor.kind in ("civilians", "organization"):
        return None
    return actor.side, actor.name


def _speaker_side(ctx: ArticleContext, tok) -> tuple[str, str | None] | None:
    source, _ = ctx.speaker(tok.idx, tok.idx + len(tok), ctx.sentence_of(tok))
    side = ctx.side_of(source)
    return (side, None) if side else None


def _subject_of(verb):
    if verb is None:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    if subj is None and verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        return _subject_of(verb.head)
    return subj


def _not_asserted(verb, cues: ControlCues) -> bool:
    """Negated, denied, conditional or merely hoped-for claims are not claims of control."""
    if is_denied(verb):
        return True  # "denied reports the city had fallen"
    t, hops = verb, 0
    while t is not None and hops < 4:
        if any(c.dep_ == "neg" for c in t.children):
            return True
        if any(c.lower_ == "longer" and c.i > 0 and c.doc[c.i - 1].lower_ in ("no", "not", "n't") for c in t.children):
            return True  # "is no longer under government control": no longer held, and by whom now is unsaid
        if any(c.dep_ == "mark" and c.lower_ in cues.conditionals for c in t.children):
            return True
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in cues.conditionals for m in c.children)
               for c in t.children) and t is verb:
            return True
        if t.lemma_ in ("expect", "hope", "want", "try", "plan", "aim", "seek", "threaten", "vow", "pledge", "prohibit"):
            return True
        if t.head is t or t.dep_ in ("conj", "ccomp", "relcl", "parataxis", "advcl"):
            break  # another clause's verb ("X has not commented, but said ...") does not bind this one
        t, hops = t.head, hops + 1
    return False


def _present(verb) -> bool:
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(a.tag_ in ("VBZ", "VBP", "MD") or a.lemma_ == "have" for a in auxes)


def _hedged(ctx: ArticleContext, start: int, end: int) -> bool:
    return ctx.hedged(start, end)
