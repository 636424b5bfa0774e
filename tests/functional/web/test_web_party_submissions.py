"""A party's submission stays with that party (and observers and coordinators) until a
coordinator publishes it: accepted from the review queue, attached to another incident, listed,
exported or ingested again by the other party, its words and records never reach anyone else.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from tests.functional.web.conftest import auth
from truceline.auth.services import issue_api_token
from truceline.db import transaction
from truceline.domain import schema
from truceline.incidents.services import add_claim
from truceline.sources.models import Citation, SourceDocument

PUBLISHED_INCIDENT = "2025-11-10-huai-ta-maria-landmine"
TH_REPORT = (
    "TH LIAISON REPORT BLUEBIRD: On 14 November 2025 Cambodian troops fired artillery at Ban Nong Chan, "
    "Sa Kaeo, killing 2 soldiers. The Thai army accused Cambodia of violating the ceasefire."
)


def ingest(client: TestClient, tokens: dict[str, str], role: str, text: str = TH_REPORT) -> dict[str, Any]:
    response = client.post("/api/v1/ingest", json={"text": text, "published": "2025-11-15"}, headers=auth(tokens, role))
    assert response.status_code == 200, response.text
    return response.json()


def accept(client: TestClient, tokens: dict[str, str], review_id: int, **body: Any) -> str:
    response = client.post(f"/api/v1/review/{review_id}/accept", json=body, headers=auth(tokens, "observer"))
    assert response.status_code == 200, response.text
    return str(response.json()["result"])


def review_ids(ingested: dict[str, Any]) -> dict[str, int]:
    return {c["type"]: c["review_id"] for c in ingested["candidates"]}


def get(client: TestClient, tokens: dict[str, str], role: str, path: str) -> Any:
    return client.get(path, headers=auth(tokens, role))


def test_an_accepted_party_submission_is_unpublished_until_a_coordinator_publishes_it(
    client: TestClient, tokens: dict[str, str]
) -> None:
    ingested = ingest(client, tokens, "party_th")
    source_id = ingested["document"]["id"]
    ids = review_ids(ingested)
    incident_id = accept(client, tokens, ids["incident"], force_new=True).removeprefix("incident:")
    claim_id = accept(client, tokens, ids["claim"]).removeprefix("claim:")

    for role in ("party_th", "observer", "coordinator"):
        record = get(client, tokens, role, f"/api/v1/incidents/{incident_id}").json()
        assert record["published"] is False, role
        assert [c["id"] for c in record["claims"]] == [claim_id], role
        assert [s["id"] for s in record["sources"]] == [source_id], role
    for role in ("anonymous", "public", "party_kh"):
        assert get(client, tokens, role, f"/api/v1/incidents/{incident_id}").status_code == 404, role
        assert get(client, tokens, role, f"/api/v1/sources/{source_id}").status_code == 404, role
        assert "BLUEBIRD" not in get(client, tokens, role, "/api/v1/exports/json").text, role

    published = client.post(f"/api/v1/incidents/{incident_id}/publish", headers=auth(tokens, "coordinator"))
    assert published.status_code == 200, published.text

    for role in ("anonymous", "party_kh"):
        record = get(client, tokens, role, f"/api/v1/incidents/{incident_id}").json()
        assert record["published"] is True, role
        assert [c["id"] for c in record["claims"]] == [claim_id], role
        assert [s["id"] for s in record["sources"]] == [source_id], role
        assert any("BLUEBIRD" in p["text"] for e in record["sources"][0]["excerpts"] for p in e["parts"]), role
        assert get(client, tokens, role, f"/api/v1/sources/{source_id}").status_code == 200, role
    again = client.post(f"/api/v1/incidents/{incident_id}/publish", headers=auth(tokens, "coordinator"))
    assert again.status_code == 409


def test_an_observers_submission_waits_for_a_coordinator(client: TestClient, tokens: dict[str, str]) -> None:
    ingested = ingest(client, tokens, "observer")
    incident_id = accept(client, tokens, review_ids(ingested)["incident"], force_new=True).removeprefix("incident:")
    assert get(client, tokens, "anonymous", f"/api/v1/incidents/{incident_id}").status_code == 404
    assert get(client, tokens, "anonymous", f"/api/v1/sources/{ingested['document']['id']}").status_code == 404

    refused = client.post(f"/api/v1/incidents/{incident_id}/publish", headers=auth(tokens, "observer"))
    assert refused.status_code == 403
    published = client.post(f"/api/v1/incidents/{incident_id}/publish", headers=auth(tokens, "coordinator"))
    assert published.status_code == 200, published.text
    record = get(client, tokens, "anonymous", f"/api/v1/incidents/{incident_id}").json()
    assert record["published"] is True
    assert [s["id"] for s in record["sources"]] == [ingested["document"]["id"]]


def test_nobody_publishes_their_own_submission(client: TestClient, tokens: dict[str, str]) -> None:
    """Separation of duties: a coordinator's own report needs another coordinator to publish it."""
    ingested = ingest(client, tokens, "coordinator")
    incident_id = accept(client, tokens, review_ids(ingested)["incident"], force_new=True).removeprefix("incident:")
    own = client.post(f"/api/v1/incidents/{incident_id}/publish", headers=auth(tokens, "coordinator"))
    assert own.status_code == 403
    assert "another coordinator must publish it" in own.json()["error"]["message"]
    assert get(client, tokens, "anonymous", f"/api/v1/incidents/{incident_id}").status_code == 404

    second = {"username": "second-coordinator", "role": "coordinator", "password": "long-enough-password"}
    assert client.post("/api/v1/users", json=second, headers=auth(tokens, "coordinator")).status_code == 201
    with client.app.state.session_factory() as session, session.begin():  # type: ignore[attr-defined]
        issued = issue_api_token(session, "second-coordinator", actor="test")
    other = client.post(f"/api/v1/incidents/{incident_id}/publish", headers={"Authorization": f"Bearer {issued}"})
    assert other.status_code == 200, other.text
    assert get(client, tokens, "anonymous", f"/api/v1/incidents/{incident_id}").status_code == 200


def test_a_party_report_attached_to_a_published_incident_stays_hidden_from_others(
    client: TestClient, tokens: dict[str, str]
) -> None:
    ingested = ingest(client, tokens, "party_th")
    source_id = ingested["document"]["id"]
    accept(client, tokens, review_ids(ingested)["incident"], attach_to=PUBLISHED_INCIDENT)

    for role in ("anonymous", "public", "party_kh"):
        response = get(client, tokens, role, f"/api/v1/incidents/{PUBLISHED_INCIDENT}")
        assert response.status_code == 200, role
        assert source_id not in [s["id"] for s in response.json()["sources"]], role
        assert "BLUEBIRD" not in response.text, role
        page = client.get(f"/incidents/{PUBLISHED_INCIDENT}", headers=auth(tokens, role) | {"accept": "text/html"})
        assert page.status_code == 200 and "BLUEBIRD" not in page.text, role
        listed = get(client, tokens, role, "/api/v1/incidents?from=2025-11-10&to=2025-11-10")
        assert "BLUEBIRD" not in listed.text and f'"id":{source_id},' not in listed.text.replace(" ", ""), role
    for role in ("party_th", "observer"):
        record = get(client, tokens, role, f"/api/v1/incidents/{PUBLISHED_INCIDENT}").json()
        attached = [s for s in record["sources"] if s["id"] == source_id]
        assert attached and any("BLUEBIRD" in p["text"] for e in attached[0]["excerpts"] for p in e["parts"]), role

    # publishing the (already published) incident publishes what was attached to it since
    published = client.post(f"/api/v1/incidents/{PUBLISHED_INCIDENT}/publish", headers=auth(tokens, "coordinator"))
    assert published.status_code == 200, published.text
    record = get(client, tokens, "party_kh", f"/api/v1/incidents/{PUBLISHED_INCIDENT}").json()
    assert source_id in [s["id"] for s in record["sources"]]


def test_unpublished_claims_are_seen_by_their_party_alone_in_lists_exports_and_detail(
    client: TestClient, tokens: dict[str, str], web_engine: Engine
) -> None:
    with transaction(web_engine) as session:
        cited = session.scalars(
            select(SourceDocument.sha256)
            .join(Citation, Citation.source_id == SourceDocument.id)
            .where(Citation.subject_type == "incident", Citation.subject_id == PUBLISHED_INCIDENT)
        ).first()
        for party, claimant, summary in (("TH", "TH", "UNPUBLISHED TH CLAIM"), ("KH", "TH", "KH QUOTES TH")):
            claim = schema.Claim(
                claimant=claimant,
                accused="KH",
                assertion="newly_laid_mines",
                stance="accuses",
                date=dt.date(2025, 11, 12),
                summary=summary,
                sources=[f"urn:sha256:{cited}"],
            )
            add_claim(session, PUBLISHED_INCIDENT, claim, actor="test", published=False, submitted_for_party=party)

    def seen(role: str) -> dict[str, set[str]]:
        headers = auth(tokens, role)
        listed = client.get("/api/v1/incidents?from=2025-11-10&to=2025-11-10", headers=headers).json()
        detail = client.get(f"/api/v1/incidents/{PUBLISHED_INCIDENT}", headers=headers).json()
        exported = client.get("/api/v1/exports/json?from=2025-11-10&to=2025-11-10", headers=headers).text
        page = client.get("/incidents?from=2025-11-10&to=2025-11-10", headers=headers | {"accept": "text/html"}).text
        summaries = ("UNPUBLISHED TH CLAIM", "KH QUOTES TH")
        return {
            "list": {c["summary"] for i in listed["items"] for c in i["claims"]} & set(summaries),
            "detail": {c["summary"] for c in detail["claims"]} & set(summaries),
            "export": {s for s in summaries if s in exported},
            "page": {s for s in summaries if s in page},
        }

    everything = {"UNPUBLISHED TH CLAIM", "KH QUOTES TH"}
    for role, expected in (
        ("anonymous", set()),
        ("public", set()),
        ("party_th", {"UNPUBLISHED TH CLAIM"}),
        ("party_kh", {"KH QUOTES TH"}),
        ("observer", everything),
        ("coordinator", everything),
    ):
        found = seen(role)
        for where in ("list", "detail", "export"):
            assert found[where] == expected, (role, where, found)
        assert found["page"] <= expected, (role, found)


def test_ingesting_another_partys_text_again_reveals_nothing_of_it(client: TestClient, tokens: dict[str, str]) -> None:
    first = ingest(client, tokens, "party_th")
    ids = review_ids(first)
    rejected = client.post(
        f"/api/v1/review/{ids['claim']}/reject",
        json={"reason": "SOURCE BLUEBIRD IS UNRELIABLE"},
        headers=auth(tokens, "observer"),
    )
    assert rejected.status_code == 200

    again = ingest(client, tokens, "party_kh")
    assert again["document"]["created"] is False
    assert again["document"]["sha256"] == first["document"]["sha256"]
    assert again["document"]["id"] is None
    assert again["candidates"] == []
    assert "BLUEBIRD" not in str(again)

    own = ingest(client, tokens, "party_th")
    assert own["document"]["id"] == first["document"]["id"]
    assert {c["review_id"] for c in own["candidates"]} == set(ids.values())
    observer = ingest(client, tokens, "observer")
    assert observer["document"]["id"] == first["document"]["id"] and observer["candidates"]


def test_a_malformed_date_in_review_edits_is_a_422_naming_the_field(client: TestClient, tokens: dict[str, str]) -> None:
    review_id = review_ids(ingest(client, tokens, "observer"))["incident"]
    for field in ("date_start", "date_end"):
        response = client.post(
            f"/api/v1/review/{review_id}/accept",
            json={"edits": {field: "2025-13-01"}},
            headers=auth(tokens, "observer"),
        )
        assert response.status_code == 422, response.text
        assert field in response.text and "2025-13-01" in response.text


def test_review_edits_in_json_null_clears_a_field_and_booleans_read_as_true_or_false(
    client: TestClient, tokens: dict[str, str]
) -> None:
    review_id = review_ids(ingest(client, tokens, "observer"))["incident"]
    result = accept(
        client, tokens, review_id, edits={"place": None, "killed.best": None, "text": False}, force_new=True
    )
    record = get(client, tokens, "observer", f"/api/v1/incidents/{result.removeprefix('incident:')}").json()
    assert record["place_id"] is None
    assert record["description"] == "false"
