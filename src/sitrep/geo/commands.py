"""`sitrep gazetteer …`: inspect the offline gazetteer and import GeoNames dumps into it.
Mounted by the main CLI; like it, the only place in geo/ that prints."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import SitrepError

app = typer.Typer(help="The offline gazetteer (GeoNames data, CC BY 4.0): show what it holds, import dumps.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
_err = Console(stderr=True, highlight=False)
_out = Console(highlight=False)


def _fail(exc: Exception) -> None:
    _err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
    raise typer.Exit(2)


@app.command("info")
def info(as_json: bool = typer.Option(False, "--json", help="Print the details as JSON.")) -> None:
    """Counts of places by kind, the data sources, the index files and the attribution.
    Builds the index on first use (under a minute)."""
    from .gazetteer import Gazetteer

    try:
        details = Gazetteer.load().info()
    except SitrepError as exc:
        _fail(exc)
    if as_json:
        _out.print_json(json.dumps(details))
        return
    for key, value in details.items():
        _out.print(f"[bold]{key}[/]: {escape(str(value))}")


@app.command("import")
def import_(file: Path = typer.Argument(..., help="A GeoNames dump: a country file like AF.txt, allCountries.txt, "
                                                  "or alternateNamesV2.txt (import places first).")) -> None:
    """Add villages, districts and facilities from a GeoNames dump to the gazetteer."""
    from .importer import import_dump

    try:
        report = import_dump(file)
    except SitrepError as exc:
        _fail(exc)
    _out.print(f"{escape(report.path)}: added {report.added} {report.kind.replace('_', ' ')}, "
               f"skipped {report.skipped}; index {escape(report.index)}")


@app.command("lookup")
def lookup(name: str = typer.Argument(..., help="A place name in any common spelling."),
           country: str = typer.Option(None, help="ISO 3166-1 alpha-2 code to favour, e.g. SD.")) -> None:
    """Show what a place name resolves to, best first."""
    from .gazetteer import Gazetteer

    try:
        results = Gazetteer.load().lookup(name, country=country)
    except SitrepError as exc:
        _fail(exc)
    if not results:
        _out.print(f"no place named {escape(name)!r}")
    for ref, score in results:
        _out.print(f"{score:.3f}  {escape(ref.name)}  {ref.kind}  {ref.country_code}  {escape(str(ref.admin1))}  "
                   f"{ref.lat},{ref.lon}  {ref.id}")
