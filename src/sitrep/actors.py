"""The actor lexicon: who a phrase in a news report names, in canonical form.

Everything country- or war-specific lives in `data/actors.json`: named armed groups and agencies,
every country's names and demonyms, and category templates that turn "<demonym> <force noun>" into
one canonical state actor ("Afghan troops", "Afghan soldiers", "Afghanistan's security forces" ->
"Afghan security forces"). Nouns that name a side without a country ("government forces", "the
junta") are resolved with the article's country when the caller knows it. Anaphors ("the militants")
are left to the event detector, which knows the article's context.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError

__all__ = ["Actor", "ActorMatch", "ActorLexicon"]

DATA_DIR = Path(__file__).with_name("data")

ActorKind = ("armed_group", "state_force", "government", "organization", "civilians", "other")


@dataclass(frozen=True)
class Actor:
    name: str  # canonical: "Taliban", "Afghan security forces", "Rapid Support Forces"
    kind: str  # armed_group, state_force, government, organization, civilians, other
    affiliation: str | None  # the side it belongs to, e.g. "Afghan government"
    country: str | None  # ISO 3166-1 alpha-2 when national

    @property
    def side(self) -> str:
        """The name that says which side holds a place: a state force's government, else itself."""
        if self.kind in ("state_force", "government") and self.affiliation:
            return self.affiliation
        return self.name


@dataclass(frozen=True)
class ActorMatch:
    start: int
    end: int
    text: str
    actor: Actor


# Priority among matches of equal length: a named group beats a demonym template beats a generic noun.
_NAMED, _STATE, _GENERIC = 0, 1, 2
_APOS = "['’]"
# A name preceded by a hyphen is a modifier of something else ("anti-Taliban stronghold").
_LEFT = r"(?<![\w\-])"
_RIGHT = r"(?![\w])"
# The word before an agent's "by": a past participle ("captured", "taken", "held", "seized"); not
# a common word that merely ends like one ("even by Moscow's standards").
_PARTICIPLE_BY = re.compile(r"\b(?!(?:even|often|then|when|seven|eleven|ten|men|women|children)\s)"
                            r"(?:[a-z]+(?:ed|en)|held|won|lost|hit|struck|fought)\s+by\s+$")


def _alt(words, case_insensitive: bool) -> str:
    body = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    return f"(?i:{body})" if case_insensitive else f"(?:{body})"


class ActorLexicon:
    """Canonical actors from data. Build with `ActorLexicon.load()`; the default is cached."""

    def __init__(self, data: dict):
        self._matches: dict[tuple[str, str | None], Actor | None] = {}
        self._data = data
        self._countries = {c["code"]: c for c in data["countries"]}
        self._by_name: dict[str, Actor] = {}
        self._alias: dict[str, list[Actor]] = {}  # exact alias -> candidates (ambiguous acronyms)
        self._names: dict[str, list[str]] = {}  # canonical name -> every name the data gives it
        self._short: dict[str, list[Actor]] = {}  # acronyms only trusted before a member noun
        self._demonym: dict[str, list[str]] = {}  # demonym or country name -> country codes, first wins
        self._generic: dict[str, str] = {}  # lower-cased generic noun -> category
        self._anaphors = {a.lower() for a in data.get("anaphors", [])}
        self._build()

    # ---- construction -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | None = None) -> "ActorLexicon":
        """The shipped lexicon, extended by a user file with the same keys when `path` is given."""
        return _load_cached(str(path) if path else None)

    def _build(self) -> None:
        d = self._data
        for a in d["actors"]:
            actor = self._register(Actor(a["name"], a["kind"], a.get("affiliation"), a.get("country")))
            for alias in [a["name"], *a.get("aliases", [])]:
                self._alias.setdefault(alias, []).append(actor)
                self._names.setdefault(actor.name, []).append(alias)
            for alias in a.get("short_aliases", []):
                self._short.setdefault(alias, []).append(actor)
        for g in d.get("generic_actors", []):
            actor = self._register(Actor(g["name"], g["kind"], g.get("affiliation"), None))
            for alias in g["aliases"]:
                self._generic.setdefault(alias.lower(), "actor:" + g["name"])
        for c in d["countries"]:
            for form in c["demonyms"]:
                self._demonym.setdefault(form, []).append(c["code"])
            for key, category in (("force_aliases", "security_forces"), ("air_force_aliases", "air_force"),
                                  ("government_aliases", "government")):
                for alias in c.get(key, []):
                    actor = self.state_actor(c["code"], category)
                    self._alias.setdefault(alias, []).append(actor)
                    self._names.setdefault(actor.name, []).append(alias)
        for cat, phrases in d.get("generic", {}).items():
            for p in phrases:
                self._generic.setdefault(p.lower(), cat)
        self._country_names = {n: c["code"] for c in d["countries"] for n in c["names"]}
        # "the Russians", "Moscow's troops", "Kigali says": a people's plural or a capital standing for a state
        self._plurals = {p: c["code"] for c in reversed(d["countries"]) for p in c.get("plurals", [])}
        self._capitals = {p: c["code"] for c in reversed(d["countries"]) for p in c.get("capitals", [])}
        self._compile()

    def _register(self, actor: Actor) -> Actor:
        return self._by_name.setdefault(actor.name, actor)

    def _compile(self) -> None:
        d = self._data
        member = _alt(d["member_nouns"], True)
        cat_nouns = [n for cat in d["categories"].values() for n in cat["nouns"]]
        self._cat_of_noun = {n.lower(): k for k, cat in d["categories"].items() for n in cat["nouns"]}
        named = _alt(self._alias, False)
        short = _alt(self._short, False)
        self._re_named = _overlapping(
            rf"{_LEFT}(?P<name>{named})(?:(?:\s+|-)(?P<member>{member}))?{_RIGHT}"
            rf"|{_LEFT}(?P<short>{short})\s+(?P<smember>{member}){_RIGHT}")
        nation = _alt(self._demonym, False)
        country = _alt(self._country_names, False)
        nouns = _alt(cat_nouns, True)
        mods = _alt(d.get("force_modifiers", []) or ["\x00"], True)  # "Ethiopian federal troops"
        self._re_state = _overlapping(
            rf"{_LEFT}(?:(?P<dem>{nation})|(?P<poss>{country}){_APOS}s?)\s+(?:{mods}\s+){{0,2}}(?P<noun>{nouns}){_RIGHT}"
            rf"|{_LEFT}(?P<noun2>{nouns})\s+of\s+(?:the\s+)?(?P<of>{country}){_RIGHT}"
            rf"|{_LEFT}(?:the\s+)?(?P<side>{_alt(d.get('possessors', []), True)})(?:{_APOS}s?)?\s+(?P<noun3>{nouns}){_RIGHT}")
        if self._plurals or self._capitals:
            plural = _alt(self._plurals or ["\x00"], False)
            capital = _alt(self._capitals or ["\x00"], False)
            cap_nouns = _alt(d.get("capital_nouns") or ["\x00"], True)
            from .nlp.quotes import speech_verb_forms  # the reporting verbs have one home: speech_verbs.json

            says = _alt(speech_verb_forms(), False)
            aux = _alt(d.get("speech_adverbs") or ["\x00"], False)  # "Kigali also claims", "Kinshasa had said"
            self._re_proxy = _overlapping(
                rf"(?<![\w\-])(?<=[Tt]he )(?P<plural>{plural}){_RIGHT}"
                rf"|{_LEFT}(?P<cap>{capital})(?:{_APOS}s?)?[^\S\n]+(?:{mods}[^\S\n]+){{0,2}}(?P<cnoun>{cap_nouns}){_RIGHT}"
                # not where a speaker is ("a doctor in Kinshasa said"): the capital itself speaks
                rf"|{_LEFT}(?<!\bin )(?<!\bfrom )(?<!\bof )(?<!\bat )(?P<speaker>{capital})(?=,?\s+(?:(?:{aux})\s+)?(?:{says}){_RIGHT})"
                rf"|(?<=by )(?P<agent>{capital}){_RIGHT}")
        else:
            self._re_proxy = None
        self._re_generic = _overlapping(rf"{_LEFT}(?P<g>{_alt(self._generic, True)}){_RIGHT}")
        self._re_anaphor = re.compile(rf"{_LEFT}(?:{_alt(self._anaphors, True)}){_RIGHT}")

    # ---- actors by key ------------------------------------------------------------------------
    def get(self, name: str) -> Actor | None:
        """The actor with this canonical name, if the lexicon built it."""
        return self._by_name.get(name)

    def acronyms(self, name: str) -> list[str]:
        """The capitalised short names the data gives the actor called `name` ('CCSD' for the Central
        Committee of Sudan Doctors, 'SANDF' for South African security forces), in data order."""
        return list(dict.fromkeys(a for a in self._names.get(name, ()) if _is_acronym(a)))

    def knows_country(self, code: str) -> bool:
        """Does the actor data hold this country (ISO code)?"""
        return code in self._countries

    def demonym(self, code: str) -> str:
        return self._countries[code]["demonyms"][0]

    def country_code(self, name_or_demonym: str) -> str | None:
        """ISO code for a country name or demonym ("Afghan", "Afghanistan"), else None."""
        codes = self._demonym.get(name_or_demonym)
        return codes[0] if codes else self._country_names.get(name_or_demonym)

    def state_actor(self, code: str, category: str) -> Actor:
        """The canonical actor of a country for a category: ("AF", "security_forces") -> Afghan security forces."""
        c = self._countries[code]
        cat = self._data["categories"][category]
        dem = c["demonyms"][0]
        override = {"security_forces": "forces_name", "government": "government_name"}.get(category)
        name = c.get(override) if override else None
        name = name or cat["template"].format(demonym=dem)
        gov = c.get("government_name") or self._data["categories"]["government"]["template"].format(demonym=dem)
        affiliation = gov if cat.get("affiliation") else None
        return self._register(Actor(name, cat["kind"], affiliation, code))

    def _generic_actor(self, category: str, country: str | None) -> Actor:
        if category.startswith("actor:"):
            return self._by_name[category[len("actor:"):]]
        if country and country in self._countries:
            return self.state_actor(country, category)
        cat = self._data["categories"][category]
        name = cat["template"].replace("{demonym} ", "").strip()
        name = {"security forces": "Government forces", "Air Force": "Government air force",
                "government": "Government"}.get(name, name[:1].upper() + name[1:])
        affiliation = "Government" if cat.get("affiliation") else None
        return self._register(Actor(name, cat["kind"], affiliation, None))

    # ---- matching -----------------------------------------------------------------------------
    def find(self, text: str, country: str | None = None) -> list[ActorMatch]:
        """Every actor named in `text`, non-overlapping, longest first, in text order."""
        cands: list[tuple[int, int, int, Actor]] = []
        for m in self._re_named.finditer(text):
            key = m.group("name") or m.group("short")
            pool = (self._alias if m.group("name") else self._short)[key]
            cands.append((m.start(), _end(m), _NAMED, _pick(pool, country)))
        for m in self._re_state.finditer(text):
            noun = (m.group("noun") or m.group("noun2") or m.group("noun3")).lower()
            if m.group("side"):  # "the junta's aircraft": a side without a country, the hint says which
                cands.append((m.start(), _end(m), _STATE, self._generic_actor(self._cat_of_noun[noun], country)))
                continue
            form = m.group("dem") or m.group("poss") or m.group("of")
            codes = self._demonym.get(form) or [self._country_names[form]]
            code = country if country in codes else codes[0]
            cands.append((m.start(), _end(m), _STATE, self.state_actor(code, self._cat_of_noun[noun])))
        for m in self._re_proxy.finditer(text) if self._re_proxy else ():
            actor = self._proxy_actor(text, m)
            if actor is not None:
                cands.append((m.start(), _end(m), _STATE, actor))
        for m in self._re_generic.finditer(text):
            cat = self._generic[m.group("g").lower()]
            cands.append((m.start(), _end(m), _GENERIC, self._generic_actor(cat, country)))
        return _non_overlapping(text, cands)

    def _proxy_actor(self, text: str, m: re.Match) -> Actor | None:
        """The state a people's plural or a capital stands for: "the Ukrainians retook" and "Moscow's troops"
        are forces, "Kigali says" and "held by Kyiv" the government. A capital after 'by' is an agent only
        after a participle ("captured by Moscow"), not in "a drive by Kyiv's outskirts"."""
        if m.group("plural"):
            return self.state_actor(self._plurals[m.group("plural")], "security_forces")
        if m.group("cap"):
            category = self._cat_of_noun.get(m.group("cnoun").lower(), "security_forces")
            return self.state_actor(self._capitals[m.group("cap")], category)
        if m.group("agent") and not _PARTICIPLE_BY.search(text, max(0, m.start() - 40), m.start()):
            return None
        return self.state_actor(self._capitals[m.group("speaker") or m.group("agent")], "government")

    def match(self, text: str, country: str | None = None) -> Actor | None:
        """The actor a phrase names ("Taliban fighters", "the RSF", "Afghan air force"), else None.

        The longest actor mention in the phrase wins, so "a convoy of Afghan security forces" is
        the Afghan security forces. `country` resolves "government forces", "the junta" and the like.
        """
        key = (text, country)
        if key not in self._matches:  # detection asks about the same phrases many times
            found = self.find(text, country)
            self._matches[key] = max(found, key=lambda m: (m.end - m.start, -m.start)).actor if found else None
        return self._matches[key]

    def is_anaphor(self, text: str) -> bool:
        """Whether the phrase is a bare role noun ("the militants") that only context can resolve."""
        t = re.sub(r"^(?:the|these|those|some|many|several|dozens of|hundreds of)\s+", "", text.strip(),
                   flags=re.I)
        return t.lower() in self._anaphors or ("the " + t.lower()) in self._anaphors

    def anaphor_spans(self, text: str) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in self._re_anaphor.finditer(text)]

    def patterns(self) -> list[dict]:
        """spaCy EntityRuler patterns: named groups and agencies as ORG, with the canonical name as id."""
        out = []
        for alias, actors in sorted(self._alias.items()):
            if len(alias) < 2 or alias.lower() in self._generic:
                continue
            out.append({"label": "ORG", "pattern": alias, "id": actors[0].name})
        return out


def _is_acronym(name: str) -> bool:
    """'SANDF', 'U.N.', 'M23': a name written in capitals (and digits), no lower-case letter."""
    letters = name.replace(".", "")
    return 2 <= len(letters) <= 8 and letters.isalnum() and letters.upper() == letters and any(ch.isalpha() for ch in letters)


def _overlapping(pattern: str) -> re.Pattern:
    """A pattern tried at every position (a lookahead), so "the government forces" also yields
    "government forces" although "the government" starts earlier; the longest is kept later."""
    return re.compile(rf"(?=(?P<all>{pattern}))")


def _end(m: re.Match) -> int:
    return m.end("all")


def _pick(pool: list[Actor], country: str | None) -> Actor:
    for a in pool:
        if country and a.country == country:
            return a
    return pool[0]


def _non_overlapping(text: str, cands: list[tuple[int, int, int, Actor]]) -> list[ActorMatch]:
    taken: list[tuple[int, int]] = []
    out = []
    for s, e, _prio, actor in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out.append(ActorMatch(s, e, text[s:e], actor))
    return sorted(out, key=lambda m: m.start)


def _merge(base: dict, extra: dict) -> dict:
    """A user file extends the shipped data: lists are appended, dicts merged, countries by code."""
    out = dict(base)
    for key, value in extra.items():
        if key == "countries":
            by_code = {c["code"]: c for c in base.get("countries", [])}
            for c in value:
                by_code[c["code"]] = {**by_code.get(c["code"], {}), **c}
            out[key] = list(by_code.values())
        elif isinstance(value, list):
            out[key] = list(base.get(key, [])) + value
        elif isinstance(value, dict):
            merged = dict(base.get(key, {}))
            for k, v in value.items():
                merged[k] = (merged.get(k, []) + v) if isinstance(v, list) else v
            out[key] = merged
        else:
            out[key] = value
    return out


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(f"actor lexicon {path}: cannot be read ({e.strerror}); check the path") from e
    except json.JSONDecodeError as e:
        raise InputError(f"actor lexicon {path}: not valid JSON (line {e.lineno}); fix the file") from e


@lru_cache(maxsize=4)
def _load_cached(path: str | None) -> ActorLexicon:
    data = json.loads((DATA_DIR / "actors.json").read_text(encoding="utf-8"))
    if path:
        extra = _read_json(Path(path))
        if not isinstance(extra, dict):
            raise InputError(f"actor lexicon {path}: expected a JSON object with keys like 'actors'")
        data = _merge(data, extra)
    return ActorLexicon(data)
