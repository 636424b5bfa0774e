"""The incident list page (one incident's page is ``truceline.publish.views``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from truceline.auth.deps import ConflictDep, CoordinatorUser, CurrentUser, ObserverUser
from truceline.domain.labels import N_
from truceline.incidents.corrections import (
    FigureCorrection,
    correct_incident,
    parse_figure,
    retract_incident,
    unpublish_incident,
)
from truceline.incidents.filters import FilterDep, ListSort, ListStatus
from truceline.incidents.kinds import KIND_COLOURS, kind_label
from truceline.incidents.queries import count_incidents, incident_records, list_incidents
from truceline.places.queries import gazetteer_choices, gazetteer_names
from truceline.vocabulary import IncidentKind
from truceline.web import i18n
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()
PAGE = 50
SORT_LABELS = {
    ListSort.DATE: N_("oldest first"),
    ListSort.NEWEST: N_("newest first"),
    ListSort.KIND: N_("kind"),
    ListSort.PLACE: N_("place"),
}


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
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
            "query": query,
            "kinds": [(k.value, kind_label(k.value)) for k in IncidentKind],
            "parties": [(code, conflict.display_name(code)) for code in conflict.by_code],
            "places": gazetteer_choices(session, conflict.id),
            "place_names": gazetteer_names(session, conflict.id, conflict.info.languages or ["en"]),
            "party_name": i18n.party_names(conflict),
            "statuses": [s.value for s in ListStatus],
            "sorts": SORT_LABELS,
            "sort": query.sort or ListSort.DATE.value,
            "colours": KIND_COLOURS,
        },
    )


IncidentId = Annotated[str, Path(max_length=120)]
Reason = Annotated[str, Form(min_length=1, max_length=2000)]


@router.post("/incidents/{incident_id}/corrections")
def correction_form(
    session: SessionDep,
    viewer: ObserverUser,
    incident_id: IncidentId,
    reason: Reason,
    source: Annotated[str, Form(max_length=2000)],
    field: Annotated[str, Form(max_length=40)] = "",
    value: Annotated[str, Form(max_length=20_000)] = "",
    figure_category: Annotated[str, Form(max_length=16)] = "",
    figure_side: Annotated[str, Form(max_length=16)] = "",
    figure_population: Annotated[str, Form(max_length=16)] = "",
    figure_low: Annotated[str, Form(max_length=12)] = "",
    figure_best: Annotated[str, Form(max_length=12)] = "",
    figure_high: Annotated[str, Form(max_length=12)] = "",
) -> RedirectResponse:
    """A field, a casualty figure (low, best and high all empty remove it), or both."""
    figures: list[FigureCorrection] = []
    if figure_category:
        key = f"{figure_category}:{figure_side}:{figure_population}"
        figures.append(parse_figure(f"{key}={figure_low}/{figure_best}/{figure_high}"))
    correct_incident(
        session,
        incident_id,
        {field: value} if field else {},
        figures=figures,
        reason=reason,
        source=source,
        actor=viewer.actor,
        conflict_id=viewer.conflict,
    )
    return RedirectResponse(f"/incidents/{incident_id}#history", status_code=303)


@router.post("/incidents/{incident_id}/retraction")
def retraction_form(
    session: SessionDep,
    viewer: CoordinatorUser,
    incident_id: IncidentId,
    reason: Reason,
    superseded_by: Annotated[str, Form(max_length=120)] = "",
) -> RedirectResponse:
    retract_incident(
        session,
        incident_id,
        reason=reason,
        superseded_by=superseded_by.strip() or None,
        actor=viewer.actor,
        conflict_id=viewer.conflict,
    )
    return RedirectResponse(f"/incidents/{incident_id}#history", status_code=303)


@router.post("/incidents/{incident_id}/unpublication")
def unpublication_form(
    session: SessionDep, viewer: CoordinatorUser, incident_id: IncidentId, reason: Reason
) -> RedirectResponse:
    unpublish_incident(session, incident_id, reason=reason, actor=viewer.actor, conflict_id=viewer.conflict)
    return RedirectResponse(f"/incidents/{incident_id}#history", status_code=303)
