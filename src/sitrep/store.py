"""The one store: SQLAlchemy Core over a SQLite file by default, PostgreSQL (or another SQLAlchemy
URL) via --db.

An article's id is the hash of its text, so storing the same text twice stores nothing new. Each
article and its reading are written in one transaction: an interrupted ingest (even kill -9)
leaves no half-written article. A reading made by an older pipeline version is re-made on the
next ingest.

Several processes may write one store at once: the schema is created idempotently (under a lock
on PostgreSQL), rows are upserted, SQLite runs in WAL mode and takes its write lock up front
(BEGIN IMMEDIATE), and a busy database is waited for and retried rather than reported as an
error. Commands that only read (`situation`, `export`) open a store with `create=False`: a
missing store is an error naming it, never a new empty one.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from sqlalchemy import (
    Column, Integer, MetaData, String, Table, Text, create_engine, event, func, inspect, insert, select,
    text, update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.schema import CreateIndex, CreateTable

from .errors import StoreError
from .model import Article, Reading

__all__ = ["Store", "db_url", "describe_db"]

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
    # Order of first storing. Near-duplicates are judged against earlier articles, so a re-run
    # after an interruption must see the stored ones in the order they were read, not by id.
    Column("seq", Integer, index=True),
)

readings = Table(
    "readings", metadata,
    Column("article_id", String(40), primary_key=True),
    Column("pipeline_version", Integer, nullable=False),
    Column("record", Text, nullable=False),  # Reading.to_record() as JSON
)

# Columns added after the first release of the schema: added to older stores when opened.
_ADDED_COLUMNS = {"articles": ("seq",)}

# How long a writer waits for another one before giving up: SQLite's busy timeout per statement,
# and the total time spent retrying a transaction that met a lock or a serialisation failure.
SQLITE_BUSY_SECONDS = 30
RETRY_SECONDS = 120
PG_CONNECT_SECONDS = 15

# Any constant: the PostgreSQL advisory lock that serialises schema creation between processes.
_SCHEMA_LOCK = 7_316_442

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_T = TypeVar("_T")


def db_url(db: str) -> str:
    """A bare path means a SQLite file; anything with '://' is taken as a SQLAlchemy URL, and a
    plain postgresql:// URL uses psycopg 3 (the `sitrep[postgres]` extra)."""
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser().resolve()}"
    for scheme in _POSTGRES_SCHEMES:
        if db.startswith(scheme):
            return "postgresql+psycopg://" + db[len(scheme):]
    return db


def describe_db(db: str) -> str:
    """The store as a person should see it in a message: a path, or a URL without its password."""
    if "://" not in db:
        return db
    try:
        return make_url(db).render_as_string(hide_password=True)
    except ArgumentError:
        return db.split("@")[-1]


class Store:
    def __init__(self, db: str, create: bool = True):
        """Open the store at `db` (a path or a URL). With `create=False` the store must already
        exist: reading commands never make an empty one."""
        self.db = db
        self.name = describe_db(db)
        self.url = db_url(db)
        self._check_driver()
        sqlite_path = Path(self.url[len("sqlite:///"):]) if self.url.startswith("sqlite:///") else None
        if sqlite_path is not None and not create and not sqlite_path.is_file():
            raise StoreError(f"no store at {self.name}: read articles into it first (sitrep run … or "
                             f"sitrep ingest … --db {self.name}), or name another store with --db")
        try:
            if sqlite_path is not None:
                sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(self.url, **_engine_options(self.url))
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_connect)
                event.listen(self.engine, "begin", _sqlite_begin)
            if not create and not inspect(self.engine).has_table("articles"):
                raise StoreError(f"{self.name} holds no sitrep store (no articles table): read articles into "
                                 "it first with sitrep run or sitrep ingest, or name another store with --db")
            if create:  # a reading command writes nothing: it works on a read-only store too
                self._write(_create_schema)
        except ImportError as exc:  # a driver named in the URL (e.g. postgresql+psycopg2) is missing
            raise StoreError(f"cannot open the database {self.name}: the driver {exc.name or exc} is not "
                             "installed; for PostgreSQL use a postgresql:// URL and pip install 'sitrep[postgres]'"
                             ) from exc
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"cannot open the database {self.name}: {_first_line(exc)}; "
                             "pass a writable file path or a reachable database URL with --db") from exc

    def _check_driver(self) -> None:
        if not self.url.startswith("postgresql+psycopg://"):
            return
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise StoreError(f"--db {self.name} needs the PostgreSQL driver psycopg 3, which is not installed: "
                             "pip install 'sitrep[postgres]'") from exc

    # -- writing -----------------------------------------------------------------------------

    def _write(self, work: Callable[[Connection], _T]) -> _T:
        """Run `work` in one write transaction, retried while another writer holds the database."""
        deadline = time.monotonic() + RETRY_SECONDS
        wait = 0.05
        engine = self.engine.execution_options(sitrep_write=True)
        attempt = 0
        while True:
            attempt += 1
            try:
                with engine.begin() as conn:
                    return work(conn)
            except (OperationalError, IntegrityError, DBAPIError) as exc:
                # a concurrent insert of the same row is seen by the retry; a real constraint
                # violation fails again, and is raised after a few tries
                conflict = isinstance(exc, IntegrityError) and attempt < 3
                if not (conflict or _retryable(exc)) or time.monotonic() > deadline:
                    raise
            time.sleep(wait * (1 + random.random()))
            wait = min(wait * 2, 2.0)

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

        def write(conn: Connection) -> bool:
            # Insert-if-absent first: of several writers storing the same article at once, exactly
            # one inserts it (the others wait for it, then find it there).
            seq = (conn.execute(select(func.max(articles.c.seq))).scalar() or 0) + 1
            _insert_new(conn, articles, {**art_row, "seq": seq}, "id")
            if _insert_new(conn, readings, rd_row, "article_id"):
                return True
            existing = conn.execute(
                select(readings.c.pipeline_version, readings.c.record)
                .where(readings.c.article_id == art.id).with_for_update()
            ).first()
            if existing is not None and existing[0] == pipeline_version and existing[1] == rd_row["record"]:
                return False
            conn.execute(update(articles).where(articles.c.id == art.id).values(**art_row))  # keeps its seq
            conn.execute(update(readings).where(readings.c.article_id == art.id).values(**rd_row))
            return True

        try:
            return self._write(write)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write to the database {self.name}: {_first_line(exc)}; "
                             "check it is writable and not full (what was stored before is kept)") from exc

    # -- reading -----------------------------------------------------------------------------

    def readings(self) -> Iterator[Reading]:
        """Every stored reading, in id order (the order never depends on when things were stored)."""
        with self.engine.connect() as conn:
            for (record,) in conn.execute(select(readings.c.record).order_by(readings.c.article_id)):
                yield Reading.from_record(json.loads(record))

    def articles(self) -> Iterator[Article]:
        """Every stored article in the order it was first stored (ties, from concurrent writers, by id)."""
        with self.engine.connect() as conn:
            order = (func.coalesce(articles.c.seq, 0), articles.c.id)
            for (record,) in conn.execute(select(articles.c.record).order_by(*order)):
                yield Article.from_dict(json.loads(record))

    def articles_after(self, seq: int) -> Iterator[tuple[int, Article]]:
        """(seq, article) for articles first stored after `seq`, in that order: what other writers
        stored since this one last looked."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(articles.c.seq, articles.c.record).where(articles.c.seq > seq)
                                .order_by(articles.c.seq, articles.c.id))
            for stored_seq, record in rows:
                yield stored_seq, Article.from_dict(json.loads(record))

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            n_art = conn.execute(select(func.count()).select_from(articles)).scalar_one()
            n_read = conn.execute(select(func.count()).select_from(readings)).scalar_one()
        return {"articles": n_art, "readings": n_read}

    def close(self) -> None:
        self.engine.dispose()


def _engine_options(url: str) -> dict:
    if url.startswith("sqlite"):
        # Python's sqlite3 waits this long on a locked database before raising "database is locked".
        return {"connect_args": {"timeout": SQLITE_BUSY_SECONDS}}
    if url.startswith("postgresql+psycopg"):
        # an unreachable server is said within seconds, not after the system's TCP timeout
        return {"pool_pre_ping": True, "connect_args": {"connect_timeout": PG_CONNECT_SECONDS}}
    return {"pool_pre_ping": True}


def _create_schema(conn: Connection) -> None:
    """Tables and indexes if missing, columns added since a store was made: safe to run from
    several processes at once."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
    for table in metadata.sorted_tables:
        conn.execute(CreateTable(table, if_not_exists=True))
    inspector = inspect(conn)
    for table_name, names in _ADDED_COLUMNS.items():
        present = {c["name"] for c in inspector.get_columns(table_name)}
        for name in names:
            if name not in present:
                column = metadata.tables[table_name].c[name]
                kind = column.type.compile(dialect=conn.dialect)
                conn.execute(text(f"ALTER TABLE {table_name} ADD COLUMN {name} {kind}"))
    # articles stored before `seq` existed: their storing order is lost, id order stands in
    unordered = conn.execute(select(articles.c.id).where(articles.c.seq.is_(None)).order_by(articles.c.id)).scalars()
    unordered = list(unordered)
    if unordered:
        start = conn.execute(select(func.max(articles.c.seq))).scalar() or 0
        for offset, article_id in enumerate(unordered, start=1):
            conn.execute(update(articles).where(articles.c.id == article_id).values(seq=start + offset))
    for table in metadata.sorted_tables:
        for index in sorted(table.indexes, key=lambda i: i.name or ""):
            conn.execute(CreateIndex(index, if_not_exists=True))


def _insert_new(conn: Connection, table: Table, row: dict, key: str) -> bool:
    """Insert the row unless its key is there already; True if it was inserted. One statement on
    SQLite and PostgreSQL (a concurrent insert of the same key waits, then does nothing); elsewhere
    a concurrent insert raises IntegrityError and the transaction is retried."""
    name = conn.dialect.name
    if name in ("sqlite", "postgresql"):
        if name == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        else:
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        stmt = dialect_insert(table).values(**row).on_conflict_do_nothing(index_elements=[key])
        return conn.execute(stmt.returning(table.c[key])).first() is not None
    if conn.execute(select(table.c[key]).where(table.c[key] == row[key])).first() is not None:
        return False
    conn.execute(insert(table).values(**row))
    return True


def _retryable(exc: DBAPIError) -> bool:
    """A lock held by another writer, a serialisation failure or a deadlock: worth trying the
    transaction again."""
    message = str(exc.orig if exc.orig is not None else exc).lower()
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return (code in ("40001", "40P01") or "database is locked" in message or "database is busy" in message
            or "deadlock" in message or "could not serialize" in message)


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _sqlite_connect(dbapi_conn, _record) -> None:
    # SQLAlchemy, not the driver, begins transactions (see _sqlite_begin), so writes can take the
    # write lock up front instead of failing when a read lock cannot be upgraded.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sitrep_write") else "BEGIN")


def _first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    message = str(orig if orig is not None else exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__
