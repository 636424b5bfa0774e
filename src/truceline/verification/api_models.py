"""The shape ``/api/v1/findings`` (and an incident's findings) answer with."""

from __future__ import annotations

from pydantic import BaseModel, Field

from truceline.vocabulary import FindingResult, FindingState
from truceline.web.api_models import PartyCode, Timestamp


class FindingRecord(BaseModel):
    """An observer's conclusion about an incident or a claim, and where it is in its workflow."""

    id: int
    incident_id: str | None
    claim_id: str | None
    result: FindingResult
    state: FindingState
    party: PartyCode | None = Field(description="The party the act is attributed to, if any.")
    reasoning: str
    evidence_ids: list[int]
    supersedes_id: int | None
    author: str
    created_at: Timestamp
    final_at: Timestamp | None
