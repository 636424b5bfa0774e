"""Who may see and cancel which job (shared by the API and the pages)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from truceline.auth.deps import Viewer
from truceline.errors import Forbidden, NotFound
from truceline.jobs.models import Job
from truceline.jobs.services import get_job, request_cancel


def visible_job(session: Session, viewer: Viewer, job_id: int) -> Job:
    """A job of the request's conflict (or store-wide); observers and coordinators see jobs."""
    job = get_job(session, job_id)
    if job.conflict_id not in (None, viewer.conflict_id):
        raise NotFound(f"no job {job_id}")
    return job


def cancel_job(session: Session, viewer: Viewer, job_id: int) -> Job:
    """Coordinators cancel any job; an observer the jobs they asked for."""
    job = visible_job(session, viewer, job_id)
    if not viewer.is_coordinator and job.requested_by != viewer.actor:
        raise Forbidden("only a coordinator or the user who asked for a job may cancel it")
    return request_cancel(session, job_id)
