"""Who is asking, as the app's dependencies declared once as ``Annotated`` aliases.

- ``CurrentUser``: who is asking (a :class:`Viewer`; anonymous visitors are the public role),
  from a Bearer token or the signed session cookie;
- ``ObserverUser``, ``CoordinatorUser``, ``SubmitterUser``: the same, refused (401/403) unless
  the role allows the action (see ARCHITECTURE.md, Roles);
- ``ConflictDep``: the definition of the request's conflict.

The database session of a request (``SessionDep``) and the CSRF check are ``truceline.web.deps``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Update
from sqlalchemy.orm import Session

from truceline.auth.models import User
from truceline.auth.policy import AccountPolicy
from truceline.auth.services import mark_token_used, token_owner, token_use_due
from truceline.auth.sessions import live_session, mark_session_seen, seen_due
from truceline.conflicts.services import conflict_definition, list_conflicts, resolve_conflict
from truceline.db import utcnow, write_if_free
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import Forbidden, NotFound, TrucelineError
from truceline.visibility import Visibility, visibility_for
from truceline.vocabulary import Role
from truceline.web.deps import CONFLICT_KEY, UNSAFE_METHODS, ConflictQuery, SessionDep, bearer_token
from truceline.web.security import SESSION_ID, session_id, web_session


class Unauthorized(TrucelineError):
    """Nobody is logged in, or the credentials are wrong (HTTP 401)."""

    exit_code = 5
    http_status = 401
    code = "unauthorized"


@dataclass(frozen=True)
class Viewer:
    """Who is asking. Anonymous visitors have the public role and no user id."""

    role: Role = Role.PUBLIC
    user_id: int | None = None
    username: str | None = None
    party: str | None = None
    via_token: bool = False
    #: the conflict of a party user (a party speaks in one conflict only)
    party_conflict_id: str | None = None
    #: the conflict this request works on (None: the store holds none yet)
    conflict_id: str | None = None

    @classmethod
    def of(cls, user: User, *, via_token: bool = False) -> Viewer:
        return cls(Role(user.role), user.id, user.username, user.party, via_token, user.conflict_id)

    @property
    def conflict(self) -> str:
        """The conflict of this request; an empty store has none, and nothing can be written to it."""
        if self.conflict_id is None:
            raise NotFound("the store holds no conflict yet: load a casebook first")
        return self.conflict_id

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_observer(self) -> bool:
        """Observers and coordinators: restricted evidence, review queue, findings."""
        return self.role in (Role.OBSERVER, Role.COORDINATOR)

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def may_submit(self) -> bool:
        """Observers and coordinators submit reports; a party in its own conflict only."""
        if self.role == Role.PARTY:
            return self.speaks_for is not None
        return self.role in (Role.OBSERVER, Role.COORDINATOR)

    @property
    def actor(self) -> str:
        return self.username or "anonymous"

    @property
    def speaks_for(self) -> str | None:
        """The party this viewer speaks for in the conflict of the request (none in another conflict)."""
        if self.role == Role.PARTY and self.party_conflict_id == self.conflict_id:
            return self.party
        return None

    @property
    def visibility(self) -> Visibility:
        """Which incidents, claims and source documents this viewer may see (one rule for all):
        the request's conflict only; observers everything in it; others what is published, and a
        party also its own unpublished submissions in its own conflict."""
        return visibility_for(self.role, party=self.speaks_for, conflict_id=self.conflict_id)

    def sees_unpublished_of(self, party: str | None) -> bool:
        """Whether this viewer may see an unpublished record submitted for ``party``."""
        return self.visibility.sees(False, party)


ANONYMOUS = Viewer()


def get_viewer(request: Request, session: SessionDep, conflict: ConflictQuery = None) -> Viewer:
    viewer = _identify(request, session)
    viewer = replace(viewer, conflict_id=_conflict_of(request, session, viewer, conflict))
    request.scope["truceline.viewer"] = viewer
    return viewer


def _conflict_of(request: Request, session: Session, viewer: Viewer, requested: str | None) -> str | None:
    """The conflict of a request: ``?conflict=``; else (pages) the one switched to, the party
    user's own, or the first; else (API) the store's only one (several need the parameter)."""
    rows = list_conflicts(session)
    request.scope["truceline.conflicts"] = [(c.id, c.title) for c in rows]
    if requested:
        return resolve_conflict(session, requested).id
    conflicts = [c.id for c in rows]
    if len(conflicts) <= 1:
        return conflicts[0] if conflicts else None
    if request.url.path.startswith("/api/"):
        return resolve_conflict(session, None).id  # raises: several conflicts, none named
    chosen = web_session(request).get(CONFLICT_KEY)
    for candidate in (chosen, viewer.party_conflict_id):
        if isinstance(candidate, str) and candidate in conflicts:
            return candidate
    return conflicts[0]


def account_policy(request: Request) -> AccountPolicy:
    """The app's account policy (session lifetimes, throttling, second factor)."""
    policy = getattr(request.app.state, "account_policy", None)
    return policy if isinstance(policy, AccountPolicy) else AccountPolicy()


def _identify(request: Request, session: Session) -> Viewer:
    """Who is asking: the user of a live API token, or of a live server-side session. An ended
    session (logout, disable, role change, password reset, idle or too old) is dropped from the
    cookie and the visitor is anonymous."""
    now = utcnow()
    token = bearer_token(request)
    if token is not None:
        found = token_owner(session, token, now=now)
        if found is None:
            raise Unauthorized("the API token is unknown, expired or revoked")
        user, row = found
        if token_use_due(row, now):
            _record_use(request, session, mark_token_used(row.id, now))
        return Viewer.of(user, via_token=True)
    sid = session_id(request)
    if sid is not None:
        live = live_session(session, sid, policy=account_policy(request), now=now)
        if live is not None:
            user, login = live
            if seen_due(login, now):
                _record_use(request, session, mark_session_seen(login.id, now))
            return Viewer.of(user)
        web_session(request).discard(SESSION_ID)
    return ANONYMOUS


def _record_use(request: Request, session: Session, statement: Update) -> None:
    """Write when a token or a session was last used. A request that writes does it in its own
    transaction. A read must not: its transaction began as a reader, and on SQLite a reader that
    then writes fails at once when another connection has committed since it began. So a read
    writes it on a connection of its own, and skips it if the store is busy (the next request
    writes it)."""
    if request.method in UNSAFE_METHODS:
        session.execute(statement)
    else:
        write_if_free(request.app.state.engine, lambda connection: connection.execute(statement))


CurrentUser = Annotated[Viewer, Depends(get_viewer)]


def get_conflict(session: SessionDep, viewer: CurrentUser) -> ConflictDefinition:
    """The definition of the request's conflict (parties, time zone, bodies)."""
    return conflict_definition(session, viewer.conflict)


ConflictDep = Annotated[ConflictDefinition, Depends(get_conflict)]


def require(check: Callable[[Viewer], bool], what: str) -> Callable[[Viewer], Viewer]:
    def dependency(viewer: CurrentUser) -> Viewer:
        if not viewer.authenticated:
            raise Unauthorized(f"log in to {what}")
        if not check(viewer):
            raise Forbidden(f"the {viewer.role} role may not {what}")
        return viewer

    return dependency


#: any logged-in user: refused with 401 before the request body is even validated
SignedInUser = Annotated[Viewer, Depends(require(lambda v: True, "use your account"))]
ObserverUser = Annotated[Viewer, Depends(require(lambda v: v.is_observer, "use the review queue and findings"))]
CoordinatorUser = Annotated[Viewer, Depends(require(lambda v: v.is_coordinator, "manage users and publishing"))]
SubmitterUser = Annotated[Viewer, Depends(require(lambda v: v.may_submit, "submit reports"))]
