"""Issue 13's reproductions, each as a user meets it: a clear one-line message, a complete batch,
and an exit code that says what happened. Articles are written here in our own words or taken
from examples/."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep import pipeline
from sitrep.cli import EXIT_FAILED, EXIT_NOTHING, EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, app
from sitrep.ingest import read_inputs
from sitrep.model import Article, Skip
from sitrep.present.situation import dumps, validate

from .conftest import EXAMPLES

PROSE = ("Shelling hit the eastern districts of the town overnight, residents said on Monday, "
         "and the water supply was cut for a second day.\n")
SITREP = [sys.executable, "-c", "from sitrep.cli import app; app(prog_name='sitrep')"]


def invoke(args: list[str], code: int):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def lines_starting(output: str, word: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(word + " ")]


def long_article() -> str:
    """Over 1,200,000 characters: the bundled reports one after another, numbers shifted in each
    copy so that no two paragraphs are the same."""
    texts = [a.text for a in read_inputs([str(EXAMPLES)]) if isinstance(a, Article)]
    parts, size, copy = [], 0, 0
    while size < 1_200_000:
        for text in texts:
            copy += 1
            parts.append(re.sub(r"\d+", lambda m, k=copy: str(int(m.group()) + k), text))
            size += len(parts[-1]) + 2
    return "\n\n".join(parts)


# --- long articles ------------------------------------------------------------------------------

def test_long_text_is_annotated_in_pieces_with_offsets_into_the_whole(resources, monkeypatch):
    text = "\n\n".join(a.text for a in read_inputs([str(EXAMPLES)]) if isinstance(a, Article))
    whole = resources.nlp(text)
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 3000)
    pieces = pipeline.annotate(resources.nlp, text)
    assert len(list(pipeline._pieces(text, 3000))) > 5
    assert pieces.text == text
    places = lambda doc: {(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ in ("GPE", "LOC")}  # noqa: E731
    assert places(pieces) == places(whole)  # the same places at the same offsets of the whole text
    far = [e for e in pieces.ents if e.start_char > 15_000]
    assert far and all(text[e.start_char:e.end_char] == e.text for e in far)


def test_pieces_end_at_paragraph_breaks_and_cover_the_text():
    text = ("A sentence of the report. " * 30 + "\n\n") * 40
    pieces = list(pipeline._pieces(text, 2000))
    assert "".join(pieces) == text and all(len(p) <= 2000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])
    unbroken = "x" * 5000  # no break anywhere: cut hard, nothing lost
    assert "".join(pipeline._pieces(unbroken, 2000)) == unbroken


@pytest.mark.slow
def test_article_over_a_million_characters_is_read_and_the_batch_completes(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    text = long_article()
    assert len(text) > 1_200_000
    (batch / "a_long.txt").write_text(text, encoding="utf-8")
    (batch / "b_short.txt").write_text(PROSE, encoding="utf-8")
    result = invoke(["run", str(batch), "--out", str(tmp_path / "out"), "--max-bytes", "20000000"], EXIT_OK)
    assert "2 stored" in result.output
    picture = json.loads((tmp_path / "out" / "situation.json").read_text(encoding="utf-8"))
    validate(picture)
    by_name = {Path(a["source"]).name: a for a in picture["articles"]}
    assert set(by_name) == {"a_long.txt", "b_short.txt"} and by_name["a_long.txt"]["text"] == text
    long_id = by_name["a_long.txt"]["id"]
    found = [q for q in picture["quotes"] if q["article"] == long_id]
    assert found and all(text[q["start"]:q["end"]] == q["text"] for q in found)


# --- faults in one article ----------------------------------------------------------------------

def test_a_stage_failing_on_one_article_is_reported_and_the_batch_goes_on(tmp_path, monkeypatch):
    from sitrep.events import detect

    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "fine.txt").write_text(PROSE, encoding="utf-8")
    (batch / "trips.txt").write_text(PROSE.replace("Monday", "Tuesday") + "Trip wire.\n", encoding="utf-8")
    real = detect.find_events

    def failing(article, *args):
        if "Trip wire" in article.text:
            raise RuntimeError("injected fault")
        return real(article, *args)

    monkeypatch.setattr(detect, "find_events", failing)
    out, db = tmp_path / "out", str(tmp_path / "s.db")
    result = invoke(["run", str(batch), "--out", str(out), "--db", db], EXIT_FAILED)
    [line] = lines_starting(result.output, "failed")
    assert "trips.txt" in line and "events" in line and "RuntimeError: injected fault" in line
    assert "report it" in line and "next run tries it again" in line
    picture = json.loads((out / "situation.json").read_text(encoding="utf-8"))
    assert [Path(a["source"]).name for a in picture["articles"]] == ["fine.txt"]
    monkeypatch.setattr(detect, "find_events", real)  # fixed: the next run reads it
    result = invoke(["run", str(batch), "--out", str(out), "--db", db], EXIT_OK)
    assert "1 stored" in result.output and "1 already stored" in result.output


def test_a_dask_worker_returns_a_failing_article_as_its_failure(monkeypatch):
    """What each Dask worker runs: a stage error comes back as data, not as a lost future."""
    from sitrep import scale
    from sitrep.events import detect
    from sitrep.pipeline import Failure

    def failing(*_args):
        raise ValueError("injected on a worker")

    monkeypatch.setattr(detect, "find_events", failing)
    article = Article.from_text(PROSE, source="w.txt", language="en")
    failure = scale._read_record(article.to_dict())
    assert isinstance(failure, Failure)
    assert (failure.input, failure.stage) == ("w.txt", "events") and "injected on a worker" in failure.cause
    monkeypatch.undo()
    record = scale._read_record(article.to_dict())
    assert record["article"]["id"] == article.id


@pytest.mark.slow
def test_reading_on_an_existing_dask_cluster_gives_the_same_picture(tmp_path, examples_situation):
    """--scheduler ADDRESS: the cluster is started elsewhere (here: in this test), sitrep only connects."""
    distributed = pytest.importorskip("distributed", reason="Dask is the optional extra sitrep[scale]")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=40) as cluster:
        db, out = str(tmp_path / "s.db"), tmp_path / "out"
        invoke(["ingest", str(EXAMPLES), "--db", db, "--scheduler", cluster.scheduler_address], EXIT_OK)
    invoke(["situation", "--db", db, "--out", str(out)], EXIT_OK)
    assert (out / "situation.json").read_text(encoding="utf-8") == dumps(examples_situation)


def test_an_unreachable_dask_scheduler_is_one_line(tmp_path):
    pytest.importorskip("distributed", reason="Dask is the optional extra sitrep[scale]")
    (tmp_path / "a.txt").write_text(PROSE, encoding="utf-8")
    result = invoke(["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.db"),
                     "--scheduler", "tcp://127.0.0.1:9"], EXIT_USAGE)
    assert result.output.strip().count("\n") == 0 and "tcp://127.0.0.1:9" in result.output


def test_exit_codes_say_what_happened(tmp_path):
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir(), bad.mkdir()
    (good / "a.txt").write_text(PROSE, encoding="utf-8")
    (good / "notes.md").write_text("# notes about these files\n", encoding="utf-8")  # passed over on purpose
    (bad / "empty.txt").write_text("", encoding="utf-8")
    (bad / "blob.txt").write_bytes(bytes(range(256)) * 8)
    db = str(tmp_path / "s.db")
    ok = invoke(["ingest", str(good), "--db", db], EXIT_OK)
    assert "passed over" in ok.output and "notes.md" in ok.output
    invoke(["ingest", str(good), "--db", db], EXIT_OK)  # all already stored: still read
    nothing = invoke(["ingest", str(bad), "--db", db], EXIT_NOTHING)
    assert len(lines_starting(nothing.output, "skipped")) == 2
    invoke(["ingest", str(bad), str(good), "--db", db], EXIT_SKIPPED)
    invoke(["ingest", str(tmp_path / "missing"), "--db", db], EXIT_NOTHING)
    assert "Exit codes" in invoke(["run", "--help"], EXIT_OK).output


def test_unreadable_sub_folder_is_reported(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(PROSE, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(PROSE, encoding="utf-8")
    if os.geteuid() != 0:
        locked.chmod(0)
    else:  # root reads any folder: make listing this one fail as a permission error would
        real_scandir = os.scandir

        def scandir(path="."):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        items = list(read_inputs([str(tmp_path)]))
    finally:
        locked.chmod(0o755)
    [skip] = [i for i in items if isinstance(i, Skip)]
    assert skip.input == str(locked) and "cannot be read" in skip.reason and "permissions" in skip.reason
    assert [Path(a.source).name for a in items if isinstance(a, Article)] == ["a.txt"]


def test_link_to_a_folder_is_not_followed_but_said(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(PROSE, encoding="utf-8")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    items = list(read_inputs([str(tmp_path / "real")]))
    from sitrep.ingest import Passed

    [passed] = [i for i in items if isinstance(i, Passed)]
    assert passed.input.endswith("loop") and "not followed" in passed.reason
    assert len([a for a in items if isinstance(a, Article)]) == 1


# --- metadata: manifests and language -----------------------------------------------------------

def test_manifest_with_one_bad_date_reports_it_and_reads_the_others(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "001.txt").write_text(PROSE, encoding="utf-8")
    (batch / "002.txt").write_text(PROSE.replace("Monday", "Friday"), encoding="utf-8")
    (batch / "manifest.json").write_text(json.dumps({
        "001.txt": {"outlet": "River Post", "published": "2024-05-06", "language": "en"},
        "002.txt": {"outlet": "River Post", "published": "06/05/2024 or so", "language": "en"}}), encoding="utf-8")
    result = invoke(["run", str(batch), "--out", str(tmp_path / "out")], EXIT_SKIPPED)
    [line] = lines_starting(result.output, "skipped")
    assert "002.txt" in line and "06/05/2024 or so" in line and "YYYY-MM-DD" in line
    picture = json.loads((tmp_path / "out" / "situation.json").read_text(encoding="utf-8"))
    assert [(a["outlet"], a["published"]) for a in picture["articles"]] == [("River Post", "2024-05-06")]


SHORT_FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Desk Wire</title>
<item><title>Strike</title><description>Two killed in drone strike on market</description><pubDate>Tue, 04 Jun 2024 08:00:00 GMT</pubDate></item>
<item><title>Bridge</title><description>Army says it retook the bridge on Sunday.</description></item>
</channel></rss>"""


def test_short_english_items_are_read_not_dropped_as_another_language(tmp_path):
    feed = tmp_path / "desk.rss"
    feed.write_text(SHORT_FEED, encoding="utf-8")
    articles = [a for a in read_inputs([str(feed)]) if isinstance(a, Article)]
    assert [a.language for a in articles] == ["en", "en"]
    result = invoke(["ingest", str(feed), "--db", str(tmp_path / "s.db")], EXIT_OK)
    assert "2 stored" in result.output and "0 in unsupported languages" in result.output
    # the feed's own language wins over any guess
    said = tmp_path / "said.rss"
    said.write_text(SHORT_FEED.replace("<title>Desk Wire</title>", "<title>Desk Wire</title><language>en-gb</language>"),
                    encoding="utf-8")
    assert {a.language for a in read_inputs([str(said)]) if isinstance(a, Article)} == {"en"}


def test_stray_byte_is_a_warning_and_the_article_is_read(tmp_path):
    data = ("Families fled to Adré and Tiné after the attack, aid workers said on Sunday. " * 3).encode("utf-8")
    (tmp_path / "stray.txt").write_bytes(data[:40] + b"\xc0" + data[40:])
    result = invoke(["ingest", str(tmp_path / "stray.txt"), "--db", str(tmp_path / "s.db")], EXIT_OK)
    [line] = lines_starting(result.output, "warning")
    assert "stray.txt" in line and "byte offset 40" in line


# --- stores: reading commands, default store, eval ------------------------------------------------

def test_read_commands_name_their_store_and_never_create_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITREP_DB", raising=False)
    for args in (["export", "acled", "--out", "x.csv"], ["situation"]):
        result = invoke(args, EXIT_USAGE)
        assert result.output.strip().count("\n") == 0 and "no store at" in result.output
        assert str(Path("out") / "sitrep.db") in result.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "sitrep.db").exists()
    assert not (tmp_path / "x.csv").exists()
    invoke(["run", str(EXAMPLES / "01_meridian_wire_fasher_market.txt")], EXIT_OK)  # as `make run`: out/sitrep.db
    result = invoke(["export", "acled", "--out", "x.csv"], EXIT_OK)
    assert "store " in result.output and "out/sitrep.db: 1 articles" in result.output
    assert len((tmp_path / "x.csv").read_text(encoding="utf-8").splitlines()) > 1  # rows, not just a header
    assert not (tmp_path / "sitrep.db").exists()


def test_eval_of_the_examples_gold_as_its_readme_says():
    result = invoke(["eval", str(EXAMPLES / "gold.json")], EXIT_OK)
    assert f"reading {EXAMPLES}" in result.output and "mean score" in result.output


def test_gazetteer_import_of_a_binary_file_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_HOME", str(tmp_path / "home"))
    blob = tmp_path / "AF.zip"
    blob.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 20)
    result = invoke(["gazetteer", "import", str(blob)], EXIT_USAGE)
    assert result.output.strip().count("\n") == 0 and "binary" in result.output and "AF.zip" in result.output


# --- interrupted and concurrent ingests (real processes) ------------------------------------------

def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as con:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0  # not created yet


@pytest.mark.slow
def test_kill_9_during_ingest_then_rerun_stores_each_article_once_and_the_same_picture(tmp_path, examples_situation):
    db = tmp_path / "s.db"
    total = len(examples_situation["articles"])
    proc = subprocess.Popen(SITREP + ["ingest", str(EXAMPLES), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while _count(db) < 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored_before = _count(db)
    assert 1 <= stored_before < total, "the kill came too late to interrupt the ingest"
    rerun = subprocess.run(SITREP + ["ingest", str(EXAMPLES), "--db", str(db)], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{stored_before} already stored" in rerun.stderr
    with sqlite3.connect(db) as con:
        ids = [row[0] for row in con.execute("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) == total
        assert con.execute("SELECT count(*) FROM readings").fetchone()[0] == total
    out = tmp_path / "out"
    done = subprocess.run(SITREP + ["situation", "--db", str(db), "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (out / "situation.json").read_text(encoding="utf-8") == dumps(examples_situation)
    assert any(a["duplicate_of"] for a in examples_situation["articles"])  # the reprint is still marked


@pytest.mark.slow
def test_two_ingests_into_one_sqlite_store_at_once(tmp_path, examples_situation):
    db = tmp_path / "shared.db"
    procs = [subprocess.Popen(SITREP + ["ingest", str(EXAMPLES), "--db", str(db)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (_out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "error" not in err.lower()
    with sqlite3.connect(db) as con:
        ids = [row[0] for row in con.execute("SELECT id FROM articles")]
    assert sorted(ids) == sorted(a["id"] for a in examples_situation["articles"])
