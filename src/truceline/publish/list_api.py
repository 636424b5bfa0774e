"""``/api/v1/sources``, ``/api/v1/claims`` and ``/api/v1/findings``: the lists of the pages of the
same names, with the same filters (``from``, ``to``, ``kind``, ``party``, ``place``, ``status``,
``q``, ``sort``) read through the same queries, so a reader gets from the API exactly what the page
shows them; paged by ``limit`` and ``offset``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from truceline.auth.deps import CurrentUser
from truceline.incidents.filters import FilterDep
from truceline.publish.api_models import RecordRow, RecordRowPage
from truceline.publish.record_lists import LISTS, find_records, list_filter
from truceline.sources.api_models import SourcePage, SourceRecord
from truceline.sources.queries import source_record
from truceline.web.api_models import error_responses
from truceline.web.deps import SessionDep

router = APIRouter()

MAX_LIMIT = 500
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many matches.")]


@router.get(
    "/sources",
    tags=["sources"],
    summary="Source documents, filtered like the /sources page (newest first unless sort says)",
    responses=error_responses(401, 422),
)
def sources_endpoint(
    session: SessionDep, viewer: CurrentUser, query: FilterDep, limit: Limit = 50, offset: Offset = 0
) -> SourcePage:
    """The source documents the reader may see: ``kind`` a source kind, ``party`` the party that
    submitted it, ``q`` words in its title, publisher or address, dates its publication day."""
    records = LISTS["sources"]
    chosen = list_filter(query, records, newest_first=True)
    total, found = find_records(session, records, chosen, viewer.visibility, limit=limit, offset=offset)
    items = [SourceRecord.model_validate(source_record(document)) for (document,) in found]
    return SourcePage(total=total, limit=limit, offset=offset, items=items)


def _rows(
    name: str, session: SessionDep, viewer: CurrentUser, query: FilterDep, limit: int, offset: int
) -> RecordRowPage:
    records = LISTS[name]
    total, found = find_records(
        session, records, list_filter(query, records), viewer.visibility, limit=limit, offset=offset
    )
    items = [RecordRow.model_validate(records.row(one)) for one in found]
    return RecordRowPage(total=total, limit=limit, offset=offset, items=items)


@router.get(
    "/claims",
    tags=["incidents"],
    summary="The parties' claims, filtered like the /claims page",
    responses=error_responses(401, 422),
)
def claims_endpoint(
    session: SessionDep, viewer: CurrentUser, query: FilterDep, limit: Limit = 50, offset: Offset = 0
) -> RecordRowPage:
    """Claims about the incidents the reader may see, oldest first: ``kind`` an assertion, ``party``
    the claimant or the accused, ``place`` the incident's place, ``status`` published, unpublished
    or retracted, dates the day the claim was made."""
    return _rows("claims", session, viewer, query, limit, offset)


@router.get(
    "/findings",
    tags=["verification"],
    summary="Observers' findings, filtered like the /findings page",
    responses=error_responses(401, 422),
)
def findings_endpoint(
    session: SessionDep, viewer: CurrentUser, query: FilterDep, limit: Limit = 50, offset: Offset = 0
) -> RecordRowPage:
    """Findings on the incidents the reader may see (the public: final ones only), oldest first:
    ``kind`` a result, ``status`` a state, dates the day it was made final (or drafted)."""
    return _rows("findings", session, viewer, query, limit, offset)
