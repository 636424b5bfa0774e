"""One error shape everywhere: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.functional.web.conftest import auth


def assert_error_shape(body: dict, code: str) -> None:
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/v1/no-such-thing", 404, "not_found"),
        ("GET", "/api/v1/incidents/no-such-incident", 404, "not_found"),  # a TrucelineError (NotFound)
        ("GET", "/api/v1/agreements/no-such-agreement", 404, "not_found"),
        ("DELETE", "/api/v1/health", 405, "method_not_allowed"),
        ("GET", "/api/v1/incidents?limit=0", 422, "invalid_input"),  # a validation error
        ("GET", "/api/v1/incidents?from=yesterday", 422, "invalid_input"),
        ("GET", "/api/v1/incidents?bbox=1,2,3", 422, "invalid_input"),  # InvalidInput from our code
        ("GET", "/api/v1/incidents?from=2025-08-01&to=2025-07-01", 422, "invalid_input"),
        ("GET", "/api/v1/review", 401, "unauthorized"),
        ("GET", "/api/v1/exports/xlsx", 422, "invalid_input"),
    ],
)
def test_api_errors_share_one_shape(client: TestClient, method: str, path: str, status: int, code: str) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert_error_shape(response.json(), code)


def test_validation_errors_name_the_field(client: TestClient) -> None:
    details = client.get("/api/v1/incidents?limit=0").json()["error"]["details"]
    assert details[0]["location"] == ["query", "limit"]


def test_forbidden_and_conflict_share_the_shape(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.get("/api/v1/users", headers=auth(tokens, "observer"))
    assert response.status_code == 403
    assert_error_shape(response.json(), "forbidden")
    body = {"username": "observer", "role": "observer", "password": "long-enough-password"}
    response = client.post("/api/v1/users", json=body, headers=auth(tokens, "coordinator"))
    assert response.status_code == 409
    assert_error_shape(response.json(), "conflict")


def test_bad_token_is_401_with_the_shape(client: TestClient) -> None:
    response = client.get("/api/v1/incidents", headers={"Authorization": "Bearer tl_not-a-token"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert_error_shape(response.json(), "unauthorized")


def test_pages_show_the_same_code_in_html(client: TestClient) -> None:
    response = client.get("/incidents/no-such-incident", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert 'data-code="not_found"' in response.text


def test_a_page_needing_login_redirects_to_the_login_form(client: TestClient) -> None:
    response = client.get("/review", headers={"accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/review"


def test_unexpected_errors_are_500_with_the_shape(web_engine) -> None:
    from truceline.app import create_app

    app = create_app(web_engine)

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert_error_shape(response.json(), "internal_error")
    assert "secret" not in response.text
