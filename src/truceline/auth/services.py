"""Writes and checks for users and API tokens. Callers commit.

Passwords are hashed with argon2 (argon2-cffi); API tokens are random and only their SHA-256 is
stored, so a stolen database does not hand out working tokens. Every write appends to the
change log in the caller's transaction.
"""

from __future__ import annotations

import functools
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.auth.models import ApiToken, User
from truceline.conflicts.services import conflict_definition
from truceline.db import utcnow
from truceline.errors import Conflict, InvalidInput, NotFound
from truceline.ledger.services import append
from truceline.vocabulary import Role

MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "tl_"

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so timing does not reveal which names
    exist; computed on first use, not at import (every command would pay for it)."""
    return _hasher.hash("truceline-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def get_user(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def add_user(
    session: Session,
    *,
    username: str,
    role: str,
    party: str | None = None,
    conflict_id: str | None = None,
    password: str | None = None,
    actor: str,
) -> User:
    """Create a user. A party user speaks for one principal party of one conflict; other roles
    see every conflict and name no party."""
    username = username.strip()
    if not username or len(username) > 120 or any(c.isspace() for c in username):
        raise InvalidInput("a user name is 1-120 characters without spaces")
    try:
        role = Role(role).value
    except ValueError:
        raise InvalidInput(f"unknown role {role!r}; roles: {', '.join(Role)}") from None
    if role == Role.PARTY:
        if conflict_id is None:
            raise InvalidInput("a party user belongs to a conflict: name it with --conflict")
        principals = conflict_definition(session, conflict_id).principals
        if party not in principals:
            raise InvalidInput(f"a party user of {conflict_id} needs --party, one of {', '.join(principals)}")
    elif party is not None:
        raise InvalidInput("only party users speak for a party")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalars(select(User).where(User.username == username)).first() is not None:
        raise Conflict(f"user {username!r} exists already")
    user = User(
        username=username,
        role=role,
        party=party,
        conflict_id=conflict_id if role == Role.PARTY else None,
        password_hash=hash_password(password) if password is not None else None,
        active=True,
    )
    session.add(user)
    session.flush()
    append(
        session,
        actor=actor,
        action="auth:user:add",
        subject_type="user",
        subject_id=str(user.id),
        payload={
            "username": username,
            "role": role,
            "party": party,
            "conflict": conflict_id if role == Role.PARTY else None,
            "has_password": password is not None,
        },
    )
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, or None (same cost either way)."""
    user = session.scalars(select(User).where(User.username == username)).first()
    stored = user.password_hash if user is not None and user.password_hash else _dummy_hash()
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None or not user.active or not user.password_hash:
        return None
    return user


def issue_api_token(session: Session, username: str, *, name: str = "cli", actor: str) -> str:
    """A new API token for ``username``; the token is returned once and only its SHA-256 is kept."""
    user = get_user(session, username)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name, token_sha256=token_digest(token))
    session.add(row)
    session.flush()
    append(
        session,
        actor=actor,
        action="auth:token:issue",
        subject_type="api_token",
        subject_id=str(row.id),
        payload={"user": user.username, "name": name, "token_sha256": row.token_sha256},
    )
    return token


def revoke_api_token(session: Session, token_id: int, *, actor: str) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"no API token {token_id}")
    if row.revoked_at is not None:
        raise Conflict(f"API token {token_id} is revoked already")
    row.revoked_at = utcnow()
    session.flush()
    append(
        session,
        actor=actor,
        action="auth:token:revoke",
        subject_type="api_token",
        subject_id=str(row.id),
        payload={"token_sha256": row.token_sha256},
    )
    return row


def user_for_token(session: Session, token: str) -> User | None:
    """The active user an unrevoked token belongs to, or None."""
    row = session.scalars(select(ApiToken).where(ApiToken.token_sha256 == token_digest(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


def new_password() -> str:
    """A random password for demo and generated accounts."""
    return secrets.token_urlsafe(12)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))
