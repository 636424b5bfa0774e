"""Login sessions and CSRF: cookies are signed and HttpOnly, and every form POST needs its token."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.functional.web.conftest import PASSWORD, csrf_from, log_in


def test_login_sets_a_secure_kind_of_cookie(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": "observer", "password": PASSWORD, "csrf_token": token, "next": "/review"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/review"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http in the test; https requests get Secure
    assert client.get("/api/v1/me").json()["role"] == "observer"


def test_cookie_is_secure_over_https(web_engine) -> None:
    from truceline.app import create_app

    with TestClient(create_app(web_engine), base_url="https://testserver") as client:
        response = client.get("/login")
    assert "Secure" in response.headers["set-cookie"]


def test_wrong_password_is_refused(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post("/login", data={"username": "observer", "password": "wrong", "csrf_token": token})
    assert response.status_code == 401
    assert client.get("/api/v1/me").json()["role"] == "public"


def test_login_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "observer", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 403
    assert client.get("/api/v1/me").json()["role"] == "public"


def test_form_post_with_a_wrong_csrf_token_is_refused(client: TestClient) -> None:
    log_in(client, "observer")
    response = client.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)
    assert response.status_code == 403
    assert client.get("/api/v1/me").json()["role"] == "observer"
    token = csrf_from(client.get("/").text)
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert client.get("/api/v1/me").json()["role"] == "public"


def test_api_posts_on_the_cookie_need_the_csrf_header(client: TestClient) -> None:
    log_in(client, "coordinator")
    body = {"username": "someone", "role": "public", "password": "long-enough-password"}
    assert client.post("/api/v1/users", json=body).status_code == 403
    token = csrf_from(client.get("/").text)
    assert client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": token}).status_code == 201


def test_a_tampered_cookie_is_no_session(client: TestClient) -> None:
    log_in(client, "coordinator")
    value = client.cookies.get("truceline_session")
    client.cookies.clear()
    client.cookies.set("truceline_session", value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    assert client.get("/api/v1/me").json()["role"] == "public"


def test_login_never_redirects_off_site(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": "observer", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_pages_forbid_third_party_origins(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in csp and "http" not in csp
