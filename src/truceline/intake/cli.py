"""``truceline import acled FILE`` and ``truceline import ucdp FILE``: event data into the store."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from truceline.cli_support import CLI_ACTOR, print_json, store
from truceline.conflicts.services import resolve_conflict
from truceline.intake.event_data import DEFAULT_BATCH_SIZE, EventFormat, import_event_file_in_batches
from truceline.intake.event_data import Progress as ProgressCallback

#: files larger than this (bytes) get a progress bar even when standard error is not a terminal
LONG_FILE_BYTES = 1_000_000

import_app = typer.Typer(
    help="Import event data: ACLED and UCDP GED CSV exports, streamed in batches. All-or-nothing (a bad row "
    "rejects the whole file, naming the row and the column, unless --rejects FILE takes the bad rows), "
    "idempotent (the same file or event again adds nothing; a revised event becomes a new version) and "
    "resumable (a killed import goes on from its last batch when run again).",
    no_args_is_help=True,
)

FileArgument = Annotated[
    Path,
    typer.Argument(metavar="FILE", exists=True, dir_okay=False, readable=True, help="The CSV file, as exported."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the import report as JSON.")]
RejectsOption = Annotated[
    Path | None,
    typer.Option(
        "--rejects",
        metavar="FILE",
        dir_okay=False,
        help="Import the valid rows and write each rejected one (line, column, reason, row) to FILE (CSV, "
        "appended to). Without it a bad row rejects the whole file.",
    ),
]
BatchOption = Annotated[
    int, typer.Option("--batch-size", min=100, max=1_000_000, help="Rows per batch (one staging transaction each).")
]


@contextmanager
def progress_bar(label: str) -> Iterator[ProgressCallback]:
    """A progress callback that draws a bar on standard error on a terminal or for long files."""
    console = Console(stderr=True)
    bar: Progress | None = None
    task = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if not (sys.stderr.isatty() or total > LONG_FILE_BYTES):
                return
            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
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


def _import(
    ctx: typer.Context,
    file: Path,
    format: EventFormat,
    as_json: bool,
    rejects: Path | None,
    batch_size: int,
    background: bool = False,
) -> None:
    if background:
        from truceline.jobs.cli import enqueue_from_cli

        job_id = enqueue_from_cli(ctx, kind="event_import", arguments={"path": str(file.resolve()), "format": format})
        if as_json:
            print_json({"job": job_id})
        return
    the_store = store(ctx)
    with the_store.transaction() as session:
        conflict_id = resolve_conflict(session, the_store.conflict).id
    with progress_bar(f"importing {file.name}") as progress:
        report = import_event_file_in_batches(
            the_store.engine,
            file,
            format=format,
            actor=CLI_ACTOR,
            conflict_id=conflict_id,
            progress=progress,
            rejects=rejects,
            batch_size=batch_size,
        )
    if as_json:
        print_json(report.to_dict())
    else:
        typer.echo(report.summary())


@import_app.command("acled")
def acled(
    ctx: typer.Context,
    file: FileArgument,
    as_json: JsonOption = False,
    rejects: RejectsOption = None,
    batch_size: BatchOption = DEFAULT_BATCH_SIZE,
    background: BackgroundOption = False,
) -> None:
    """Import an ACLED CSV export (event_id_cnty, event_date, …, fatalities, tags, timestamp)."""
    _import(ctx, file, "acled", as_json, rejects, batch_size, background)


@import_app.command("ucdp")
def ucdp(
    ctx: typer.Context,
    file: FileArgument,
    as_json: JsonOption = False,
    rejects: RejectsOption = None,
    batch_size: BatchOption = DEFAULT_BATCH_SIZE,
    background: BackgroundOption = False,
) -> None:
    """Import a UCDP GED CSV export (id, …, date_prec, date_start, date_end, …, best, high, low, …)."""
    _import(ctx, file, "ucdp", as_json, rejects, batch_size, background)
