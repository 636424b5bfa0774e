"""The shapes ``/api/v1/agreements``, ``/provisions`` and ``/commitments`` answer with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from truceline.vocabulary import CommitmentStatus
from truceline.web.api_models import PartyCode, Timestamp


class AgreementEvent(BaseModel):
    """Signed, in force, suspended, resumed, superseded, terminated, reaffirmed."""

    date: Timestamp
    kind: str
    by: PartyCode | None
    superseded_by: str | None
    note: str


class ProvisionRecord(BaseModel):
    """One provision, with the rule the compliance engine checks."""

    id: str
    number: str
    type: str = Field(description="prohibition or obligation")
    summary: str
    binds: list[PartyCode]
    rule: dict[str, Any] = Field(description="The checkable rule: when it is in force, what it forbids or requires.")
    sources: list[str | None] = Field(description="The URLs of the sources (null: a source without one).")


class AgreementRecord(BaseModel):
    """An agreement with its events, provisions and status."""

    id: str
    title: str
    kind: str
    signed_on: dt.date
    signed_at: str | None
    signatories: list[PartyCode]
    witnesses: list[str]
    effective_from: Timestamp
    status: str = Field(description="The status as of the date asked for, e.g. `in force`.")
    summary: str
    events: list[AgreementEvent]
    provisions: list[ProvisionRecord]
    sources: list[str | None]


class ProvisionRow(ProvisionRecord):
    """A provision with its agreement's id and status."""

    agreement_id: str
    agreement_status: str


class CommitmentEvent(BaseModel):
    date: dt.date
    kind: str
    by: PartyCode | None
    new_deadline: dt.date | None
    note: str


class CommitmentRecord(BaseModel):
    """A commitment with its deadline, its events and its status as of the date asked for."""

    id: str
    agreement_id: str
    provision_id: str | None
    title: str
    responsible: list[PartyCode]
    deadline: dt.date | None
    status: CommitmentStatus
    deadline_in_effect: dt.date | None
    explanation: list[str]
    events: list[CommitmentEvent]
