"""Publishing: making a record visible to the public. Callers commit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from truceline.errors import Conflict, NotFound
from truceline.incidents.models import Incident
from truceline.ledger.services import append


def publish_incident(session: Session, incident_id: str, *, actor: str) -> Incident:
    """Publish an incident and its claims (coordinators only; the caller checks the role)."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"no incident {incident_id!r}")
    if incident.published:
        raise Conflict(f"incident {incident_id} is published already")
    incident.published = True
    for claim in incident.claims:
        claim.published = True
    session.flush()
    append(
        session,
        actor=actor,
        action="publish:incident:publish",
        subject_type="incident",
        subject_id=incident_id,
        payload={"claims": [c.id for c in incident.claims]},
    )
    return incident
