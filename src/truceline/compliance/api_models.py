"""The shapes ``/api/v1/compliance`` (and an incident's violations) answer with."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from truceline.agreements.api_models import CommitmentRecord
from truceline.vocabulary import ViolationStatus
from truceline.web.api_models import PartyCode


class ViolationRecord(BaseModel):
    """An incident that breaks a provision, attributed to a party, with the chain of reasons."""

    incident_id: str
    incident_date: dt.date | None
    provision_id: str
    agreement_id: str
    party: PartyCode
    status: ViolationStatus
    explanation: list[str] = Field(description="The reasons, one sentence each, in reading order.")
    claim_ids: list[str] = Field(description="The claims that attribute the incident to the party.")
    counter_claim_ids: list[str] = Field(description="The accused party's counter-claims.")
    finding_ids: list[str] = Field(description="The final findings that bear on this violation.")
    undetermined: list[str] = Field(description='Facts the engine could not decide, e.g. `"place"`.')


class StatusCounts(BaseModel):
    alleged: int
    disputed: int
    confirmed: int
    not_substantiated: int


class MatrixCell(BaseModel):
    """How many violations of one provision by one party, by status."""

    provision_id: str
    party: PartyCode
    counts: StatusCounts
    total: int


class ComplianceReport(BaseModel):
    """Every violation as of a date, counted by provision × party × status, and the commitments."""

    as_of: dt.date
    violations: list[ViolationRecord]
    matrix: list[MatrixCell]
    commitments: list[CommitmentRecord]
