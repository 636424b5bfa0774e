"""The records of a conflict, as a casebook writes them and as the services take them.

A casebook is one conflict: a folder with these files (each a YAML mapping with one top-level list,
except ``casebook.yaml``):

- ``casebook.yaml``   the conflict: id, title, region box, time zone, languages, meeting bodies
- ``sources.yaml``    ``sources:``    every URL cited, with publisher, title, published date
- ``parties.yaml``    ``parties:``    states, forces, armed groups, mediators, observers — with their
  names in each script, their ACLED/UCDP names and the words reports use for them
- ``mentions.yaml``   ``mentions:``   more words reports use for actors (officials, third parties)
- ``places.yaml``     ``places:``     the gazetteer: temples, checkpoints, villages, towns
- ``lines.yaml``      ``lines:`` and ``territories:`` the lines that matter (border, line of control,
  withdrawal line, river), each party's own version where they differ, and the parties' territory
- ``zones.yaml``      ``zones:``      named geometries (a band along a line, a site area, an area)
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
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
    Modality,
    OnSuspension,
    Population,
    ProvisionType,
    SourceKind,
    StatementKind,
)

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=120)]
PartyCode = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_-]{1,15}$")]
#: a web address, or ``urn:sha256:<hex>`` naming a stored source document by its content hash
Url = Annotated[str, Field(pattern=r"^(https?://\S+|urn:sha256:[0-9a-f]{64})$", max_length=2000)]
Sources = Annotated[list[Url], Field(min_length=1)]
#: what a claim says was broken: ``<agreement id>`` or ``<agreement id>/<provision number>``
BreakRef = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*(/\S.*)?$", max_length=300)]

#: the earliest date a record may carry; the latest is tomorrow (UTC), so a day ahead anywhere is fine
EARLIEST_DATE = dt.date(1900, 1, 1)


def latest_date() -> dt.date:
    """Tomorrow in UTC: nothing that happened can be dated later, whatever its time zone."""
    return dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)


def check_sane_date(value: dt.date) -> dt.date:
    """Refuse a date before 1900-01-01 or after tomorrow (a typo such as 9999-12-31), naming it."""
    latest = latest_date()
    if value < EARLIEST_DATE:
        raise ValueError(f"date {value.isoformat()} is before {EARLIEST_DATE.isoformat()}")
    if value > latest:
        raise ValueError(f"date {value.isoformat()} is in the future (after {latest.isoformat()})")
    return value


#: a date something happened on: between 1900-01-01 and tomorrow
EventDate = Annotated[dt.date, AfterValidator(check_sane_date)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRef(Record):
    url: Url
    publisher: str
    title: str
    published: dt.date | None = None
    kind: SourceKind = SourceKind.NEWS
    language: str = "en"


MentionKind = Literal["country", "state", "force", "ministry", "official", "spokesperson", "region", "body", "none"]


class Mention(Record):
    """Words by which reports name an actor: a regular expression and the party it stands for.

    In ``parties.yaml`` a mention belongs to its party; in ``mentions.yaml`` it names its
    ``code`` (empty for words that name both sides at once and must not count as either).
    Where two mentions match at the same place, the longer wins, then the one listed first.
    """

    pattern: str
    label: str
    kind: MentionKind = "state"
    code: str | None = None
    case_sensitive: bool = True

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"pattern {value!r} is not a valid regular expression: {exc}") from None
        return value


class Country(Record):
    """A state's codes, as event datasets write them."""

    iso2: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    iso3: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    numeric: Annotated[int, Field(ge=1, le=999)]
    #: the country's name as ACLED and UCDP write it
    name: str
    #: other names data sets use for it
    also_known_as: list[str] = []


class UcdpActor(Record):
    name: str
    id: int | None = None


class Party(Record):
    code: PartyCode
    name: str
    #: a short name for tables and maps ("Norway" for "Kingdom of Norway")
    short_name: str | None = None
    #: the name in other languages and scripts, by language code (``th``, ``km``, ``he``, ``ar`` …)
    names: dict[str, str] = {}
    kind: Literal["state", "armed_force", "armed_group", "mediator", "witness", "observer", "treaty_body", "other"]
    #: for forces and ministries, the state they belong to
    belongs_to: PartyCode | None = None
    #: for a non-state armed group, the state party that answers for it under the agreements
    answered_for_by: PartyCode | None = None
    #: bound by agreements, or a third party (mediator, witness, observer)
    is_principal: bool = False
    country: Country | None = None
    #: ACLED actor names for this party; the first is written on export
    acled_actors: list[str] = []
    ucdp: UcdpActor | None = None
    mentions: list[Mention] = []
    sources: list[Url] = []

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


#: place kinds every conflict has; a casebook may add its own (``place_kinds`` in casebook.yaml)
BASE_PLACE_KINDS = ("village", "town", "city", "district", "province", "area", "hill", "base", "checkpoint", "other")
#: a place, incident or figure not on one party's side
DISPUTED = "disputed"
UNDETERMINED = "undetermined"
UNKNOWN = "unknown"


class Place(Record):
    id: Slug
    name: str
    alt_names: list[str] = []  # other spellings and scripts
    #: names by language code, where the sources give them (``th``, ``km``, ``he``, ``ar`` …)
    names: dict[str, str] = {}
    kind: Slug
    #: the principal party in whose territory it lies, or ``disputed``
    country: str
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


class GeometryRef(Record):
    """A feature of a GeoJSON file of the casebook, by the feature's ``id``."""

    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*\.geojson$")]
    feature: str


LineKind = Literal["international_border", "line_of_control", "withdrawal_line", "ceasefire_line", "river", "other"]


class Line(Record):
    """A line that matters to the agreements: a border, a line of control, a withdrawal line, a river."""

    id: Slug
    name: str
    kind: LineKind
    geometry: GeometryRef
    #: a party code when this is that party's own version of a line the parties draw differently
    version_of: PartyCode | None = None
    #: the line this is a version of (its id), when ``version_of`` is given
    variant_of: Slug | None = None
    #: half-width (km) of the band around the line where the side of a point is not decided
    tolerance_km: float = Field(default=2.0, ge=0, le=100)
    #: how the geometry was made, its error and its limits
    note: str = ""
    sources: Sources

    @model_validator(mode="after")
    def _version_is_whole(self) -> Line:
        if (self.version_of is None) != (self.variant_of is None):
            raise ValueError("version_of and variant_of go together")
        return self


class Territory(Record):
    """The area a party holds, to tell on which side of a line a point lies."""

    party: PartyCode
    geometry: GeometryRef
    sources: Sources


class Zone(Record):
    id: Slug
    name: str
    #: line_buffer: a band of ``width_km`` each side of ``line``;
    #: site_area: a disc of ``radius_km`` around a gazetteer place;
    #: area: a polygon of a GeoJSON file (``geometry``)
    kind: Literal["line_buffer", "site_area", "area"]
    line: Slug | None = None
    width_km: float | None = Field(default=None, gt=0, le=200)
    place: Slug | None = None
    radius_km: float | None = Field(default=None, gt=0, le=200)
    geometry: GeometryRef | None = None
    sources: list[Url] = []

    @model_validator(mode="after")
    def _shape_is_complete(self) -> Zone:
        if self.kind == "line_buffer" and (self.line is None or self.width_km is None):
            raise ValueError("a line_buffer zone needs line and width_km")
        if self.kind == "site_area" and (self.place is None or self.radius_km is None):
            raise ValueError("a site_area zone needs place and radius_km")
        if self.kind == "area" and self.geometry is None:
            raise ValueError("an area zone needs geometry")
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


class TallyCategory(Record):
    name: str
    count: int = Field(ge=0)


class Casualties(Range):
    category: CasualtyCategory
    #: the party whose people these are, or ``unknown``
    side: str = UNKNOWN
    population: Population = Population.UNKNOWN
    sources: Sources


class Displacement(Range):
    #: the party whose people fled, ``both`` or ``unknown``
    side: str = UNKNOWN
    sources: Sources


class Claim(Record):
    claimant: PartyCode  # who asserts (a party, or an official body of theirs)
    accused: PartyCode | None = None  # whom it attributes the act to
    assertion: ClaimAssertion
    stance: ClaimStance
    date: EventDate  # when the claim was made
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
    date_start: EventDate
    date_end: EventDate
    date_precision: DatePrecision
    #: a gazetteer place id, or None with a free-text place_name
    place: Slug | None = None
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_precision: LocationPrecision
    #: the party in whose territory it happened, ``disputed`` or ``undetermined``
    side: str = UNDETERMINED
    # the lists' defaults by factory: a default ``[]`` is deep-copied for each model, and a bulk
    # import builds one incident a row
    weapons: list[str] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list)  # party codes or named units
    casualties: list[Casualties] = Field(default_factory=list)
    displaced: Displacement | None = None
    description: str  # neutral, our own words
    claims: list[Claim] = Field(default_factory=list)
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
    #: a body of the conflict (``bodies`` in casebook.yaml), ``summit`` or ``other``
    body: str
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


class Statement(Record):
    """A party's public statement about incidents or agreements, in our own words."""

    id: Slug
    speaker: PartyCode
    kind: StatementKind
    date: dt.date
    summary: str
    incidents: list[Slug] = []
    agreements: list[Slug] = []
    sources: Sources


class Presidency(Record):
    """Who held a treaty's presidency, from when (the earliest date a source gives) to when."""

    holder: str
    office: str
    valid_from: dt.date = Field(alias="from")
    until: dt.date | None = None
    note: str = ""
    sources: Sources

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Treaty(Record):
    """A treaty the parties are bound by, as a letter under it needs it: nothing about it is code."""

    id: Slug
    title: str
    short_title: str
    #: who receives and transmits requests under it (e.g. a Secretary-General)
    depositary: str
    #: the article under which one state party asks another for clarification
    clarification_article: str | None = None
    states_parties: list[PartyCode] = []
    presidencies: list[Presidency] = []
    sources: Sources

    def presidency_on(self, day: dt.date) -> Presidency | None:
        """The presidency in office on ``day`` as the sources give it (None: none recorded)."""
        held = [p for p in self.presidencies if p.valid_from <= day and (p.until is None or day <= p.until)]
        return held[-1] if held else None


class Tally(Record):
    """A count as one body published it: who counted, what, over which period, as of which date.

    Tallies are never merged: UNIFIL's count, each government's count and a human-rights office's
    count of the same months are separate records, shown side by side.
    """

    id: Slug
    counted_by: PartyCode
    subject: str  # what was counted, in our own words
    alleged_against: PartyCode | None = None
    agreement: Slug | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    as_of: dt.date
    total: Range
    categories: list[TallyCategory] = []
    note: str = ""
    sources: Sources

    @model_validator(mode="after")
    def _period_is_ordered(self) -> Tally:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        return self


class Body(Record):
    """A meeting body of the conflict (a border committee, a monitoring mechanism)."""

    code: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")]
    name: str
    sources: list[Url] = []


#: bodies every conflict has
BASE_BODIES = ("summit", "other")


def _zone_name(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not an IANA time zone (e.g. Europe/Oslo)") from None
    return value


class CasebookInfo(Record):
    """A conflict: what it is, where, in which time zone and languages, and its meeting bodies."""

    id: Slug
    title: str
    description: str
    #: lon/lat bounding box of the region; coordinates outside it are rejected
    bbox: tuple[float, float, float, float]
    #: the IANA time zone in which the conflict's days are counted
    time_zone: Annotated[str, AfterValidator(_zone_name)] = "UTC"
    #: language codes of the names the casebook gives (``en`` first)
    languages: list[str] = ["en"]
    bodies: list[Body] = []
    #: place kinds this conflict adds to :data:`BASE_PLACE_KINDS`
    place_kinds: list[Slug] = []
    #: words naming both sides at once ("A-B border"), never counted as either party
    neutral_mentions: list[str] = []
    #: the region as ACLED and UCDP name it in their exports ("Southeast Asia", "Middle East")
    acled_region: str = ""
    ucdp_region: str = ""
    #: whether records accepted from a published source are published at once; by default they
    #: wait in the publish queue until a coordinator publishes them
    publish_on_accept: bool = False

    @property
    def body_codes(self) -> set[str]:
        return {b.code for b in self.bodies} | set(BASE_BODIES)

    @property
    def all_place_kinds(self) -> set[str]:
        return set(BASE_PLACE_KINDS) | set(self.place_kinds)
