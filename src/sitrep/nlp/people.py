"""People and organisations an article names: names, roles, affiliations and every mention.

Names come from the statistical NER, corrected where the small model is known to slip: a surname
tagged as an organisation ("Shinwari" ORG), a name split in two ("Mohammad Yosouf" + "Farahmand"), a
place tagged as a person ("from Badghis"), a one-word name it misses ("said Mirwais, a police
officer"). Roles come from appositions ("X, a spokesman for ...") and pre-modifiers ("police officer
X", "Gen. X"). Mentions are the names, surnames ("Beg", "Mr. Khan") and definite role descriptions
("the provincial governor"); `quotes.find_quotes` adds the pronouns that name a speaker.

Reporters and photographers (the byline, credit lines) are never entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..model import Article, Claim, Entity, Source, Span, stable_id
from .coref import Discourse, Referent, RoleVocab, role_key, role_vocab, stem
from .load import NAMED_AFTER_PLACE

__all__ = ["find_entities", "ROLE_MAX_TOKENS", "names_a_place_part", "speaks_for", "in_the_voice_of"]

# An apposition longer than this is a clause, not a role ("X, who ... "). Tuned on the seeds' roles
# (the longest, a retired general who once spoke for a ministry, is 8 tokens).
ROLE_MAX_TOKENS = 14

NAME_CONNECTORS = frozenset({"-", "al", "el", "bin", "ibn", "bint", "abu", "van", "von", "de", "da", "del", "ul", "ud"})
POSSESSIVE = frozenset({"’s", "'s", "’", "'"})
DETERMINERS = frozenset({"a", "an", "the"})
# Prepositions that take places, seldom organisations ("a spokesman for the army" is fine).
PLACE_ONLY_PREPOSITIONS = frozenset({"in", "near", "into", "outside", "around", "throughout", "across"})


@dataclass
class _Draft:
    """An entity while it is being assembled."""

    name: str
    kind: str  # person | org
    mentions: set[tuple[int, int]] = field(default_factory=set)  # token spans
    aliases: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)
    role_words: list[list[str]] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(s for s, _ in self.mentions)

    @property
    def surname(self) -> str | None:
        parts = self.name.split()
        return parts[-1] if self.kind == "person" and len(parts) > 1 else None


def find_entities(article: Article, doc, actors=None, places=None) -> list[Entity]:
    """People and organisations named in the body of `article`, read from `doc` (made from
    `article.body_text()`). `actors` is an optional `ActorLexicon` for kinds and affiliations;
    `places`, the article's resolved place mentions: a name the gazetteer resolved is no one."""
    vocab = role_vocab()
    place_mentions = places or ()
    reporters = _reporter_names(article)
    credits = _credit_pattern(doc.text, vocab)
    names = [n for n in _candidate_names(doc, vocab) if not _is_reporter(doc, n, reporters, credits)]
    names += _state_forces(doc, names, actors)
    places = {_key(n.text) for n in names
              if n.kind == "person" and n.end - n.start == 1 and _looks_like_place(doc[n.start], vocab)} \
        | _resolved_place_names(doc, names, places or (), actors)
    drafts = [d for d in _group(names) if _key(d.name) not in places]
    _add_surname_mentions(doc, drafts, vocab)
    for d in drafts:
        _add_roles(doc, d, vocab)
    _add_role_mentions(doc, drafts, vocab)
    entities = [_to_entity(article, doc, d, actors) for d in sorted(drafts, key=lambda d: (d.first, d.name))]
    entities = _merge_head_words(_merge_acronyms(_merge_same_name(entities)), vocab)
    return _the_armies(article, doc, entities, actors, place_mentions)


def _resolved_place_names(doc, names: list, places, actors) -> set[str]:
    """Names every mention of which the place resolver read as a place ('Zalingei, the capital of
    Central Darfur, reported …'), unless the actor lexicon knows them as a group."""
    spans = {(p.start, p.end) for p in places if p.place is not None}
    if not spans:
        return set()
    by_key: dict[str, list[bool]] = {}
    for n in names:
        start, end = doc[n.start].idx, doc[n.end - 1].idx + len(doc[n.end - 1])
        inside = any(a <= start and end <= b for a, b in spans)
        by_key.setdefault(_key(n.text), []).append(inside)
    out = set()
    for key, flags in by_key.items():
        if all(flags) and not (actors is not None and _whole_name_actor(actors, key)):
            out.add(key)
    return out


def _merge_same_name(entities: list[Entity]) -> list[Entity]:
    """'RSF' and 'Rapid Support Forces' are one entity once the lexicon names both."""
    by_id: dict[str, Entity] = {}
    for e in entities:
        kept = by_id.setdefault(e.id, e)
        if kept is not e:
            kept.mentions = sorted(set(kept.mentions) | set(e.mentions), key=lambda m: (m.start, m.end))
            kept.aliases = sorted(set(kept.aliases) | set(e.aliases))
            kept.roles += [r for r in e.roles if r not in kept.roles]
    return list(by_id.values())


# Words an acronym skips: "Office for the Coordination of Humanitarian Affairs" is OCHA.
ACRONYM_SKIPS = frozenset({"of", "for", "the", "and", "on", "in", "de", "des", "du", "la", "le", "el", "al", "&"})


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-/]+", name) if w and w.lower() not in ACRONYM_SKIPS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def _merge_acronyms(entities: list[Entity]) -> list[Entity]:
    """'the Central Committee of Sudanese Doctors (CCSD)' and 'the CCSD' are one organisation: an
    all-capitals name that spells the initials of another organisation's name is its alias."""
    orgs = [e for e in entities if e.kind != "person" and len(e.name.split()) > 1]
    out = []
    for e in entities:
        short = e.name.replace(".", "")
        owner = None
        if 2 <= len(short) <= 8 and short.isalpha() and short.isupper():
            owners = [o for o in orgs if o is not e and _initials(o.name) == short]
            owner = owners[0] if len(owners) == 1 else None
        if owner is None:
            out.append(e)
            continue
        owner.aliases = sorted(set(owner.aliases) | {e.name} | set(e.aliases))
        owner.mentions = sorted(set(owner.mentions) | set(e.mentions), key=lambda m: (m.start, m.end))
        owner.roles += [r for r in e.roles if r not in owner.roles]
        if owner.kind == "organization" and e.kind != "organization":
            owner.kind, owner.affiliation = e.kind, e.affiliation  # the lexicon knew the acronym
    return out


# "the army" names the army of the country an article is about when that many of its placed mentions
# (at least FOCUS_MIN_PLACES) are in that one country. Tuned on examples/ and the dev sets' reports,
# where a report on a war mostly names places on one side of a border.
FOCUS_SHARE = 0.75
FOCUS_MIN_PLACES = 3


def _the_armies(article: Article, doc, entities: list[Entity], actors, places) -> list[Entity]:
    """'the army' is the army of the troops its sentence (else its paragraph) names by nationality
    ('the <nationality> contingent …, according to the army'); else, in a report that names no army,
    the army of the country the report is about. Returns `entities` with those armies added."""
    if actors is None:
        return entities
    words = [t for t in doc if t.lower_ in ("army", "military") and t.i and doc[t.i - 1].lower_ == "the" and t.dep_ != "compound"]
    if not words:
        return entities
    out, made = list(entities), {}
    rest = []
    for t in words:
        code = _troops_country(doc, t, actors)
        if code is None:
            rest.append(t)
            continue
        army = _army_of(article, code, actors, out, made)
        if army is None:
            continue
        army.mentions.append(Span(article.id, doc[t.i - 1].idx, t.idx + len(t)))
        alias = f"{actors.demonym(code)} {t.lower_}"
        if alias not in army.aliases:
            army.aliases.append(alias)
    main = _the_army(article, doc, entities, actors, places, rest) if rest else None
    if main is not None and main.id in made:
        made[main.id].mentions += main.mentions
        made[main.id].aliases = list(set(made[main.id].aliases) | set(main.aliases))
    elif main is not None:
        out.append(main)
    for e in made.values():
        e.mentions.sort(key=lambda m: (m.start, m.end))
        e.aliases.sort()
    return out


# Nouns for a state's troops that a nationality may modify ("the <nationality> contingent").
TROOP_NOUNS = frozenset({"troops", "troop", "soldiers", "soldier", "contingent", "peacekeepers", "peacekeeper",
                         "forces", "force", "army", "military", "battalion", "personnel", "servicemen", "paratroopers"})


def _troops_country(doc, tok, actors) -> str | None:
    """The one country whose troops the sentence of `tok` (else its paragraph before it) names by
    nationality or possessive: 'the <nationality> contingent', '<country>'s soldiers'."""
    sent = tok.sent
    para_start = doc.text.rfind("\n", 0, tok.idx) + 1
    for lo, hi in ((sent.start_char, sent.end_char), (para_start, sent.start_char)):
        codes = set()
        for ent in doc.ents:
            if ent.start_char < lo or ent.end_char > hi or ent.label_ not in ("NORP", "GPE"):
                continue
            nxt = doc[ent.end] if ent.end < len(doc) else None
            if ent.label_ == "GPE" and nxt is not None and nxt.text in POSSESSIVE and ent.end + 1 < len(doc):
                nxt = doc[ent.end + 1]
            elif ent.label_ == "GPE":
                continue
            if nxt is None or nxt.lower_ not in TROOP_NOUNS or nxt.i == tok.i:
                continue
            code = actors.country_code(ent.text)
            if code:
                codes.add(code)
        if codes:
            return codes.pop() if len(codes) == 1 else None
    return None


def _army_of(article: Article, code: str, actors, out: list[Entity], made: dict) -> Entity | None:
    """The entity for country `code`'s forces: one the article names already, else a new one."""
    try:
        forces = actors.state_actor(code, "security_forces")
    except KeyError:
        return None
    for e in out:
        if e.kind == "state_force" and any((m := actors.match(n)) is not None and m.country == code
                                           for n in [e.name, *e.aliases]):
            made[e.id] = e
            return e
    eid = stable_id("ent", article.id, forces.name)
    if eid not in made:
        made[eid] = Entity(id=eid, name=forces.name, kind=forces.kind, aliases=list(actors.acronyms(forces.name)),
                           roles=[], affiliation=forces.affiliation, mentions=[])
        out.append(made[eid])
    return made[eid]


def _the_army(article: Article, doc, entities: list[Entity], actors, places, words) -> Entity | None:
    """'An army spokesperson said …; the army said …' in a report that names no army: the army of the
    country the report is about, when the actor lexicon knows that country's army by name (a country
    without one — a territory, a state whose war is fought by others — gets none)."""
    if any(e.kind == "state_force" for e in entities):
        return None
    spans = [(doc[t.i - 1].idx, t.idx + len(t)) for t in words]
    codes = [p.place.country_code for p in places if p.place is not None and p.place.country_code
             and p.role not in ("dateline", "credit")]
    if not spans or len(codes) < FOCUS_MIN_PLACES:
        return None
    code = max(sorted(set(codes)), key=codes.count)
    if codes.count(code) < FOCUS_SHARE * len(codes):
        return None
    try:
        forces = actors.state_actor(code, "security_forces")
    except KeyError:
        return None
    if forces.name not in _named_actors(actors):
        return None
    aliases = sorted({f"{actors.demonym(code)} {t.lower_}" for t in words})  # what "the army" stands for here
    return Entity(id=stable_id("ent", article.id, forces.name), name=forces.name, kind=forces.kind,
                  aliases=aliases, roles=[], affiliation=forces.affiliation,
                  mentions=[Span(article.id, s, e) for s, e in spans])


@lru_cache(maxsize=4)
def _named_actors(actors) -> frozenset[str]:
    """The actors the lexicon knows by a name of their own ('Sudanese army' for Sudanese security forces)."""
    return frozenset(p["id"] for p in actors.patterns() if isinstance(p, dict) and p.get("id"))


# Words for a state's own institutions after a country's possessive ("Sudan's army").
STATE_INSTITUTION_WORDS = frozenset({"army", "military", "armed forces", "air force", "navy", "police",
                                     "defence ministry", "defense ministry", "security forces"})


def _state_forces(doc, names: list[_Name], actors) -> list[_Name]:
    """"held by <country>'s army", "the <nationality> armed forces said": a country's possessive or a
    nationality, then its army, which the statistical model leaves untagged, names that state's
    forces (the actor lexicon says whose)."""
    if actors is None:
        return []
    taken = {i for n in names for i in range(n.start, n.end)}
    # (where the name starts, where the institution's words start)
    owners = [(tok.i, tok.i + 2) for tok in doc
              if tok.ent_type_ == "GPE" and tok.i + 2 < len(doc) and doc[tok.i + 1].text in POSSESSIVE]
    owners += [(ent.start, ent.end) for ent in doc.ents if ent.label_ == "NORP"]
    out = []
    for start, inst in owners:
        for width in (2, 1):
            end = inst + width
            if end > len(doc) or doc[inst:end].text.lower() not in STATE_INSTITUTION_WORDS \
                    or taken.intersection(range(start, end)):
                continue
            actor = actors.match(doc[start:end].text)
            if actor is not None and actor.country and actor.kind in ("state_force", "government"):
                out.append(_Name(start, end, "org", doc[start:end].text))
                taken.update(range(start, end))
            break
    return out


def _merge_head_words(entities: list[Entity], vocab: RoleVocab) -> list[Entity]:
    """'the Syrian Observatory for Human Rights' … 'the Observatory said': an organisation named by its
    head word alone ('Observatory', 'Committee') is the one organisation of the article whose name
    holds that word."""
    out = []
    for e in entities:
        owners = [o for o in entities if o is not e and o.kind != "person" and len(o.name.split()) > 1
                  and e.name in o.name.split()] if e.kind != "person" and e.name in vocab.organisation_name_heads else []
        if len(owners) != 1:
            out.append(e)
            continue
        owner = owners[0]
        owner.aliases = sorted(set(owner.aliases) | set(e.aliases))
        owner.mentions = sorted(set(owner.mentions) | set(e.mentions), key=lambda m: (m.start, m.end))
    return out


# ---- names -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Name:
    start: int  # token index
    end: int
    kind: str  # person | org
    text: str


def _candidate_names(doc, vocab: RoleVocab) -> list[_Name]:
    names: list[_Name] = []
    taken: set[int] = set()
    place_ends = {ent.end for ent in doc.ents if ent.label_ in ("GPE", "LOC", "FAC")}
    named_after_places = list(doc.spans[NAMED_AFTER_PLACE]) if NAMED_AFTER_PLACE in doc.spans else []
    for ent in sorted([*doc.ents, *named_after_places], key=lambda e: (e.start, -len(e))):
        if ent.label_ == "PERSON":
            name = _person_span(doc, ent.start, ent.end, vocab)
        elif ent.label_ == "ORG":
            name = _org_span(doc, ent.start, ent.end, vocab)
        else:
            continue
        if name and (_place_part(doc, name, vocab) or _other_name_of_place(doc, name, place_ends)):
            place_ends.add(name.end)  # "Khartoum North (Khartoum Bahri)": a place and its other name
            continue
        if name and not taken.intersection(range(name.start, name.end)):
            names.append(name)
            taken.update(range(name.start, name.end))
    names = _institution_names(doc, names, taken, vocab)
    names.extend(_missed_names(doc, taken, vocab))
    return sorted(names, key=lambda n: n.start)


# Lower-case words inside an institution's name: "Office for the Coordination of Humanitarian Affairs".
NAME_INNER_WORDS = frozenset({"of", "for", "the", "and", "on", "in", "de", "du", "des", "la", "al", "el", "&"})
# Capitalised words after "of"/"for" that still belong to an institution's name ("… for Human Rights").
NAME_TAIL_TOKENS = 6


def _institution_names(doc, names: list[_Name], taken: set[int], vocab: RoleVocab) -> list[_Name]:
    """'the London-based Observatory for Civilian Casualties', 'the Central Committee of Field Doctors':
    capitalised words up to an institution's head word ('Observatory', 'Committee'; data) and the
    'of/for' phrase after it name an organisation the statistical model tagged in part or not at all.
    An organisation it tagged inside the run ('Human Rights') gives way to the whole name."""
    out = list(names)
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if tok.text not in vocab.organisation_name_heads or not tok.text[:1].isupper():
            i += 1
            continue
        lo = i
        while lo > 0 and _name_word(doc[lo - 1]) and not doc[lo - 1].is_sent_start:
            lo -= 1
        if lo > 0 and _name_word(doc[lo - 1]) and doc[lo - 1].is_sent_start and doc[lo - 1].pos_ != "VERB":
            lo -= 1
        hi = i + 1
        if hi + 1 < n and doc[hi].lower_ in ("of", "for", "on") and "\n" not in doc[hi].whitespace_:
            j = hi + 1
            while j < n and j - hi <= NAME_TAIL_TOKENS and (_name_word(doc[j]) or _inner_word(doc, j)):
                j += 1
            if j > hi + 1 and _name_word(doc[j - 1]):
                hi = j
        i = hi
        words = [t for t in doc[lo:hi] if _name_word(t)]
        if len(words) < 2 or any("\n" in t.text or "\n" in t.whitespace_ for t in doc[lo:hi - 1]):
            continue
        inside = [m for m in out if lo <= m.start and m.end <= hi]
        if any(m.start < hi and m.end > lo for m in out if m not in inside) or any(m.kind == "person" for m in inside):
            continue
        for m in inside:
            out.remove(m)
        taken.update(range(lo, hi))
        out.append(_Name(lo, hi, "org", doc[lo:hi].text))
    return out


def _inner_word(doc, i: int) -> bool:
    """'of', 'for the' inside an institution's name: lower-case words with a name word after them."""
    j = i
    while j < len(doc) and j - i < 2 and doc[j].lower_ in NAME_INNER_WORDS and "\n" not in doc[j].whitespace_:
        j += 1
    return j > i and j < len(doc) and _name_word(doc[j])


def _name_word(tok) -> bool:
    """A capitalised word that can be part of an institution's name (not 'The', not a number)."""
    return _capitalised(tok) and tok.lower_ not in DETERMINERS and tok.pos_ in ("PROPN", "NOUN", "ADJ") \
        and not tok.is_punct


def _person_span(doc, start: int, end: int, vocab: RoleVocab) -> _Name | None:
    while start < end and (doc[start].text in vocab.titles or doc[start].lower_ in DETERMINERS):
        start += 1  # "President Biden": the title is a role, read by _title_role
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if start >= end or _dateline_word(doc, start, end):
        return None
    # The small model sometimes starts or ends a name late or early ("Mohammad Yosouf" | "Farahmand").
    while (start > 0 and doc[start - 1].whitespace_ == " " and doc[start - 1].pos_ == "PROPN" and _capitalised(doc[start - 1])
           and doc[start - 1].text not in vocab.titles and _joins_name(doc, start - 1)):
        start -= 1
    while (end < len(doc) and doc[end - 1].whitespace_ == " " and doc[end].pos_ == "PROPN" and _capitalised(doc[end])
           and doc[end].text not in vocab.titles and doc[end].ent_type_ in ("", "PERSON", "GPE", "ORG", "NORP")):
        end += 1
    if not all(_capitalised(t) or t.lower_ in NAME_CONNECTORS for t in doc[start:end]):
        return None
    if end - start == 1 and (doc[start].tag_ == "NNPS" or (start > 0 and doc[start - 1].lower_ == "the")):
        return _org_span(doc, start, end, vocab)  # "the Houthis", "the Shabab": a group, not a person
    return _Name(start, end, "person", doc[start:end].text)


def _other_name_of_place(doc, name: _Name, place_ends: set[int]) -> bool:
    """'Khartoum North (Khartoum Bahri)': a name in brackets right after a place is that place's other name."""
    return name.start >= 2 and doc[name.start - 1].text == "(" and name.start - 1 in place_ends


def names_a_place_part(doc, start: int, end: int) -> bool:
    """Tokens [start, end) name a part of a place ('Khartoum North')."""
    return _place_part(doc, _Name(start, end, "org", doc[start:end].text), role_vocab())


def _place_part(doc, name: _Name, vocab: RoleVocab) -> bool:
    """'Khartoum North', 'Upper Nile': a place the article names elsewhere plus a direction word is
    a part of that place, not a person or an organisation."""
    words = doc[name.start:name.end]
    rest = [t for t in words if t.lower_ in vocab.direction_words]
    core = [t for t in words if t.lower_ not in vocab.direction_words]
    if not rest or len(core) != 1:
        return False
    return any(t.text == core[0].text and t.ent_type_ in ("GPE", "LOC") for t in doc)


def _dateline_word(doc, start: int, end: int) -> bool:
    """'KHARTOUM – April 17': a place in capitals opening a line before a dash is a dateline."""
    if not all(t.text.isupper() and len(t.text) > 2 for t in doc[start:end]):
        return False
    opens_line = start == 0 or "\n" in doc[start - 1].text or "\n" in doc[start - 1].whitespace_ or doc[start].is_sent_start
    return opens_line and end < len(doc) and doc[end].text in ("-", "\u2013", "\u2014", ",", "/")


def _joins_name(doc, i: int) -> bool:
    """A capitalised word right before a name belongs to it, unless it is a place after a
    preposition ('in Kabul Ahmad Shah said'); the model tags first names as places at times."""
    tok = doc[i]
    if tok.ent_type_ in ("", "PERSON"):
        return True
    return tok.ent_type_ == "GPE" and (i == 0 or tok.is_sent_start or doc[i - 1].pos_ not in ("ADP",))


def _org_span(doc, start: int, end: int, vocab: RoleVocab) -> _Name | None:
    while start < end and doc[start].lower_ in DETERMINERS:
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end or "\n" in doc[start:end].text:
        return None
    first = doc[start]
    if not first.text[:1].isupper() or first.text in vocab.not_person_words:
        return None
    if end - start == 1 and first.tag_ not in ("NNP", "NNPS"):
        return None  # "Videos" at the start of a sentence
    role = _post_role(doc, end, vocab)
    if role and _role_head_noun(doc, role).lower_ in vocab.place_nouns:
        return None  # "Qala-e-Naw, the capital of ...": a place the model took for an organisation
    if _org_in_place_position(doc, start, end, vocab):
        return None
    titled = _title_start(doc, start, vocab) < start  # "Sgt. Oleksandr Kravets" tagged ORG
    # "the wire agency Kelto Press, a senior officer said": a name its own words call an
    # organisation is one, whatever the parser hangs after its comma
    called_org = start > 0 and doc[start - 1].lower_ in vocab.organisation_nouns and doc[start - 1].pos_ == "NOUN"
    kind = "person" if not called_org and (titled or (role and _has_person_head(doc[role[0]:role[1]], vocab))) else "org"
    return _Name(start, end, kind, doc[start:end].text)


def _role_head_noun(doc, role: tuple[int, int]):
    return next((t for t in doc[role[0]:role[1]] if t.pos_ in ("NOUN", "PROPN")), doc[role[1] - 1])


def _org_in_place_position(doc, start: int, end: int, vocab: RoleVocab) -> bool:
    """'in Takhar', 'Takhar and Badghis provinces': organisations are rarely the object of 'in'."""
    if end < len(doc) and doc[end].lower_ in vocab.place_nouns:
        return True
    if end + 2 < len(doc) and doc[end].lower_ == "and" and doc[end + 2].lower_ in vocab.place_nouns:
        return True
    head = doc[end - 1].head
    return doc[end - 1].dep_ == "pobj" and head.lower_ in PLACE_ONLY_PREPOSITIONS


def _missed_names(doc, taken: set[int], vocab: RoleVocab) -> list[_Name]:
    """Capitalised runs the NER missed but the syntax shows to be people: 'said Mirwais, a police
    officer' or 'police officer Mirwais'."""
    out = []
    i, n = 0, len(doc)
    while i < n:
        if i in taken or not _capitalised(doc[i]) or doc[i].pos_ != "PROPN" or doc[i].ent_type_ in ("GPE", "LOC", "NORP", "FAC", "DATE"):
            i += 1
            continue
        j = i
        while j < n and j not in taken and _capitalised(doc[j]) and doc[j].pos_ == "PROPN":
            j += 1
        if doc[i].text not in vocab.titles and (
            _apposition_is_person(doc, j, vocab) or (i > 0 and vocab.is_role(doc[i - 1].text) and doc[i - 1].is_lower)
        ) and not (j - i == 1 and _looks_like_place(doc[i], vocab)):
            out.append(_Name(i, j, "person", doc[i:j].text))
        i = j
    return out


def _capitalised(tok) -> bool:
    t = tok.text
    return t[:1].isupper() and any(c.isalpha() for c in t)


def _looks_like_place(tok, vocab: RoleVocab) -> bool:
    """A one-word 'person' that sits where places sit: 'from Badghis', 'Badghis province'."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in vocab.place_prepositions:
        return True
    if tok.dep_ in ("compound", "nmod", "poss") and head.lower_ in vocab.place_nouns:
        return True
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return bool(nxt is not None and nxt.lower_ in vocab.place_nouns)


def _apposition_is_person(doc, end: int, vocab: RoleVocab) -> bool:
    role = _post_role(doc, end, vocab)
    return role is not None and _has_person_head(doc[role[0]:role[1]], vocab)


def _has_person_head(span, vocab: RoleVocab) -> bool:
    return any(vocab.is_role(t.text) and t.pos_ in ("NOUN", "PROPN") and t.tag_ in ("NN", "NNP") for t in span)


# ---- grouping names into entities ---------------------------------------------------------------

def _key(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("\u2010", " ").split())


def _group(names: list[_Name]) -> list[_Draft]:
    """One draft per entity: full names first, then single words that are someone's surname."""
    drafts: dict[str, _Draft] = {}
    by_surname: dict[str, list[_Draft]] = {}
    later: list[tuple[_Name, str]] = []
    for n in names:
        text = n.text
        if n.kind == "person" and len(text.split()) > 1:
            key = _key(text)
            d = drafts.get(key) or next((d for k, d in drafts.items() if d.kind == "person" and (k.endswith(" " + key) or key.endswith(" " + k))), None)
            if d is None:
                d = drafts[key] = _Draft(text, "person")
            elif len(text) > len(d.name):
                d.aliases.add(d.name)
                d.name = text
            d.mentions.add((n.start, n.end))
            by_surname.setdefault(d.surname, []).append(d)
        else:
            later.append((n, text))
    for n, text in later:
        owners = by_surname.get(text)
        if owners:
            owner = owners[0]
            owner.mentions.add((n.start, n.end))
            owner.aliases.add(text)
            continue
        key = _key(text)
        d = drafts.get(key)
        if d is None:
            d = drafts[key] = _Draft(text, n.kind)
        d.mentions.add((n.start, n.end))
    return list(drafts.values())


def _add_surname_mentions(doc, drafts: list[_Draft], vocab: RoleVocab) -> None:
    """'Beg', 'Mr. Khan': a surname alone names the person most recently named in full."""
    surnames: dict[str, list[_Draft]] = {}
    for d in drafts:
        if d.surname:
            surnames.setdefault(d.surname, []).append(d)
    if not surnames:
        return
    covered = {i for d in drafts for s, e in d.mentions for i in range(s, e)}
    for tok in doc:
        owners = surnames.get(tok.text)
        if not owners or tok.i in covered:
            continue
        owner = max(owners, key=lambda d: (d.first <= tok.i, -abs(d.first - tok.i)))
        start = tok.i
        if start > 0 and doc[start - 1].text in vocab.honorifics:
            start -= 1
        owner.mentions.add((start, tok.i + 1))
        owner.aliases.add(doc[start:tok.i + 1].text)
    for d in drafts:  # "Mr. Khan" where the model tagged only "Khan"
        for s, e in list(d.mentions):
            if s > 0 and doc[s - 1].text in vocab.honorifics:
                d.mentions.discard((s, e))
                d.mentions.add((s - 1, e))
                d.aliases.add(doc[s - 1:e].text)


# ---- roles -------------------------------------------------------------------------------------

def _add_roles(doc, d: _Draft, vocab: RoleVocab) -> None:
    for s, e in sorted(d.mentions):
        spans = [_post_role(doc, e, vocab), _pre_role(doc, s, vocab), _title_role(doc, s, vocab)]
        if d.kind == "person" and not any(spans):
            spans.append(_relative_role(doc, e))
        for k, span in enumerate(spans):
            if span is None:
                continue
            words = [t.text for t in doc[span[0]:span[1]]]
            if d.kind == "person" and k < 3 and not any(vocab.is_role(w) or w in vocab.titles for w in words) \
                    and not (k == 0 and _is_common_noun_phrase(doc, span, vocab)):
                continue
            text = doc[span[0]:span[1]].text
            if not any(set(words) <= set(w) for w in d.role_words):
                d.roles.append(text)
                d.role_words.append(words)


def _is_common_noun_phrase(doc, span: tuple[int, int], vocab: RoleVocab) -> bool:
    """'Jeanne Furaha, a cassava seller, said': an apposition headed by a singular common noun
    describes the person even when the noun is in no list (a place noun would mean a misread name)."""
    inside = range(span[0], span[1])
    roots = [t for t in doc[span[0]:span[1]] if t.head.i not in inside or t.head.i == t.i]
    return len(roots) == 1 and roots[0].tag_ == "NN" and roots[0].lower_ not in vocab.place_nouns


def _relative_role(doc, end: int) -> tuple[int, int] | None:
    """'X, who runs the reception point for a local aid group,': what someone habitually does is
    their role when no noun names it. Present tense only: 'who fled' or 'who asked not to be
    named' says what happened, not who they are."""
    i = end
    if i + 2 < len(doc) and doc[i].text == "," and doc[i + 1].like_num and doc[i + 2].text == ",":
        i += 2  # an age
    if i + 2 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ != "who" or doc[i + 2].tag_ not in ("VBZ", "VBP"):
        return None
    if doc[i + 2].lemma_ in ("be", "have"):
        return None  # "who is …": the apposition reading covers nouns; "who has …" is not a role
    j = i + 2
    while j < len(doc) and j - i < ROLE_MAX_TOKENS and not (doc[j].is_punct and doc[j].text not in POSSESSIVE) \
            and "\n" not in doc[j].text and doc[j].lemma_ not in ("say", "tell"):
        j += 1
    return (i + 2, j) if j > i + 3 else None


def _post_role(doc, end: int, vocab: RoleVocab) -> tuple[int, int] | None:
    """'X, a spokesman for the army,' -> the tokens of 'spokesman for the army'."""
    n = len(doc)
    if end >= n or doc[end].text != ",":
        return None
    i = end + 1
    if i + 1 < n and doc[i].like_num and doc[i + 1].text == ",":
        i += 2  # an age: "X, 45, a farmer"
    if i >= n or not (doc[i].lower_ in DETERMINERS or doc[i].pos_ in ("ADJ", "NOUN", "PROPN") or doc[i].tag_ == "VBN"):
        return None
    j = i
    while j < n and j - i < ROLE_MAX_TOKENS and _role_token(doc, j, vocab):
        j += 1
    while j > i and (doc[j - 1].is_punct or doc[j - 1].lower_ in ("and", "or")):
        j -= 1
    if j <= i or doc[j - 1].pos_ not in ("NOUN", "PROPN", "NUM"):  # NUM: "a father of four"
        return None
    while i < j and doc[i].lower_ in DETERMINERS:
        i += 1
    if all(t.pos_ == "PROPN" and not vocab.is_role(t.text) for t in doc[i:j]):
        return None  # "the Arakan Army, Khine Thu Kha, said": a name after a comma, not what the army is
    return (i, j)


def _role_token(doc, j: int, vocab: RoleVocab) -> bool:
    t = doc[j]
    if t.text in POSSESSIVE or t.text in ("-", "\u2010"):
        return True
    if t.is_punct or t.is_quote or t.is_space or "\n" in t.text:
        return False
    if t.lower_ in vocab.stop_words and t.lower_ not in ("and",):
        return False
    if t.lower_ == "and":  # "a retired general and former spokesman", not "and said"
        nxt = doc[j + 1] if j + 1 < len(doc) else None
        return nxt is not None and nxt.pos_ in ("ADJ", "NOUN") and nxt.dep_ != "nsubj"
    if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound"):
        return False
    return t.pos_ not in ("PRON",) or t.tag_ == "PRP$"


def _pre_role(doc, start: int, vocab: RoleVocab) -> tuple[int, int] | None:
    """'police officer X', 'Sudanese army spokesman X', 'a spokesman for the army, Lt. Col. X,'."""
    j = _title_start(doc, start, vocab)
    comma = j > 0 and doc[j - 1].text == ","
    if comma:
        j -= 1
        apposed = _apposed_role(doc, start, j, vocab)
        if apposed is not None:
            return apposed
    if j == 0 or not vocab.is_role(doc[j - 1].text):
        return None
    if not comma and not doc[j - 1].is_lower:
        return None  # a capitalised title is read by _title_role
    i = j - 1
    while i > 0 and _pre_role_token(doc[i - 1], comma):
        i -= 1
    if comma and i > 0 and not (doc[i - 1].is_punct or doc[i - 1].is_sent_start or doc[i].lower_ in DETERMINERS):
        if doc[i - 1].pos_ not in ("ADP", "SCONJ", "CCONJ", "VERB"):
            return None
    while i < j and doc[i].lower_ in DETERMINERS:
        i += 1
    return (i, j) if i < j else None


def _apposed_role(doc, start: int, comma: int, vocab: RoleVocab) -> tuple[int, int] | None:
    """The parser's reading of 'a spokesman for the Arakan Army, X,': X is in apposition to 'spokesman'."""
    tok = doc[start]
    while tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.i < len(doc):
        tok = tok.head
    head = tok.head
    if tok.dep_ != "appos":
        return None
    while not vocab.is_role(head.text) and head.dep_ in ("pobj", "prep") and head.head.i < head.i:
        head = head.head  # 'a spokeswoman for the agency, X': the parser may hang X on 'agency'
    if head.i >= comma or not vocab.is_role(head.text) or head.pos_ != "NOUN":
        return None
    i = head.left_edge.i
    # a dateline the parser hung on the role (" date 2023-10-18 DUBAI - Gaza ministry spokesman, X,") is no part of it
    i = max([i] + [j + 1 for j in range(i, head.i) if doc[j].is_punct or doc[j].is_space or doc[j].ent_type_ == "DATE"])
    while i < comma and doc[i].lower_ in DETERMINERS:
        i += 1
    return (i, comma) if i < comma else None


def _title_start(doc, i: int, vocab: RoleVocab) -> int:
    """Where the titles just before token i begin: 'Lt. Col. X' (the tokenizer may split 'Sgt' '.')."""
    first = i
    while i > 0:
        if doc[i - 1].text in vocab.titles:
            i -= 1
        elif doc[i - 1].text == "." and i > 1 and doc[i - 2].text in vocab.titles and not doc[i - 2].whitespace_:
            i -= 2
        elif i < first and doc[i - 1].text in ("-", "\u2010") and i > 1 and not doc[i - 1].whitespace_ \
                and not doc[i - 2].whitespace_ and doc[i - 2].text[:1].isupper():
            i -= 2  # "Director-General", "Secretary-General": the title is the whole hyphened word
        else:
            break
    return i


def _pre_role_token(tok, comma: bool) -> bool:
    if tok.text in POSSESSIVE:
        return True
    if tok.is_punct or "\n" in tok.text:
        return False
    if comma:
        return tok.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "ADP", "NUM") and tok.lower_ not in ("in", "on", "at")
    return tok.pos_ in ("ADJ", "NOUN", "PROPN") and tok.dep_ in ("compound", "amod", "nmod", "poss")


def _title_role(doc, start: int, vocab: RoleVocab) -> tuple[int, int] | None:
    """'President Biden', 'Gen. Abdel Fattah al-Burhan', 'Defense Minister X'."""
    i = _title_start(doc, start, vocab)
    if i < start:
        while i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].text[:1].isupper() and not doc[i - 1].is_sent_end \
                and vocab.is_role(doc[i].text):
            i -= 1  # "Defense Minister"
    while i < start and (doc[i].text in vocab.honorifics or (doc[i].text == "." and i > 0 and doc[i - 1].text in vocab.honorifics)):
        i += 1
    if i >= start:
        return None
    return (i, start)


# ---- role descriptions as mentions ---------------------------------------------------------------

def _add_role_mentions(doc, drafts: list[_Draft], vocab: RoleVocab) -> None:
    """'the provincial governor', 'the province's governor', 'the spokesman' -> the entity whose role
    they describe (the most recent such entity; else the next one, for a description before the name)."""
    discourse = Discourse()
    by_name: dict[str, _Draft] = {}
    for d in drafts:
        keys = [k for k in (role_key(w) for w in d.role_words) if k]
        if d.kind != "person" or not keys:
            continue
        by_name[d.name] = d
        ref = Referent(d.name, entity=d.name, roles=keys)
        for s, e in d.mentions:
            discourse.add(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), ref, subject=True)
    if not by_name:
        return
    for chunk in doc.noun_chunks:
        desc = definite_description(chunk, vocab)
        if desc is None:
            continue
        head, mods = desc
        ref = discourse.described(head, mods, chunk.start_char)
        if ref is None:
            continue
        d = by_name[ref.entity]
        d.mentions.add((chunk.start, chunk.end))
        known = {stem(w) for words in d.role_words for w in words}
        if any(stem(m) not in known for m in mods):  # "the hospital's director" says more than "the director"
            words = [t.text for t in chunk if t.lower_ not in DETERMINERS]
            d.roles.append(_strip_det(chunk.text))
            d.role_words.append(words)


def definite_description(chunk, vocab: RoleVocab) -> tuple[str, list[str]] | None:
    """(head, modifiers) of a singular definite role description ('the provincial council member',
    "the province's governor"), else None. Indefinites ('a spokesman') introduce someone new."""
    root = chunk.root
    if not vocab.is_role(root.text) or root.tag_ != "NN":
        return None
    first = chunk[0]
    if first.lower_ != "the" and not (len(chunk) > 2 and chunk[1].text in POSSESSIVE):
        return None
    mods = [t.text for t in chunk if t.i != root.i and t.lower_ not in DETERMINERS and t.text not in POSSESSIVE and not t.is_punct]
    return vocab.norm_role(root.text), mods


# ---- output ------------------------------------------------------------------------------------

def _to_entity(article: Article, doc, d: _Draft, actors) -> Entity:
    kind, affiliation, name = ("person", None, d.name) if d.kind == "person" else ("organization", None, d.name)
    if actors is not None:
        if d.kind == "org":
            actor = _whole_name_actor(actors, d.name)
            if actor is not None:  # the lexicon's name, so that "RSF" and "Rapid Support Forces" meet
                kind, affiliation, name = actor.kind, actor.affiliation, actor.name
                d.aliases.add(d.name)
        else:
            actor = _whole_name_actor(actors, d.name)
            if actor is not None and actor.kind != "civilians":  # "Al-Shabab" read as a person's name
                kind, affiliation, name = actor.kind, actor.affiliation, actor.name
                d.aliases.add(d.name)
            else:
                affiliation = _affiliation(d, actors)
    spans = sorted({(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for s, e in d.mentions})
    if actors is not None and kind != "person":
        d.aliases.update(actors.acronyms(name))  # a reader looks an organisation up by its acronym too
    aliases = sorted(a for a in d.aliases if a != name)
    return Entity(
        id=stable_id("ent", article.id, name),
        name=name,
        kind=kind,
        aliases=aliases,
        roles=[_strip_det(r) for r in d.roles],
        affiliation=affiliation,
        mentions=[Span(article.id, s, e) for s, e in spans],
    )


def _whole_name_actor(actors, name: str):
    """The actor an organisation's name names, when the lexicon's match covers the whole name
    ('Rapid Support Forces'), not a word inside it ('Sudan Doctors Network' is not Sudan)."""
    found = actors.find(name) if hasattr(actors, "find") else []
    whole = [m for m in found if m.start == 0 and m.end >= len(name.rstrip(".’'s"))]
    return whole[0].actor if whole else None


def _affiliation(d: _Draft, actors) -> str | None:
    """The side a person speaks for, when their role names an actor ('spokesman for the army')."""
    for role in d.roles:
        actor = actors.match(role)
        if actor is not None and (actor.country or actor.kind not in ("state_force", "government")):
            return actor.affiliation or actor.name  # a generic "police" says nothing of the side
    return None


def _strip_det(text: str) -> str:
    first, _, rest = text.partition(" ")
    return rest if first.lower() in DETERMINERS and rest else text


# ---- reporters ----------------------------------------------------------------------------------

def _reporter_names(article: Article) -> set[str]:
    names = set()
    for b in article.byline:
        names.add(_key(b))
        names.add(_key(b.split()[-1]) if b.split() else "")
    names.discard("")
    return names


def _credit_pattern(text: str, vocab: RoleVocab) -> re.Pattern | None:
    """The credit cues ('reported from', 'contributed reporting') this text contains, if any."""
    lowered = text.lower()
    present = [c for c in vocab.credit_cues if c in lowered]
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in present) + r")\b") if present else None


def _is_reporter(doc, n: _Name, reporters: set[str], credits: re.Pattern | None) -> bool:
    """A byline name, or a name in a credit line ('X reported from Kabul')."""
    if _key(n.text) in reporters:
        return True
    return credits is not None and credits.search(doc[n.start].sent.text.lower()) is not None


# -- who speaks for whom ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _voice_rx() -> tuple[re.Pattern, re.Pattern]:
    """'spokesperson for the agency Y' and 'Y spokesman' / "Y's spokeswoman": the body's words."""
    voice = "|".join(re.escape(w) for w in sorted(role_vocab().voice_roles, key=lambda w: (-len(w), w)))
    after = re.compile(rf"^(?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?(?:{voice})\s+(?:for|of|at|to)\s+(?P<body>.+)$", re.I)
    before = re.compile(rf"^(?:(?:a|an|the)\s+)?(?P<body>.+?)(?:[’']s?)?\s+(?:(?:chief|deputy|senior|main|official)\s+)?"
                        rf"(?:{voice})$", re.I)
    return after, before


def speaks_for(entities: list[Entity], actors=None) -> dict[str, Entity]:
    """Person id -> the body the person speaks for, when a role of theirs is a voice role naming a body
    the article names ('Margaret Roe, a spokesperson for the agency Y', 'Y spokesman X'). The body is an
    entity of the article (not a person) whose name or alias the role's words hold, or the actor the
    role's words name (`actors`, the lexicon); none when the role names no body the article has."""
    bodies = [e for e in entities if e.kind not in ("person", "civilians")]
    out: dict[str, Entity] = {}
    for person in entities:
        if person.kind != "person":
            continue
        for role in person.roles:
            body = _body_of_role(role, bodies, actors)
            if body is not None:
                out[person.id] = body
                break
    return out


def _body_of_role(role: str, bodies: list[Entity], actors) -> Entity | None:
    after, before = _voice_rx()
    m = after.match(role.strip()) or before.match(role.strip())
    if m is None or re.search(r"\b(?:former|ex-|retired|onetime|one-time)", role, re.I):
        return None  # a former spokesman speaks for no one but himself
    words = " ".join(m.group("body").split()).casefold()
    # the leftmost body the words name, then the longest there: "a spokesman for the army, which accused
    # the militia" speaks for the army
    best, best_key = None, None
    for body in bodies:
        for name in (body.name, *body.aliases):
            n = name.casefold()
            hit = re.search(rf"(?<!\w){re.escape(n)}(?!\w)", words) if n else None
            if hit is not None and (best_key is None or (hit.start(), -len(n)) < best_key):
                best, best_key = body, (hit.start(), -len(n))
    if best is None and actors is not None:
        actor = actors.match(m.group("body"))
        if actor is not None:
            best = next((b for b in bodies if b.name == actor.name), None)
    return best


def in_the_voice_of(claims: list[Claim], voices: dict[str, Entity], entities: list[Entity]) -> list[Claim]:
    """Claims a spokesperson made, credited to the body they speak for with them as its voice:
    source entity = the body, description 'Body (through Person)'. Others unchanged."""
    if not voices:
        return claims
    names = {e.id: e.name for e in entities}
    out = []
    for c in claims:
        body = voices.get(c.source.entity or "") if c.source.kind in ("entity", "document") else None
        if body is None:
            out.append(c)
            continue
        source = Source(c.source.kind, body.id, f"{body.name} (through {names.get(c.source.entity, c.source.description)})")
        out.append(replace(c, source=source))
    return out
