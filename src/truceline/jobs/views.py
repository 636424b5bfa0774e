"""Job pages: the list and one job, refreshed by the browser while it runs (no script)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from truceline.auth.deps import ObserverUser
from truceline.jobs.access import cancel_job, visible_job
from truceline.jobs.services import job_record, list_jobs
from truceline.jobs.tasks import KINDS
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()

#: seconds between reloads of a page showing an unfinished job
REFRESH_SECONDS = 2


@router.get("/jobs", response_class=HTMLResponse)
def jobs_page(request: Request, session: SessionDep, viewer: ObserverUser) -> HTMLResponse:
    jobs = [job_record(job) for job in list_jobs(session, conflict_id=viewer.conflict_id, limit=100)]
    running = any(job["state"] in ("queued", "running") for job in jobs)
    return render(request, "jobs.html", {"jobs": jobs, "kinds": KINDS, "refresh": REFRESH_SECONDS if running else None})


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(
    request: Request, session: SessionDep, viewer: ObserverUser, job_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> HTMLResponse:
    job = job_record(visible_job(session, viewer, job_id))
    refresh = REFRESH_SECONDS if job["state"] in ("queued", "running") else None
    return render(request, "job.html", {"job": job, "kinds": KINDS, "refresh": refresh})


@router.post("/jobs/{job_id}/cancel")
def cancel_form(
    session: SessionDep, viewer: ObserverUser, job_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> RedirectResponse:
    cancel_job(session, viewer, job_id)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)
