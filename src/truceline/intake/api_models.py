"""The shapes ``/api/v1/ingest`` and ``/review`` answer with."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from truceline.sources.api_models import Span
from truceline.web.api_models import Figure, PartyCode


class PossibleDuplicate(BaseModel):
    """An incident already in the store that may record the event a proposed incident reports."""

    incident_id: str
    reason: str = Field(description="Why it may be the same: the date window, the place, the kind.")


class ProposalPhoto(BaseModel):
    sha256: str
    file_name: str


class Proposal(BaseModel):
    """What extraction proposes from a report: one record for a reviewer, with the supporting spans.

    Fields that do not apply to its ``type`` are null or empty.
    """

    id: str
    type: Literal["incident", "claim", "meeting", "agreement_ref", "letter", "statement", "agreement_status", "tally"]
    kind: str
    text: str
    spans: list[Span]
    rule: str = Field(description="The extraction rule that fired.")
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    place: str | None = Field(description="A gazetteer place id.")
    place_name: str | None
    lat: float | None
    lon: float | None
    location_precision: str | None
    parties: list[PartyCode]
    killed: Figure | None
    injured: Figure | None
    displaced: Figure | None
    weapons: list[str]
    planned: bool
    modality: str
    claimant: str | None
    accused: str | None
    about: str | None
    stance: str | None
    incident: str | None
    sender: str | None
    recipients: list[str]
    body: str | None
    speaker: str | None
    demands: list[str]
    agreement: str | None
    provisions: list[str]
    evidence: list[str] = Field(description="The rules that fired, one line each, with the words that made them fire.")
    possible_duplicates: list[PossibleDuplicate] = Field(
        default_factory=list,
        description="For an incident: incidents already in the store that may record the same event (same kind, "
        "dates within the window their precisions allow, the same or a nearby place). Never merged silently: "
        "accept with `attach_to` one of them, or with `force_new`.",
    )
    photos: list[ProposalPhoto] = Field(
        default_factory=list, description="Photos sent with a field report, by the SHA-256 the device computed."
    )


class Candidate(Proposal):
    """A proposal queued for review, with its review state."""

    review_id: int
    source_id: int
    status: str = Field(description="pending, accepted or rejected")
    decided_by: str | None
    reason: str | None
    result: str | None = Field(description="What accepting it made, e.g. `incident:2025-12-08-air_strike-3f2a`.")


class IngestedDocument(BaseModel):
    id: int | None = Field(description="The stored document; null on a dry run or when not the caller's to see.")
    sha256: str
    published: dt.date
    created: bool
    dry_run: bool


class IngestResult(BaseModel):
    """The stored report and what it proposes: queued candidates, or on a dry run bare proposals."""

    document: IngestedDocument
    candidates: list[Candidate | Proposal]


class Accepted(BaseModel):
    id: int
    status: Literal["accepted"]
    result: str = Field(description="What accepting made, e.g. `incident:2025-12-08-air_strike-3f2a`.")


class Rejected(BaseModel):
    id: int
    status: Literal["rejected"]
    reason: str
