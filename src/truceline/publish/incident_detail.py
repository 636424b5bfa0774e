"""One incident in full, as a reader sees it: facts, sources with the supporting words, claims,
evidence, the findings on it, the violations the compliance engine derives, and its history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from truceline.auth.deps import Viewer
from truceline.compliance.services import violations_for
from truceline.conflicts.services import conflict_definition
from truceline.history.queries import visible_history
from truceline.incidents.detail import incident_detail
from truceline.verification.queries import incident_findings


def incident_in_full(
    session: Session, incident_id: str, viewer: Viewer, *, as_of: dt.date | None = None
) -> dict[str, Any]:
    record = incident_detail(session, incident_id, viewer)
    conflict = conflict_definition(session, record["conflict"])
    record["findings"] = incident_findings(session, incident_id, observer=viewer.is_observer)
    found = violations_for(
        session,
        as_of or conflict.today(),
        incident_id=incident_id,
        conflict_id=conflict.id,
        published_only=not viewer.is_observer,
    )
    record["violations"] = [v.to_dict() for v in found]
    record["history"] = visible_history(session, "incident", incident_id, viewer.visibility)
    return record
