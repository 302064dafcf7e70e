"""fuse: from many articles' readings to one picture — incidents, agreements, disputes, control.

    readings ─cluster→ incidents (and claim.incident set) ─compare→ agreements, disputes
             ─control→ control timeline (+ its disputes and agreements)
             ─statements→ agreements on descriptive statements (their claims appended to the readings)

Deterministic: readings are sorted by article id, every id is a `stable_id` over sorted member ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Agreement, Control, Dispute, Incident, PlaceRef, Reading
from .cluster import assign_claims, cluster_incidents
from .compare import compare
from .control import control_timeline
from .outlets import Outlets
from .statements import statement_agreements

__all__ = ["Picture", "fuse"]


@dataclass
class Picture:
    incidents: list[Incident] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    control: list[Control] = field(default_factory=list)


def _places(readings: list[Reading]) -> dict[str, PlaceRef]:
    out: dict[str, PlaceRef] = {}
    for r in readings:
        for m in sorted(r.places, key=lambda m: (m.start, m.end)):
            if m.place is not None:
                out.setdefault(m.place.id, m.place)
    return out


def fuse(readings: list[Reading]) -> Picture:
    """The situation picture of these readings. Sets `claim.incident` on claims read inside an event."""
    readings = sorted(readings, key=lambda r: r.article.id)
    outlets = Outlets(r.article for r in readings)
    places = _places(readings)
    incidents, event_incident = cluster_incidents(readings, outlets, places)
    assign_claims(readings, event_incident)
    claims = [c for r in readings for c in r.claims]
    agreements, disputes = compare(claims, incidents, places, outlets)
    control, control_disputes, control_agreements = control_timeline(claims, places, outlets)
    by_id = {c.id: c for c in claims}
    covered: dict[str, list[tuple[int, int]]] = {}
    for a in agreements + control_agreements:
        for cid in a.claims:
            if cid in by_id:
                covered.setdefault(by_id[cid].article, []).append((by_id[cid].start, by_id[cid].end))
    agreements = agreements + statement_agreements(readings, outlets, covered)
    return Picture(
        incidents=incidents,
        agreements=sorted(agreements + control_agreements, key=lambda a: a.id),
        disputes=sorted(disputes + control_disputes, key=lambda d: d.id),
        control=sorted(control, key=lambda c: (c.place, c.from_ or "", c.holder, c.status)),
    )
