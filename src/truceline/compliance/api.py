"""``/api/v1/compliance``: violations as of a date and the provisions × parties matrix."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from truceline.agreements.queries import commitment_records
from truceline.compliance.api_models import ComplianceReport
from truceline.compliance.results import Assessment
from truceline.compliance.services import assess
from truceline.incidents.models import Incident
from truceline.incidents.queries import incident_query
from truceline.vocabulary import ViolationStatus
from truceline.web.api_models import error_responses
from truceline.web.deps import CurrentUser, SessionDep, Viewer

router = APIRouter(tags=["compliance"])


def cached_assessment(request: Request, session: Session, as_of: dt.date, *, published_only: bool) -> Assessment:
    """The compliance engine's assessment, reused until the next write (``truceline.web.cache``)."""
    cache = request.app.state.cache
    return cache.get_or_compute(
        session,
        ("assessment", as_of, published_only),
        lambda: assess(session, as_of, published_only=published_only),
    )


def compliance_report(request: Request, session: Session, as_of: dt.date, viewer: Viewer) -> dict[str, Any]:
    assessment = cached_assessment(request, session, as_of, published_only=not viewer.is_observer)
    found = [v.to_dict() for v in assessment.violations]
    if not viewer.is_observer:
        allowed = set(session.scalars(incident_query(viewer.incident_filter()).with_only_columns(Incident.id)))
        found = [v for v in found if v["incident_id"] in allowed]
    counts: Counter[tuple[str, str, str]] = Counter((v["provision_id"], v["party"], v["status"]) for v in found)
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for (provision, party, status), n in counts.items():
        cells.setdefault((provision, party), {s.value: 0 for s in ViolationStatus})[status] = n
    matrix = [
        {"provision_id": provision, "party": party, "counts": c, "total": sum(c.values())}
        for (provision, party), c in sorted(cells.items())
    ]
    return {
        "as_of": as_of.isoformat(),
        "violations": found,
        "matrix": matrix,
        "commitments": commitment_records(session, as_of),
    }


@router.get("/compliance", summary="Violations and commitment status as of a date", responses=error_responses(401, 422))
def compliance_endpoint(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    as_of: Annotated[dt.date | None, Query(description="The date to judge as of (default today).")] = None,
) -> ComplianceReport:
    """Every violation with its explanation, counted by provision × party × status; commitments."""
    return ComplianceReport.model_validate(compliance_report(request, session, as_of or dt.date.today(), viewer))
