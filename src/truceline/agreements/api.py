"""``/api/v1/agreements``, ``/provisions`` and ``/commitments``: what the parties promised."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from truceline.agreements.api_models import AgreementRecord, CommitmentRecord, ProvisionRow
from truceline.agreements.queries import agreement_records, commitment_records, get_agreement, list_agreements
from truceline.web.api_models import error_responses
from truceline.web.deps import ConflictDep, SessionDep

router = APIRouter(tags=["agreements"])

AtQuery = Annotated[dt.date | None, Query(description="Status as of this date (default today where the conflict is).")]


@router.get("/agreements", summary="Agreements with their provisions and status", responses=error_responses(422))
def agreements_endpoint(session: SessionDep, conflict: ConflictDep, at: AtQuery = None) -> list[AgreementRecord]:
    records = agreement_records(session, list_agreements(session, conflict.id), at=conflict.end_of(at))
    return [AgreementRecord.model_validate(r) for r in records]


@router.get("/agreements/{agreement_id}", summary="One agreement", responses=error_responses(404, 422))
def agreement_endpoint(
    session: SessionDep, conflict: ConflictDep, agreement_id: Annotated[str, Path(max_length=120)], at: AtQuery = None
) -> AgreementRecord:
    found = get_agreement(session, agreement_id, conflict.id)
    return AgreementRecord.model_validate(agreement_records(session, [found], at=conflict.end_of(at))[0])


@router.get("/provisions", summary="Every provision, as a checkable rule", responses=error_responses(422))
def provisions_endpoint(
    session: SessionDep,
    conflict: ConflictDep,
    agreement: Annotated[str | None, Query(max_length=120, description="Only this agreement's.")] = None,
    party: Annotated[str | None, Query(max_length=16, description="Only provisions binding this party.")] = None,
) -> list[ProvisionRow]:
    rows: list[dict[str, Any]] = []
    for record in agreement_records(session, list_agreements(session, conflict.id)):
        if agreement is not None and record["id"] != agreement:
            continue
        for provision in record["provisions"]:
            if party is None or party.upper() in provision["binds"]:
                rows.append(provision | {"agreement_id": record["id"], "agreement_status": record["status"]})
    return [ProvisionRow.model_validate(row) for row in rows]


@router.get("/commitments", summary="Commitments with deadlines and status", responses=error_responses(422))
def commitments_endpoint(session: SessionDep, conflict: ConflictDep, as_of: AtQuery = None) -> list[CommitmentRecord]:
    """Each commitment's status as of ``as_of``, derived from its deadline and dated events."""
    records = commitment_records(session, as_of or conflict.today(), conflict.id)
    return [CommitmentRecord.model_validate(r) for r in records]
