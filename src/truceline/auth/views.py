"""Login and logout pages (session cookie; see ``truceline.web.security``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from truceline.auth.deps import CurrentUser
from truceline.auth.services import authenticate
from truceline.web.deps import SessionDep
from truceline.web.security import log_in, log_out
from truceline.web.templating import render

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another site after login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request, viewer: CurrentUser, next: Annotated[str | None, Query(max_length=2000)] = None
) -> HTMLResponse:
    return render(request, "login.html", {"next": safe_next(next), "failed": False})


@router.post("/login", response_model=None)
def login_submit(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=120)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> HTMLResponse | RedirectResponse:
    user = authenticate(session, username, password)
    if user is None:
        return render(request, "login.html", {"next": safe_next(next), "failed": True}, status_code=401)
    log_in(request, user.id)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> RedirectResponse:
    log_out(request)
    return RedirectResponse("/", status_code=303)
