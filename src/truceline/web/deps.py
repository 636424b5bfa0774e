"""The app's dependencies, declared once as ``Annotated`` aliases.

- ``SessionDep``: a database session in one transaction, committed when the endpoint returns
  (before the response is sent) and rolled back if it raises;
- ``CurrentUser``: who is asking (a :class:`Viewer`; anonymous visitors are the public role),
  from a Bearer token or the signed session cookie;
- ``ObserverUser``, ``CoordinatorUser``, ``SubmitterUser``: the same, refused (401/403) unless
  the role allows the action (see ARCHITECTURE.md, Roles).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from truceline.auth.models import User
from truceline.auth.services import user_for_token
from truceline.conflicts.services import conflict_definition, list_conflicts, resolve_conflict
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import Forbidden, NotFound, TrucelineError
from truceline.incidents.queries import IncidentFilter, Visibility, visibility_for
from truceline.vocabulary import Role
from truceline.web.security import CSRF_FIELD, CSRF_HEADER, csrf_matches, web_session

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


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

    def incident_filter(self, **criteria: object) -> IncidentFilter:
        """An incident filter limited to what this viewer may see."""
        visibility = self.visibility
        return IncidentFilter(
            **criteria,  # type: ignore[arg-type]
            published_only=visibility.published_only,
            visible_to_party=visibility.party,
            conflict_id=self.conflict_id,
        )


ANONYMOUS = Viewer()


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.session_factory() as session, session.begin():
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


#: where the web app keeps the conflict a visitor switched to
CONFLICT_KEY = "conflict"


ConflictQuery = Annotated[
    str | None,
    Query(
        max_length=120,
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        description="The conflict to work on (see `truceline conflicts`); needed only when the store holds several.",
    ),
]


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


def _identify(request: Request, session: Session) -> Viewer:
    token = bearer_token(request)
    if token is not None:
        user = user_for_token(session, token)
        if user is None:
            raise Unauthorized("the API token is unknown or revoked")
        return Viewer.of(user, via_token=True)
    uid = web_session(request).get("uid")
    if isinstance(uid, int):
        user = session.get(User, uid)
        if user is not None and user.active:
            return Viewer.of(user)
    return ANONYMOUS


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


async def verify_csrf(request: Request) -> None:
    """Refuse an unsafe request authenticated by the session cookie without its CSRF token.

    Bearer-token calls carry no ambient credentials and need none; an API call with neither a
    token nor a logged-in session is left to the endpoint (which answers 401).
    """
    if request.method not in UNSAFE_METHODS or bearer_token(request) is not None:
        return
    if request.url.path.startswith("/api/") and "uid" not in web_session(request):
        return
    submitted = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if submitted is None and content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    if not csrf_matches(request, submitted):
        raise Forbidden("the form's CSRF token is missing or does not match the session; reload the page")
