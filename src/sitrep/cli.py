"""`sitrep …`: the command line. The only place that prints; errors end in one line and an exit code."""

from __future__ import annotations

import functools
import json
import os
import traceback
from pathlib import Path
from typing import Optional

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import SitrepError

# Exit codes: one home, documented in --help and the README.
EXIT_OK = 0  # every input was read (or passed over on purpose: a README in a folder of articles)
EXIT_BUG = 1  # sitrep itself failed outside any one article (a bug; SITREP_DEBUG=1 shows the traceback)
EXIT_USAGE = 2  # the command could not start: a bad option, manifest or store; nothing was read
EXIT_SKIPPED = 3  # some inputs could not be read (listed); the others were stored and the outputs written
EXIT_FAILED = 4  # a reading stage failed on some articles (listed; a bug); the others were stored
EXIT_NOTHING = 5  # no input could be read at all
EXIT_INTERRUPTED = 130  # Ctrl-C: what was stored is kept; the same command again goes on
EXIT_CODES_HELP = (
    "Exit codes: 0 every input read (or passed over on purpose); 2 bad option, manifest or store, nothing "
    "read; 3 some inputs could not be read (listed), the rest stored and written; 4 a reading stage failed on "
    "some articles (listed), the rest stored and written; 5 no input could be read; 1 an internal error; "
    "130 interrupted (what was stored is kept)."
)

app = typer.Typer(
    help=(
        "Read news reports about an armed conflict and return a sourced situation picture: what happened "
        "where and when, who holds what, which figures and claims agree across outlets and which are "
        "disputed, and who said each thing.\n\n"
        "Start with:  sitrep run examples/ --out out/   then open out/brief.html"
    ),
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True, highlight=False)
out_console = Console(highlight=False)

DEFAULT_OUT = Path("out")
DB_HELP = ("Store: a SQLite file path, or a database URL such as postgresql://user:password@host/dbname "
           "(needs sitrep[postgres]). Default: $SITREP_DB, else sitrep.db in the --out folder (run, situation), "
           "else out/sitrep.db, the store `sitrep run` writes by default.")
MANIFEST_HELP = ("Metadata for the inputs (outlet, published, language per file), as JSON like "
                 "seeds/manifest.json or CSV with the same columns. A folder's own manifest.json is used "
                 "automatically.")
MAX_BYTES_HELP = "Skip any single input larger than this many bytes."
WORKERS_HELP = ("Read articles on a local Dask cluster of this many processes (needs sitrep[scale]); "
                "0 reads them here, one after another. Worth it for hundreds of articles.")
SCHEDULER_HELP = ("Read articles on an existing Dask cluster instead, e.g. tcp://10.0.0.5:8786 (start it with "
                  "`dask scheduler`, then `dask worker tcp://…` on each machine, each with sitrep installed).")


def _fail(exc: Exception) -> None:
    console.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def _guarded(command):
    """Every command ends in one line, never a traceback: a SitrepError is the user's to fix (exit 2),
    anything else is a bug (exit 1; SITREP_DEBUG=1 prints the traceback), Ctrl-C keeps what was stored."""

    @functools.wraps(command)
    def run_guarded(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise  # typer's own exits and usage errors
        except SitrepError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            console.print("interrupted: what was stored so far is kept; run the same command again to go on")
            raise typer.Exit(EXIT_INTERRUPTED)
        except Exception as exc:  # noqa: BLE001
            if os.environ.get("SITREP_DEBUG"):
                console.print(traceback.format_exc(), markup=False)
            console.print(f"[bold red]internal error:[/] {escape(type(exc).__name__)}: {escape(str(exc))}; "
                          "a bug in sitrep, please report it (SITREP_DEBUG=1 shows the traceback)", soft_wrap=True)
            raise typer.Exit(EXIT_BUG)

    return run_guarded


def _db(db: Optional[str], folder: Optional[Path] = None) -> str:
    """The store a command uses: --db, else $SITREP_DB, else sitrep.db in the output folder, which
    for every command defaults to `out/`, where `sitrep run` (and so `make run`) writes."""
    if db:
        return db
    if os.environ.get("SITREP_DB"):
        return os.environ["SITREP_DB"]
    return str((folder or DEFAULT_OUT) / "sitrep.db")


def _ingest(inputs: list[str], store, manifest: Optional[str], max_bytes: int, workers: int = 0,
            scheduler: Optional[str] = None):
    from .ingest import Notice, Passed
    from .model import Skip
    from .pipeline import Failure, Resources, ingest

    resources = None
    if workers <= 0 and not scheduler:
        with console.status("Loading the language model and gazetteer…"):
            resources = Resources.load()
    with Progress(SpinnerColumn(), TextColumn("[bold]Reading[/] {task.completed} inputs"), BarColumn(),
                  TextColumn("{task.fields[current]}"), TimeElapsedColumn(), console=console,
                  transient=True) as progress:
        task = progress.add_task("read", total=None, current="")

        def on_item(item):
            line = None
            if isinstance(item, Passed):
                line = f"passed over {item.input}: {item.reason}"
            elif isinstance(item, Skip):
                line = f"skipped {item.input}: {item.reason}"
            elif isinstance(item, Notice):
                line = f"warning {item.input}: {item.message}"
            elif isinstance(item, Failure):
                line = f"failed {item.input}: {item.reason}"
                if os.environ.get("SITREP_DEBUG"):
                    progress.console.print(item.detail, markup=False)
            if line:
                progress.console.print(line, soft_wrap=True, markup=False)
            name = getattr(item, "source", None) or getattr(item, "input", "") or ""
            progress.update(task, advance=1, current=Path(str(name)).name[:48])

        report = ingest(inputs, store, manifest=manifest, max_bytes=max_bytes, resources=resources,
                        on_item=on_item, workers=workers, scheduler=scheduler)
    _print_ingest(report)
    return report


def _print_ingest(report) -> None:
    console.print(
        f"[bold]{report.read}[/] articles read: {len(report.stored)} stored, "
        f"{len(report.unchanged)} already stored, {len(report.unsupported)} in unsupported languages, "
        f"{len(report.duplicates)} near-duplicates; [bold]{len(report.skipped)}[/] inputs skipped, "
        f"[bold]{len(report.failed)}[/] failed, {len(report.notices)} warnings, "
        f"{len(report.passed)} passed over",
        soft_wrap=True,
    )
    rows = ([(s.input, "skipped", s.reason) for s in report.skipped]
            + [(f.input, "failed", f.reason) for f in report.failed]
            + [(n.input, "warning", n.message) for n in report.notices]
            + [(source, "not read", f"language '{lang}' is not supported yet; stored but not read: give the "
                                    "language in a manifest if it was misjudged") for source, lang in report.unsupported]
            + [(p.input, "passed over", p.reason) for p in report.passed])
    if rows:
        table = Table(title="Inputs that need a look", title_justify="left")
        table.add_column("input", no_wrap=True, max_width=INPUT_WIDTH)
        table.add_column("what", no_wrap=True)
        table.add_column("cause, and what to do", overflow="fold")
        for name, what, why in rows[:SUMMARY_ROWS]:
            table.add_row(_tail(name), what, why)
        console.print(table)
        if len(rows) > SUMMARY_ROWS:
            console.print(f"… and {len(rows) - SUMMARY_ROWS} more, each printed above as it was read")


INPUT_WIDTH = 40
SUMMARY_ROWS = 60  # a batch of thousands can have hundreds: the lines above name every one


def _tail(name: str) -> str:
    """The end of a long path: the file name is what tells inputs apart."""
    return name if len(name) <= INPUT_WIDTH else "…" + name[-(INPUT_WIDTH - 1):]


def _exit_code(report) -> int:
    if report.read == 0:
        return EXIT_NOTHING
    if report.failed:
        return EXIT_FAILED
    if report.skipped:
        return EXIT_SKIPPED
    return EXIT_OK


def _reading(store) -> None:
    """Say which store a reading command reads, so an empty answer is never a mystery."""
    counts = store.counts()
    console.print(f"store {store.name}: {counts['articles']} articles", soft_wrap=True)


def _write_outputs(store, out: Path) -> dict:
    from .pipeline import situation
    from .present.brief import write_brief
    from .present.situation import write_json

    with console.status("Fusing incidents, agreements and disputes…"):
        picture = situation(store)
        json_path = write_json(picture, out / "situation.json")
        md_path, html_path = write_brief(picture, out)
    console.print(
        f"{len(picture['articles'])} articles, {len(picture['incidents'])} incidents, "
        f"{len(picture['disputes'])} disputes, {len(picture['agreements'])} agreements, "
        f"{len(picture['control'])} control entries"
    )
    for label, path in (("situation", json_path), ("brief", md_path), ("brief", html_path)):
        out_console.print(f"{label:>9}: {path}")
    return picture


def _open_store(db: str, create: bool = True):
    from .store import Store

    return Store(db, create=create)


# Options that several commands share: one definition each.
INPUTS = typer.Argument(..., metavar="INPUT", help="Files and/or folders of articles (text, HTML, RSS/Atom, JSONL); - for stdin.")
OUT_DIR = typer.Option(Path("out"), "--out", "-o", help="Folder for situation.json, brief.md and brief.html.")
MANIFEST = typer.Option(None, "--manifest", "-m", help=MANIFEST_HELP)
DB = typer.Option(None, "--db", help=DB_HELP)
MAX_BYTES = typer.Option(10_000_000, "--max-bytes", help=MAX_BYTES_HELP)
WORKERS = typer.Option(0, "--workers", min=0, help=WORKERS_HELP)
SCHEDULER = typer.Option(None, "--scheduler", metavar="ADDRESS", help=SCHEDULER_HELP)


@app.command(epilog=EXIT_CODES_HELP)
@_guarded
def run(inputs: list[str] = INPUTS, out: Path = OUT_DIR, manifest: Optional[str] = MANIFEST,
        db: Optional[str] = DB, max_bytes: int = MAX_BYTES, workers: int = WORKERS,
        scheduler: Optional[str] = SCHEDULER) -> None:
    """Read articles and write the situation picture: situation.json, brief.md, brief.html.
    Inputs that cannot be read are listed at the end; the rest are read and written."""
    store = _open_store(_db(db, out))
    report = _ingest(inputs, store, manifest, max_bytes, workers, scheduler)
    if store.counts()["articles"] == 0:
        # An empty picture would replace a good one a mistyped path left in --out: write nothing instead.
        console.print(f"nothing written to {out}: no article could be read and store {store.name} holds none; "
                      "fix the inputs listed above and run again", soft_wrap=True)
        raise typer.Exit(_exit_code(report))
    _write_outputs(store, out)
    raise typer.Exit(_exit_code(report))


@app.command(epilog=EXIT_CODES_HELP)
@_guarded
def ingest(inputs: list[str] = INPUTS, manifest: Optional[str] = MANIFEST, db: Optional[str] = DB,
           max_bytes: int = MAX_BYTES, workers: int = WORKERS, scheduler: Optional[str] = SCHEDULER) -> None:
    """Read articles into the store only (derive the picture later with `sitrep situation`).
    Several ingests may write one store at once."""
    store = _open_store(_db(db))
    report = _ingest(inputs, store, manifest, max_bytes, workers, scheduler)
    counts = store.counts()
    out_console.print(f"store {store.name}: {counts['articles']} articles")
    raise typer.Exit(_exit_code(report))


@app.command()
@_guarded
def situation(out: Path = OUT_DIR, db: Optional[str] = DB) -> None:
    """Re-derive the situation picture from everything in the store (it must exist)."""
    store = _open_store(_db(db, out), create=False)
    _reading(store)
    _write_outputs(store, out)


from .present.export import FORMATS as EXPORT_FORMATS  # noqa: E402  (one home for the format list)


@app.command()
@_guarded
def export(
    fmt: str = typer.Argument(..., metavar="FORMAT", help="One of: " + ", ".join(EXPORT_FORMATS) + "."),
    out: Path = typer.Option(..., "--out", "-o", help="File to write."),
    db: Optional[str] = DB,
    situation_file: Optional[Path] = typer.Option(
        None, "--from", help="Export from this situation.json instead of the store."),
) -> None:
    """Export the picture: ACLED-compatible CSV, GeoJSON, CSV/Parquet tables, or the contract JSON.
    Reads the store (it must exist), or a situation.json with --from."""
    from .present.export import export as do_export

    if fmt not in EXPORT_FORMATS:
        _fail(ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}"))
    picture = _situation_from(situation_file, db)
    path = do_export(picture, fmt, out)
    out_console.print(f"{fmt}: {path}")


def _situation_from(situation_file: Optional[Path], db: Optional[str]) -> dict:
    """The picture a reading command works on: a situation.json, else derived from the store."""
    from .pipeline import situation as derive

    if situation_file:
        try:
            picture = json.loads(Path(situation_file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SitrepError(f"cannot read {situation_file}: {exc}; pass a situation.json that sitrep wrote")
        console.print(f"situation {situation_file}: {len(picture.get('articles', []))} articles")
        return picture
    store = _open_store(_db(db), create=False)
    _reading(store)
    return derive(store)


@app.command("eval")
@_guarded
def evaluate_cmd(
    gold: Path = typer.Argument(..., help="Gold file in the shape of shared/gold/seeds.gold.json."),
    articles: Optional[Path] = typer.Option(
        None, "--articles", "-a",
        help="Folder of the articles the gold describes, read afresh into a temporary store. "
             "Default: the gold file's own folder when it holds articles (as examples/ does)."),
    manifest: Optional[str] = MANIFEST,
    db: Optional[str] = typer.Option(None, "--db", help="Score this store instead of reading articles."),
    situation_file: Optional[Path] = typer.Option(None, "--from", help="Score this situation.json instead."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the scores as JSON here."),
) -> None:
    """Score a reading of the articles a GOLD file describes, and print what was found and missed."""
    import tempfile

    from .evaluate import evaluate
    from .pipeline import situation as derive

    try:
        gold_data = json.loads(gold.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SitrepError(f"cannot read the gold file {gold}: {exc}; pass a JSON gold file")
    code = EXIT_OK
    if db or situation_file:
        picture = _situation_from(situation_file, db)
    else:
        folder = articles or _articles_beside(gold)
        if not folder.is_dir():
            raise SitrepError(f"--articles {folder} is not a folder; pass the folder the gold describes")
        console.print(f"reading {folder} into a temporary store (score a store with --db instead)")
        with tempfile.TemporaryDirectory() as tmp:
            store = _open_store(str(Path(tmp) / "sitrep.db"))
            code = _exit_code(_ingest([str(folder)], store, manifest, MAX_BYTES.default))
            picture = derive(store)
            store.close()
    scores = evaluate(gold_data, picture)
    out_console.print(scores.render())
    if json_out:
        json_out.write_text(json.dumps(scores.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    raise typer.Exit(code)


def _articles_beside(gold: Path) -> Path:
    folder = gold.parent
    if (folder / "manifest.json").is_file():
        return folder
    raise SitrepError(f"no --articles given and {folder} has no manifest.json beside {gold.name}: pass the "
                      "folder of the articles the gold describes with --articles, or a store with --db")


@app.command()
@_guarded
def serve(
    db: Optional[str] = DB,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on. The default is reachable from this "
                             "machine only; another address shows the store to your network (read-only)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Explore the store in a local web app: map, timeline, filters, incidents, disputes, evidence.

    Open http://127.0.0.1:8000/ (or your --host/--port). Reports that `sitrep ingest` adds to the same
    store while it runs appear on the next page load. The JSON API mirrors the pages:
    /api/incidents?type=Battles&from=2023-04-15, /api/incidents/ID, /api/disputes, /api/stories, /api/claims.
    """
    from .present.web import is_loopback, serve as run_server

    try:
        if not is_loopback(host):
            console.print(f"[bold yellow]note:[/] listening on {escape(host)}: anyone who can reach it can read the store")
        out_console.print(f"sitrep serving {escape(_db(db, None))} on http://{escape(host)}:{port}/  (Ctrl-C stops)")
        run_server(_db(db, None), host, port)
    except SitrepError as exc:
        _fail(exc)


def _mount_gazetteer() -> None:
    from .geo.commands import app as gazetteer_app

    app.add_typer(gazetteer_app, name="gazetteer", help="What places sitrep knows; import GeoNames dumps.")


_mount_gazetteer()


def _version(value: bool) -> None:
    if value:
        out_console.print(f"sitrep {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """sitrep: a sourced situation picture from news reports."""
