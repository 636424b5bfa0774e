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
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from truceline.auth.models import User
from truceline.auth.services import user_for_token
from truceline.errors import Forbidden, TrucelineError
from truceline.incidents.queries import IncidentFilter, Visibility
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

    @classmethod
    def of(cls, user: User, *, via_token: bool = False) -> Viewer:
        return cls(Role(user.role), user.id, user.username, user.party, via_token)

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
        """Parties, observers and coordinators submit reports."""
        return self.role in (Role.PARTY, Role.OBSERVER, Role.COORDINATOR)

    @property
    def actor(self) -> str:
        return self.username or "anonymous"

    @property
    def visibility(self) -> Visibility:
        """Which incidents, claims and source documents this viewer may see (one rule for all)."""
        if self.is_observer:
            return Visibility()
        return Visibility(published_only=True, party=self.party if self.role == Role.PARTY else None)

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


def get_viewer(request: Request, session: SessionDep) -> Viewer:
    viewer = _identify(request, session)
    request.scope["truceline.viewer"] = viewer
    return viewer


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


def require(check: Callable[[Viewer], bool], what: str) -> Callable[[Viewer], Viewer]:
    def dependency(viewer: CurrentUser) -> Viewer:
        if not viewer.authenticated:
            raise Unauthorized(f"log in to {what}")
        if not check(viewer):
            raise Forbidden(f"the {viewer.role} role may not {what}")
        return viewer

    return dependency


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
