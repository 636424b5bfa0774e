"""Job pages: the list and one job, refreshed by the browser while it runs (no script), and the
download of the file a job produced (a report asked for from a page)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from truceline.auth.deps import CurrentUser, ObserverUser
from truceline.jobs.access import asked_by, cancel_job, downloadable_file, requester_keys, visible_job
from truceline.jobs.services import file_expired, file_record, job_file, job_record, list_jobs
from truceline.jobs.tasks import KINDS
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()

#: seconds between reloads of a page showing an unfinished job
REFRESH_SECONDS = 2

JobId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/jobs", response_class=HTMLResponse)
def jobs_page(request: Request, session: SessionDep, viewer: ObserverUser) -> HTMLResponse:
    jobs = [job_record(job) for job in list_jobs(session, conflict_id=viewer.conflict_id, limit=100)]
    running = any(job["state"] in ("queued", "running") for job in jobs)
    return render(request, "jobs.html", {"jobs": jobs, "kinds": KINDS, "refresh": REFRESH_SECONDS if running else None})


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, session: SessionDep, viewer: CurrentUser, job_id: JobId) -> HTMLResponse:
    """One job: observers and coordinators see any; others the reports they asked for."""
    requesters = requester_keys(request, viewer)
    found = visible_job(session, viewer, job_id, requesters)
    job = job_record(found)
    kept = job_file(session, job_id)
    refresh = REFRESH_SECONDS if job["state"] in ("queued", "running") else None
    context = {
        "job": job,
        "kinds": KINDS,
        "refresh": refresh,
        "file": file_record(kept) if kept is not None else None,
        "file_expired": file_expired(found, kept),
        "may_download": viewer.is_coordinator or asked_by(found, requesters),
    }
    return render(request, "job.html", context)


@router.get("/jobs/{job_id}/file")
def job_file_download(request: Request, session: SessionDep, viewer: CurrentUser, job_id: JobId) -> Response:
    """The file a job produced, for the person who asked for it or a coordinator."""
    kept = downloadable_file(session, viewer, job_id, requester_keys(request, viewer))
    return Response(
        kept.content,
        media_type=kept.media_type,
        headers={"content-disposition": f'attachment; filename="{kept.name}"', "cache-control": "private, no-store"},
    )


@router.post("/jobs/{job_id}/cancel")
def cancel_form(session: SessionDep, viewer: ObserverUser, job_id: JobId) -> RedirectResponse:
    cancel_job(session, viewer, job_id)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)
