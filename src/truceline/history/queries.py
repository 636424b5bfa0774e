"""Reading a record's history as a reader may see it (the one visibility policy)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from truceline.agreements.models import Agreement, Commitment, Provision
from truceline.errors import NotFound
from truceline.incidents.models import Claim, Incident
from truceline.sources.models import SourceDocument
from truceline.versions.content import kinds
from truceline.versions.services import check_not_retracted, history
from truceline.visibility import Visibility

#: the versioned kinds: incidents, claims, sources, agreements, provisions, commitments (the models
#: imported above register them)
VERSIONED = kinds()


def _incident(session: Session, incident_id: str, visibility: Visibility) -> Incident:
    incident = session.get(Incident, incident_id)
    if (
        incident is None
        or (visibility.conflict_id is not None and incident.conflict_id != visibility.conflict_id)
        or not visibility.sees(incident.published, incident.submitted_for_party)
    ):
        raise NotFound(f"no incident {incident_id!r}")
    return incident


def check_visible(session: Session, kind: str, record_id: str, visibility: Visibility) -> None:
    """NotFound unless the reader may see the record; :class:`Retracted` for a retracted one read publicly."""
    missing = NotFound(f"no {kind} {record_id!r}")
    if kind == "incident":
        incident = _incident(session, record_id, visibility)
        check_not_retracted(session, "incident", record_id, incident.retracted, visibility)
    elif kind == "claim":
        claim = session.get(Claim, record_id)
        if claim is None or not visibility.sees(claim.published, claim.submitted_for_party):
            raise missing
        incident = _incident(session, claim.incident_id, visibility)
        check_not_retracted(session, "incident", incident.id, incident.retracted, visibility)
        check_not_retracted(session, "claim", record_id, claim.retracted, visibility)
    elif kind == "source":
        number = int(record_id) if record_id.isdigit() and len(record_id) <= 9 else None
        document = session.get(SourceDocument, number) if number is not None else None
        if (
            document is None
            or (visibility.conflict_id is not None and document.conflict_id != visibility.conflict_id)
            or not visibility.sees(document.published, document.submitted_for_party)
        ):
            raise missing
    else:
        model: Any = {"agreement": Agreement, "provision": Provision, "commitment": Commitment}[kind]
        row = session.get(model, record_id)
        if row is None:
            raise missing
        conflict_id = row.agreement.conflict_id if kind == "provision" else row.conflict_id
        if visibility.conflict_id is not None and conflict_id != visibility.conflict_id:
            raise missing


def visible_history(session: Session, kind: str, record_id: str, visibility: Visibility) -> list[dict[str, Any]]:
    """A record's versions (without their full content) if the reader may see the record."""
    check_visible(session, kind, record_id, visibility)
    versions = history(session, kind, record_id)
    for version in versions:
        version.pop("content", None)
        if visibility.published_only:  # what a field held while it was not public is not shown
            version["diff"] = [d for d in version["diff"] if d["field"] != "submitted_for_party"]
    return versions
