"""The kinds of job, each one entry of :data:`KINDS`: a name, a title and where its work is.

The work is named by its entry point (``"module:function"``) and imported when a job of that kind
runs, as a queue's message names its task: the queue sits below the features whose work it runs
and never imports them (the CLI's ``COMMANDS`` do the same). Adding a kind is one registration
here and a function ``work(context, arguments) -> counts`` in the feature that owns the work; it
calls that feature's service, reports progress with ``context.progress(done, total)`` between
batches (which also stops it when the job is cancelled), and is idempotent: run twice (a message
redelivered after a worker died), it adds nothing the second time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from truceline.db import transaction
from truceline.errors import InvalidInput
from truceline.jobs.services import JobContext, JobKind


def job_path(arguments: dict[str, Any], key: str = "path") -> Path:
    """The file a job names in ``arguments[key]``."""
    value = arguments.get(key)
    if not isinstance(value, str) or not value:
        raise InvalidInput(f"the job names no {key}")
    return Path(value)


def export_ledger(context: JobContext, arguments: dict[str, Any]) -> dict[str, Any]:
    """The signed change log as one JSON file (written whole or not at all; again: rewritten)."""
    from truceline.ledger.services import export_ledger as write_export

    out = job_path(arguments)
    with transaction(context.engine) as session:
        head = write_export(session, out)
    return {"entries": head["seq"], "head": head["hash"], "path": str(out)}


KINDS: dict[str, JobKind] = {
    kind.name: kind
    for kind in (
        JobKind("event_import", "Import event data (ACLED, UCDP)", "truceline.intake.tasks:import_events"),
        JobKind("ingest_batch", "Ingest report files", "truceline.intake.tasks:ingest_reports"),
        JobKind("ledger_export", "Export the signed change log", "truceline.jobs.tasks:export_ledger"),
        JobKind("report_render", "Render a report (daily, sitrep, brief)", "truceline.reports.tasks:render_report"),
        JobKind("alerts_send", "Compute and send subscribers' notices", "truceline.alerts.tasks:send_alerts"),
    )
}
