"""Reading agreements, provisions and commitments into their public shape."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from truceline.agreements.models import Agreement, Commitment
from truceline.agreements.status import agreement_status
from truceline.compliance.commitments import commitment_status
from truceline.compliance.results import CommitmentAssessment
from truceline.compliance.services import commitment_record
from truceline.errors import NotFound
from truceline.incidents.queries import Visibility, sources_by_subject


def list_agreements(session: Session, conflict_id: str) -> list[Agreement]:
    return list(
        session.scalars(
            select(Agreement)
            .where(Agreement.conflict_id == conflict_id)
            .options(selectinload(Agreement.provisions), selectinload(Agreement.events))
            .order_by(Agreement.signed_on, Agreement.id)
        )
    )


def get_agreement(session: Session, agreement_id: str, conflict_id: str | None = None) -> Agreement:
    """One agreement (of ``conflict_id``, when given)."""
    agreement = session.get(Agreement, agreement_id)
    if agreement is None or (conflict_id is not None and agreement.conflict_id != conflict_id):
        raise NotFound(f"no agreement {agreement_id!r}")
    return agreement


def agreement_records(
    session: Session, agreements: list[Agreement], *, visibility: Visibility, at: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Agreements in their public shape, citing only the sources ``visibility`` lets the reader see
    (a party's unpublished report cited by an agreement stays hidden from everyone else)."""
    at = at or dt.datetime.now(dt.UTC)
    provision_sources = sources_by_subject(
        session, "provision", [p.id for a in agreements for p in a.provisions], visibility=visibility
    )
    agreement_sources = sources_by_subject(session, "agreement", [a.id for a in agreements], visibility=visibility)
    records = []
    for agreement in agreements:
        status = agreement_status(agreement.effective_from, agreement.events, at)
        records.append(
            {
                "id": agreement.id,
                "title": agreement.title,
                "kind": agreement.kind,
                "signed_on": agreement.signed_on.isoformat(),
                "signed_at": agreement.signed_at,
                "signatories": agreement.signatories,
                "witnesses": agreement.witnesses,
                "effective_from": agreement.effective_from.isoformat(),
                "status": status.label(),
                "summary": agreement.summary,
                "events": [
                    {
                        "date": e.date.isoformat(),
                        "kind": e.kind,
                        "by": e.by_party,
                        "superseded_by": e.superseded_by,
                        "note": e.note,
                    }
                    for e in sorted(agreement.events, key=lambda e: e.date)
                ],
                "provisions": [
                    {
                        "id": p.id,
                        "number": p.number,
                        "type": p.type,
                        "summary": p.summary,
                        "binds": p.binds,
                        "rule": p.rule,
                        "sources": [s["url"] for s in provision_sources.get(p.id, [])],
                    }
                    for p in agreement.provisions
                ],
                "sources": [s["url"] for s in agreement_sources.get(agreement.id, [])],
            }
        )
    return records


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
