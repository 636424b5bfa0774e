"""Writes and checks for users and API tokens. Callers commit.

Passwords are hashed with argon2 (argon2-cffi); API tokens are random and only their SHA-256 is
stored, so a stolen database does not hand out working tokens. Every write appends to the
change log in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from functools import lru_cache
from typing import Literal

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Update, func, select, update
from sqlalchemy.orm import Session

from truceline.auth.models import ApiToken, User
from truceline.auth.policy import AccountPolicy
from truceline.auth.sessions import end_sessions_of
from truceline.config import MAX_TOKEN_LIFETIME_DAYS
from truceline.conflicts.services import conflict_definition
from truceline.db import utcnow
from truceline.errors import Conflict, InvalidInput, NotFound
from truceline.ledger.services import append
from truceline.vocabulary import Role

MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "tl_"
#: how stale a token's ``last_used_at`` may get before a request writes it again
TOKEN_TOUCH_EVERY = dt.timedelta(minutes=1)
TOTP_ISSUER = "Truceline"


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so timing does not reveal which names
    exist. Computed on first login, not at import (an argon2 hash costs tens of milliseconds)."""
    return _hasher().hash("truceline-dummy-password")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def get_user(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def checked_role(
    session: Session, role: str, party: str | None, conflict_id: str | None
) -> tuple[str, str | None, str | None]:
    """``(role, party, conflict)`` if they go together: a party user speaks for one principal
    party of one conflict; other roles see every conflict and name no party."""
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
        return role, party, conflict_id
    if party is not None:
        raise InvalidInput("only party users speak for a party")
    return role, None, None


def checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return password


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
    if not username or len(username) > 120 or any(c.isspace() for c in username) or "/" in username:
        raise InvalidInput("a user name is 1-120 characters without spaces or slashes")
    role, party, conflict_id = checked_role(session, role, party, conflict_id)
    if password is not None:
        checked_password(password)
    if session.scalars(select(User).where(User.username == username)).first() is not None:
        raise Conflict(f"user {username!r} exists already")
    user = User(
        username=username,
        role=role,
        party=party,
        conflict_id=conflict_id,
        password_hash=hash_password(password) if password is not None else None,
        active=True,
    )
    session.add(user)
    session.flush()
    _log(
        session,
        user,
        actor,
        "add",
        {"role": role, "party": party, "conflict": conflict_id, "has_password": password is not None},
    )
    return user


def _log(session: Session, user: User, actor: str, what: str, payload: dict[str, object]) -> None:
    """The change-log entry of an account change (never a password, token or TOTP secret)."""
    append(
        session,
        actor=actor,
        action=f"auth:user:{what}",
        subject_type="user",
        subject_id=str(user.id),
        payload={"username": user.username, **payload},
    )


def _keep_a_coordinator(session: Session, user: User, doing: str) -> None:
    """Refuse to disable or demote the last active coordinator: nobody could manage users after."""
    if user.role != Role.COORDINATOR or not user.active:
        return
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.COORDINATOR.value, User.active.is_(True), User.id != user.id)
    )
    if not others:
        raise Conflict(f"{user.username} is the last active coordinator: make another coordinator before {doing}")


def disable_user(session: Session, username: str, *, actor: str) -> User:
    """Disable a user: their sessions end and their API tokens are revoked, at once."""
    user = get_user(session, username)
    if not user.active:
        raise Conflict(f"user {username!r} is disabled already")
    _keep_a_coordinator(session, user, "disabling this one")
    now = utcnow()
    user.active = False
    ended = end_sessions_of(session, user.id, now=now)
    revoked = revoke_tokens_of(session, user.id, now=now)
    session.flush()
    _log(session, user, actor, "disable", {"sessions_ended": ended, "tokens_revoked": revoked})
    return user


def enable_user(session: Session, username: str, *, actor: str) -> User:
    """Enable a disabled user again (with no sessions and no tokens: they log in and get new ones)."""
    user = get_user(session, username)
    if user.active:
        raise Conflict(f"user {username!r} is enabled already")
    user.active = True
    session.flush()
    _log(session, user, actor, "enable", {})
    return user


def change_role(
    session: Session,
    username: str,
    *,
    role: str,
    party: str | None = None,
    conflict_id: str | None = None,
    actor: str,
) -> User:
    """Give a user another role (or, for a party user, another party); their sessions end at
    once, and their API tokens act with the new role from the next request."""
    user = get_user(session, username)
    role, party, conflict_id = checked_role(session, role, party, conflict_id)
    before = {"role": user.role, "party": user.party, "conflict": user.conflict_id}
    if before == {"role": role, "party": party, "conflict": conflict_id}:
        raise Conflict(f"user {username!r} has that role already")
    if role != Role.COORDINATOR:
        _keep_a_coordinator(session, user, "changing this one's role")
    user.role, user.party, user.conflict_id = role, party, conflict_id
    ended = end_sessions_of(session, user.id)
    session.flush()
    _log(
        session,
        user,
        actor,
        "role",
        {"before": before, "role": role, "party": party, "conflict": conflict_id, "sessions_ended": ended},
    )
    return user


def reset_password(session: Session, username: str, *, password: str | None = None, actor: str) -> str:
    """Set a user's password (a random one when none is given) and end their sessions; returns
    the password, to be shown once."""
    user = get_user(session, username)
    generated = password is None
    password = new_password() if password is None else checked_password(password)
    user.password_hash = hash_password(password)
    ended = end_sessions_of(session, user.id)
    session.flush()
    _log(session, user, actor, "password-reset", {"generated": generated, "sessions_ended": ended})
    return password


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, or None (same cost either way)."""
    user = session.scalars(select(User).where(User.username == username)).first()
    stored = user.password_hash if user is not None and user.password_hash else _dummy_hash()
    try:
        _hasher().verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None or not user.active or not user.password_hash:
        return None
    return user


def issue_token(
    session: Session,
    username: str,
    *,
    name: str = "cli",
    lifetime: dt.timedelta | None = None,
    actor: str,
) -> tuple[str, ApiToken]:
    """A new API token for ``username`` and its row; the token is returned once and only its
    SHA-256 is kept. It expires after ``lifetime`` (default: the policy's, 90 days)."""
    user = get_user(session, username)
    if not user.active:
        raise Conflict(f"user {username!r} is disabled: enable them first")
    lifetime = lifetime or AccountPolicy().token_lifetime
    if lifetime <= dt.timedelta(0) or lifetime > dt.timedelta(days=MAX_TOKEN_LIFETIME_DAYS):
        raise InvalidInput(f"a token lives between a minute and {MAX_TOKEN_LIFETIME_DAYS} days")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    row = ApiToken(
        user_id=user.id, name=name, token_sha256=token_digest(token), created_at=now, expires_at=now + lifetime
    )
    session.add(row)
    session.flush()
    append(
        session,
        actor=actor,
        action="auth:token:issue",
        subject_type="api_token",
        subject_id=str(row.id),
        payload={
            "user": user.username,
            "name": name,
            "token_sha256": row.token_sha256,
            "expires_at": row.expires_at.isoformat(),
        },
    )
    return token, row


def issue_api_token(
    session: Session, username: str, *, name: str = "cli", lifetime: dt.timedelta | None = None, actor: str
) -> str:
    """A new API token for ``username`` (see :func:`issue_token`)."""
    return issue_token(session, username, name=name, lifetime=lifetime, actor=actor)[0]


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


def revoke_tokens_of(session: Session, user_id: int, *, now: dt.datetime | None = None) -> int:
    """Revoke every unrevoked token of a user (the caller logs why); returns how many."""
    now = now or utcnow()
    result = session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None), ApiToken.expires_at > now)
        .values(revoked_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0) or 0)


TokenState = Literal["active", "expired", "revoked"]


def token_state(row: ApiToken, now: dt.datetime | None = None) -> TokenState:
    """``active``, ``expired`` or ``revoked``."""
    if row.revoked_at is not None:
        return "revoked"
    return "expired" if (now or utcnow()) >= row.expires_at else "active"


def token_owner(session: Session, token: str, *, now: dt.datetime) -> tuple[User, ApiToken] | None:
    """The active user an unrevoked, unexpired token belongs to, with the token's row; or None."""
    row = session.scalars(select(ApiToken).where(ApiToken.token_sha256 == token_digest(token))).first()
    if row is None or token_state(row, now) != "active":
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return user, row


def token_use_due(row: ApiToken, now: dt.datetime) -> bool:
    """Whether a request at ``now`` should write the token's ``last_used_at`` again."""
    return row.last_used_at is None or now - row.last_used_at >= TOKEN_TOUCH_EVERY


def mark_token_used(token_id: int, now: dt.datetime) -> Update:
    """The statement that records a token's use (run in the request's write transaction, or on a
    connection of its own for a read: see ``truceline.auth.deps``)."""
    return update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)


def user_for_token(session: Session, token: str, *, now: dt.datetime | None = None) -> User | None:
    """The active user an unrevoked, unexpired token belongs to (and the token marked as used), or None."""
    now = now or utcnow()
    found = token_owner(session, token, now=now)
    if found is None:
        return None
    user, row = found
    if token_use_due(row, now):
        row.last_used_at = now
    return user


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)))


def enrol_totp(session: Session, username: str, *, actor: str) -> str:
    """A new TOTP secret for the user (replacing any earlier one; their sessions end); returns
    the secret, to be shown once. The change log records the enrolment, never the secret."""
    user = get_user(session, username)
    replaced = user.totp_secret is not None
    secret = pyotp.random_base32()
    user.totp_secret, user.totp_last_step = secret, None
    ended = end_sessions_of(session, user.id)
    session.flush()
    _log(session, user, actor, "totp-enrol", {"replaced": replaced, "sessions_ended": ended})
    return secret


def totp_uri(username: str, secret: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads (as text or a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=TOTP_ISSUER)


def verify_totp(user: User, code: str, *, now: dt.datetime | None = None) -> bool:
    """Whether ``code`` is the user's current TOTP code (or the one before or after, for clock
    drift), never accepting a code, or an older one, twice."""
    if user.totp_secret is None:
        return False
    code = code.strip().replace(" ", "")
    totp = pyotp.TOTP(user.totp_secret)
    current = totp.timecode(now or utcnow())
    for step in (current - 1, current, current + 1):
        if user.totp_last_step is not None and step <= user.totp_last_step:
            continue
        if secrets.compare_digest(totp.generate_otp(step), code):
            user.totp_last_step = step
            return True
    return False


def new_password() -> str:
    """A random password for demo and generated accounts."""
    return secrets.token_urlsafe(12)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))
