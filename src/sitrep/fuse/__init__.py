"""fuse: from many articles' readings to one picture — stories, incidents, agreements, disputes, control.

    readings ─stories→ articles grouped by what they report
             ─cluster→ incidents (story by story, then across stories)
             ─compare→ agreements, disputes
             ─control→ control timeline (+ its disputes and agreements)
             ─statements→ agreements on descriptive statements (new statement claims)

fuse never changes the readings it is given: what it decides (the story of each article, the
incident of each event and claim, the statement claims it makes) is returned as `Decisions`, and
`present.situation.build_situation` applies them. `Fuser` keeps those decisions between calls, so
adding reports re-fuses only the stories they touch (bench/fuse_scaling.py).

Deterministic: readings are sorted by article id, every id is a `stable_id` over sorted member ids,
and adding reports one batch at a time gives the same picture as fusing them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..model import Agreement, Claim, Control, Dispute, Incident, PlaceRef, Reading
from .cluster import AcrossIndex, GroupKey, claim_incidents, group_key, lead_group, make_incident, mentions_of, story_groups
from .compare import compare
from .control import control_timeline
from .outlets import Outlets
from .statements import statement_agreements, statement_disputes
from .stories import Story, StoryIndex

__all__ = ["Picture", "Decisions", "Fuser", "fuse"]


@dataclass
class Decisions:
    """What fuse decided about the readings, for `build_situation` to apply."""

    article_story: dict[str, str] = field(default_factory=dict)  # article id -> story id
    event_incident: dict[str, str] = field(default_factory=dict)  # event id -> incident id
    claim_incident: dict[str, str | None] = field(default_factory=dict)  # claim id -> incident id (or None)
    claim_story: dict[str, str] = field(default_factory=dict)  # claim id -> story id of its article
    statements: dict[str, list[Claim]] = field(default_factory=dict)  # article id -> statement claims fuse made

    def claims_of(self, reading: Reading) -> list[Claim]:
        """A reading's claims as fuse sees them: with their incident, and the statement claims added."""
        own = [replace(c, incident=self.claim_incident.get(c.id)) for c in reading.claims]
        known = {c.id for c in own}
        return own + [c for c in self.statements.get(reading.article.id, []) if c.id not in known]


@dataclass
class Picture:
    incidents: list[Incident] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    control: list[Control] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    decisions: Decisions = field(default_factory=Decisions)

    def story_incidents(self, story: Story) -> list[str]:
        """Incidents holding an event of the story's articles."""
        arts = set(story.articles)
        return sorted(i.id for i in self.incidents if arts & set(i.articles))


def _places(readings: list[Reading]) -> dict[str, PlaceRef]:
    out: dict[str, PlaceRef] = {}
    for r in readings:
        for m in sorted(r.places, key=lambda m: (m.start, m.end)):
            if m.place is not None:
                out.setdefault(m.place.id, m.place)
    return out


class Fuser:
    """Stories and incidents of every reading added so far. `add` re-groups the mentions of the
    stories new readings touch, and re-merges only the happenings those stories share with others."""

    def __init__(self) -> None:
        self.readings: dict[str, Reading] = {}
        self.stories = StoryIndex()
        self.across = AcrossIndex()
        self.story_keys: dict[str, list[GroupKey]] = {}  # story id -> its happenings
        self.incidents: dict[str, Incident] = {}
        self.key_incident: dict[GroupKey, str] = {}
        self.incident_keys: dict[str, list[GroupKey]] = {}
        self.event_incident: dict[str, str] = {}

    def add(self, readings: list[Reading]) -> set[str]:
        """Add (or replace) readings; returns the ids of the stories that changed."""
        for r in readings:
            self.readings[r.article.id] = r
        changed = self.stories.add(list(readings))
        outlets = Outlets(r.article for r in self.readings.values())
        touched: set[GroupKey] = set()
        for sid in sorted(changed):
            old = self.story_keys.pop(sid, [])
            touched |= set(old)
            story = self.stories.stories.get(sid)
            if story is None:
                touched |= self.across.replace(old, [], None)
                continue
            mine = [self.readings[a] for a in story.articles]
            groups = story_groups(mentions_of(mine, outlets, _places(mine), sid))
            touched |= self.across.replace(old, groups, lead_group(groups))
            self.story_keys[sid] = [group_key(g) for g in groups]
        components = self.across.components(touched)
        for key in touched.union(*components):
            self._drop(self.key_incident.get(key))
        for component in components:
            for merged in self.across.merge(component):
                group = [m for k in merged for m in self.across.groups[k]]
                places = {m.place.id: m.place for m in group if m.place is not None}
                inc = make_incident(group, outlets, places)
                self.incidents[inc.id] = inc
                self.incident_keys[inc.id] = merged
                for k in merged:
                    self.key_incident[k] = inc.id
                for ev in inc.events:
                    self.event_incident[ev] = inc.id
        return changed

    def _drop(self, incident_id: str | None) -> None:
        inc = self.incidents.pop(incident_id, None) if incident_id else None
        if inc is None:
            return
        for ev in inc.events:
            if self.event_incident.get(ev) == inc.id:
                del self.event_incident[ev]
        for k in self.incident_keys.pop(inc.id, []):
            if self.key_incident.get(k) == inc.id:
                del self.key_incident[k]

    def picture(self) -> Picture:
        """The whole picture: stories and incidents as kept, agreements, disputes and control of all claims."""
        readings = [self.readings[a] for a in sorted(self.readings)]
        outlets = Outlets(r.article for r in readings)
        places = _places(readings)
        article_story = dict(self.stories.story_of)
        claim_incident = claim_incidents(readings, self.event_incident)
        working = [replace(r, claims=[replace(c, incident=claim_incident.get(c.id)) for c in r.claims])
                   for r in readings]
        claims = [c for r in working for c in r.claims]
        incidents = sorted(self.incidents.values(), key=lambda i: (i.date or "", i.id))
        agreements, disputes = compare(claims, incidents, places, outlets, article_story)
        control, control_disputes, control_agreements = control_timeline(claims, places, outlets, article_story)
        by_id = {c.id: c for c in claims}
        covered: dict[str, list[tuple[int, int]]] = {}
        for a in agreements + control_agreements:
            for cid in a.claims:
                if cid in by_id:
                    covered.setdefault(by_id[cid].article, []).append((by_id[cid].start, by_id[cid].end))
        agreements = agreements + statement_agreements(working, outlets, covered)
        disputes = disputes + statement_disputes(working, outlets, article_story)
        statements = {}
        for r, w in zip(readings, working):
            made = w.claims[len(r.claims):]
            if made:
                statements[r.article.id] = made
        decisions = Decisions(
            article_story=article_story, event_incident=dict(self.event_incident), claim_incident=claim_incident,
            claim_story={c.id: article_story[c.article] for c in claims if c.article in article_story},
            statements=statements,
        )
        return Picture(
            incidents=incidents,
            agreements=sorted(agreements + control_agreements, key=lambda a: a.id),
            disputes=sorted(disputes + control_disputes, key=lambda d: d.id),
            control=sorted(control, key=lambda c: (c.place, c.from_ or "", c.holder, c.status)),
            stories=sorted(self.stories.stories.values(), key=lambda s: (s.first or "", s.id)),
            decisions=decisions,
        )


def fuse(readings: list[Reading]) -> Picture:
    """The situation picture of these readings (the readings are not changed: see `Decisions`)."""
    fuser = Fuser()
    fuser.add(sorted(readings, key=lambda r: r.article.id))
    return fuser.picture()
