"""The web app's shared dependencies, declared once as ``Annotated`` aliases.

- ``SessionDep``: a database session in one transaction, committed when the endpoint returns
  (before the response is sent) and rolled back if it raises; for POST, PUT, PATCH and DELETE a
  write transaction (``BEGIN IMMEDIATE`` on SQLite), run again whole by
  :class:`truceline.web.retry.RetryWrites` if it loses a race with another writer;
- the request's bearer token, the ``?conflict=`` parameter, and the CSRF check.

Who is asking (``CurrentUser`` and the role checks) is ``truceline.auth.deps``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from truceline.errors import Forbidden
from truceline.web.security import CSRF_FIELD, CSRF_HEADER, SESSION_ID, csrf_matches, web_session

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def get_session(request: Request) -> Iterator[Session]:
    state = request.app.state
    factory = state.write_session_factory if request.method in UNSAFE_METHODS else state.session_factory
    with factory() as session, session.begin():
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


async def verify_csrf(request: Request) -> None:
    """Refuse an unsafe request authenticated by the session cookie without its CSRF token.

    Bearer-token calls carry no ambient credentials and need none; an API call with neither a
    token nor a logged-in session is left to the endpoint (which answers 401).
    """
    if request.method not in UNSAFE_METHODS or bearer_token(request) is not None:
        return
    if request.url.path.startswith("/api/") and SESSION_ID not in web_session(request):
        return
    submitted = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if submitted is None and content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    if not csrf_matches(request, submitted):
        raise Forbidden("the form's CSRF token is missing or does not match the session; reload the page")
