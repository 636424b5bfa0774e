"""Commitments with their status as of a date, from the pure compliance engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from truceline.agreements.models import Commitment
from truceline.agreements.queries import list_commitments
from truceline.vocabulary import CommitmentEventKind


def commitment_records(session: Session, as_of: dt.date) -> list[dict[str, Any]]:
    """Each commitment with its deadline, events and derived status (``None`` without the engine)."""
    try:
        from truceline.compliance.evaluate import commitment_status
        from truceline.compliance.records import CommitmentEventRecord, CommitmentRecord
    except ImportError:
        commitment_status = None
    records = []
    for row in list_commitments(session):
        assessment: dict[str, Any] | None = None
        if commitment_status is not None:
            record = CommitmentRecord(
                id=row.id,
                agreement_id=row.agreement_id,
                title=row.title,
                responsible=tuple(row.responsible),
                deadline=row.deadline,
                events=tuple(
                    CommitmentEventRecord(
                        date=e.date,
                        kind=CommitmentEventKind(e.kind),
                        by=e.by_party,
                        new_deadline=e.new_deadline,
                        note=e.note,
                    )
                    for e in row.events
                ),
            )
            assessment = commitment_status(record, as_of).to_dict()
        records.append(_record(row, assessment))
    return records


def _record(row: Commitment, assessment: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": row.id,
        "agreement_id": row.agreement_id,
        "provision_id": row.provision_id,
        "title": row.title,
        "responsible": row.responsible,
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "status": assessment["status"] if assessment else None,
        "deadline_in_effect": assessment["deadline"] if assessment else None,
        "explanation": assessment["explanation"] if assessment else [],
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
