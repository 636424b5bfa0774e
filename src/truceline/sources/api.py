"""``/api/v1/sources``: the source documents a reader may see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truceline.auth.deps import CurrentUser, Viewer
from truceline.errors import NotFound
from truceline.sources.api_models import SourceDetail, SourcePage, SourceRecord
from truceline.sources.models import SourceDocument
from truceline.sources.queries import source_record, visible_sources
from truceline.web.api_models import RowIdPath, error_responses
from truceline.web.deps import SessionDep

router = APIRouter(tags=["sources"])


def latest_sources(session: Session, viewer: Viewer, *, limit: int = 10, offset: int = 0) -> list[SourceDocument]:
    newest_first = (SourceDocument.published_on.desc().nulls_last(), SourceDocument.id.desc())
    query = visible_sources(viewer.visibility).order_by(*newest_first)
    return list(session.scalars(query.limit(limit).offset(offset)))


@router.get("/sources", summary="Source documents, newest first", responses=error_responses(401, 422))
def sources_endpoint(
    session: SessionDep,
    viewer: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> SourcePage:
    total = session.scalar(select(func.count()).select_from(visible_sources(viewer.visibility).subquery())) or 0
    items = [
        SourceRecord.model_validate(source_record(d))
        for d in latest_sources(session, viewer, limit=limit, offset=offset)
    ]
    return SourcePage(total=total, limit=limit, offset=offset, items=items)


@router.get(
    "/sources/{source_id}",
    summary="One source document, with its text when we hold it",
    responses=error_responses(401, 404, 422),
)
def source_endpoint(session: SessionDep, viewer: CurrentUser, source_id: RowIdPath) -> SourceDetail:
    document = session.scalars(visible_sources(viewer.visibility).where(SourceDocument.id == source_id)).first()
    if document is None:
        raise NotFound(f"no source {source_id}")
    return SourceDetail.model_validate(
        source_record(document)
        | {
            "has_full_text": document.has_full_text,
            "content": document.content if document.has_full_text else None,
            "retrieved_at": document.retrieved_at.isoformat(),
        }
    )
