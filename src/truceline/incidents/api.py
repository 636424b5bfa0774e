"""``/api/v1/incidents`` and ``/tallies``: the incident record, filtered and paginated (one incident
in full is served by ``truceline.publish.api``), the tallies, and the corrections, retractions and
unpublications of incidents (each a new version)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy.orm import Session

from truceline.auth.deps import CoordinatorUser, CurrentUser, ObserverUser
from truceline.incidents.api_models import (
    ClaimRetraction,
    IncidentCorrection,
    IncidentPage,
    IncidentRecord,
    TallyRecord,
)
from truceline.incidents.corrections import (
    FigureCorrection,
    correct_claim,
    correct_incident,
    retract_claim,
    retract_incident,
    unpublish_incident,
)
from truceline.incidents.filters import FilterDep
from truceline.incidents.queries import count_incidents, incident_records, list_incidents
from truceline.incidents.tallies import list_tallies, tally_records
from truceline.versions.api_models import Correction, Retraction, Unpublication, VersionRecord
from truceline.versions.services import history
from truceline.web.api_models import error_responses
from truceline.web.cache import app_cache
from truceline.web.deps import SessionDep

router = APIRouter(tags=["incidents"])

MAX_LIMIT = 500


@router.get("/incidents", summary="List incidents", responses=error_responses(401, 422))
def list_incidents_endpoint(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    query: FilterDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> IncidentPage:
    """Incidents the viewer may see, oldest first, with sources and claims; ``total`` counts all matches.

    The items are read fresh; the total is cached until the next write (``truceline.web.cache``).
    """

    filters = query.filter_for(viewer)
    cache = app_cache(request)
    total = cache.get_or_compute(session, ("count", filters), lambda: count_incidents(session, filters))
    incidents = list_incidents(session, filters, limit=limit, offset=offset)
    items = incident_records(session, incidents, filters.visibility)
    return IncidentPage(
        total=total, limit=limit, offset=offset, items=[IncidentRecord.model_validate(i) for i in items]
    )


@router.get(
    "/tallies",
    summary="Counts published by one body each (violations, casualties), never merged",
    responses=error_responses(401, 404, 422),
)
def tallies_endpoint(session: SessionDep, viewer: CurrentUser) -> list[TallyRecord]:
    """Each tally as its body published it: who counted, what, over which period, as of which date."""
    records = tally_records(session, list_tallies(session, viewer.conflict), viewer.visibility)
    return [TallyRecord.model_validate(r) for r in records]


# --- corrections: each a new version of the incident -----------------------------------------


def _latest(session: Session, incident_id: str, kind: str = "incident") -> VersionRecord:
    return VersionRecord.model_validate(history(session, kind, incident_id)[-1])


def text_value(value: object) -> str:
    """A JSON value of a correction as the text the CLI would take."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


IncidentId = Annotated[str, Path(max_length=120)]


@router.post(
    "/incidents/{incident_id}/corrections",
    status_code=201,
    summary="Correct an incident (observers, coordinators)",
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def correction_endpoint(
    session: SessionDep, viewer: ObserverUser, incident_id: IncidentId, body: IncidentCorrection
) -> VersionRecord:
    """A new version of the incident with the fields and casualty figures set, validated as a new
    incident would be (dates between 1900 and tomorrow, a known place, low <= best <= high …),
    with why and the source."""
    correct_incident(
        session,
        incident_id,
        {name: text_value(value) for name, value in body.set.items()},
        figures=[
            FigureCorrection(f.category.value, f.side, f.population.value, f.low, f.best, f.high) for f in body.figures
        ],
        reason=body.reason,
        source=body.source,
        actor=viewer.actor,
        conflict_id=viewer.conflict,
    )
    return _latest(session, incident_id)


@router.post(
    "/incidents/{incident_id}/retraction",
    status_code=201,
    summary="Retract an incident (coordinators)",
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def retraction_endpoint(
    session: SessionDep, viewer: CoordinatorUser, incident_id: IncidentId, body: Retraction
) -> VersionRecord:
    """The incident stays in the record with its history; public readers get its retraction notice."""
    retract_incident(
        session,
        incident_id,
        reason=body.reason,
        source=body.source,
        superseded_by=body.superseded_by,
        actor=viewer.actor,
        conflict_id=viewer.conflict,
    )
    return _latest(session, incident_id)


@router.post(
    "/incidents/{incident_id}/unpublication",
    status_code=201,
    summary="Take an incident out of public view (coordinators)",
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def unpublication_endpoint(
    session: SessionDep, viewer: CoordinatorUser, incident_id: IncidentId, body: Unpublication
) -> VersionRecord:
    """The incident leaves public lists, the API and exports; observers still see it."""
    unpublish_incident(
        session, incident_id, reason=body.reason, source=body.source, actor=viewer.actor, conflict_id=viewer.conflict
    )
    return _latest(session, incident_id)


# --- corrections of claims: the same, for one party's claim -----------------------------------

ClaimId = Annotated[str, Path(max_length=200, description="The claim's id: `<incident id>/claim-<n>`.")]


@router.post(
    "/claims/{claim_id:path}/corrections",
    status_code=201,
    summary="Correct a claim (observers, coordinators)",
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def claim_correction_endpoint(
    session: SessionDep, viewer: ObserverUser, claim_id: ClaimId, body: Correction
) -> VersionRecord:
    """A new version of the claim with the fields set (claimant, accused, assertion, stance,
    made_on, summary, breaks), validated as a new claim would be, with why and the source."""
    correct_claim(
        session,
        claim_id,
        {name: text_value(value) for name, value in body.set.items()},
        reason=body.reason,
        source=body.source,
        actor=viewer.actor,
        conflict_id=viewer.conflict,
    )
    return _latest(session, claim_id, "claim")


@router.post(
    "/claims/{claim_id:path}/retraction",
    status_code=201,
    summary="Retract a claim (coordinators)",
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def claim_retraction_endpoint(
    session: SessionDep, viewer: CoordinatorUser, claim_id: ClaimId, body: ClaimRetraction
) -> VersionRecord:
    """The claim stays in the record with its history, left out of compliance; public readers get
    its retraction notice."""
    retract_claim(
        session, claim_id, reason=body.reason, source=body.source, actor=viewer.actor, conflict_id=viewer.conflict
    )
    return _latest(session, claim_id, "claim")
