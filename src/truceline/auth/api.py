"""``/api/v1/me``, ``/users`` and ``/tokens``: who am I, managing users (coordinators), API tokens."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from truceline.auth.api_models import IssuedToken, Me, RevokedToken, UserRecord
from truceline.auth.models import ApiToken, User
from truceline.auth.services import add_user, issue_api_token, list_users, revoke_api_token
from truceline.errors import Forbidden, NotFound
from truceline.vocabulary import Role
from truceline.web.api_models import RowIdPath, error_responses
from truceline.web.deps import CoordinatorUser, CurrentUser, SessionDep, SignedInUser

router = APIRouter(tags=["auth"])


def user_record(user: User) -> UserRecord:
    return UserRecord(
        id=user.id,
        username=user.username,
        role=Role(user.role),
        party=user.party,
        conflict=user.conflict_id,
        active=user.active,
        created_at=user.created_at.isoformat(),
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


class NewToken(BaseModel):
    name: str = Field(default="api", min_length=1, max_length=120)


@router.post(
    "/tokens",
    status_code=201,
    summary="Issue an API token for yourself",
    responses=error_responses(400, 401, 403, 422),
)
def issue_token_endpoint(session: SessionDep, viewer: SignedInUser, body: NewToken) -> IssuedToken:
    assert viewer.username is not None  # a signed-in user has a name
    token = issue_api_token(session, viewer.username, name=body.name, actor=viewer.actor)
    return IssuedToken(token=token, name=body.name, note="shown once; only its SHA-256 is stored")


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
