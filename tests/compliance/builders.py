"""Small hand-built records for the compliance tests (modelled on the 2025 Thailand–Cambodia case)."""

from __future__ import annotations

import datetime as dt

from truceline.compliance.records import (
    AgreementEventRecord,
    AgreementState,
    ClaimRecord,
    FindingRecord,
    IncidentFacts,
    ProvisionRule,
    Records,
)
from truceline.vocabulary import (
    HOSTILE_KINDS,
    AgreementEventKind,
    ClaimAssertion,
    ClaimStance,
    DatePrecision,
    FindingResult,
    FindingState,
    IncidentKind,
    Modality,
    OnSuspension,
    ProvisionType,
)

ICT = dt.timezone(dt.timedelta(hours=7))
D = dt.date
CEASEFIRE = "putrajaya-ceasefire-2025-07-28"
MBC = "apmbc-ottawa-1997"


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=ICT)


def agreement(
    id: str = CEASEFIRE, effective: dt.datetime | None = None, events: tuple[AgreementEventRecord, ...] = ()
) -> AgreementState:
    return AgreementState(id=id, effective_from=effective or at(2025, 7, 29), events=events)


def event(
    when: dt.datetime, kind: AgreementEventKind, by: str | None = None, superseded_by: str | None = None
) -> AgreementEventRecord:
    return AgreementEventRecord(date=when, kind=kind, by=by, superseded_by=superseded_by)


def prohibition(
    number: str = "1",
    agreement_id: str = CEASEFIRE,
    kinds: frozenset[IncidentKind] = HOSTILE_KINDS,
    binds: tuple[str, ...] = ("KH", "TH"),
    zone: str | None = None,
    include_declared: bool = False,
    on_suspension: OnSuspension = OnSuspension.CONTINUES,
    in_force_from: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> ProvisionRule:
    return ProvisionRule(
        id=f"{agreement_id}/{number}",
        agreement_id=agreement_id,
        number=number,
        type=ProvisionType.PROHIBITION,
        binds=binds,
        forbidden_kinds=frozenset(kinds),
        zone_id=zone,
        include_declared=include_declared,
        in_force_from=in_force_from,
        in_force_until=until,
        on_suspension=on_suspension,
    )


def incident(
    id: str,
    start: dt.date,
    end: dt.date | None = None,
    kind: IncidentKind = IncidentKind.SHELLING,
    modality: Modality = Modality.CARRIED_OUT,
    precision: DatePrecision = DatePrecision.DAY,
    place_id: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
) -> IncidentFacts:
    return IncidentFacts(
        id=id,
        kind=kind,
        modality=modality,
        date_start=start,
        date_end=end or start,
        date_precision=precision,
        place_id=place_id,
        lat=lat,
        lon=lon,
    )


def accuses(
    incident_id: str,
    n: int,
    claimant: str,
    accused: str,
    made_on: dt.date,
    assertion: ClaimAssertion = ClaimAssertion.RESPONSIBLE,
) -> ClaimRecord:
    return ClaimRecord(
        id=f"{incident_id}/claim-{n}",
        incident_id=incident_id,
        claimant=claimant,
        accused=accused,
        assertion=assertion,
        stance=ClaimStance.ACCUSES,
        made_on=made_on,
    )


def denies(
    incident_id: str,
    n: int,
    claimant: str,
    made_on: dt.date,
    assertion: ClaimAssertion = ClaimAssertion.DENIAL,
    accused: str | None = None,
    stance: ClaimStance = ClaimStance.DENIES,
) -> ClaimRecord:
    return ClaimRecord(
        id=f"{incident_id}/claim-{n}",
        incident_id=incident_id,
        claimant=claimant,
        accused=accused,
        assertion=assertion,
        stance=stance,
        made_on=made_on,
    )


def finding(
    id: str,
    result: FindingResult,
    final_on: dt.date | None,
    *,
    incident_id: str | None = None,
    claim_id: str | None = None,
    party: str | None = None,
    supersedes: str | None = None,
    state: FindingState = FindingState.FINAL,
) -> FindingRecord:
    return FindingRecord(
        id=id,
        result=result,
        state=state,
        incident_id=incident_id,
        claim_id=claim_id,
        final_on=final_on,
        party=party,
        supersedes=supersedes,
        reasoning="test",
    )


def records(
    *,
    agreements: tuple[AgreementState, ...] | None = None,
    provisions: tuple[ProvisionRule, ...] | None = None,
    incidents: tuple[IncidentFacts, ...] = (),
    claims: tuple[ClaimRecord, ...] = (),
    findings: tuple[FindingRecord, ...] = (),
    party_of: dict[str, str] | None = None,
) -> Records:
    return Records(
        agreements=agreements if agreements is not None else (agreement(),),
        provisions=provisions if provisions is not None else (prohibition(),),
        incidents=incidents,
        claims=claims,
        findings=findings,
        party_of=party_of or {},
    )
