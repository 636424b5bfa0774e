"""The schema of a casebook: plain YAML files of real, sourced records.

A casebook is a folder with these files (each a YAML mapping with one top-level list):

- ``casebook.yaml``   id, title, description, region bounding box
- ``sources.yaml``    ``sources:``    every URL cited, with publisher, title, published date
- ``parties.yaml``    ``parties:``    states, forces, mediators, observers
- ``places.yaml``     ``places:``     the gazetteer: temples, checkpoints, villages, towns
- ``zones.yaml``      ``zones:``      named geometries (a buffer along the border, a site area)
- ``agreements.yaml`` ``agreements:`` agreements with their provisions (rules) and status events
- ``commitments.yaml`` ``commitments:`` deliverables with deadlines and dated status events
- ``incidents.yaml``  ``incidents:``  incidents with casualty figures and the parties' claims
- ``meetings.yaml``   ``meetings:``   border committee sessions
- ``letters.yaml``    ``letters:``    protests and requests for clarification

Every fact carries ``sources``: a list of URLs that must each appear in ``sources.yaml``.
Validation errors name the file, the record and the field (see ``loader.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from truceline.vocabulary import (
    AgreementEventKind,
    AgreementKind,
    CasualtyCategory,
    ClaimAssertion,
    ClaimStance,
    CommitmentEventKind,
    DatePrecision,
    IncidentKind,
    LetterKind,
    LocationPrecision,
    MeetingBody,
    Modality,
    OnSuspension,
    Population,
    ProvisionType,
    Side,
    SourceKind,
)

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=120)]
PartyCode = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_-]{1,15}$")]
#: a web address, or ``urn:sha256:<hex>`` naming a stored source document by its content hash
Url = Annotated[str, Field(pattern=r"^(https?://\S+|urn:sha256:[0-9a-f]{64})$", max_length=2000)]
Sources = Annotated[list[Url], Field(min_length=1)]
#: what a claim says was broken: ``<agreement id>`` or ``<agreement id>/<provision number>``
BreakRef = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*(/\S.*)?$", max_length=300)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRef(Record):
    url: Url
    publisher: str
    title: str
    published: dt.date | None = None
    kind: SourceKind = SourceKind.NEWS
    language: str = "en"


class Party(Record):
    code: PartyCode
    name: str
    kind: Literal["state", "armed_force", "mediator", "witness", "observer", "treaty_body", "other"]
    #: for forces and ministries, the state they belong to
    belongs_to: PartyCode | None = None
    #: bound by agreements (TH, KH) or a third party (mediator, witness, observer)
    is_principal: bool = False
    sources: list[Url] = []


class Place(Record):
    id: Slug
    name: str
    alt_names: list[str] = []  # other spellings, Thai and Khmer names
    kind: Literal["temple", "checkpoint", "village", "town", "district", "province", "hill", "area", "base", "other"]
    country: Literal["TH", "KH", "disputed"]
    admin1: str | None = None  # province
    admin2: str | None = None  # district
    lat: float | None = None
    lon: float | None = None
    #: how exact lat/lon is; a place whose point cannot be sourced has none and a coarse precision
    location_precision: LocationPrecision
    sources: Sources

    @model_validator(mode="after")
    def _point_is_whole(self) -> Place:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        return self


class Zone(Record):
    id: Slug
    name: str
    #: border_buffer: a band of ``width_km`` each side of the border line;
    #: site_area: a disc of ``radius_km`` around a gazetteer place
    kind: Literal["border_buffer", "site_area"]
    width_km: float | None = Field(default=None, gt=0, le=200)
    place: Slug | None = None
    radius_km: float | None = Field(default=None, gt=0, le=200)
    sources: list[Url] = []

    @model_validator(mode="after")
    def _shape_is_complete(self) -> Zone:
        if self.kind == "border_buffer" and self.width_km is None:
            raise ValueError("a border_buffer zone needs width_km")
        if self.kind == "site_area" and (self.place is None or self.radius_km is None):
            raise ValueError("a site_area zone needs place and radius_km")
        return self


class Forbids(Record):
    """What a prohibition forbids: incidents of these kinds, optionally within a zone."""

    kinds: Annotated[list[IncidentKind], Field(min_length=1)]
    zone: Slug | None = None
    #: only acts carried out count by default; include declared acts (threats) if true
    include_declared: bool = False


class Requires(Record):
    """What an obligation requires: an action, optionally by a deadline."""

    action: str
    deadline: dt.date | None = None
    #: the commitment (commitments.yaml) that tracks this obligation, if any
    commitment: Slug | None = None


def _needs_offset(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("a time needs its UTC offset, e.g. 2025-07-29T00:00:00+07:00")
    return value


AwareDateTime = Annotated[dt.datetime, AfterValidator(_needs_offset)]


class InForce(Record):
    """When a provision is in force. ``from_`` defaults to the agreement's effective time."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: AwareDateTime | None = Field(default=None, alias="from")
    until: AwareDateTime | None = None
    on_suspension: OnSuspension = OnSuspension.CONTINUES


class Provision(Record):
    number: str  # as numbered in the agreement: "1", "3.2", "Art. 1(1)(a)"
    summary: str  # our own words
    type: ProvisionType
    binds: Annotated[list[PartyCode], Field(min_length=1)]
    forbids: Forbids | None = None
    requires: Requires | None = None
    in_force: InForce = InForce()
    sources: Sources

    @model_validator(mode="after")
    def _rule_matches_type(self) -> Provision:
        if self.type == ProvisionType.PROHIBITION and self.forbids is None:
            raise ValueError("a prohibition needs 'forbids'")
        if self.type == ProvisionType.OBLIGATION and self.requires is None:
            raise ValueError("an obligation needs 'requires'")
        return self


class AgreementEvent(Record):
    date: AwareDateTime
    kind: AgreementEventKind
    by: PartyCode | None = None  # the party that suspended, resumed, ...
    superseded_by: Slug | None = None
    note: str = ""
    sources: Sources


class Agreement(Record):
    id: Slug
    title: str
    kind: AgreementKind
    signed_on: dt.date
    signed_at: str | None = None  # place of signature
    signatories: list[PartyCode]
    witnesses: list[PartyCode] = []
    #: when its obligations start, with its UTC offset (e.g. midnight local time, +07:00)
    effective_from: AwareDateTime
    summary: str
    #: regular expressions (case-insensitive) by which news reports name this agreement,
    #: e.g. "Kuala Lumpur (?:Peace )?Accords?"; ingest uses them to link reports to it
    aliases: list[str] = []
    provisions: list[Provision] = []
    events: list[AgreementEvent] = []
    sources: Sources

    @field_validator("aliases")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"alias {pattern!r} is not a valid regular expression: {exc}") from None
        return value


class CommitmentEvent(Record):
    date: dt.date
    kind: CommitmentEventKind
    by: PartyCode | None = None
    new_deadline: dt.date | None = None
    note: str = ""
    sources: Sources


class Commitment(Record):
    id: Slug
    agreement: Slug
    provision: str | None = None  # the provision number within the agreement
    title: str
    responsible: list[PartyCode]
    deadline: dt.date | None = None
    events: list[CommitmentEvent] = []
    sources: Sources


class Range(Record):
    """A figure as low/best/high. Unknown bounds stay None: never invent precision."""

    low: int | None = Field(default=None, ge=0)
    best: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        values = [v for v in (self.low, self.best, self.high) if v is not None]
        if not values:
            raise ValueError("a figure needs at least one of low, best, high")
        if values != sorted(values):
            raise ValueError("a figure must satisfy low <= best <= high")
        return self


class Casualties(Range):
    category: CasualtyCategory
    side: Literal["TH", "KH", "unknown"] = "unknown"
    population: Population = Population.UNKNOWN
    sources: Sources


class Displacement(Range):
    side: Literal["TH", "KH", "both", "unknown"] = "unknown"
    sources: Sources


class Claim(Record):
    claimant: PartyCode  # who asserts (TH, KH, or an official body of theirs)
    accused: PartyCode | None = None  # whom it attributes the act to
    assertion: ClaimAssertion
    stance: ClaimStance
    date: dt.date  # when the claim was made
    summary: str  # our own words
    sources: Sources
    #: the agreements or provisions the claimant says were broken (``<agreement id>`` or
    #: ``<agreement id>/<provision number>``); the loader checks that each exists
    breaks: list[BreakRef] = []

    @model_serializer(mode="wrap")
    def _without_empty_breaks(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # a claim naming nothing dumps as before ``breaks`` existed, so the fingerprints of
        # casebook records loaded earlier still match and reloading changes nothing
        data: dict[str, object] = handler(self)
        if not self.breaks:
            data.pop("breaks", None)
        return data


class Incident(Record):
    id: Slug
    kind: IncidentKind
    modality: Modality = Modality.CARRIED_OUT
    date_start: dt.date
    date_end: dt.date
    date_precision: DatePrecision
    #: a gazetteer place id, or None with a free-text place_name
    place: Slug | None = None
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_precision: LocationPrecision
    side: Side = Side.UNDETERMINED
    weapons: list[str] = []
    actors: list[str] = []  # party codes or named units
    casualties: list[Casualties] = []
    displaced: Displacement | None = None
    description: str  # neutral, our own words
    claims: list[Claim] = []
    sources: Sources

    @model_validator(mode="after")
    def _consistent(self) -> Incident:
        if self.date_end < self.date_start:
            raise ValueError("date_end is before date_start")
        if self.place is None and not self.place_name:
            raise ValueError("an incident needs a place (gazetteer id) or a place_name")
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        return self


class Meeting(Record):
    id: Slug
    body: MeetingBody
    title: str
    date_start: dt.date
    date_end: dt.date | None = None
    place_name: str
    chairs: list[str] = []
    observers: list[str] = []
    agenda: list[str] = []
    outcome: str = ""
    agreement: Slug | None = None  # the agreement it produced
    sources: Sources


class Letter(Record):
    id: Slug
    kind: LetterKind
    sender: PartyCode
    recipients: list[str]
    date: dt.date | None = None
    date_precision: DatePrecision = DatePrecision.DAY
    subject: str
    summary: str
    incidents: list[Slug] = []
    sent: bool = True  # False: announced but not known to be sent
    sources: Sources


class CasebookInfo(Record):
    id: Slug
    title: str
    description: str
    #: lon/lat bounding box of the region; coordinates outside it are rejected
    bbox: tuple[float, float, float, float]
