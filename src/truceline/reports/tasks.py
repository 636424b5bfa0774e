"""Reports and letters rendered as background jobs: a situation report of a long period takes
tens of seconds in WeasyPrint, too long to hold a command or a request.

The job names the report (``daily``, ``sitrep``, ``brief``, or a letter: ``protest``,
``clarification``), its dates, meeting or incident, and the format. It goes to one of two places:

- ``path`` (``truceline report … --background``, an operator's command): the file is written
  whole or not at all (a temporary file renamed), from everything in the store;
- the store (a request from a web page): the job names its ``reader`` (the role and the party of
  the person who asked), and the report holds only what that reader may see; the file is kept in
  ``job_files`` for that person to download from any app server. A job kept in the store without
  a reader is refused, never rendered from everything.

Either way a rerun (a message redelivered after a worker died) does the work again without
adding anything: a file already kept is left as it is, and a letter is drafted (a ledger entry)
in the same transaction that keeps its file.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from sqlalchemy.orm import Session

from truceline.db import transaction, write_transaction
from truceline.errors import InvalidInput
from truceline.jobs.services import JobContext, job_file, keep_file
from truceline.jobs.tasks import job_path
from truceline.reports import letters, services
from truceline.reports.document import Document
from truceline.reports.render import MEDIA_TYPES, Format, render
from truceline.visibility import Visibility, visibility_for
from truceline.vocabulary import Role

REPORTS = ("daily", "sitrep", "brief")
LETTERS = ("protest", "clarification")


def _day(arguments: dict[str, Any], key: str) -> dt.date:
    value = arguments.get(key)
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"the job's {key} is not a date (YYYY-MM-DD): {value!r}") from None


def reader_visibility(arguments: dict[str, Any], conflict_id: str) -> Visibility:
    """What the report may hold: the named reader's view; everything only for an operator's job
    that writes a file (``path``) and names no reader."""
    reader = arguments.get("reader")
    if reader is None:
        if "path" not in arguments:
            raise InvalidInput("a report kept for a reader names the reader (role and party)")
        return Visibility(conflict_id=conflict_id)
    if not isinstance(reader, dict):
        raise InvalidInput(f"the job's reader is not a role and a party: {reader!r}")
    try:
        role = Role(str(reader.get("role")))
    except ValueError:
        raise InvalidInput(f"the job's reader has no known role: {reader!r}") from None
    party = reader.get("party")
    return visibility_for(role, party=party if isinstance(party, str) else None, conflict_id=conflict_id)


def _report(session: Session, conflict_id: str, arguments: dict[str, Any], visibility: Visibility) -> Document:
    report = arguments["report"]
    if report == "daily":
        return services.daily_report(session, conflict_id, _day(arguments, "date"), visibility)
    if report == "sitrep":
        as_of = _day(arguments, "as_of") if arguments.get("as_of") else None
        start, end = _day(arguments, "from"), _day(arguments, "to")
        return services.sitrep(session, conflict_id, start, end, visibility, as_of=as_of)
    return services.committee_brief(session, conflict_id, str(arguments.get("meeting")), visibility)


def _letter(
    session: Session, context: JobContext, conflict_id: str, arguments: dict[str, Any], visibility: Visibility
) -> Document:
    """Draft the letter the job names (a ledger entry by the person who asked)."""
    incidents = [str(arguments.get("incident"))]
    sender, other = str(arguments.get("sender")), str(arguments.get("other"))
    if arguments["report"] == "protest":
        return letters.protest_letter(
            session,
            conflict_id,
            sender=sender,
            recipient=other,
            incident_ids=incidents,
            visibility=visibility,
            actor=context.actor,
        )
    return letters.clarification_request(
        session,
        conflict_id,
        sender=sender,
        concerning=other,
        incident_ids=incidents,
        visibility=visibility,
        actor=context.actor,
    )


def render_report(context: JobContext, arguments: dict[str, Any]) -> dict[str, Any]:
    """Build the report or letter the job names from the store as it is now, render it, and
    write it to its file or keep it in the store for the reader who asked."""
    report = arguments.get("report")
    if report not in REPORTS + LETTERS:
        raise InvalidInput(f"unknown report {report!r}: {', '.join(REPORTS + LETTERS)}")
    fmt = Format(arguments.get("format", "pdf"))
    if context.conflict_id is None:
        raise InvalidInput("a report job names the conflict it reports on")
    visibility = reader_visibility(arguments, context.conflict_id)
    if "path" not in arguments:
        return _keep(context, context.conflict_id, arguments, fmt, visibility)
    if report in LETTERS:
        raise InvalidInput("a letter job keeps its file in the store for the person who asked")
    out = job_path(arguments)
    with transaction(context.engine) as session:
        doc = _report(session, context.conflict_id, arguments, visibility)
    context.progress(1, 2)
    data = render(doc, fmt)
    partial = out.with_name(f".{out.name}.part")
    partial.write_bytes(data)
    os.replace(partial, out)
    context.progress(2, 2)
    return {"report": report, "format": fmt.value, "path": str(out), "bytes": len(data)}


def _keep(
    context: JobContext, conflict_id: str, arguments: dict[str, Any], fmt: Format, visibility: Visibility
) -> dict[str, Any]:
    name = arguments.get("name")
    if not isinstance(name, str) or not name:
        raise InvalidInput("the job names no file name for its download")
    with write_transaction(context.engine) as session:  # it may draft a letter: a writer from its start
        kept = job_file(session, context.job_id)
        if kept is not None:  # a rerun after the file was kept: nothing to do again
            return {"report": arguments["report"], "format": fmt.value, "bytes": kept.size}
        if arguments["report"] in LETTERS:
            # drafting is a ledger entry: drafted and kept in one transaction, so a rerun
            # after a lost worker drafts it once
            doc = _letter(session, context, conflict_id, arguments, visibility)
            data = render(doc, fmt)
            keep_file(session, context.job_id, name=name, media_type=MEDIA_TYPES[fmt], content=data)
            context.progress(2, 2)
            return {"report": arguments["report"], "format": fmt.value, "bytes": len(data)}
        doc = _report(session, conflict_id, arguments, visibility)
    context.progress(1, 2)
    data = render(doc, fmt)
    with write_transaction(context.engine) as session:
        if job_file(session, context.job_id) is None:
            keep_file(session, context.job_id, name=name, media_type=MEDIA_TYPES[fmt], content=data)
    context.progress(2, 2)
    return {"report": arguments["report"], "format": fmt.value, "bytes": len(data)}
