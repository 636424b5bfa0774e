"""Observers can attribute an incident and correct an earlier finding from the API and the form."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.functional.web.conftest import auth, csrf_from, log_in

MINE_BLAST = "2025-11-10-huai-ta-maria-landmine"


def test_a_finding_names_the_party_and_the_finding_it_corrects(client: TestClient, tokens: dict[str, str]) -> None:
    observer = auth(tokens, "observer")
    first = client.post(
        "/api/v1/findings",
        headers=observer,
        json={"incident_id": MINE_BLAST, "result": "verified", "reasoning": "Fresh mines found.", "party": "kh"},
    )
    assert first.status_code == 201, first.text
    assert first.json()["party"] == "KH"
    second = client.post(
        "/api/v1/findings",
        headers=observer,
        json={
            "incident_id": MINE_BLAST,
            "result": "inconclusive",
            "reasoning": "Re-examined.",
            "supersedes_id": first.json()["id"],
        },
    )
    assert second.status_code == 201, second.text
    assert second.json()["supersedes_id"] == first.json()["id"]
    missing = client.post(
        "/api/v1/findings",
        headers=observer,
        json={"incident_id": MINE_BLAST, "result": "verified", "reasoning": "x", "supersedes_id": 9999},
    )
    assert missing.status_code == 404
    assert set(missing.json()) == {"error"}


def test_the_findings_form_offers_the_principal_parties(client: TestClient) -> None:
    log_in(client, "observer")
    page = client.get(f"/incidents/{MINE_BLAST}/findings/new")
    assert page.status_code == 200
    assert '<option value="KH">KH</option>' in page.text and '<option value="TH">TH</option>' in page.text
    response = client.post(
        f"/incidents/{MINE_BLAST}/findings",
        data={
            "csrf_token": csrf_from(page.text),
            "result": "verified",
            "reasoning": "Seen by the team.",
            "party": "KH",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
