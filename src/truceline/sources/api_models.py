"""The shapes ``/api/v1/sources``, ``/ingest`` and ``/review`` answer with."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from truceline.web.api_models import Figure, Page, PartyCode, Timestamp

#: a span of supporting words: ``[start, end]`` character offsets into the document's text
Span = Annotated[list[int], Field(min_length=2, max_length=2)]


class SourceRecord(BaseModel):
    """A source document, as cited: ``spans`` are the supporting words (empty outside a citation)."""

    id: int
    url: str | None
    sha256: str
    publisher: str | None
    title: str | None
    published_on: dt.date | None
    kind: str = Field(description="news, party_statement, joint_statement, observer_report, ...")
    spans: list[Span]


class SourceDetail(SourceRecord):
    """One source document, with its text when we hold it."""

    has_full_text: bool
    content: str | None = Field(description="The full text; null when only a reference is stored.")
    retrieved_at: Timestamp


class SourcePage(Page[SourceRecord]):
    """Source documents, newest first."""


class PlainPart(BaseModel):
    """Context around the supporting words."""

    text: str
    mark: Literal[False]


class MarkedPart(BaseModel):
    """Supporting words, with their ``start-end`` offsets."""

    text: str
    mark: Literal[True]
    span: str = Field(examples=["120-164"])


class Excerpt(BaseModel):
    """The supporting words of a source in context; ``clipped_*``: the text goes on."""

    start: int
    end: int
    clipped_start: bool
    clipped_end: bool
    parts: list[MarkedPart | PlainPart]


class CitedSource(SourceRecord):
    """A source cited by an incident, with the supporting words in context when we hold its text."""

    has_full_text: bool
    excerpts: list[Excerpt]


class Proposal(BaseModel):
    """What extraction proposes from a report: one record for a reviewer, with the supporting spans.

    Fields that do not apply to its ``type`` are null or empty.
    """

    id: str
    type: Literal["incident", "claim", "meeting", "agreement_ref", "letter", "statement"]
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
