"""`sitrep …`: the command line. The only place that prints; errors end in one line and an exit code."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import SitrepError

app = typer.Typer(
    help=(
        "Read news reports about an armed conflict and return a sourced situation picture: what happened "
        "where and when, who holds what, which figures and claims agree across outlets and which are "
        "disputed, and who said each thing.\n\n"
        "Start with:  sitrep run examples/ --out out/   then open out/brief.html"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True, highlight=False)
out_console = Console(highlight=False)

DB_HELP = ("Database: a SQLite file path or any SQLAlchemy URL (e.g. postgresql://…). "
           "Default: $SITREP_DB, else sitrep.db in the output folder (run, situation) or here (others).")
MANIFEST_HELP = ("Metadata for the inputs (outlet, published, language per file), as JSON like "
                 "seeds/manifest.json or CSV with the same columns. A folder's own manifest.json is used "
                 "automatically.")
MAX_BYTES_HELP = "Skip any single input larger than this many bytes."
WORKERS_HELP = ("Read articles on a local Dask cluster of this many processes (needs sitrep[scale]); "
                "0 reads them here, one after another. Worth it for hundreds of articles.")


def _fail(exc: Exception) -> None:
    console.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
    raise typer.Exit(2)


def _db(db: Optional[str], folder: Optional[Path]) -> str:
    if db:
        return db
    if os.environ.get("SITREP_DB"):
        return os.environ["SITREP_DB"]
    return str((folder or Path(".")) / "sitrep.db")


def _ingest(inputs: list[str], store, manifest: Optional[str], max_bytes: int, workers: int = 0):
    from .model import Skip
    from .pipeline import Resources, ingest

    resources = None
    if workers <= 0:
        with console.status("Loading the language model and gazetteer…"):
            resources = Resources.load()
    with Progress(SpinnerColumn(), TextColumn("[bold]Reading[/] {task.completed} inputs"), BarColumn(),
                  TextColumn("{task.fields[current]}"), TimeElapsedColumn(), console=console,
                  transient=True) as progress:
        task = progress.add_task("read", total=None, current="")

        def on_item(item):
            if isinstance(item, Skip):
                progress.console.print(f"skipped {item.input}: {item.reason}", soft_wrap=True, markup=False)
            name = getattr(item, "source", None) or getattr(item, "input", "") or ""
            progress.update(task, advance=1, current=Path(str(name)).name[:48])

        report = ingest(inputs, store, manifest=manifest, max_bytes=max_bytes, resources=resources,
                        on_item=on_item, workers=workers)
    _print_ingest(report)
    return report


def _print_ingest(report) -> None:
    console.print(
        f"[bold]{report.read}[/] articles read: {len(report.stored)} stored, "
        f"{len(report.unchanged)} already stored, {len(report.unsupported)} in unsupported languages, "
        f"{len(report.duplicates)} near-duplicates; [bold]{len(report.skipped)}[/] inputs skipped",
        soft_wrap=True,
    )
    if report.skipped or report.unsupported:
        table = Table(title="Not read", title_justify="left")
        table.add_column("input", no_wrap=True, overflow="ellipsis", max_width=40)
        table.add_column("why", no_wrap=True, overflow="ellipsis")
        for s in report.skipped:
            table.add_row(s.input, s.reason)
        for source, lang in report.unsupported:
            table.add_row(source, f"language '{lang}' is not supported yet; stored but not read")
        console.print(table)


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


def _open_store(db: str):
    from .store import Store

    return Store(db)


# Options that several commands share: one definition each.
INPUTS = typer.Argument(..., metavar="INPUT", help="Files and/or folders of articles (text, HTML, RSS/Atom, JSONL); - for stdin.")
OUT_DIR = typer.Option(Path("out"), "--out", "-o", help="Folder for situation.json, brief.md and brief.html.")
MANIFEST = typer.Option(None, "--manifest", "-m", help=MANIFEST_HELP)
DB = typer.Option(None, "--db", help=DB_HELP)
MAX_BYTES = typer.Option(10_000_000, "--max-bytes", help=MAX_BYTES_HELP)
WORKERS = typer.Option(0, "--workers", min=0, help=WORKERS_HELP)


@app.command()
def run(inputs: list[str] = INPUTS, out: Path = OUT_DIR, manifest: Optional[str] = MANIFEST,
        db: Optional[str] = DB, max_bytes: int = MAX_BYTES, workers: int = WORKERS) -> None:
    """Read articles and write the situation picture: situation.json, brief.md, brief.html."""
    try:
        store = _open_store(_db(db, out))
        _ingest(inputs, store, manifest, max_bytes, workers)
        _write_outputs(store, out)
    except SitrepError as exc:
        _fail(exc)


@app.command()
def ingest(inputs: list[str] = INPUTS, manifest: Optional[str] = MANIFEST, db: Optional[str] = DB,
           max_bytes: int = MAX_BYTES, workers: int = WORKERS) -> None:
    """Read articles into the store only (derive the picture later with `sitrep situation`)."""
    try:
        store = _open_store(_db(db, None))
        _ingest(inputs, store, manifest, max_bytes, workers)
        counts = store.counts()
        out_console.print(f"store {store.url}: {counts['articles']} articles")
    except SitrepError as exc:
        _fail(exc)


@app.command()
def situation(out: Path = OUT_DIR, db: Optional[str] = DB) -> None:
    """Re-derive the situation picture from everything in the store."""
    try:
        _write_outputs(_open_store(_db(db, out)), out)
    except SitrepError as exc:
        _fail(exc)


from .present.export import FORMATS as EXPORT_FORMATS  # noqa: E402  (one home for the format list)


@app.command()
def export(
    fmt: str = typer.Argument(..., metavar="FORMAT", help="One of: " + ", ".join(EXPORT_FORMATS) + "."),
    out: Path = typer.Option(..., "--out", "-o", help="File to write."),
    db: Optional[str] = DB,
    situation_file: Optional[Path] = typer.Option(
        None, "--from", help="Export from this situation.json instead of the store."),
) -> None:
    """Export the picture: ACLED-compatible CSV, GeoJSON, CSV/Parquet tables, or the contract JSON."""
    from .present.export import export as do_export
    from .pipeline import situation as derive

    if fmt not in EXPORT_FORMATS:
        _fail(ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}"))
    try:
        if situation_file:
            try:
                picture = json.loads(Path(situation_file).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise SitrepError(f"cannot read {situation_file}: {exc}; pass a situation.json that sitrep wrote")
        else:
            picture = derive(_open_store(_db(db, None)))
        path = do_export(picture, fmt, out)
        out_console.print(f"{fmt}: {path}")
    except SitrepError as exc:
        _fail(exc)


@app.command("eval")
def evaluate_cmd(
    gold: Path = typer.Argument(..., help="Gold file in the shape of shared/gold/seeds.gold.json."),
    articles: Path = typer.Option(..., "--articles", "-a", help="Folder of the articles the gold describes."),
    manifest: Optional[str] = MANIFEST,
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the scores as JSON here."),
) -> None:
    """Score a run on ARTICLES against a GOLD file and print what was found and missed."""
    from .evaluate import evaluate
    from .pipeline import run_situation

    try:
        try:
            gold_data = json.loads(gold.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SitrepError(f"cannot read the gold file {gold}: {exc}; pass a JSON gold file")
        if not articles.is_dir():
            raise SitrepError(f"--articles {articles} is not a folder; pass the folder the gold describes")
        with console.status(f"Reading {articles}…"):
            picture = run_situation([str(articles)], manifest=manifest)
        report = evaluate(gold_data, picture)
        out_console.print(report.render())
        if json_out:
            json_out.write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except SitrepError as exc:
        _fail(exc)


@app.command()
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
