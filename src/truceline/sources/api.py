"""``/api/v1/sources/{id}``: one source document a reader may see (the filtered list of them is
``truceline.publish.list_api``)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session

from truceline.auth.deps import CurrentUser, Viewer
from truceline.errors import NotFound
from truceline.sources.api_models import SourceDetail
from truceline.sources.models import SourceDocument
from truceline.sources.queries import source_record, visible_sources
from truceline.web.api_models import RowIdPath, error_responses
from truceline.web.deps import SessionDep

router = APIRouter(tags=["sources"])


def latest_sources(session: Session, viewer: Viewer, *, limit: int = 10, offset: int = 0) -> list[SourceDocument]:
    newest_first = (SourceDocument.published_on.desc().nulls_last(), SourceDocument.id.desc())
    query = visible_sources(viewer.visibility).order_by(*newest_first)
    return list(session.scalars(query.limit(limit).offset(offset)))


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
