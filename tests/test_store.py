"""The store: reading commands never create one, concurrent writers (several `sitrep ingest` at
once) store every article exactly once, a busy database is waited for, older stores are upgraded,
and a postgresql:// URL without its driver fails in one line."""

from __future__ import annotations

import sqlite3
import sys
import threading
import time

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.errors import StoreError
from sitrep.model import Article, Reading
from sitrep.store import Store

from . import writers


def test_reading_never_creates_a_store(tmp_path):
    missing = tmp_path / "nowhere" / "sitrep.db"
    with pytest.raises(StoreError, match="no store at .*sitrep.db.*sitrep ingest"):
        Store(str(missing), create=False)
    assert not missing.exists() and not missing.parent.exists()
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (x TEXT)").connection.commit()
    with pytest.raises(StoreError, match="holds no sitrep store"):
        Store(str(other), create=False)
    Store(str(tmp_path / "made.db"))  # a writing command creates it
    assert Store(str(tmp_path / "made.db"), create=False).counts() == {"articles": 0, "readings": 0}


def test_concurrent_writers_store_every_article_exactly_once(tmp_path):
    db = str(tmp_path / "shared.db")  # created by whichever writer comes first
    changed = writers.run_concurrently(db, writers=4, count=40)
    assert sum(changed) == 40  # each article stored by exactly one writer; the others found it there
    store = Store(db, create=False)
    assert store.counts() == {"articles": 40, "readings": 40}
    assert sorted(a.text for a in store.articles()) == sorted(writers.texts(40))
    mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_a_busy_database_is_waited_for(tmp_path):
    db = tmp_path / "busy.db"
    store = Store(str(db))
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the write lock ...
    threading.Timer(1.5, holder.execute, args=("COMMIT",)).start()  # ... for a while
    started = time.monotonic()
    assert store.put(Reading(Article.from_text("A report written while another writer held the lock.")), 1)
    assert time.monotonic() - started >= 1.0  # it waited rather than failing
    assert store.counts()["articles"] == 1


def test_articles_come_back_in_the_order_first_stored(tmp_path):
    store = Store(str(tmp_path / "s.db"))
    items = [Article.from_text(t) for t in writers.texts(12)]
    assert [a.id for a in items] != sorted(a.id for a in items)  # id order differs from storing order
    for article in items:
        store.put(Reading(article), 1)
    store.put(Reading(items[3]), 2)  # re-read by a newer pipeline: keeps its place
    assert [a.id for a in store.articles()] == [a.id for a in items]


def test_a_store_made_before_the_seq_column_is_upgraded(tmp_path):
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript("""
        CREATE TABLE articles (id VARCHAR(40) PRIMARY KEY, content_hash VARCHAR(64) NOT NULL, source TEXT,
            outlet VARCHAR(200), published VARCHAR(10), language VARCHAR(12), title TEXT, duplicate_of VARCHAR(40),
            status VARCHAR(20) NOT NULL, record TEXT NOT NULL);
        CREATE TABLE readings (article_id VARCHAR(40) PRIMARY KEY, pipeline_version INTEGER NOT NULL,
            record TEXT NOT NULL);""")
    old = Article.from_text("An article stored by an earlier sitrep.")
    import json
    con.execute("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)",
                (old.id, old.id, None, None, None, None, None, None, "read", json.dumps(old.to_dict())))
    con.commit()
    store = Store(str(db))
    new = Article.from_text("An article stored after the upgrade.")
    store.put(Reading(new), 1)
    assert [a.id for a in store.articles()] == [old.id, new.id]


def test_postgresql_url_without_the_driver_fails_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if sitrep[postgres] were not installed
    (tmp_path / "a.txt").write_text("Shelling hit the town overnight, residents said.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"),
                                      "--db", "postgresql://analyst:secret@db.example.org/sitrep"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0, result.output
    assert "pip install 'sitrep[postgres]'" in result.output and "psycopg" in result.output
    assert "secret" not in result.output  # the password is never printed
    assert "Traceback" not in result.output
