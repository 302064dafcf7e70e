"""What one article says around a clause: its country, its main city, its main armed group, who
speaks each sentence, and which place, date and actors a clause is about.

Event detection, control claims and characterizations all read a clause the same way; this module
is that one reading, so the three agree on "the city", "the militants" and who said what.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..actors import Actor, ActorLexicon
from ..model import ARTICLE_SOURCE, Article, PlaceMention, Quote, Source
from ..nlp.hedges import is_hedged

__all__ = ["ArticleContext", "Clause", "Where", "When"]

# Place kinds that name a point where something happens (precision 1) versus an area (precision 3).
POINT_KINDS = frozenset({"city", "town", "village", "facility", "other", "border"})
AREA_KINDS = frozenset({"admin1", "admin2", "region", "country"})
NOT_EVENT_ROLES = frozenset({"dateline", "credit"})

# Words just before a place that make it "near X", not X (ACLED precision 2).
_NEAR = re.compile(
    r"(?i)(?:\bnear(?:by)?|\boutside(?:\s+of)?|\boutskirts\s+of|\bperiphery\s+of|\bon\s+(?:the|their|its|his)\s+way\s+to"
    r"|\bheading\s+(?:to|for)|\broad\s+(?:to|from|between)|\bhighway\s+(?:to|from|between)|\bfrom|\baround|\bclose\s+to"
    r"|\bkilometers?\s+(?:\w+\s+)?(?:of|from)|\bkilometres?\s+(?:\w+\s+)?(?:of|from)|\bmiles?\s+(?:\w+\s+)?(?:of|from)"
    r"|\b(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+(?:of|outskirts\s+of))"
    r"(?:\s+(?:the|a))?\s*$")
# "the capital of X province": the place is X's capital, not X.
_CAPITAL_OF = re.compile(r"(?i)\bcapital\s+of\s+(?:the\s+)?$")
# Phrases that point back to the article's main city.
_CITY_ANAPHOR = re.compile(
    r"(?i)\b(?:the|a|this|that)\s+(?:(?:provincial|regional|state|district|besieged|embattled|northern|southern|"
    r"eastern|western|strategic|key)\s+)*(?:city|capital|town)\b(?!\s+of\b)")
# A regional institution ("the Badghis provincial jail") sits in the region's capital.
_FACILITY_ANAPHOR = re.compile(r"(?i)\bthe\s+(?:air\s+)?(?:base|airfield|airport|camp|garrison|compound|barracks)\b")
_PROVINCIAL = re.compile(r"(?i)^\s*(?:provincial|regional|state|district)\s+"
                         r"(?:jail|prison|hospital|headquarters|council|police|capital|government|compound|office)")
_PRONOUNS = frozenset({"they", "them", "their", "it", "its"})
_TODAY = re.compile(r"(?i)\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|in\s+the\s+(?:morning|afternoon|"
                    r"evening)|hours\s+(?:later|earlier|ago)|overnight)\b")
_SAY = frozenset({"say", "tell", "state", "report", "claim", "announce", "confirm", "add", "insist", "deny", "acknowledge",
                  "describe", "warn", "allege"})
# What a government or capital does as a side, not where things happen ("Israel denied", "Kigali backs").
_SIDE_VERBS = frozenset({"say", "deny", "accuse", "blame", "claim", "announce", "condemn", "insist", "reject", "warn",
                         "vow", "urge", "demand", "threaten", "back", "support", "arm", "send", "order", "confirm",
                         "dismiss", "call", "tell", "state", "report", "acknowledge", "admit"})
_SIDE_NOUNS = frozenset({"ally", "government", "regime", "authority", "official", "leader", "administration",
                         "ministry", "minister", "spokesman", "spokesperson", "president", "envoy", "delegation",
                         "negotiator", "diplomat", "backer", "proxy", "partner", "patron",
                         # "Kyiv soldiers", "Moscow's troops": who fights, not where
                         "soldier", "troop", "force", "army", "fighter", "militia", "unit",
                         # "a US convoy", "the Egypt embassy", "Kenya nationals": whose, not where
                         "convoy", "embassy", "consulate", "citizen", "national", "peacekeeper", "aircraft",
                         "plane", "warplane", "jet", "helicopter", "drone", "ship", "vessel", "warship"})
# whose people only when a country names them: "Kenya nationals" are Kenya's, "two Malakal citizens" live there
_COUNTRY_ONLY_SIDE_NOUNS = frozenset({"citizen", "national"})
# Who a speaker tells ("told reporters in X") and what a statement is called ("a briefing in X").
_AUDIENCE = frozenset({"reporter", "reporters", "journalist", "journalists", "press", "media", "correspondent",
                       "correspondents", "parliament", "lawmakers", "crowd", "supporters"})
# ("a peace conference in X" may be where an agreement was made: only a news or press conference is a statement)
_STATEMENT_NOUNS = frozenset({"statement", "briefing", "interview", "communique", "communiqué", "address", "speech",
                              "remarks", "announcement"})
_PRESS = frozenset({"news", "press"})
_SPOKEN = frozenset({"speak", "address"})  # besides the reporting verbs (speech_verbs.json)
_LOCATIVE = frozenset({"in", "into", "inside", "at", "near", "across", "throughout", "around", "outside"})
_SIDE_SUFFIX = re.compile(r"(?i)(?:backed|led|based|allied|aligned|supported|sponsored)\b")
# Moving towards a place (its destination is not where the move happened).
_TOWARD = frozenset({"to", "toward", "towards"})
_MOTION = frozenset({"advance", "head", "move", "march", "push", "press", "drive", "flee", "retreat", "withdraw",
                     "withdrawal", "evacuate", "return", "proceed", "race", "roll", "edge", "sweep", "close", "converge",
                     "redeploy", "relocate"})
_APPROACH = frozenset({"approach", "near"})
# Verbs of telling and learning: a date they carry is the report's.
_REPORTING = _SAY | frozenset({"see", "estimate", "indicate", "suggest", "condemn", "publish", "release", "quote",
                               "cite", "accuse", "blame", "tweet", "post"})
# Verbs answering a happening told before: a day they carry is the answer's, even for the happening
# in their words ("X on Wednesday described as lies the accusations that it was behind a strike").
_ANSWERING = frozenset({"deny", "describe", "reject", "dismiss", "blame", "accuse", "condemn", "denounce", "deplore",
                        "mourn", "rebut", "refute"})


def _speaks(verb) -> bool:
    """An active verb of saying ("said in X", "speaking from X"); "clashes were reported in X" is passive
    and tells where the clashes were."""
    from ..nlp.quotes import speech_vocab

    if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return False
    return verb.lemma_.lower() in _SPOKEN or verb.lemma_.lower() in speech_vocab().clause


def _statement(noun) -> bool:
    """"A statement", "a briefing", "a news conference" (not "a peace conference")."""
    word = noun.lemma_.lower()
    return word in _STATEMENT_NOUNS or (word == "conference" and any(c.lower_ in _PRESS for c in noun.children))


@dataclass(frozen=True)
class Clause:
    """Character bounds of a clause, minus nested clauses that belong to other happenings."""

    start: int
    end: int
    skip: tuple[tuple[int, int], ...] = ()
    outer: tuple[int, int] | None = None  # a relative clause the trigger sits in bounds the search

    def holds(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end and not any(a <= start < b for a, b in self.skip)

    def sentence(self, sent) -> "Clause":
        lo, hi = self.outer or (sent.start_char, sent.end_char)
        return Clause(lo, hi, self.skip, self.outer)


@dataclass(frozen=True)
class Where:
    place: str | None
    precision: int | None
    mention: PlaceMention | None = None


@dataclass(frozen=True)
class When:
    value: str | None
    precision: int | None
    start: int | None = None  # the date words read, if any


@dataclass
class ArticleContext:
    article: Article
    doc: object
    places: list[PlaceMention]
    quotes: list[Quote]
    dates: list
    figures: list
    entities: list
    lexicon: ActorLexicon
    country: str | None = None
    main_city: PlaceMention | None = None
    country_place: PlaceMention | None = None
    actor_mentions: list = field(default_factory=list)  # ActorMatch over the whole body, in order
    main_group: Actor | None = None
    sents: list = field(default_factory=list)  # doc.sents, computed once (spaCy rebuilds it per access)
    text: str = ""  # doc.text, likewise

    @classmethod
    def build(cls, article, doc, places, quotes, dates, figures, entities, lexicon) -> "ArticleContext":
        usable = sorted((p for p in places if p.place is not None and p.role not in NOT_EVENT_ROLES
                         and article.in_body(p.start, p.end)), key=lambda p: (p.start, p.end))
        usable = sorted(usable + _repeats(article, doc.text, usable), key=lambda p: (p.start, p.end))
        ctx = cls(article, doc, usable, sorted(quotes, key=lambda q: (q.start, q.end)),
                  sorted(dates, key=lambda d: (d.start, d.end)), list(figures), list(entities), lexicon)
        ctx.sents = list(doc.sents)
        ctx.text = doc.text
        located = [p for p in usable if not ctx._not_where(p)] or usable  # where things happen, not who acts or speaks
        ctx.country = _focus_country(located)
        ctx.main_city = _main_of(located, POINT_KINDS - {"facility", "border", "other"})
        ctx.country_place = next((p for p in located if p.place.kind == "country"
                                  and p.place.country_code == ctx.country), None)
        ctx.actor_mentions = lexicon.find(ctx.text, ctx.country)
        groups = Counter(m.actor.name for m in ctx.actor_mentions if m.actor.kind == "armed_group")
        if groups:
            first = {m.actor.name: m.start for m in reversed(ctx.actor_mentions)}
            name = min(groups, key=lambda n: (-groups[n], first[n]))
            ctx.main_group = lexicon.get(name)
        return ctx

    def hedged(self, start: int, end: int) -> bool:
        """Whether the words at [start, end) are hedged (hedges memoise per sentence and clause)."""
        return is_hedged(self.doc, start, end)

    def sentence_of(self, tok):
        """The sentence holding a token (spaCy's `token.sent` rebuilds every sentence per call)."""
        return next(s for s in self.sents if s.start <= tok.i < s.end)

    # ---- actors -------------------------------------------------------------------------------
    def actor_in(self, start: int, end: int, head_end: int | None = None) -> Actor | None:
        """The actor a span names, resolving anaphors ("the militants", "they") from what came before.
        `head_end` ends the phrase's head noun: only the head decides whether it is an anaphor
        ("the capture of a town by fighters" is not "fighters")."""
        text = self.text[start:end]
        actor = self.lexicon.match(text, self.country)
        if actor is not None:
            return actor
        head = self.text[start:head_end] if head_end else text
        if self.lexicon.is_anaphor(head) or _head_is_anaphor(self.lexicon, head):
            return self.recent_actor(start, kinds=("armed_group",)) or self.main_group
        if text.strip().lower() in _PRONOUNS:
            return self._pronoun(start)
        return None

    def reporter_of(self, tok) -> Actor | None:
        """"X said that they had ...": a pronoun subject of what a side reports is that side."""
        if tok is None or tok.pos_ != "PRON" or tok.lower_ not in _PRONOUNS:
            return None
        t, hops = tok.head, 0
        while t.lemma_ not in _SAY and t.head.i != t.i and hops < 3 and t.dep_ in ("ccomp", "conj", "xcomp"):
            t, hops = t.head, hops + 1
        if t.lemma_ not in _SAY:
            return None
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        while subj is None and t.dep_ == "conj" and t.head.i != t.i:  # "rejected the claims and said it …"
            t = t.head
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON":
            return None
        actor = self.lexicon.match(_noun_phrase(subj), self.country)
        if actor is None:
            # "Ukraine said it had retaken X": a state that speaks of what it did is that state's forces
            state = next((p.place.country_code for p in self.places if p.start <= subj.idx < p.end
                          and p.place.kind == "country"), None)
            if state is not None and self.lexicon.knows_country(state):
                return self.lexicon.state_actor(state, "security_forces")
        return actor if actor is not None and actor.kind in ("armed_group", "state_force", "government") else None

    def _pronoun(self, start: int) -> Actor | None:
        """"they": the last side named just before, or the armed group an anaphor just before
        stands for ("Resistance forces say they ...")."""
        window = max(0, start - 300)
        named = [m for m in self.actor_mentions if window <= m.start and m.end <= start
                 and m.actor.kind in ("armed_group", "state_force")]
        anaphors = [s for s, e in self.lexicon.anaphor_spans(self.text[window:start])]
        if anaphors and (not named or window + anaphors[-1] > named[-1].start):
            return self.main_group
        return named[-1].actor if named else None

    def recent_actor(self, before: int, kinds: tuple[str, ...], window: int = 600) -> Actor | None:
        """The last actor of these kinds named in the `window` characters before `before`."""
        for m in reversed(self.actor_mentions):
            if m.end <= before and before - m.end <= window and m.actor.kind in kinds:
                return m.actor
        return None

    def state_forces(self) -> Actor | None:
        if self.country and self.lexicon.knows_country(self.country):
            return self.lexicon.state_actor(self.country, "security_forces")
        return None

    # ---- sources ------------------------------------------------------------------------------
    def speaker(self, start: int, end: int, sent, whole_sentence: bool = False) -> tuple[Source, str | None]:
        """Who says the words at [start, end): the quote holding them, else the article itself.

        Where no quote was found in the sentence at all, a 'said' clause governing the words still
        names its speaker (so claims stay attributed when quote detection misses a sentence).
        `whole_sentence`: any quote in the sentence speaks for all of it ("X said ..., describing
        it as ...")."""
        for q in self.quotes:
            if q.start <= start and end <= q.end:
                return q.speaker, q.id
        in_sentence = [q for q in self.quotes if q.start < sent.end_char and sent.start_char < q.end]
        if in_sentence:
            if whole_sentence:
                q = min(in_sentence, key=lambda q: abs(q.start - start))
                return q.speaker, q.id
            return ARTICLE_SOURCE, None
        said = _reporting_subject(sent, start, whole_sentence)
        if said is not None:
            return self._as_entity(said), None
        return ARTICLE_SOURCE, None

    def as_source(self, words: str) -> Source:
        """A source named by these words: the entity they name, else an unnamed description."""
        return self._as_entity(Source("unnamed", None, words))

    def _as_entity(self, source: Source) -> Source:
        """A speaker named by words that an entity's mention covers is that entity."""
        words = (source.description or "").strip()
        for e in self.entities:
            if words and (words == e.name or words in e.aliases or e.name in words):
                return Source("entity", e.id, e.name)
        return source

    def side_of(self, source: Source) -> str | None:
        """The side a speaker belongs to: by the words that describe them, or their entity's affiliation."""
        texts = [source.description or ""]
        for e in self.entities:
            if source.entity and e.id == source.entity:
                if e.affiliation:
                    a = self.lexicon.match(e.affiliation, self.country)
                    return a.side if a else e.affiliation
                texts += [*e.roles, e.name]
        for t in texts:
            a = self.lexicon.match(t, self.country) if t else None
            if a is not None and a.kind in ("state_force", "government", "armed_group"):
                return a.side
        return None

    # ---- place and date -----------------------------------------------------------------------
    def where(self, anchor: int, clause: Clause, sent) -> Where:
        """The place a clause is about: the nearest place named in the clause, else the sentence;
        "the city" or "the base" point back at the article's main city or the last facility named;
        else the article's country (precision 3)."""
        wide = clause.sentence(sent)
        text = self.text[wide.start:wide.end]
        for scope in (clause, wide):
            cands = [p for p in self.places if scope.holds(p.start, p.end) and not self._not_where(p)]
            towards = [p for p in cands if self._destination(p)]
            if towards and len(towards) < len(cands):
                cands = [p for p in cands if p not in towards]  # the move happened elsewhere
            elif towards:
                best = min(cands, key=lambda p: (_rank(p), abs(p.start - anchor), p.start))
                return Where(best.place.id, max(2, self._precise(best).precision or 2), best)  # on the way to X
            if cands:
                best = min(cands, key=lambda p: (_rank(p), abs(p.start - anchor), p.start))
                if _rank(best) > 0 and self.main_city is not None and _CITY_ANAPHOR.search(text) \
                        and (best.place.kind == "country" or _in_region(self.main_city, best)):
                    return Where(self.main_city.place.id, 1, self.main_city)  # "a provincial capital in X"
                return self._precise(best)
        if self.main_city is not None and _CITY_ANAPHOR.search(text):
            city = self._last_city(wide.start) or self.main_city
            return Where(city.place.id, 1, city)
        if _FACILITY_ANAPHOR.search(text):
            fac = next((p for p in reversed(self.places) if p.end <= sent.start_char
                        and p.place.kind == "facility" and sent.start_char - p.end < 800), None)
            if fac is not None:
                return Where(fac.place.id, 1, fac)
        if self.country_place is not None:
            return Where(self.country_place.place.id, 3, self.country_place)
        if self.main_city is not None:  # no place and no country named: the article's main place
            return Where(self.main_city.place.id, 3, self.main_city)
        return Where(None, None)

    def _last_city(self, before: int) -> PlaceMention | None:
        """"The city" just after a sentence naming a city is that city (not the article's main one)."""
        prev = next((s for s in reversed(self.sents) if s.end_char <= before and s.text.strip()), None)
        if prev is None:
            return None
        cities = [p for p in self.places if prev.start_char <= p.start < prev.end_char
                  and p.place.kind in POINT_KINDS - {"facility", "border", "other"} and not self._not_where(p)]
        return cities[-1] if len({p.place.id for p in cities}) == 1 else None

    def _not_where(self, p: PlaceMention) -> bool:
        return self._names_a_side(p) or self._where_told(p) or self._clock_of(p)

    def _clock_of(self, p: PlaceMention) -> bool:
        """A place that says whose clock a time is read on ("at 6pm (1am in Tokyo)", "noon in
        Washington"): a time zone, not where anything happened."""
        span = self.doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            return False
        t = span.root
        if not (t.dep_ == "pobj" and t.head.lower_ == "in" and t.head.head.ent_type_ == "TIME"):
            return False
        # only a second clock is a time zone: one in brackets, or after a time already told ("At 3am in
        # X, a shell hit ..." is where it happened)
        clock = t.head.head
        sent = clock.sent
        opened = sent.doc.text.rfind("(", sent.start_char, clock.idx)
        first = clock.i
        while first > sent.start and sent.doc[first].ent_iob_ == "I":
            first -= 1  # where the clock's own time begins ("6pm" of "6pm on Monday")
        return opened > sent.doc.text.rfind(")", sent.start_char, clock.idx) \
            or any(w.ent_type_ == "TIME" for w in sent.doc[sent.start:first])

    def _where_told(self, p: PlaceMention) -> bool:
        """A place where something was said, not where what it tells happened: "said in X", "told
        reporters in X", "speaking from X", "a statement issued in X", "a news conference in X"."""
        span = self.doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            return False
        t = span.root
        while t.dep_ in ("appos", "compound", "conj") and t.head.i != t.i:
            t = t.head
        if t.dep_ != "pobj" or t.head.lower_ not in ("in", "from", "at"):
            return False
        h = t.head.head
        if h.lower_ in _AUDIENCE and h.dep_ in ("dobj", "dative") and _speaks(h.head):
            h = h.head  # "told reporters in X"
        if _speaks(h):
            return True
        if h.pos_ in ("NOUN", "PROPN") and _statement(h):
            return True  # "a news conference in X"
        # "a statement issued in X", "held a briefing in X"
        said = [h.head] if h.dep_ in ("acl", "relcl") else []
        said += [c for c in h.children if c.dep_ in ("dobj", "nsubjpass")]
        return h.pos_ == "VERB" and any(_statement(w) for w in said)

    def _names_a_side(self, p: PlaceMention) -> bool:
        """A place named as a side, not as where something happened: "Israel denied", "Israel's
        military", "Kinshasa accused", "Rwanda-backed rebels"; a place inside a side's name ("the Congo
        River Alliance")."""
        if any(m.start <= p.start and p.end <= m.end and (m.start, m.end) != (p.start, p.end)
               and not self._locative(m.start, m.end) for m in self.actor_mentions):
            return True  # (a side's name that is also ground stays a place: "fighting in the X People's Republic")
        if self.text[p.end:p.end + 1] == "-" and _SIDE_SUFFIX.match(self.text, p.end + 1):
            return True
        span = self.doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            return False
        t = span.root
        if t.dep_ == "poss" or (t.dep_ == "case" and t.head.dep_ == "poss"):
            return True
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_ in _SIDE_VERBS:
            return True
        if t.dep_ in ("compound", "amod", "nmod") and t.head.lemma_.lower() in _SIDE_NOUNS \
                and (p.place.kind == "country" or t.head.lemma_.lower() not in _COUNTRY_ONLY_SIDE_NOUNS):
            return True  # "a Damascus ally", "the Kinshasa government"
        if t.dep_ == "pobj" and t.head.dep_ == "agent":
            return True  # "occupied by Moscow": the doer of a passive verb is a side
        return t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.head.lemma_ in _SIDE_VERBS | {"back", "support"}

    def _locative(self, start: int, end: int) -> bool:
        """The words at [start, end) are where something is: the object of "in", "into", "near", ..."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        t = span.root if span is not None else None
        return t is not None and t.dep_ == "pobj" and t.head.lower_ in _LOCATIVE

    def _destination(self, p: PlaceMention) -> bool:
        """A place moved towards, not where the moving happened: "advancing toward X", "heading to
        the city of X", "retreated to X", "closer to X", "approaching X". (Moving into a place is
        being there: "marched into X" stays X.)"""
        span = self.doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            return False
        t = span.root
        while t.dep_ in ("appos", "compound", "conj") and t.head.i != t.i:
            t = t.head  # "toward the provincial capital, X"
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.dep_ == "prep" and t.head.head.lower_ == "of":
            t = t.head.head.head  # "to the city of X"
        if t.dep_ == "dobj" and t.head.lemma_ in _APPROACH:
            return True
        if t.dep_ != "pobj" or t.head.lower_ not in _TOWARD:
            return False
        mover = t.head.head
        return mover.lemma_.lower() in _MOTION or (mover.lower_ in ("closer", "nearer", "close", "near")
                                                   and t.head.lower_ == "to")

    def _precise(self, p: PlaceMention) -> Where:
        before = self.text[max(0, p.start - 40):p.start]
        after = self.text[p.end:p.end + 40]
        city = self.main_city
        if p.place.kind in AREA_KINDS and city is not None and _in_region(city, p):
            if _CAPITAL_OF.search(before) or _PROVINCIAL.match(after):
                return Where(city.place.id, 1, city)
        precision = 1 if p.place.kind in POINT_KINDS else 3
        if p.place.kind == "admin2":
            precision = 2
        if _NEAR.search(before):
            precision = max(precision, 2)
        return Where(p.place.id, max(precision, p.precision or 1), p)

    def when(self, anchor: int, clause: Clause, sent, verb) -> When:
        """The date of a clause: its own date words, else the sentence's; else, for news tenses
        ("has retaken", "had helped", "are fighting") the publication date; else unknown."""
        for scope in (clause, clause.sentence(sent)):
            cands = [d for d in self.dates if scope.holds(d.start, d.end) and not self._report_date(d, anchor)
                     and not self._page_stamp(d)]
            if cands:
                # the happening's own day before the day it was told ("said on Saturday the blast on
                # Tuesday was a rocket": Tuesday)
                d = min(cands, key=lambda d: (self._telling_verb(d) is not None, abs(d.start - anchor), d.start))
                return When(d.value, d.precision if d.value else None, d.start)
        if self.article.published and verb is not None and _news_tense(verb):
            text = self.text[sent.start_char:sent.end_char]
            return When(self.article.published, 1 if _TODAY.search(text) else 2)
        return When(None, None)

    def dated_itself(self, when) -> bool:
        """The date was read from the happening's own words, not from the day it was told ("territory
        captured by X, agencies reported Friday": Friday is the report's day)."""
        if when.start is None:
            return False
        d = next((d for d in self.dates if d.start == when.start), None)
        return d is None or self._telling_verb(d) is None

    def _page_stamp(self, d) -> bool:
        """The date a page is stamped with ("date 2023-10-21", "Published: 12 May 2024" opening a
        line, the prose run on after it): when the report was put out, not when its happening was."""
        line = self.text.rfind("\n", 0, d.start) + 1
        before = self.text[line:d.start]
        # a bare date opening a line is a stamp only in figures ("2023-10-21"): "Saturday's attack" is prose
        return bool(_STAMP_LABEL.fullmatch(before)) and (bool(before.strip()) or not re.search(r"[A-Za-z]", d.text))

    def _report_date(self, d, anchor: int) -> bool:
        """The date words say when something else was told ("a report, seen on Thursday, put the
        toll of the blast at ..."): they modify a reporting verb whose words do not hold the
        happening, or a verb answering what happened before ("denied on Wednesday it was behind
        the strike"). (When the happening is what was told — "said on Saturday they had retaken
        the town" — that day is the best date there is.)"""
        told = self._telling_verb(d)
        if told is None:
            return False
        t, direct = told
        if direct and t.lemma_ in _ANSWERING:
            return True
        lo, hi = t.left_edge.idx, t.right_edge.idx + len(t.right_edge)
        return not lo <= anchor < hi

    def _telling_verb(self, d):
        """The verb of telling or answering the date words modify, and whether they modify it
        itself ("denied on Wednesday", "X on Wednesday denied": parsed on the subject) rather than
        a noun of its words ("condemned Saturday's attack"); None when they modify no such verb."""
        span = self.doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            return None
        t = span.root
        direct = True
        for _ in range(4):
            if t.head is t:
                return None
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                break
            direct = direct and (t.pos_ == "ADP" or (t.dep_ in ("nsubj", "nsubjpass") and t.i < t.head.i
                                                       and span.root.i < t.head.i))
        if t.pos_ != "VERB" or t.lemma_ not in _REPORTING | _ANSWERING:
            return None
        return t, direct

    def _measure(self, figure) -> str:
        """What a figure counts happening to: its own measure, else the participle right after what
        it counts ("the number of people killed ... has risen to seven")."""
        if figure.measure:
            return figure.measure.lower()
        end = getattr(figure, "counted_end", None)
        if end is None or end <= 0:
            return ""
        m = _NEXT_WORD.match(self.text, end)
        return m.group(1).lower() if m else ""

    def figure_near(self, anchor: int, clause: Clause, sent, measures: tuple[str, ...]):
        for scope in (clause, clause.sentence(sent)):
            cands = [f for f in self.figures if scope.holds(f.start, f.end)
                     and self._measure(f).startswith(measures)]
            if cands:
                return min(cands, key=lambda f: (abs(f.start - anchor), f.start))
        return None


# What may stand before a page's date stamp on its line: nothing but a label.
_STAMP_LABEL = re.compile(r"(?i)\s*(?:(?:date|dated|published|updated|posted|last\s+updated|first\s+published)"
                          r"(?:\s+on)?\s*:?\s*)?")
_NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")


def _repeats(article, text: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """A town the place finder resolved once is the same town where its name recurs unresolved
    ("recaptured Mellit" after "Mellit" was found elsewhere): the clause still happens there."""
    from dataclasses import replace

    taken = [(p.start, p.end) for p in places]
    by_surface: dict[str, PlaceMention] = {}
    for p in places:
        if p.place.kind in POINT_KINDS and len(p.surface) >= 4 and p.surface[:1].isupper():
            by_surface.setdefault(p.surface, p)
    out = []
    for surface in sorted(by_surface):
        for m in re.finditer(r"(?<![\w-])" + re.escape(surface) + r"(?![\w-])", text):
            if any(a < m.end() and m.start() < b for a, b in taken) or not article.in_body(m.start(), m.end()):
                continue
            out.append(replace(by_surface[surface], start=m.start(), end=m.end(), role="context", precision=1))
    return out


def _focus_country(places: list[PlaceMention]) -> str | None:
    counts = Counter(p.place.country_code for p in places if p.place.country_code)
    if not counts:
        return None
    first = {}
    for p in places:
        first.setdefault(p.place.country_code, p.start)
    return min(counts, key=lambda c: (-counts[c], first[c]))


def _main_of(places: list[PlaceMention], kinds: frozenset[str]) -> PlaceMention | None:
    cands = [p for p in places if p.place.kind in kinds]
    if not cands:
        return None
    counts = Counter(p.place.id for p in cands)
    first = {}
    for p in cands:
        first.setdefault(p.place.id, p)
    best = min(counts, key=lambda i: (-counts[i], first[i].start))
    return first[best]


def _rank(p: PlaceMention) -> int:
    """Prefer points over areas: "in X, in Y province" happened in X."""
    return 0 if p.place.kind in POINT_KINDS else 1 if p.place.kind in ("admin2", "admin1", "region") else 2


def _in_region(city: PlaceMention, region: PlaceMention) -> bool:
    c, r = city.place, region.place
    if c.country_code != r.country_code:
        return False
    if r.kind == "country":
        return False
    if not c.admin1:
        return True
    names = {r.name.lower(), (r.admin1 or "").lower(), region.surface.lower()}
    return c.admin1.lower() in names or any(n and n in c.admin1.lower() for n in names)


def _head_is_anaphor(lexicon: ActorLexicon, text: str) -> bool:
    words = text.strip().split()
    return bool(words) and lexicon.is_anaphor(" ".join(words[-2:])) or bool(words) and lexicon.is_anaphor(words[-1])


def _noun_phrase(tok) -> str:
    """A subject's own words, without appositions and relative clauses ("X, a spokesman, ..." is X)."""
    right = tok
    for c in tok.rights:
        if c.dep_ in ("appos", "relcl", "acl", "punct", "cc", "conj"):
            break
        right = c.right_edge
    return tok.doc[tok.left_edge.i:right.i + 1].text


def _news_tense(verb) -> bool:
    """Present perfect, past perfect or present progressive: news about the last day or so."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lemma_ == "have" for a in auxes):
        return True
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBP", "VBZ") for a in auxes):
        return True
    return False


def _reporting_subject(sent, start: int, whole_sentence: bool = False) -> Source | None:
    """The subject of a 'said' verb whose complement holds the character offset `start`; with
    `whole_sentence`, of a reporting verb anywhere above it ("X described the killings as a massacre")."""
    best = None  # the innermost reporting verb: "X claimed ..., but Y said Z" gives Z to Y
    for tok in sent:
        if tok.lemma_ not in _SAY or tok.pos_ not in ("VERB", "AUX"):
            continue
        comps = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "advcl", "parataxis")]
        if whole_sentence:
            comps = [tok]
        for c in comps:
            lo, hi = _own_words(c, tok)
            if lo <= start < hi and (best is None or hi - lo < best[0]):
                best = (hi - lo, tok)
    if best is None:
        return None
    subj = next((c for c in best[1].children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ == "PRON":
        return None
    return Source("unnamed", None, _noun_phrase(subj))


def _own_words(comp, verb) -> tuple[int, int]:
    """Character bounds of a complement, or of a reporting verb's own clause without the clauses
    joined to it by "but"/"while" (which have their own speakers)."""
    if comp is not verb:
        return comp.left_edge.idx, comp.right_edge.idx + len(comp.right_edge)
    right = verb
    for c in verb.rights:
        if c.dep_ in ("conj", "cc") or (c.dep_ == "advcl" and any(m.dep_ == "mark" for m in c.children)):
            break
        right = c.right_edge
    return verb.left_edge.idx, right.idx + len(right)
