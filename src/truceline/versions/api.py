"""``/api/v1/{kind}/{id}/history`` and the corrections, retractions and unpublications of incidents."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path
from sqlalchemy.orm import Session

from truceline.incidents.corrections import correct_incident, retract_incident, unpublish_incident
from truceline.versions.api_models import Correction, Retraction, Unpublication, VersionRecord
from truceline.versions.queries import visible_history
from truceline.versions.services import history
from truceline.web.api_models import error_responses
from truceline.web.deps import CoordinatorUser, CurrentUser, ObserverUser, SessionDep

router = APIRouter(tags=["history"])


class RecordKind(StrEnum):
    incidents = "incidents"
    claims = "claims"
    sources = "sources"
    agreements = "agreements"
    provisions = "provisions"
    commitments = "commitments"


def _latest(session: Session, incident_id: str) -> VersionRecord:
    return VersionRecord.model_validate(history(session, "incident", incident_id)[-1])


def text_value(value: object) -> str:
    """A JSON value of a correction as the text the CLI would take."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


@router.get(
    "/{kind}/{record_id:path}/history",
    summary="Every version of a record",
    responses=error_responses(401, 404, 410, 422),
)
def history_endpoint(
    session: SessionDep,
    viewer: CurrentUser,
    kind: RecordKind,
    record_id: Annotated[str, Path(max_length=300)],
) -> list[VersionRecord]:
    """Oldest first: each version's change, who, when, why, source, the signed ledger entry and the
    fields that changed. A retracted record read by the public answers 410 with its notice."""
    versions = visible_history(session, kind.value.removesuffix("s"), record_id, viewer.visibility)
    return [VersionRecord.model_validate(v) for v in versions]


IncidentId = Annotated[str, Path(max_length=120)]


@router.post(
    "/incidents/{incident_id}/corrections",
    status_code=201,
    summary="Correct an incident (observers, coordinators)",
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def correction_endpoint(
    session: SessionDep, viewer: ObserverUser, incident_id: IncidentId, body: Correction
) -> VersionRecord:
    """A new version of the incident with the fields set, validated as a new incident would be
    (dates between 1900 and tomorrow, a known place …), with why and the source."""
    correct_incident(
        session,
        incident_id,
        {name: text_value(value) for name, value in body.set.items()},
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
