"""Exports of the situation picture for other tools.

    acled            ACLED-compatible CSV: ACLED's column names, one row per incident; the outlets in
                     `source`, the fatalities as ACLED counts them (the lowest reported figure), and
                     the disputes about the incident summarised in `notes`.
    geojson          incidents and places as GeoJSON Features (RFC 7946; lon, lat).
    claims-csv, quotes-csv, events-csv            one row per claim / quote / event, with the words.
    claims-parquet, quotes-parquet, events-parquet  the same tables as Parquet (needs `sitrep[export]`).
    json             the contract itself.

Every export is deterministic: rows sorted, no clock read (ACLED's `timestamp` is the situation's
`generated_at`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import InputError, ModelError
from .brief import format_range

__all__ = ["FORMATS", "ACLED_COLUMNS", "export", "acled_rows", "table_rows"]

FORMATS = ("acled", "geojson", "json", "claims-csv", "quotes-csv", "events-csv",
           "claims-parquet", "quotes-parquet", "events-parquet")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)

# ACLED's disorder type for each event type.
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# ACLED's actor types (inter1/inter2) for sitrep's entity kinds. ACLED tells rebels from militias;
# sitrep's kinds do not, so every armed group is coded as a rebel group.
ACTOR_TYPE = {
    "state_force": "State forces",
    "government": "State forces",
    "armed_group": "Rebel group",
    "civilians": "Civilians",
    "organization": "External/Other forces",
}


def export(situation: dict, fmt: str, out: Path | str) -> Path:
    """Write `situation` as `fmt` to the file `out` (its folder is created); return the path."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    out = Path(out)
    if fmt.endswith("-parquet"):
        _write_parquet(table_rows(situation, fmt.split("-")[0]), out, fmt)
        return out
    if fmt == "acled":
        text = _csv(ACLED_COLUMNS, acled_rows(situation))
    elif fmt == "geojson":
        text = json.dumps(geojson(situation), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    elif fmt == "json":
        text = json.dumps(situation, ensure_ascii=False, indent=2) + "\n"
    else:
        rows = table_rows(situation, fmt.split("-")[0])
        text = _csv(tuple(rows[0]) if rows else TABLE_COLUMNS[fmt.split("-")[0]], rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8", newline="")
    return out


def _csv(columns: tuple[str, ...], rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n", extrasaction="raise")
    w.writeheader()
    for r in rows:
        w.writerow({k: "" if r.get(k) is None else r[k] for k in columns})
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# ACLED

@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    data = json.loads(resources.files("sitrep.data").joinpath("acled_regions.json").read_text(encoding="utf-8"))
    return {cc: region for region, codes in data["regions"].items() for cc in codes}


def _country(cc: str | None) -> tuple[str, str]:
    """(ISO 3166-1 numeric as ACLED's `iso`, country name) for an alpha-2 code."""
    if not cc:
        return "", ""
    import pycountry

    c = pycountry.countries.get(alpha_2=cc.upper())
    if c is None:
        return "", cc
    return str(int(c.numeric)), getattr(c, "common_name", None) or c.name


def _iso3(cc: str | None) -> str:
    import pycountry

    c = pycountry.countries.get(alpha_2=cc.upper()) if cc else None
    return c.alpha_3 if c else "XXX"


def _actor_type(name: str | None, kinds: dict[str, str]) -> str:
    if not name:
        return ""
    return ACTOR_TYPE.get(kinds.get(name, ""), "")


@dataclass
class _Ix:
    """The situation's things by id."""

    situation: dict

    def __post_init__(self):
        s = self.situation
        self.articles = {a["id"]: a for a in s.get("articles", [])}
        self.entities = {e["id"]: e for e in s.get("entities", [])}
        self.places = {p["id"]: p for p in s.get("places", [])}
        self.events = {e["id"]: e for e in s.get("events", [])}
        self.claims = {c["id"]: c for c in s.get("claims", [])}
        self.claims_by_incident: dict[str, list[dict]] = {}
        for c in s.get("claims", []):
            if c.get("incident"):
                self.claims_by_incident.setdefault(c["incident"], []).append(c)


def acled_rows(situation: dict) -> list[dict]:
    """One ACLED row per incident, in date order."""
    ix = _Ix(situation)
    places, events = ix.places, ix.events
    kinds = {e["name"]: e["kind"] for e in situation.get("entities", [])}
    timestamp = _timestamp(situation.get("generated_at"))
    rows = []
    for inc in sorted(situation.get("incidents", []), key=lambda i: (i.get("date") or "9999", i["id"])):
        place = places.get(inc.get("place") or "", {})
        evs = [events[e] for e in inc.get("events", []) if e in events]
        day, precision = _acled_date(inc.get("date"), evs)
        actors = list(inc.get("actors") or [])
        actor1 = actors[0] if actors else (evs[0].get("actor1") if evs else None) or ""
        actor2 = actors[1] if len(actors) > 1 else ""
        inter1, inter2 = _actor_type(actor1, kinds), _actor_type(actor2, kinds)
        iso, country = _country(place.get("country_code"))
        fat = inc.get("fatalities") or {}
        rows.append({
            "event_id_cnty": _iso3(place.get("country_code")) + str(int(hashlib.sha1(inc["id"].encode()).hexdigest()[:8], 16) % 10**7),
            "event_date": day,
            "year": day[:4] if day else "",
            "time_precision": precision,
            "disorder_type": DISORDER.get(inc.get("type", ""), ""),
            "event_type": inc.get("type", ""),
            "sub_event_type": inc.get("sub_type", ""),
            "actor1": actor1,
            "assoc_actor_1": "",
            "inter1": inter1,
            "actor2": actor2,
            "assoc_actor_2": "; ".join(actors[2:]),
            "inter2": inter2,
            "interaction": f"{inter1}-{inter2}" if inter1 and inter2 else (f"{inter1} only" if inter1 else ""),
            "civilian_targeting": "Civilian targeting" if inc.get("type") == "Violence against civilians" else "",
            "iso": iso,
            "region": _regions().get((place.get("country_code") or "").upper(), ""),
            "country": country,
            "admin1": place.get("admin1") or ("" if place.get("kind") != "admin1" else place.get("name")),
            "admin2": place.get("admin2") or "",
            "admin3": "",
            "location": place.get("name", ""),
            "latitude": place.get("lat"),
            "longitude": place.get("lon"),
            "geo_precision": _geo_precision(place, evs),
            "source": "; ".join(sorted(set(inc.get("outlets") or []))),
            "source_scale": "",
            "notes": _notes(inc, ix),
            "fatalities": int(fat["low"]) if fat.get("low") is not None else 0,
            "tags": f"sitrep_incident={inc['id']}" + (f"; fatalities_reported={fat.get('text')}" if fat.get("text") else ""),
            "timestamp": timestamp,
        })
    return rows


def _timestamp(generated_at: str | None) -> int | str:
    if not generated_at:
        return ""
    try:
        return int(datetime.fromisoformat(generated_at.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return ""


def _acled_date(d: str | None, events: list[dict]) -> tuple[str, int | str]:
    """ACLED has one day per row: an interval becomes its first day at week/month precision."""
    if not d:
        return "", ""
    if "/" in d:
        first, last = d.split("/")[:2]
        try:
            days = (datetime.fromisoformat(last) - datetime.fromisoformat(first)).days
        except ValueError:
            return first, 3
        return first, 2 if days <= 7 else 3
    precisions = [e["date_precision"] for e in events if e.get("date_precision")]
    return d, min(precisions) if precisions else 1


def _geo_precision(place: dict, events: list[dict]) -> int | str:
    if not place:
        return ""
    precisions = [e["place_precision"] for e in events if e.get("place_precision")]
    if precisions:
        return min(precisions)
    return 3 if place.get("kind") in ("country", "admin1", "region") else 1


def _notes(inc: dict, ix: _Ix) -> str:
    """ACLED-style notes: the summary, the figures with their sources, and any dispute."""
    claims = ix.claims
    parts = []
    if inc.get("summary"):
        parts.append(inc["summary"].rstrip(".") + ".")
    figs = [c for c in ix.claims_by_incident.get(inc["id"], []) if isinstance(c.get("value"), dict)]
    for c in sorted(figs, key=lambda c: (c.get("subject", ""), c["article"], c["start"])):
        parts.append(f"{c['subject']}: {c['value'].get('text', '')} ({format_range(c['value'])}; {_who(c, ix)}).")
    for d in sorted(ix.situation.get("disputes", []), key=lambda d: d["id"]):
        # a dispute belongs to its incident; a control dispute without one, to incidents at its place
        own = d.get("incident") == inc["id"]
        at_place = not d.get("incident") and d.get("kind") == "control" and d.get("place") == inc.get("place")
        if not (own or at_place):
            continue
        sides = []
        for s in d.get("sides", []):
            who = sorted({_who(claims[c], ix) for c in s.get("claims", []) if c in claims})
            value = s.get("value")
            value = format_range(value) if isinstance(value, dict) else str(value)
            sides.append(f"{value} ({', '.join(who) or 'unattributed'})")
        parts.append(f"Disputed {d.get('kind')} of {d.get('subject')}: " + " vs ".join(sides) + ".")
    return " ".join(parts)


def _who(claim: dict, ix: "_Ix") -> str:
    """'Name, Outlet' of a claim's source, or the outlet alone for its own voice."""
    outlet = ix.articles.get(claim["article"], {}).get("outlet") or claim["article"]
    src = claim.get("source") or {}
    if src.get("kind") == "entity":
        ent = ix.entities.get(src.get("entity") or "")
        name = ent["name"] if ent else src.get("description") or "named source"
    elif src.get("kind") in ("unnamed", "document"):
        name = src.get("description") or "unnamed source"
    else:
        return outlet
    return f"{name}, {outlet}"


# ---------------------------------------------------------------------------------------------
# GeoJSON

def geojson(situation: dict) -> dict:
    places = {p["id"]: p for p in situation.get("places", [])}
    features = []
    for inc in sorted(situation.get("incidents", []), key=lambda i: (i.get("date") or "9999", i["id"])):
        p = places.get(inc.get("place") or "")
        fat = inc.get("fatalities") or {}
        features.append({
            "type": "Feature", "id": inc["id"], "geometry": _point(p),
            "properties": {"feature": "incident", "type": inc.get("type"), "sub_type": inc.get("sub_type"),
                           "date": inc.get("date"), "place": inc.get("place"), "place_name": p["name"] if p else None,
                           "actors": inc.get("actors") or [], "fatalities_low": fat.get("low"),
                           "fatalities_best": fat.get("best"), "fatalities_high": fat.get("high"),
                           "fatalities_text": fat.get("text"), "outlets": sorted(inc.get("outlets") or []),
                           "articles": sorted(inc.get("articles") or []), "summary": inc.get("summary"),
                           "disputed": any(d.get("incident") == inc["id"] for d in situation.get("disputes", []))},
        })
    for p in sorted(places.values(), key=lambda p: p["id"]):
        roles = sorted({m.get("role") for m in p.get("mentions", []) if m.get("role")})
        features.append({
            "type": "Feature", "id": p["id"], "geometry": _point(p),
            "properties": {"feature": "place", "name": p["name"], "kind": p["kind"], "country_code": p.get("country_code"),
                           "admin1": p.get("admin1"), "admin2": p.get("admin2"), "gazetteer_id": p.get("gazetteer_id"),
                           "mentions": len(p.get("mentions", [])), "roles": roles},
        })
    return {"type": "FeatureCollection", "features": features}


def _point(p: dict | None) -> dict | None:
    if not p or p.get("lat") is None or p.get("lon") is None:
        return None
    return {"type": "Point", "coordinates": [p["lon"], p["lat"]]}


# ---------------------------------------------------------------------------------------------
# Tables: claims, quotes, events

TABLE_COLUMNS = {
    "claims": ("id", "article", "outlet", "published", "kind", "subject", "value", "value_low", "value_best",
               "value_high", "value_unit", "place", "place_name", "date", "incident", "source_kind",
               "source_entity", "source_name", "hedged", "quote", "start", "end", "text"),
    "quotes": ("id", "article", "outlet", "published", "kind", "speaker_kind", "speaker_entity", "speaker_name",
               "cue", "start", "end", "text"),
    "events": ("id", "article", "outlet", "published", "type", "sub_type", "date", "date_precision", "place",
               "place_name", "place_precision", "actor1", "actor2", "fatalities_low", "fatalities_best",
               "fatalities_high", "fatalities_text", "source_kind", "source_entity", "source_name", "start", "end",
               "text"),
}


def table_rows(situation: dict, table: str) -> list[dict]:
    """Rows of one table (claims, quotes or events) with their words and outlet, sorted by article and
    position."""
    arts = {a["id"]: a for a in situation.get("articles", [])}
    places = {p["id"]: p for p in situation.get("places", [])}
    ents = {e["id"]: e for e in situation.get("entities", [])}

    def base(x: dict) -> dict:
        a = arts.get(x["article"], {})
        return {"id": x["id"], "article": x["article"], "outlet": a.get("outlet"), "published": a.get("published"),
                "start": x["start"], "end": x["end"], "text": a.get("text", "")[x["start"]:x["end"]]}

    def source(prefix: str, s: dict | None) -> dict:
        s = s or {}
        name = ents[s["entity"]]["name"] if s.get("entity") in ents else s.get("description")
        return {f"{prefix}_kind": s.get("kind"), f"{prefix}_entity": s.get("entity"), f"{prefix}_name": name}

    items = sorted(situation.get(table, []), key=lambda x: (x["article"], x["start"], x["end"], x["id"]))
    rows = []
    for x in items:
        r = base(x)
        if table == "claims":
            v = x.get("value")
            rng = v if isinstance(v, dict) else {}
            r.update(kind=x["kind"], subject=x["subject"], value=rng.get("text") if rng else v,
                     value_low=rng.get("low"), value_best=rng.get("best"), value_high=rng.get("high"),
                     value_unit=rng.get("unit"), place=x.get("place"),
                     place_name=places.get(x.get("place") or "", {}).get("name"), date=x.get("date"),
                     incident=x.get("incident"), hedged=bool(x.get("hedged")), quote=x.get("quote"),
                     **source("source", x.get("source")))
        elif table == "quotes":
            r.update(kind=x["kind"], cue=x.get("cue"), **source("speaker", x.get("speaker")))
            r["text"] = x.get("text") or r["text"]
        else:
            f = x.get("fatalities") or {}
            r.update(type=x["type"], sub_type=x["sub_type"], date=x.get("date"), date_precision=x.get("date_precision"),
                     place=x.get("place"), place_name=places.get(x.get("place") or "", {}).get("name"),
                     place_precision=x.get("place_precision"), actor1=x.get("actor1"), actor2=x.get("actor2"),
                     fatalities_low=f.get("low"), fatalities_best=f.get("best"), fatalities_high=f.get("high"),
                     fatalities_text=f.get("text"), **source("source", x.get("source")))
        rows.append({k: r.get(k) for k in TABLE_COLUMNS[table]})
    return rows


def _write_parquet(rows: list[dict], out: Path, fmt: str) -> None:
    try:
        import pandas as pd
        import pyarrow  # noqa: F401  (pandas needs it for Parquet)
    except ImportError:
        raise ModelError(f"the {fmt} export needs pandas and pyarrow: pip install 'sitrep[export]'") from None
    table = fmt.split("-")[0]
    df = pd.DataFrame(rows, columns=list(TABLE_COLUMNS[table]))
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_parquet(out, index=False, engine="pyarrow")
