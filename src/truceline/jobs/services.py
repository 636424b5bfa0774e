"""Jobs in the store: create, claim, run, report progress, cancel. Everything a job is lives in
its ``jobs`` row, so any process (an app server, a worker on another machine) sees and can take
over the same job.

:func:`run_job` is the one function that runs a job, wherever it runs: in the server's process,
in ``truceline worker`` polling the store, or as the message of a Dramatiq worker. It is safe to
call again for the same job (a message redelivered after its worker died): a finished job is left
as it is, and the work each kind does is idempotent (see ``truceline.jobs.tasks``).

Jobs are operational bookkeeping, not records: their rows are not in the signed change log; the
writes a job makes (an import, an ingest) append their own entries as any write does. A file a
job produces for someone to download is kept whole in ``job_files`` (:func:`keep_file`), never
on one server's disk, so every app server sharing the store serves it; it is kept for a limited
time (:func:`expire_job_files`): a report is made again from its page, not archived.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from truceline.config import get_settings
from truceline.db import transaction, utcnow, write_if_free, write_transaction
from truceline.errors import Conflict, InvalidInput, NotFound, TrucelineError
from truceline.jobs.models import FINISHED_STATES, JOB_STATES, Job, JobFile

log = logging.getLogger("truceline.jobs")

#: at most this often (seconds) a running job writes its progress and reads its cancel flag
PROGRESS_INTERVAL = 0.5
MAX_ERRORS = 50


class JobCancelled(Exception):
    """Raised inside a job's work when someone asked to cancel it; its transaction rolls back."""


@dataclass
class JobContext:
    """What a job's work is given: the store, who asked, and a way to report progress.

    :meth:`progress` is the callback long work calls between batches: it records how far the
    job is (at most every ``PROGRESS_INTERVAL`` seconds, in a transaction of its own) and raises
    :class:`JobCancelled` when the job was cancelled, so the work stops where it is.
    """

    job_id: int
    engine: Engine
    actor: str
    conflict_id: str | None
    on_progress: Callable[[int, int | None], None] | None = None
    #: the latest progress reported (written with the outcome even where a write was skipped)
    done: int = 0
    total: int | None = None
    _last: float = field(default=0.0, repr=False)

    def progress(self, done: int, total: int | None = None) -> None:
        self.done, self.total = done, total if total is not None else self.total
        if self.on_progress is not None:
            self.on_progress(done, total)
        now = time.monotonic()
        if now - self._last < PROGRESS_INTERVAL and (total is None or done < total):
            return
        self._last = now
        self.check_cancelled()
        write_if_free(self.engine, lambda c: _write_progress(c, self.job_id, done, total))

    def check_cancelled(self) -> None:
        cancelled = write_if_free(
            self.engine,
            lambda c: c.execute(select(Job.cancel_requested).where(Job.id == self.job_id)).scalar_one_or_none(),
        )
        if cancelled:
            raise JobCancelled(f"job {self.job_id} was cancelled")


def _write_progress(connection: Any, job_id: int, done: int, total: int | None) -> None:
    values: dict[str, Any] = {"done": done, "heartbeat_at": utcnow()}
    if total is not None:
        values["total"] = total
    connection.execute(update(Job).where(Job.id == job_id).values(**values))


#: a job kind's work: given its context and arguments, returns what it produced (counts)
JobWork = Callable[[JobContext, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class JobKind:
    name: str
    title: str
    #: the work's entry point, ``"module:function"`` (a :data:`JobWork`), imported when a job runs
    entry_point: str

    def work(self, context: JobContext, arguments: dict[str, Any]) -> dict[str, Any]:
        module, _, function = self.entry_point.partition(":")
        run: JobWork = getattr(importlib.import_module(module), function)
        return run(context, arguments)


def create_job(
    session: Session,
    *,
    kind: str,
    arguments: Mapping[str, Any],
    requested_by: str,
    conflict_id: str | None = None,
    kinds: Mapping[str, JobKind],
) -> Job:
    """A queued job (the caller commits, then hands its id to a runner)."""
    if kind not in kinds:
        raise InvalidInput(f"unknown job kind {kind!r} (known: {', '.join(sorted(kinds))})")
    job = Job(kind=kind, arguments=dict(arguments), requested_by=requested_by, conflict_id=conflict_id, state="queued")
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(f"no job {job_id}")
    return job


def keep_file(
    session: Session,
    job_id: int,
    *,
    name: str,
    media_type: str,
    content: bytes,
) -> JobFile:
    """Keep the file a job produced (the caller's transaction commits it with the job's other writes).
    Files kept longer than ``TRUCELINE_JOB_FILE_DAYS`` are removed in the same transaction, so the
    store holds only the recent files without a scheduler of its own."""
    expire_job_files(session, kept_for=dt.timedelta(days=get_settings().job_file_days))
    kept = JobFile(
        job_id=job_id,
        name=name,
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )
    session.add(kept)
    session.flush()
    return kept


def expire_job_files(session: Session, *, kept_for: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Remove the files that jobs produced more than ``kept_for`` before ``now``; how many.

    The job itself stays (its state, counts and who asked): its page then says the file was
    removed, and the reader asks for the report again from the page it concerns."""
    if kept_for <= dt.timedelta(0):
        raise InvalidInput(f"files are kept for a positive time, not {kept_for}")
    cutoff = (now or utcnow()) - kept_for
    removed = session.execute(delete(JobFile).where(JobFile.created_at < cutoff))
    return int(getattr(removed, "rowcount", 0) or 0)


def file_expired(job: Job, kept: JobFile | None) -> bool:
    """Whether a finished job's file for the store was made and has since been removed."""
    return kept is None and job.state == "done" and job.kind == "report_render" and "path" not in job.arguments


def job_file(session: Session, job_id: int) -> JobFile | None:
    """The file a job produced, if it produced one (its bytes are loaded when first read)."""
    return session.get(JobFile, job_id)


def file_record(kept: JobFile) -> dict[str, Any]:
    """A kept file's name, type, size and hash (not its bytes)."""
    return {"name": kept.name, "media_type": kept.media_type, "size": kept.size, "sha256": kept.sha256}


def list_jobs(
    session: Session, *, state: str | None = None, conflict_id: str | None = None, limit: int = 50
) -> list[Job]:
    """The newest jobs first; of one state and one conflict (and the store-wide ones) if given."""
    if state is not None and state not in JOB_STATES:
        raise InvalidInput(f"unknown job state {state!r} (one of {', '.join(JOB_STATES)})")
    query = select(Job).order_by(Job.id.desc()).limit(limit)
    if state is not None:
        query = query.where(Job.state == state)
    if conflict_id is not None:
        query = query.where((Job.conflict_id == conflict_id) | Job.conflict_id.is_(None))
    return list(session.scalars(query))


def request_cancel(session: Session, job_id: int) -> Job:
    """Cancel a job: a queued one at once, a running one when its work next reports progress.
    A finished job cannot be cancelled (``Conflict``)."""
    job = get_job(session, job_id)
    if job.finished:
        raise Conflict(f"job {job_id} is {job.state} already")
    job.cancel_requested = True
    if job.state == "queued":
        job.state = "cancelled"
        job.finished_at = utcnow()
    return job


def claim_next(engine: Engine) -> int | None:
    """Take the oldest queued job for this process (the embedded default's queue is the table):
    a conditional update, so two processes never take the same job. An idle queue is seen by a
    read alone: a runner polling an empty queue never takes the writer's lock (on SQLite, a
    transaction that has read and then writes fails at once, without waiting, while another
    connection holds that lock — the poll would make other writers fail now and then)."""
    with engine.connect() as connection:
        if connection.execute(select(Job.id).where(Job.state == "queued").limit(1)).first() is None:
            return None
    with write_transaction(engine) as session:
        candidates = session.scalars(
            select(Job.id).where(Job.state == "queued").order_by(Job.created_at, Job.id).limit(5)
        ).all()
        for job_id in candidates:
            taken = session.execute(
                update(Job)
                .where(Job.id == job_id, Job.state == "queued")
                .values(state="running", attempts=Job.attempts + 1, started_at=utcnow(), heartbeat_at=utcnow())
            )
            if taken.rowcount == 1:  # type: ignore[attr-defined]
                return job_id
    return None


def _start(engine: Engine, job_id: int) -> Job | None:
    """Mark a delivered job running; None when there is nothing to do (finished, cancelled, gone)."""
    with write_transaction(engine) as session:
        job = session.get(Job, job_id, with_for_update=True)
        if job is None:
            log.warning("job %s does not exist; message dropped", job_id)
            return None
        if job.finished:
            return None
        if job.cancel_requested:
            job.state, job.finished_at = "cancelled", utcnow()
            return None
        # queued, or running when redelivered after the process that ran it died
        job.attempts += 1
        job.started_at = job.started_at or utcnow()
        job.state = "running"
        job.heartbeat_at = utcnow()
        session.flush()
        return job


def finish_job(
    engine: Engine,
    job_id: int,
    state: str,
    *,
    counts: dict[str, Any] | None = None,
    error: str | None = None,
    context: JobContext | None = None,
) -> None:
    assert state in FINISHED_STATES
    with write_transaction(engine) as session:
        job = get_job(session, job_id)
        job.state = state
        job.finished_at = utcnow()
        if context is not None and context.done >= job.done:
            job.done, job.total = context.done, context.total if context.total is not None else job.total
        if counts is not None:
            job.counts = counts
        if error is not None:
            job.errors = [*job.errors, error][-MAX_ERRORS:]


def run_job(
    engine: Engine,
    job_id: int,
    kinds: Mapping[str, JobKind],
    *,
    claimed: bool = False,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> str | None:
    """Run one job to its end and record the outcome; returns the state it ended in (None when
    there was nothing to run). ``claimed``: :func:`claim_next` has marked it running already.

    A job that raises a ``TrucelineError`` (bad input, a missing file) fails with that message;
    any other exception fails it with the exception's name and message. A lost database
    connection propagates, so a queue's retry runs the job again.
    """
    if claimed:
        with transaction(engine) as session:
            job = get_job(session, job_id)
    else:
        started = _start(engine, job_id)
        if started is None:
            return None
        job = started
    kind = kinds.get(job.kind)
    if kind is None:
        finish_job(
            engine, job_id, "failed", error=f"unknown job kind {job.kind!r}: is this worker older than the server?"
        )
        return "failed"
    context = JobContext(
        job_id=job_id, engine=engine, actor=job.requested_by, conflict_id=job.conflict_id, on_progress=on_progress
    )
    try:
        counts = kind.work(context, dict(job.arguments))
    except JobCancelled:
        finish_job(
            engine, job_id, "cancelled", error="cancelled: nothing of the unfinished batch was kept", context=context
        )
        return "cancelled"
    except TrucelineError as exc:
        finish_job(engine, job_id, "failed", error=str(exc), context=context)
        return "failed"
    except OperationalError:
        raise
    except Exception as exc:
        log.exception("job %s (%s) failed", job_id, job.kind)
        finish_job(engine, job_id, "failed", error=f"{exc.__class__.__name__}: {exc}", context=context)
        return "failed"
    finish_job(engine, job_id, "done", counts=counts, context=context)
    return "done"


def job_record(job: Job) -> dict[str, Any]:
    """A job as plain data (the CLI's ``--json``, the API, the page)."""
    return {
        "id": job.id,
        "kind": job.kind,
        "conflict": job.conflict_id,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "counts": job.counts,
        "errors": job.errors,
        "arguments": job.arguments,
        "attempts": job.attempts,
        "cancel_requested": job.cancel_requested,
        "requested_by": job.requested_by,
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at),
    }


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None
