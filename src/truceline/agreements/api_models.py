"""The shapes ``/api/v1/agreements``, ``/provisions`` and ``/commitments`` answer with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from truceline.vocabulary import AgreementEventKind, CommitmentEventKind, CommitmentStatus
from truceline.web.api_models import IsoDate, PartyCode, Timestamp


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


#: a date, or a date-time with its UTC offset (checked again, with a clear message, by the service)
EVENT_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$"
SOURCE_DESCRIPTION = "The http(s) URL of the reporting the event comes from; kept as a source of the conflict."


class NewAgreementEvent(BaseModel):
    """A status event of an agreement, recorded after it was loaded."""

    model_config = ConfigDict(extra="forbid")

    kind: AgreementEventKind
    date: str = Field(
        pattern=EVENT_DATE_PATTERN,
        description="A date-time with its UTC offset, or a date: then the end of that day in the conflict's time zone.",
        examples=["2026-01-05", "2026-01-05T14:00:00+07:00"],
    )
    by: str | None = Field(
        default=None, pattern=r"^[A-Za-z][A-Za-z0-9_-]{1,15}$", description="The party that acted (its code)."
    )
    note: str = Field(default="", max_length=5000)
    source: str = Field(pattern=r"^https?://\S+$", max_length=2000, description=SOURCE_DESCRIPTION)
    superseded_by: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        max_length=120,
        description="For kind `superseded`: the agreement that replaces this one.",
    )


class RecordedAgreementEvent(AgreementEvent):
    """The event as stored, with its id and the sources it cites."""

    id: int
    agreement_id: str
    sources: list[str]


class NewCommitmentEvent(BaseModel):
    """A dated event of a commitment, recorded after it was loaded."""

    model_config = ConfigDict(extra="forbid")

    kind: CommitmentEventKind
    date: str = Field(
        pattern=EVENT_DATE_PATTERN,
        description="The day it happened (a date-time is read in the conflict's time zone).",
        examples=["2026-01-05"],
    )
    new_deadline: IsoDate | None = Field(default=None, description="For kind `deadline_changed`: the new deadline.")
    by: str | None = Field(
        default=None, pattern=r"^[A-Za-z][A-Za-z0-9_-]{1,15}$", description="The party that acted (its code)."
    )
    note: str = Field(default="", max_length=5000)
    source: str = Field(pattern=r"^https?://\S+$", max_length=2000, description=SOURCE_DESCRIPTION)


class RecordedCommitmentEvent(CommitmentEvent):
    """The event as stored, with its id and the sources it cites."""

    id: int
    commitment_id: str
    sources: list[str]
