"""Reports rendered as background jobs (``truceline report … --background``): a situation report
of a long period takes tens of seconds in WeasyPrint, too long to hold a command or a request.

The job names the report (``daily``, ``sitrep`` or ``brief``), its dates or meeting, the format
and the file to write; the file is written whole or not at all (a temporary file renamed), so a
rerun after a killed worker simply writes it again.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from truceline.db import transaction
from truceline.errors import InvalidInput
from truceline.jobs.services import JobContext
from truceline.jobs.tasks import job_path
from truceline.reports import services
from truceline.reports.document import Document
from truceline.reports.render import Format, render
from truceline.visibility import Visibility

REPORTS = ("daily", "sitrep", "brief")


def _day(arguments: dict[str, Any], key: str) -> dt.date:
    value = arguments.get(key)
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"the job's {key} is not a date (YYYY-MM-DD): {value!r}") from None


def render_report(context: JobContext, arguments: dict[str, Any]) -> dict[str, Any]:
    """Build the report the job names from the store as it is now, and write it to its file."""
    report = arguments.get("report")
    if report not in REPORTS:
        raise InvalidInput(f"unknown report {report!r}: {', '.join(REPORTS)}")
    fmt = Format(arguments.get("format", "pdf"))
    out = job_path(arguments)
    if context.conflict_id is None:
        raise InvalidInput("a report job names the conflict it reports on")
    visibility = Visibility(conflict_id=context.conflict_id)
    with transaction(context.engine) as session:
        doc: Document
        if report == "daily":
            doc = services.daily_report(session, context.conflict_id, _day(arguments, "date"), visibility)
        elif report == "sitrep":
            as_of = _day(arguments, "as_of") if arguments.get("as_of") else None
            start, end = _day(arguments, "from"), _day(arguments, "to")
            doc = services.sitrep(session, context.conflict_id, start, end, visibility, as_of=as_of)
        else:
            doc = services.committee_brief(session, context.conflict_id, str(arguments.get("meeting")), visibility)
    context.progress(1, 2)
    data = render(doc, fmt)
    partial = out.with_name(f".{out.name}.part")
    partial.write_bytes(data)
    os.replace(partial, out)
    context.progress(2, 2)
    return {"report": report, "format": fmt.value, "path": str(out), "bytes": len(data)}
