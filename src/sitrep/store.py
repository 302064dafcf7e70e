"""The one store: SQLAlchemy Core over a SQLite file by default, any SQLAlchemy URL via --db.

An article's id is the hash of its text, so storing the same text twice stores nothing new. Each
article and its reading are written in one transaction: an interrupted ingest leaves no
half-written article. A reading made by an older pipeline version is re-made on the next ingest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import (
    Column, Integer, MetaData, String, Table, Text, create_engine, event, func, insert, select, update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from .errors import StoreError
from .model import Article, Reading

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(40), primary_key=True),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("source", Text),
    Column("outlet", String(200)),
    Column("published", String(10), index=True),
    Column("language", String(12)),
    Column("title", Text),
    Column("duplicate_of", String(40)),
    Column("status", String(20), nullable=False),  # read | unsupported_language
    Column("record", Text, nullable=False),  # Article.to_dict() as JSON
)

readings = Table(
    "readings", metadata,
    Column("article_id", String(40), primary_key=True),
    Column("pipeline_version", Integer, nullable=False),
    Column("record", Text, nullable=False),  # Reading.to_record() as JSON
)


def db_url(db: str) -> str:
    """A bare path means a SQLite file; anything with '://' is taken as a SQLAlchemy URL."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


class Store:
    def __init__(self, db: str):
        self.url = db_url(db)
        try:
            if self.url.startswith("sqlite:///"):
                Path(self.url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(self.url, future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            metadata.create_all(self.engine)
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"cannot open the database {db!r}: {_first_line(exc)}; "
                             "pass a writable file path or a SQLAlchemy URL with --db") from exc

    def has(self, article_id: str, pipeline_version: int) -> bool:
        """True when this article is stored with a reading from this pipeline version."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(readings.c.pipeline_version).where(readings.c.article_id == article_id)
            ).first()
        return row is not None and row[0] == pipeline_version

    def put(self, reading: Reading, pipeline_version: int, status: str = "read") -> bool:
        """Store an article and its reading in one transaction. Returns True if anything changed."""
        art = reading.article
        art_row = {
            "id": art.id, "content_hash": art.id, "source": art.source, "outlet": art.outlet,
            "published": art.published, "language": art.language, "title": art.title,
            "duplicate_of": art.duplicate_of, "status": status,
            "record": _dumps(art.to_dict()),
        }
        rd_row = {"article_id": art.id, "pipeline_version": pipeline_version,
                  "record": _dumps(reading.to_record())}
        with self.engine.begin() as conn:
            existing = conn.execute(
                select(readings.c.pipeline_version, readings.c.record).where(readings.c.article_id == art.id)
            ).first()
            if existing is not None and existing[0] == pipeline_version and existing[1] == rd_row["record"]:
                return False
            has_article = conn.execute(select(articles.c.id).where(articles.c.id == art.id)).first()
            if has_article:
                conn.execute(update(articles).where(articles.c.id == art.id).values(**art_row))
            else:
                conn.execute(insert(articles).values(**art_row))
            if existing is not None:
                conn.execute(update(readings).where(readings.c.article_id == art.id).values(**rd_row))
            else:
                conn.execute(insert(readings).values(**rd_row))
        return True

    def readings(self) -> Iterator[Reading]:
        """Every stored reading, in id order (the order never depends on when things were stored)."""
        with self.engine.connect() as conn:
            for (record,) in conn.execute(select(readings.c.record).order_by(readings.c.article_id)):
                yield Reading.from_record(json.loads(record))

    def articles(self) -> Iterator[Article]:
        with self.engine.connect() as conn:
            for (record,) in conn.execute(select(articles.c.record).order_by(articles.c.id)):
                yield Article.from_dict(json.loads(record))

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            n_art = conn.execute(select(func.count()).select_from(articles)).scalar_one()
            n_read = conn.execute(select(func.count()).select_from(readings)).scalar_one()
        return {"articles": n_art, "readings": n_read}


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
