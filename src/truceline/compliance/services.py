"""Compliance over the store: build the engine's records from the database and evaluate them.

The engine itself (:mod:`truceline.compliance.evaluate`) is pure; this module only reads rows
and turns them into :class:`~truceline.compliance.records.Records`.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
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
)
from truceline.compliance.verdicts import (
    DAY_BITS,
    KIND_NUMBERS,
    KIND_SHIFT,
    MODALITY_NUMBERS,
    MODALITY_SHIFT,
    ClaimColumns,
    IncidentColumns,
    VerdictSet,
    columns_from_rows,
    summary_document,
    verdicts,
)
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
            facts: list[IncidentFacts] = []
            all_claims: list[ClaimRecord] = []
            finding_rows: list[Finding] = []
            connection = session.connection()
            for batch in batches:
                if incidents:
                    facts += _incident_facts(
                        connection.execute(_incident_query(conflict.id, only=batch, published_only=published_only))
                    )
                    all_claims += _claim_records(
                        connection.execute(
                            _claim_query(conflict.id, only=batch, published_only=published_only, judged=False)
                        )
                    )
                finding_rows += session.scalars(_findings_of(finding_query, batch))
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
    with _no_gc():
        records = _records(
            session, conflict_id, published_only=published_only, only=None, known_at=None, incidents=False
        )
        incidents, claims = _columns(session, conflict_id, as_of, published_only=published_only)
        zones = zone_index(records, conflict_geography(session, conflict_id))
        return records, verdicts(records, as_of, zones=zones, incidents=incidents, claims=claims)


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
class ComplianceVerdicts:
    """Every verdict as of a date without its reasons, with what the compliance document shows
    beside the violations: the ground :func:`compliance_page` pages through, cheap enough to keep
    (the API caches it until the next write)."""

    as_of: dt.date | dt.datetime
    found: VerdictSet
    provisions: tuple[ProvisionState, ...]
    commitments: tuple[CommitmentAssessment, ...]
    #: the notes (matches seen and not counted) and the allegations, with their reasons: few
    #: beside the violations, explained once (the engine run on their incidents only)
    notes: tuple[Note, ...]
    allegations: tuple[Allegation, ...]


def compliance_verdicts(
    session: Session,
    as_of: dt.date | dt.datetime,
    *,
    conflict_id: str | None = None,
    published_only: bool = False,
    known_at: dt.datetime | None = None,
) -> ComplianceVerdicts:
    """The verdicts (:func:`verdicts_as_of`), the provisions' states, the commitments' statuses,
    and the notes and allegations with their reasons, as of ``as_of``: the engine explains only
    the incidents of the notes and of the claims that name what they say was broken."""
    conflict_id = resolve_conflict(session, conflict_id).id
    day = Clock.of(as_of).date
    if known_at is not None:
        records = records_from_store(session, conflict_id, published_only=published_only, known_at=known_at)
        found = verdicts(records, as_of, zones=zone_index(records, conflict_geography(session, conflict_id)))
        dated = {i.id for i in records.incidents if i.date_start <= day}
        alleging = sorted({c.incident_id for c in records.claims if c.breaks and c.made_on <= day} & dated)
    else:
        records, found = _current_verdicts(session, conflict_id, as_of, published_only=published_only)
        query = (
            _claim_query(conflict_id, only=None, published_only=published_only, judged=True, columns=("incident_id",))
            .where(
                _CLAIMS.made_on <= day,
                _INCIDENTS.date_start <= day,
                _CLAIMS.breaks.is_not(None),
                cast(_CLAIMS.breaks, Text).not_in(["[]", "null"]),
            )
            .distinct()
        )
        alleging = sorted(session.connection().execute(query).scalars())
    explained = evaluate_incidents(
        session,
        as_of,
        {n.incident_id for n in found.notes} | set(alleging),
        conflict_id=conflict_id,
        published_only=published_only,
        known_at=known_at,
    )
    return ComplianceVerdicts(
        as_of=as_of,
        found=found,
        provisions=tuple(provision_states(records, as_of)),
        commitments=tuple(commitment_status(c, as_of) for c in sorted(records.commitments, key=lambda c: str(c.id))),
        notes=explained.notes,
        allegations=explained.allegations,
    )


#: how many violations a page lists unless asked, and at most
PAGE_LIMIT = 100
MAX_PAGE_LIMIT = 1000


def compliance_page(
    session: Session,
    ground: ComplianceVerdicts,
    *,
    conflict_id: str | None = None,
    published_only: bool = False,
    known_at: dt.datetime | None = None,
    party: str | None = None,
    agreement: str | None = None,
    offset: int = 0,
    limit: int = PAGE_LIMIT,
    tallies: Sequence[Mapping[str, Any]] = (),
    linked: int = 0,
) -> dict[str, Any]:
    """The compliance document (:func:`~truceline.compliance.results.compliance_document`) with
    one page of its violations: the ``limit`` violations from ``offset`` on, in the engine's order
    (incident start date, incident id, party, provision id), each with its reasons; ``total``
    (the violations of all pages), ``offset`` and ``limit``. The matrix, columns, provisions and
    commitments come from the verdicts, the notes and allegations as they were explained there
    (``ground``, from :func:`compliance_verdicts` with the same ``conflict_id``,
    ``published_only`` and ``known_at``); the engine explains only the page's incidents (it
    judges each incident on its own claims and findings, so each gives the same reasons as on the
    whole record). ``party`` and ``agreement``
    filter as the document does; ``linked``: also ``linked_violations``, the matrix's cells of at
    most that many violations (without reasons), to link a count to its incidents."""
    if offset < 0 or limit < 1:
        raise ValueError(f"a page starts at offset 0 or later and holds at least one violation ({offset=}, {limit=})")
    found = ground.found
    rows = found.rows(party=party, agreement=agreement)
    chosen = found.take(rows)
    provisions = [p for p in ground.provisions if agreement is None or p.agreement_id == agreement]
    commitments = [c for c in ground.commitments if agreement is None or c.agreement_id == agreement]
    summary = summary_document(chosen, provisions, commitments, linked=linked, party=party)

    page = [chosen.key(k) for k in range(min(offset, len(chosen)), min(offset + limit, len(chosen)))]
    explained = evaluate_incidents(
        session,
        ground.as_of,
        {k[0] for k in page},
        conflict_id=conflict_id,
        published_only=published_only,
        known_at=known_at,
    )
    on_page = set(page)
    violations = [v for v in explained.violations if (v.incident_id, v.provision_id, v.party, str(v.status)) in on_page]
    document = compliance_document(
        Assessment(
            as_of=ground.as_of,
            violations=tuple(violations),
            notes=ground.notes,
            provisions=tuple(provisions),
            commitments=tuple(commitments),
            allegations=ground.allegations,
        ),
        party=party,
        agreement=agreement,
        tallies=tallies,
    )
    document["parties"] = summary["parties"]
    document["matrix"] = summary["matrix"]
    document["total"] = len(chosen)
    document["offset"] = offset
    document["limit"] = limit
    if linked:
        document["linked_violations"] = summary["violations"]
    return document


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
