"""Writes and reads of conflicts: their definition, lines and territories. Callers commit.

Every command, page and API call works on one conflict. :func:`resolve_conflict` picks it: the
one asked for, or the only one in the store (a store holding one conflict needs no choice).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.conflicts.models import Conflict, ConflictGeometry
from truceline.domain import schema
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import Conflict as ConflictError
from truceline.errors import InvalidInput, NotFound
from truceline.geo.lines import Geography, LineGeometry
from truceline.ledger.services import append
from truceline.parties.models import Party


def add_conflict(
    session: Session, info: schema.CasebookInfo, *, mentions: list[schema.Mention], actor: str
) -> Conflict:
    if session.get(Conflict, info.id) is not None:
        raise ConflictError(f"conflict {info.id} exists already")
    row = Conflict(
        id=info.id,
        title=info.title,
        description=info.description,
        bbox=list(info.bbox),
        time_zone=info.time_zone,
        languages=list(info.languages),
        bodies=[b.model_dump(mode="json") for b in info.bodies],
        place_kinds=list(info.place_kinds),
        neutral_mentions=list(info.neutral_mentions),
        acled_region=info.acled_region,
        ucdp_region=info.ucdp_region,
        publish_on_accept=info.publish_on_accept,
        mentions=[m.model_dump(mode="json") for m in mentions],
    )
    session.add(row)
    session.flush()
    append(
        session,
        actor=actor,
        action="conflict:conflict:add",
        subject_type="conflict",
        subject_id=info.id,
        payload=info.model_dump(mode="json") | {"mentions": [m.model_dump(mode="json") for m in mentions]},
    )
    return row


def add_line(
    session: Session,
    line: schema.Line,
    *,
    conflict_id: str,
    geometry: dict[str, Any],
    attribution: str,
    actor: str,
) -> ConflictGeometry:
    row = ConflictGeometry(
        conflict_id=conflict_id,
        role="line",
        key=line.id,
        name=line.name,
        kind=line.kind,
        version_of=line.version_of,
        variant_of=line.variant_of,
        tolerance_km=line.tolerance_km,
        note=line.note,
        geometry=geometry,
        attribution=attribution,
        source_urls=list(line.sources),
    )
    return _store_geometry(session, row, line, actor=actor)


def add_territory(
    session: Session,
    territory: schema.Territory,
    *,
    conflict_id: str,
    geometry: dict[str, Any],
    attribution: str,
    actor: str,
) -> ConflictGeometry:
    row = ConflictGeometry(
        conflict_id=conflict_id,
        role="territory",
        key=territory.party,
        name=territory.party,
        kind="territory",
        geometry=geometry,
        attribution=attribution,
        source_urls=list(territory.sources),
    )
    return _store_geometry(session, row, territory, actor=actor)


def _store_geometry(
    session: Session, row: ConflictGeometry, record: schema.Line | schema.Territory, *, actor: str
) -> ConflictGeometry:
    """Write a line or territory and its change-log entry (the record as written, with its geometry)."""
    session.add(row)
    session.flush()
    append(
        session,
        actor=actor,
        action=f"conflict:{row.role}:add",
        subject_type=row.role,
        subject_id=f"{row.conflict_id}/{row.key}",
        payload=record.model_dump(mode="json") | {"geometry": row.geometry},
    )
    return row


def list_conflicts(session: Session) -> list[Conflict]:
    return list(session.scalars(select(Conflict).order_by(Conflict.id)))


def resolve_conflict(session: Session, requested: str | None) -> Conflict:
    """The conflict a command or request works on: the one named, or the store's only one."""
    if requested:
        conflict = session.get(Conflict, requested)
        if conflict is None:
            known = ", ".join(c.id for c in list_conflicts(session)) or "none"
            raise NotFound(f"no conflict {requested!r} in the store (conflicts: {known})")
        return conflict
    conflicts = list_conflicts(session)
    if len(conflicts) == 1:
        return conflicts[0]
    if not conflicts:
        raise NotFound(
            "the store holds no conflict yet: load a casebook first (truceline casebook load NAME-OR-FOLDER)"
        )
    raise InvalidInput(
        "the store holds several conflicts; choose one with --conflict (or ?conflict= in the API): "
        + ", ".join(c.id for c in conflicts)
    )


def conflict_info(row: Conflict) -> schema.CasebookInfo:
    return schema.CasebookInfo(
        id=row.id,
        title=row.title,
        description=row.description,
        bbox=(row.bbox[0], row.bbox[1], row.bbox[2], row.bbox[3]),
        time_zone=row.time_zone,
        languages=list(row.languages),
        bodies=[schema.Body.model_validate(b) for b in row.bodies],
        place_kinds=list(row.place_kinds),
        neutral_mentions=list(row.neutral_mentions),
        acled_region=row.acled_region,
        ucdp_region=row.ucdp_region,
        publish_on_accept=bool(row.publish_on_accept),
    )


def party_record(row: Party) -> schema.Party:
    return schema.Party(
        code=row.code,
        name=row.name,
        short_name=row.short_name,
        names=dict(row.names or {}),
        kind=row.kind,
        belongs_to=row.belongs_to,
        answered_for_by=row.answered_for_by,
        is_principal=row.is_principal,
        country=schema.Country.model_validate(row.country) if row.country else None,
        acled_actors=list(row.acled_actors or []),
        ucdp=schema.UcdpActor.model_validate(row.ucdp) if row.ucdp else None,
        mentions=[schema.Mention.model_validate(m) for m in row.mentions or []],
        sources=list(row.source_urls or []),
    )


def conflict_definition(session: Session, conflict_id: str) -> ConflictDefinition:
    """The conflict's definition as the store holds it."""
    row = session.get(Conflict, conflict_id)
    if row is None:
        raise NotFound(f"no conflict {conflict_id!r}")
    ordered = session.scalars(
        select(Party).where(Party.conflict_id == conflict_id).order_by(Party.position, Party.code)
    )
    return ConflictDefinition.from_casebook(
        conflict_info(row),
        [party_record(p) for p in ordered],
        [schema.Mention.model_validate(m) for m in row.mentions or []],
    )


def conflict_geography(session: Session, conflict_id: str) -> Geography:
    """The conflict's lines and territories, ready for distances, sides and zones."""
    rows = session.scalars(
        select(ConflictGeometry).where(ConflictGeometry.conflict_id == conflict_id).order_by(ConflictGeometry.id)
    ).all()
    return Geography.from_geojson(
        lines=[
            LineGeometry(
                id=r.key,
                name=r.name,
                kind=r.kind,
                geometry=r.geometry,
                version_of=r.version_of,
                variant_of=r.variant_of,
                tolerance_km=r.tolerance_km if r.tolerance_km is not None else 2.0,
                attribution=r.attribution,
            )
            for r in rows
            if r.role == "line"
        ],
        territories={r.key: r.geometry for r in rows if r.role == "territory"},
    )
