"""Every route of the app, walked from its route table: each answer carries the security headers,
and each unsafe request made with the session cookie but without the CSRF token is refused (403)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from starlette.routing import Mount

from tests.functional.web.conftest import log_in
from truceline.app import create_app
from truceline.db import make_engine, migrate

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
HEADERS = {
    "content-security-policy": "script-src 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "microphone=()",
}
#: the one page that may use the camera and the position: the field form, on its own origin only
DEVICE_PAGES = {"/field/"}


def route_table(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) for every route, included routers and the static mount too."""
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        entries = list(contexts()) if callable(contexts) else [route]
        for entry in entries:
            if isinstance(entry, Mount):
                found.add(("GET", f"{entry.path}/truceline.css"))
                continue
            for method in getattr(entry, "methods", None) or ():
                if method != "HEAD":
                    found.add((method, re.sub(r"\{[^}]+\}", "1", entry.path)))
    return sorted(found)


def the_routes() -> list[tuple[str, str]]:
    engine = make_engine("sqlite://")
    migrate(engine)
    routes = route_table(create_app(engine))
    engine.dispose()
    return routes


ROUTES = the_routes()


def test_the_walk_finds_pages_api_and_forms() -> None:
    assert ("GET", "/") in ROUTES and ("GET", "/api/v1/health") in ROUTES and ("POST", "/login") in ROUTES
    assert ("POST", "/users/1/disable") in ROUTES and ("GET", "/static/truceline.css") in ROUTES
    assert len(ROUTES) > 40


@pytest.fixture(scope="module")
def coordinator(tmp_path_factory: pytest.TempPathFactory, web_template) -> Iterator[TestClient]:
    import shutil

    path = tmp_path_factory.mktemp("headers") / "web.db"
    shutil.copyfile(web_template.path, path)
    engine: Engine = make_engine(f"sqlite:///{path}")
    with TestClient(create_app(engine), raise_server_exceptions=False) as client:
        log_in(client, "coordinator")
        yield client
    engine.dispose()


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_every_answer_carries_the_security_headers(coordinator: TestClient, method: str, path: str) -> None:
    response = coordinator.request(method, path, headers={"Accept": "text/html"}, follow_redirects=False)
    for name, part in HEADERS.items():
        assert part in response.headers.get(name, ""), (name, response.status_code)
    permissions = response.headers["permissions-policy"]
    if path in DEVICE_PAGES:
        assert "camera=(self)" in permissions and "geolocation=(self)" in permissions
    else:
        assert "camera=()" in permissions and "geolocation=()" in permissions
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert "strict-transport-security" not in response.headers  # plain http, not production


UNSAFE_ROUTES = [(m, p) for m, p in ROUTES if m in UNSAFE]


@pytest.mark.parametrize(("method", "path"), UNSAFE_ROUTES, ids=[f"{m} {p}" for m, p in UNSAFE_ROUTES])
def test_every_form_and_cookie_call_needs_the_csrf_token(coordinator: TestClient, method: str, path: str) -> None:
    response = coordinator.request(method, path, data={"anything": "x"}, follow_redirects=False)
    assert response.status_code == 403, response.text
    assert "CSRF" in response.text


def test_hsts_over_https(web_engine: Engine) -> None:
    with TestClient(create_app(web_engine), base_url="https://testserver") as client:
        assert client.get("/api/v1/health").headers["strict-transport-security"].startswith("max-age=")


def test_templates_hold_no_inline_script_or_style() -> None:
    from importlib.resources import files

    folders = [files("truceline") / "templates"]
    while folders:
        for template in folders.pop().iterdir():
            if template.is_dir():
                folders.append(template)
                continue
            text = template.read_text(encoding="utf-8")
            # scripts come from files the app serves (CSP script-src 'self'); a JSON data block is not run
            for tag in re.findall(r"<script\b[^>]*>", text):
                assert " src=" in tag or 'type="application/json"' in tag, (template.name, tag)
            assert " style=" not in text, template.name
            assert re.search(r"\son[a-z]+=", text) is None, template.name
