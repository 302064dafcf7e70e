"""Who holds what, when: a control timeline per place, read from control claims.

For each place, claims whose dates overlap (an undated claim speaks for the days just before its
article's publication) form one period. In a period:
- one holder, said unhedged by >= 2 independent outlets → `confirmed` (and an Agreement);
- one holder otherwise (one outlet, or only hedged claims) → `claimed`;
- several holders, all of them from reports that the place is divided between the sides → one row
  per holder (the reports agree);
- several holders otherwise → one `disputed` row naming every holder (`A / B`, see `row_holders`) with all
  their claims, and one Dispute of kind control whose sides say who claims what. A row holding one
  holder's claims is never `disputed`: one voice is a claim, a dispute takes two. Hedged claims
  count as claims (they can contradict) but never confirm.
Consecutive periods with the same undisputed holder join into one interval. `from`/`to` are the
first and last days the holder is asserted.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources

from ..model import Agreement, Claim, Control, Dispute, PlaceRef
from .cluster import CLOSE_DAYS, LONGEST_DATE_DAYS
from .compare import Side, date_sides, rival_days, verdict
from .intervals import Interval, parse_interval
from .outlets import Outlets

__all__ = ["control_timeline", "holder_key", "row_holders"]

# A disputed row names every holder claimed for the place in its period, joined by this.
HOLDERS_SEP = " / "


def row_holders(holder: str) -> list[str]:
    """The holders a control row names: one, or every side of a disputed row."""
    return [h for h in (holder or "").split(HOLDERS_SEP) if h.strip()]


def holder_key(holder: str, country: str | None = None) -> str:
    """The side a holder stands for, compared case-insensitively: a state force and its government
    are one side ("Afghan security forces" = "Afghan government"), through the actor lexicon."""
    actor = _lexicon().match(holder, country) if _lexicon() is not None else None
    name = actor.side if actor is not None else holder
    words = name.casefold().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1)
def _lexicon():
    from ..actors import ActorLexicon

    return ActorLexicon.load()


@dataclass
class _Period:
    claims: list[tuple[Claim, Interval | None]]

    def holders(self, country: str | None) -> dict[str, list[Claim]]:
        out: dict[str, list[Claim]] = defaultdict(list)
        for c, _ in self.claims:
            out[holder_key(str(c.value), country)].append(c)
        return _fold_generic(dict(out), country)


def _fold_generic(holders: dict[str, list[Claim]], country: str | None) -> dict[str, list[Claim]]:
    """'Syrian rebels' (the lexicon's generic armed group of a country) and the one armed group the
    period names ('Hayat Tahrir al-Sham') are one side: the generic words stand for the group."""
    lexicon = _lexicon()
    if lexicon is None:
        return holders
    actors = {k: lexicon.match(str(v[0].value), country) for k, v in holders.items()}
    generic = [k for k, a in actors.items() if a is not None and _is_generic_armed(a)]
    named = [k for k, a in actors.items() if a is not None and a.kind == "armed_group" and not _is_generic_armed(a)]
    if len(generic) != 1 or len(named) != 1:
        return holders
    out = dict(holders)
    out[named[0]] = sorted(out[named[0]] + out.pop(generic[0]), key=lambda c: c.id)
    return out


def _is_generic_armed(actor) -> bool:
    """An armed group the lexicon made from a country's generic noun ('Syrian militants')."""
    if actor.kind != "armed_group" or actor.country is None:
        return False
    return actor.name == _lexicon().state_actor(actor.country, "militants").name


# An undated claim ("X remained under the control of his forces") describes the last days before
# publication: reports tell yesterday's and the day before's fighting.
UNDATED_DAYS_BEFORE = 2


# A claim dated only to a month or a year ("in 2012") says no day the other claims can be set against:
# the month of cluster.LONGEST_DATE_DAYS, one home for "vaguer than a month".
VAGUEST_DAYS = LONGEST_DATE_DAYS


def _when(claim: Claim, outlets: Outlets) -> Interval | None:
    own = parse_interval(claim.date)
    if own is not None:
        return own
    return parse_interval(outlets.published(claim.article))


def _periods(dated: list[tuple[Claim, Interval | None]]) -> list[_Period]:
    """Overlapping claim dates chain into one period; undated claims (no date, no publication) form their own."""
    undated = [t for t in dated if t[1] is None]

    def reach(c: Claim, iv: Interval) -> int:  # the first day a claim speaks for
        return iv.first - (0 if parse_interval(c.date) else UNDATED_DAYS_BEFORE)

    known = sorted((t for t in dated if t[1] is not None), key=lambda t: (reach(*t), t[1].last, t[0].id))
    periods: list[_Period] = []
    end = None
    for c, iv in known:
        if periods and end is not None and reach(c, iv) <= end:
            periods[-1].claims.append((c, iv))
            end = max(end, iv.last)
        else:
            periods.append(_Period([(c, iv)]))
            end = iv.last
    if undated:
        periods.append(_Period(undated))
    return periods


def _span(items: list[tuple[Claim, Interval | None]]) -> tuple[str | None, str | None]:
    ivs = [iv for _, iv in items if iv is not None]
    if not ivs:
        return None, None
    return (Interval(min(i.first for i in ivs), min(i.first for i in ivs)).iso(),
            Interval(max(i.last for i in ivs), max(i.last for i in ivs)).iso())


def _display(claims: list[Claim]) -> str:
    counts = Counter(str(c.value).strip() for c in claims)
    return min(counts, key=lambda v: (-counts[v], v))


def _status(claims: list[Claim], outlets: Outlets) -> str:
    return "confirmed" if outlets.independent(c.article for c in claims if not c.hedged) >= 2 else "claimed"


def control_timeline(claims: list[Claim], places: dict[str, PlaceRef], outlets: Outlets,
                     stories: dict[str, str] | None = None) -> tuple[list[Control], list[Dispute], list[Agreement]]:
    """The control rows, control and taking-day disputes, and agreements. `stories`: article id -> story
    id (a taking told with two far days is one taking only inside one story)."""
    by_place: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.kind == "control" and c.value:
            by_place[c.place or c.subject].append(c)
    rows: list[Control] = []
    disputes: list[Dispute] = []
    agreements: list[Agreement] = []
    for place in sorted(by_place):
        dated = [(c, _when(c, outlets)) for c in sorted(by_place[place], key=lambda c: c.id)]
        vague = [(c, iv) for c, iv in dated if iv is not None and iv.days > VAGUEST_DAYS]
        dated = [(c, iv) for c, iv in dated if iv is None or iv.days <= VAGUEST_DAYS]
        name = places[place].name if place in places else place
        country = places[place].country_code if place in places else None
        open_row: tuple[str, list[tuple[Claim, Interval | None]]] | None = None  # undisputed run
        for period in _periods(dated):
            holders = period.holders(country)
            if len(holders) == 1:
                key = next(iter(holders))
                if open_row and open_row[0] == key:
                    open_row[1].extend(period.claims)
                else:
                    if open_row:
                        _close(open_row, place, name, outlets, rows, agreements)
                    open_row = (key, list(period.claims))
                continue
            if open_row:
                _close(open_row, place, name, outlets, rows, agreements)
                open_row = None
            start, end = _span(period.claims)
            sides = [Side(_display(sorted(holders[key], key=lambda c: c.id)), sorted(holders[key], key=lambda c: c.id))
                     for key in sorted(holders)]
            when = start if start == end else f"{start}/{end}" if start else "an unknown date"
            # every report saying the place is split between the sides is one picture, no contradiction
            divided = all(c.attrs.get("scope") == "divided" for c, _ in period.claims)
            dispute = None if divided else verdict("control", f"who holds {name} on {when}", sides, outlets, place=place)
            if dispute is None:  # divided, or one voice naming two holders (two times, two parts): no contradiction
                for key in sorted(holders):
                    _close((key, [t for t in period.claims if t[0] in holders[key]]), place, name, outlets, rows, agreements)
                continue
            disputes.append(dispute)
            rows.append(Control(place, HOLDERS_SEP.join(side.value for side in sides), "disputed",
                                sorted((c.id for side in sides for c in side.claims)), start, end))
        if open_row:
            _close(open_row, place, name, outlets, rows, agreements)
        disputes.extend(_taking_days(by_place[place], place, name, country, outlets, stories or {}))
        by_holder: dict[str, list] = defaultdict(list)  # claims dated only to a month or a year
        for c, iv in vague:
            by_holder[holder_key(str(c.value), country)].append((c, iv))
        for key in sorted(by_holder):
            _close((key, by_holder[key]), place, name, outlets, rows, agreements)
    return rows, disputes, agreements


def _close(run, place: str, name: str, outlets: Outlets, rows: list[Control], agreements: list[Agreement]) -> None:
    _, items = run
    members = sorted((c for c, _ in items), key=lambda c: c.id)
    start, end = _span(items)
    holder = _display(members)
    status = _status(members, outlets)
    rows.append(Control(place, holder, status, [c.id for c in members], start, end))
    if status == "confirmed":
        when = start if start == end else f"{start}/{end}" if start else "an unknown date"
        agreement = verdict("control", f"who holds {name} on {when}", [Side(holder, members)], outlets, place=place)
        if isinstance(agreement, Agreement):
            agreements.append(agreement)


# Two days of one taker's taking of one place further apart than a month (LONGEST_DATE_DAYS) are two
# takings, whatever the reports say in between (a place lost and taken again within a season may be
# told without the loss). Not tuned (no dev set has such a pair).


@lru_cache(maxsize=1)
def _retaking_cues() -> frozenset[str]:
    """Cues that say the taker had lost the place since (data: control_cues.json retaking_cues)."""
    ref = importlib_resources.files("sitrep") / "data" / "control_cues.json"
    data = json.loads(ref.read_text(encoding="utf-8"))
    return frozenset(w.casefold() for w in data.get("retaking_cues", []))


def _one_taking(told: list[tuple[Claim, Interval]], claims: list[Claim], taker: str, country: str | None,
                outlets: Outlets, stories: dict[str, str]) -> bool:
    """Are a taker's days for taking a place, more than CLOSE_DAYS apart ('took the base on 25 July' /
    'on 3 August'), one taking told with two days? Yes when every report naming a day was published on
    or after the last of them (each knew of the other day's news, and none calls its taking a retaking
    of a place lost since), no report has another side holding the place between the days, and the
    days are at most a month (LONGEST_DATE_DAYS) apart, and the reports are of one story (a loss
    told as fighting that went on, recapped weeks later as a capture in a report of another matter,
    is no rival day)."""
    first, last = min(iv.first for _, iv in told), max(iv.last for _, iv in told)
    retaken = any(str(c.attrs.get("cue") or "").casefold() in _retaking_cues() for c, _ in told)
    if last - first > LONGEST_DATE_DAYS or retaken or len({stories.get(c.article) for c, _ in told}) != 1 \
            or stories.get(told[0][0].article) is None:
        return False  # a retaking ('retook', 'recaptured', 'regained') says the place was lost between
    for c, _ in told:
        pub = parse_interval(outlets.published(c.article))
        if pub is None or pub.last < last:
            return False
    for c in claims:
        iv = _when(c, outlets)  # an undated holding speaks for its report's day
        if iv is not None and iv.days == 1 and first < iv.first < last and holder_key(str(c.value), country) != taker:
            return False  # lost in between: two takings
    return True


def _taking_days(claims: list[Claim], place: str, name: str, country: str | None, outlets: Outlets,
                 stories: dict[str, str]) -> list[Dispute]:
    """The day one taker took the place, as each report names it ('took Dorvana on 3 May' /
    'on May 4, the rebels said they now held Dorvana'): a change of hands happens once, so named days
    that differ contradict each other. Only the taking verbs count (data: control_cues.json
    taking_verbs; an entry or a holding goes on for days), only the whole place (not 'the city
    centre'), and not the days of an article that itself tells the taking in stages."""
    from ..events.control import load_cues

    taking = load_cues().taking_verbs
    by_taker: dict[str, list[tuple[Claim, Interval]]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: c.id):
        iv = parse_interval(c.date)
        if iv is None or iv.days != 1 or c.attrs.get("date_precision") != 1 or c.attrs.get("scope") \
                or str(c.attrs.get("cue") or "").casefold() not in taking:  # a day 'claimed' is a day told
            continue
        by_taker[holder_key(str(c.value), country)].append((c, iv))
    out = []
    for taker in sorted(by_taker):
        told = rival_days(by_taker[taker], stages=True)
        if told and max(iv.last for _, iv in told) - min(iv.first for _, iv in told) > CLOSE_DAYS \
                and not _one_taking(told, claims, taker, country, outlets, stories):
            continue  # days far apart may be two takings (taken, lost, taken again), not one told twice
        sides = date_sides(told)
        if len(sides) > 1:
            dispute = verdict("date", f"when {_display([c for c, _ in by_taker[taker]])} took {name}", sides,
                              outlets, place=place)
            if dispute is not None:
                out.append(dispute)
    return out
