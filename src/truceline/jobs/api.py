"""``/api/v1/jobs``: background jobs, their progress and outcome; cancelling one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from truceline.auth.deps import ObserverUser
from truceline.jobs.access import cancel_job, visible_job
from truceline.jobs.api_models import JobRecord, JobState
from truceline.jobs.services import job_record, list_jobs
from truceline.web.api_models import error_responses
from truceline.web.deps import SessionDep

router = APIRouter(tags=["jobs"])

JobId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The job's id.")]


@router.get("/jobs", summary="Background jobs, newest first", responses=error_responses(401, 403, 422))
def jobs_endpoint(
    session: SessionDep,
    viewer: ObserverUser,
    state: Annotated[JobState | None, Query(description="Only jobs in this state.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[JobRecord]:
    jobs = list_jobs(session, state=state, conflict_id=viewer.conflict_id, limit=limit)
    return [JobRecord.model_validate(job_record(job)) for job in jobs]


@router.get(
    "/jobs/{job_id}", summary="One job: state, progress, counts, errors", responses=error_responses(401, 403, 404, 422)
)
def job_endpoint(session: SessionDep, viewer: ObserverUser, job_id: JobId) -> JobRecord:
    return JobRecord.model_validate(job_record(visible_job(session, viewer, job_id)))


@router.post(
    "/jobs/{job_id}/cancel",
    summary="Cancel a job: a queued one at once, a running one at its next batch",
    responses=error_responses(401, 403, 404, 409, 422),
)
def cancel_endpoint(session: SessionDep, viewer: ObserverUser, job_id: JobId) -> JobRecord:
    job = cancel_job(session, viewer, job_id)
    session.flush()
    return JobRecord.model_validate(job_record(job))
