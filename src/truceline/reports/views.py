"""Generating and downloading reports and letters from the pages they concern.

Who may: a daily report, a situation report and a committee brief are built from what the
viewer may see, so every role may generate them (the public from published records only).
Letters are drafts for a government: observers and coordinators may draft one for any party;
a party user only letters from its own party; the public none. Drafting is a ledger entry.

HTML is answered at once (it renders in well under a second). PDF and DOCX are rendered as a
``report_render`` job: the page's form POSTs the request, it is checked at once (a bad period,
an unknown meeting or incident is a 4xx and no job is queued), and the answer is a 303 to the
job's page, which shows its state and, once done, a link to the file. The job records the
reader's role and party, so the file holds only what that reader may see, and the file is kept
in the store for that reader (or a coordinator) to download from any app server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.background import BackgroundTask

from truceline.auth.deps import ConflictDep, CurrentUser, SubmitterUser, Viewer
from truceline.errors import Forbidden, InvalidInput
from truceline.jobs.access import requester_key
from truceline.jobs.queue import BrokerUnavailable, dispatch
from truceline.jobs.services import create_job
from truceline.jobs.tasks import KINDS
from truceline.reports import letters, services
from truceline.reports.document import Document
from truceline.reports.render import MEDIA_TYPES, Format, render
from truceline.web.deps import SessionDep

router = APIRouter()

FormatQuery = Annotated[Format, Query(alias="format")]
FormatForm = Annotated[Format, Form(alias="format")]
Day = Annotated[dt.date, Form()]


def _download(doc: Document, fmt: Format, name: str) -> Response:
    disposition = "inline" if fmt == Format.HTML else "attachment"
    return Response(
        render(doc, fmt),
        media_type=MEDIA_TYPES[fmt],
        headers={"content-disposition": f'{disposition}; filename="{name}.{fmt.value}"'},
    )


def _html_only(fmt: Format, action: str) -> None:
    if fmt != Format.HTML:
        raise InvalidInput(
            f"{fmt.value.upper()} is rendered as a background job: send the page's form (POST {action}); "
            "only HTML is answered at once"
        )


def _file_name(name: str, fmt: Format) -> str:
    """A download's file name: the report's own, in characters any system keeps."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name)[:150] + f".{fmt.value}"


def _dispatch(request: Request, job_id: int) -> None:
    """After the request committed the job: hand it to the broker or wake this server's runner.
    An unreachable broker has marked the job failed with the reason; its page says so."""
    with contextlib.suppress(BrokerUnavailable):
        dispatch(request.app.state.engine, request.app.state.settings, job_id)


def _queue(
    request: Request, session: SessionDep, viewer: Viewer, fmt: Format, name: str, **arguments: Any
) -> RedirectResponse:
    """Queue a ``report_render`` job for this reader and answer with its page."""
    job = create_job(
        session,
        kind="report_render",
        arguments={
            **arguments,
            "format": fmt.value,
            "name": _file_name(name, fmt),
            "reader": {"role": viewer.role.value, "party": viewer.speaks_for},
            "requester": requester_key(request, viewer, create=True),
        },
        requested_by=viewer.actor,
        conflict_id=viewer.conflict,
        kinds=KINDS,
    )
    # sent once the request's transaction has committed the job (the response is on its way)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303, background=BackgroundTask(_dispatch, request, job.id))


@router.get("/reports/daily")
def daily_download(
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    date: Annotated[dt.date, Query()],
    fmt: FormatQuery = Format.HTML,
) -> Response:
    _html_only(fmt, "/reports/daily")
    doc = services.daily_report(session, conflict.id, date, viewer.visibility)
    return _download(doc, fmt, f"daily-{date.isoformat()}")


@router.post("/reports/daily")
def daily_request(
    request: Request, session: SessionDep, viewer: CurrentUser, date: Day, fmt: FormatForm = Format.PDF
) -> Response:
    """The dashboard's form: a day's report; PDF and DOCX as a job."""
    if fmt == Format.HTML:
        return RedirectResponse("/reports/daily?" + urlencode({"date": date.isoformat()}), status_code=303)
    return _queue(request, session, viewer, fmt, f"daily-{date.isoformat()}", report="daily", date=date.isoformat())


@router.get("/reports/sitrep")
def sitrep_download(
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    date_from: Annotated[dt.date, Query(alias="from")],
    date_to: Annotated[dt.date, Query(alias="to")],
    fmt: FormatQuery = Format.HTML,
) -> Response:
    _html_only(fmt, "/reports/sitrep")
    doc = services.sitrep(session, conflict.id, date_from, date_to, viewer.visibility)
    return _download(doc, fmt, f"sitrep-{date_from.isoformat()}-{date_to.isoformat()}")


@router.post("/reports/sitrep")
def sitrep_request(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    date_from: Annotated[dt.date, Form(alias="from")],
    date_to: Annotated[dt.date, Form(alias="to")],
    fmt: FormatForm = Format.PDF,
) -> Response:
    """The dashboard's form: a period's situation report; PDF and DOCX as a job, once the period
    is known to be one the report can be made of (not reversed, not empty for this reader)."""
    services.check_sitrep(session, conflict.id, date_from, date_to, viewer.visibility)
    first, last = date_from.isoformat(), date_to.isoformat()
    if fmt == Format.HTML:
        return RedirectResponse("/reports/sitrep?" + urlencode({"from": first, "to": last}), status_code=303)
    return _queue(
        request, session, viewer, fmt, f"sitrep-{first}-{last}", report="sitrep", **{"from": first, "to": last}
    )


MeetingId = Annotated[str, Path(max_length=120)]


@router.get("/meetings/{meeting_id}/brief")
def brief_download(
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    meeting_id: MeetingId,
    fmt: FormatQuery = Format.HTML,
) -> Response:
    _html_only(fmt, f"/meetings/{meeting_id}/brief")
    doc = services.committee_brief(session, conflict.id, meeting_id, viewer.visibility)
    return _download(doc, fmt, f"brief-{meeting_id}")


@router.post("/meetings/{meeting_id}/brief")
def brief_request(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    meeting_id: MeetingId,
    fmt: FormatForm = Format.PDF,
) -> Response:
    """The meeting page's form: the brief before it; PDF and DOCX as a job."""
    services.check_brief(session, conflict.id, meeting_id, viewer.visibility)
    if fmt == Format.HTML:
        return RedirectResponse(f"/meetings/{meeting_id}/brief", status_code=303)
    return _queue(request, session, viewer, fmt, f"brief-{meeting_id}", report="brief", meeting=meeting_id)


@router.post("/incidents/{incident_id}/letter")
def letter_download(
    request: Request,
    session: SessionDep,
    viewer: SubmitterUser,
    conflict: ConflictDep,
    incident_id: Annotated[str, Path(max_length=120)],
    kind: Annotated[str, Form(max_length=32)],
    sender: Annotated[str, Form(max_length=16)],
    other: Annotated[str, Form(max_length=16)],
    fmt: FormatForm = Format.DOCX,
) -> Response:
    """The incident page's form: draft a protest or a request for clarification about it (HTML
    at once; PDF and DOCX as a job, checked first)."""
    if not viewer.is_observer and conflict.principal_of(sender.upper()) != viewer.speaks_for:
        raise Forbidden(f"a party drafts its own letters only: --from must be {viewer.speaks_for}")
    letters.check_letter(
        session, conflict.id, kind, sender=sender, other=other, incident_ids=[incident_id], visibility=viewer.visibility
    )
    name = f"{kind}-{sender.lower()}-{other.lower()}-{incident_id}"
    if fmt != Format.HTML:
        return _queue(
            request, session, viewer, fmt, name, report=kind, incident=incident_id, sender=sender, other=other
        )
    if kind == "protest":
        doc = letters.protest_letter(
            session,
            conflict.id,
            sender=sender,
            recipient=other,
            incident_ids=[incident_id],
            visibility=viewer.visibility,
            actor=viewer.actor,
        )
    else:
        doc = letters.clarification_request(
            session,
            conflict.id,
            sender=sender,
            concerning=other,
            incident_ids=[incident_id],
            visibility=viewer.visibility,
            actor=viewer.actor,
        )
    return _download(doc, fmt, name)
