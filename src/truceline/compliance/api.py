"""``/api/v1/compliance``: the compliance document as of a date (the same as ``truceline compliance
--json``): violations, the provisions × parties matrix, the parties' allegations, commitments; and
``/api/v1/commitments``: each commitment with its status."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from truceline.agreements.api import AtQuery
from truceline.agreements.api_models import CommitmentRecord
from truceline.auth.deps import ConflictDep, CurrentUser, Viewer
from truceline.compliance.api_models import ComplianceDocument
from truceline.compliance.page import MAX_LINKED_IDS
from truceline.compliance.queries import commitment_records
from truceline.compliance.results import UNDETERMINED_PARTY, Assessment, compliance_document
from truceline.compliance.services import assess, compliance_summary
from truceline.errors import InvalidInput
from truceline.incidents.models import Incident
from truceline.incidents.queries import IncidentFilter, incident_query
from truceline.incidents.tallies import list_tallies, tally_records
from truceline.web.api_models import IsoDate, error_responses
from truceline.web.cache import app_cache
from truceline.web.deps import SessionDep

router = APIRouter(tags=["compliance"])
#: the commitment tracker (under the agreements tag, beside the agreements it tracks)
commitments_router = APIRouter(tags=["agreements"])

#: an ISO 8601 date-time with its UTC offset (Z or ±hh:mm)
KNOWN_AT_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$"


def known_at_time(value: str | None) -> dt.datetime | None:
    """The ``known_at`` parameter as an aware date-time, or a clear refusal."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"known_at {value!r} is not an ISO 8601 date-time") from None
    if moment.utcoffset() is None:
        raise InvalidInput("known_at needs its UTC offset (e.g. 2026-01-05T14:00:00+07:00 or …Z)")
    return moment


def cached_assessment(
    request: Request,
    session: Session,
    conflict_id: str,
    as_of: dt.date,
    *,
    published_only: bool,
    known_at: dt.datetime | None = None,
) -> Assessment:
    """The compliance engine's assessment, reused until the next write (``truceline.web.cache``)."""
    cache = app_cache(request)
    return cache.get_or_compute(
        session,
        ("assessment", conflict_id, as_of, published_only, known_at),
        lambda: assess(session, as_of, conflict_id=conflict_id, published_only=published_only, known_at=known_at),
    )


def cached_summary(request: Request, session: Session, as_of: dt.date, viewer: Viewer) -> dict[str, Any]:
    """The compliance matrix for what the viewer may see, without the violations' reasons
    (:func:`~truceline.compliance.services.compliance_summary`: the verdicts alone, much cheaper
    than the whole document on a large record), reused until the next write. The same matrix as
    :func:`compliance_report`'s: the assessment a reader who is not an observer gets holds only
    published records, all of which they may see."""
    published_only = not viewer.is_observer
    return app_cache(request).get_or_compute(
        session,
        ("compliance_summary", viewer.conflict, as_of, published_only),
        lambda: compliance_summary(
            session, as_of, conflict_id=viewer.conflict, published_only=published_only, linked=MAX_LINKED_IDS
        ),
    )


def compliance_report(
    request: Request,
    session: Session,
    as_of: dt.date,
    viewer: Viewer,
    *,
    party: str | None = None,
    agreement: str | None = None,
    known_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """The compliance document (:func:`~truceline.compliance.results.compliance_document`) for what
    the viewer may see; ``known_at``: on the record as it was known then."""
    assessment = cached_assessment(
        request, session, viewer.conflict, as_of, published_only=not viewer.is_observer, known_at=known_at
    )
    visible = None
    if not viewer.is_observer:
        visible = set(
            session.scalars(incident_query(IncidentFilter.within(viewer.visibility)).with_only_columns(Incident.id))
        )
    tallies = tally_records(session, list_tallies(session, viewer.conflict), viewer.visibility)
    document = compliance_document(assessment, party=party, agreement=agreement, visible=visible, tallies=tallies)
    return document


@router.get("/compliance", summary="The compliance document as of a date", responses=error_responses(401, 404, 422))
def compliance_endpoint(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    as_of: Annotated[IsoDate | None, Query(description="The date to judge as of (default today).")] = None,
    party: Annotated[
        str | None,
        Query(max_length=16, description=f"Only this party's (a party code, or '{UNDETERMINED_PARTY}')."),
    ] = None,
    agreement: Annotated[str | None, Query(max_length=200, description="Only this agreement's.")] = None,
    known_at: Annotated[
        str | None,
        Query(
            pattern=KNOWN_AT_PATTERN,
            max_length=40,
            description="Judge the record as it was known at this instant (ISO 8601 with its UTC offset, "
            "e.g. 2025-12-01T18:00:00+07:00): the versions current then, before any later correction.",
        ),
    ] = None,
) -> ComplianceDocument:
    """Every violation with its explanation (a breach no one is said to have done has party
    ``null`` and the matrix column ``undetermined``), counted by provision × party × status; the
    parties' allegations beside the rule-based verdicts; provision states; commitments."""
    if party is not None:
        party = UNDETERMINED_PARTY if party.lower() == UNDETERMINED_PARTY else party.upper()
    document = compliance_report(
        request,
        session,
        as_of or conflict.today(),
        viewer,
        party=party,
        agreement=agreement,
        known_at=known_at_time(known_at),
    )
    return ComplianceDocument.model_validate(document)


@commitments_router.get("/commitments", summary="Commitments with deadlines and status", responses=error_responses(422))
def commitments_endpoint(session: SessionDep, conflict: ConflictDep, as_of: AtQuery = None) -> list[CommitmentRecord]:
    """Each commitment's status as of ``as_of``, derived from its deadline and dated events."""
    records = commitment_records(session, as_of or conflict.today(), conflict.id)
    return [CommitmentRecord.model_validate(r) for r in records]
