"""The incident list page (one incident's page is ``truceline.publish.views``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from truceline.auth.deps import CurrentUser
from truceline.incidents.api import FilterDep
from truceline.incidents.kinds import KIND_COLOURS, kind_label
from truceline.incidents.queries import count_incidents, incident_records, list_incidents
from truceline.web.deps import SessionDep
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
