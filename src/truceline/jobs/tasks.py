"""The kinds of job, each one entry of :data:`KINDS`: a name, a title and the work.

Adding a kind is one registration here: a function ``work(context, arguments) -> counts`` that
calls a feature's service, reports progress with ``context.progress(done, total)`` between
batches (which also stops it when the job is cancelled), and is idempotent: run twice (a message
redelivered after a worker died), it adds nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from truceline.db import transaction
from truceline.errors import InvalidInput
from truceline.jobs.services import JobContext, JobKind


def _path(arguments: dict[str, Any], key: str = "path") -> Path:
    value = arguments.get(key)
    if not isinstance(value, str) or not value:
        raise InvalidInput(f"the job names no {key}")
    return Path(value)


def import_events(context: JobContext, arguments: dict[str, Any]) -> dict[str, Any]:
    """An ACLED or UCDP file through the import service. Idempotent by the file's SHA-256: a
    file imported already (by an earlier attempt that committed) adds nothing."""
    from truceline.sources.event_data import import_event_file

    path = _path(arguments)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file where this job runs (workers read the path the job names)")
    with transaction(context.engine) as session:
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
    from truceline.sources.ingest import ingest_report
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
        with transaction(context.engine) as session:
            result = ingest_report(
                session, conflict_id=context.conflict_id, text=text, published=published, actor=context.actor, kind=kind
            )
        counts["documents" if result.created else "stored_already"] += 1
        counts["candidates"] += len(result.candidates)
    context.progress(len(files), len(files))
    return counts


def export_ledger(context: JobContext, arguments: dict[str, Any]) -> dict[str, Any]:
    """The signed change log as one JSON file (written whole or not at all; again: rewritten)."""
    from truceline.ledger.services import export_ledger as write_export

    out = _path(arguments)
    with transaction(context.engine) as session:
        head = write_export(session, out)
    return {"entries": head["seq"], "head": head["hash"], "path": str(out)}


KINDS: dict[str, JobKind] = {
    kind.name: kind
    for kind in (
        JobKind("event_import", "Import event data (ACLED, UCDP)", import_events),
        JobKind("ingest_batch", "Ingest report files", ingest_reports),
        JobKind("ledger_export", "Export the signed change log", export_ledger),
    )
}
