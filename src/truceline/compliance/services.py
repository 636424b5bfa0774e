"""Compliance over the store: build the engine's records from the database and evaluate them.

The engine itself (:mod:`truceline.compliance.evaluate`) is pure; this module only reads rows
and turns them into :class:`~truceline.compliance.records.Records`.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import threading
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Select,
    Text,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session, selectinload

from truceline.agreements.models import Agreement, Commitment, Provision
from truceline.compliance.commitments import commitment_status
from truceline.compliance.evaluate import evaluate, provision_states
from truceline.compliance.in_force import Clock
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
from truceline.compliance.results import (
    Allegation,
    Assessment,
    CommitmentAssessment,
    Note,
    ProvisionState,
    Violation,
    compliance_document,
    party_column,
)
from truceline.compliance.verdicts import (
    DAY_BITS,
    KIND_NUMBERS,
    KIND_SHIFT,
    MODALITY_NUMBERS,
    MODALITY_SHIFT,
    ClaimColumns,
    IncidentColumns,
    Ints,
    NoteVerdict,
    VerdictSet,
    columns_from_rows,
    summary_document,
    verdicts,
)
from truceline.compliance.zones import GeometryZoneIndex, ZoneIndex
from truceline.conflicts.services import conflict_definition, conflict_geography, resolve_conflict
from truceline.domain.conflict import principal_of
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
    incident_ids: Collection[str] | None = None,
) -> Records:
    """Everything the engine reads about one conflict (by default the store's only one).

    ``published_only`` leaves out unpublished incidents and claims (what the public sees);
    ``incident_id`` keeps only that incident with its claims and findings, ``incident_ids`` only
    those (agreements, provisions and commitments are always whole): the engine judges each
    incident on its own claims and findings, so it gives those incidents' verdicts, notes and
    allegations as on the whole record. Retracted incidents and claims are left out.

    ``known_at`` reads the record as it was known at that instant: each incident, claim,
    agreement (with its status events), provision and commitment as its version current then
    said (:mod:`truceline.versions`), and the findings made by then (a finding finalised later
    counts as a draft)."""
    only = [incident_id] if incident_id is not None else None
    if incident_ids is not None:
        only = sorted(set(incident_ids) & ({incident_id} if incident_id is not None else set(incident_ids)))
    return _records(session, conflict_id, published_only=published_only, only=only, known_at=known_at, incidents=True)


def _records(
    session: Session,
    conflict_id: str | None,
    *,
    published_only: bool,
    only: Sequence[str] | None,
    known_at: dt.datetime | None,
    incidents: bool,
) -> Records:
    """:func:`records_from_store` (``only``: these incidents only); without ``incidents`` (only
    when ``known_at`` is ``None``), no incidents and no claims (the caller reads them as columns)."""
    conflict = conflict_definition(session, resolve_conflict(session, conflict_id).id)
    finding_query = select(Finding).where(Finding.conflict_id == conflict.id)
    batches: list[Sequence[str] | None] = [None] if only is None else list(_by_id(only))
    with _no_gc():
        if known_at is None:
            agreements, provision_rows, commitment_rows = _current_rows(session, conflict.id)
            facts, all_claims, finding_rows = _incident_rows(
                session, conflict.id, batches, published_only=published_only, incidents=incidents
            )
        else:
            agreements, provision_rows, commitment_rows, incident_rows, claim_rows = _rows_known_at(
                session, conflict.id, known_at, only=only, published_only=published_only
            )
            assert incidents, "the record as known at an instant is read with its incidents"
            facts = _incident_facts(tuple(getattr(i, c) for c in _FACT_COLUMNS) for i in incident_rows)
            all_claims = _claim_records(tuple(getattr(c, n) for n in _CLAIM_COLUMNS) for c in claim_rows)
            as_known = (
                _finding_known_at(f, known_at)
                for batch in batches
                for f in session.scalars(_findings_of(finding_query, batch))
            )
            finding_rows = [f for f in as_known if f is not None]
        known = {i.id for i in facts}
        claims = [c for c in all_claims if c.incident_id in known]
        del known, all_claims
    findings = [finding_record(f) for f in finding_rows]
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
        incidents=tuple(facts),
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


def finding_record(f: Finding) -> FindingRecord:
    """A stored finding as the engine reads it."""
    return FindingRecord(
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


def _incident_rows(
    session: Session,
    conflict_id: str,
    batches: Sequence[Sequence[str] | None],
    *,
    published_only: bool,
    incidents: bool = True,
) -> tuple[list[IncidentFacts], list[ClaimRecord], list[Finding]]:
    """The current incidents, claims and findings of these batches of incident ids (``None``:
    all of them); without ``incidents``, the findings only."""
    finding_query = select(Finding).where(Finding.conflict_id == conflict_id)
    facts: list[IncidentFacts] = []
    claims: list[ClaimRecord] = []
    finding_rows: list[Finding] = []
    connection = session.connection()
    for batch in batches:
        if incidents:
            facts += _incident_facts(
                connection.execute(_incident_query(conflict_id, only=batch, published_only=published_only))
            )
            claims += _claim_records(
                connection.execute(_claim_query(conflict_id, only=batch, published_only=published_only, judged=False))
            )
        finding_rows += session.scalars(_findings_of(finding_query, batch))
    return facts, claims, finding_rows


def _findings_of(query: Select[Any], batch: Sequence[str] | None) -> Select[Any]:
    """The findings of ``query`` that bear on these incidents or their claims (``None``: all)."""
    if batch is None:
        return query
    of_claims = select(Claim.id).where(Claim.incident_id.in_(batch))
    return query.where(or_(Finding.incident_id.in_(batch), Finding.claim_id.in_(of_claims)))


Rows = tuple[list[Agreement], list[Provision], list[Commitment], list[Incident], list[Claim]]


def _current_rows(session: Session, conflict_id: str) -> tuple[list[Agreement], list[Provision], list[Commitment]]:
    agreements = list(
        session.scalars(
            select(Agreement)
            .where(Agreement.conflict_id == conflict_id)
            .options(selectinload(Agreement.provisions), selectinload(Agreement.events))
        )
    )
    commitments = list(
        session.scalars(
            select(Commitment).where(Commitment.conflict_id == conflict_id).options(selectinload(Commitment.events))
        )
    )
    provisions = [p for a in agreements for p in a.provisions]
    return agreements, provisions, commitments


# The incidents and claims are read as plain columns (no ORM objects: on a million incidents,
# the objects' state cost more than the engine). Kinds and other codes become the vocabulary's
# members by a dict; a JSON list of actors, repeated on many incidents, is decoded once.

_INCIDENTS = Incident.__table__.c
_CLAIMS = Claim.__table__.c
#: an incident's columns that :class:`IncidentFacts` holds, in this order
_FACT_COLUMNS = (
    "id",
    "kind",
    "modality",
    "date_start",
    "date_end",
    "date_precision",
    "lat",
    "lon",
    "location_precision",
    "side",
    "place_id",
    "place_name",
    "actors",
)
#: a claim's columns that :class:`ClaimRecord` holds, in this order
_CLAIM_COLUMNS = (
    "id",
    "incident_id",
    "claimant",
    "accused",
    "assertion",
    "stance",
    "made_on",
    "summary",
    "breaks",
)
_KIND = {k.value: k for k in IncidentKind}
_MODALITY = {m.value: m for m in Modality}
_DATE_PRECISION = {p.value: p for p in DatePrecision}
_LOCATION_PRECISION = {p.value: p for p in LocationPrecision}
_ASSERTION = {a.value: a for a in ClaimAssertion}
_STANCE = {s.value: s for s in ClaimStance}


#: JSON lists, read as the driver gives them (text on SQLite) and decoded by :func:`_decoder`
_JSON_LISTS = frozenset({"actors", "breaks"})


def _selected(columns: Any, names: Sequence[str]) -> list[Any]:
    """The columns ``names`` of a table."""
    selected = []
    for name in names:
        if name in _JSON_LISTS:
            selected.append(type_coerce(columns[name], Text).label(name))
        else:
            selected.append(columns[name])
    return selected


def _incident_query(
    conflict_id: str,
    *,
    only: Sequence[str] | None,
    published_only: bool,
    columns: Sequence[str] = _FACT_COLUMNS,
) -> Select[Any]:
    """The incidents the engine judges (not retracted, not superseded; published only; ``only``
    these)."""
    query = select(*_selected(_INCIDENTS, columns)).where(
        _INCIDENTS.superseded_by.is_(None), _INCIDENTS.retracted.is_(False), _INCIDENTS.conflict_id == conflict_id
    )
    if only is not None:
        query = query.where(_INCIDENTS.id.in_(only))
    if published_only:
        query = query.where(_INCIDENTS.published.is_(True))
    return query


def _claim_query(
    conflict_id: str,
    *,
    only: Sequence[str] | None,
    published_only: bool,
    judged: bool,
    columns: Sequence[str] = _CLAIM_COLUMNS,
) -> Select[Any]:
    """The claims on the conflict's incidents (not retracted; published only; ``only`` these
    incidents'); ``judged``: only on the incidents the engine judges (:func:`_incident_query`)."""
    query = (
        select(*_selected(_CLAIMS, columns))
        .join(Incident, _INCIDENTS.id == _CLAIMS.incident_id)
        .where(_INCIDENTS.conflict_id == conflict_id, _CLAIMS.retracted.is_(False))
    )
    if judged:
        query = query.where(_INCIDENTS.superseded_by.is_(None), _INCIDENTS.retracted.is_(False))
        if published_only:
            query = query.where(_INCIDENTS.published.is_(True))
    if only is not None:
        query = query.where(_CLAIMS.incident_id.in_(only))
    if published_only:
        query = query.where(_CLAIMS.published.is_(True))
    return query


def _decoder() -> Any:
    """Turns a JSON list (text, decoded list or ``None``) into a tuple; each text decoded once."""
    seen: dict[str, tuple[str, ...]] = {}

    def decoded(value: str | Sequence[str] | None) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, str):
            return tuple(value)
        found = seen.get(value)
        if found is None:
            found = seen[value] = tuple(json.loads(value) or ())
        return found

    return decoded


def _incident_facts(rows: Iterable[Sequence[Any]]) -> list[IncidentFacts]:
    """Rows of :data:`_FACT_COLUMNS` as the engine's incidents."""
    actors = _decoder()
    return [
        IncidentFacts(
            id=r[0],
            kind=_KIND[r[1]],
            modality=_MODALITY[r[2]],
            date_start=r[3],
            date_end=r[4],
            date_precision=_DATE_PRECISION[r[5]],
            lat=r[6],
            lon=r[7],
            location_precision=_LOCATION_PRECISION[r[8]],
            side=r[9],
            place_id=r[10],
            place_name=r[11],
            actors=actors(r[12]),
        )
        for r in rows
    ]


def _claim_records(rows: Iterable[Sequence[Any]]) -> list[ClaimRecord]:
    """Rows of :data:`_CLAIM_COLUMNS` as the engine's claims."""
    breaks = _decoder()
    return [
        ClaimRecord(
            id=r[0],
            incident_id=r[1],
            claimant=r[2],
            accused=r[3],
            assertion=_ASSERTION[r[4]],
            stance=_STANCE[r[5]],
            made_on=r[6],
            summary=r[7],
            breaks=breaks(r[8]),
        )
        for r in rows
    ]


#: how many rows are read at a time for the verdicts, and looked up by id at a time
_CHUNK = 50_000
_BY_ID = 500


def _chunks(session: Session, query: Select[Any]) -> Iterator[Sequence[Any]]:
    """The rows of a Core query, ``_CHUNK`` at a time (a server-side cursor where the store has one)."""
    result = session.connection().execution_options(stream_results=True).execute(query)
    return result.partitions(_CHUNK)


def _by_id(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for at in range(0, len(ids), _BY_ID):
        yield ids[at : at + _BY_ID]


def _day_number(column: Any, dialect: str) -> ColumnElement[int]:
    """A day column as its ordinal (:meth:`datetime.date.toordinal`), computed by the store."""
    if dialect == "sqlite":  # ISO text; julianday('0001-01-01') is 1721425.5
        return cast(func.julianday(column) - 1721424.5, BigInteger)
    return cast(column - literal(dt.date(1, 1, 1), Date), BigInteger) + 1


def _coded(column: Any, numbers: Mapping[str, int]) -> ColumnElement[int]:
    """A code column as its number (``NULL`` for a code not among ``numbers``)."""
    return cast(case(dict(numbers), value=column, else_=None), BigInteger)


def _columns(
    session: Session, conflict_id: str, as_of: dt.date | dt.datetime, *, published_only: bool
) -> tuple[IncidentColumns, ClaimColumns]:
    """The incidents the engine judges on ``as_of`` and their claims made by then, as columns
    (:func:`~truceline.compliance.verdicts.columns_from_rows`): one row an incident, its days,
    kind and modality as one integer and its claims gathered as one JSON text (both computed by
    the store), read in chunks; the full records of the few incidents the scalar engine judges
    (or whose zone is checked) and of their claims are read again by id when asked for."""
    dialect = session.get_bind().dialect.name
    day = Clock.of(as_of).date
    packed = (
        _day_number(_INCIDENTS.date_start, dialect)
        + _day_number(_INCIDENTS.date_end, dialect) * (1 << DAY_BITS)
        + _coded(_INCIDENTS.kind, KIND_NUMBERS) * (1 << KIND_SHIFT)
        + _coded(_INCIDENTS.modality, MODALITY_NUMBERS) * (1 << MODALITY_SHIFT)
    )
    claims_made = [_CLAIMS.retracted.is_(False), _CLAIMS.made_on <= day]
    if published_only:
        claims_made.append(_CLAIMS.published.is_(True))
    judged = [
        _INCIDENTS.superseded_by.is_(None),
        _INCIDENTS.retracted.is_(False),
        _INCIDENTS.conflict_id == conflict_id,
    ]
    if published_only:
        judged.append(_INCIDENTS.published.is_(True))
    actors = cast(_INCIDENTS.actors, Text)
    if dialect == "sqlite":
        # each incident's claims by the index on their incident, in the order the incidents are
        # read (SQLite builds the JSON list faster than it joins a grouped read)
        fields = (_CLAIMS.claimant, _CLAIMS.accused, _CLAIMS.assertion, _CLAIMS.stance)
        gathered = select(func.json_group_array(func.json_array(*fields))).where(
            _CLAIMS.incident_id == _INCIDENTS.id, *claims_made
        )
        query = select(_INCIDENTS.id, packed, actors, gathered.scalar_subquery()).where(*judged)
    else:
        # the claims grouped by incident (every conflict's: a store holds one or a few), joined;
        # PostgreSQL runs a subquery an incident slowly. The JSON list is joined as text, faster
        # than json_agg; each value is still written by to_json, so whatever a column holds stays
        # one JSON string
        def quoted(column: ColumnElement[Any]) -> ColumnElement[Any]:
            return cast(func.to_json(column), Text)

        one = (
            literal("[")
            + quoted(_CLAIMS.claimant)
            + literal(",")
            + func.coalesce(quoted(_CLAIMS.accused), literal("null"))
            + literal(",")
            + quoted(_CLAIMS.assertion)
            + literal(",")
            + quoted(_CLAIMS.stance)
            + literal("]")
        )
        grouped = (
            select(
                _CLAIMS.incident_id.label("incident_id"),
                (literal("[") + func.aggregate_strings(one, ",") + literal("]")).label("claims"),
            )
            .where(*claims_made)
            .group_by(_CLAIMS.incident_id)
            .subquery()
        )
        query = (
            select(_INCIDENTS.id, packed, actors, grouped.c.claims)
            .select_from(Incident.__table__.outerjoin(grouped, grouped.c.incident_id == _INCIDENTS.id))
            .where(*judged)
        )

    def facts(rows: Sequence[int]) -> list[IncidentFacts]:
        wanted = [incidents.ids[k] for k in rows]
        found: dict[str, IncidentFacts] = {}
        for batch in _by_id(wanted):
            some = _incident_query(conflict_id, only=None, published_only=published_only)
            found.update(
                (i.id, i) for i in _incident_facts(session.connection().execute(some.where(_INCIDENTS.id.in_(batch))))
            )
        return [found[i] for i in wanted]

    def judged_claims(**where: Any) -> Select[Any]:
        return _claim_query(conflict_id, only=None, published_only=published_only, judged=True, **where)

    def of_incidents(ids: Sequence[str]) -> list[ClaimRecord]:
        found: list[ClaimRecord] = []
        for batch in _by_id(ids):
            query = judged_claims().where(_CLAIMS.incident_id.in_(batch)).order_by(_CLAIMS.id)
            found.extend(_claim_records(session.connection().execute(query)))
        return found

    def incidents_of(claim_ids: Collection[str]) -> set[str]:
        found: set[str] = set()
        for batch in _by_id(sorted(claim_ids)):
            query = judged_claims(columns=("incident_id",)).where(_CLAIMS.id.in_(batch))
            found.update(session.connection().execute(query).scalars())
        return found

    incidents, claim_columns = columns_from_rows(
        _plain_chunks(session, query), as_of, facts, of_incidents, incidents_of
    )
    return incidents, claim_columns


def _plain_chunks(session: Session, query: Select[Any]) -> Iterator[Sequence[Any]]:
    """The rows of a Core query whose columns need no conversion (text and integers), ``_CHUNK``
    at a time: on SQLite the driver's own tuples (SQLAlchemy's rows cost about 4 % more CPU on a
    million incidents), elsewhere as :func:`_chunks` gives them (a server-side cursor)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield from _chunks(session, query)
        return
    result = connection.execute(query)
    try:
        cursor = result.cursor
        while chunk := cursor.fetchmany(_CHUNK):
            yield chunk
    finally:
        result.close()


def _rows_known_at(
    session: Session, conflict_id: str, known_at: dt.datetime, *, only: Sequence[str] | None, published_only: bool
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
    if only is not None:
        wanted = set(only)
        incidents = [i for i in incidents if i.id in wanted]
        claims = [c for c in claims if c.incident_id in wanted]
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


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused (reading rows makes many acyclic objects)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
    for counting, e.g. the compliance matrix; the why of any one is :func:`violations_for` its incident.

    On the current record (``known_at`` ``None``) the incidents go to the verdicts as columns
    (:class:`~truceline.compliance.verdicts.IncidentColumns`), not one object each."""
    conflict_id = resolve_conflict(session, conflict_id).id
    if known_at is not None:
        records = records_from_store(session, conflict_id, published_only=published_only, known_at=known_at)
        return verdicts(records, as_of, zones=zone_index(records, conflict_geography(session, conflict_id)))
    return _current_verdicts(session, conflict_id, as_of, published_only=published_only)[1]


def _current_verdicts(
    session: Session, conflict_id: str, as_of: dt.date | dt.datetime, *, published_only: bool
) -> tuple[Records, VerdictSet]:
    """The records without their incidents and claims, and the verdicts on the current record
    (the incidents and claims read as columns)."""
    records, found, _ = _current_verdicts_and_zones(session, conflict_id, as_of, published_only=published_only)
    return records, found


def _current_verdicts_and_zones(
    session: Session, conflict_id: str, as_of: dt.date | dt.datetime, *, published_only: bool
) -> tuple[Records, VerdictSet, GeometryZoneIndex[Any]]:
    """:func:`_current_verdicts`, and the zones drawn for them."""
    with _no_gc():
        records = _records(
            session, conflict_id, published_only=published_only, only=None, known_at=None, incidents=False
        )
        incidents, claims = _columns(session, conflict_id, as_of, published_only=published_only)
        zones = zone_index(records, conflict_geography(session, conflict_id))
        return records, verdicts(records, as_of, zones=zones, incidents=incidents, claims=claims), zones


def compliance_summary(
    session: Session,
    as_of: dt.date | dt.datetime,
    *,
    conflict_id: str | None = None,
    published_only: bool = False,
    linked: int = 200,
) -> dict[str, Any]:
    """The compliance matrix without the violations' reasons, from :func:`verdicts_as_of`: what the
    dashboard shows, in the shape of :func:`~truceline.compliance.results.compliance_document`'s
    ``as_of``, ``parties``, ``matrix`` and ``commitments`` (the same values), with
    ``violation_count`` and, as ``violations``, only those of the cells with at most ``linked``
    violations (provision, party, status and incident: enough to link a cell to its incidents)."""
    conflict_id = resolve_conflict(session, conflict_id).id
    records, found = _current_verdicts(session, conflict_id, as_of, published_only=published_only)
    provisions = provision_states(records, as_of)
    commitments = [commitment_status(c, as_of) for c in sorted(records.commitments, key=lambda c: str(c.id))]
    return summary_document(found, provisions, commitments, linked=linked)


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


@dataclass(frozen=True, slots=True)
class AllegationEntry:
    """An allegation as the compliance document orders and filters it, without the rules'
    verdicts beside it: one per target a claim (made by the day judged, on an incident of that
    day or earlier) names as broken. The document lists them by ``target``, ``incident_date``,
    ``claim_id``; ``claimant`` and ``accused`` are principal parties, as the engine names them."""

    target: str
    incident_date: dt.date
    claim_id: str
    incident_id: str
    agreement_id: str
    claimant: str
    accused: str | None

    def wanted(self, party: str | None, agreement: str | None) -> bool:
        """Whether the document filtered to ``party`` and ``agreement`` lists it."""
        return (party is None or party in {self.claimant, party_column(self.accused)}) and (
            agreement is None or self.agreement_id == agreement
        )


def allegation_entries(
    claims: Iterable[tuple[str, str, str, str | None, Sequence[str]]],
    incident_dates: Mapping[str, dt.date],
    party_of: Mapping[str, str],
) -> tuple[AllegationEntry, ...]:
    """The allegations of these claims (id, incident, claimant, accused, targets named as broken)
    on these incidents (id -> start day), in the compliance document's order."""
    entries = []
    for claim_id, incident_id, claimant, accused, targets in claims:
        day = incident_dates.get(incident_id)
        if day is None:
            continue
        for target in targets:
            entries.append(
                AllegationEntry(
                    target=target,
                    incident_date=day,
                    claim_id=claim_id,
                    incident_id=incident_id,
                    agreement_id=target.partition("/")[0],
                    claimant=principal_of(party_of, claimant),
                    accused=principal_of(party_of, accused) if accused is not None else None,
                )
            )
    return tuple(sorted(entries, key=attrgetter("target", "incident_date", "claim_id")))


def _occurrences(keys: Iterable[Hashable]) -> tuple[int, ...]:
    """For each key, how many times it came before: which of alike entries it is."""
    seen: Counter[Hashable] = Counter()
    out = []
    for key in keys:
        out.append(seen[key])
        seen[key] += 1
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ComplianceVerdicts:
    """Every verdict as of a date without its reasons, with what the compliance document shows
    beside the violations: the ground :func:`compliance_page` pages through, cheap enough to keep
    (the API caches it in each process until the next write, :mod:`truceline.web.cache`).

    The notes are the verdicts' (``found.notes``), the allegations :class:`AllegationEntry`: each
    page explains only those it lists. On the current record (``known_at`` ``None``) the ground
    also keeps what every page's explanations read beside their incidents: the agreements,
    provisions, commitments, zones and places (``records``, without incidents, claims or
    findings) and the zones drawn (``zones``), so that a page reads only its own incidents."""

    as_of: dt.date | dt.datetime
    found: VerdictSet
    provisions: tuple[ProvisionState, ...]
    commitments: tuple[CommitmentAssessment, ...]
    allegations: tuple[AllegationEntry, ...] = ()
    conflict_id: str | None = None
    published_only: bool = False
    known_at: dt.datetime | None = None
    records: Records | None = None
    zones: ZoneIndex | None = None
    #: which of alike notes (same incident, provision, party and kind) each of ``found.notes`` is
    note_occurrence: tuple[int, ...] = ()
    #: which of alike allegations (same claim and target) each of ``allegations`` is
    allegation_occurrence: tuple[int, ...] = ()
    #: held while the engine explains a page with ``zones``: prepared geometries are not safe to
    #: query from two threads at once
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)
    #: the matrix of each filter asked for, kept with the verdicts
    filtered: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)


def compliance_verdicts(
    session: Session,
    as_of: dt.date | dt.datetime,
    *,
    conflict_id: str | None = None,
    published_only: bool = False,
    known_at: dt.datetime | None = None,
) -> ComplianceVerdicts:
    """The verdicts (:func:`verdicts_as_of`), the provisions' states, the commitments' statuses,
    the notes and allegations without their reasons, as of ``as_of``; on the current record,
    the agreements, zones and places and the zones drawn, for :func:`compliance_page` to explain
    its incidents with (see :class:`ComplianceVerdicts`)."""
    conflict_id = resolve_conflict(session, conflict_id).id
    day = Clock.of(as_of).date
    kept: Records | None = None
    zones: ZoneIndex | None = None
    if known_at is not None:
        records = records_from_store(session, conflict_id, published_only=published_only, known_at=known_at)
        found = verdicts(records, as_of, zones=zone_index(records, conflict_geography(session, conflict_id)))
        dated = {i.id: i.date_start for i in records.incidents if i.date_start <= day}
        alleging = [
            (c.id, c.incident_id, c.claimant, c.accused, c.breaks)
            for c in records.claims
            if c.breaks and c.made_on <= day
        ]
    else:
        records, found, drawn = _current_verdicts_and_zones(session, conflict_id, as_of, published_only=published_only)
        kept, zones = replace(records, findings=()), drawn
        alleging, dated = _alleging_claims(session, conflict_id, day, published_only=published_only)
    allegations = allegation_entries(alleging, dated, records.party_of)
    return ComplianceVerdicts(
        as_of=as_of,
        found=found,
        provisions=tuple(provision_states(records, as_of)),
        commitments=tuple(commitment_status(c, as_of) for c in sorted(records.commitments, key=lambda c: str(c.id))),
        allegations=allegations,
        conflict_id=conflict_id,
        published_only=published_only,
        known_at=known_at,
        records=kept,
        zones=zones,
        note_occurrence=_occurrences(found.notes),
        allegation_occurrence=_occurrences((a.claim_id, a.target) for a in allegations),
    )


def _alleging_claims(
    session: Session, conflict_id: str, day: dt.date, *, published_only: bool
) -> tuple[list[tuple[str, str, str, str | None, tuple[str, ...]]], dict[str, dt.date]]:
    """The claims made by ``day`` that name what they say was broken (id, incident, claimant,
    accused, targets), and the start days of their incidents the engine judges on ``day``.

    The claims are read on their own, then their incidents by id: joined in one query, SQLite
    walks the incidents by date and looks up each one's claims (seconds on a large record)
    rather than scanning the claims, few of which name a target."""
    claims = [_CLAIMS.retracted.is_(False), _CLAIMS.made_on <= day, _CLAIMS.breaks.is_not(None)]
    if published_only:
        claims.append(_CLAIMS.published.is_(True))
    query = select(*_selected(_CLAIMS, ("id", "incident_id", "claimant", "accused", "breaks"))).where(
        *claims, cast(_CLAIMS.breaks, Text).not_in(["[]", "null"])
    )
    targets = _decoder()
    connection = session.connection()
    rows = [(r[0], r[1], r[2], r[3], targets(r[4])) for r in connection.execute(query)]
    dated: dict[str, dt.date] = {}
    for batch in _by_id(sorted({r[1] for r in rows})):
        judged = _incident_query(conflict_id, only=batch, published_only=published_only, columns=("id", "date_start"))
        dated.update((i, start) for i, start in connection.execute(judged.where(_INCIDENTS.date_start <= day)))
    return [r for r in rows if r[1] in dated and r[4]], dated


#: how many violations (notes, allegations) a page lists unless asked, and at most
PAGE_LIMIT = 100
MAX_PAGE_LIMIT = 1000
#: how many filters' matrices a ground keeps
_FILTERS_KEPT = 64


def _filtered(
    ground: ComplianceVerdicts, party: str | None, agreement: str | None, linked: int
) -> tuple[Ints | None, dict[str, Any]]:
    """The rows of the verdicts of that filter (``None``: all) and their matrix
    (:func:`~truceline.compliance.verdicts.summary_document`); the matrix is kept in the ground
    (small), the rows are not (up to one number per violation)."""
    found = ground.found
    rows = None if party is None and agreement is None else found.rows(party=party, agreement=agreement)
    key = (party, agreement, linked)
    summary = ground.filtered.get(key)
    if summary is None:
        chosen = found if rows is None else found.take(rows)
        provisions = [p for p in ground.provisions if agreement is None or p.agreement_id == agreement]
        commitments = [c for c in ground.commitments if agreement is None or c.agreement_id == agreement]
        summary = summary_document(chosen, provisions, commitments, linked=linked, party=party)
        if len(ground.filtered) >= _FILTERS_KEPT:
            ground.filtered.clear()
        ground.filtered[key] = summary
    return rows, summary


def _check_page(name: str, offset: int, limit: int) -> None:
    if offset < 0 or limit < 1:
        raise ValueError(f"a page of {name} starts at offset 0 or later and holds at least one ({offset=}, {limit=})")


def compliance_page(
    session: Session,
    ground: ComplianceVerdicts,
    *,
    conflict_id: str | None = None,
    published_only: bool | None = None,
    known_at: dt.datetime | None = None,
    party: str | None = None,
    agreement: str | None = None,
    offset: int = 0,
    limit: int = PAGE_LIMIT,
    notes_offset: int = 0,
    notes_limit: int = PAGE_LIMIT,
    allegations_offset: int = 0,
    allegations_limit: int = PAGE_LIMIT,
    tallies: Sequence[Mapping[str, Any]] = (),
    linked: int = 0,
) -> dict[str, Any]:
    """The compliance document (:func:`~truceline.compliance.results.compliance_document`) with
    one page of its violations, one of its notes and one of its allegations: the ``limit``
    violations from ``offset`` on, in the engine's order (incident start date, incident id,
    party, provision id), the ``notes_limit`` notes from ``notes_offset`` and the
    ``allegations_limit`` allegations from ``allegations_offset``, each in the document's order,
    with their reasons; ``total``, ``offset``, ``limit`` and ``notes_total``, ``notes_offset``,
    ``notes_limit``, ``allegations_total``, ``allegations_offset``, ``allegations_limit`` (how
    many of each on all pages, and this page's place).

    The matrix, columns, provisions and commitments come from the verdicts (``ground``, from
    :func:`compliance_verdicts`); the engine explains only the incidents of what the page lists
    (it judges each incident on its own claims and findings, so each gives the same reasons as on
    the whole record), with the agreements, zones and places the ground keeps. ``conflict_id``,
    ``published_only`` and ``known_at`` are the ground's (given, they must be the same). ``party``
    and ``agreement`` filter as the document does; ``linked``: also ``linked_violations``, the
    matrix's cells of at most that many violations (without reasons), to link a count to its
    incidents."""
    _check_page("violations", offset, limit)
    _check_page("notes", notes_offset, notes_limit)
    _check_page("allegations", allegations_offset, allegations_limit)
    if published_only is not None and published_only != ground.published_only:
        raise ValueError("the page must be drawn from verdicts on the same records (published_only)")
    if known_at is not None and known_at != ground.known_at:
        raise ValueError("the page must be drawn from verdicts on the same records (known_at)")
    if conflict_id is not None and ground.conflict_id is not None and conflict_id != ground.conflict_id:
        raise ValueError(f"the verdicts are of conflict {ground.conflict_id!r}, not {conflict_id!r}")
    found = ground.found
    rows, summary = _filtered(ground, party, agreement, linked)
    total = len(found) if rows is None else len(rows)
    page = [
        found.key(k if rows is None else int(rows[k])) for k in range(min(offset, total), min(offset + limit, total))
    ]
    notes = [k for k, n in enumerate(found.notes) if _wanted(n.party, n.agreement_id, party, agreement)]
    note_page = notes[notes_offset : notes_offset + notes_limit]
    alleged = [k for k, a in enumerate(ground.allegations) if a.wanted(party, agreement)]
    allegation_page = alleged[allegations_offset : allegations_offset + allegations_limit]

    explained = _explain(
        session,
        ground,
        {k[0] for k in page}
        | {found.notes[k].incident_id for k in note_page}
        | {ground.allegations[k].incident_id for k in allegation_page},
    )
    on_page = set(page)
    violations = [v for v in explained.violations if (v.incident_id, v.provision_id, v.party, str(v.status)) in on_page]
    notes_by_key: dict[NoteVerdict, list[Note]] = {}
    for n in explained.notes:
        notes_by_key.setdefault(NoteVerdict.of(n), []).append(n)
    allegations_by_key: dict[tuple[str, str], list[Allegation]] = {}
    for a in explained.allegations:
        allegations_by_key.setdefault((a.claim_id, a.target), []).append(a)
    document = compliance_document(
        Assessment(
            as_of=ground.as_of,
            violations=tuple(violations),
            notes=_present(_nth(notes_by_key.get(found.notes[k], []), ground.note_occurrence[k]) for k in note_page),
            provisions=tuple(p for p in ground.provisions if agreement is None or p.agreement_id == agreement),
            commitments=tuple(c for c in ground.commitments if agreement is None or c.agreement_id == agreement),
            allegations=_present(
                _nth(
                    allegations_by_key.get((ground.allegations[k].claim_id, ground.allegations[k].target), []),
                    ground.allegation_occurrence[k],
                )
                for k in allegation_page
            ),
        ),
        party=party,
        agreement=agreement,
        tallies=tallies,
    )
    document["parties"] = summary["parties"]
    document["matrix"] = summary["matrix"]
    document["total"] = total
    document["offset"] = offset
    document["limit"] = limit
    document["notes_total"] = len(notes)
    document["notes_offset"] = notes_offset
    document["notes_limit"] = notes_limit
    document["allegations_total"] = len(alleged)
    document["allegations_offset"] = allegations_offset
    document["allegations_limit"] = allegations_limit
    if linked:
        document["linked_violations"] = summary["violations"]
    return document


def _wanted(party_code: str | None, agreement_id: str, party: str | None, agreement: str | None) -> bool:
    """Whether a note of that party and agreement is in the document filtered to ``party`` and
    ``agreement`` (as :func:`~truceline.compliance.results.compliance_document` filters it)."""
    return (party is None or party_column(party_code) == party) and (agreement is None or agreement_id == agreement)


def _nth(alike: Sequence[Any], n: int) -> Any:
    """The ``n``-th of alike explained entries (the engine gives them in the document's order);
    ``None`` if the engine did not give that many (the record changed between the verdicts and
    the page: the page then lists fewer, as it does for violations)."""
    return alike[n] if n < len(alike) else None


def _present(entries: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(e for e in entries if e is not None)


def _explain(session: Session, ground: ComplianceVerdicts, incident_ids: Collection[str]) -> Assessment:
    """The engine on these incidents only (:func:`evaluate_incidents`); on the current record with
    the agreements, zones and places the ground keeps and its zones drawn, reading only the
    incidents, their claims and findings."""
    if ground.records is None or ground.zones is None or ground.conflict_id is None:
        return evaluate_incidents(
            session,
            ground.as_of,
            incident_ids,
            conflict_id=ground.conflict_id,
            published_only=ground.published_only,
            known_at=ground.known_at,
        )
    with _no_gc():
        facts, claims, finding_rows = _incident_rows(
            session, ground.conflict_id, list(_by_id(sorted(incident_ids))), published_only=ground.published_only
        )
    known = {i.id for i in facts}
    records = replace(
        ground.records,
        incidents=tuple(facts),
        claims=tuple(c for c in claims if c.incident_id in known),
        findings=tuple(finding_record(f) for f in finding_rows),
    )
    with ground.lock:
        return evaluate(records, ground.as_of, zones=ground.zones)


def evaluate_incidents(
    session: Session,
    as_of: dt.date | dt.datetime,
    incident_ids: Collection[str],
    *,
    conflict_id: str | None = None,
    published_only: bool = False,
    known_at: dt.datetime | None = None,
) -> Assessment:
    """:func:`assess` on these incidents only: their violations, notes and allegations with their
    reasons, as the whole record gives them (each incident is judged on its own claims and
    findings); provisions and commitments as on the whole record."""
    conflict_id = resolve_conflict(session, conflict_id).id
    records = records_from_store(
        session, conflict_id, published_only=published_only, known_at=known_at, incident_ids=incident_ids
    )
    return evaluate(records, as_of, zones=zone_index(records, conflict_geography(session, conflict_id)))
