"""Subscribing, listing and unsubscribing through the API and the Alerts page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.functional.web.conftest import auth, csrf_from, log_in


def test_a_user_subscribes_lists_and_unsubscribes_through_the_api(client: TestClient, tokens: dict[str, str]) -> None:
    observer = auth(tokens, "observer")
    made = client.post(
        "/api/v1/subscriptions",
        json={
            "follow": "sector:all",
            "channel": "webhook",
            "address": "https://example.org/hook",
            "events": ["signal"],
        },
        headers=observer,
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["follows"] == "sector:all" and body["events"] == ["signal"] and len(body["secret"]) == 64
    listed = client.get("/api/v1/subscriptions", headers=observer).json()
    assert [s["id"] for s in listed] == [body["id"]] and "secret" not in listed[0]
    # another user neither sees nor ends it
    assert client.get("/api/v1/subscriptions", headers=auth(tokens, "public")).json() == []
    assert client.delete(f"/api/v1/subscriptions/{body['id']}", headers=auth(tokens, "party_th")).status_code == 404
    ended = client.delete(f"/api/v1/subscriptions/{body['id']}", headers=observer)
    assert ended.status_code == 200 and ended.json()["active"] is False
    assert client.get("/api/v1/subscriptions", headers=observer).json() == []


def test_bad_subscriptions_are_refused_with_the_one_error_shape(client: TestClient, tokens: dict[str, str]) -> None:
    public = auth(tokens, "public")
    cases = [
        ({"follow": "everything", "channel": "email", "address": "a@example.org"}, 422),
        ({"follow": "conflict", "channel": "email", "address": "not-an-address"}, 422),
        ({"follow": "conflict", "channel": "webhook", "address": "ftp://example.org/x"}, 422),
        ({"follow": "incident:2025-08-15-th-unpublished-report", "channel": "email", "address": "a@example.org"}, 404),
        ({"follow": "agreement:no-such", "channel": "email", "address": "a@example.org"}, 404),
        ({"follow": "conflict", "channel": "email", "address": "a@example.org", "events": ["rumours"]}, 422),
    ]
    for body, status in cases:
        answer = client.post("/api/v1/subscriptions", json=body, headers=public)
        assert answer.status_code == status, (body, answer.text)
        assert set(answer.json()["error"]) >= {"code", "message"}
    assert client.get("/api/v1/subscriptions", headers=public).json() == []
    assert client.post("/api/v1/subscriptions", json={}).status_code == 401


def test_the_alerts_page_subscribes_shows_the_secret_once_and_unsubscribes(client: TestClient) -> None:
    log_in(client, "th-liaison")
    page = client.get("/alerts")
    assert page.status_code == 200 and "You follow nothing yet" in page.text
    token = csrf_from(page.text)
    made = client.post(
        "/alerts",
        data={"follow": "conflict", "channel": "webhook", "address": "https://example.org/th", "events": ["incident"],
              "csrf_token": token},
    )  # fmt: skip
    assert made.status_code == 201 and 'id="webhook-secret"' in made.text
    assert "https://example.org/th" in made.text
    again = client.get("/alerts")
    assert 'id="webhook-secret"' not in again.text  # shown once
    refused = client.post(
        "/alerts",
        data={"follow": "sector:nowhere", "channel": "email", "address": "x@example.org", "csrf_token": token},
    )
    assert refused.status_code == 404 and "no sector" in refused.text
    subscription = client.get("/api/v1/subscriptions").json()[0]["id"]
    ended = client.post(f"/alerts/{subscription}/end", data={"csrf_token": token}, follow_redirects=False)
    assert ended.status_code == 303
    assert "You follow nothing yet" in client.get("/alerts").text
