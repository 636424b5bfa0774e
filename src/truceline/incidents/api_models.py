"""The shapes ``/api/v1/incidents`` answer with: the incident record every output shares, and one
incident in full."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from truceline.compliance.api_models import ViolationRecord
from truceline.sources.api_models import CitedSource, SourceRecord
from truceline.verification.api_models import FindingRecord
from truceline.versions.api_models import VersionRecord
from truceline.web.api_models import Figure, Page, PartyCode


class CasualtyFigure(BaseModel):
    """One reported figure: a category, for one side and population, as low/best/high."""

    category: str = Field(description="killed or injured")
    side: str
    population: str = Field(description="civilian, military or unknown")
    low: int | None
    best: int | None
    high: int | None


class ClaimRecord(BaseModel):
    """What one party says about an incident, with the sources that report it."""

    id: str
    incident_id: str
    claimant: PartyCode
    accused: PartyCode | None
    assertion: str
    stance: str = Field(description="accuses or denies")
    made_on: dt.date
    summary: str
    breaks: list[str] = Field(
        default=[], description="What the claimant says was broken: `<agreement id>[/<provision number>]`."
    )
    sources: list[SourceRecord]


class IncidentRecord(BaseModel):
    """An incident as every output shows it (the API, the CLI's ``--json``, the exports)."""

    id: str
    kind: str
    modality: str
    date_start: dt.date
    date_end: dt.date
    date_precision: str
    place: str | None = Field(description="The gazetteer place's name, else the name as reported.")
    place_id: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    location_precision: str
    side: str
    weapons: list[str]
    actors: list[str]
    killed: Figure = Field(description="Totals across sides and populations; unknown bounds are null.")
    injured: Figure
    casualties: list[CasualtyFigure]
    displaced: Figure | None
    description: str
    published: bool
    sources: list[SourceRecord]
    claims: list[ClaimRecord]


class IncidentPage(Page[IncidentRecord]):
    """Incidents, oldest first."""


class IncidentFinding(FindingRecord):
    actions: list[str] = Field(description="What the caller may do with the finding next (observers).")


class EvidenceRecord(BaseModel):
    """A file of evidence (its content is not served here)."""

    id: int
    sha256: str
    file_name: str
    media_type: str
    size: int
    description: str
    restricted: bool


class IncidentDetail(IncidentRecord):
    conflict: str = Field(description="The conflict the incident belongs to.")
    """One incident in full: sources with the supporting words, findings, evidence, violations."""

    sources: list[CitedSource]  # type: ignore[assignment]
    findings: list[IncidentFinding]
    evidence: list[EvidenceRecord]
    violations: list[ViolationRecord]
    retracted: bool = Field(default=False, description="Retracted: observers still read it; the public gets 410.")
    superseded_by: str | None = Field(default=None, description="The incident that records the same event instead.")
    history: list[VersionRecord] = Field(default=[], description="Every version, oldest first.")
