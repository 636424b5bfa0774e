"""The shapes ``/api/v1/me``, ``/users`` and ``/tokens`` answer with."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from truceline.vocabulary import Role
from truceline.web.api_models import PartyCode, Timestamp


class Me(BaseModel):
    """Who is asking: anonymous callers have the public role and no user name."""

    username: str | None
    role: Role
    party: PartyCode | None
    #: the conflict a party user speaks in
    party_conflict: str | None = None
    #: the conflict this request works on (``?conflict=``, or the store's only one)
    conflict: str | None = None


class UserRecord(BaseModel):
    id: int
    username: str
    role: Role
    party: PartyCode | None
    #: a party user's conflict; None for observers and coordinators of every conflict
    conflict: str | None = None
    active: bool
    created_at: Timestamp
    totp_enrolled: bool = Field(description="Whether the user has a TOTP second factor.")


class TokenRecord(BaseModel):
    """An API token as the store keeps it: never the token itself."""

    id: int
    name: str
    state: Literal["active", "expired", "revoked"]
    created_at: Timestamp
    expires_at: Timestamp
    last_used_at: Timestamp | None = Field(description="The last request made with it (to within a minute).")
    revoked_at: Timestamp | None


class UserDetail(UserRecord):
    open_sessions: int = Field(ge=0, description="Live web sessions.")
    tokens: list[TokenRecord]


class IssuedToken(BaseModel):
    token: str = Field(description="The token: send it as `Authorization: Bearer <token>`. Shown once.")
    id: int
    name: str
    expires_at: Timestamp
    note: str


class RevokedToken(BaseModel):
    id: int
    revoked: Literal[True]


class NewPassword(BaseModel):
    username: str
    password: str | None = Field(
        description="The generated password, shown once; null when the request gave the password."
    )
    sessions_ended: Literal[True]
