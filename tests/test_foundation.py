"""The whole path, end to end: contract, determinism, idempotent store, bad inputs in a batch."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.present.situation import validate
from sitrep.store import Store

from .conftest import EXAMPLES


def test_seeds_validate_against_the_contract(seeds_situation):
    validate(seeds_situation)


def test_seeds_carry_manifest_metadata_and_every_kind_of_finding(seeds_situation, seeds_dir):
    manifest = json.loads((seeds_dir / "manifest.json").read_text(encoding="utf-8"))
    by_file = {Path(a["source"]).name: a for a in seeds_situation["articles"]}
    assert sorted(by_file) == sorted(m["file"] for m in manifest["articles"])
    for m in manifest["articles"]:
        art = by_file[m["file"]]
        assert art["outlet"] == m["outlet"]
        assert art["published"] == m["published"]
    for section in ("places", "quotes", "claims", "events", "entities"):
        assert seeds_situation[section], f"no {section} read from the seeds"


def test_spans_index_the_text_as_read(seeds_situation):
    texts = {a["id"]: a["text"] for a in seeds_situation["articles"]}
    for q in seeds_situation["quotes"]:
        assert texts[q["article"]][q["start"]:q["end"]] == q["text"]
    for c in seeds_situation["claims"] + seeds_situation["events"]:
        assert 0 <= c["start"] < c["end"] <= len(texts[c["article"]])


def test_examples_validate_against_the_contract(examples_situation):
    validate(examples_situation)
    assert len(examples_situation["articles"]) >= 6
    assert examples_situation["incidents"], "the examples report incidents; none were found"


def _run(args: list[str], code: int = 0):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code, result.output
    return result


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_second_run_is_byte_identical_and_stores_nothing_new(tmp_path, seeds_dir):
    out1, out2 = tmp_path / "one", tmp_path / "two"
    _run(["run", str(seeds_dir), "--out", str(out1)])
    before = Store(str(out1 / "sitrep.db")).counts()
    first = {n: _sha(out1 / n) for n in ("situation.json", "brief.md", "brief.html")}
    # the same inputs again into the same store: nothing stored twice, nothing changed
    result = _run(["run", str(seeds_dir), "--out", str(out1)])
    assert "0 stored" in result.output and "2 already stored" in result.output
    assert Store(str(out1 / "sitrep.db")).counts() == before == {"articles": 2, "readings": 2}
    assert {n: _sha(out1 / n) for n in first} == first
    # a fresh store gives the same bytes too
    _run(["run", str(seeds_dir), "--out", str(out2)])
    assert {n: _sha(out2 / n) for n in first} == first


def test_bad_inputs_are_one_line_each_and_the_batch_goes_on(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "empty.txt").write_text("", encoding="utf-8")
    (batch / "blob.txt").write_bytes(bytes(range(256)) * 40)
    good = sorted(p for p in EXAMPLES.glob("*.txt"))[0]
    (batch / "good.txt").write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    result = _run(["run", str(batch), "--out", str(tmp_path / "out")], code=3)  # 3: some inputs not read
    assert "2 inputs skipped" in result.output
    lines = [l for l in result.output.splitlines() if l.startswith("skipped ")]
    assert len(lines) == 2, result.output  # one line each, naming the input and the reason
    assert any("empty.txt" in l for l in lines) and any("blob.txt" in l for l in lines)
    picture = json.loads((tmp_path / "out" / "situation.json").read_text(encoding="utf-8"))
    assert [Path(a["source"]).name for a in picture["articles"]] == ["good.txt"]


def test_missing_input_and_bad_database_fail_in_one_line(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "situation.json").write_text("an earlier picture", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(tmp_path / "nope"), "--out", str(out)])
    assert "nope" in result.output and result.exit_code == 5
    # nothing was read into an empty store: the earlier picture is left as it was, and the user is told so
    assert (out / "situation.json").read_text(encoding="utf-8") == "an earlier picture"
    assert "nothing written" in result.output and not (out / "brief.md").exists()
    bad_db = tmp_path / "file"
    bad_db.write_text("x")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(bad_db / "sub.db")])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "--db" in result.output


def test_reading_on_dask_workers_stores_the_same_picture(tmp_path, seeds_dir):
    pytest.importorskip("distributed", reason="Dask is the optional extra sitrep[scale]")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    _run(["run", str(seeds_dir), str(EXAMPLES), "--out", str(serial)])
    _run(["run", str(seeds_dir), str(EXAMPLES), "--out", str(parallel), "--workers", "2"])
    assert _sha(parallel / "situation.json") == _sha(serial / "situation.json")


def test_nothing_is_read_from_removed_spans(seeds_situation):
    """Boilerplate stays in the text as read, but nothing downstream comes from it."""
    picture = dict(seeds_situation)
    picture["articles"] = [{k: v for k, v in a.items() if k != "text"} for a in picture["articles"]]
    dumped = json.dumps(picture, ensure_ascii=False)
    assert "Luxemburg" not in dumped  # a name only in the seed's 'Check Also' widget
    removed = {a["id"]: a["removed"] for a in seeds_situation["articles"]}
    for item in seeds_situation["quotes"] + seeds_situation["claims"] + seeds_situation["events"]:
        assert not any(r["start"] <= item["start"] < r["end"] for r in removed[item["article"]]), item["id"]
