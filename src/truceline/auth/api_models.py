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


class IssuedToken(BaseModel):
    token: str = Field(description="The token: send it as `Authorization: Bearer <token>`. Shown once.")
    name: str
    note: str


class RevokedToken(BaseModel):
    id: int
    revoked: Literal[True]
