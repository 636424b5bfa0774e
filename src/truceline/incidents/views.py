"""Incident pages: the list, and one incident with sources, claims, findings and violations."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from truceline.conflicts.services import conflict_definition
from truceline.diplomacy.queries import concerning_incident
from truceline.incidents.api import FilterDep
from truceline.incidents.detail import claims_by_party, incident_detail
from truceline.incidents.queries import incident_records, list_incidents
from truceline.publish.dashboard import KIND_COLOURS, count_incidents, kind_label
from truceline.publish.services import publish_incident
from truceline.web.deps import CoordinatorUser, CurrentUser, SessionDep
from truceline.web.templating import render

router = APIRouter()
PAGE = 50


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    query: FilterDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    filters = query.filter_for(viewer)
    incidents = list_incidents(session, filters, limit=PAGE, offset=(page - 1) * PAGE)
    rows = incident_records(session, incidents, filters.visibility)
    total = count_incidents(session, filters)
    return render(
        request,
        "incidents.html",
        {
            "incidents": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE)),
            "colours": KIND_COLOURS,
            "kind_label": kind_label,
        },
    )


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    incident_id: Annotated[str, Path(max_length=120)],
    as_of: Annotated[dt.date | None, Query()] = None,
) -> HTMLResponse:
    record = incident_detail(session, incident_id, viewer, as_of=as_of)
    conflict = conflict_definition(session, record["conflict"])
    return render(
        request,
        "incident.html",
        {
            "incident": record,
            "claims_by_party": claims_by_party(record["claims"], conflict),
            "concerning": concerning_incident(
                session, incident_id, replace(viewer.visibility, conflict_id=conflict.id)
            ),
            "letter_parties": list(conflict.principals),
            "colour": KIND_COLOURS.get(record["kind"], "#808b96"),
            "kind_label": kind_label,
        },
    )


@router.post("/incidents/{incident_id}/publish")
def publish_page(
    session: SessionDep, viewer: CoordinatorUser, incident_id: Annotated[str, Path(max_length=120)]
) -> RedirectResponse:
    publish_incident(session, incident_id, actor=viewer.actor)
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)
