"""The web application: ``create_app()`` builds it; nothing happens at import time.

JSON API under ``/api/v1`` (OpenAPI at ``/api/v1/openapi.json``; no docs UI, which would load
scripts from a CDN), pages
rendered on the server with Jinja2, static files under ``/static``. One error shape everywhere
(``truceline.web.errors``); sessions and CSRF in ``truceline.web.security``; who is asking and may do
what in ``truceline.auth.deps``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from sqlalchemy import Engine
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from truceline import __version__
from truceline.auth.policy import AccountPolicy
from truceline.config import Settings, get_settings, require_safe_secret
from truceline.db import RetryPolicy, make_engine, migrate, session_factory, write_sessions
from truceline.web import errors, openapi, vendor
from truceline.web.api_models import Health, error_responses
from truceline.web.cache import VersionedCache
from truceline.web.deps import verify_csrf
from truceline.web.limits import BodyLimit, refuse_bad_text
from truceline.web.retry import RetryWrites
from truceline.web.security import SessionMiddleware

API_PREFIX = "/api/v1"

#: on every response. No third-party origins and no inline script or style: the pages need
#: nothing from the web, and an injected ``<script>`` would not run
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "cross-origin-opener-policy": "same-origin",
}
#: over https, or always in production (behind a proxy that ends TLS): browsers keep to https
HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, always_hsts: bool = False) -> None:
        self.app = app
        self.always_hsts = always_hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        hsts = self.always_hsts or scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if hsts:
                    headers.setdefault("strict-transport-security", HSTS)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def api_router() -> APIRouter:
    from truceline.agreements.api import router as agreements
    from truceline.alerts.api import router as alerts
    from truceline.auth.api import router as auth
    from truceline.compliance.api import commitments_router as commitments
    from truceline.compliance.api import router as compliance
    from truceline.diplomacy.api import router as diplomacy
    from truceline.history.api import router as history
    from truceline.incidents.api import router as incidents
    from truceline.intake.api import router as intake
    from truceline.intake.field_web import api_router as field_reports
    from truceline.intake.sms_api import router as sms
    from truceline.jobs.api import router as jobs
    from truceline.publish.api import incident_router as incident
    from truceline.publish.api import router as publish
    from truceline.publish.list_api import router as record_lists
    from truceline.replica.api import router as replica
    from truceline.sources.api import router as sources
    from truceline.verification.api import router as verification

    # any operation may fail unexpectedly, or find the store busy with writers (503, Retry-After):
    # that too answers in the one error shape
    router = APIRouter(prefix=API_PREFIX, responses=error_responses(500, 503))

    @router.get("/health", tags=["meta"], summary="Liveness: answers without touching the store")
    def health() -> Health:
        return Health(status="ok", version=__version__)

    features = (
        incidents,
        incident,
        agreements,
        commitments,
        compliance,
        sources,
        record_lists,
        intake,
        field_reports,
        verification,
        publish,
        auth,
        jobs,
        diplomacy,
        history,
        replica,
        alerts,
        sms,
    )
    for feature in features:
        router.include_router(feature)
    return router


def documented_models() -> list[type[BaseModel]]:
    """Models the document names without an operation returning them (the GeoJSON export)."""
    from truceline.publish.api_models import IncidentFeatureCollection

    return [IncidentFeatureCollection]


def page_routers() -> list[APIRouter]:
    from truceline.alerts.views import router as alerts
    from truceline.auth.views import router as auth
    from truceline.compliance.views import router as agreements
    from truceline.conflicts.views import router as conflicts
    from truceline.diplomacy.views import router as diplomacy_pages
    from truceline.history.views import router as record_pages
    from truceline.incidents.views import router as incidents
    from truceline.intake.field_web import page_router as field
    from truceline.intake.views import router as intake
    from truceline.jobs.views import router as jobs
    from truceline.publish.list_views import router as record_lists
    from truceline.publish.views import router as dashboard
    from truceline.reports.views import router as reports
    from truceline.verification.views import router as verification

    return [
        dashboard,
        incidents,
        record_lists,
        agreements,
        intake,
        field,
        verification,
        auth,
        conflicts,
        jobs,
        diplomacy_pages,
        reports,
        alerts,
        record_pages,
    ]


def create_app(
    engine: Engine | None = None,
    settings: Settings | None = None,
    *,
    cache_size: int = 256,
    write_policy: RetryPolicy | None = None,
    run_jobs: bool = True,
) -> FastAPI:
    """The app on ``engine`` (default: the settings' database, migrated to the newest schema).

    ``cache_size``: how many dashboard aggregates to keep (0: none); see ``truceline.web.cache``.
    ``write_policy``: how often a request that lost a write race runs again (``truceline.web.retry``).
    ``run_jobs``: on the embedded default (no ``TRUCELINE_BROKER_URL``), run queued background
    jobs in a thread of this process while it serves (see ``truceline.jobs.queue``).

    The app keeps nothing in process memory that another app server on the same store would
    need: sessions live in the store, the cache is checked against the ledger head on every
    read, jobs live in the store. Any number of processes can serve one PostgreSQL store.
    In production a weak secret key is refused (:class:`truceline.config.InvalidSettings`).
    """
    settings = settings or get_settings()
    require_safe_secret(settings)
    if engine is None:
        engine = make_engine(settings.database_url)
        migrate(engine)
    runs_jobs = run_jobs and not settings.broker_url
    bound_engine = engine

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        runner = None
        if runs_jobs:
            from truceline.jobs.queue import LocalRunner

            runner = LocalRunner(bound_engine)
            runner.start()
        try:
            yield
        finally:
            if runner is not None:
                runner.stop()

    app = FastAPI(
        lifespan=lifespan,
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
    app.state.write_session_factory = write_sessions(engine)
    app.state.settings = settings
    app.state.cache = VersionedCache(cache_size)
    app.state.account_policy = AccountPolicy.of(settings)
    errors.install(app)
    app.include_router(api_router())
    openapi.install(app, documented_models())
    for router in page_routers():
        app.include_router(router, include_in_schema=False)
    vendor.mount(app)  # npm packages under /static/vendor/NAME, matched before /static
    app.mount("/static", StaticFiles(directory=str(files("truceline") / "static")), name="static")
    app.add_middleware(RetryWrites, policy=write_policy)  # inside the session cookie: a request runs again whole
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        always_secure=settings.production,
        max_age=settings.session_absolute_hours * 3600,
    )
    # outside sessions, retries and authentication: an oversized body is refused before anything
    # reads it (RetryWrites keeps the body it replays, so the limit must run first)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, max_upload_bytes=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders, always_hsts=settings.production)
    return app


def app_from_environment() -> FastAPI:
    """The app as the environment configures it: ``uvicorn --factory truceline.app:app_from_environment``
    (what ``truceline serve --workers N`` runs in each worker process)."""
    return create_app()
