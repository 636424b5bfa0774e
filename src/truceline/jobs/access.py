"""Who may see and cancel which job, and download the file it produced (shared by the API and
the pages).

Observers and coordinators see the jobs of their conflict. Anyone else sees only the jobs they
asked for themselves (a report from a page): a user by their id, a visitor who is not logged in
by a random token in their session cookie (the job keeps its SHA-256 only). The token outlives a
login in the same browser, so a report asked for just before logging in is still found. A job's
file is downloaded by whoever asked for it, or a coordinator.
"""

from __future__ import annotations

import hashlib
import secrets

from fastapi import Request
from sqlalchemy.orm import Session

from truceline.auth.deps import Viewer
from truceline.errors import Forbidden, NotFound
from truceline.jobs.models import Job, JobFile
from truceline.jobs.services import file_expired, get_job, job_file, request_cancel
from truceline.web.security import VISITOR_TOKEN, web_session


def requester_key(request: Request, viewer: Viewer, *, create: bool = False) -> str | None:
    """Who is asking, as a job records its requester: ``user:<id>``, or for a visitor who is not
    logged in ``visitor:<sha256 of the cookie's token>`` (the token made when ``create``)."""
    if viewer.user_id is not None:
        return f"user:{viewer.user_id}"
    session = web_session(request)
    token = session.get(VISITOR_TOKEN)
    if not isinstance(token, str) or not token:
        if not create:
            return None
        token = secrets.token_urlsafe(32)
        session.set(VISITOR_TOKEN, token)
    return "visitor:" + hashlib.sha256(token.encode()).hexdigest()


def requester_keys(request: Request, viewer: Viewer) -> frozenset[str]:
    """Every key under which this browser may have asked for a job: the user's and, when the
    cookie still holds one, the visitor token's from before the login."""
    keys = {requester_key(request, viewer)}
    if viewer.user_id is not None:
        token = web_session(request).get(VISITOR_TOKEN)
        if isinstance(token, str) and token:
            keys.add("visitor:" + hashlib.sha256(token.encode()).hexdigest())
    return frozenset(key for key in keys if key is not None)


def asked_by(job: Job, requesters: frozenset[str]) -> bool:
    """Whether one of ``requesters`` (:func:`requester_keys`) asked for the job."""
    return job.arguments.get("requester") in requesters


def visible_job(session: Session, viewer: Viewer, job_id: int, requesters: frozenset[str] = frozenset()) -> Job:
    """A job of the request's conflict (or store-wide): observers and coordinators see any;
    anyone else only one they asked for (others are not found)."""
    job = get_job(session, job_id)
    if job.conflict_id not in (None, viewer.conflict_id):
        raise NotFound(f"no job {job_id}")
    if not viewer.is_observer and not asked_by(job, requesters):
        raise NotFound(f"no job {job_id}")
    return job


def downloadable_file(session: Session, viewer: Viewer, job_id: int, requesters: frozenset[str]) -> JobFile:
    """The file a job produced, for the person who asked for it or a coordinator."""
    job = visible_job(session, viewer, job_id, requesters)
    if not viewer.is_coordinator and not asked_by(job, requesters):
        raise Forbidden("only the person who asked for this file, or a coordinator, may download it")
    kept = job_file(session, job_id)
    if kept is None:
        if file_expired(job, kept):
            raise NotFound(
                f"job {job_id}'s file was removed: files are kept for a limited time; ask for the report again "
                "from its page"
            )
        raise NotFound(f"job {job_id} has no file to download" + ("" if job.finished else " yet: it is " + job.state))
    return kept


def cancel_job(session: Session, viewer: Viewer, job_id: int) -> Job:
    """Coordinators cancel any job; an observer the jobs they asked for."""
    job = visible_job(session, viewer, job_id)
    if not viewer.is_coordinator and job.requested_by != viewer.actor:
        raise Forbidden("only a coordinator or the user who asked for a job may cancel it")
    return request_cancel(session, job_id)
