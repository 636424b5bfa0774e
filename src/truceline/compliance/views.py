"""Agreement pages (provisions, status history and the status of their commitments) and the
commitment tracker."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from truceline.agreements.events import record_agreement_status, record_commitment_progress
from truceline.agreements.queries import agreement_records, get_agreement, list_agreements, provision_labels
from truceline.agreements.status import agreement_status
from truceline.auth.deps import ConflictDep, CurrentUser, ObserverUser
from truceline.compliance.api import MAX_OFFSET, compliance_report, neighbour_links
from truceline.compliance.page import MAX_LINKED_IDS, matrix_table
from truceline.compliance.queries import commitment_records
from truceline.compliance.results import UNDETERMINED_PARTY
from truceline.compliance.services import MAX_PAGE_LIMIT, PAGE_LIMIT
from truceline.diplomacy.queries import concerning_agreement, list_meetings
from truceline.versions.services import history
from truceline.vocabulary import AgreementEventKind, CommitmentEventKind
from truceline.web import i18n
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()


@router.get("/compliance", response_class=HTMLResponse)
def compliance_page(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    as_of: Annotated[dt.date | None, Query()] = None,
    agreement: Annotated[str | None, Query(max_length=120)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = PAGE_LIMIT,
    notes_offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    notes_limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = PAGE_LIMIT,
) -> HTMLResponse:
    """Violations as of a date: provisions by name × parties, each count leading to its incidents,
    and the verdicts with their reasons a page at a time (``offset``, ``limit``: as the API's,
    in the same order), the notes likewise (``notes_offset``, ``notes_limit``); ``agreement``:
    only that agreement's."""
    day = as_of or conflict.today()
    chosen = get_agreement(session, agreement, conflict.id) if agreement else None
    report = compliance_report(
        request,
        session,
        day,
        viewer,
        agreement=agreement or None,
        offset=offset,
        limit=limit,
        notes_offset=notes_offset,
        notes_limit=notes_limit,
        allegations_limit=1,  # the page shows no allegation: explain as few as may be
        linked=MAX_LINKED_IDS,
    )
    labels = provision_labels(session, conflict.id)
    party_name = conflict.display_name
    reader_name = i18n.party_names(conflict)
    total = report["total"]
    shown = len(report["violations"])
    context = {
        "as_of": day,
        "agreement": chosen,
        "agreements": list_agreements(session, conflict.id),
        "table": matrix_table({**report, "violations": report["linked_violations"]}, labels, party_name),
        "violations": report["violations"],
        "pager": pager(request, offset, limit, total, shown),
        "notes": report["notes"],
        "notes_pager": pager(request, notes_offset, notes_limit, report["notes_total"], len(report["notes"]), "notes"),
        "labels": labels,
        # called as the page is rendered: in the reader's language and script
        "party_name": lambda code: reader_name(code) if code else i18n.gettext("party undetermined"),
        "undetermined": UNDETERMINED_PARTY,
    }
    return render(request, "compliance.html", context)


def pager(request: Request, offset: int, limit: int, total: int, shown: int, of: str = "") -> dict[str, Any]:
    """A list's place for the page's pager: the first and last shown (counted from 1), how many in
    all, and the links to the previous and next pages (``of``: the notes' pages)."""
    following, preceding = neighbour_links(request, offset, limit, total, of)
    return {"first": offset + 1, "last": offset + shown, "total": total, "previous": preceding, "next": following}


@router.get("/agreements", response_class=HTMLResponse)
def agreements_page(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    at: Annotated[dt.date | None, Query()] = None,
) -> HTMLResponse:
    agreements = list_agreements(session, conflict.id)
    moment = conflict.end_of(at)
    records = agreement_records(session, agreements, visibility=viewer.visibility, at=moment)
    context = {
        "agreements": records,
        "at": at,
        "statuses": {a.id: agreement_status(a.effective_from, a.events, moment) for a in agreements},
        "party_name": i18n.party_names(conflict),
    }
    return render(request, "agreements.html", context)


@router.get("/agreements/{agreement_id}", response_class=HTMLResponse)
def agreement_page(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    agreement_id: Annotated[str, Path(max_length=120)],
    at: Annotated[dt.date | None, Query()] = None,
) -> HTMLResponse:
    agreement = get_agreement(session, agreement_id, conflict.id)
    moment = conflict.end_of(at)
    record = agreement_records(session, [agreement], visibility=viewer.visibility, at=moment)[0]
    commitments = [
        c for c in commitment_records(session, at or conflict.today(), conflict.id) if c["agreement_id"] == agreement_id
    ]
    context = {
        "agreement": record,
        "status": agreement_status(agreement.effective_from, agreement.events, moment),
        "party_name": i18n.party_names(conflict),
        "commitments": commitments,
        "at": at,
        "event_kinds": list(AgreementEventKind),
        "parties": list(conflict.by_code),
        "others": [a.id for a in list_agreements(session, conflict.id) if a.id != agreement_id],
        "concerning": concerning_agreement(session, agreement_id, viewer.visibility),
        "histories": [
            (("agreement", agreement_id), history(session, "agreement", agreement_id)),
            *((("commitment", c["id"]), history(session, "commitment", c["id"])) for c in commitments),
        ],
    }
    return render(request, "agreement.html", context)


@router.get("/commitments", response_class=HTMLResponse)
def commitments_page(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    as_of: Annotated[dt.date | None, Query()] = None,
) -> HTMLResponse:
    day = as_of or conflict.today()
    records = commitment_records(session, day, conflict.id)
    meetings: dict[str, list[dict[str, str]]] = {}
    for meeting in list_meetings(session, viewer.visibility):
        if meeting.agreement_id:
            meetings.setdefault(meeting.agreement_id, []).append(
                {"id": meeting.id, "date_start": meeting.date_start.isoformat(), "body": meeting.body}
            )
    context = {
        "commitments": records,
        "meetings_by_agreement": meetings,
        "as_of": day,
        "event_kinds": list(CommitmentEventKind),
        "parties": list(conflict.by_code),
    }
    return render(request, "commitments.html", context)


@router.post("/agreements/{agreement_id}/events")
def agreement_event_submit(
    session: SessionDep,
    viewer: ObserverUser,
    conflict: ConflictDep,
    agreement_id: Annotated[str, Path(max_length=120)],
    kind: Annotated[str, Form(max_length=32)],
    date: Annotated[str, Form(max_length=40)],
    source: Annotated[str, Form(max_length=2000)],
    by: Annotated[str, Form(max_length=16)] = "",
    note: Annotated[str, Form(max_length=5000)] = "",
    superseded_by: Annotated[str, Form(max_length=120)] = "",
) -> RedirectResponse:
    """The agreement page's form: record a status event (observers and coordinators)."""
    record_agreement_status(
        session,
        agreement_id,
        conflict=conflict,
        kind=kind,
        date=date,
        source=source,
        actor=viewer.actor,
        by=by or None,
        note=note,
        superseded_by=superseded_by or None,
    )
    return RedirectResponse(f"/agreements/{agreement_id}#history", status_code=303)


@router.post("/commitments/{commitment_id}/events")
def commitment_event_submit(
    session: SessionDep,
    viewer: ObserverUser,
    conflict: ConflictDep,
    commitment_id: Annotated[str, Path(max_length=120)],
    kind: Annotated[str, Form(max_length=32)],
    date: Annotated[str, Form(max_length=40)],
    source: Annotated[str, Form(max_length=2000)],
    new_deadline: Annotated[str, Form(max_length=10)] = "",
    by: Annotated[str, Form(max_length=16)] = "",
    note: Annotated[str, Form(max_length=5000)] = "",
) -> RedirectResponse:
    """The commitment tracker's form: record an event of a commitment (observers and coordinators)."""
    record_commitment_progress(
        session,
        commitment_id,
        conflict=conflict,
        kind=kind,
        date=date,
        source=source,
        actor=viewer.actor,
        by=by or None,
        note=note,
        new_deadline=new_deadline or None,
    )
    return RedirectResponse(f"/commitments#c-{commitment_id}", status_code=303)
