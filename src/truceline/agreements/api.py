"""``/api/v1/agreements`` and ``/provisions``: what the parties promised; and the events of agreements
and commitments (the commitments with their status: ``truceline.compliance.api``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from truceline.agreements.api_models import (
    AgreementRecord,
    NewAgreementEvent,
    NewCommitmentEvent,
    ProvisionRow,
    RecordedAgreementEvent,
    RecordedCommitmentEvent,
)
from truceline.agreements.events import (
    agreement_event_record,
    commitment_event_record,
    record_agreement_status,
    record_commitment_progress,
)
from truceline.agreements.queries import agreement_records, get_agreement, list_agreements
from truceline.auth.deps import ConflictDep, CurrentUser, ObserverUser
from truceline.web.api_models import IsoDate, error_responses
from truceline.web.deps import SessionDep

router = APIRouter(tags=["agreements"])

AtQuery = Annotated[IsoDate | None, Query(description="Status as of this date (default today where the conflict is).")]


@router.get("/agreements", summary="Agreements with their provisions and status", responses=error_responses(422))
def agreements_endpoint(
    session: SessionDep, viewer: CurrentUser, conflict: ConflictDep, at: AtQuery = None
) -> list[AgreementRecord]:
    records = agreement_records(
        session, list_agreements(session, conflict.id), visibility=viewer.visibility, at=conflict.end_of(at)
    )
    return [AgreementRecord.model_validate(r) for r in records]


@router.get("/agreements/{agreement_id}", summary="One agreement", responses=error_responses(404, 422))
def agreement_endpoint(
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    agreement_id: Annotated[str, Path(max_length=120)],
    at: AtQuery = None,
) -> AgreementRecord:
    found = get_agreement(session, agreement_id, conflict.id)
    return AgreementRecord.model_validate(
        agreement_records(session, [found], visibility=viewer.visibility, at=conflict.end_of(at))[0]
    )


@router.get("/provisions", summary="Every provision, as a checkable rule", responses=error_responses(422))
def provisions_endpoint(
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    agreement: Annotated[str | None, Query(max_length=120, description="Only this agreement's.")] = None,
    party: Annotated[str | None, Query(max_length=16, description="Only provisions binding this party.")] = None,
) -> list[ProvisionRow]:
    rows: list[dict[str, Any]] = []
    for record in agreement_records(session, list_agreements(session, conflict.id), visibility=viewer.visibility):
        if agreement is not None and record["id"] != agreement:
            continue
        for provision in record["provisions"]:
            if party is None or party.upper() in provision["binds"]:
                rows.append(provision | {"agreement_id": record["id"], "agreement_status": record["status"]})
    return [ProvisionRow.model_validate(row) for row in rows]


@router.post(
    "/agreements/{agreement_id}/events",
    status_code=201,
    summary="Record a status event of an agreement (observers, coordinators)",
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def agreement_event_endpoint(
    session: SessionDep,
    viewer: ObserverUser,
    conflict: ConflictDep,
    agreement_id: Annotated[str, Path(max_length=120)],
    body: NewAgreementEvent,
) -> RecordedAgreementEvent:
    """Signed, in force, suspended, resumed, superseded, terminated or reaffirmed, by a party of the
    conflict, at a date; it cites its source and changes compliance results from its date on."""
    row = record_agreement_status(
        session,
        agreement_id,
        conflict=conflict,
        kind=body.kind.value,
        date=body.date,
        source=body.source,
        actor=viewer.actor,
        by=body.by,
        note=body.note,
        superseded_by=body.superseded_by,
    )
    return RecordedAgreementEvent.model_validate(agreement_event_record(row))


@router.post(
    "/commitments/{commitment_id}/events",
    status_code=201,
    summary="Record an event of a commitment (observers, coordinators)",
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def commitment_event_endpoint(
    session: SessionDep,
    viewer: ObserverUser,
    conflict: ConflictDep,
    commitment_id: Annotated[str, Path(max_length=120)],
    body: NewCommitmentEvent,
) -> RecordedCommitmentEvent:
    """Met, partial, started, deadline changed (with the new deadline), suspended, resumed or
    cancelled; it cites its source and changes the commitment's status from its date on."""
    row = record_commitment_progress(
        session,
        commitment_id,
        conflict=conflict,
        kind=body.kind.value,
        date=body.date,
        source=body.source,
        actor=viewer.actor,
        by=body.by,
        note=body.note,
        new_deadline=body.new_deadline.isoformat() if body.new_deadline else None,
    )
    return RecordedCommitmentEvent.model_validate(commitment_event_record(row))
