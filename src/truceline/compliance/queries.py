"""Reading commitments into their public shape: each with its deadline, its events and its status
as of a day (the status is the compliance engine's, ``compliance.commitments``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from truceline.agreements.models import Commitment
from truceline.compliance.commitments import commitment_status
from truceline.compliance.results import CommitmentAssessment
from truceline.compliance.services import commitment_record


def list_commitments(session: Session, conflict_id: str) -> list[Commitment]:
    return list(
        session.scalars(
            select(Commitment)
            .where(Commitment.conflict_id == conflict_id)
            .options(selectinload(Commitment.events))
            .order_by(Commitment.id)
        )
    )


def commitment_records(session: Session, as_of: dt.date, conflict_id: str) -> list[dict[str, Any]]:
    """Each commitment of a conflict with its deadline, its events and its status as of ``as_of``."""
    return [
        _commitment(row, commitment_status(commitment_record(row), as_of))
        for row in list_commitments(session, conflict_id)
    ]


def _commitment(row: Commitment, assessment: CommitmentAssessment) -> dict[str, Any]:
    return {
        "id": row.id,
        "agreement_id": row.agreement_id,
        "provision_id": row.provision_id,
        "title": row.title,
        "responsible": row.responsible,
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "status": str(assessment.status),
        "deadline_in_effect": assessment.deadline.isoformat() if assessment.deadline else None,
        "explanation": list(assessment.explanation),
        "events": [
            {
                "date": e.date.isoformat(),
                "kind": e.kind,
                "by": e.by_party,
                "new_deadline": e.new_deadline.isoformat() if e.new_deadline else None,
                "note": e.note,
            }
            for e in row.events
        ],
    }
