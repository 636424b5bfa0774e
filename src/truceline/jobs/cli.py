"""``truceline jobs list|show|cancel|prune`` and ``truceline worker``."""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from truceline.cli_support import CLI_ACTOR, print_json, store
from truceline.config import get_settings
from truceline.jobs.models import JOB_STATES
from truceline.jobs.queue import LocalRunner, enqueue, run_dramatiq_worker
from truceline.jobs.services import (
    claim_next,
    expire_job_files,
    get_job,
    job_record,
    list_jobs,
    request_cancel,
    run_job,
)
from truceline.jobs.tasks import KINDS

app = typer.Typer(
    help="Background jobs (imports, ingests, exports): their state, progress, counts and errors.",
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print as JSON.")]


def _line(job: dict[str, Any]) -> str:
    progress = f"{job['done']}/{job['total']}" if job["total"] is not None else f"{job['done']}"
    return f"{job['id']}\t{job['kind']}\t{job['state']}\t{progress}\t{job['requested_by']}\t{job['created_at']}"


@app.command("list")
def list_command(
    ctx: typer.Context,
    state: Annotated[str | None, typer.Option(help=f"Only jobs in this state ({', '.join(JOB_STATES)}).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many, newest first.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List jobs, newest first: id, kind, state, progress, who asked, when."""
    with store(ctx).reading() as session:
        rows = [job_record(job) for job in list_jobs(session, state=state, limit=limit)]
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo("no jobs")
    for row in rows:
        typer.echo(_line(row))


def _bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _follow(ctx: typer.Context, job_id: int) -> dict[str, Any]:
    """Draw the job's progress on standard error until it finishes."""
    with _bar() as bar:
        task = bar.add_task(f"job {job_id}", total=None)
        while True:
            with store(ctx).transaction() as session:
                row = job_record(get_job(session, job_id))
            bar.update(
                task,
                description=f"job {job_id} {row['kind']} ({row['state']})",
                completed=row["done"],
                total=row["total"],
            )
            if row["state"] in ("done", "failed", "cancelled"):
                return row
            time.sleep(0.5)


@app.command("show")
def show(
    ctx: typer.Context,
    job_id: Annotated[int, typer.Argument(metavar="ID", help="The job's id.")],
    follow: Annotated[bool, typer.Option("--follow", help="Show a progress bar until the job ends.")] = False,
    as_json: JsonOption = False,
) -> None:
    """One job: its state, progress, counts and errors. Exits 1 when the job failed."""
    if follow:
        row = _follow(ctx, job_id)
    else:
        with store(ctx).transaction() as session:
            row = job_record(get_job(session, job_id))
    if as_json:
        print_json(row)
    else:
        typer.echo(_line(row))
        for name, value in row["counts"].items():
            typer.echo(f"  {name}: {value}")
        for error in row["errors"]:
            typer.echo(f"  error: {error}")
    if row["state"] == "failed":
        raise typer.Exit(1)


@app.command("cancel")
def cancel(ctx: typer.Context, job_id: Annotated[int, typer.Argument(metavar="ID", help="The job's id.")]) -> None:
    """Cancel a job: a queued one at once, a running one at its next batch (its unfinished batch is
    rolled back). A finished job cannot be cancelled (exit 4)."""
    with store(ctx).transaction() as session:
        job = request_cancel(session, job_id)
        state = job.state
    typer.echo(f"job {job_id}: {'cancelled' if state == 'cancelled' else 'will stop at its next batch'}")


@app.command("prune")
def prune(
    ctx: typer.Context,
    days: Annotated[
        int | None,
        typer.Option(min=1, max=3650, help="Remove files kept longer than this (default: TRUCELINE_JOB_FILE_DAYS)."),
    ] = None,
) -> None:
    """Remove the report files that jobs made for web readers and kept longer than DAYS (the jobs
    stay; their pages say the file was removed). A new report file also removes expired ones."""
    kept_for = dt.timedelta(days=days if days is not None else get_settings().job_file_days)
    with store(ctx).transaction() as session:
        removed = expire_job_files(session, kept_for=kept_for)
    typer.echo(f"removed {removed} file{'s' if removed != 1 else ''} kept more than {kept_for.days} days")


def enqueue_from_cli(ctx: typer.Context, *, kind: str, arguments: dict[str, Any]) -> int:
    """Queue a job for the conflict the command works on; prints how to follow it."""
    from truceline.conflicts.services import resolve_conflict

    with store(ctx).transaction() as session:
        conflict_id = resolve_conflict(session, store(ctx).conflict).id
    settings = get_settings()
    job_id = enqueue(
        store(ctx).engine, settings, kind=kind, arguments=arguments, requested_by=CLI_ACTOR, conflict_id=conflict_id
    )
    where = "a worker" if settings.broker_url else "the server or 'truceline worker'"
    typer.echo(f"job {job_id} queued; {where} will run it. Follow it: truceline jobs show {job_id} --follow", err=True)
    return job_id


def worker(
    ctx: typer.Context,
    threads: Annotated[int, typer.Option(min=1, max=64, help="Jobs run at once by this process (with a broker).")] = 2,
    burst: Annotated[
        bool, typer.Option("--burst", help="Without a broker: run the queued jobs, with a progress bar, then exit.")
    ] = False,
) -> None:
    """Run background jobs. With TRUCELINE_BROKER_URL (redis://… or amqp://…) this consumes the
    Dramatiq queue (start any number, on any machines sharing the store); without one it runs
    the jobs queued in the store itself. Stops on Ctrl-C or SIGTERM."""
    settings = get_settings()
    engine = store(ctx).engine
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    if settings.broker_url:
        if burst:
            raise typer.BadParameter("--burst is for the embedded default (no TRUCELINE_BROKER_URL)")
        typer.echo(f"worker on {settings.broker_url} queue {settings.broker_queue!r}, {threads} threads", err=True)
        run_dramatiq_worker(settings, engine, threads=threads, stop=stop)
        return
    if burst:
        ran = 0
        with _bar() as bar:
            while (job_id := claim_next(engine)) is not None:
                task = bar.add_task(f"job {job_id}", total=None)
                state = run_job(
                    engine,
                    job_id,
                    KINDS,
                    claimed=True,
                    on_progress=lambda done, total, task=task: bar.update(task, completed=done, total=total),  # type: ignore[misc]
                )
                bar.update(task, description=f"job {job_id} {state}")
                ran += 1
        typer.echo(f"ran {ran} job{'s' if ran != 1 else ''}")
        return
    runner = LocalRunner(engine, KINDS)
    typer.echo("worker on the store's own queue (no TRUCELINE_BROKER_URL)", err=True)
    runner.start()
    stop.wait()
    runner.stop()
