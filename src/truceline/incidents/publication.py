"""Publishing an incident: making it, its claims and the sources they cite visible to the public
(and each a new version). Callers commit."""

from __future__ import annotations

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from truceline.errors import Conflict, Forbidden, NotFound
from truceline.incidents.models import Incident
from truceline.ledger.models import LedgerEntry
from truceline.sources.models import Citation, SourceDocument
from truceline.versions.models import RecordVersion
from truceline.versions.services import Change, append_with_versions


def submitters(session: Session, sources: list[SourceDocument], records: list[tuple[str, str]]) -> set[str]:
    """Who submitted the unpublished ``sources`` or recorded the unpublished ``records``
    (``(subject type, id)`` pairs), by the sources' ``submitted_by`` and the ledger's actors."""
    found = {s.submitted_by for s in sources if s.submitted_by}
    if records:
        found.update(
            session.scalars(
                select(LedgerEntry.actor).where(
                    LedgerEntry.action.in_(["incident:incident:add", "incident:claim:add"]),
                    or_(
                        *[(LedgerEntry.subject_type == kind) & (LedgerEntry.subject_id == id_) for kind, id_ in records]
                    ),
                )
            )
        )
    return found


def publish_incident(
    session: Session,
    incident_id: str,
    *,
    actor: str,
    reason: str = "",
    source: str | None = None,
    by_operator: bool = False,
) -> Incident:
    """Publish an incident, its claims and the source documents they cite (coordinators only;
    the caller checks the role). Separation of duties: nobody publishes what they submitted or
    recorded themselves (Forbidden), not even a coordinator.

    An incident published already may still hold unpublished parts (a party's claim, or a
    party's report attached to it later): publishing it again publishes those. Only when
    nothing is left unpublished is it a conflict. Each record published gets a new version
    (``published``; ``republished`` for an incident unpublished before). A retracted incident
    is not published again.
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
    if incident.retracted:
        raise Conflict(f"incident {incident_id} is retracted: it is not published again")
    unpublished = [("claim", c.id) for c in claims] + ([] if incident.published else [("incident", incident_id)])
    # the operator at the store's command line publishes as the store's own act (like its ingests);
    # a user of the web app or the API never publishes what they submitted or recorded
    if not by_operator and actor in submitters(session, sources, unpublished):
        raise Forbidden(
            f"incident {incident_id} holds a submission of yours: another coordinator must publish it "
            "(a record is never published by the user who submitted it)"
        )
    changes: list[Change] = []
    if not incident.published:
        unpublished_before = session.scalar(
            select(
                exists().where(
                    RecordVersion.kind == "incident",
                    RecordVersion.record_id == incident_id,
                    RecordVersion.change == "unpublished",
                )
            )
        )
        incident.published = True
        changes.append(
            Change("incident", incident, "republished" if unpublished_before else "published", reason, source)
        )
    for claim in claims:
        claim.published = True
        changes.append(Change("claim", claim, "published", reason, source))
    for document in sources:
        document.published = True
        changes.append(Change("source", document, "published", reason, source))
    append_with_versions(
        session,
        actor=actor,
        action="publish:incident:publish",
        subject_type="incident",
        subject_id=incident_id,
        payload={"claims": [c.id for c in claims], "sources": [s.sha256 for s in sources]},
        changes=changes,
    )
    return incident
