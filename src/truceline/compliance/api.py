"""``/api/v1/compliance``: violations as of a date and the provisions × parties matrix."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from truceline.incidents.models import Incident
from truceline.incidents.queries import incident_query
from truceline.vocabulary import ViolationStatus
from truceline.web.commitments import commitment_records
from truceline.web.deps import CurrentUser, SessionDep, Viewer
from truceline.web.optional import violations

router = APIRouter(tags=["compliance"])


def compliance_report(session: Session, as_of: dt.date, viewer: Viewer) -> dict[str, Any]:
    found, available = violations(session, as_of, published_only=not viewer.is_observer)
    if not viewer.is_observer:
        allowed = set(session.scalars(incident_query(viewer.incident_filter()).with_only_columns(Incident.id)))
        found = [v for v in found if v.get("incident_id") in allowed]
    counts: Counter[tuple[str, str, str]] = Counter(
        (str(v["provision_id"]), str(v["party"]), str(v["status"])) for v in found
    )
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for (provision, party, status), n in counts.items():
        cells.setdefault((provision, party), {s.value: 0 for s in ViolationStatus})[status] = n
    matrix = [
        {"provision_id": provision, "party": party, "counts": c, "total": sum(c.values())}
        for (provision, party), c in sorted(cells.items())
    ]
    return {
        "as_of": as_of.isoformat(),
        "engine_available": available,
        "violations": found,
        "matrix": matrix,
        "commitments": commitment_records(session, as_of),
    }


@router.get("/compliance", summary="Violations and commitment status as of a date")
def compliance_endpoint(
    session: SessionDep,
    viewer: CurrentUser,
    as_of: Annotated[dt.date | None, Query(description="The date to judge as of (default today).")] = None,
) -> dict[str, Any]:
    """Every violation with its explanation, counted by provision × party × status; commitments."""
    return compliance_report(session, as_of or dt.date.today(), viewer)
