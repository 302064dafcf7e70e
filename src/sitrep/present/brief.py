"""The situation brief: `brief.md` and a self-contained `brief.html` built from the contract dict.

The brief is what an analyst reads first: incidents in date order (place, actors, figures as ranges
with the reports they came from, the outlets), what is disputed (every side, who says it, in which
outlet, in their words), what independent outlets agree on, who holds what, a map and a timeline.
Every statement cites its evidence: the article's sentence with the claim's span highlighted.

Article text is untrusted. The HTML comes from an autoescaping Jinja2 template; the evidence
snippets travel as JSON in a <script type="application/json"> block (`</` escaped) that the page's
script renders with textContent only. The Markdown escapes HTML and Markdown punctuation, so a
Markdown renderer shows markup as text. The page makes no request: a Content-Security-Policy meta
tag forbids any, and everything (CSS, JS, SVG) is inline.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .maps import OTHER_COLOUR, TYPE_COLOURS, MapView, build_maps
from .timeline import LANE_HEIGHT, TimelineView, build_timeline

__all__ = ["write_brief", "render_markdown", "render_html", "BriefView", "build_view", "TYPE_COLOURS",
           "format_range"]

# How much of the sentence around a span the evidence popup shows, at most, on each side.
SNIPPET_CONTEXT = 280

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


# ---------------------------------------------------------------------------------------------
# The view: everything the two renderings show, resolved from ids to words.

@dataclass(frozen=True)
class Cite:
    """One source of a statement: who said it, in which outlet, with which words (an evidence id)."""

    ev: str
    who: str
    outlet: str
    words: str


@dataclass
class FigureView:
    subject: str
    text: str  # the words as reported: "more than 60"
    range: str  # as a range: "at least 61"
    cite: Cite


@dataclass
class IncidentView:
    id: str
    date: str | None
    type: str
    sub_type: str
    colour: str
    place: str
    actors: list[str]
    fatalities: str | None
    fatality_figures: list[FigureView]
    other_figures: list[FigureView]
    outlets: list[str]
    summary: str | None
    cites: list[Cite]
    disputed: bool


@dataclass
class SideView:
    value: str
    cites: list[Cite]


@dataclass
class DisputeView:
    kind: str
    subject: str
    sides: list[SideView]
    outlets: list[str]


@dataclass
class AgreementView:
    subject: str
    value: str | None
    outlets: list[str]
    cites: list[Cite]


@dataclass
class ControlView:
    place: str
    holder: str
    from_: str | None
    to: str | None
    status: str
    cites: list[Cite]


@dataclass
class Snippet:
    outlet: str
    title: str
    published: str
    before: str
    mark: str
    after: str

    def to_dict(self) -> dict:
        return {"outlet": self.outlet, "title": self.title, "published": self.published,
                "before": self.before, "mark": self.mark, "after": self.after}


@dataclass
class BriefView:
    generated_at: str
    articles: list[dict]
    outlets: list[str]
    incidents: list[IncidentView]
    disputes: list[DisputeView]
    agreements: list[AgreementView]
    control: list[ControlView]
    evidence: dict[str, Snippet] = field(default_factory=dict)
    map: MapView | None = None
    timeline: TimelineView | None = None
    series: "list[SeriesView]" = field(default_factory=list)


class _Index:
    """Lookups from ids to things, and the evidence registry (ids e1, e2, … in first-use order)."""

    def __init__(self, s: dict):
        self.s = s
        self.articles = {a["id"]: a for a in s.get("articles", [])}
        self.entities = {e["id"]: e for e in s.get("entities", [])}
        self.places = {p["id"]: p for p in s.get("places", [])}
        self.claims = {c["id"]: c for c in s.get("claims", [])}
        self.quotes = {q["id"]: q for q in s.get("quotes", [])}
        self.events = {e["id"]: e for e in s.get("events", [])}
        self.claims_by_incident: dict[str, list[dict]] = {}
        for c in s.get("claims", []):
            if c.get("incident"):
                self.claims_by_incident.setdefault(c["incident"], []).append(c)
        self.evidence: dict[str, Snippet] = {}
        self._ev_ids: dict[tuple[str, int, int], str] = {}

    def outlet(self, article_id: str) -> str:
        a = self.articles.get(article_id, {})
        return a.get("outlet") or a.get("title") or article_id

    def place_name(self, place_id: str | None) -> str:
        if not place_id:
            return "unknown place"
        p = self.places.get(place_id)
        if not p:
            return place_id
        parts = [p["name"]] + [x for x in (p.get("admin1"), p.get("country_code")) if x and x != p["name"]]
        return ", ".join(parts)

    def who(self, source: dict | None, article_id: str) -> str:
        """A source as a reader wants it: a name and role, a description, or the outlet's own voice."""
        source = source or {"kind": "article"}
        kind = source.get("kind")
        if kind == "entity":
            e = self.entities.get(source.get("entity") or "")
            if e:
                roles = [r for r in e.get("roles", []) if r]
                return f"{e['name']} ({roles[0]})" if roles else e["name"]
            return source.get("description") or "a named source"
        if kind in ("unnamed", "document"):
            return source.get("description") or "an unnamed source"
        return "the outlet's own reporting"

    def ev(self, article_id: str, start: int, end: int) -> str:
        key = (article_id, start, end)
        if key not in self._ev_ids:
            ev_id = f"e{len(self._ev_ids) + 1}"
            self._ev_ids[key] = ev_id
            self.evidence[ev_id] = self._snippet(article_id, start, end)
        return self._ev_ids[key]

    def _snippet(self, article_id: str, start: int, end: int) -> Snippet:
        a = self.articles.get(article_id, {})
        text = a.get("text", "")
        s0, e0 = sentence_bounds(text, start, end)
        return Snippet(self.outlet(article_id), a.get("title") or "", a.get("published") or "",
                       _squash(text[s0:start]), _squash(text[start:end]), _squash(text[end:e0]))

    def words(self, article_id: str, start: int, end: int) -> str:
        return _squash(self.articles.get(article_id, {}).get("text", "")[start:end])

    def cite_claim(self, claim: dict) -> Cite:
        a = claim["article"]
        return Cite(self.ev(a, claim["start"], claim["end"]), self.who(claim.get("source"), a),
                    self.outlet(a), self.words(a, claim["start"], claim["end"]))

    def cite_event(self, event: dict) -> Cite:
        a = event["article"]
        return Cite(self.ev(a, event["start"], event["end"]), self.who(event.get("source"), a),
                    self.outlet(a), self.words(a, event["start"], event["end"]))


# A full stop ends a sentence unless it closes a title or month abbreviation ("Mr. Khan", "Sept. 11")
# or an initial ("U.S."): English orthography, the same for every war.
_SENT_END = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bLt)(?<!\bNo)(?<!\bMrs)(?<!\bGen)(?<!\bCol)(?<!\bMaj)"
    r"(?<!\bSgt)(?<!\bGov)(?<!\bSen)(?<!\bRep)(?<!\bRev)(?<!\bJan)(?<!\bFeb)(?<!\bAug)(?<!\bSep)(?<!\bOct)"
    r"(?<!\bNov)(?<!\bDec)(?<!\bCapt)(?<!\bSept)(?<!\b[A-Z])"
    r"[.!?][\u201d\u2019\"')\]]*(?=\s)|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or sentences) around [start, end), cut to SNIPPET_CONTEXT on each side."""
    left = max(0, start - SNIPPET_CONTEXT)
    s = left
    for m in _SENT_END.finditer(text, left, start):
        s = m.end()
    while s < start and text[s].isspace():
        s += 1
    m = _SENT_END.search(text, end, min(len(text), end + SNIPPET_CONTEXT))
    e = m.end() if m else min(len(text), end + SNIPPET_CONTEXT)
    return s, max(e, end)


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def format_range(r: dict | None) -> str | None:
    """A figure as a range a reader checks at a glance: "at least 61", "15–25 (about 20)", "14"."""
    if not r:
        return None
    low, best, high = (_n(r.get(k)) for k in ("low", "best", "high"))
    if best is not None and best in (low, high):
        best = None  # "at least 24 (about 24)" says nothing more than "at least 24"
    unit = f" {r['unit']}" if r.get("unit") else ""
    if low is not None and low == high:
        return f"{low}{unit}"
    if low is None and high is None and r.get("best") is not None:
        return f"{_n(r['best'])}{unit}"
    if low is not None and high is not None:
        return f"{low}–{high}{unit}" + (f" (about {best})" if best is not None else "")
    if low is not None:
        return f"at least {low}{unit}" + (f" (about {best})" if best is not None else "")
    if high is not None:
        return f"at most {high}{unit}"
    if best is not None:
        return f"about {best}{unit}"
    return r.get("text") or None


def _n(x):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def _value_text(v) -> str:
    if isinstance(v, dict):
        return format_range(v) or v.get("text", "")
    return "" if v is None else str(v)


def _words_of(v) -> str:
    """A value as reported: a range's own words, else its text."""
    return v.get("text", "") if isinstance(v, dict) else _value_text(v)


def _date_key(d: str | None) -> str:
    return d or "9999"


def build_view(situation: dict) -> BriefView:
    """Resolve the contract's ids into what a reader sees. Deterministic: sorted, evidence ids
    assigned in reading order."""
    ix = _Index(situation)
    disputed_incidents = {d.get("incident") for d in situation.get("disputes", []) if d.get("incident")}
    incidents = [_incident_view(ix, inc, inc["id"] in disputed_incidents)
                 for inc in sorted(situation.get("incidents", []),
                                   key=lambda i: (_date_key(i.get("date")), i.get("type", ""), i["id"]))]
    disputes = [_dispute_view(ix, d) for d in sorted(situation.get("disputes", []),
                                                     key=lambda d: (d.get("kind", ""), d.get("subject", ""), d["id"]))]
    agreements = [_agreement_view(ix, a) for a in sorted(
        situation.get("agreements", []), key=lambda a: (-len(set(a.get("outlets") or [])), a.get("subject", ""), a["id"]))]
    control = [_control_view(ix, c) for c in sorted(
        situation.get("control", []),
        key=lambda c: (ix.place_name(c["place"]), _date_key(c.get("from")), c.get("holder", "")))]
    articles = sorted(situation.get("articles", []), key=lambda a: (a.get("published") or "", a.get("outlet") or "", a["id"]))
    view = BriefView(
        generated_at=situation.get("generated_at", ""),
        articles=[{"id": a["id"], "outlet": a.get("outlet") or "", "title": a.get("title") or "",
                   "published": a.get("published") or "", "source": a.get("source") or ""} for a in articles],
        outlets=sorted({a.get("outlet") for a in articles if a.get("outlet")}),
        incidents=incidents, disputes=disputes, agreements=agreements, control=control,
    )
    anchor = "#{}".format
    view.map = build_maps(situation, ix, link=anchor)
    view.timeline = build_timeline(situation, ix, link=anchor)
    view.series = build_series(situation, ix)
    view.evidence = ix.evidence
    return view


def _incident_view(ix: _Index, inc: dict, disputed: bool) -> IncidentView:
    events = [ix.events[e] for e in inc.get("events", []) if e in ix.events]
    claims = sorted((c for c in ix.claims_by_incident.get(inc["id"], []) if c["kind"] == "quantity"),
                    key=lambda c: (c.get("subject", ""), c["article"], c["start"]))
    used: set[str] = set()
    fatality_figures = []
    for ev in sorted(events, key=lambda e: (e["article"], e["start"])):
        f = ev.get("fatalities")
        if not f:
            continue
        match = next((c for c in claims if c["article"] == ev["article"] and c["id"] not in used
                      and isinstance(c.get("value"), dict) and c["value"].get("text") == f.get("text")), None)
        if match:
            used.add(match["id"])
        cite = ix.cite_claim(match) if match else ix.cite_event(ev)
        fatality_figures.append(FigureView("fatalities", f.get("text", ""), format_range(f) or "", cite))
    # fuse joins the words of the figures it combined with " / ": those claims count toward the deaths
    combined = {t.strip() for t in ((inc.get("fatalities") or {}).get("text") or "").split(" / ") if t.strip()}
    for c in claims:
        v = c.get("value")
        if c["id"] not in used and isinstance(v, dict) and v.get("text") in combined:
            used.add(c["id"])
            fatality_figures.append(FigureView("fatalities", v["text"], format_range(v) or "", ix.cite_claim(c)))
    other = [FigureView(c["subject"], _words_of(c.get("value")), _value_text(c.get("value")), ix.cite_claim(c))
             for c in claims if c["id"] not in used]
    return IncidentView(
        id=inc["id"], date=inc.get("date"), type=inc.get("type", ""), sub_type=inc.get("sub_type", ""),
        colour=TYPE_COLOURS.get(inc.get("type", ""), OTHER_COLOUR), place=ix.place_name(inc.get("place")),
        actors=list(inc.get("actors") or []), fatalities=format_range(inc.get("fatalities")),
        fatality_figures=fatality_figures, other_figures=other,
        outlets=sorted(set(inc.get("outlets") or []) or {ix.outlet(a) for a in inc.get("articles", [])}),
        summary=inc.get("summary"), cites=[ix.cite_event(e) for e in sorted(events, key=lambda e: (e["article"], e["start"]))],
        disputed=disputed,
    )


def _dispute_view(ix: _Index, d: dict) -> DisputeView:
    sides = []
    outlets: set[str] = set()
    for side in d.get("sides", []):
        cites = [ix.cite_claim(ix.claims[c]) for c in side.get("claims", []) if c in ix.claims]
        if not cites:  # a side known only by its sources: name them, without words to show
            cites = [Cite("", ix.who(s, ""), "", "") for s in side.get("sources", [])]
        outlets.update(c.outlet for c in cites if c.outlet)
        sides.append(SideView(_value_text(side.get("value")), cites))
    subject = d.get("subject", "")
    if d.get("kind") == "control" and d.get("place"):
        subject = f"who controls {ix.place_name(d['place'])}"
    return DisputeView(d.get("kind", "other"), subject, sides, sorted(outlets))


def _agreement_view(ix: _Index, a: dict) -> AgreementView:
    cites = [ix.cite_claim(ix.claims[c]) for c in a.get("claims", []) if c in ix.claims]
    outlets = sorted(set(a.get("outlets") or []) or {c.outlet for c in cites})
    return AgreementView(a.get("subject", ""), _value_text(a.get("value")) or None, outlets, cites)


def _control_view(ix: _Index, c: dict) -> ControlView:
    cites = [ix.cite_claim(ix.claims[i]) for i in c.get("claims", []) if i in ix.claims]
    return ControlView(ix.place_name(c["place"]), c.get("holder", ""), c.get("from"), c.get("to"),
                       c.get("status", ""), cites)


# ---------------------------------------------------------------------------------------------
# Renderings.

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def md(text: str | None, strip: bool = True) -> str:
    """Untrusted text as inert Markdown: HTML characters as entities, Markdown punctuation escaped,
    whitespace squashed (a newline cannot start a heading or a list)."""
    if text is None:
        return ""
    s = _squash(str(text))
    s = s.strip() if strip else s
    s = s.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def _md_cites(cites: list[Cite]) -> str:
    return "; ".join(f"{md(c.who)}, {md(c.outlet)}: “{md(c.words)}” [{c.ev}]" if c.ev else md(c.who) for c in cites)


def _md_words(view: BriefView, cites: list[Cite]) -> list[str]:
    """Each source on its own line: who, where, and the sentence with their words in bold."""
    lines = []
    for c in cites:
        s = view.evidence.get(c.ev)
        if not s:
            lines.append(f"  - {md(c.who)}")
            continue
        lines.append(f"  - {md(c.who)}, {md(c.outlet)} [{c.ev}]: {md(s.before, False)}**{md(s.mark)}**{md(s.after, False)}")
    return lines


def render_markdown(view: BriefView) -> str:
    out = ["# Situation brief", ""]
    out.append(f"Generated {md(view.generated_at)} from {len(view.articles)} articles by {len(view.outlets)} outlets "
               f"({md(', '.join(view.outlets))}). Every statement cites its evidence [eN]: the sentences are listed "
               "at the end with the cited words in bold.")
    out += ["", "## Incidents", ""]
    if not view.incidents:
        out.append("No incident was found.")
    else:
        out += ["| Date | Event | Place | Actors | Fatalities | Outlets |", "|---|---|---|---|---|---|"]
        for inc in view.incidents:
            flag = " \\(disputed\\)" if inc.disputed else ""
            out.append(f"| {md(inc.date or 'undated')} | {md(inc.type)} / {md(inc.sub_type)}{flag} | {md(inc.place)} | "
                       f"{md(', '.join(inc.actors)) or '–'} | {md(inc.fatalities or '–')} | {len(inc.outlets)} |")
        out.append("")
    for inc in view.incidents:
        flag = " — **disputed**" if inc.disputed else ""
        out.append(f"### {md(inc.date or 'undated')} · {md(inc.type)} / {md(inc.sub_type)} · {md(inc.place)}{flag}")
        out.append("")
        if inc.summary:
            out.append(md(inc.summary))
            out.append("")
        out.append(f"- Actors: {md(', '.join(inc.actors)) or 'not named'}")
        if inc.fatalities or inc.fatality_figures:
            out.append(f"- Fatalities: {md(inc.fatalities or 'not combined')}, from {len(inc.fatality_figures)} report(s):")
            for f in inc.fatality_figures:
                out.append(f"  - {md(f.text)} ({md(f.range)}) — {_md_cites([f.cite])}")
        for f in inc.other_figures:
            out.append(f"- {md(f.subject)}: {md(f.text)} ({md(f.range)}) — {_md_cites([f.cite])}")
        out.append(f"- Reported by: {md(', '.join(inc.outlets))}")
        if inc.cites:
            out.append(f"- Reports: {_md_cites(inc.cites)}")
        out.append("")
    out += ["## Disputed", ""]
    if not view.disputes:
        out.append("No dispute was found between the sources.")
    for d in view.disputes:
        out.append(f"### {md(d.kind)}: {md(d.subject)}")
        out.append("")
        for side in d.sides:
            out.append(f"- **{md(side.value)}**, according to:")
            out += _md_words(view, side.cites)
        out.append("")
    out += _md_series(view)
    out += ["## What independent outlets agree on", ""]
    if not view.agreements:
        out.append("No statement was reported alike by several outlets.")
    for a in view.agreements:
        value = f" ({md(a.value)})" if a.value else ""
        out.append(f"- **{md(a.subject)}**{value} — {len(a.outlets)} outlet(s): {md(', '.join(a.outlets))}. {_md_cites(a.cites)}")
    out += ["", "## Control", ""]
    if not view.control:
        out.append("No control claim was found.")
    else:
        out += ["| Place | Holder | From | To | Status | Who says so |", "|---|---|---|---|---|---|"]
        for c in view.control:
            out.append(f"| {md(c.place)} | {md(c.holder)} | {md(c.from_ or '–')} | {md(c.to or '–')} | {md(c.status)} | "
                       f"{_md_cites(c.cites) or '–'} |")
    out += ["", "## Articles read", ""]
    for a in view.articles:
        out.append(f"- {md(a['published'] or 'undated')} · {md(a['outlet'] or 'unknown outlet')} · {md(a['title'])}")
    out += ["", "## Evidence", ""]
    for ev_id, s in view.evidence.items():
        out.append(f"- [{ev_id}] {md(s.outlet)}, {md(s.published)}: {md(s.before, False)}**{md(s.mark)}**{md(s.after, False)}")
    return "\n".join(out) + "\n"


# -- casualty series -------------------------------------------------------------------------------
# Running counts (tolls "so far") told on several days are a series, not a dispute: a small dated
# table per count. At most SERIES_SHOWN series (the longest), SERIES_ROWS rows each.
SERIES_SHOWN = 4
SERIES_ROWS = 12
_SERIES_MEASURES = ("deaths ", "injuries ", "casualties ")


@dataclass
class SeriesRow:
    date: str
    text: str
    range: str
    cite: Cite


@dataclass
class SeriesView:
    subject: str
    rows: list[SeriesRow]


def build_series(situation: dict, ix: _Index) -> list[SeriesView]:
    """Per running casualty count (same subject), its figures in date order with who gave them."""
    from ..nlp.figures import RUNNING_SUFFIX

    by_subject: dict[str, list[tuple[str, dict]]] = {}
    for c in situation.get("claims", []):
        subject = c.get("subject", "")
        if c.get("kind") != "quantity" or not isinstance(c.get("value"), dict) \
                or not subject.endswith(RUNNING_SUFFIX) or not subject.startswith(_SERIES_MEASURES):
            continue
        day = (c.get("date") or ix.articles.get(c["article"], {}).get("published") or "").split("/")[-1]
        if day:
            by_subject.setdefault(subject, []).append((day, c))
    series = []
    for subject, items in by_subject.items():
        if len({d for d, _ in items}) < 2:
            continue  # one day is no series
        items.sort(key=lambda t: (t[0], t[1]["value"].get("low") or 0, t[1]["id"]))
        rows = [SeriesRow(d, c["value"].get("text", ""), format_range(c["value"]) or "", ix.cite_claim(c))
                for d, c in items[:SERIES_ROWS]]
        series.append(SeriesView(subject, rows))
    series.sort(key=lambda s: (-len({r.date for r in s.rows}), -len(s.rows), s.subject))
    return series[:SERIES_SHOWN]


def _md_series(view: BriefView) -> list[str]:
    if not view.series:
        return []
    out = ["## Counts over time", "",
           "Running tolls as each source gave them on its day: a series, not a dispute.", ""]
    for s in view.series:
        out += [f"### {md(s.subject)}", "", "| As of | Figure | Source | Outlet |", "|---|---|---|---|"]
        for r in s.rows:
            out.append(f"| {md(r.date)} | {md(r.text)} ({md(r.range)}) | {md(r.cite.who)} | {md(r.cite.outlet)} "
                       f"[{r.cite.ev}] |")
        out.append("")
    return out


def _env() -> Environment:
    return Environment(loader=PackageLoader("sitrep.present", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def evidence_json(view: BriefView) -> Markup:
    """The evidence snippets as JSON safe inside a <script> element: `</`, `<!--` cannot close it."""
    s = json.dumps({k: v.to_dict() for k, v in view.evidence.items()}, ensure_ascii=False, sort_keys=True)
    s = s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(s)


def render_html(view: BriefView) -> str:
    return _env().get_template("brief.html.j2").render(
        v=view, csp=Markup(CSP), evidence_json=evidence_json(view), colours=TYPE_COLOURS, other_colour=OTHER_COLOUR,
        lane_height=LANE_HEIGHT)


def write_brief(situation: dict, out_dir: Path | str) -> tuple[Path, Path]:
    """Write brief.md and brief.html into out_dir (created if needed); return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    view = build_view(situation)
    md_path, html_path = out / "brief.md", out / "brief.html"
    md_path.write_text(render_markdown(view), encoding="utf-8")
    html_path.write_text(render_html(view), encoding="utf-8")
    return md_path, html_path
