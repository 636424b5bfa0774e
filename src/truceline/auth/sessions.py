"""Server-side web sessions: started at login, checked on every request, ended at once.

The cookie carries a random session id (signed, see ``truceline.web.security``); the store keeps
only its SHA-256 with the user, when it started, when it was last seen, when it expires and
whether it was revoked. A session works while it is not revoked, younger than the absolute
lifetime and seen within the idle lifetime (``last_seen_at`` is written at most once a minute,
so the idle limit holds to within a minute). Callers commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Update, delete, func, select, update
from sqlalchemy.orm import Session

from truceline.auth.models import LoginSession, User
from truceline.auth.policy import AccountPolicy
from truceline.db import utcnow

#: how stale ``last_seen_at`` may get before a request writes it again
TOUCH_EVERY = dt.timedelta(minutes=1)


def session_digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def start_session(session: Session, user: User, *, policy: AccountPolicy, now: dt.datetime | None = None) -> str:
    """A new session for ``user``; returns the id for the cookie (only its SHA-256 is kept).
    The user's sessions that have expired are cleared away."""
    now = now or utcnow()
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at < now))
    session_id = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            id=session_digest(session_id),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + policy.session_absolute,
        )
    )
    session.flush()
    return session_id


def is_live(row: LoginSession, *, policy: AccountPolicy, now: dt.datetime) -> bool:
    return row.revoked_at is None and now < row.expires_at and now < row.last_seen_at + policy.session_idle


def live_session(
    session: Session, session_id: str, *, policy: AccountPolicy, now: dt.datetime
) -> tuple[User, LoginSession] | None:
    """The active user of a live session, with the session's row; or None."""
    row = session.get(LoginSession, session_digest(session_id))
    if row is None or not is_live(row, policy=policy, now=now):
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return user, row


def seen_due(row: LoginSession, now: dt.datetime) -> bool:
    """Whether a request at ``now`` should write the session's ``last_seen_at`` again."""
    return now - row.last_seen_at >= TOUCH_EVERY


def mark_session_seen(row_id: str, now: dt.datetime) -> Update:
    """The statement that records a session was seen (run in the request's write transaction, or
    on a connection of its own for a read: see ``truceline.auth.deps``)."""
    return update(LoginSession).where(LoginSession.id == row_id).values(last_seen_at=now)


def session_user(
    session: Session, session_id: str, *, policy: AccountPolicy, now: dt.datetime | None = None
) -> User | None:
    """The active user of a live session (and the session marked as seen), or None."""
    now = now or utcnow()
    found = live_session(session, session_id, policy=policy, now=now)
    if found is None:
        return None
    user, row = found
    if seen_due(row, now):
        row.last_seen_at = now
    return user


def end_session(session: Session, session_id: str, *, now: dt.datetime | None = None) -> None:
    """End one session (logout); an unknown or ended one is left as it is."""
    row = session.get(LoginSession, session_digest(session_id))
    if row is not None and row.revoked_at is None:
        row.revoked_at = now or utcnow()


def end_sessions_of(session: Session, user_id: int, *, now: dt.datetime | None = None) -> int:
    """End every session of a user that is not ended yet; returns how many."""
    now = now or utcnow()
    result = session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None), LoginSession.expires_at > now)
        .values(revoked_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def open_sessions(session: Session, user_id: int, *, policy: AccountPolicy, now: dt.datetime | None = None) -> int:
    """How many live sessions a user has."""
    now = now or utcnow()
    return int(
        session.scalar(
            select(func.count())
            .select_from(LoginSession)
            .where(
                LoginSession.user_id == user_id,
                LoginSession.revoked_at.is_(None),
                LoginSession.expires_at > now,
                LoginSession.last_seen_at > now - policy.session_idle,
            )
        )
        or 0
    )
