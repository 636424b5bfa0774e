"""One incident as a viewer may see it: facts, sources with the supporting words, claims,
findings, evidence and the violations the compliance engine derives."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from truceline.compliance.services import violations_for
from truceline.conflicts.services import conflict_definition
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import NotFound
from truceline.incidents.models import Evidence, Incident
from truceline.incidents.queries import incident_records
from truceline.sources.models import SourceDocument
from truceline.verification.models import Finding
from truceline.verification.queries import finding_record
from truceline.verification.workflow import FindingAction, allowed_actions
from truceline.versions.queries import check_not_retracted, visible_history
from truceline.web.deps import Viewer

#: characters of context shown either side of a supporting span
CONTEXT = 160


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


def excerpts(content: str, spans: list[list[int]]) -> list[dict[str, Any]]:
    """The supporting words in context, for a reader: spans whose context windows touch are shown
    as one excerpt, each excerpt a list of parts, the supporting ones marked with their offsets."""
    windows: list[list[Any]] = []  # [start, end, [spans]]
    for start, end in sorted((int(a), int(b)) for a, b in spans):
        begin, stop = max(0, start - CONTEXT), min(len(content), end + CONTEXT)
        if windows and begin <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], stop)
            windows[-1][2].append((start, end))
        else:
            windows.append([begin, stop, [(start, end)]])
    out = []
    for begin, stop, marked in windows:
        parts: list[dict[str, Any]] = []
        cursor = begin
        for start, end in marked:
            start = max(start, cursor)  # overlapping spans: mark the words once
            if start >= end:
                continue
            if start > cursor:
                parts.append({"text": content[cursor:start], "mark": False})
            parts.append({"text": content[start:end], "mark": True, "span": f"{start}-{end}"})
            cursor = end
        if stop > cursor:
            parts.append({"text": content[cursor:stop], "mark": False})
        out.append(
            {
                "start": begin,
                "end": stop,
                "clipped_start": begin > 0,
                "clipped_end": stop < len(content),
                "parts": parts,
            }
        )
    return out


def finding_actions(state: str) -> list[str]:
    """The workflow actions an observer may take on a finding in ``state``."""
    return [a.value for a in allowed_actions(state) if a != FindingAction.CREATE]


def incident_detail(
    session: Session, incident_id: str, viewer: Viewer, *, as_of: dt.date | None = None
) -> dict[str, Any]:
    incident, viewer = visible_incident(session, incident_id, viewer)
    check_not_retracted(session, "incident", incident_id, incident.retracted, viewer.visibility)
    conflict = conflict_definition(session, incident.conflict_id)
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
    findings = session.scalars(select(Finding).where(Finding.incident_id == incident_id).order_by(Finding.id))
    record["findings"] = [
        finding_record(f) | {"actions": finding_actions(f.state) if viewer.is_observer else []}
        for f in findings
        if viewer.is_observer or f.state == "final"
    ]
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
    found = violations_for(
        session,
        as_of or conflict.today(),
        incident_id=incident_id,
        conflict_id=conflict.id,
        published_only=not viewer.is_observer,
    )
    record["violations"] = [v.to_dict() for v in found]
    record["conflict"] = conflict.id
    record["retracted"] = incident.retracted
    record["superseded_by"] = incident.superseded_by
    record["history"] = visible_history(session, "incident", incident_id, viewer.visibility)
    return record


def claims_by_party(claims: list[dict[str, Any]], conflict: ConflictDefinition) -> dict[str, list[dict[str, Any]]]:
    """The claims side by side: one column per claimant's principal party (a force counts as its state),
    principals in the conflict's order."""
    columns: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        columns.setdefault(conflict.principal_of(str(claim["claimant"])), []).append(claim)
    return dict(sorted(columns.items(), key=lambda item: (conflict.principal_order(item[0]), item[0])))
