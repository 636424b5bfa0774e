"""The web application: ``create_app()`` builds it; nothing happens at import time.

JSON API under ``/api/v1`` (OpenAPI at ``/api/v1/openapi.json``; no docs UI, which would load
scripts from a CDN), pages
rendered on the server with Jinja2, static files under ``/static``. One error shape everywhere
(``truceline.web.errors``); sessions and CSRF in ``truceline.web.security``; who may do what in
``truceline.web.deps``.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from sqlalchemy import Engine
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from truceline import __version__
from truceline.config import Settings, get_settings
from truceline.db import make_engine, migrate, session_factory
from truceline.web import errors, openapi
from truceline.web.api_models import Health, error_responses
from truceline.web.cache import VersionedCache
from truceline.web.deps import verify_csrf
from truceline.web.limits import BodyLimit, refuse_bad_text
from truceline.web.security import SessionMiddleware

API_PREFIX = "/api/v1"

#: no third-party origins at all: the pages need nothing from the web
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def api_router() -> APIRouter:
    from truceline.agreements.api import router as agreements
    from truceline.auth.api import router as auth
    from truceline.compliance.api import router as compliance
    from truceline.incidents.api import router as incidents
    from truceline.publish.api import router as publish
    from truceline.sources.api import router as sources
    from truceline.verification.api import router as verification

    # any operation may fail unexpectedly: that too answers in the one error shape
    router = APIRouter(prefix=API_PREFIX, responses=error_responses(500))

    @router.get("/health", tags=["meta"], summary="Liveness: answers without touching the store")
    def health() -> Health:
        return Health(status="ok", version=__version__)

    for feature in (incidents, agreements, compliance, sources, verification, publish, auth):
        router.include_router(feature)
    return router


def documented_models() -> list[type[BaseModel]]:
    """Models the document names without an operation returning them (the GeoJSON export)."""
    from truceline.publish.api_models import IncidentFeatureCollection

    return [IncidentFeatureCollection]


def page_routers() -> list[APIRouter]:
    from truceline.agreements.views import router as agreements
    from truceline.auth.views import router as auth
    from truceline.conflicts.views import router as conflicts
    from truceline.incidents.views import router as incidents
    from truceline.publish.views import router as dashboard
    from truceline.sources.views import router as sources
    from truceline.verification.views import router as verification

    return [dashboard, incidents, agreements, sources, verification, auth, conflicts]


def create_app(engine: Engine | None = None, settings: Settings | None = None, *, cache_size: int = 256) -> FastAPI:
    """The app on ``engine`` (default: the settings' database, migrated to the newest schema).

    ``cache_size``: how many dashboard aggregates to keep (0: none); see ``truceline.web.cache``.
    """
    settings = settings or get_settings()
    if engine is None:
        engine = make_engine(settings.database_url)
        migrate(engine)
    app = FastAPI(
        title="Truceline",
        version=__version__,
        description="Ceasefire monitoring and verification: incidents, claims, findings, agreements, "
        "and which incident breaks which promise. Errors share one shape: "
        '`{"error": {"code", "message", "details"}}`. Programs authenticate with '
        "`Authorization: Bearer <token>` (`truceline users token NAME`).",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(refuse_bad_text), Depends(verify_csrf)],
    )
    app.state.engine = engine
    app.state.session_factory = session_factory(engine)
    app.state.settings = settings
    app.state.cache = VersionedCache(cache_size)
    errors.install(app)
    app.include_router(api_router())
    openapi.install(app, documented_models())
    for router in page_routers():
        app.include_router(router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=str(files("truceline") / "static")), name="static")
    app.add_middleware(
        SessionMiddleware, secret_key=settings.secret_key, always_secure=settings.environment == "production"
    )
    # outside sessions and authentication: an oversized body is refused before anything reads it
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, max_upload_bytes=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    return app
