"""Status events of agreements and commitments, recorded through the API and the pages' forms."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.functional.web.conftest import auth, csrf_from, log_in

HTML = {"accept": "text/html"}
KL = "kl-joint-declaration-2025-10-26"
RBC = "rbc-within-two-weeks"


def test_an_observer_records_an_agreement_event(client: TestClient, tokens: dict[str, str]) -> None:
    body = {
        "kind": "resumed",
        "by": "TH",
        "date": "2025-12-28",
        "note": "Thailand resumes the declaration.",
        "source": "https://example.org/resumed",
    }
    response = client.post(f"/api/v1/agreements/{KL}/events", json=body, headers=auth(tokens, "observer"))
    assert response.status_code == 201, response.text
    event = response.json()
    assert event["date"] == "2025-12-28T23:59:59+07:00"
    assert event["kind"] == "resumed" and event["by"] == "TH" and event["agreement_id"] == KL
    assert event["sources"] == ["https://example.org/resumed"]
    shown = client.get(f"/api/v1/agreements/{KL}?at=2025-12-31").json()
    assert any(e["kind"] == "resumed" and e["note"] == body["note"] for e in shown["events"])

    again = client.post(f"/api/v1/agreements/{KL}/events", json=body, headers=auth(tokens, "coordinator"))
    assert again.status_code == 409


def test_a_commitment_event_changes_its_status(client: TestClient, tokens: dict[str, str]) -> None:
    def status() -> str:
        rows = client.get("/api/v1/commitments?as_of=2025-09-01").json()
        return next(c["status"] for c in rows if c["id"] == RBC)

    assert status() == "overdue"
    body = {
        "kind": "deadline_changed",
        "date": "2025-08-22",
        "new_deadline": "2025-09-30",
        "source": "https://example.org/deadline",
    }
    response = client.post(f"/api/v1/commitments/{RBC}/events", json=body, headers=auth(tokens, "coordinator"))
    assert response.status_code == 201, response.text
    assert response.json()["new_deadline"] == "2025-09-30"
    assert status() == "pending"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (f"/api/v1/agreements/{KL}/events", {"kind": "paused", "date": "2026-01-05", "source": "https://x.org"}),
        (f"/api/v1/agreements/{KL}/events", {"kind": "resumed", "date": "5 January", "source": "https://x.org"}),
        (f"/api/v1/agreements/{KL}/events", {"kind": "resumed", "date": "2026-02-30", "source": "https://x.org"}),
        (f"/api/v1/agreements/{KL}/events", {"kind": "suspended", "by": "XX", "date": "2026-01-05", "source": "https://x.org"}),
        (f"/api/v1/agreements/{KL}/events", {"kind": "resumed", "date": "2026-01-05", "source": "ftp://x.org/a"}),
        (f"/api/v1/agreements/{KL}/events", {"kind": "resumed", "date": "2026-01-05"}),
        (f"/api/v1/commitments/{RBC}/events", {"kind": "deadline_changed", "date": "2026-01-05", "source": "https://x.org"}),
        (f"/api/v1/commitments/{RBC}/events", {"kind": "met", "date": "2026-01-05", "source": "http://[bad"}),
    ],
)  # fmt: skip
def test_bad_events_are_422(client: TestClient, tokens: dict[str, str], path: str, body: dict) -> None:
    response = client.post(path, json=body, headers=auth(tokens, "observer"))
    assert response.status_code == 422, response.text
    assert set(response.json()) == {"error"}


def test_unknown_ids_are_404_and_roles_are_checked(client: TestClient, tokens: dict[str, str]) -> None:
    observer = auth(tokens, "observer")
    body = {"kind": "met", "date": "2026-01-05", "source": "https://x.org"}
    assert client.post("/api/v1/commitments/nope/events", json=body, headers=observer).status_code == 404
    body = {"kind": "resumed", "date": "2026-01-05", "source": "https://x.org"}
    assert client.post("/api/v1/agreements/nope/events", json=body, headers=observer).status_code == 404
    assert client.post(f"/api/v1/agreements/{KL}/events", json=body).status_code == 401
    for role in ("public", "party_th"):
        response = client.post(f"/api/v1/agreements/{KL}/events", json=body, headers=auth(tokens, role))
        assert response.status_code == 403


def test_the_agreement_page_form_records_an_event(client: TestClient) -> None:
    assert 'id="event-form"' not in client.get(f"/agreements/{KL}", headers=HTML).text
    log_in(client, "observer")
    page = client.get(f"/agreements/{KL}", headers=HTML).text
    assert 'id="event-form"' in page
    form = {
        "csrf_token": csrf_from(page),
        "kind": "reaffirmed",
        "by": "",
        "date": "2026-01-10T09:00:00+07:00",
        "note": "Both parties reaffirm the declaration.",
        "source": "https://example.org/reaffirmed",
        "superseded_by": "",
    }
    response = client.post(f"/agreements/{KL}/events", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert "Both parties reaffirm the declaration." in client.get(f"/agreements/{KL}", headers=HTML).text
    without_token = client.post(f"/agreements/{KL}/events", data=form | {"csrf_token": "x"}, follow_redirects=False)
    assert without_token.status_code == 403


def test_the_commitment_tracker_form_records_an_event(client: TestClient) -> None:
    assert f'action="/commitments/{RBC}/events"' not in client.get("/commitments", headers=HTML).text
    log_in(client, "coordinator")
    page = client.get("/commitments?as_of=2025-09-01", headers=HTML).text
    assert f'action="/commitments/{RBC}/events"' in page
    form = {
        "csrf_token": csrf_from(page),
        "kind": "met",
        "date": "2025-08-30",
        "new_deadline": "",
        "by": "",
        "note": "The remaining regional committees met.",
        "source": "https://example.org/met",
    }
    response = client.post(f"/commitments/{RBC}/events", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = client.get("/commitments?as_of=2025-09-01", headers=HTML).text
    assert "The remaining regional committees met." in page
