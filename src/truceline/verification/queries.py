"""Reading findings into their public shape (the command line, the API and the incident page)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.verification.models import Finding
from truceline.verification.workflow import FindingAction, allowed_actions


def finding_record(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "incident_id": finding.incident_id,
        "claim_id": finding.claim_id,
        "result": finding.result,
        "state": finding.state,
        "party": finding.party,
        "reasoning": finding.reasoning,
        "evidence_ids": finding.evidence_ids,
        "supersedes_id": finding.supersedes_id,
        "author": finding.author,
        "created_at": finding.created_at.isoformat(),
        "final_at": finding.final_at.isoformat() if finding.final_at else None,
    }


def finding_actions(state: str) -> list[str]:
    """The workflow actions an observer may take on a finding in ``state``."""
    return [a.value for a in allowed_actions(state) if a != FindingAction.CREATE]


def incident_findings(session: Session, incident_id: str, *, observer: bool) -> list[dict[str, Any]]:
    """The findings on an incident a reader may see: observers every finding, with the actions they
    may take next; everyone else the final ones."""
    findings = session.scalars(select(Finding).where(Finding.incident_id == incident_id).order_by(Finding.id))
    return [
        finding_record(f) | {"actions": finding_actions(f.state) if observer else []}
        for f in findings
        if observer or f.state == "final"
    ]
