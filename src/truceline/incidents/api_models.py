"""The shapes ``/api/v1/incidents`` and ``/tallies`` answer with: the incident record every output
shares (one incident in full is ``truceline.publish.api_models.IncidentDetail``)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from truceline.sources.api_models import SourceRecord
from truceline.versions.api_models import FieldValue
from truceline.vocabulary import CasualtyCategory, Population
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
    place_country: str | None = Field(default=None, description="The gazetteer place's country (or `disputed`).")
    lat: float | None
    lon: float | None
    location_precision: str
    side: str
    weapons: list[str]
    actors: list[str]
    killed: Figure = Field(description="Totals across sides and populations; unknown bounds are null.")
    injured: Figure
    killed_text: str = Field(
        description="The killed figure in words: `3`, `2–4 (best 3)`, `at least 37`, `none`, `unknown`."
    )
    injured_text: str = Field(description="The injured figure in words (never added to the killed).")
    casualties: list[CasualtyFigure]
    displaced: Figure | None
    description: str
    published: bool
    sources: list[SourceRecord]
    claims: list[ClaimRecord]
    last_changed: dt.datetime | None = Field(default=None, description="When the record last changed (UTC).")


class IncidentPage(Page[IncidentRecord]):
    """Incidents, oldest first."""


class EvidenceRecord(BaseModel):
    """A file of evidence (its content is not served here)."""

    id: int
    sha256: str
    file_name: str
    media_type: str
    size: int
    description: str
    restricted: bool


class TallyCategory(BaseModel):
    name: str
    count: int


class TallyRecord(BaseModel):
    """A count one body published: who counted, what, against whom, over which period, as of which date."""

    id: str
    counted_by: PartyCode
    subject: str
    alleged_against: PartyCode | None
    agreement_id: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    as_of: dt.date
    total: Figure
    categories: list[TallyCategory]
    note: str
    sources: list[SourceRecord]


class FigureValue(BaseModel):
    """A casualty figure a correction sets: the figure of ``category`` for ``side`` and
    ``population`` becomes low/best/high (added if the incident has none); low, best and high all
    null removes it."""

    model_config = ConfigDict(extra="forbid")

    category: CasualtyCategory
    side: str = Field(default="unknown", max_length=16, description="A principal party's code, or unknown.")
    population: Population = Population.UNKNOWN
    low: int | None = Field(default=None, ge=0, le=999_999_999)
    best: int | None = Field(default=None, ge=0, le=999_999_999)
    high: int | None = Field(default=None, ge=0, le=999_999_999)


class IncidentCorrection(BaseModel):
    """Fields and casualty figures to correct, why, and the reporting the correction rests on."""

    model_config = ConfigDict(extra="forbid")

    set: dict[str, FieldValue] = Field(
        default={}, max_length=30, description="FIELD → new value (the fields of `truceline incidents correct`)."
    )
    figures: list[FigureValue] = Field(
        default=[], max_length=30, description="Casualty figures to set, add or (low, best, high all null) remove."
    )
    reason: str = Field(min_length=1, max_length=2000)
    source: str = Field(max_length=2000, description="The http(s) URL of the reporting.")


class ClaimRetraction(BaseModel):
    """Why a claim is retracted (the party withdrew it, it was recorded in error), and on what reporting."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)
    source: str | None = Field(default=None, max_length=2000)
