"""``truceline import acled FILE`` and ``truceline import ucdp FILE``: event data into the store."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from truceline.cli_support import CLI_ACTOR, print_json, store
from truceline.conflicts.services import resolve_conflict
from truceline.intake.event_data import EventFormat, import_event_file
from truceline.intake.event_data import Progress as ProgressCallback

#: files with more rows than this get a progress bar even when standard error is not a terminal
LONG_FILE_ROWS = 1000

import_app = typer.Typer(
    help="Import event data: ACLED and UCDP GED CSV exports. Atomic (a bad row rejects the whole file, "
    "naming the row and the column) and idempotent (the same file again adds nothing).",
    no_args_is_help=True,
)

FileArgument = Annotated[
    Path,
    typer.Argument(metavar="FILE", exists=True, dir_okay=False, readable=True, help="The CSV file, as exported."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the import report as JSON.")]


@contextmanager
def progress_bar(label: str) -> Iterator[ProgressCallback]:
    """A progress callback that draws a bar on standard error on a terminal or for long files."""
    console = Console(stderr=True)
    bar: Progress | None = None
    task = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if not (sys.stderr.isatty() or total > LONG_FILE_ROWS):
                return
            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            bar.start()
            task = bar.add_task(label, total=total)
        assert task is not None
        bar.update(task, completed=done)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


BackgroundOption = Annotated[
    bool,
    typer.Option(
        "--background",
        help="Queue the import as a job and return at once (see 'truceline jobs'); "
        "the worker reads FILE at the same path.",
    ),
]


def _import(ctx: typer.Context, file: Path, format: EventFormat, as_json: bool, background: bool = False) -> None:
    if background:
        from truceline.jobs.cli import enqueue_from_cli

        job_id = enqueue_from_cli(ctx, kind="event_import", arguments={"path": str(file.resolve()), "format": format})
        if as_json:
            print_json({"job": job_id})
        return
    with store(ctx).transaction() as session, progress_bar(f"importing {file.name}") as progress:
        report = import_event_file(
            session,
            file,
            format=format,
            actor=CLI_ACTOR,
            conflict_id=resolve_conflict(session, store(ctx).conflict).id,
            progress=progress,
        )
    if as_json:
        print_json(report.to_dict())
    else:
        typer.echo(report.summary())


@import_app.command("acled")
def acled(
    ctx: typer.Context, file: FileArgument, as_json: JsonOption = False, background: BackgroundOption = False
) -> None:
    """Import an ACLED CSV export (event_id_cnty, event_date, …, fatalities, tags, timestamp)."""
    _import(ctx, file, "acled", as_json, background)


@import_app.command("ucdp")
def ucdp(
    ctx: typer.Context, file: FileArgument, as_json: JsonOption = False, background: BackgroundOption = False
) -> None:
    """Import a UCDP GED CSV export (id, …, date_prec, date_start, date_end, …, best, high, low, …)."""
    _import(ctx, file, "ucdp", as_json, background)
