"""Signed session cookies and CSRF tokens.

The cookie holds a small dict signed with itsdangerous: a CSRF token and, once logged in, the
id of a server-side session (``truceline.auth.sessions``: only its SHA-256 is stored, and the
store says whether it is still live, so logout, disable, role change and password reset end it
at once). The cookie is HttpOnly, SameSite=Lax, and Secure when the request came over https (or
the app runs in production). Every form POST carries the session's CSRF token in a hidden
``csrf_token`` field; API calls authenticated by the cookie (rather than a Bearer token) carry
it in the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE_NAME = "truceline_session"
#: the cookie's lifetime; the server-side session decides what it is worth (see create_app)
SESSION_MAX_AGE = 12 * 3600
#: the key of the server-side session id in the cookie
SESSION_ID = "sid"
#: a login waiting for its second factor: {"uid": …, "at": epoch seconds}
PENDING_LOGIN = "pending"
#: a visitor's own random token, naming the jobs they asked for before logging in (see truceline.jobs.access)
VISITOR_TOKEN = "visitor"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SCOPE_KEY = "truceline.session"


class WebSession(dict[str, Any]):
    """The decoded cookie; ``modified`` says whether it must be written back."""

    modified: bool = False

    def set(self, key: str, value: Any) -> None:
        self[key] = value
        self.modified = True

    def discard(self, key: str) -> None:
        if key in self:
            del self[key]
            self.modified = True

    def clear_all(self) -> None:
        self.clear()
        self.modified = True


def serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="truceline-session")


class SessionMiddleware:
    """Pure ASGI middleware: decodes the cookie into ``scope``, writes it back when changed."""

    def __init__(
        self, app: ASGIApp, *, secret_key: str, always_secure: bool = False, max_age: int = SESSION_MAX_AGE
    ) -> None:
        self.app = app
        self.serializer = serializer(secret_key)
        self.always_secure = always_secure
        self.max_age = max_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = WebSession(self._read(scope))
        scope[SCOPE_KEY] = session
        secure = self.always_secure or scope.get("scheme") == "https"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and session.modified:
                headers = MutableHeaders(scope=message)
                headers.append("set-cookie", self._cookie(session, secure))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _read(self, scope: Scope) -> dict[str, Any]:
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                cookie: SimpleCookie = SimpleCookie()
                try:
                    cookie.load(value.decode("latin-1"))
                except Exception:  # a malformed Cookie header is treated as no session
                    return {}
                morsel = cookie.get(COOKIE_NAME)
                if morsel is None:
                    continue
                try:
                    data = self.serializer.loads(morsel.value, max_age=self.max_age)
                except BadSignature:
                    return {}
                return data if isinstance(data, dict) else {}
        return {}

    def _cookie(self, session: WebSession, secure: bool) -> str:
        if not session:
            value, max_age = "", 0
        else:
            value, max_age = self.serializer.dumps(dict(session)), self.max_age
        parts = [f"{COOKIE_NAME}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Lax"]
        if secure:
            parts.append("Secure")
        return "; ".join(parts)


def web_session(request: Request) -> WebSession:
    session = request.scope.get(SCOPE_KEY)
    if not isinstance(session, WebSession):  # the middleware is not installed: a throwaway session
        session = WebSession()
        request.scope[SCOPE_KEY] = session
    return session


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created (and the cookie set) on first use."""
    session = web_session(request)
    token = session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session.set("csrf", token)
    return token


def csrf_matches(request: Request, submitted: str | None) -> bool:
    expected = web_session(request).get("csrf")
    return bool(submitted) and isinstance(expected, str) and secrets.compare_digest(expected, submitted or "")


def log_in(request: Request, session_id: str) -> None:
    """Put a fresh server-side session's id in the cookie (with a new CSRF token: no session
    fixation), keeping the conflict the visitor chose and their visitor token (a report they
    asked for before logging in stays theirs; the token grants nothing else)."""
    session = web_session(request)
    keep = {k: session[k] for k in ("conflict", VISITOR_TOKEN) if k in session}
    session.clear_all()
    session.update(keep)
    session.set(SESSION_ID, session_id)
    session.set("csrf", secrets.token_urlsafe(32))


def session_id(request: Request) -> str | None:
    value = web_session(request).get(SESSION_ID)
    return value if isinstance(value, str) and value else None


def log_out(request: Request) -> None:
    web_session(request).clear_all()
