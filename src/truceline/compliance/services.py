"""Compliance over the store: build the engine's records from the database and evaluate them.

The engine itself (:mod:`truceline.compliance.evaluate`) is pure; this module only reads rows
and turns them into :class:`~truceline.compliance.records.Records`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from truceline.agreements.models import Agreement, Commitment, Provision
from truceline.compliance.evaluate import evaluate
from truceline.compliance.records import (
    AgreementEventRecord,
    AgreementState,
    ClaimRecord,
    CommitmentEventRecord,
    CommitmentRecord,
    FindingRecord,
    IncidentFacts,
    PlaceRecord,
    ProvisionRule,
    Records,
    ZoneRecord,
)
from truceline.compliance.results import Assessment, Violation
from truceline.compliance.verdicts import VerdictSet, verdicts
from truceline.compliance.zones import GeometryZoneIndex
from truceline.conflicts.services import conflict_definition, conflict_geography, resolve_conflict
from truceline.geo.lines import Geography
from truceline.geo.zones import zone_contains, zone_versions
from truceline.incidents.models import Claim, Incident
from truceline.places.models import Place, Zone
from truceline.verification.models import Finding
from truceline.versions.content import restore
from truceline.versions.services import contents_known_at
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


def provision_rule(row: Provision) -> ProvisionRule:
    rule: dict[str, Any] = row.rule
    forbids = rule.get("forbids") or {}
    requires = rule.get("requires") or {}
    in_force = rule.get("in_force") or {}
    return ProvisionRule(
        id=row.id,
        agreement_id=row.agreement_id,
        number=row.number,
        type=ProvisionType(row.type),
        binds=tuple(row.binds),
        forbidden_kinds=frozenset(IncidentKind(k) for k in forbids.get("kinds", [])),
        zone_id=forbids.get("zone"),
        include_declared=bool(forbids.get("include_declared", False)),
        required_action=requires.get("action"),
        deadline=dt.date.fromisoformat(requires["deadline"]) if requires.get("deadline") else None,
        commitment_id=requires.get("commitment"),
        in_force_from=dt.datetime.fromisoformat(in_force["from"]) if in_force.get("from") else None,
        in_force_until=dt.datetime.fromisoformat(in_force["until"]) if in_force.get("until") else None,
        on_suspension=OnSuspension(in_force.get("on_suspension", "continues")),
        summary=row.summary,
    )


def commitment_record(row: Commitment) -> CommitmentRecord:
    """A stored commitment (with its events loaded) as the engine reads it."""
    return CommitmentRecord(
        id=row.id,
        agreement_id=row.agreement_id,
        title=row.title,
        responsible=tuple(row.responsible),
        deadline=row.deadline,
        provision_number=row.provision_id.split("/", 1)[1] if row.provision_id else None,
        events=tuple(
            CommitmentEventRecord(
                date=e.date, kind=CommitmentEventKind(e.kind), by=e.by_party, new_deadline=e.new_deadline, note=e.note
            )
            for e in row.events
        ),
    )


def records_from_store(
    session: Session,
    conflict_id: str | None = None,
    *,
    published_only: bool = False,
    incident_id: str | None = None,
    known_at: dt.datetime | None = None,
) -> Records:
    """Everything the engine reads about one conflict (by default the store's only one).

    ``published_only`` leaves out unpublished incidents and claims (what the public sees);
    ``incident_id`` keeps only that incident with its claims and findings (agreements, provisions
    and commitments are always whole). Retracted incidents and claims are left out.

    ``known_at`` reads the record as it was known at that instant: each incident, claim,
    agreement (with its status events), provision and commitment as its version current then
    said (:mod:`truceline.versions`), and the findings made by then (a finding finalised later
    counts as a draft)."""
    conflict = conflict_definition(session, resolve_conflict(session, conflict_id).id)
    finding_query = select(Finding).where(Finding.conflict_id == conflict.id)
    if incident_id is not None:
        of_claims = select(Claim.id).where(Claim.incident_id == incident_id)
        finding_query = finding_query.where(or_(Finding.incident_id == incident_id, Finding.claim_id.in_(of_claims)))
    if known_at is None:
        agreements, provision_rows, commitment_rows, incident_rows, claim_rows = _current_rows(
            session, conflict.id, incident_id=incident_id, published_only=published_only
        )
        finding_rows = list(session.scalars(finding_query))
    else:
        agreements, provision_rows, commitment_rows, incident_rows, claim_rows = _rows_known_at(
            session, conflict.id, known_at, incident_id=incident_id, published_only=published_only
        )
        as_known = (_finding_known_at(f, known_at) for f in session.scalars(finding_query))
        finding_rows = [f for f in as_known if f is not None]
    incidents = [
        IncidentFacts(
            id=i.id,
            kind=IncidentKind(i.kind),
            date_start=i.date_start,
            date_end=i.date_end,
            modality=Modality(i.modality),
            date_precision=DatePrecision(i.date_precision),
            lat=i.lat,
            lon=i.lon,
            location_precision=LocationPrecision(i.location_precision),
            side=i.side,
            place_id=i.place_id,
            place_name=i.place_name,
            actors=tuple(i.actors or ()),
        )
        for i in incident_rows
    ]
    known = {i.id for i in incidents}
    claims = [
        ClaimRecord(
            id=c.id,
            incident_id=c.incident_id,
            claimant=c.claimant,
            accused=c.accused,
            assertion=ClaimAssertion(c.assertion),
            stance=ClaimStance(c.stance),
            made_on=c.made_on,
            summary=c.summary,
            breaks=tuple(c.breaks or ()),
        )
        for c in claim_rows
        if c.incident_id in known
    ]
    findings = [
        FindingRecord(
            id=str(f.id),
            result=FindingResult(f.result),
            state=FindingState(f.state),
            incident_id=f.incident_id,
            claim_id=f.claim_id,
            final_on=f.final_at.date() if f.final_at else None,
            reasoning=f.reasoning,
            party=f.party,
            supersedes=str(f.supersedes_id) if f.supersedes_id else None,
            evidence=tuple(str(e) for e in f.evidence_ids),
        )
        for f in finding_rows
    ]
    commitments = [commitment_record(c) for c in commitment_rows]
    return Records(
        agreements=tuple(
            AgreementState(
                id=a.id,
                effective_from=a.effective_from,
                events=tuple(
                    AgreementEventRecord(
                        date=e.date,
                        kind=AgreementEventKind(e.kind),
                        by=e.by_party,
                        superseded_by=e.superseded_by,
                        note=e.note,
                    )
                    for e in a.events
                ),
                title=a.title,
                signatories=tuple(a.signatories),
            )
            for a in agreements
        ),
        provisions=tuple(provision_rule(p) for p in provision_rows),
        incidents=tuple(incidents),
        claims=tuple(claims),
        findings=tuple(findings),
        commitments=tuple(commitments),
        zones=tuple(zone_record(z) for z in session.scalars(select(Zone).where(Zone.conflict_id == conflict.id))),
        places=tuple(
            PlaceRecord(
                id=p.id, name=p.name, lat=p.lat, lon=p.lon, location_precision=LocationPrecision(p.location_precision)
            )
            for p in session.scalars(select(Place).where(Place.conflict_id == conflict.id))
        ),
        party_of=conflict.party_of,
    )


Rows = tuple[list[Agreement], list[Provision], list[Commitment], list[Incident], list[Claim]]


def _current_rows(session: Session, conflict_id: str, *, incident_id: str | None, published_only: bool) -> Rows:
    agreements = list(
        session.scalars(
            select(Agreement)
            .where(Agreement.conflict_id == conflict_id)
            .options(selectinload(Agreement.provisions), selectinload(Agreement.events))
        )
    )
    incident_query = select(Incident).where(
        Incident.superseded_by.is_(None), Incident.retracted.is_(False), Incident.conflict_id == conflict_id
    )
    claim_query = (
        select(Claim)
        .join(Incident, Incident.id == Claim.incident_id)
        .where(Incident.conflict_id == conflict_id, Claim.retracted.is_(False))
    )
    if incident_id is not None:
        incident_query = incident_query.where(Incident.id == incident_id)
        claim_query = claim_query.where(Claim.incident_id == incident_id)
    if published_only:
        incident_query = incident_query.where(Incident.published.is_(True))
        claim_query = claim_query.where(Claim.published.is_(True))
    commitments = list(
        session.scalars(
            select(Commitment).where(Commitment.conflict_id == conflict_id).options(selectinload(Commitment.events))
        )
    )
    provisions = [p for a in agreements for p in a.provisions]
    return (
        agreements,
        provisions,
        commitments,
        list(session.scalars(incident_query)),
        list(session.scalars(claim_query)),
    )


def _rows_known_at(
    session: Session, conflict_id: str, known_at: dt.datetime, *, incident_id: str | None, published_only: bool
) -> Rows:
    """Detached rows holding the versions current at ``known_at``."""

    def rows(kind: str) -> list[Any]:
        return [restore(kind, content) for content in contents_known_at(session, conflict_id, kind, known_at)]

    agreements: list[Agreement] = sorted(rows("agreement"), key=lambda a: a.id)
    provisions: list[Provision] = sorted(rows("provision"), key=lambda p: (p.agreement_id, p.position))
    incidents: list[Incident] = [
        i
        for i in sorted(rows("incident"), key=lambda i: (i.date_start, i.id))
        if not i.retracted and i.superseded_by is None and (i.published or not published_only)
    ]
    claims: list[Claim] = [
        c for c in sorted(rows("claim"), key=lambda c: c.id) if not c.retracted and (c.published or not published_only)
    ]
    if incident_id is not None:
        incidents = [i for i in incidents if i.id == incident_id]
        claims = [c for c in claims if c.incident_id == incident_id]
    commitments: list[Commitment] = sorted(rows("commitment"), key=lambda c: c.id)
    for commitment in commitments:
        commitment.events.sort(key=lambda e: e.date)
    return agreements, provisions, commitments, incidents, claims


def _finding_known_at(finding: Finding, known_at: dt.datetime) -> Finding | None:
    """A finding as it stood at ``known_at``: absent if made later, a draft if finalised later."""
    if finding.created_at > known_at:
        return None
    if finding.final_at is not None and finding.final_at > known_at:
        return Finding(
            id=finding.id,
            result=finding.result,
            state=FindingState.DRAFT.value,
            incident_id=finding.incident_id,
            claim_id=finding.claim_id,
            final_at=None,
            reasoning=finding.reasoning,
            party=finding.party,
            supersedes_id=finding.supersedes_id,
            evidence_ids=list(finding.evidence_ids),
        )
    return finding


def zone_record(row: Zone) -> ZoneRecord:
    return ZoneRecord(
        id=row.id,
        name=row.name,
        kind=row.kind,
        line_id=row.line_id,
        width_km=row.width_km,
        place_id=row.place_id,
        radius_km=row.radius_km,
        area_geojson=json.dumps(row.geometry, sort_keys=True) if row.geometry is not None else None,
    )


def zone_index(records: Records, geography: Geography | None = None) -> GeometryZoneIndex[Any]:
    """Zones as geometries (:func:`truceline.geo.zones.zone_geometry`): bands along the conflict's
    lines, discs around gazetteer places, areas from the casebook.

    A zone that cannot be drawn (a place with no coordinates, an unknown line) is left out: the
    engine then reports the zone check as undetermined rather than guess. A band along a line
    that a party draws its own way has a version for each (:func:`truceline.geo.zones.zone_versions`),
    and the engine answers under each.
    """
    places = {p.id: p for p in records.places}
    geometries = {}
    versions = {}
    for zone in records.zones:
        drawn = zone_versions(zone, geography, places)
        if drawn.get(None) is not None:
            geometries[zone.id] = drawn[None]
        if len(drawn) > 1:
            versions[zone.id] = drawn
    return GeometryZoneIndex(
        geometries=geometries,
        contains_point=zone_contains,
        zones={z.id: z for z in records.zones},
        versions=versions,
    )


def assess(
    session: Session,
    as_of: dt.date | dt.datetime,
    *,
    conflict_id: str | None = None,
    published_only: bool = False,
    known_at: dt.datetime | None = None,
) -> Assessment:
    """Compliance of one conflict (by default the store's only one) as of a date; ``known_at``:
    on the record as it was known at that instant (see :func:`records_from_store`)."""
    conflict_id = resolve_conflict(session, conflict_id).id
    records = records_from_store(session, conflict_id, published_only=published_only, known_at=known_at)
    return evaluate(records, as_of, zones=zone_index(records, conflict_geography(session, conflict_id)))


def verdicts_as_of(
    session: Session,
    as_of: dt.date | dt.datetime,
    *,
    conflict_id: str | None = None,
    published_only: bool = False,
    known_at: dt.datetime | None = None,
) -> VerdictSet:
    """The verdicts of :func:`assess` without their explanations (:func:`truceline.compliance.verdicts.verdicts`):
    for counting, e.g. the compliance matrix; the why of any one is :func:`violations_for` its incident."""
    conflict_id = resolve_conflict(session, conflict_id).id
    records = records_from_store(session, conflict_id, published_only=published_only, known_at=known_at)
    return verdicts(records, as_of, zones=zone_index(records, conflict_geography(session, conflict_id)))


def violations_for(
    session: Session,
    as_of: dt.date | dt.datetime,
    incident_id: str | None = None,
    *,
    conflict_id: str | None = None,
    published_only: bool = False,
) -> list[Violation]:
    """The violations as of ``as_of``; with ``incident_id``, only that incident is evaluated."""
    conflict_id = resolve_conflict(session, conflict_id).id
    records = records_from_store(session, conflict_id, published_only=published_only, incident_id=incident_id)
    return list(
        evaluate(records, as_of, zones=zone_index(records, conflict_geography(session, conflict_id))).violations
    )
