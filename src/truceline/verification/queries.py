"""Reading findings into their public shape (the command line, the API and the incident page)."""

from __future__ import annotations

from typing import Any

from truceline.verification.models import Finding


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
