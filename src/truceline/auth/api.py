"""``/api/v1/me``, ``/users`` and ``/tokens``: who am I, managing users (coordinators), API tokens.

A coordinator lists, shows, adds, disables and enables users, changes their role and resets
their password; every change is a change-log entry. Anyone logged in issues tokens for
themselves; a token's owner or a coordinator revokes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, BeforeValidator, Field

from truceline.auth.api_models import (
    IssuedToken,
    Me,
    NewPassword,
    RevokedToken,
    TokenRecord,
    UserDetail,
    UserRecord,
)
from truceline.auth.deps import CoordinatorUser, CurrentUser, SignedInUser, account_policy
from truceline.auth.models import ApiToken, User
from truceline.auth.services import (
    add_user,
    change_role,
    disable_user,
    enable_user,
    get_user,
    issue_token,
    list_users,
    reset_password,
    revoke_api_token,
    token_state,
    tokens_of,
)
from truceline.auth.sessions import open_sessions
from truceline.config import MAX_TOKEN_LIFETIME_DAYS
from truceline.db import utcnow
from truceline.errors import Forbidden, NotFound
from truceline.vocabulary import Role
from truceline.web.api_models import RowIdPath, error_responses, json_number_only
from truceline.web.deps import SessionDep

router = APIRouter(tags=["auth"])

Username = Annotated[str, Path(min_length=1, max_length=120, pattern=r"^[^\s/]+$", description="The user name.")]


def user_record(user: User) -> UserRecord:
    return UserRecord(
        id=user.id,
        username=user.username,
        role=Role(user.role),
        party=user.party,
        conflict=user.conflict_id,
        active=user.active,
        created_at=user.created_at.isoformat(),
        totp_enrolled=user.totp_secret is not None,
    )


def token_record(row: ApiToken, now: dt.datetime) -> TokenRecord:
    return TokenRecord(
        id=row.id,
        name=row.name,
        state=token_state(row, now),
        created_at=row.created_at.isoformat(),
        expires_at=row.expires_at.isoformat(),
        last_used_at=row.last_used_at.isoformat() if row.last_used_at else None,
        revoked_at=row.revoked_at.isoformat() if row.revoked_at else None,
    )


@router.get("/me", summary="Who is asking", responses=error_responses(401))
def me_endpoint(viewer: CurrentUser) -> Me:
    return Me(
        username=viewer.username,
        role=viewer.role,
        party=viewer.party,
        party_conflict=viewer.party_conflict_id,
        conflict=viewer.conflict_id,
    )


@router.get("/users", summary="Every user (coordinators)", responses=error_responses(401, 403))
def users_endpoint(session: SessionDep, viewer: CoordinatorUser) -> list[UserRecord]:
    return [user_record(u) for u in list_users(session)]


@router.get(
    "/users/{username}",
    summary="One user, with their open sessions and API tokens (coordinators)",
    responses=error_responses(401, 403, 404, 422),
)
def user_endpoint(request: Request, session: SessionDep, viewer: CoordinatorUser, username: Username) -> UserDetail:
    user = get_user(session, username)
    now = utcnow()
    return UserDetail(
        **user_record(user).model_dump(),
        open_sessions=open_sessions(session, user.id, policy=account_policy(request), now=now),
        tokens=[token_record(t, now) for t in tokens_of(session, user.id)],
    )


class NewUser(BaseModel):
    username: str = Field(min_length=1, max_length=120)
    role: Role
    party: str | None = Field(default=None, max_length=16)
    password: str | None = Field(default=None, min_length=10, max_length=1000)


@router.post(
    "/users",
    status_code=201,
    summary="Add a user (coordinators)",
    responses=error_responses(400, 401, 403, 409, 422),
)
def add_user_endpoint(session: SessionDep, viewer: CoordinatorUser, body: NewUser) -> UserRecord:
    user = add_user(
        session,
        username=body.username,
        role=body.role,
        party=body.party,
        conflict_id=viewer.conflict if body.role == Role.PARTY else None,
        password=body.password,
        actor=viewer.actor,
    )
    return user_record(user)


@router.post(
    "/users/{username}/disable",
    summary="Disable a user: their sessions end and their API tokens are revoked (coordinators)",
    responses=error_responses(401, 403, 404, 409, 422),
)
def disable_endpoint(session: SessionDep, viewer: CoordinatorUser, username: Username) -> UserRecord:
    return user_record(disable_user(session, username, actor=viewer.actor))


@router.post(
    "/users/{username}/enable",
    summary="Enable a disabled user (coordinators)",
    responses=error_responses(401, 403, 404, 409, 422),
)
def enable_endpoint(session: SessionDep, viewer: CoordinatorUser, username: Username) -> UserRecord:
    return user_record(enable_user(session, username, actor=viewer.actor))


class RoleChange(BaseModel):
    role: Role
    party: str | None = Field(default=None, max_length=16, description="For the party role: the party's code.")


@router.put(
    "/users/{username}/role",
    summary="Change a user's role; their sessions end (coordinators)",
    responses=error_responses(400, 401, 403, 404, 409, 422),
)
def role_endpoint(session: SessionDep, viewer: CoordinatorUser, username: Username, body: RoleChange) -> UserRecord:
    user = change_role(
        session,
        username,
        role=body.role,
        party=body.party.upper() if body.party else None,
        conflict_id=viewer.conflict if body.role == Role.PARTY else None,
        actor=viewer.actor,
    )
    return user_record(user)


class PasswordReset(BaseModel):
    password: str | None = Field(
        default=None, min_length=10, max_length=1000, description="The new password; omit it for a random one."
    )


@router.post(
    "/users/{username}/password",
    summary="Reset a user's password; their sessions end (coordinators)",
    responses=error_responses(400, 401, 403, 404, 422),
)
def password_endpoint(
    session: SessionDep, viewer: CoordinatorUser, username: Username, body: PasswordReset
) -> NewPassword:
    password = reset_password(session, username, password=body.password, actor=viewer.actor)
    return NewPassword(username=username, password=None if body.password else password, sessions_ended=True)


class NewToken(BaseModel):
    name: str = Field(default="api", min_length=1, max_length=120)
    expires_in_days: (
        Annotated[int, Field(ge=1, le=MAX_TOKEN_LIFETIME_DAYS), BeforeValidator(json_number_only)] | None
    ) = Field(default=None, description="How many days the token works; default the server's (90).")


@router.post(
    "/tokens",
    status_code=201,
    summary="Issue an API token for yourself",
    responses=error_responses(400, 401, 403, 409, 422),
)
def issue_token_endpoint(request: Request, session: SessionDep, viewer: SignedInUser, body: NewToken) -> IssuedToken:
    assert viewer.username is not None  # a signed-in user has a name
    days = body.expires_in_days
    lifetime = dt.timedelta(days=days) if days is not None else account_policy(request).token_lifetime
    token, row = issue_token(session, viewer.username, name=body.name, lifetime=lifetime, actor=viewer.actor)
    return IssuedToken(
        token=token,
        id=row.id,
        name=body.name,
        expires_at=row.expires_at.isoformat(),
        note="shown once; only its SHA-256 is stored",
    )


@router.get("/tokens", summary="Your own API tokens", responses=error_responses(401))
def my_tokens_endpoint(session: SessionDep, viewer: SignedInUser) -> list[TokenRecord]:
    assert viewer.user_id is not None  # a signed-in user has an id
    now = utcnow()
    return [token_record(t, now) for t in tokens_of(session, viewer.user_id)]


@router.delete(
    "/tokens/{token_id}",
    summary="Revoke an API token (its owner or a coordinator)",
    responses=error_responses(401, 403, 404, 409, 422),
)
def revoke_token_endpoint(session: SessionDep, viewer: SignedInUser, token_id: RowIdPath) -> RevokedToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"no API token {token_id}")
    if row.user_id != viewer.user_id and not viewer.is_coordinator:
        raise Forbidden("only its owner or a coordinator may revoke this token")
    revoke_api_token(session, token_id, actor=viewer.actor)
    return RevokedToken(id=token_id, revoked=True)
