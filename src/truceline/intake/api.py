"""``/api/v1/ingest`` and ``/review``: reports in, candidates out, people decide.

Ingest and review call ``truceline.intake.ingest`` and ``truceline.intake.review``.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field, StrictBool

from truceline.auth.deps import ObserverUser, SubmitterUser
from truceline.domain.inputs import SOURCE_URL_PATTERN
from truceline.intake.api_models import Accepted, Candidate, IngestResult, Rejected
from truceline.intake.ingest import candidate_record, ingest_report
from truceline.intake.review import accept_candidate, list_candidates, reject_candidate
from truceline.web.api_models import IsoDate, RowIdPath, error_responses
from truceline.web.deps import SessionDep

router = APIRouter(tags=["sources"])


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
    return [
        Candidate.model_validate(candidate_record(session, c, viewer.visibility))
        for c in list_candidates(session, viewer.conflict)
    ]


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
