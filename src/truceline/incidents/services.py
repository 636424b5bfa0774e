"""Writes for incidents, claims and evidence. Callers commit.

Incidents and claims are written from the casebook schema models (``truceline.domain.schema``),
which validate them; the same models serve the casebook loader, review and the API.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from truceline.agreements.models import Agreement, Provision
from truceline.domain import schema
from truceline.errors import Conflict, InvalidInput, NotFound
from truceline.incidents.models import CasualtyFigure, Claim, ClaimNumber, CustodyEvent, Evidence, Incident, Tally
from truceline.ledger.services import append
from truceline.places.models import Place
from truceline.sources.models import SourceDocument
from truceline.sources.services import cite, resolve_source
from truceline.versions.services import Change, append_with_versions


def claim_id(incident_id: str, number: int) -> str:
    return f"{incident_id}/claim-{number}"


def next_claim_number(session: Session, incident_id: str) -> int:
    """The incident's next claim number, taken from the store in one statement (an upsert that
    returns the new value): the row lock it takes serialises concurrent claims on one incident,
    and the ids of a casebook's claims stay 1, 2, 3… in the order it lists them."""
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    statement = (
        insert(ClaimNumber)
        .values(incident_id=incident_id, last=1)
        .on_conflict_do_update(index_elements=[ClaimNumber.incident_id], set_={"last": ClaimNumber.last + 1})
        .returning(ClaimNumber.last)
    )
    return int(session.execute(statement).scalar_one())


def record_incident(
    session: Session,
    incident: schema.Incident,
    *,
    conflict_id: str,
    actor: str,
    published: bool = True,
    submitted_for_party: str | None = None,
    spans: dict[str, list[list[int]]] | None = None,
) -> Incident:
    """Record an incident with its casualty figures and claims.

    Where the incident names a gazetteer place and gives no point, the place's point is used.
    ``spans`` maps a source reference to the character spans that support the incident.
    """
    if session.get(Incident, incident.id) is not None:
        raise Conflict(f"incident {incident.id} exists already")
    lat, lon = incident.lat, incident.lon
    if incident.place is not None:
        place = session.get(Place, incident.place)
        if place is None or place.conflict_id != conflict_id:
            raise NotFound(f"incident {incident.id}: no place {incident.place!r} in the gazetteer of {conflict_id}")
        if lat is None:
            lat, lon = place.lat, place.lon
    displaced = incident.displaced
    row = Incident(
        conflict_id=conflict_id,
        id=incident.id,
        kind=incident.kind.value,
        modality=incident.modality.value,
        date_start=incident.date_start,
        date_end=incident.date_end,
        date_precision=incident.date_precision.value,
        place_id=incident.place,
        place_name=incident.place_name,
        lat=lat,
        lon=lon,
        location_precision=incident.location_precision.value,
        side=incident.side,
        weapons=list(incident.weapons),
        actors=list(incident.actors),
        description=incident.description,
        displaced_low=displaced.low if displaced else None,
        displaced_best=displaced.best if displaced else None,
        displaced_high=displaced.high if displaced else None,
        displaced_side=displaced.side if displaced else None,
        published=published,
        submitted_for_party=submitted_for_party,
    )
    for figure in incident.casualties:
        row.casualties.append(
            CasualtyFigure(
                category=figure.category.value,
                side=figure.side,
                population=figure.population.value,
                low=figure.low,
                best=figure.best,
                high=figure.high,
            )
        )
    session.add(row)
    session.flush()
    for reference in incident.sources:
        _cite_reference(session, conflict_id, "incident", incident.id, reference, (spans or {}).get(reference))
    append_with_versions(
        session,
        actor=actor,
        action="incident:incident:add",
        subject_type="incident",
        subject_id=incident.id,
        payload=incident.model_dump(mode="json", exclude={"claims"})
        | {"conflict": conflict_id, "published": published, "submitted_for_party": submitted_for_party},
        changes=[Change("incident", row)],
    )
    for claim in incident.claims:
        add_claim(
            session, incident.id, claim, actor=actor, published=published, submitted_for_party=submitted_for_party
        )
    return row


def _cite_reference(
    session: Session,
    conflict_id: str,
    subject_type: str,
    subject_id: str,
    reference: str,
    spans: list[list[int]] | None,
) -> None:
    source = resolve_source(session, reference, conflict_id=conflict_id)
    cite(session, subject_type=subject_type, subject_id=subject_id, source=source, spans=spans)


def add_claim(
    session: Session,
    incident_id: str,
    claim: schema.Claim,
    *,
    actor: str,
    published: bool = True,
    submitted_for_party: str | None = None,
    spans: dict[str, list[list[int]]] | None = None,
) -> Claim:
    """Record one party's assertion about an incident; it never changes the incident's facts.

    An unpublished claim is visible to observers and to ``submitted_for_party`` (the party whose
    submission it came from), whoever the claimant is.
    """
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"no incident {incident_id!r}")
    check_breaks(session, claim.breaks)
    row = Claim(
        id=claim_id(incident_id, next_claim_number(session, incident_id)),
        incident_id=incident_id,
        claimant=claim.claimant,
        accused=claim.accused,
        assertion=claim.assertion.value,
        stance=claim.stance.value,
        made_on=claim.date,
        summary=claim.summary,
        published=published,
        submitted_for_party=submitted_for_party,
        breaks=list(claim.breaks),
    )
    session.add(row)
    session.flush()
    for reference in claim.sources:
        _cite_reference(session, incident.conflict_id, "claim", row.id, reference, (spans or {}).get(reference))
    append_with_versions(
        session,
        actor=actor,
        action="incident:claim:add",
        subject_type="claim",
        subject_id=row.id,
        payload=claim.model_dump(mode="json")
        | {"incident_id": incident_id, "published": published, "submitted_for_party": submitted_for_party},
        changes=[Change("claim", row)],
    )
    return row


def check_breaks(session: Session, breaks: list[str]) -> None:
    """Each item names a stored agreement (``<agreement id>``) or provision
    (``<agreement id>/<provision number>``); otherwise :class:`InvalidInput` naming it."""
    for target in breaks:
        agreement_id, sep, number = target.partition("/")
        if session.get(Agreement, agreement_id) is None:
            raise InvalidInput(
                f"breaks: unknown agreement {agreement_id!r} "
                "(write <agreement id> or <agreement id>/<provision number>)"
            )
        if sep and session.get(Provision, target) is None:
            raise InvalidInput(f"breaks: agreement {agreement_id!r} has no provision {number!r}")


def attach_source(
    session: Session,
    incident_id: str,
    source: SourceDocument,
    *,
    actor: str,
    spans: list[list[int]] | None = None,
) -> None:
    """Another source reports an incident we already hold: link it instead of a duplicate."""
    if session.get(Incident, incident_id) is None:
        raise NotFound(f"no incident {incident_id!r}")
    cite(session, subject_type="incident", subject_id=incident_id, source=source, spans=spans)
    append(
        session,
        actor=actor,
        action="incident:source:attach",
        subject_type="incident",
        subject_id=incident_id,
        payload={"source_sha256": source.sha256, "spans": spans or []},
    )


def evidence_path(store_dir: Path, sha256: str) -> Path:
    """Where an evidence file is kept: by its content hash, so it is stored once and cannot drift."""
    return store_dir / sha256[:2] / sha256


def check_evidence_content(content: bytes, file_name: str) -> None:
    """An evidence file must hold something."""
    if not content:
        raise InvalidInput(f"evidence file {file_name!r} is empty")


def add_evidence(
    session: Session,
    *,
    conflict_id: str,
    content: bytes,
    file_name: str,
    media_type: str,
    store_dir: Path,
    actor: str,
    holder: str,
    incident_id: str | None = None,
    description: str = "",
    restricted: bool = True,
    collected_at: dt.datetime | None = None,
) -> Evidence:
    """Store an evidence file by content hash and open its chain of custody."""
    check_evidence_content(content, file_name)
    if incident_id is not None:
        incident = session.get(Incident, incident_id)
        if incident is None or incident.conflict_id != conflict_id:
            raise NotFound(f"no incident {incident_id!r} in {conflict_id}")
    digest = hashlib.sha256(content).hexdigest()
    if session.scalars(select(Evidence).where(Evidence.sha256 == digest)).first() is not None:
        raise Conflict(f"evidence with SHA-256 {digest} is stored already")
    path = evidence_path(store_dir, digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(content)
        partial.replace(path)  # a reader never sees half a file
    row = Evidence(
        conflict_id=conflict_id,
        sha256=digest,
        file_name=file_name,
        media_type=media_type,
        size=len(content),
        description=description,
        incident_id=incident_id,
        restricted=restricted,
    )
    session.add(row)
    session.flush()
    append(
        session,
        actor=actor,
        action="incident:evidence:add",
        subject_type="evidence",
        subject_id=str(row.id),
        payload={
            "sha256": digest,
            "file_name": file_name,
            "media_type": media_type,
            "size": len(content),
            "incident_id": incident_id,
            "restricted": restricted,
        },
    )
    record_custody_event(
        session,
        row.id,
        action="collected",
        holder=holder,
        actor=actor,
        at=collected_at or dt.datetime.now(dt.UTC),
    )
    return row


def record_custody_event(
    session: Session,
    evidence_id: int,
    *,
    action: str,
    holder: str,
    actor: str,
    at: dt.datetime,
    note: str = "",
) -> CustodyEvent:
    if session.get(Evidence, evidence_id) is None:
        raise NotFound(f"no evidence {evidence_id}")
    row = CustodyEvent(evidence_id=evidence_id, at=at, action=action, holder=holder, note=note)
    session.add(row)
    session.flush()
    append(
        session,
        actor=actor,
        action=f"incident:custody:{action}",
        subject_type="evidence",
        subject_id=str(evidence_id),
        payload={"at": at, "holder": holder, "note": note},
    )
    return row


def record_tally(session: Session, tally: schema.Tally, *, conflict_id: str, actor: str) -> Tally:
    """Record a count as one body published it; it is never merged with another body's count."""
    if session.get(Tally, tally.id) is not None:
        raise Conflict(f"tally {tally.id} exists already")
    row = Tally(
        conflict_id=conflict_id,
        id=tally.id,
        counted_by=tally.counted_by,
        subject=tally.subject,
        alleged_against=tally.alleged_against,
        agreement_id=tally.agreement,
        period_start=tally.period_start,
        period_end=tally.period_end,
        as_of=tally.as_of,
        low=tally.total.low,
        best=tally.total.best,
        high=tally.total.high,
        categories=[c.model_dump(mode="json") for c in tally.categories],
        note=tally.note,
    )
    session.add(row)
    session.flush()
    for reference in tally.sources:
        _cite_reference(session, conflict_id, "tally", tally.id, reference, None)
    append(
        session,
        actor=actor,
        action="incident:tally:add",
        subject_type="tally",
        subject_id=tally.id,
        payload=tally.model_dump(mode="json") | {"conflict": conflict_id},
    )
    return row
