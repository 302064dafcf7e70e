"""Rule 4 of the house: no third-party text in the repository. Every tracked file is cut into runs of eight words
and set against the seed articles (../shared/seeds) and any folders of real reports named in SITREP_REAL_TEXTS
(colon-separated, e.g. /tmp/sitrep-dev/sudan-2023). Eight words in a row shared with a report means a sentence of
it was copied into a test, a comment or an example; say the same in our own words instead."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"

RUN = 8
# A string in a data file this short is a name (an organisation, a place), which the rule allows: names are data.
NAME_WORDS = 12


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _runs(text: str) -> set[str]:
    w = _words(text)
    return {" ".join(w[i:i + RUN]) for i in range(len(w) - RUN + 1)}


def _json_prose(value) -> list[str]:
    """The strings of a data file that are longer than a name."""
    if isinstance(value, str):
        return [value] if len(_words(value)) > NAME_WORDS else []
    if isinstance(value, dict):
        value = list(value.keys()) + list(value.values())
    if isinstance(value, list):
        return [s for v in value for s in _json_prose(v)]
    return []


def _tracked() -> list[Path]:
    try:
        out = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("git cannot list the tracked files (not a clone?)")
    return [REPO / p for p in out.decode().split("\0") if p]


def _report_texts() -> list[Path]:
    dirs = [SEEDS] + [Path(d) for d in os.environ.get("SITREP_REAL_TEXTS", "").split(":") if d]
    return sorted(p for d in dirs if d.is_dir() for p in d.iterdir() if p.suffix in (".txt", ".html", ".htm"))


def shared_runs(text: str, reports: set[str]) -> set[str]:
    return _runs(text) & reports


def test_the_check_catches_a_copied_sentence():
    report = _runs("Shelling hit the northern bridge at dawn and the ferry crossing was closed by the garrison.")
    assert shared_runs("# e.g. 'the northern bridge at dawn and the ferry crossing was closed'", report)
    assert not shared_runs("# a shell hit a bridge in the north early; the ferry stopped", report)


def test_no_tracked_file_repeats_a_report():
    texts = _report_texts()
    if not texts:
        pytest.skip(f"no report texts to check against: the seeds are not at {SEEDS}")
    reports: set[str] = set()
    for p in texts:
        reports |= _runs(p.read_text(encoding="utf-8", errors="ignore"))
    copied = []
    for path in _tracked():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary or gone from the working tree
        if path.suffix == ".json" and "data" in path.parts:
            try:
                text = "\n".join(_json_prose(json.loads(text)))
            except json.JSONDecodeError:
                pass
        hits = shared_runs(text, reports)
        if hits:
            copied.append(f"{path.relative_to(REPO)}: {sorted(hits)[0]!r}")
    assert not copied, "eight words in a row shared with a report:\n" + "\n".join(copied)
