"""``/api/v1/exports`` (ACLED CSV, UCDP GED CSV, GeoJSON, JSON), the dashboard's data (map markers,
timeline), publishing, and ``/incidents/{id}``: one incident in full with findings and violations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from truceline.agreements.queries import agreement_records, list_agreements
from truceline.auth.deps import ConflictDep, CoordinatorUser, CurrentUser
from truceline.conflicts.services import conflict_geography
from truceline.incidents.filters import FilterDep
from truceline.incidents.publication import publish_incident
from truceline.incidents.queries import IncidentFilter, incident_records, list_incidents
from truceline.places.queries import gazetteer_countries
from truceline.publish.api_models import (
    IncidentDetail,
    IncidentFeatureCollection,
    JsonExport,
    Markers,
    Published,
    TimelineDay,
)
from truceline.publish.dashboard import markers, timeline
from truceline.publish.exports import ExportFormat, export_incidents
from truceline.publish.incident_detail import incident_in_full
from truceline.web.api_models import error_responses
from truceline.web.cache import app_cache
from truceline.web.deps import SessionDep
from truceline.web.openapi import schema_ref

router = APIRouter(tags=["publish"])
#: one incident in full (under the incidents tag, beside the list)
incident_router = APIRouter(tags=["incidents"])


#: each format's media type and file name extension
MEDIA = {
    ExportFormat.ACLED: ("text/csv; charset=utf-8", "csv"),
    ExportFormat.UCDP: ("text/csv; charset=utf-8", "ucdp.csv"),
    ExportFormat.GEOJSON: ("application/geo+json", "geojson"),
    ExportFormat.JSON: ("application/json", "json"),
}


@router.get(
    "/exports/{export_format}",
    summary="Export incidents as ACLED CSV, UCDP GED CSV, GeoJSON or JSON",
    response_class=Response,
    responses={
        200: {
            "description": "The export, as a download.",
            "model": JsonExport,
            "content": {
                "text/csv": {"schema": {"type": "string", "description": "ACLED or UCDP GED columns, one row each."}},
                "application/geo+json": {"schema": schema_ref(IncidentFeatureCollection)},
            },
        },
        **error_responses(401, 422),
    },
)
def export_endpoint(
    session: SessionDep, viewer: CurrentUser, conflict: ConflictDep, export_format: ExportFormat, query: FilterDep
) -> Response:
    """The incidents the viewer may see, filtered like ``/incidents``, in the chosen format (UCDP GED:
    the acts of lethal violence among them)."""
    filters = query.filter_for(viewer)
    records = incident_records(session, list_incidents(session, filters), filters.visibility)
    body = export_incidents(
        export_format,
        records,
        conflict,
        lambda: agreement_records(session, list_agreements(session, conflict.id), visibility=filters.visibility),
        conflict_geography(session, conflict.id),
        gazetteer_countries(session, conflict.id),
    )
    media_type, extension = MEDIA[export_format]
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="truceline-incidents.{extension}"'},
    )


#: the timeline's answer, validated and encoded as one list
TIMELINE_DAYS = TypeAdapter(list[TimelineDay])
#: the map's answer
MARKERS = TypeAdapter(Markers)


def cached_markers(request: Request, session: Session, filters: IncidentFilter) -> dict[str, Any]:
    cache = app_cache(request)
    return cache.get_or_compute(session, ("markers", filters), lambda: markers(session, filters))


def cached_timeline(request: Request, session: Session, filters: IncidentFilter) -> list[dict[str, Any]]:
    cache = app_cache(request)
    return cache.get_or_compute(session, ("timeline", filters), lambda: timeline(session, filters))


def cached_json(request: Request, session: Session, key: Hashable, encode: Callable[[], bytes]) -> Response:
    """A JSON answer kept encoded in the app's cache: a repeated request (until the next write)
    costs a ledger-head read, not the validation and encoding of thousands of entries again."""
    body = app_cache(request).get_or_compute(session, key, encode)
    return Response(body, media_type="application/json")


@router.get(
    "/dashboard/markers",
    summary="Map markers for the dashboard",
    response_model=Markers,
    responses=error_responses(401, 422),
)
def markers_endpoint(request: Request, session: SessionDep, viewer: CurrentUser, query: FilterDep) -> Response:
    """One marker per incident with a point (kind, casualties), or per-cell counts past the budget."""
    filters = query.filter_for(viewer)
    return cached_json(
        request,
        session,
        ("markers.json", filters),
        lambda: MARKERS.dump_json(MARKERS.validate_python(cached_markers(request, session, filters)), by_alias=True),
    )


@router.get(
    "/dashboard/timeline",
    summary="Incidents per day by kind",
    response_model=list[TimelineDay],
    responses=error_responses(401, 422),
)
def timeline_endpoint(request: Request, session: SessionDep, viewer: CurrentUser, query: FilterDep) -> Response:
    filters = query.filter_for(viewer)
    return cached_json(
        request,
        session,
        ("timeline.json", filters),
        lambda: TIMELINE_DAYS.dump_json(
            TIMELINE_DAYS.validate_python(cached_timeline(request, session, filters)), by_alias=True
        ),
    )


@router.post(
    "/incidents/{incident_id}/publish",
    summary="Publish an incident (coordinators)",
    responses=error_responses(401, 403, 404, 409, 422),
)
def publish_endpoint(
    session: SessionDep, viewer: CoordinatorUser, incident_id: Annotated[str, Path(max_length=120)]
) -> Published:
    incident = publish_incident(session, incident_id, actor=viewer.actor)
    return Published(id=incident.id, published=incident.published)


@incident_router.get(
    "/incidents/{incident_id}", summary="One incident in full", responses=error_responses(401, 404, 410, 422)
)
def incident_endpoint(
    session: SessionDep,
    viewer: CurrentUser,
    incident_id: Annotated[str, Path(max_length=120)],
    as_of: Annotated[dt.date | None, Query(description="Violations as of this date (default today).")] = None,
) -> IncidentDetail:
    """Facts, sources with supporting spans, claims, findings, evidence the viewer may see, violations,
    and its history. A retracted incident answers the public 410 with its retraction notice."""
    return IncidentDetail.model_validate(incident_in_full(session, incident_id, viewer, as_of=as_of))
