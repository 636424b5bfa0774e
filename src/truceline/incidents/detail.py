"""One incident as a viewer may see it: facts, sources with the supporting words, claims and
evidence; and the claims side by side by party."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from truceline.auth.deps import Viewer
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import NotFound
from truceline.incidents.models import Evidence, Incident
from truceline.incidents.queries import incident_records
from truceline.sources.excerpts import excerpts
from truceline.sources.models import SourceDocument
from truceline.versions.services import check_not_retracted


def visible_incident(session: Session, incident_id: str, viewer: Viewer) -> tuple[Incident, Viewer]:
    """The incident and the viewer as seen in the incident's conflict, or NotFound when it does
    not exist or the viewer may not see it."""
    incident = session.scalars(
        select(Incident)
        .where(Incident.id == incident_id)
        .options(selectinload(Incident.casualties), selectinload(Incident.claims), selectinload(Incident.place))
    ).first()
    if incident is None:
        raise NotFound(f"no incident {incident_id!r}")
    viewer = replace(viewer, conflict_id=incident.conflict_id)
    if not viewer.visibility.sees(incident.published, incident.submitted_for_party):
        raise NotFound(f"no incident {incident_id!r}")
    return incident, viewer


def incident_detail(session: Session, incident_id: str, viewer: Viewer) -> dict[str, Any]:
    """The incident's facts, claims, sources with the supporting words in context, and the
    evidence the viewer may see (its findings and violations are added where they are read:
    ``truceline.publish.incident_detail``)."""
    incident, viewer = visible_incident(session, incident_id, viewer)
    check_not_retracted(session, "incident", incident_id, incident.retracted, viewer.visibility)
    # the claims and sources the viewer may see, by the same rule as the list and the exports
    record = incident_records(session, [incident], viewer.visibility)[0]
    documents = {
        d.id: d
        for d in session.scalars(
            select(SourceDocument).where(SourceDocument.id.in_([s["id"] for s in record["sources"]]))
        )
    }
    for source in record["sources"]:
        document = documents[source["id"]]
        source["has_full_text"] = document.has_full_text
        source["excerpts"] = excerpts(document.content, source["spans"]) if document.has_full_text else []
    evidence = session.scalars(select(Evidence).where(Evidence.incident_id == incident_id).order_by(Evidence.id))
    record["evidence"] = [
        {
            "id": e.id,
            "sha256": e.sha256,
            "file_name": e.file_name,
            "media_type": e.media_type,
            "size": e.size,
            "description": e.description,
            "restricted": e.restricted,
        }
        for e in evidence
        if viewer.is_observer or not e.restricted
    ]
    record["conflict"] = incident.conflict_id
    record["retracted"] = incident.retracted
    record["superseded_by"] = incident.superseded_by
    return record


def claims_by_party(claims: list[dict[str, Any]], conflict: ConflictDefinition) -> dict[str, list[dict[str, Any]]]:
    """The claims side by side: one column per claimant's principal party (a force counts as its state),
    principals in the conflict's order."""
    columns: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        columns.setdefault(conflict.principal_of(str(claim["claimant"])), []).append(claim)
    return dict(sorted(columns.items(), key=lambda item: (conflict.principal_order(item[0]), item[0])))
