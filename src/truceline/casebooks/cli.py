"""``truceline casebook …``: validate and load casebooks of real, sourced records."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from truceline.casebooks.loader import Casebook, bundled_casebooks, load_casebook, read_casebook
from truceline.cli_support import CLI_ACTOR, print_json, store

app = typer.Typer(help="Validate and load casebooks: bundled, sourced records of a conflict.", no_args_is_help=True)


def _read(name_or_path: str) -> Casebook:
    bundled = bundled_casebooks()
    if name_or_path in bundled:
        return read_casebook(bundled[name_or_path])
    return read_casebook(Path(name_or_path))


@app.command("list")
def list_casebooks() -> None:
    """List the casebooks bundled with Truceline."""
    for name, folder in bundled_casebooks().items():
        book = read_casebook(folder)
        typer.echo(f"{name}\t{book.info.title}")


@app.command()
def validate(
    casebook: Annotated[str, typer.Argument(help="A bundled casebook name (see 'casebook list') or a folder path.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Check a casebook's schema and references without loading it."""
    book = _read(casebook)
    if as_json:
        print_json({"casebook": book.info.id, "valid": True, "counts": book.counts()})
    else:
        typer.echo(f"{book.info.id} is valid: " + ", ".join(f"{v} {k}" for k, v in book.counts().items()))


@app.command()
def load(
    ctx: typer.Context,
    casebook: Annotated[str, typer.Argument(help="A bundled casebook name (see 'casebook list') or a folder path.")],
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Refuse the whole load (exit 4) when a record loaded before has changed."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was added as JSON.")] = False,
) -> None:
    """Load a casebook into the store. Loading it again changes nothing.

    Loading a casebook that changed since merges its new facts: new records, new events of
    agreements and commitments, new claims of incidents (events and claims already stored, e.g.
    recorded with 'agreements event', are kept and never doubled). Any other change to a record
    loaded before is not applied: it is listed as kept as stored (correct it with a correction).
    """
    started = time.perf_counter()
    book = _read(casebook)
    with store(ctx).transaction() as session:
        report = load_casebook(session, book, actor=CLI_ACTOR, strict=strict)
    seconds = time.perf_counter() - started
    if as_json:
        print_json(
            {
                "casebook": report.casebook,
                "added": report.added,
                "unchanged": report.unchanged,
                "merged": report.merged,
                "kept_as_stored": report.kept,
                "seconds": round(seconds, 3),
            }
        )
        return
    if any(report.added.values()):
        typer.echo(
            f"loaded {report.casebook}: "
            + ", ".join(f"{v} {k}" for k, v in report.added.items() if v)
            + f" ({seconds:.2f} s)"
        )
    if any(report.merged.values()):
        typer.echo("merged into records loaded before: " + ", ".join(f"{v} {k}" for k, v in report.merged.items() if v))
    if not report.changed_anything:
        typer.echo(
            f"{report.casebook} is already loaded; nothing changed"
            if not report.kept
            else f"{report.casebook}: nothing new to load"
        )
    if report.kept:
        typer.echo(
            f"{len(report.kept)} records changed in the casebook, kept as stored: correct them with a correction"
        )
        for line in report.kept:
            typer.echo(f"  {line}")
