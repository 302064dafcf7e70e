"""The ACLED event taxonomy and the trigger rules that map English words onto it.

Types, sub-types and trigger words are data (`data/acled_taxonomy.json`); this module loads them,
checks them and answers one question: which rule, if any, fires on a given token.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import InputError

__all__ = ["Rule", "Taxonomy", "load_taxonomy", "TERRITORY_SUB_TYPES"]

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

# Who acts decides these two sub-types (ACLED: state forces regain, anyone else overtakes).
TERRITORY_SUB_TYPES = {"state": "Government regains territory", "other": "Non-state actor overtakes territory"}


@dataclass(frozen=True)
class Rule:
    id: str
    what: str  # a short name of the happening, used to compare event mentions ("prison break")
    type: str
    sub_type: str
    verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    needs: dict = field(default_factory=dict)  # lemma -> words one of which must be a child
    objects: dict = field(default_factory=dict)  # lemma -> head lemmas one of which must be its object
    subjects: dict = field(default_factory=dict)  # lemma -> head lemmas one of which must be its subject
    territory: bool = False
    victims: bool = False
    civilians_only: bool = False
    victims_protesters: bool = False
    victims_only: bool = False
    loser_is_subject: bool = False
    # those whose moving is no transfer of ground besides the victim nouns ("the hospital was evacuated");
    # set, the rule does not fire on civilians leaving ("residents fled", "the army evacuated families")
    movers_not: frozenset[str] | None = None
    intervention_words: tuple[str, ...] = ()

    def __hash__(self) -> int:
        return hash(self.id)


@dataclass(frozen=True, eq=False)
class Taxonomy:
    types: dict  # type -> list of sub-types
    rules: tuple[Rule, ...]
    victim_nouns: frozenset[str]
    force_nouns: frozenset[str]
    protester_nouns: frozenset[str]
    territory_nouns: frozenset[str]

    def is_valid(self, type_: str, sub_type: str) -> bool:
        return sub_type in self.types.get(type_, ())

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def candidates(self, words: set[str]) -> list[Rule]:
        """Rules that could fire on a token known by these words (its lemma and lower-case form),
        in rule order: an index, so a sentence is not tried against every rule."""
        idx = sorted({i for w in words for i in self._index.get(w, ())})
        return [self.rules[i] for i in idx]

    @property
    def _index(self) -> dict[str, tuple[int, ...]]:
        return _word_index(self)


@lru_cache(maxsize=8)
def _word_index(tax: "Taxonomy") -> dict[str, tuple[int, ...]]:
    index: dict[str, set[int]] = {}
    for i, r in enumerate(tax.rules):
        for w in r.verbs | r.nouns | {p[0] for p in r.phrases}:
            index.setdefault(w, set()).add(i)
    return {w: tuple(sorted(ids)) for w, ids in index.items()}


def _rule(d: dict) -> Rule:
    low = lambda xs: frozenset(x.lower() for x in xs)  # noqa: E731
    words = lambda v: frozenset(_named_list(d, v) if isinstance(v, str) else v)  # noqa: E731
    return Rule(
        id=d["id"], what=d["what"], type=d["type"], sub_type=d["sub_type"],
        verbs=low(d.get("verbs", [])), nouns=low(d.get("nouns", [])),
        phrases=tuple(tuple(p.lower().split()) for p in d.get("phrases", [])),
        needs={k: tuple(v) for k, v in d.get("needs", {}).items()},
        objects={k: words(v) for k, v in d.get("objects", {}).items()},
        subjects={k: words(v) for k, v in d.get("subjects", {}).items()},
        territory=d.get("territory", False), victims=d.get("victims", False),
        civilians_only=d.get("civilians_only", False), victims_protesters=d.get("victims_protesters", False),
        victims_only=d.get("victims_only", False), loser_is_subject=d.get("loser_is_subject", False),
        movers_not=frozenset(d["movers_not"]) if "movers_not" in d else None,
        intervention_words=tuple(d.get("intervention_words", [])),
    )


def _named_list(d: dict, ref: str) -> list[str]:
    """"@carried": the rule's list of that name (a list one rule uses for several words)."""
    name = ref.removeprefix("@")
    if name not in d.get("lists", {}):
        raise InputError(f"event taxonomy: rule {d.get('id')!r} refers to {ref!r}, but its 'lists' has no {name!r}; "
                         "add the list or write the words out")
    return d["lists"][name]


def _check(tax: Taxonomy, path: Path) -> None:
    for r in tax.rules:
        if not tax.is_valid(r.type, r.sub_type):
            raise InputError(f"event taxonomy {path}: rule {r.id!r} names {r.type!r}/{r.sub_type!r}, which is not "
                             f"in 'types'; valid types are {sorted(tax.types)}")
        if not (r.verbs or r.nouns or r.phrases):
            raise InputError(f"event taxonomy {path}: rule {r.id!r} has no verbs, nouns or phrases")


@lru_cache(maxsize=4)
def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The shipped taxonomy (or a user file of the same shape), checked for unknown sub-types."""
    p = Path(path) if path else DATA_DIR / "acled_taxonomy.json"
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(f"event taxonomy {p}: cannot be read ({e.strerror}); check the path") from e
    except json.JSONDecodeError as e:
        raise InputError(f"event taxonomy {p}: not valid JSON (line {e.lineno}); fix the file") from e
    tax = Taxonomy(
        types={k: list(v) for k, v in d["types"].items()},
        rules=tuple(_rule(r) for r in d["rules"]),
        victim_nouns=frozenset(d.get("victim_nouns", [])),
        force_nouns=frozenset(d.get("force_nouns", [])),
        protester_nouns=frozenset(d.get("protester_nouns", [])),
        territory_nouns=frozenset(d.get("territory_nouns", [])),
    )
    _check(tax, p)
    return tax
