"""Agreement pages (provisions and status history) and the commitment tracker."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from truceline.agreements.queries import agreement_records, commitment_records, get_agreement, list_agreements
from truceline.web.deps import ConflictDep, SessionDep
from truceline.web.templating import render

router = APIRouter()


@router.get("/agreements", response_class=HTMLResponse)
def agreements_page(
    request: Request, session: SessionDep, conflict: ConflictDep, at: Annotated[dt.date | None, Query()] = None
) -> HTMLResponse:
    records = agreement_records(session, list_agreements(session, conflict.id), at=conflict.end_of(at))
    return render(request, "agreements.html", {"agreements": records, "at": at})


@router.get("/agreements/{agreement_id}", response_class=HTMLResponse)
def agreement_page(
    request: Request,
    session: SessionDep,
    conflict: ConflictDep,
    agreement_id: Annotated[str, Path(max_length=120)],
    at: Annotated[dt.date | None, Query()] = None,
) -> HTMLResponse:
    record = agreement_records(session, [get_agreement(session, agreement_id, conflict.id)], at=conflict.end_of(at))[0]
    commitments = [
        c for c in commitment_records(session, at or conflict.today(), conflict.id) if c["agreement_id"] == agreement_id
    ]
    return render(request, "agreement.html", {"agreement": record, "commitments": commitments, "at": at})


@router.get("/commitments", response_class=HTMLResponse)
def commitments_page(
    request: Request, session: SessionDep, conflict: ConflictDep, as_of: Annotated[dt.date | None, Query()] = None
) -> HTMLResponse:
    day = as_of or conflict.today()
    records = commitment_records(session, day, conflict.id)
    return render(request, "commitments.html", {"commitments": records, "as_of": day})
