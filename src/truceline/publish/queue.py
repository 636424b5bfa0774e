"""The publish queue: what was accepted and waits for a coordinator to publish it.

An incident waits when it is unpublished (accepted from the review queue, or submitted by a party
or on the web), or when it is published but holds a claim that is not (a party's claim added
later). Retracted and superseded incidents never wait. Publishing is
:func:`truceline.incidents.publication.publish_incident`: a coordinator's act, and never that of the
user who submitted the record.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from truceline.incidents.models import Claim, Incident
from truceline.incidents.publication import submitters
from truceline.sources.models import Citation, SourceDocument


@dataclass(frozen=True)
class Waiting:
    incident: Incident
    #: what waits: "incident" (with its claims and sources), or "claims" of a published incident
    what: str
    unpublished_claims: int
    #: who submitted or recorded it: they may not publish it themselves
    submitted_by: frozenset[str]


def awaiting_publication(session: Session, conflict_id: str) -> list[Waiting]:
    """Incidents of the conflict with something waiting to be published, oldest event first."""
    unpublished_claim = exists().where(Claim.incident_id == Incident.id, Claim.published.is_(False))
    rows = session.scalars(
        select(Incident)
        .where(
            Incident.conflict_id == conflict_id,
            Incident.superseded_by.is_(None),
            Incident.retracted.is_(False),
            or_(Incident.published.is_(False), unpublished_claim),
        )
        .order_by(Incident.date_start, Incident.id)
    )
    waiting = []
    for incident in rows:
        claims = [c for c in incident.claims if not c.published]
        cited = select(Citation.source_id).where(
            Citation.subject_type == "incident", Citation.subject_id == incident.id
        )
        sources = list(
            session.scalars(
                select(SourceDocument).where(SourceDocument.id.in_(cited), SourceDocument.published.is_(False))
            )
        )
        records = [("claim", c.id) for c in claims] + ([] if incident.published else [("incident", incident.id)])
        waiting.append(
            Waiting(
                incident=incident,
                what="claims" if incident.published else "incident",
                unpublished_claims=len(claims),
                submitted_by=frozenset(submitters(session, sources, records)),
            )
        )
    return waiting
