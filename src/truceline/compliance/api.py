"""``/api/v1/compliance``: the compliance document as of a date (the shape of ``truceline compliance
--json``, with the violations, notes and allegations a page at a time): the provisions × parties
matrix, a page of violations with their reasons, a page of notes, a page of the parties'
allegations, commitments; and ``/api/v1/commitments``: each commitment with its status."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from truceline.agreements.api import AtQuery
from truceline.agreements.api_models import CommitmentRecord
from truceline.auth.deps import ConflictDep, CurrentUser, Viewer
from truceline.compliance.api_models import ComplianceDocument
from truceline.compliance.page import MAX_LINKED_IDS
from truceline.compliance.queries import commitment_records
from truceline.compliance.results import UNDETERMINED_PARTY
from truceline.compliance.services import (
    MAX_PAGE_LIMIT,
    PAGE_LIMIT,
    ComplianceVerdicts,
    compliance_page,
    compliance_summary,
    compliance_verdicts,
)
from truceline.errors import InvalidInput
from truceline.incidents.tallies import list_tallies, tally_records
from truceline.web.api_models import IsoDate, error_responses
from truceline.web.cache import app_cache
from truceline.web.deps import SessionDep

router = APIRouter(tags=["compliance"])
#: the commitment tracker (under the agreements tag, beside the agreements it tracks)
commitments_router = APIRouter(tags=["agreements"])

#: an ISO 8601 date-time with its UTC offset (Z or ±hh:mm)
#: past this offset a page is refused (more violations than any record holds)
MAX_OFFSET = 100_000_000
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


def cached_verdicts(
    request: Request,
    session: Session,
    conflict_id: str,
    as_of: dt.date,
    *,
    published_only: bool,
    known_at: dt.datetime | None = None,
) -> ComplianceVerdicts:
    """The verdicts without their reasons (:func:`~truceline.compliance.services.compliance_verdicts`),
    with the agreements, zones and places and the zones drawn, reused until the next write: each
    page of violations, notes and allegations is drawn from them. Kept in this process only
    (keyed by the ledger's head, :mod:`truceline.web.cache`): app servers sharing one database
    each compute their own after a write."""
    return app_cache(request).get_or_compute(
        session,
        ("compliance_verdicts", conflict_id, as_of, published_only, known_at),
        lambda: compliance_verdicts(
            session, as_of, conflict_id=conflict_id, published_only=published_only, known_at=known_at
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
    offset: int = 0,
    limit: int = PAGE_LIMIT,
    notes_offset: int = 0,
    notes_limit: int = PAGE_LIMIT,
    allegations_offset: int = 0,
    allegations_limit: int = PAGE_LIMIT,
    linked: int = 0,
) -> dict[str, Any]:
    """The compliance document for what the viewer may see, with one page of its violations, one
    of its notes and one of its allegations (:func:`~truceline.compliance.services.compliance_page`);
    ``known_at``: on the record as it was known then.

    A reader who is not an observer is judged on the published records only (incidents and
    claims), all of which they may see: the same violations, notes and allegations as the whole
    document filtered to the incidents they may see."""
    published_only = not viewer.is_observer
    ground = cached_verdicts(request, session, viewer.conflict, as_of, published_only=published_only, known_at=known_at)
    tallies = tally_records(session, list_tallies(session, viewer.conflict), viewer.visibility)
    return compliance_page(
        session,
        ground,
        conflict_id=viewer.conflict,
        published_only=published_only,
        known_at=known_at,
        party=party,
        agreement=agreement,
        offset=offset,
        limit=limit,
        notes_offset=notes_offset,
        notes_limit=notes_limit,
        allegations_offset=allegations_offset,
        allegations_limit=allegations_limit,
        tallies=tallies,
        linked=linked,
    )


def page_link(request: Request, offset: int, limit: int, of: str = "") -> str:
    """This request's path and query with ``offset`` and ``limit`` set (the other filters kept);
    ``of``: ``notes`` or ``allegations`` sets theirs (``notes_offset``, ``notes_limit``) instead."""
    prefix = f"{of}_" if of else ""
    url = request.url.include_query_params(**{f"{prefix}offset": offset, f"{prefix}limit": limit})
    return f"{url.path}?{url.query}"


def neighbour_links(
    request: Request, offset: int, limit: int, total: int, of: str = ""
) -> tuple[str | None, str | None]:
    """The next and previous pages' links (:func:`page_link`), ``None`` past either end."""
    following = page_link(request, offset + limit, limit, of) if offset + limit < total else None
    preceding = page_link(request, max(offset - limit, 0), limit, of) if offset > 0 else None
    return following, preceding


def page_query(name: str) -> tuple[Any, Any]:
    """The ``offset`` and ``limit`` parameters of a paged list (``name``: what it lists)."""
    offset = Query(ge=0, le=MAX_OFFSET, description=f"How many {name} (in the list's order) come before this page.")
    limit = Query(ge=1, le=MAX_PAGE_LIMIT, description=f"How many {name} a page lists (at most {MAX_PAGE_LIMIT}).")
    return offset, limit


NOTES_OFFSET, NOTES_LIMIT = page_query("notes")
ALLEGATIONS_OFFSET, ALLEGATIONS_LIMIT = page_query("allegations")


@router.get(
    "/compliance",
    summary="The compliance document as of a date, a page of violations at a time",
    responses=error_responses(401, 404, 422),
)
def compliance_endpoint(
    request: Request,
    response: Response,
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
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="How many violations (in the list's order) come before this page.")
    ] = 0,
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE_LIMIT, description=f"How many violations a page lists (at most {MAX_PAGE_LIMIT}).")
    ] = PAGE_LIMIT,
    notes_offset: Annotated[int, NOTES_OFFSET] = 0,
    notes_limit: Annotated[int, NOTES_LIMIT] = PAGE_LIMIT,
    allegations_offset: Annotated[int, ALLEGATIONS_OFFSET] = 0,
    allegations_limit: Annotated[int, ALLEGATIONS_LIMIT] = PAGE_LIMIT,
) -> ComplianceDocument:
    """The matrix of violations counted by provision × party × status (a breach no one is said to
    have done has party ``null`` and the matrix column ``undetermined``), the parties' allegations
    beside the rule-based verdicts, the notes, provision states and commitments; and one page of
    the violations, each with its explanation.

    Violations come ``limit`` at a time (default 100, at most 1,000) from ``offset``, in a stable
    order: incident start date, incident id, party, provision id. ``total`` counts them all;
    ``next`` (also a ``Link: <…>; rel="next"`` header) is the next page's URL, ``null`` on the last.
    The notes and the allegations are paged alike, each on its own: ``notes_offset`` and
    ``notes_limit`` (default 100, at most 1,000; in the document's order: incident, party,
    provision), ``notes_total``, ``notes_next`` and ``notes_previous``; ``allegations_offset``,
    ``allegations_limit`` (ordered by target, incident date, claim id), ``allegations_total``,
    ``allegations_next`` and ``allegations_previous``. Each page's links keep the other lists'
    places.
    Offset paging, as most list APIs do it, because the list is a judgement computed as of a
    date, not a table that grows while one reads it: a page is a slice of verdicts kept until the
    next write, so any page costs the same, the total is known, and a page can be linked by its
    number. A write between two requests may shift the list; a reader who must not miss a
    violation pins ``known_at``."""
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
        offset=offset,
        limit=limit,
        notes_offset=notes_offset,
        notes_limit=notes_limit,
        allegations_offset=allegations_offset,
        allegations_limit=allegations_limit,
    )
    links = []
    document["next"], document["previous"] = neighbour_links(request, offset, limit, document["total"])
    if document["next"] is not None:
        links.append(f'<{document["next"]}>; rel="next"')
    if document["previous"] is not None:
        links.append(f'<{document["previous"]}>; rel="prev"')
    for of in ("notes", "allegations"):
        document[f"{of}_next"], document[f"{of}_previous"] = neighbour_links(
            request, document[f"{of}_offset"], document[f"{of}_limit"], document[f"{of}_total"], of
        )
    if links:
        response.headers["Link"] = ", ".join(links)
    return ComplianceDocument.model_validate(document)


@commitments_router.get("/commitments", summary="Commitments with deadlines and status", responses=error_responses(422))
def commitments_endpoint(session: SessionDep, conflict: ConflictDep, as_of: AtQuery = None) -> list[CommitmentRecord]:
    """Each commitment's status as of ``as_of``, derived from its deadline and dated events."""
    records = commitment_records(session, as_of or conflict.today(), conflict.id)
    return [CommitmentRecord.model_validate(r) for r in records]
