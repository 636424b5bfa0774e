"""The compliance engine's input: small, frozen, plain records.

The engine (:mod:`truceline.compliance.evaluate`) reads nothing but these records, so it can
run on the bundled casebook (:func:`from_casebook`), on rows from the database (the services
build the same records) or on synthetic data (the benchmark), and always gives the same
answer for the same records and ``as_of``.

Identifiers are strings: a provision is ``"<agreement id>/<number>"``
(:func:`provision_id`), a casebook claim ``"<incident id>/claim-<n>"`` with ``n`` counting
from 1 in the order the casebook lists the incident's claims (:func:`claim_id`).

This module imports no database, web or settings code.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from truceline.domain.conflict import principal_of
from truceline.vocabulary import (
    AgreementEventKind,
    ClaimAssertion,
    ClaimStance,
    CommitmentEventKind,
    DatePrecision,
    FindingResult,
    FindingState,
    IncidentKind,
    LocationPrecision,
    Modality,
    OnSuspension,
    ProvisionType,
)

__all__ = [
    "AgreementEventRecord",
    "AgreementState",
    "ClaimRecord",
    "CommitmentEventRecord",
    "CommitmentRecord",
    "FindingRecord",
    "IncidentFacts",
    "PlaceRecord",
    "ProvisionRule",
    "Records",
    "ZoneRecord",
    "claim_id",
    "from_casebook",
    "provision_id",
]


def provision_id(agreement_id: str, number: str) -> str:
    """The id of a provision: ``"<agreement id>/<number>"``."""
    return f"{agreement_id}/{number}"


def claim_id(incident_id: str, index: int) -> str:
    """The id of the ``index``-th claim (counting from 1) of a casebook incident."""
    return f"{incident_id}/claim-{index}"


@dataclass(frozen=True, slots=True)
class ProvisionRule:
    """One numbered provision of an agreement, as a rule a machine can check."""

    id: str
    agreement_id: str
    number: str
    type: ProvisionType
    #: the parties it binds (principal party codes, e.g. ``("A", "B")``)
    binds: tuple[str, ...]
    #: prohibitions: the kinds of incident it forbids (empty for obligations)
    forbidden_kinds: frozenset[IncidentKind] = frozenset()
    #: prohibitions: only within this zone (``None``: anywhere)
    zone_id: str | None = None
    #: prohibitions: also count acts that were only declared (threats, announcements)
    include_declared: bool = False
    #: obligations: the action required, its deadline and the commitment that tracks it
    required_action: str | None = None
    deadline: dt.date | None = None
    commitment_id: str | None = None
    #: ``None``: from the agreement's effective time
    in_force_from: dt.datetime | None = None
    in_force_until: dt.datetime | None = None
    on_suspension: OnSuspension = OnSuspension.CONTINUES
    summary: str = ""


@dataclass(frozen=True, slots=True)
class AgreementEventRecord:
    """A dated change in an agreement's status (aware datetime)."""

    date: dt.datetime
    kind: AgreementEventKind
    by: str | None = None
    superseded_by: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class AgreementState:
    """An agreement's effective time and its status history."""

    id: str
    effective_from: dt.datetime
    events: tuple[AgreementEventRecord, ...] = ()
    title: str = ""
    signatories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    """What the engine needs to know about an incident (never the parties' claims)."""

    id: str
    kind: IncidentKind
    date_start: dt.date
    date_end: dt.date
    modality: Modality = Modality.CARRIED_OUT
    date_precision: DatePrecision = DatePrecision.DAY
    lat: float | None = None
    lon: float | None = None
    location_precision: LocationPrecision = LocationPrecision.UNKNOWN
    #: the party in whose territory it happened, ``disputed`` or ``undetermined``
    side: str = "undetermined"
    place_id: str | None = None
    place_name: str | None = None
    #: who the reports say took part: party codes or named units (descriptive, never an
    #: attribution; an incident no claim or finding attributes is a breach with the party
    #: undetermined only when no actor names a party)
    actors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """One party's assertion about an incident, made on a date."""

    id: str
    incident_id: str
    claimant: str
    accused: str | None
    assertion: ClaimAssertion
    stance: ClaimStance
    made_on: dt.date
    summary: str = ""
    #: what the claimant says was broken: ``"<agreement id>"`` or ``"<agreement id>/<number>"``
    breaks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FindingRecord:
    """An observer's conclusion about an incident or about one claim.

    Exactly one of ``incident_id`` and ``claim_id`` is set. ``final_on`` is the date it
    became final (``None`` while it is a draft or in review). ``party`` is only meaningful
    for a finding on an incident: the party the observers attribute the act to (a finding on
    a claim concerns the party that claim accuses). ``supersedes`` names an earlier finding
    this one corrects: once this one is final, the earlier one no longer counts.
    """

    id: str
    result: FindingResult
    state: FindingState
    incident_id: str | None = None
    claim_id: str | None = None
    final_on: dt.date | None = None
    reasoning: str = ""
    party: str | None = None
    supersedes: str | None = None
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.incident_id is None) == (self.claim_id is None):
            raise ValueError(f"finding {self.id}: give exactly one of incident_id and claim_id")
        if self.state == FindingState.FINAL and self.final_on is None:
            raise ValueError(f"finding {self.id}: a final finding needs final_on")


@dataclass(frozen=True, slots=True)
class CommitmentEventRecord:
    date: dt.date
    kind: CommitmentEventKind
    by: str | None = None
    new_deadline: dt.date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class CommitmentRecord:
    """A deliverable with a deadline; its status is derived from its dated events."""

    id: str
    agreement_id: str
    title: str
    responsible: tuple[str, ...] = ()
    deadline: dt.date | None = None
    provision_number: str | None = None
    events: tuple[CommitmentEventRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class ZoneRecord:
    """A zone as :func:`truceline.geo.zones.zone_geometry` builds it."""

    id: str
    name: str
    kind: str  # line_buffer | site_area | area
    line_id: str | None = None
    width_km: float | None = None
    place_id: str | None = None
    radius_km: float | None = None
    #: an ``area`` zone's polygon, as GeoJSON text
    area_geojson: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    id: str
    name: str
    lat: float | None = None
    lon: float | None = None
    location_precision: LocationPrecision = LocationPrecision.UNKNOWN


@dataclass(frozen=True, slots=True)
class Records:
    """Everything :func:`~truceline.compliance.evaluate.evaluate` reads."""

    agreements: tuple[AgreementState, ...] = ()
    provisions: tuple[ProvisionRule, ...] = ()
    incidents: tuple[IncidentFacts, ...] = ()
    claims: tuple[ClaimRecord, ...] = ()
    findings: tuple[FindingRecord, ...] = ()
    commitments: tuple[CommitmentRecord, ...] = ()
    zones: tuple[ZoneRecord, ...] = ()
    places: tuple[PlaceRecord, ...] = ()
    #: a force or ministry's code -> the principal party it belongs to (``RTA`` -> ``TH``);
    #: attribution and counter-claims are judged at the level of principal parties
    party_of: Mapping[str, str] = field(default_factory=dict)

    def principal(self, code: str) -> str:
        """The principal party a code belongs to (itself when it belongs to none)."""
        return principal_of(self.party_of, code)


# --------------------------------------------------------------------------- casebook adapter


def from_casebook(casebook: Any) -> Records:
    """Build :class:`Records` from a validated casebook.

    ``casebook`` has ``agreements``, ``incidents``, ``commitments``, ``zones`` and ``places``
    (lists of :mod:`truceline.domain.schema` models) and, optionally, ``parties``. A
    casebook holds no findings: those are the observers' and live in the database.

    An incident without its own coordinates takes its gazetteer place's point (the incident's
    ``location_precision`` is kept: it says how well the incident, not the place, is located).
    """
    places = tuple(
        PlaceRecord(
            id=p.id,
            name=p.name,
            lat=p.lat,
            lon=p.lon,
            location_precision=LocationPrecision(p.location_precision),
        )
        for p in _list(casebook, "places")
    )
    place_by_id = {p.id: p for p in places}

    agreements: list[AgreementState] = []
    provisions: list[ProvisionRule] = []
    for a in _list(casebook, "agreements"):
        agreements.append(
            AgreementState(
                id=a.id,
                effective_from=a.effective_from,
                events=tuple(
                    AgreementEventRecord(date=e.date, kind=e.kind, by=e.by, superseded_by=e.superseded_by, note=e.note)
                    for e in a.events
                ),
                title=a.title,
                signatories=tuple(a.signatories),
            )
        )
        for p in a.provisions:
            provisions.append(_provision_rule(a.id, p))

    incidents: list[IncidentFacts] = []
    claims: list[ClaimRecord] = []
    for i in _list(casebook, "incidents"):
        lat, lon = i.lat, i.lon
        if lat is None and i.place is not None and i.place in place_by_id:
            lat, lon = place_by_id[i.place].lat, place_by_id[i.place].lon
        incidents.append(
            IncidentFacts(
                id=i.id,
                kind=i.kind,
                modality=i.modality,
                date_start=i.date_start,
                date_end=i.date_end,
                date_precision=i.date_precision,
                lat=lat,
                lon=lon,
                location_precision=i.location_precision,
                side=i.side,
                place_id=i.place,
                place_name=i.place_name or (place_by_id[i.place].name if i.place in place_by_id else None),
                actors=tuple(i.actors),
            )
        )
        for n, c in enumerate(i.claims, start=1):
            claims.append(
                ClaimRecord(
                    id=claim_id(i.id, n),
                    incident_id=i.id,
                    claimant=c.claimant,
                    accused=c.accused,
                    assertion=c.assertion,
                    stance=c.stance,
                    made_on=c.date,
                    summary=c.summary,
                    breaks=tuple(getattr(c, "breaks", None) or ()),
                )
            )

    commitments = tuple(
        CommitmentRecord(
            id=c.id,
            agreement_id=c.agreement,
            title=c.title,
            responsible=tuple(c.responsible),
            deadline=c.deadline,
            provision_number=c.provision,
            events=tuple(
                CommitmentEventRecord(date=e.date, kind=e.kind, by=e.by, new_deadline=e.new_deadline, note=e.note)
                for e in c.events
            ),
        )
        for c in _list(casebook, "commitments")
    )
    geojson = getattr(casebook, "geometry", None)
    zones = tuple(
        ZoneRecord(
            id=z.id,
            name=z.name,
            kind=z.kind,
            line_id=z.line,
            width_km=z.width_km,
            place_id=z.place,
            radius_km=z.radius_km,
            area_geojson=json.dumps(geojson(z.geometry), sort_keys=True) if z.geometry and geojson else None,
        )
        for z in _list(casebook, "zones")
    )
    parties = list(_list(casebook, "parties"))
    party_of = {p.code: p.belongs_to or p.answered_for_by for p in parties if p.belongs_to or p.answered_for_by}
    return Records(
        agreements=tuple(agreements),
        provisions=tuple(provisions),
        incidents=tuple(incidents),
        claims=tuple(claims),
        commitments=commitments,
        zones=zones,
        places=places,
        party_of=party_of,
    )


def _provision_rule(agreement_id: str, p: Any) -> ProvisionRule:
    forbids, requires = p.forbids, p.requires
    return ProvisionRule(
        id=provision_id(agreement_id, p.number),
        agreement_id=agreement_id,
        number=p.number,
        type=ProvisionType(p.type),
        binds=tuple(p.binds),
        forbidden_kinds=frozenset(forbids.kinds) if forbids is not None else frozenset(),
        zone_id=forbids.zone if forbids is not None else None,
        include_declared=forbids.include_declared if forbids is not None else False,
        required_action=requires.action if requires is not None else None,
        deadline=requires.deadline if requires is not None else None,
        commitment_id=requires.commitment if requires is not None else None,
        in_force_from=p.in_force.from_,
        in_force_until=p.in_force.until,
        on_suspension=OnSuspension(p.in_force.on_suspension),
        summary=p.summary,
    )


def _list(casebook: Any, name: str) -> Iterable[Any]:
    return getattr(casebook, name, None) or ()
