"""The shapes ``/api/v1/meetings``, ``/letters`` and ``/statements`` answer and accept."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from truceline.vocabulary import LetterKind, StatementKind
from truceline.web.api_models import IsoDate, PartyCode

SLUG = r"^[a-z0-9][a-z0-9._-]*$"
PARTY = r"^[A-Za-z][A-Za-z0-9_-]{1,15}$"
SOURCE = Field(pattern=r"^https?://\S+$", max_length=2000, description="The http(s) URL of the reporting.")


class SourceLink(BaseModel):
    """A source a record cites."""

    id: int
    url: str | None = Field(description="Its URL (null: a document held without one).")
    sha256: str
    publisher: str | None
    title: str | None
    published_on: str | None


class MeetingRecord(BaseModel):
    """A session of a border committee, a summit or another meeting."""

    id: str
    body: str
    title: str
    date_start: str
    date_end: str | None
    place_name: str
    chairs: list[str]
    observers: list[str]
    agenda: list[str]
    outcome: str
    agreement_id: str | None = Field(description="The agreement it produced.")
    commitment_ids: list[str] = Field(description="The commitments of that agreement.")
    planned: bool
    published: bool
    sources: list[SourceLink]


class LetterRecord(BaseModel):
    """A protest, a request for clarification, a notification."""

    id: str
    kind: str
    sender: PartyCode
    recipients: list[str]
    date: str | None
    date_precision: str
    subject: str
    summary: str
    incident_ids: list[str]
    sent: bool = Field(description="False: announced but not known to be sent.")
    published: bool
    sources: list[SourceLink]


class StatementRecord(BaseModel):
    """A party's public statement about incidents or agreements."""

    id: str
    speaker: PartyCode
    kind: str
    date: str
    summary: str
    incident_ids: list[str]
    agreement_ids: list[str]
    published: bool
    sources: list[SourceLink]


class NewMeeting(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=SLUG, max_length=120)
    body: str = Field(max_length=32, description="A body of the conflict, or `summit` or `other`.")
    title: str = Field(min_length=1, max_length=500)
    date_start: IsoDate
    date_end: IsoDate | None = None
    place_name: str = Field(min_length=1, max_length=200)
    chairs: list[str] = Field(default=[], max_length=50)
    observers: list[str] = Field(default=[], max_length=50)
    agenda: list[str] = Field(default=[], max_length=100)
    outcome: str = Field(default="", max_length=5000)
    agreement: str | None = Field(default=None, pattern=SLUG, max_length=120)
    source: str = SOURCE


class NewLetter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=SLUG, max_length=120)
    kind: LetterKind
    sender: str = Field(pattern=PARTY)
    recipients: list[str] = Field(min_length=1, max_length=50)
    date: IsoDate
    subject: str = Field(min_length=1, max_length=500)
    summary: str = Field(min_length=1, max_length=5000)
    incidents: list[str] = Field(default=[], max_length=200)
    sent: bool = True
    source: str = SOURCE


class NewStatement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=SLUG, max_length=120)
    speaker: str = Field(pattern=PARTY)
    kind: StatementKind
    date: IsoDate
    summary: str = Field(min_length=1, max_length=5000)
    incidents: list[str] = Field(default=[], max_length=200)
    agreements: list[str] = Field(default=[], max_length=50)
    source: str = SOURCE
