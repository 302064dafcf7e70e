"""Score a situation picture against a gold file (the shape of shared/gold/seeds.gold.json).

Gold entries name their article by file-name prefix ("000", "001", or the whole file name); an
article is that file when the basename of its `source`, without the item suffix a feed or JSONL
reader adds ("feed.xml#2", "file.jsonl:3"), starts with the prefix. A reference that carries the
suffix itself ("08_x.xml#2") names that item only; otherwise the file's first item is taken.

How each row matches (all text compared after `norm`: case-folded, curly quotes and dashes made
plain, hyphens as spaces, whitespace squashed):

- cleaning: per gold file, one check each for title, byline (same set of names), dateline,
  standfirst (when the gold gives one), the first body span starting with `body_starts_with`, the
  last ending with `body_ends_with`, and every `must_be_removed` string lying outside all body spans
  (a string absent from the text as read counts as removed: the HTML or feed reader dropped it).
- places: per (gold place, file): some situation place is the same place and has a mention in that
  file. Same place: cities, towns and facilities within `accept_within_km` (default 25 km) of the
  gold point; admin1 units and countries by kind, country code and name (or, without gold
  coordinates, by country code and kind alone).
- place roles: each `places_not_events` entry "X" has no mention with role "event" (a situation place
  is X when it matches X as above and no other gold point place is nearer to it); "X (as R)" has
  a mention of X with role R. X is found by gold place (as above) or by name / mention surface.
- people: an entity of kind person whose name matches (same tokens, or the gold tokens all in the
  entity's name) and whose roles contain the head word of the gold role (the last word before the
  first comma or preposition: "member of the … council" → "member").
- quotes: a quote in the file's article contains the gold `starts` words. speakers: and its speaker
  matches: an entity whose name matches, or (for unnamed and document sources, and for gold speakers
  written "description (note)") the description holds the content words of the gold speaker.
- false sources: none of `not_sources` is the speaker of a quote or the source of a claim.
- figures: a quantity claim in the file's article with the gold low and high (and best, when the
  gold gives one) whose value text or span contains the gold text, and the right source ("the
  article" is the outlet's own voice). A gold text "X of Y" ("at least 150 of roughly 400") whose
  words the article splits ("at least 150 of the country's roughly 400") matches a claim whose value
  text or span contains X when the claim's sentence reads X, " of ", at most three words, then Y. Candidates are assigned one to one, best subject overlap first.
- events: an event in one of the gold files with the gold type and sub-type (or an accepted
  sub-type), or another accepted type with any sub-type; an accepted date (any, when the gold date is
  null); and an accepted place. Each event matches one gold event.
- incidents: each gold event reported by several files is one incident covering those files' articles,
  with an accepted type, date and place; its fatalities, when the gold gives them, have the gold low or
  best as their low, and the gold best as their low or best (both reports combined).
- agreements: an agreement or incident that covers every gold file and whose words (subject, value,
  claim spans, place names, the weekday of its date) contain at least half of the gold statement's
  content words and every number in it (a number n also matches n+1: "more than 1,000" is 1001).
- disputes: a dispute of the gold kind, about the same thing, whose sides can each be paired with a
  gold side, one to one. About the same thing: when the gold subject names a gold place, the dispute
  is at that place; otherwise its subject or the sentences of its claims share a content word with
  the gold subject. A side pairs when its value matches the gold value (same words, one within the other, or
  the gold's ISO date) or one of its sources / claims' articles matches one of the gold side's `by`
  entries ("000", "001 lede": a claim of the side is in that file). Each dispute matches once.
- false disputes: each `not_disputes` entry quotes the figures that must not be set against each other
  ('dozens' and 'more than 60'); it fails when a quantity dispute has one of those figures on one
  side and another of them on a different side (side = its value and its claims' words); figures
  that sit together on one side, against a figure not quoted, are not set against each other.
- control: each gold control claim has a control entry for the same place with a matching holder
  (a disputed entry names every holder: 'A / B' matches A and B)
  (by name, by the holder entity's affiliation, or as the same side through the actor lexicon:
  'Sudanese Armed Forces' and 'Sudanese government'); where the gold has several holders for a place,
  the entry must also have status "disputed".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import PurePath

from .model import great_circle_km as _km
from .present.brief import sentence_bounds

__all__ = ["EvalRow", "EvalReport", "evaluate", "norm"]

DEFAULT_KM = 25.0
STOPWORDS = frozenset(
    "a an the of in on at to from for by with and or but as into onto than that this these those "
    "is are was were be been has have had its it their they he she his her our we s "
    "who when why what where how".split())
PREPOSITIONS = frozenset("of in on at from for with to by".split())


@dataclass
class EvalRow:
    name: str
    found: int = 0
    total: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # reported but not in the gold, where that is known

    @property
    def score(self) -> float:
        return self.found / self.total if self.total else 1.0

    def check(self, ok: bool, what: str) -> None:
        self.total += 1
        if ok:
            self.found += 1
        else:
            self.missed.append(what)

    def to_dict(self) -> dict:
        return {"name": self.name, "found": self.found, "total": self.total, "score": round(self.score, 4),
                "missed": list(self.missed), "extra": list(self.extra)}


@dataclass
class EvalReport:
    rows: list[EvalRow]

    def row(self, name: str) -> EvalRow:
        return next(r for r in self.rows if r.name == name)

    @property
    def overall(self) -> float:
        return sum(r.score for r in self.rows) / len(self.rows) if self.rows else 0.0

    def to_dict(self) -> dict:
        return {"overall": round(self.overall, 4), "rows": [r.to_dict() for r in self.rows]}

    def render(self):
        """A Rich table: one line per row, with the first things missed."""
        from rich.table import Table

        table = Table(title=f"sitrep against the gold — mean score {self.overall:.0%}", show_lines=False)
        for col, kw in (("row", {}), ("found", {"justify": "right"}), ("total", {"justify": "right"}),
                        ("score", {"justify": "right"}), ("missed (first 3)", {"overflow": "fold"})):
            table.add_column(col, **kw)
        for r in self.rows:
            colour = "green" if r.score >= 0.8 else "yellow" if r.score >= 0.5 else "red"
            missed = "; ".join(r.missed[:3]) + (f" (+{len(r.missed) - 3} more)" if len(r.missed) > 3 else "")
            table.add_row(r.name, str(r.found), str(r.total), f"[{colour}]{r.score:.0%}[/]", _rich_escape(missed))
        return table


def _rich_escape(s: str) -> str:
    from rich.markup import escape

    return escape(s)


# ---------------------------------------------------------------------------------------------
# Text helpers

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                         "\u2026": "...", "\u00a0": " "})


def norm(s: str | None) -> str:
    if not s:
        return ""
    s = s.translate(_QUOTES).casefold()
    s = re.sub(r"(?<=\w)-(?=\w)", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _words(s: str | None) -> list[str]:
    return re.findall(r"[^\W_]+", norm(s).replace("'s ", " "))


def _stem(w: str) -> str:
    for suf in ("ing", "ed", "es", "s"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def _content(s: str | None) -> set[str]:
    return {_stem(w) for w in _words(s) if w not in STOPWORDS and not w.isdigit()}


def _numbers(s: str | None) -> set[int]:
    return {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", norm(s))}


def names_match(gold: str | None, name: str | None) -> bool:
    """Same person/organisation: identical tokens, or every gold token in the name."""
    g, n = _words(gold), _words(name)
    if not g or not n:
        return False
    return g == n or set(g) <= set(n)


def _desc_match(gold: str, desc: str | None) -> bool:
    """An unnamed source: the gold description's content words (before any parenthesis) are there."""
    main = gold.split("(")[0]
    g, d = _content(main), _content(desc)
    return bool(g) and len(g & d) >= max(1, math.ceil(0.6 * len(g)))


def _head_word(role: str) -> str | None:
    """The head of a role phrase: the last word before the first comma or preposition."""
    first = norm(role).split(",")[0]
    words = []
    for w in _words(first):
        if w in PREPOSITIONS:
            break
        words.append(w)
    return _stem(words[-1]) if words else None




# ---------------------------------------------------------------------------------------------
# The situation, indexed for matching

class _Sit:
    def __init__(self, s: dict):
        self.s = s
        self.articles = s.get("articles", [])
        self.by_id = {a["id"]: a for a in self.articles}
        self.entities = {e["id"]: e for e in s.get("entities", [])}
        self.places = {p["id"]: p for p in s.get("places", [])}
        self.claims = {c["id"]: c for c in s.get("claims", [])}

    def article_for(self, file_ref: str) -> dict | None:
        prefix = PurePath(file_ref).name if "." in file_ref else file_ref
        hits = []
        for a in self.articles:
            base = PurePath((a.get("source") or "").replace("\\", "/")).name
            file, item = _split_item(base)
            if base == prefix or (_split_item(prefix)[1] is None and file.startswith(prefix)):
                hits.append((item or 0, a["id"], a))
        return min(hits, key=lambda h: h[:2])[2] if hits else None

    def article_ids(self, files: list[str]) -> list[str | None]:
        return [(self.article_for(f) or {}).get("id") for f in files]

    def text(self, article_id: str, start: int, end: int) -> str:
        return self.by_id.get(article_id, {}).get("text", "")[start:end]

    def sentence(self, article_id: str, start: int, end: int) -> str:
        text = self.by_id.get(article_id, {}).get("text", "")
        return text[slice(*sentence_bounds(text, start, end))]

    def source_matches(self, gold: str, source: dict | None) -> bool:
        source = source or {}
        if norm(gold) in ("the article", "article"):
            return source.get("kind") == "article"
        main = gold.split("(")[0].strip()
        ent = self.entities.get(source.get("entity") or "")
        if ent and (names_match(main, ent["name"]) or any(names_match(main, a) for a in ent.get("aliases", []))):
            return True
        if source.get("description") and names_match(main, source["description"]):
            return True
        if "(" in gold or source.get("kind") in ("unnamed", "document"):
            cands = [source.get("description")] + ([ent["name"]] + list(ent.get("roles", [])) if ent else [])
            return any(_desc_match(gold, c) for c in cands if c)
        return False

    def affiliation(self, name: str) -> str | None:
        for e in self.entities.values():
            if norm(e["name"]) == norm(name):
                return e.get("affiliation")
        return None


_ITEM = re.compile(r"^(.*?)[#:](\d+)$")


def _split_item(base: str) -> tuple[str, int | None]:
    """'feed.xml#2' -> ('feed.xml', 2); 'file.jsonl:3' -> ('file.jsonl', 3); 'a.txt' -> ('a.txt', None)."""
    m = _ITEM.match(base)
    return (m.group(1), int(m.group(2))) if m else (base, None)


def _gold_places(gold: dict) -> dict[str, dict]:
    return {norm(p["canonical"]): p for p in gold.get("places", [])}


def _place_is(gp: dict, p: dict | None) -> bool:
    """Is situation place `p` the gold place `gp`?"""
    if not p:
        return False
    kind = gp.get("kind")
    if gp.get("country") and p.get("country_code") and p["country_code"].upper() != gp["country"].upper():
        return False
    if kind in ("country", "admin1"):
        if p.get("kind") != kind:
            return False
        if kind == "country":
            return bool(p.get("country_code")) or names_match(gp["canonical"], p.get("name"))
        names = [gp["canonical"]] + list(gp.get("surface", []))
        return any(names_match(_strip_unit(n), p.get("name")) or names_match(_strip_unit(n), p.get("admin1"))
                   for n in names) or (_near(gp, p, gp.get("accept_within_km", 60.0)))
    if gp.get("lat") is not None and p.get("lat") is not None:
        return _near(gp, p, gp.get("accept_within_km", DEFAULT_KM))
    return names_match(gp["canonical"], p.get("name"))


def _nearest_gold(p: dict, gps: dict) -> dict | None:
    """The gold point place nearest to `p`: a town 20 km from the gold's dateline city is the town
    the gold names, when the gold names it, not that city."""
    points = [g for g in gps.values() if g.get("lat") is not None and g.get("kind") not in ("country", "admin1")]
    if p.get("lat") is None or not points:
        return None
    return min(points, key=lambda g: (_km(g["lat"], g["lon"], p["lat"], p["lon"]), g["canonical"]))


def _strip_unit(name: str) -> str:
    return re.sub(r"\s+(province|governorate|state|region|oblast|district)$", "", norm(name))


def _near(gp: dict, p: dict, km: float) -> bool:
    if gp.get("lat") is None or p.get("lat") is None:
        return False
    return _km(gp["lat"], gp["lon"], p["lat"], p["lon"]) <= km


def _place_accepts(gold: dict, names: list[str], p: dict | None) -> bool:
    gps = _gold_places(gold)
    for n in names:
        gp = gps.get(norm(n))
        if gp and _place_is(gp, p):
            return True
        if not gp and p and names_match(n, p.get("name")):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Rows

_CLEANING_FIELDS = ("title", "byline", "dateline", "standfirst")


def _cleaning(gold: dict, sit: _Sit) -> EvalRow:
    row = EvalRow("cleaning")
    for g in gold.get("cleaning", []):
        f = g["file"]
        a = sit.article_for(f) or {}
        text, body = a.get("text", ""), sorted(a.get("body", []), key=lambda b: b["start"])
        for key in _CLEANING_FIELDS:  # only what the gold states is checked
            if key in g:
                want, got = g[key], a.get(key)
                same = (sorted(map(norm, got or [])) == sorted(map(norm, want or []))) if key == "byline" else norm(got) == norm(want)
                row.check(bool(a) and same, f"{f}: {key}" + ("" if a else " (article missing)"))
        first = norm(text[body[0]["start"]:body[0]["end"]]) if body else ""
        last = norm(text[body[-1]["start"]:body[-1]["end"]]) if body else ""
        if "body_starts_with" in g:
            row.check(bool(body) and first.startswith(norm(g["body_starts_with"])), f"{f}: body start")
        if "body_ends_with" in g:
            row.check(bool(body) and last.endswith(norm(g["body_ends_with"])), f"{f}: body end")
        for s in g.get("must_be_removed", []):
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(s), text)]
            inside = any(b["start"] < e and s0 < b["end"] for s0, e in spans for b in body)
            row.check(bool(a) and not inside, f"{f}: remove {s[:40]!r}")
    return row


def _places(gold: dict, sit: _Sit) -> EvalRow:
    row = EvalRow("places")
    for gp in gold.get("places", []):
        for f in gp.get("files", []):
            aid = (sit.article_for(f) or {}).get("id")
            ok = any(_place_is(gp, p) and any(m["article"] == aid for m in p.get("mentions", []))
                     for p in sit.places.values())
            row.check(ok, f"{gp['canonical']} in {f}")
    return row


def _place_roles(gold: dict, sit: _Sit) -> EvalRow:
    row = EvalRow("place roles")
    gps = _gold_places(gold)
    for entry in gold.get("places_not_events", []):
        m = re.match(r"^(.*?)\s*\(as (\w+)\)\s*$", entry)
        name, role = (m.group(1), m.group(2)) if m else (entry, None)
        gp = gps.get(norm(name))
        mentions = [mm for p in sit.places.values()
                    if (_place_is(gp, p) and _nearest_gold(p, gps) in (gp, None) if gp
                        else names_match(name, p.get("name")))
                    for mm in p.get("mentions", [])]
        mentions += [mm for p in sit.places.values() for mm in p.get("mentions", [])
                     if not gp and mm not in mentions and names_match(name, sit.text(mm["article"], mm["start"], mm["end"]))]
        if role:
            row.check(any(mm.get("role") == role for mm in mentions), f"{entry}: no mention with role {role}")
        else:
            bad = [mm for mm in mentions if mm.get("role") == "event"]
            row.check(not bad, f"{entry}: marked as an event place")
    return row


def _people(gold: dict, sit: _Sit) -> EvalRow:
    row = EvalRow("people")
    persons = [e for e in sit.entities.values() if e.get("kind") == "person"]
    for gp in gold.get("people", []):
        found = [e for e in persons if names_match(gp["name"], e["name"])]
        head = _head_word(gp.get("role", ""))
        with_role = [e for e in found if head and head in {_stem(w) for r in e.get("roles", []) for w in _words(r)}]
        if with_role:
            row.check(True, gp["name"])
        else:
            row.check(False, f"{gp['name']} ({'found, role missing' if found else 'not found'})")
    return row


def _quotes(gold: dict, sit: _Sit) -> tuple[EvalRow, EvalRow]:
    found_row, speaker_row = EvalRow("quotes"), EvalRow("speakers")
    quotes = sit.s.get("quotes", [])
    for gq in gold.get("quotes", []):
        aid = (sit.article_for(gq["file"]) or {}).get("id")
        starts = norm(gq["starts"])
        cands = [q for q in quotes if q["article"] == aid
                 and (starts in norm(q.get("text")) or starts in norm(sit.text(q["article"], q["start"], q["end"])))]
        label = f"{gq['file']}: {gq['starts'][:40]}…"
        found_row.check(bool(cands), label)
        speaker_row.check(any(sit.source_matches(gq["speaker"], q.get("speaker")) for q in cands),
                          f"{label} ({gq['speaker']})")
    return found_row, speaker_row


def _false_sources(gold: dict, sit: _Sit) -> EvalRow:
    row = EvalRow("false sources")
    sources = [q.get("speaker") for q in sit.s.get("quotes", [])] + [c.get("source") for c in sit.claims.values()]
    for name in gold.get("not_sources", []):
        bad = any(s and s.get("kind") in ("entity", "unnamed", "document") and sit.source_matches(name, s)
                  for s in sources)
        row.check(not bad, f"{name} is given as a source")
    return row


def _figures(gold: dict, sit: _Sit) -> EvalRow:
    row = EvalRow("figures")
    claims = [c for c in sit.claims.values() if c.get("kind") == "quantity" and isinstance(c.get("value"), dict)]
    used: set[str] = set()
    # Most constrained gold entries first, so that shared figures ("dozens") go to the right one.
    for gf in sorted(gold.get("numeric_claims", []), key=lambda g: (g["file"], g["text"], g["quantity"])):
        aid = (sit.article_for(gf["file"]) or {}).get("id")
        text = norm(gf["text"])
        def bounds_ok(v: dict) -> bool:
            ok = _eq(v.get("low"), gf.get("low")) and _eq(v.get("high"), gf.get("high"))
            return ok and (_eq(v.get("best"), gf["best"]) if "best" in gf else True)
        cands = [c for c in claims if c["article"] == aid and c["id"] not in used and bounds_ok(c["value"])
                 and _figure_text_ok(sit, text, c)]
        cands.sort(key=lambda c: (-len(_content(gf["quantity"]) & _content(c.get("subject"))), c["start"], c["id"]))
        right = [c for c in cands if sit.source_matches(gf["source"], c.get("source"))]
        label = f"{gf['file']}: {gf['text']} ({gf['quantity'][:40]})"
        if right:
            used.add(right[0]["id"])
            row.check(True, label)
        else:
            row.check(False, label + (" — wrong source" if cands else " — not found with these bounds"))
    return row


def _figure_text_ok(sit: _Sit, text: str, c: dict) -> bool:
    """The claim's value text or span holds the gold text (normed); for a gold "X of Y" the article
    may put up to three words between "of" and Y, and the claim then need only hold X."""
    own = (norm(c["value"].get("text")), norm(sit.text(c["article"], c["start"], c["end"])))
    if any(text in t for t in own):
        return True
    head, sep, tail = text.partition(" of ")
    if not sep or not head or not tail or not any(head in t for t in own):
        return False
    split = r"(?<!\w)" + re.escape(head) + r" of (?:\S+ ){0,3}?" + re.escape(tail) + r"(?!\w)"
    return re.search(split, norm(sit.sentence(c["article"], c["start"], c["end"]))) is not None


def _eq(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


def _date_ok(ge: dict, d: str | None) -> bool:
    accept = ge.get("date_accept") or ([ge["date"]] if ge.get("date") else [])
    return not accept or d in accept


def _type_ok(ge: dict, t: str | None, sub: str | None) -> bool:
    """The gold type with its sub-type (or an accepted one); another accepted type with any sub-type."""
    if t == ge.get("type"):
        subs = ge.get("accept_sub_types") or ([ge["sub_type"]] if ge.get("sub_type") else [])
        return not subs or sub in subs
    return t in (ge.get("accept_types") or [])


def _events(gold: dict, sit: _Sit) -> tuple[EvalRow, EvalRow]:
    ev_row, inc_row = EvalRow("events"), EvalRow("incidents")
    events = sit.s.get("events", [])
    used: set[str] = set()
    for ge in gold.get("events", []):
        aids = set(sit.article_ids(ge.get("files", [])))
        places = ge.get("place_accept") or [ge.get("place") or ""]
        cands = [e for e in events if e["article"] in aids and e["id"] not in used
                 and _type_ok(ge, e.get("type"), e.get("sub_type")) and _date_ok(ge, e.get("date"))
                 and _place_accepts(gold, places, sit.places.get(e.get("place") or ""))]
        if cands:
            used.add(sorted(cands, key=lambda e: (e["article"], e["start"]))[0]["id"])
        ev_row.check(bool(cands), f"{ge['id']} ({ge.get('type')}, {ge.get('date')}, {ge.get('place')})")
        if len(ge.get("files", [])) > 1 or ge.get("fatalities"):
            incs = [i for i in sit.s.get("incidents", []) if aids <= set(i.get("articles", []))
                    and _type_ok(ge, i.get("type"), i.get("sub_type")) and _date_ok(ge, i.get("date"))
                    and _place_accepts(gold, places, sit.places.get(i.get("place") or ""))]
            gf = ge.get("fatalities")
            if gf:
                incs = [i for i in incs if _fatalities_ok(gf, i.get("fatalities") or {})]
            inc_row.check(bool(incs), f"{ge['id']}: one incident over {', '.join(ge['files'])}"
                          + (" with its fatalities" if gf else ""))
    return ev_row, inc_row


def _fatalities_ok(gold_range: dict, r: dict) -> bool:
    """The incident's low is the gold low or best, and the gold best (the higher report) is in it as
    its low or best: both reports are combined, not one of them dropped."""
    gl, gb = gold_range.get("low"), gold_range.get("best")
    if r.get("low") not in {x for x in (gl, gb) if x is not None}:
        return False
    return gb is None or gb in (r.get("low"), r.get("best"))


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(d: str | None) -> str:
    try:
        return _WEEKDAYS[Date.fromisoformat((d or "").split("/")[0]).weekday()]
    except ValueError:
        return ""


def _candidate_words(sit: _Sit, gold: dict, texts: list[str], place_ids: list[str | None], dates: list[str | None]) -> str:
    names = []
    for pid in place_ids:
        p = sit.places.get(pid or "")
        if p:
            names.append(p.get("name", ""))
            names += [gp["canonical"] for gp in gold.get("places", []) if _place_is(gp, p)]
    return " ".join(texts + names + [_weekday(d) for d in dates])


def _covers(words: str, values: list, statement: str) -> bool:
    need = _content(statement)
    have = _content(words)
    nums = _numbers(statement)
    have_nums = _numbers(words)
    for v in values:
        if isinstance(v, dict):
            have_nums |= {int(x) for x in (v.get("low"), v.get("best"), v.get("high")) if x is not None}
    nums_ok = all(n in have_nums or n + 1 in have_nums for n in nums)
    return nums_ok and bool(need) and len(need & have) * 2 >= len(need)


def _agreements(gold: dict, sit: _Sit) -> EvalRow:
    row = EvalRow("agreements")
    for ga in gold.get("agreements", []):
        aids = set(sit.article_ids(ga.get("files", [])))
        ok = False
        for ag in sit.s.get("agreements", []):
            if not aids <= set(ag.get("articles", [])):
                continue
            cl = [sit.claims[c] for c in ag.get("claims", []) if c in sit.claims]
            words = _candidate_words(sit, gold, [ag.get("subject", ""), str(ag.get("value") or "")]
                                     + [sit.text(c["article"], c["start"], c["end"]) for c in cl],
                                     [c.get("place") for c in cl], [c.get("date") for c in cl])
            ok = ok or _covers(words, [ag.get("value")] + [c.get("value") for c in cl], ga["statement"])
        for inc in sit.s.get("incidents", []):
            if ok or not aids <= set(inc.get("articles", [])):
                continue
            evs = [e for e in sit.s.get("events", []) if e["id"] in set(inc.get("events", []))]
            words = _candidate_words(sit, gold, [inc.get("summary") or "", inc.get("sub_type", ""), " ".join(inc.get("actors", []))]
                                     + [sit.text(e["article"], e["start"], e["end"]) for e in evs],
                                     [inc.get("place")], [inc.get("date")])
            ok = _covers(words, [inc.get("fatalities")], ga["statement"])
        row.check(ok, f"{ga['id']}: {ga['statement'][:50]}")
    return row


def _side_matches(sit: _Sit, gside: dict, side: dict) -> bool:
    gv, v = gside.get("value"), side.get("value")
    v_text = v.get("text", "") if isinstance(v, dict) else str(v or "")
    if norm(gv) and v_text and (names_match(gv, v_text) or names_match(v_text, gv) or _date_in(gv, v_text)):
        return True
    claims = [sit.claims[c] for c in side.get("claims", []) if c in sit.claims]
    sources = list(side.get("sources", [])) + [c.get("source") for c in claims]
    for by in gside.get("by", []):
        if re.match(r"^\d{3}\b", by):  # a file ("000", "001 lede"): a claim of the side is in it
            aid = (sit.article_for(by.split()[0]) or {}).get("id")
            if any(c["article"] == aid for c in claims):
                return True
        elif any(sit.source_matches(by, s) for s in sources):
            return True
    return False


def _date_in(gold_value: str, value: str) -> bool:
    g = re.findall(r"\d{4}-\d{2}-\d{2}", gold_value)
    return bool(g) and all(d in value for d in g)


def _pairs(gold_sides: list[dict], sides: list[dict], ok) -> bool:
    """Can every gold side be paired with a different side? (tiny bipartite search)"""
    def go(i: int, used: frozenset) -> bool:
        if i == len(gold_sides):
            return True
        return any(j not in used and ok(gold_sides[i], sides[j]) and go(i + 1, used | {j}) for j in range(len(sides)))
    return go(0, frozenset())


def _about_the_same(gold: dict, sit: _Sit, gd: dict, d: dict) -> bool:
    """Is situation dispute `d` about the gold dispute's subject? When the gold subject names a gold
    place, the dispute is at that place (or names it); otherwise the dispute's subject and its
    claims' words share a content word with the gold subject."""
    gsubj = norm(gd.get("subject"))
    named = [gp for gp in gold.get("places", [])
             if re.search(r"\b" + re.escape(norm(gp["canonical"])) + r"\b", gsubj)]
    if named:
        return any(_place_is(gp, sit.places.get(d.get("place") or "")) or names_match(gp["canonical"], d.get("subject"))
                   for gp in named)
    claims = [sit.claims[c] for side in d.get("sides", []) for c in side.get("claims", []) if c in sit.claims]
    words = " ".join([d.get("subject", "")] + [sit.sentence(c["article"], c["start"], c["end"]) for c in claims])
    return bool(_content(gsubj) & _content(words))


def _disputes(gold: dict, sit: _Sit) -> EvalRow:
    row = EvalRow("disputes")
    disputes = sit.s.get("disputes", [])
    matched: set[str] = set()
    for gd in gold.get("disputes", []):
        hits = [d for d in disputes if d.get("kind") == gd["kind"] and d["id"] not in matched
                and _about_the_same(gold, sit, gd, d)
                and _pairs(gd["sides"], d.get("sides", []), lambda g, s: _side_matches(sit, g, s))]
        if hits:
            matched.add(hits[0]["id"])
        row.check(bool(hits), f"{gd['id']} ({gd['kind']}: {gd['subject'][:40]})")
    row.extra = sorted(f"{d.get('kind')}: {d.get('subject')}" for d in disputes if d["id"] not in matched)
    return row


def _false_disputes(gold: dict, sit: _Sit) -> EvalRow:
    row = EvalRow("no false disputes")
    for nd in gold.get("not_disputes", []):
        figures = {norm(x) for x in re.findall(r"'([^']+)'", nd.get("why", ""))}
        bad = []
        for d in sit.s.get("disputes", []):
            if d.get("kind") != "quantity":  # only a quantity dispute sets figures against each other
                continue
            on_side = []  # per side: the quoted figures found in its value or its claims' words
            for side in d.get("sides", []):
                v = side.get("value")
                texts = {norm(v.get("text")) if isinstance(v, dict) else norm(str(v))}
                texts |= {norm(sit.text(c["article"], c["start"], c["end"])) for c in
                          (sit.claims[i] for i in side.get("claims", []) if i in sit.claims)}
                on_side.append({f for f in figures if f and any(f in t for t in texts)})
            if any(f != g for i, a in enumerate(on_side) for b in on_side[i + 1:] for f in a for g in b):
                bad.append(d["id"])
        row.check(not bad, f"{nd['id']} reported as a dispute")
    return row


def _same_side(gold_holder: str, holder: str | None, country: str | None) -> bool:
    """'Sudanese Armed Forces' (gold) and 'Sudanese government' (a control row): one side, as the
    control timeline reads holders (through the actor lexicon)."""
    from .fuse.control import holder_key

    return bool(holder) and holder_key(gold_holder, country) == holder_key(holder, country)


def _control(gold: dict, sit: _Sit) -> EvalRow:
    from .fuse.control import row_holders

    row = EvalRow("control")
    gps = _gold_places(gold)
    holders: dict[str, set[str]] = {}
    for gc in gold.get("control_claims", []):
        holders.setdefault(norm(gc["place"]), set()).add(norm(gc["holder"]))
    for gc in gold.get("control_claims", []):
        gp = gps.get(norm(gc["place"]))
        disputed = len(holders[norm(gc["place"])]) > 1
        entries = [c for c in sit.s.get("control", [])
                   if (_place_is(gp, sit.places.get(c["place"])) if gp else names_match(gc["place"], (sit.places.get(c["place"]) or {}).get("name")))
                   and any(names_match(gc["holder"], h) or names_match(h, gc["holder"])
                           or names_match(gc["holder"], sit.affiliation(h))
                           or _same_side(gc["holder"], h, (sit.places.get(c["place"]) or {}).get("country_code"))
                           for h in row_holders(c.get("holder", "")))]
        if disputed:
            entries = [c for c in entries if c.get("status") == "disputed"]
        row.check(bool(entries), f"{gc['place']}: {gc['holder']}" + (" (disputed)" if disputed else ""))
    return row


def evaluate(gold: dict, situation: dict) -> "EvalReport":
    """Score `situation` (the contract dict) against `gold`; see the module docstring for the rules."""
    sit = _Sit(situation)
    quotes, speakers = _quotes(gold, sit)
    events, incidents = _events(gold, sit)
    rows = [_cleaning(gold, sit), _places(gold, sit), _place_roles(gold, sit), _people(gold, sit),
            quotes, speakers, _false_sources(gold, sit), _figures(gold, sit), events, incidents,
            _agreements(gold, sit), _disputes(gold, sit), _false_disputes(gold, sit), _control(gold, sit)]
    return EvalReport(rows)
