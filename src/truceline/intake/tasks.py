"""The intake's background work (see ``truceline.jobs.tasks``): event-data imports and batches of
report files, each idempotent so that a job run again after a worker died adds nothing twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from truceline.db import write_transaction
from truceline.errors import InvalidInput
from truceline.jobs.services import JobContext
from truceline.jobs.tasks import job_path


def import_events(context: JobContext, arguments: dict[str, Any]) -> dict[str, Any]:
    """An ACLED or UCDP file through the import service. Idempotent by the file's SHA-256: a
    file imported already (by an earlier attempt that committed) adds nothing."""
    from truceline.intake.event_data import import_event_file

    path = job_path(arguments)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file where this job runs (workers read the path the job names)")
    # a write from its start (BEGIN IMMEDIATE on SQLite): a transaction that read first could not
    # become the writer once another connection had written since its read
    with write_transaction(context.engine) as session:
        report = import_event_file(
            session,
            path,
            format=arguments.get("format", "acled"),
            actor=context.actor,
            conflict_id=context.conflict_id,
            progress=context.progress,
        )
    return {
        "rows": report.rows,
        "created": report.created,
        "skipped": len(report.skipped),
        "already_imported": report.already_imported,
        "file_sha256": report.file_sha256,
        "document_id": report.document_id,
    }


def ingest_reports(context: JobContext, arguments: dict[str, Any]) -> dict[str, Any]:
    """Report files, one transaction each, queued for review. The same bytes again are a no-op,
    so a rerun after a kill adds only the files the first run did not commit."""
    from truceline.intake.ingest import ingest_report
    from truceline.vocabulary import SourceKind

    files = arguments.get("files")
    if not isinstance(files, list) or not files or context.conflict_id is None:
        raise InvalidInput("an ingest job names its report files and its conflict")
    published = dt.date.fromisoformat(arguments.get("published") or dt.date.today().isoformat())
    kind = SourceKind(arguments.get("kind", SourceKind.NEWS.value))
    counts = {"files": len(files), "documents": 0, "stored_already": 0, "candidates": 0}
    for done, name in enumerate(files):
        context.progress(done, len(files))
        text = Path(name).read_text(encoding="utf-8")
        with write_transaction(context.engine) as session:
            result = ingest_report(
                session, conflict_id=context.conflict_id, text=text, published=published, actor=context.actor, kind=kind
            )
        counts["documents" if result.created else "stored_already"] += 1
        counts["candidates"] += len(result.candidates)
    context.progress(len(files), len(files))
    return counts
