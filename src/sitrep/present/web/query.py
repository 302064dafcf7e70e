"""Filters and views over one situation (the contract dict): what the pages and the JSON API show.

Filters come from the URL (`from`, `to`, `type`, `actor`, `place`, `outlet`, `disputed`), the same
for pages and API, so a filtered view can be bookmarked and shared. Everything here is a pure
function of the situation and the filters.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date as Date

from ..brief import _dispute_view, _incident_view, _Index, format_range
from ..maps import OTHER_COLOUR, TYPE_COLOURS
from ..timeline import parse_days

__all__ = ["Filters", "FilterError", "Picture", "FILTER_KEYS"]

_PLACE_REF = re.compile(r"@?\b(geo_[0-9A-Za-z]+)\b")

FILTER_KEYS = ("from", "to", "type", "actor", "place", "outlet", "disputed")


class FilterError(ValueError):
    """A filter value that cannot be used; the message names it and says what to pass."""


@dataclass(frozen=True)
class Filters:
    date_from: str | None = None
    date_to: str | None = None
    type: str | None = None
    actor: str | None = None
    place: str | None = None
    outlet: str | None = None
    disputed: bool = False

    @classmethod
    def parse(cls, params) -> "Filters":
        def get(k):
            v = (params.get(k) or "").strip()
            return v or None

        for k in ("from", "to"):
            v = get(k)
            if v:
                try:
                    Date.fromisoformat(v)
                except ValueError:
                    raise FilterError(f"{k}={v!r} is not a date; pass it as YYYY-MM-DD, e.g. {k}=2023-04-15") from None
        disputed = (get("disputed") or "").lower()
        if disputed not in ("", "0", "1", "true", "false", "yes", "no", "on"):
            raise FilterError(f"disputed={disputed!r}: pass disputed=1 to keep only disputed incidents")
        return cls(get("from"), get("to"), get("type"), get("actor"), get("place"), get("outlet"),
                   disputed in ("1", "true", "yes", "on"))

    def query(self, **changes) -> dict[str, str]:
        """The filters as URL parameters (only those set), with some changed."""
        d = {"from": self.date_from, "to": self.date_to, "type": self.type, "actor": self.actor,
             "place": self.place, "outlet": self.outlet, "disputed": "1" if self.disputed else None}
        d.update(changes)
        return {k: v for k, v in d.items() if v}

    @property
    def active(self) -> bool:
        return bool(self.query())

    def days(self) -> tuple[int, int]:
        lo = Date.fromisoformat(self.date_from).toordinal() if self.date_from else -10**9
        hi = Date.fromisoformat(self.date_to).toordinal() if self.date_to else 10**9
        return lo, hi


class Picture:
    """One situation, indexed once, with the selections and views the web app serves."""

    def __init__(self, situation: dict):
        self.s = situation
        self.ix = _Index(situation)
        self.incidents = {i["id"]: i for i in situation.get("incidents", [])}
        self.stories = list(situation.get("stories", []))  # added by the stories stage; absent before
        self.disputed_incidents = {d.get("incident") for d in situation.get("disputes", []) if d.get("incident")}
        self.disputed_claims = {c for d in situation.get("disputes", []) for side in d.get("sides", [])
                                for c in side.get("claims", [])}
        for d in situation.get("disputes", []):
            if not d.get("incident"):
                for side in d.get("sides", []):
                    for c in side.get("claims", []):
                        inc = self.ix.claims.get(c, {}).get("incident")
                        if inc:
                            self.disputed_incidents.add(inc)

    # -- filters ---------------------------------------------------------------------------

    def _place_matches(self, place_id: str | None, wanted: str) -> bool:
        """The place itself, or a place inside it (a town in the province or country filtered on)."""
        if not place_id:
            return False
        if place_id == wanted:
            return True
        w, p = self.ix.places.get(wanted), self.ix.places.get(place_id)
        if not w or not p or p.get("country_code") != w.get("country_code"):
            return False
        if w["kind"] == "country":
            return True
        return w["kind"] == "admin1" and p.get("admin1") == w["name"]

    def _dates_match(self, d: str | None, f: Filters) -> bool:
        if not (f.date_from or f.date_to):
            return True
        days = parse_days(d)
        if not days:
            return False
        lo, hi = f.days()
        return days[0] <= hi and days[1] >= lo

    def incident_matches(self, inc: dict, f: Filters) -> bool:
        return (self._dates_match(inc.get("date"), f)
                and (not f.type or inc.get("type") == f.type)
                and (not f.actor or f.actor.casefold() in {a.casefold() for a in inc.get("actors") or []})
                and (not f.place or self._place_matches(inc.get("place"), f.place))
                and (not f.outlet or f.outlet in self.outlets_of(inc))
                and (not f.disputed or inc["id"] in self.disputed_incidents))

    def outlets_of(self, inc: dict) -> set[str]:
        return set(inc.get("outlets") or []) or {self.ix.outlet(a) for a in inc.get("articles", [])}

    def select_incidents(self, f: Filters) -> list[dict]:
        return [i for i in sorted(self.incidents.values(), key=lambda i: (i.get("date") or "9999", i.get("type", ""), i["id"]))
                if self.incident_matches(i, f)]

    def claim_matches(self, c: dict, f: Filters) -> bool:
        inc = self.incidents.get(c.get("incident") or "")
        art = self.ix.articles.get(c["article"], {})
        actors = {a.casefold() for a in (inc or {}).get("actors") or []}
        src = (c.get("source") or {})
        if src.get("entity") and src["entity"] in self.ix.entities:
            actors.add(self.ix.entities[src["entity"]]["name"].casefold())
        return (self._dates_match(c.get("date") or art.get("published"), f)
                and (not f.type or (inc or {}).get("type") == f.type)
                and (not f.actor or f.actor.casefold() in actors)
                and (not f.place or self._place_matches(c.get("place") or (inc or {}).get("place"), f.place))
                and (not f.outlet or self.ix.outlet(c["article"]) == f.outlet)
                and (not f.disputed or c["id"] in self.disputed_claims))

    def select_claims(self, f: Filters) -> list[dict]:
        return [c for c in self.s.get("claims", []) if self.claim_matches(c, f)]

    def select_disputes(self, f: Filters) -> list[dict]:
        out = []
        for d in sorted(self.s.get("disputes", []), key=lambda d: (d.get("kind", ""), d.get("subject", ""), d["id"])):
            inc = self.incidents.get(d.get("incident") or "")
            claims = [self.ix.claims[c] for side in d.get("sides", []) for c in side.get("claims", []) if c in self.ix.claims]
            if (inc and self.incident_matches(inc, f)) or any(self.claim_matches(c, f) for c in claims) \
                    or (not f.active):
                out.append(d)
        return out

    def select_stories(self, f: Filters) -> list[dict]:
        if not f.active:
            return self.stories
        return [st for st in self.stories
                if any(self.incident_matches(self.incidents[i], f) for i in st.get("incidents", []) if i in self.incidents)]

    # -- what the filter form offers ---------------------------------------------------------

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        incs = list(self.incidents.values())
        types = [t for t in TYPE_COLOURS if any(i.get("type") == t for i in incs)]
        types += sorted({i.get("type", "") for i in incs} - set(types) - {""})
        actors = sorted({a for i in incs for a in i.get("actors") or []}, key=str.casefold)
        outlets = sorted({o for i in incs for o in self.outlets_of(i)}, key=str.casefold)
        place_ids = {i.get("place") for i in incs if i.get("place") in self.ix.places}
        for pid in list(place_ids):  # offer the provinces and countries that hold them too
            p = self.ix.places[pid]
            for q in self.ix.places.values():
                if q.get("country_code") == p.get("country_code") and (
                        q["kind"] == "country" or (q["kind"] == "admin1" and q["name"] == p.get("admin1"))):
                    place_ids.add(q["id"])
        places = sorted(((pid, self.ix.place_name(pid)) for pid in place_ids), key=lambda x: x[1].casefold())
        return {"type": [(t, t) for t in types], "actor": [(a, a) for a in actors], "place": places,
                "outlet": [(o, o) for o in outlets]}

    def counts_by_type(self, incidents: list[dict]) -> list[tuple[str, int, str]]:
        c = Counter(i.get("type", "") for i in incidents)
        order = [t for t in TYPE_COLOURS if c.get(t)] + sorted(t for t in c if t not in TYPE_COLOURS)
        return [(t, c[t], TYPE_COLOURS.get(t, OTHER_COLOUR)) for t in order]

    # -- JSON --------------------------------------------------------------------------------

    def incident_summary(self, inc: dict) -> dict:
        """The contract's incident, with the names a reader needs resolved."""
        return {**inc, "place_name": self.ix.place_name(inc.get("place")),
                "fatalities_text": format_range(inc.get("fatalities")),
                "disputed": inc["id"] in self.disputed_incidents}

    def incident_detail(self, inc_id: str) -> dict | None:
        inc = self.incidents.get(inc_id)
        if inc is None:
            return None
        view = _incident_view(self.ix, inc, inc_id in self.disputed_incidents)
        claims = sorted(self.ix.claims_by_incident.get(inc_id, []), key=lambda c: (c.get("date") or "", c["article"], c["start"]))
        return {
            "incident": self.incident_summary(inc),
            "figures": [self._figure(f) for f in view.fatality_figures] + [self._figure(f) for f in view.other_figures],
            "claims": [self.claim_view(c) for c in claims],
            "reports": [self._cite(c) for c in view.cites],
            "disputes": [self.dispute_view(d) for d in self.s.get("disputes", []) if d.get("incident") == inc_id
                         or any(self.ix.claims.get(c, {}).get("incident") == inc_id
                                for side in d.get("sides", []) for c in side.get("claims", []))],
            "series": self.casualty_series(inc_id),
            "stories": [st.get("id") for st in self.stories if inc_id in st.get("incidents", [])],
        }

    def _figure(self, f) -> dict:
        return {"subject": f.subject, "words": f.text, "range": f.range, "source": self._cite(f.cite)}

    def _cite(self, cite) -> dict:
        s = self.ix.evidence.get(cite.ev)
        return {"who": cite.who, "outlet": cite.outlet, "words": cite.words, "published": s.published if s else "",
                "sentence": s.to_dict() if s else None}

    def claim_view(self, c: dict) -> dict:
        cite = self.ix.cite_claim(c)
        s = self.ix.evidence[cite.ev]
        value = c.get("value")
        return {"id": c["id"], "kind": c.get("kind"), "subject": c.get("subject"),
                "subject_text": self.readable(c.get("subject") or ""),
                "value": format_range(value) if isinstance(value, dict) else value,
                "words": value.get("text") if isinstance(value, dict) else None,
                "speaker": cite.who, "outlet": cite.outlet, "published": s.published, "date": c.get("date"),
                "place": c.get("place"), "place_name": self.ix.place_name(c.get("place")) if c.get("place") else None,
                "incident": c.get("incident"), "hedged": bool(c.get("hedged")), "disputed": c["id"] in self.disputed_claims,
                "article": c["article"], "start": c["start"], "end": c["end"], "sentence": s.to_dict()}

    def readable(self, subject: str) -> str:
        """A claim's subject with place ids as names: "Armed clash@geo_379555" → "Armed clash at El Fasher"."""
        def name(m):
            p = self.ix.places.get(m.group(1))
            return (" at " if m.group(0).startswith("@") else "") + (p["name"] if p else m.group(1))
        return _PLACE_REF.sub(name, subject)

    def dispute_view(self, d: dict) -> dict:
        v = _dispute_view(self.ix, d)
        sides = []
        for side, sv in zip(d.get("sides", []), v.sides):
            claims = [self.claim_view(self.ix.claims[c]) for c in side.get("claims", []) if c in self.ix.claims]
            sides.append({"value": sv.value, "claims": claims,
                          "sources": [] if claims else [{"who": c.who} for c in sv.cites]})
        return {"id": d["id"], "kind": v.kind, "subject": v.subject, "incident": d.get("incident"),
                "place": d.get("place"), "outlets": v.outlets, "sides": sides}

    def story_view(self, st: dict) -> dict:
        incs = [self.incident_summary(self.incidents[i]) for i in st.get("incidents", []) if i in self.incidents]
        arts = [self.ix.articles[a] for a in st.get("articles", []) if a in self.ix.articles]
        return {**st, "title_text": story_title(st),
                "dates_text": story_dates(st), "incident_list": incs,
                "article_list": [{"id": a["id"], "outlet": a.get("outlet"), "title": a.get("title"),
                                  "published": a.get("published")} for a in sorted(arts, key=lambda a: (a.get("published") or "", a["id"]))]}

    def casualty_series(self, inc_id: str) -> list[dict]:
        """Reported death tolls of one incident in the order they were reported: a dated series."""
        out = []
        inc = self.incidents[inc_id]
        view = _incident_view(self.ix, inc, False)
        for f in view.fatality_figures:
            s = self.ix.evidence.get(f.cite.ev)
            day = s.published if s and s.published else None
            rng = next((c.get("value") for c in self.ix.claims_by_incident.get(inc_id, [])
                        if isinstance(c.get("value"), dict) and c["value"].get("text") == f.text), None)
            if rng is None:
                rng = next((e.get("fatalities") for e in (self.ix.events.get(x) for x in inc.get("events", []))
                            if e and (e.get("fatalities") or {}).get("text") == f.text), None)
            if day and rng:
                out.append({"date": day, "low": rng.get("low"), "best": rng.get("best"), "high": rng.get("high"),
                            "words": f.text, "who": f.cite.who, "outlet": f.cite.outlet})
        return sorted(out, key=lambda p: (p["date"], p["outlet"], p["words"]))


def story_title(st: dict) -> str:
    t = st.get("title") or st.get("title_words") or st.get("words") or st.get("id", "")
    return " ".join(t) if isinstance(t, list) else str(t)


def story_dates(st: dict) -> str:
    r = st.get("date_range") or st.get("dates") or [st.get("from"), st.get("to")]
    if isinstance(r, dict):
        r = [r.get("from") or r.get("start"), r.get("to") or r.get("end")]
    if isinstance(r, str):
        return r.replace("/", " – ")
    r = [x for x in (r or []) if x]
    return " – ".join(dict.fromkeys(r)) if r else "undated"

