"""Who a mention refers to, within one article: role descriptions and pronouns.

A *referent* is something that can speak: a named entity (a person or an organisation) or an unnamed
source ("a senior commander", "local officials"). A *discourse* keeps the referents' mentions in text
order so that "he said" finds the most recent compatible one, and "the spokesman" finds the entity
whose role is a spokesman. A pronoun looks back from its position (bisect, then a walk bounded by
ANTECEDENT_WINDOW_CHARS); a description scans the referents' mentions of one article (a few hundred).

The vocabularies (role nouns, titles, document nouns, determiners) are data: `data/roles.json`.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

__all__ = ["RoleVocab", "role_vocab", "RoleKey", "role_key", "stem", "Referent", "Discourse"]

# How far back a pronoun may look for its antecedent: a few paragraphs of news prose. Beyond it the
# writer would have repeated the name. Tuned on the seeds and tests/fixtures/attribution.jsonl.
ANTECEDENT_WINDOW_CHARS = 2500

# Modifiers compared by their first letters so that "the province's governor" and "the provincial
# governor" describe the same role. Five letters keep "security"/"secure" apart from "senior".
STEM_LETTERS = 5

# Words that tell a referent's gender. Possessives ("her neighbor") describe someone else.
MALE_WORDS = frozenset({"mr.", "mr", "spokesman", "policeman", "chairman", "councilman",
                        "father", "husband", "son", "brother", "uncle", "grandfather", "king", "prince"})
FEMALE_WORDS = frozenset({"mrs.", "mrs", "ms.", "ms", "miss", "spokeswoman", "policewoman",
                          "chairwoman", "councilwoman", "mother", "wife", "daughter", "sister", "aunt", "widow",
                          "grandmother", "queen", "princess", "nun", "midwife", "woman"})


@dataclass(frozen=True)
class RoleVocab:
    person_roles: frozenset[str]
    plural_sources: frozenset[str]
    document_nouns: frozenset[str]
    titles: frozenset[str]
    honorifics: frozenset[str]
    stop_words: frozenset[str]
    synonyms: dict
    indefinite: frozenset[str]
    credit_cues: tuple[str, ...]
    not_person_words: frozenset[str]
    place_nouns: frozenset[str]
    place_prepositions: frozenset[str]
    generic_sources: frozenset[str]  # "a local official said": may be anyone with an office
    non_sources: frozenset[str]  # "the attack claimed …": subjects of a reporting verb that say nothing
    elliptical: frozenset[str]  # "One said …, the other said …"
    organisation_nouns: dict  # "the monitor", "the union": a word for an organisation -> entity kinds it may mean
    direction_words: frozenset[str]  # "Khartoum North": a place and a direction is a place
    generic_organisations: frozenset[str]  # "the monitor" may be any monitoring organisation named
    organisation_name_heads: frozenset[str]  # "Observatory", "Committee": a capitalised run ending in one is an institution
    voice_roles: frozenset[str]  # "spokesperson for Y", "Y spokesman": a role that speaks for a body

    def norm_role(self, word: str) -> str:
        w = word.lower()
        return self.synonyms.get(w, w)

    def is_role(self, word: str) -> bool:
        return word.lower() in self.person_roles

    def can_speak(self, noun: str) -> bool:
        """Whether a common noun can head a source: not an event or a thing ('the attack claimed …')."""
        return noun.lower() not in self.non_sources


@lru_cache(maxsize=1)
def role_vocab() -> RoleVocab:
    raw = json.loads(resources.files("sitrep.data").joinpath("roles.json").read_text(encoding="utf-8"))
    return RoleVocab(
        person_roles=frozenset(w.lower() for w in raw["person_role_nouns"]),
        plural_sources=frozenset(w.lower() for w in raw["plural_source_nouns"]),
        document_nouns=frozenset(w.lower() for w in raw["document_nouns"]),
        titles=frozenset(raw["titles"]),
        honorifics=frozenset(raw["honorifics"]),
        stop_words=frozenset(raw["role_stop_words"]),
        synonyms=dict(raw["role_synonyms"]),
        indefinite=frozenset(raw["indefinite_determiners"]),
        credit_cues=tuple(c.lower() for c in raw["credit_cues"]),
        not_person_words=frozenset(raw["not_person_words"]),
        place_nouns=frozenset(raw["place_nouns"]),
        place_prepositions=frozenset(raw["place_prepositions"]),
        generic_sources=frozenset(raw["generic_source_nouns"]),
        non_sources=frozenset(raw["non_source_nouns"]),
        elliptical=frozenset(raw["elliptical_heads"]),
        organisation_nouns={k.lower(): frozenset(v) for k, v in raw["organisation_nouns"].items()},
        direction_words=frozenset(w.lower() for w in raw["direction_words"]),
        generic_organisations=frozenset(w.lower() for w in raw["generic_organisation_nouns"]),
        organisation_name_heads=frozenset(raw["organisation_name_heads"]),
        voice_roles=frozenset(raw["voice_roles"]),
    )


def stem(word: str) -> str:
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w[:STEM_LETTERS]


@dataclass(frozen=True)
class RoleKey:
    """What a role description is about: its head nouns ("spokesman") and the stems of every word."""

    heads: frozenset[str]
    words: frozenset[str]

    def admits(self, head: str, modifiers: list[str]) -> bool:
        """Could a definite description with this head and these modifiers mean this role?"""
        return head in self.heads and all(stem(m) in self.words for m in modifiers)


def role_key(words: list[str], head: str | None = None) -> RoleKey | None:
    """The key of a role description; `head` when the phrase's head noun is known ('Ukraine's
    general staff' is about a staff, not a general)."""
    vocab = role_vocab()
    heads = frozenset(vocab.norm_role(w) for w in ([head] if head else words) if vocab.is_role(w))
    if not heads:
        return None
    return RoleKey(heads, frozenset(stem(w) for w in words if w[:1].isalnum()))


def gender_of(words: list[str]) -> str | None:
    lowered = {w.lower() for w in words}
    if lowered & FEMALE_WORDS:
        return "f"
    if lowered & MALE_WORDS:
        return "m"
    return None


@dataclass(eq=False)
class Referent:
    """Something that can be the source of a quote in this article."""

    description: str  # entity name, or the unnamed source's first description as written
    entity: str | None = None  # entity id when named
    person: bool = True  # may be "he" / "she"
    plural: bool = False  # may be "they"
    roles: list[RoleKey] = field(default_factory=list)
    gender: str | None = None

    def admits(self, head: str, modifiers: list[str]) -> bool:
        return any(k.admits(head, modifiers) for k in self.roles)

    def agrees_with(self, pronoun: str) -> bool:
        p = pronoun.lower()
        if p in ("they", "them", "their"):
            return self.plural or not self.person
        if p in ("it", "its"):
            return not self.person and not self.plural
        if self.plural or not self.person:
            return False
        g = "f" if p in ("she", "her", "hers") else "m"
        return self.gender in (None, g)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    referent: Referent
    subject: bool  # the subject of its clause, or a speaker: these win over mere mentions


class Discourse:
    """The mentions of referents in text order; answers 'who is he here?' and 'which spokesman?'."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._mentions: list[_Mention] = []

    def add(self, start: int, end: int, referent: Referent, subject: bool) -> None:
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._mentions.insert(i, _Mention(start, end, referent, subject))

    def antecedent(self, pronoun: str, pos: int) -> Referent | None:
        """The most recent compatible subject or speaker before `pos`; else the most recent mention.

        For 'she', someone the article marks as a woman ('Ms.', 'his wife', 'spokeswoman') comes
        first: such marks are rare for men, so an unmarked person is weaker evidence."""
        if pronoun.lower() in ("she", "her"):
            marked = next((m.referent for m in self._before(pos)
                           if m.referent.gender == "f" and m.referent.agrees_with("she")), None)
            if marked is not None:
                return marked
        fallback = None
        for m in self._before(pos):
            if not m.referent.agrees_with(pronoun):
                continue
            if m.subject:
                return m.referent
            if fallback is None:
                fallback = m.referent
        return fallback

    def named_with(self, word_stem: str, pos: int) -> Referent | None:
        """The most recent non-person referent before `pos` whose description is a name (capitalised)
        holding a word with this stem: 'The Darfur Medical Network' for 'the network'."""
        for m in self._before(pos):
            ref = m.referent
            words = ref.description.split()
            if ref.person or ref.plural or not any(w[:1].isupper() for w in words[1:]):
                continue
            if word_stem in {stem(w) for w in words}:
                return ref
        return None

    def latest(self, pos: int) -> Referent | None:
        """The most recent subject or speaker before `pos` (whoever issued 'the statement')."""
        return next((m.referent for m in self._before(pos) if m.subject), None)

    def described(self, head: str, modifiers: list[str], pos: int) -> Referent | None:
        """The referent a definite description ("the spokesman") means: the most recent one before
        `pos` whose role admits it, else the first one after (a description may precede the name)."""
        i = bisect.bisect_left(self._starts, pos)
        for m in reversed(self._mentions[:i]):
            if m.referent.admits(head, modifiers):
                return m.referent
        for m in self._mentions[i:]:
            if m.referent.admits(head, modifiers):
                return m.referent
        # "the hospital's director" for the one person whose role is "the director"
        only = {id(m.referent): m.referent for m in self._mentions if m.referent.admits(head, [])}
        return next(iter(only.values())) if len(only) == 1 else None

    def _before(self, pos: int):
        i = bisect.bisect_left(self._starts, pos) - 1
        while i >= 0 and pos - self._mentions[i].start <= ANTECEDENT_WINDOW_CHARS:
            yield self._mentions[i]
            i -= 1
