"""``/api/v1/sources``, ``/ingest`` and ``/review``: reports in, candidates out, people decide.

Ingest and review call ``truceline.sources.ingest`` and ``truceline.sources.review``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, StrictBool
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truceline.domain.inputs import SOURCE_URL_PATTERN
from truceline.errors import NotFound
from truceline.incidents.queries import source_record, visible_sources
from truceline.sources.api_models import (
    Accepted,
    Candidate,
    IngestResult,
    Rejected,
    SourceDetail,
    SourcePage,
    SourceRecord,
)
from truceline.sources.ingest import candidate_record, ingest_report
from truceline.sources.models import SourceDocument
from truceline.sources.review import accept_candidate, list_candidates, reject_candidate
from truceline.web.api_models import IsoDate, RowIdPath, error_responses
from truceline.web.deps import CurrentUser, ObserverUser, SessionDep, SubmitterUser, Viewer

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


class IngestRequest(BaseModel):
    text: str = Field(min_length=1, max_length=200_000, description="The report's full text.")
    published: IsoDate = Field(description="When the report was published (YYYY-MM-DD).")
    url: str | None = Field(
        default=None, max_length=2000, pattern=SOURCE_URL_PATTERN, description="Where it was published (http/https)."
    )
    publisher: str | None = Field(default=None, max_length=200)
    dry_run: StrictBool = Field(default=False, description="Propose candidates without storing anything.")


@router.post(
    "/ingest",
    summary="Ingest a report: store it and queue what it reports for review",
    responses=error_responses(400, 401, 403, 422),
)
def ingest_endpoint(session: SessionDep, viewer: SubmitterUser, body: IngestRequest) -> IngestResult:
    result = ingest_report(
        session,
        conflict_id=viewer.conflict,
        text=body.text,
        published=body.published,
        url=body.url,
        publisher=body.publisher,
        actor=viewer.actor,
        dry_run=body.dry_run,
        submitted_for_party=viewer.speaks_for,
        visibility=viewer.visibility,
        publish=False,  # publication is a coordinator's act, and never the submitter's
    )
    return IngestResult.model_validate(result.to_dict())


@router.get("/review", summary="The review queue", responses=error_responses(401, 403))
def review_endpoint(session: SessionDep, viewer: ObserverUser) -> list[Candidate]:
    return [Candidate.model_validate(candidate_record(c)) for c in list_candidates(session, viewer.conflict)]


def edit_text(value: str | int | float | bool | None) -> str:
    """A JSON edit value as the text a ``--edit FIELD=VALUE`` would give: null clears the field."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class AcceptRequest(BaseModel):
    edits: dict[str, str | int | float | bool | None] = Field(
        default_factory=dict, max_length=50, description="Fields to change before accepting (FIELD: value)."
    )
    attach_to: str | None = Field(default=None, max_length=120, description="Merge into this existing incident.")
    force_new: StrictBool = Field(default=False, description="Make a new incident although possible duplicates exist.")


class RejectRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


@router.post(
    "/review/{candidate_id}/accept",
    summary="Accept (optionally edited, or merged) a candidate",
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def accept_endpoint(
    session: SessionDep,
    viewer: ObserverUser,
    candidate_id: RowIdPath,
    body: AcceptRequest,
) -> Accepted:
    result = accept_candidate(
        session,
        candidate_id,
        edits={k: edit_text(v) for k, v in body.edits.items()},
        actor=viewer.actor,
        attach_to=body.attach_to,
        force_new=body.force_new,
    )
    return Accepted(id=candidate_id, status="accepted", result=result)


@router.post(
    "/review/{candidate_id}/reject",
    summary="Reject a candidate, with the reason",
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def reject_endpoint(
    session: SessionDep,
    viewer: ObserverUser,
    candidate_id: RowIdPath,
    body: RejectRequest,
) -> Rejected:
    reject_candidate(session, candidate_id, reason=body.reason, actor=viewer.actor)
    return Rejected(id=candidate_id, status="rejected", reason=body.reason)
