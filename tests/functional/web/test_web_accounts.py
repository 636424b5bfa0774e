"""Accounts over HTTP: a disabled user's session and tokens stop on the next request, an expired
token is refused, a role change ends sessions, the 11th wrong password in a minute gets 429, the
second factor, and a coordinator's users page and API."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from tests.functional.web.conftest import PASSWORD, auth, csrf_from, log_in
from truceline.auth.models import ApiToken, LoginSession, User
from truceline.auth.services import enrol_totp
from truceline.config import Settings
from truceline.db import transaction, utcnow
from truceline.ledger.models import LedgerEntry

STRONG_SECRET = secrets.token_urlsafe(48)


def me(client: TestClient, headers: dict[str, str] | None = None) -> str:
    return client.get("/api/v1/me", headers=headers or {}).json()["role"]


def post_form(client: TestClient, path: str, data: dict[str, str] | None = None, page: str = "/users"):
    token = csrf_from(client.get(page).text)
    return client.post(path, data={**(data or {}), "csrf_token": token}, follow_redirects=False)


def coordinator_client(client: TestClient) -> TestClient:
    log_in(client, "coordinator")
    return client


@pytest.fixture
def second(web_engine: Engine) -> Iterator[TestClient]:
    """Another browser on the same app."""
    from truceline.app import create_app

    with TestClient(create_app(web_engine)) as other:
        yield other


def test_disabling_a_user_stops_their_session_and_tokens_on_the_next_request(
    client: TestClient, second: TestClient, tokens: dict[str, str]
) -> None:
    log_in(second, "observer")
    assert me(second) == "observer"
    assert me(client, auth(tokens, "observer")) == "observer"
    coordinator_client(client)
    assert post_form(client, "/users/observer/disable").status_code == 303
    assert me(second) == "public"
    assert client.get("/api/v1/review", headers=auth(tokens, "observer")).status_code == 401
    page = client.get("/users").text
    assert "disabled" in page
    # and the password no longer logs in
    token = csrf_from(second.get("/login").text)
    response = second.post("/login", data={"username": "observer", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 401


def test_a_role_change_ends_the_users_sessions(client: TestClient, second: TestClient) -> None:
    log_in(second, "th-liaison")
    assert me(second) == "party"
    coordinator_client(client)
    assert post_form(client, "/users/th-liaison/role", {"role": "observer", "party": ""}).status_code == 303
    assert me(second) == "public"
    log_in(second, "th-liaison")
    assert me(second) == "observer"


def test_logout_ends_the_session_even_for_a_copied_cookie(client: TestClient, second: TestClient) -> None:
    log_in(client, "observer")
    second.cookies.set("truceline_session", client.cookies.get("truceline_session"))
    assert me(second) == "observer"
    assert post_form(client, "/logout", page="/").status_code == 303
    assert me(client) == "public"
    assert me(second) == "public"


def test_an_idle_session_ends(client: TestClient, web_engine: Engine) -> None:
    log_in(client, "observer")
    with transaction(web_engine) as session:
        session.execute(update(LoginSession).values(last_seen_at=utcnow().replace(year=2020)))
    assert me(client) == "public"


def test_an_expired_token_is_refused(client: TestClient, tokens: dict[str, str], web_engine: Engine) -> None:
    headers = auth(tokens, "observer")
    issued = client.post("/api/v1/tokens", json={"name": "short", "expires_in_days": 1}, headers=headers).json()
    bearer = {"Authorization": f"Bearer {issued['token']}"}
    assert client.get("/api/v1/review", headers=bearer).status_code == 200
    with transaction(web_engine) as session:
        session.execute(update(ApiToken).where(ApiToken.id == issued["id"]).values(expires_at=utcnow()))
    response = client.get("/api/v1/review", headers=bearer)
    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]
    mine = {t["id"]: t for t in client.get("/api/v1/tokens", headers=headers).json()}
    assert mine[issued["id"]]["state"] == "expired" and mine[issued["id"]]["last_used_at"] is not None


def test_the_eleventh_wrong_password_in_a_minute_is_refused_with_retry_after(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    for _ in range(10):
        wrong = client.post("/login", data={"username": "observer", "password": "wrong-guess", "csrf_token": token})
        assert wrong.status_code == 401
    eleventh = client.post("/login", data={"username": "observer", "password": PASSWORD, "csrf_token": token})
    assert eleventh.status_code == 429
    assert 0 < int(eleventh.headers["retry-after"]) <= 60
    assert "try again in" in eleventh.text
    assert me(client) == "public"


def test_a_user_with_a_second_factor_gives_the_code(client: TestClient, web_engine: Engine) -> None:
    with transaction(web_engine) as session:
        secret = enrol_totp(session, "observer", actor="test")
    token = csrf_from(client.get("/login").text)
    response = client.post("/login", data={"username": "observer", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 200 and 'action="/login/code"' in response.text
    assert me(client) == "public"
    token = csrf_from(response.text)
    wrong = client.post("/login/code", data={"code": "12345x", "csrf_token": token})
    assert wrong.status_code == 401
    code = pyotp.TOTP(secret).now()
    right = client.post("/login/code", data={"code": code, "csrf_token": token}, follow_redirects=False)
    assert right.status_code == 303
    assert me(client) == "observer"


def test_a_code_without_a_password_step_is_refused(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post("/login/code", data={"code": "123456", "csrf_token": token})
    assert response.status_code == 401 and "give your password again" in response.text


def production(web_engine: Engine, **settings: object) -> TestClient:
    from truceline.app import create_app

    config = Settings(environment="production", secret_key=STRONG_SECRET, **settings)  # type: ignore[arg-type]
    return TestClient(create_app(web_engine, config), base_url="https://testserver")


def test_in_production_a_coordinator_needs_a_second_factor(web_engine: Engine) -> None:
    with production(web_engine) as client:
        token = csrf_from(client.get("/login").text)
        data = {"username": "coordinator", "password": PASSWORD, "csrf_token": token}
        refused = client.post("/login", data=data)
        assert refused.status_code == 403
        assert "truceline users totp-enroll coordinator" in refused.text
        assert me(client) == "public"
        with transaction(web_engine) as session:
            secret = enrol_totp(session, "coordinator", actor="test")
        step = client.post("/login", data=data)
        code = pyotp.TOTP(secret).now()
        done = client.post(
            "/login/code", data={"code": code, "csrf_token": csrf_from(step.text)}, follow_redirects=False
        )
        assert done.status_code == 303
        cookie = done.headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert me(client) == "coordinator"
    # observers need none; the setting turns the rule off (tests, demos)
    with production(web_engine, coordinator_totp=False) as client:
        log_in(client, "observer")
        assert me(client) == "observer"


def test_the_users_page_is_for_coordinators(client: TestClient) -> None:
    browser = {"Accept": "text/html"}
    assert client.get("/users", headers=browser, follow_redirects=False).status_code == 303  # to the login page
    log_in(client, "observer")
    assert client.get("/users").status_code == 403
    assert 'href="/users"' not in client.get("/").text


def test_a_coordinator_resets_a_password_and_revokes_a_token(
    client: TestClient, tokens: dict[str, str], web_engine: Engine
) -> None:
    coordinator_client(client)
    page = client.get("/users").text
    assert 'href="/users"' in page and 'id="user-observer"' in page
    reset = post_form(client, "/users/observer/password")
    assert reset.status_code == 200
    marker = 'class="new-password">'
    new = reset.text[reset.text.index(marker) + len(marker) :].split("<", 1)[0]
    with transaction(web_engine) as session:
        token_id = session.scalars(
            select(ApiToken.id).join(User, User.id == ApiToken.user_id).where(User.username == "observer")
        ).first()
    assert token_id is not None
    assert post_form(client, f"/users/tokens/{token_id}/revoke").status_code == 303
    assert post_form(client, f"/users/tokens/{token_id}/revoke").status_code == 409
    with TestClient(client.app) as other:
        log_in(other, "observer", new)
        assert me(other) == "observer"
    with transaction(web_engine) as session:
        logged = list(session.scalars(select(LedgerEntry).where(LedgerEntry.action.like("auth:%"))))
    assert {"auth:user:password-reset", "auth:token:revoke"} <= {e.action for e in logged}
    assert all(new not in str(e.payload) for e in logged)


def test_the_users_api(client: TestClient, tokens: dict[str, str]) -> None:
    coordinator = auth(tokens, "coordinator")
    assert client.post("/api/v1/users/observer/disable", headers=auth(tokens, "observer")).status_code == 403
    disabled = client.post("/api/v1/users/observer/disable", headers=coordinator)
    assert disabled.status_code == 200 and disabled.json()["active"] is False
    again = client.post("/api/v1/users/observer/disable", headers=coordinator)
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert client.post("/api/v1/users/observer/enable", headers=coordinator).json()["active"] is True
    detail = client.get("/api/v1/users/observer", headers=coordinator).json()
    assert detail["open_sessions"] == 0 and {t["state"] for t in detail["tokens"]} == {"revoked"}
    role = client.put("/api/v1/users/kh-liaison/role", json={"role": "party", "party": "th"}, headers=coordinator)
    assert role.status_code == 200 and role.json()["party"] == "TH"
    bad = client.put("/api/v1/users/kh-liaison/role", json={"role": "observer", "party": "TH"}, headers=coordinator)
    assert bad.status_code == 422
    reset = client.post("/api/v1/users/reader/password", json={}, headers=coordinator).json()
    assert reset["sessions_ended"] is True and len(reset["password"]) >= 10
    given = client.post("/api/v1/users/reader/password", json={"password": "another-long-one"}, headers=coordinator)
    assert given.status_code == 200 and given.json()["password"] is None
    assert client.get("/api/v1/users/nobody", headers=coordinator).status_code == 404
    assert client.post("/api/v1/tokens", json={"expires_in_days": "3"}, headers=coordinator).status_code == 422
    assert client.post("/api/v1/tokens", json={"expires_in_days": 731}, headers=coordinator).status_code == 422
