"""Shape checks on the bundled examples: the manifest, their length, and that every surface the
hand-written gold names really occurs in the file it names. (Whether sitrep reads them well is
scored elsewhere; these tests keep the fixture itself honest.)"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOT_ARTICLES = {"manifest.json", "gold.json", "README.md"}
MANIFEST = json.loads((EXAMPLES / "manifest.json").read_text(encoding="utf-8"))
GOLD = json.loads((EXAMPLES / "gold.json").read_text(encoding="utf-8"))
ENTRIES = {e["file"]: e for e in MANIFEST["articles"]}


def readable(path: Path) -> str:
    """The words a reader of the file would see: JSON lines decoded, markup stripped, whitespace
    collapsed. Good enough to look surfaces up; not how sitrep ingests."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        records = [json.loads(line) for line in raw.splitlines() if line.strip()]
        raw = "\n".join(_strings(r) for r in records)
    elif path.suffix in {".html", ".htm", ".xml"}:
        raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return " ".join(raw.split())


def _strings(value) -> str:
    if isinstance(value, dict):
        return "\n".join(_strings(v) for v in value.values())
    if isinstance(value, list):
        return "\n".join(_strings(v) for v in value)
    return value if isinstance(value, str) else ""


TEXTS = {name: readable(EXAMPLES / name) for name in ENTRIES}


def file_for(prefix: str) -> str:
    matches = [name for name in ENTRIES if name.split("_", 1)[0] == prefix]
    assert len(matches) == 1, f"gold names file {prefix!r}, which matches {matches} in the manifest"
    return matches[0]


def occurs(surface: str, prefix: str) -> bool:
    return " ".join(surface.split()) in TEXTS[file_for(prefix)]


def test_manifest_and_folder_list_the_same_files():
    on_disk = {p.name for p in EXAMPLES.iterdir() if p.is_file() and p.name not in NOT_ARTICLES}
    assert on_disk == set(ENTRIES)
    assert len(ENTRIES) == len(MANIFEST["articles"]), "a file is listed twice in the manifest"


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_manifest_entry_is_complete(name):
    entry = ENTRIES[name]
    assert entry["outlet"] and entry["language"] == "en" and entry["note"]
    assert 2024 <= date.fromisoformat(entry["published"]).year <= 2025


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_example_length(name):
    assert 150 <= len(TEXTS[name].split()) <= 900


def test_examples_cover_every_input_format():
    suffixes = {Path(name).suffix for name in ENTRIES}
    assert {".txt", ".html", ".jsonl", ".xml"} <= suffixes
    assert len({e["outlet"] for e in ENTRIES.values()}) >= 6


def test_reprint_is_a_near_duplicate_and_not_a_copy():
    original, reprint = TEXTS[file_for("01")], TEXTS[file_for("02")]

    def shingles(text):
        words = text.split()
        return {tuple(words[i:i + 5]) for i in range(len(words) - 4)}

    a, b = shingles(original), shingles(reprint)
    assert len(a & b) / len(a) > 0.8  # most of the wire story is there
    assert original not in reprint and len(a - b) > 10  # but trimmed


def test_gold_has_every_section():
    for key in ("cleaning", "places", "people", "quotes", "numeric_claims", "events", "control_claims",
                "agreements", "disputes", "not_disputes", "not_sources"):
        assert GOLD[key], f"gold.json has no {key}"


def test_gold_files_name_examples():
    named = set()
    for key in ("cleaning", "quotes", "numeric_claims"):
        named |= {item["file"] for item in GOLD[key]}
    for key in ("places", "people", "events", "agreements", "disputes", "control_claims"):
        named |= {f for item in GOLD[key] for f in item["files"]}
    assert {file_for(prefix) for prefix in named} == set(ENTRIES)


def test_gold_place_surfaces_occur_in_their_files():
    for place in GOLD["places"]:
        for prefix in place["files"]:
            assert any(occurs(s, prefix) for s in place["surface"]), (place["canonical"], prefix)
        for surface in place["surface"]:
            assert any(occurs(surface, p) for p in place["files"]), (place["canonical"], surface)


@pytest.mark.parametrize("key,field", [("quotes", "starts"), ("numeric_claims", "text")])
def test_gold_quotes_and_figures_occur_in_their_files(key, field):
    missing = [(item["file"], item[field]) for item in GOLD[key] if not occurs(item[field], item["file"])]
    assert not missing


def test_gold_people_occur_in_their_files_and_journalists_are_not_sources():
    for person in GOLD["people"]:
        for prefix in person["files"]:
            assert occurs(person["name"], prefix), (person["name"], prefix)
    everything = " ".join(TEXTS.values())
    source_names = {p["name"] for p in GOLD["people"]}
    for name in GOLD["not_sources"]:
        assert name in everything and name not in source_names


def test_gold_cleaning_strings_occur_in_their_files():
    for c in GOLD["cleaning"]:
        strings = [c["title"], c["body_starts_with"], c["body_ends_with"], *c["byline"], *c["must_be_removed"]]
        strings += [c[k] for k in ("dateline", "standfirst") if c.get(k)]
        missing = [s for s in strings if not occurs(s, c["file"])]
        assert not missing, (c["file"], missing)


def test_gold_body_bounds_are_in_order():
    for c in GOLD["cleaning"]:
        text = TEXTS[file_for(c["file"])]
        assert text.index(" ".join(c["body_starts_with"].split())) < text.index(" ".join(c["body_ends_with"].split()))
