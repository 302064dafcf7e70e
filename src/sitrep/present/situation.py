"""Assemble the situation picture: the contract in ../shared/contract/situation.schema.json.

Everything is sorted and every id comes from content hashes, so the same store gives a
byte-identical file. `generated_at` is the latest publication date among the articles (not the
wall clock), for the same reason.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from importlib import resources as importlib_resources
from pathlib import Path

from .. import __version__
from ..model import Place, Reading

__all__ = ["build_situation", "write_json", "dumps", "schema", "validate"]


def build_situation(readings: list[Reading], picture) -> dict:
    """The contract from the readings and what fuse decided about them (`picture.decisions`: the
    incident of each claim, the statement claims fuse made); the readings are not changed."""
    readings = sorted(readings, key=lambda r: r.article.id)
    decisions = picture.decisions
    return {
        "version": __version__,
        "generated_at": _generated_at(readings),
        "articles": [r.article.to_dict() for r in readings],
        "entities": _sorted(e.to_dict() for r in readings for e in r.entities),
        "places": _places(readings),
        "quotes": _sorted(q.to_dict() for r in readings for q in r.quotes),
        "claims": _sorted(c.to_dict() for r in readings for c in decisions.claims_of(r)),
        "events": _sorted(e.to_dict() for r in readings for e in r.events),
        "incidents": sorted((i.to_dict() for i in picture.incidents), key=lambda d: (d["date"] or "", d["id"])),
        "stories": [s.to_dict(picture.story_incidents(s)) for s in picture.stories],
        "agreements": sorted((a.to_dict() for a in picture.agreements), key=lambda d: d["id"]),
        "disputes": sorted((d.to_dict() for d in picture.disputes), key=lambda d: d["id"]),
        "control": sorted((c.to_dict() for c in picture.control),
                          key=lambda d: (d["place"], d["from"] or "", d["holder"])),
    }


def _generated_at(readings: list[Reading]) -> str:
    dates = [r.article.published for r in readings if r.article.published]
    return f"{max(dates)}T00:00:00Z" if dates else "1970-01-01T00:00:00Z"


def _sorted(items) -> list[dict]:
    return sorted(items, key=lambda d: (d.get("article", ""), d.get("start", 0), d.get("end", 0), d["id"]))


def _places(readings: list[Reading]) -> list[dict]:
    """One entry per gazetteer place, with every mention of it across articles."""
    by_id: dict[str, Place] = {}
    mentions = defaultdict(list)
    for r in readings:
        for m in r.places:
            if m.place is None:
                continue
            by_id.setdefault(m.place.id, Place(m.place))
            mentions[m.place.id].append(m)
    out = []
    for pid in sorted(by_id):
        place = by_id[pid]
        place.mentions = mentions[pid]
        out.append(place.to_dict())
    return out


def dumps(situation: dict) -> str:
    return json.dumps(situation, ensure_ascii=False, indent=2) + "\n"


def write_json(situation: dict, path: Path) -> Path:
    """Write atomically: a reader never sees a half-written file."""
    write_text_atomic(path, dumps(situation))
    return path


def write_text_atomic(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def schema() -> dict:
    """The contract, as packaged with sitrep (a copy of ../shared/contract/situation.schema.json)."""
    ref = importlib_resources.files("sitrep") / "data" / "situation.schema.json"
    return json.loads(ref.read_text(encoding="utf-8"))


def validate(situation: dict) -> None:
    """Raise jsonschema.ValidationError when the picture breaks the contract."""
    import jsonschema

    jsonschema.validate(situation, schema(), format_checker=jsonschema.FormatChecker())
