"""The web app's conflict switch: which conflict the pages show."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from truceline.conflicts.services import resolve_conflict
from truceline.web.deps import CONFLICT_KEY, SessionDep
from truceline.web.security import web_session

router = APIRouter()


@router.post("/conflict")
def switch_conflict(
    request: Request, session: SessionDep, conflict: Annotated[str, Form(max_length=120)]
) -> RedirectResponse:
    """Show another conflict's records from now on (kept in the session cookie)."""
    web_session(request).set(CONFLICT_KEY, resolve_conflict(session, conflict).id)
    return RedirectResponse("/", status_code=303)
