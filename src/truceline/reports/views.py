"""Generating and downloading reports and letters from the pages they concern.

Who may: a daily report, a situation report and a committee brief are built from what the
viewer may see, so every role may generate them (the public from published records only).
Letters are drafts for a government: observers and coordinators may draft one for any party;
a party user only letters from its own party; the public none. Drafting is a ledger entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query
from fastapi.responses import Response

from truceline.auth.deps import ConflictDep, CurrentUser, SubmitterUser
from truceline.errors import Forbidden, InvalidInput
from truceline.reports import letters, services
from truceline.reports.document import Document
from truceline.reports.render import MEDIA_TYPES, Format, render
from truceline.web.deps import SessionDep

router = APIRouter()

FormatQuery = Annotated[Format, Query(alias="format")]


def _download(doc: Document, fmt: Format, name: str) -> Response:
    disposition = "inline" if fmt == Format.HTML else "attachment"
    return Response(
        render(doc, fmt),
        media_type=MEDIA_TYPES[fmt],
        headers={"content-disposition": f'{disposition}; filename="{name}.{fmt.value}"'},
    )


@router.get("/reports/daily")
def daily_download(
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    date: Annotated[dt.date, Query()],
    fmt: FormatQuery = Format.HTML,
) -> Response:
    doc = services.daily_report(session, conflict.id, date, viewer.visibility)
    return _download(doc, fmt, f"daily-{date.isoformat()}")


@router.get("/reports/sitrep")
def sitrep_download(
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    date_from: Annotated[dt.date, Query(alias="from")],
    date_to: Annotated[dt.date, Query(alias="to")],
    fmt: FormatQuery = Format.HTML,
) -> Response:
    doc = services.sitrep(session, conflict.id, date_from, date_to, viewer.visibility)
    return _download(doc, fmt, f"sitrep-{date_from.isoformat()}-{date_to.isoformat()}")


@router.get("/meetings/{meeting_id}/brief")
def brief_download(
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    meeting_id: Annotated[str, Path(max_length=120)],
    fmt: FormatQuery = Format.HTML,
) -> Response:
    doc = services.committee_brief(session, conflict.id, meeting_id, viewer.visibility)
    return _download(doc, fmt, f"brief-{meeting_id}")


@router.post("/incidents/{incident_id}/letter")
def letter_download(
    session: SessionDep,
    viewer: SubmitterUser,
    conflict: ConflictDep,
    incident_id: Annotated[str, Path(max_length=120)],
    kind: Annotated[str, Form(max_length=32)],
    sender: Annotated[str, Form(max_length=16)],
    other: Annotated[str, Form(max_length=16)],
    fmt: Annotated[Format, Form(alias="format")] = Format.DOCX,
) -> Response:
    """The incident page's form: draft a protest or a request for clarification about it."""
    if not viewer.is_observer and conflict.principal_of(sender.upper()) != viewer.speaks_for:
        raise Forbidden(f"a party drafts its own letters only: --from must be {viewer.speaks_for}")
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
    elif kind == "clarification":
        doc = letters.clarification_request(
            session,
            conflict.id,
            sender=sender,
            concerning=other,
            incident_ids=[incident_id],
            visibility=viewer.visibility,
            actor=viewer.actor,
        )
    else:
        raise InvalidInput(f"kind: {kind!r} is not protest or clarification")
    return _download(doc, fmt, f"{kind}-{sender.lower()}-{other.lower()}-{incident_id}")
