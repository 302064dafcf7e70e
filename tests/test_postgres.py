"""sitrep on a real PostgreSQL server: the same situation.json as on SQLite, and concurrent
writers. The server comes from the `pgserver` package (PostgreSQL binaries in a wheel, a test
dependency), started once per session; the tests skip, saying why, only when none can start."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.present.situation import dumps
from sitrep.store import Store

from . import writers
from .conftest import EXAMPLES


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    try:
        import pgserver
        import psycopg  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"no PostgreSQL server can be started here: {exc.name} is not installed "
                    "(pip install -e '.[test]' installs pgserver and psycopg)")
    try:
        server = pgserver.get_server(tmp_path_factory.mktemp("pgdata"), cleanup_mode="stop")
    except Exception as exc:  # noqa: BLE001  any reason the server cannot start is a reason to skip
        pytest.skip(f"no PostgreSQL server could be started: {type(exc).__name__}: {exc}")
    yield server
    server.cleanup()


@pytest.fixture
def pg_url(pg_server) -> str:
    """A fresh, empty database on the session's server, as a postgresql:// URL."""
    name = "sitrep_" + uuid.uuid4().hex[:10]
    pg_server.psql(f"CREATE DATABASE {name};")
    base = pg_server.get_uri()  # postgresql://postgres:@/postgres?host=/socket/dir
    head, _, query = base.partition("?")
    return f"{head.rsplit('/', 1)[0]}/{name}?{query}"


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ingest_then_situation_on_postgresql_equals_sqlite(pg_url, examples_situation, tmp_path):
    runner = CliRunner()
    ingest = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", pg_url])
    assert ingest.exit_code == 0, ingest.output
    assert "postgres" in ingest.output and "@" not in ingest.output.split("store ", 1)[1].split(":")[0]
    result = runner.invoke(app, ["situation", "--db", pg_url, "--out", str(tmp_path / "pg")])
    assert result.exit_code == 0, result.output
    on_postgres = (tmp_path / "pg" / "situation.json").read_text(encoding="utf-8")
    assert on_postgres == dumps(examples_situation)  # byte for byte what SQLite gives
    assert json.loads(on_postgres)["articles"]
    # ingesting the same files again stores nothing twice
    again = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", pg_url])
    assert again.exit_code == 0 and "0 stored" in again.output
    assert Store(pg_url, create=False).counts()["articles"] == len(examples_situation["articles"])


def test_concurrent_writers_on_postgresql_store_every_article_exactly_once(pg_url):
    changed = writers.run_concurrently(pg_url, writers=4, count=40)
    assert sum(changed) == 40
    store = Store(pg_url, create=False)
    assert store.counts() == {"articles": 40, "readings": 40}
    assert sorted(a.text for a in store.articles()) == sorted(writers.texts(40))


def test_a_missing_postgresql_database_fails_in_one_line(pg_server):
    base = pg_server.get_uri()
    head, _, query = base.partition("?")
    url = f"{head.rsplit('/', 1)[0]}/no_such_db_here?{query}"
    result = CliRunner().invoke(app, ["situation", "--db", url, "--out", "unused"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "no_such_db_here" in result.output
