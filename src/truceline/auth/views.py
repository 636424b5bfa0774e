"""Login, the second-factor step, logout, and a coordinator's users page.

A login is throttled per account and per client address (``truceline.auth.throttle``: the 11th
wrong password within a minute gets 429 with ``Retry-After``). A user with a TOTP second factor
gives the code on a second form; the password step leaves only a short-lived "pending" mark in
the signed cookie. Where coordinators must have a second factor (production, or
``TRUCELINE_COORDINATOR_TOTP=true``) a coordinator without one is refused with the command that
enrols it. A successful login starts a server-side session (``truceline.auth.sessions``).
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from truceline.auth.deps import CoordinatorUser, CurrentUser, account_policy
from truceline.auth.models import User
from truceline.auth.services import (
    authenticate,
    change_role,
    disable_user,
    enable_user,
    list_users,
    reset_password,
    revoke_api_token,
    token_state,
    tokens_of,
    verify_totp,
)
from truceline.auth.sessions import end_session, open_sessions, start_session
from truceline.auth.throttle import forget_account_failures, login_wait, record_login_failure
from truceline.db import utcnow
from truceline.vocabulary import Role
from truceline.web.api_models import RowIdPath
from truceline.web.deps import SessionDep
from truceline.web.security import PENDING_LOGIN, log_in, log_out, session_id, web_session
from truceline.web.templating import render

router = APIRouter()

#: how long a password step waits for its second factor
PENDING_SECONDS = 300
USERNAME = Path(max_length=120, pattern=r"^[^\s/]+$")


def safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another site after login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def throttled(request: Request, template: str, context: dict[str, object], wait: int) -> HTMLResponse:
    response = render(request, template, context | {"wait": wait}, status_code=429)
    response.headers["Retry-After"] = str(wait)
    return response


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
) -> Response:
    policy = account_policy(request)
    address = client_address(request)
    context: dict[str, object] = {"next": safe_next(next), "failed": False}
    wait = login_wait(session, username=username, address=address, policy=policy)
    if wait is not None:
        return throttled(request, "login.html", context, wait)
    user = authenticate(session, username, password)
    if user is None:
        record_login_failure(session, username=username, address=address, policy=policy)
        return render(request, "login.html", context | {"failed": True}, status_code=401)
    if user.totp_secret is not None:
        web_session(request).set(PENDING_LOGIN, {"uid": user.id, "at": int(time.time())})
        return render(request, "login_code.html", {"next": safe_next(next), "failed": False})
    if user.role == Role.COORDINATOR and policy.coordinator_totp_required:
        return render(request, "login.html", context | {"enrol": user.username}, status_code=403)
    return complete_login(request, session, user, next)


def complete_login(request: Request, session: Session, user: User, next: str) -> RedirectResponse:
    forget_account_failures(session, username=user.username)
    log_in(request, start_session(session, user, policy=account_policy(request)))
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/login/code", response_model=None)
def login_code(
    request: Request,
    session: SessionDep,
    code: Annotated[str, Form(max_length=20)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """The second step: the code from the user's authenticator app."""
    pending = web_session(request).get(PENDING_LOGIN)
    uid, at = (pending.get("uid"), pending.get("at")) if isinstance(pending, dict) else (None, None)
    user = session.get(User, uid) if isinstance(uid, int) else None
    if user is None or not isinstance(at, int) or time.time() - at > PENDING_SECONDS or not user.active:
        web_session(request).discard(PENDING_LOGIN)
        context = {"next": safe_next(next), "failed": False, "expired": True}
        return render(request, "login.html", context, status_code=401)
    policy = account_policy(request)
    address = client_address(request)
    context = {"next": safe_next(next), "failed": False}
    wait = login_wait(session, username=user.username, address=address, policy=policy)
    if wait is not None:
        return throttled(request, "login_code.html", context, wait)
    if not verify_totp(user, code):
        record_login_failure(session, username=user.username, address=address, policy=policy)
        return render(request, "login_code.html", context | {"failed": True}, status_code=401)
    return complete_login(request, session, user, next)


@router.post("/logout")
def logout(request: Request, session: SessionDep) -> RedirectResponse:
    """End the server-side session (at once, everywhere the cookie was copied) and clear the cookie."""
    sid = session_id(request)
    if sid is not None:
        end_session(session, sid)
    log_out(request)
    return RedirectResponse("/", status_code=303)


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, session: SessionDep, viewer: CoordinatorUser) -> HTMLResponse:
    """Every user with their role, second factor, open sessions and API tokens, and the forms
    that disable, enable, change a role, reset a password and revoke a token."""
    policy = account_policy(request)
    now = utcnow()
    rows = [
        {
            "user": user,
            "sessions": open_sessions(session, user.id, policy=policy, now=now),
            "tokens": [(token, token_state(token, now)) for token in tokens_of(session, user.id)],
        }
        for user in list_users(session)
    ]
    return render(request, "users.html", {"rows": rows, "roles": list(Role)})


def back_to_users() -> RedirectResponse:
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{username}/disable")
def disable_form(session: SessionDep, viewer: CoordinatorUser, username: Annotated[str, USERNAME]) -> RedirectResponse:
    disable_user(session, username, actor=viewer.actor)
    return back_to_users()


@router.post("/users/{username}/enable")
def enable_form(session: SessionDep, viewer: CoordinatorUser, username: Annotated[str, USERNAME]) -> RedirectResponse:
    enable_user(session, username, actor=viewer.actor)
    return back_to_users()


@router.post("/users/{username}/role")
def role_form(
    session: SessionDep,
    viewer: CoordinatorUser,
    username: Annotated[str, USERNAME],
    role: Annotated[Role, Form()],
    party: Annotated[str, Form(max_length=16)] = "",
) -> RedirectResponse:
    change_role(
        session,
        username,
        role=role,
        party=party.strip().upper() or None,
        conflict_id=viewer.conflict if role == Role.PARTY else None,
        actor=viewer.actor,
    )
    return back_to_users()


@router.post("/users/{username}/password", response_class=HTMLResponse)
def password_form(
    request: Request, session: SessionDep, viewer: CoordinatorUser, username: Annotated[str, USERNAME]
) -> HTMLResponse:
    """A new random password, shown once on the answer page; the user's sessions end."""
    password = reset_password(session, username, actor=viewer.actor)
    return render(request, "password_reset.html", {"username": username, "password": password})


@router.post("/users/tokens/{token_id}/revoke")
def revoke_token_form(session: SessionDep, viewer: CoordinatorUser, token_id: RowIdPath) -> RedirectResponse:
    revoke_api_token(session, token_id, actor=viewer.actor)
    return back_to_users()
