"""Publishing: making a record visible to the public. Callers commit."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from truceline.errors import Conflict, NotFound
from truceline.incidents.models import Incident
from truceline.ledger.services import append
from truceline.sources.models import Citation, SourceDocument


def publish_incident(session: Session, incident_id: str, *, actor: str) -> Incident:
    """Publish an incident, its claims and the source documents they cite (coordinators only;
    the caller checks the role).

    An incident published already may still hold unpublished parts (a party's claim, or a
    party's report attached to it later): publishing it again publishes those. Only when
    nothing is left unpublished is it a conflict.
    """
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"no incident {incident_id!r}")
    claims = [c for c in incident.claims if not c.published]
    cited = select(Citation.source_id).where(
        or_(
            (Citation.subject_type == "incident") & (Citation.subject_id == incident_id),
            (Citation.subject_type == "claim") & Citation.subject_id.in_([c.id for c in incident.claims]),
        )
    )
    sources = list(
        session.scalars(
            select(SourceDocument)
            .where(SourceDocument.id.in_(cited), SourceDocument.published.is_(False))
            .order_by(SourceDocument.id)
        )
    )
    if incident.published and not claims and not sources:
        raise Conflict(f"incident {incident_id} is published already")
    incident.published = True
    for claim in claims:
        claim.published = True
    for source in sources:
        source.published = True
    session.flush()
    append(
        session,
        actor=actor,
        action="publish:incident:publish",
        subject_type="incident",
        subject_id=incident_id,
        payload={"claims": [c.id for c in claims], "sources": [s.sha256 for s in sources]},
    )
    return incident
