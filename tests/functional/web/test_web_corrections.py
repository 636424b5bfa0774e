"""Corrections, retractions and unpublications through the API and the incident page's forms; the
history endpoint and section; what the public sees of an unpublished or a retracted incident."""

from __future__ import annotations

import datetime as dt
import time

from fastapi.testclient import TestClient

from tests.functional.web.conftest import auth, csrf_from, log_in

HTML = {"accept": "text/html"}
MINE = "2025-07-16-chong-bok-hill-481-landmine"
FIX = "https://example.org/corrected-report"


def public_ids(client: TestClient) -> set[str]:
    page = client.get("/api/v1/incidents?limit=500").json()
    return {i["id"] for i in page["items"]}


def test_the_api_corrects_unpublishes_and_retracts_with_roles(client: TestClient, tokens: dict[str, str]) -> None:
    correction = {
        "set": {"kind": "fortification", "actors": ["TH", "a named unit"]},
        "reason": "misread",
        "source": FIX,
    }
    url = f"/api/v1/incidents/{MINE}"
    assert client.post(f"{url}/corrections", json=correction, headers=auth(tokens, "public")).status_code == 403
    done = client.post(f"{url}/corrections", json=correction, headers=auth(tokens, "observer"))
    assert done.status_code == 201, done.text
    version = done.json()
    assert version["version"] == 2 and version["change"] == "corrected" and version["source"] == FIX
    assert {d["field"] for d in version["diff"]} == {"kind", "actors"}

    bad = client.post(
        f"{url}/corrections", json=correction | {"set": {"date_start": "9999-12-31"}}, headers=auth(tokens, "observer")
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"
    unknown = client.post(
        f"{url}/corrections", json=correction | {"set": {"colour": "red"}}, headers=auth(tokens, "observer")
    )
    assert unknown.status_code == 422 and "colour" in unknown.json()["error"]["message"]

    body = {"reason": "under review"}
    assert client.post(f"{url}/unpublication", json=body, headers=auth(tokens, "observer")).status_code == 403
    hidden = client.post(f"{url}/unpublication", json=body, headers=auth(tokens, "coordinator"))
    assert hidden.status_code == 201 and hidden.json()["change"] == "unpublished"
    assert MINE not in public_ids(client)
    assert client.get(url).status_code == 404
    assert client.get(url, headers=auth(tokens, "observer")).status_code == 200

    retracted = client.post(f"{url}/retraction", json={"reason": "a duplicate"}, headers=auth(tokens, "coordinator"))
    assert retracted.status_code == 201 and retracted.json()["change"] == "retracted"
    again = client.post(f"{url}/retraction", json={"reason": "again"}, headers=auth(tokens, "coordinator"))
    assert again.status_code == 409

    history = client.get(f"/api/v1/incidents/{MINE}/history", headers=auth(tokens, "observer")).json()
    assert [v["change"] for v in history] == ["created", "corrected", "unpublished", "retracted"]
    claims = client.get(f"/api/v1/claims/{MINE}/claim-1/history", headers=auth(tokens, "observer"))
    assert claims.status_code == 200 and claims.json()[0]["change"] == "created"
    agreement = client.get("/api/v1/agreements/kl-joint-declaration-2025-10-26/history").json()
    assert agreement[0]["change"] == "created" and any(v["change"] == "event" for v in agreement)
    assert client.get("/api/v1/incidents/no-such-incident/history").status_code == 404


def test_the_public_gets_the_retraction_notice_not_the_content(client: TestClient, tokens: dict[str, str]) -> None:
    url = f"/api/v1/incidents/{MINE}"
    body = {"reason": "recorded in error", "superseded_by": None}
    assert client.post(f"{url}/retraction", json=body, headers=auth(tokens, "coordinator")).status_code == 201
    gone = client.get(url)
    assert gone.status_code == 410
    error = gone.json()["error"]
    assert error["code"] == "retracted" and error["details"]["reason"] == "recorded in error"
    assert "Chong Bok" not in gone.text
    assert client.get(f"{url}/history").status_code == 410
    assert MINE not in public_ids(client)
    page = client.get(f"/incidents/{MINE}", headers=HTML)
    assert page.status_code == 410 and "recorded in error" in page.text
    observed = client.get(url, headers=auth(tokens, "observer")).json()
    assert observed["retracted"] is True


def test_the_incident_page_shows_history_and_its_forms_correct_and_retract(client: TestClient) -> None:
    page = client.get(f"/incidents/{MINE}", headers=HTML).text
    assert 'id="history"' in page and "created" in page
    assert 'action="/incidents/' not in page.split('id="history"')[1]  # no forms for the public
    log_in(client, "coordinator")
    page = client.get(f"/incidents/{MINE}", headers=HTML).text
    token = csrf_from(page)
    assert f'action="/incidents/{MINE}/corrections"' in page and f'action="/incidents/{MINE}/retraction"' in page
    form = {
        "csrf_token": token,
        "field": "description",
        "value": "A trench was dug.",
        "reason": "misread",
        "source": FIX,
    }
    response = client.post(f"/incidents/{MINE}/corrections", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = client.get(f"/incidents/{MINE}", headers=HTML).text
    assert "A trench was dug." in page and "Why: misread" in page
    hide = {"csrf_token": token, "reason": "under review"}
    assert client.post(f"/incidents/{MINE}/unpublication", data=hide, follow_redirects=False).status_code == 303
    retract = {"csrf_token": token, "reason": "a duplicate", "superseded_by": ""}
    assert client.post(f"/incidents/{MINE}/retraction", data=retract, follow_redirects=False).status_code == 303
    page = client.get(f"/incidents/{MINE}", headers=HTML).text
    assert "Retracted — a duplicate" in page and "v4 retracted" in page


def test_compliance_known_at_gives_the_verdict_from_before_a_correction(
    client: TestClient, tokens: dict[str, str]
) -> None:
    observer = auth(tokens, "observer")

    def mine(**params: str) -> list[dict[str, object]]:
        response = client.get("/api/v1/compliance", params={"as_of": "2025-12-31", **params}, headers=observer)
        assert response.status_code == 200, response.text
        return [v for v in response.json()["violations"] if v["incident_id"] == MINE]

    before = mine()
    known = dt.datetime.now(dt.UTC).isoformat()
    time.sleep(0.01)
    correction = {"set": {"kind": "fortification"}, "reason": "misread", "source": FIX}
    assert client.post(f"/api/v1/incidents/{MINE}/corrections", json=correction, headers=observer).status_code == 201
    assert mine() != before
    assert mine(known_at=known) == before
    naive = client.get("/api/v1/compliance", params={"known_at": "2025-12-01T10:00:00"}, headers=observer)
    assert naive.status_code == 422


def test_casualty_figures_are_corrected_through_the_api_and_the_form(
    client: TestClient, tokens: dict[str, str]
) -> None:
    url = f"/api/v1/incidents/{MINE}"
    figures = [
        {"category": "injured", "side": "TH", "population": "military", "low": 3, "best": 4, "high": 6},
        {"category": "killed", "side": "TH", "population": "military", "best": 1},
    ]
    body = {"figures": figures, "reason": "a later army statement", "source": FIX}
    assert client.post(f"{url}/corrections", json=body, headers=auth(tokens, "public")).status_code == 403
    bad = client.post(
        f"{url}/corrections",
        json=body | {"figures": [figures[0] | {"low": 9}]},
        headers=auth(tokens, "observer"),
    )
    assert bad.status_code == 422 and "low <= best <= high" in bad.json()["error"]["message"]
    done = client.post(f"{url}/corrections", json=body, headers=auth(tokens, "observer"))
    assert done.status_code == 201, done.text
    assert done.json()["diff"] == [
        {"field": "casualties injured:TH:military", "before": "best 3", "after": "low 3, best 4, high 6"},
        {"field": "casualties killed:TH:military", "before": None, "after": "best 1"},
    ]
    assert client.get(url).json()["killed"]["best"] == 1

    log_in(client, "observer")
    page = client.get(f"/incidents/{MINE}", headers=HTML).text
    form = {
        "csrf_token": csrf_from(page),
        "reason": "not confirmed",
        "source": FIX,
        "figure_category": "killed",
        "figure_side": "TH",
        "figure_population": "military",
    }
    response = client.post(f"/incidents/{MINE}/corrections", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = client.get(f"/incidents/{MINE}", headers=HTML).text
    assert "casualties killed:TH:military" in page and "Why: not confirmed" in page
    nothing = client.post(f"/incidents/{MINE}/corrections", data=form | {"figure_category": ""})
    assert nothing.status_code == 422 and "nothing to correct" in nothing.text


def test_claims_are_corrected_and_retracted_through_the_api_and_shown_on_their_page(
    client: TestClient, tokens: dict[str, str]
) -> None:
    claim = f"{MINE}/claim-1"
    url = f"/api/v1/claims/{claim}"
    page = client.get(f"/claims/{claim}", headers=HTML)
    assert page.status_code == 200 and 'id="history"' in page.text and "v1 created" in page.text
    assert f'href="/incidents/{MINE}"' in page.text

    correction = {"set": {"summary": "Misquoted at first."}, "reason": "misquoted", "source": FIX}
    assert client.post(f"{url}/corrections", json=correction, headers=auth(tokens, "party_th")).status_code == 403
    done = client.post(f"{url}/corrections", json=correction, headers=auth(tokens, "observer"))
    assert done.status_code == 201, done.text
    assert done.json()["change"] == "corrected" and done.json()["diff"][0]["field"] == "summary"
    far = client.post(
        f"{url}/corrections", json=correction | {"set": {"made_on": "9999-12-31"}}, headers=auth(tokens, "observer")
    )
    assert far.status_code == 422 and far.json()["error"]["code"] == "invalid_input"
    unknown = client.post(
        f"{url}/corrections", json=correction | {"set": {"mood": "x"}}, headers=auth(tokens, "observer")
    )
    assert unknown.status_code == 422 and "mood" in unknown.json()["error"]["message"]
    missing = client.post(
        "/api/v1/claims/no-such-incident/claim-1/corrections", json=correction, headers=auth(tokens, "observer")
    )
    assert missing.status_code == 404

    body = {"reason": "the party withdrew it"}
    assert client.post(f"{url}/retraction", json=body, headers=auth(tokens, "observer")).status_code == 403
    retracted = client.post(f"{url}/retraction", json=body, headers=auth(tokens, "coordinator"))
    assert retracted.status_code == 201 and retracted.json()["change"] == "retracted"
    assert client.post(f"{url}/retraction", json=body, headers=auth(tokens, "coordinator")).status_code == 409
    assert client.post(f"{url}/corrections", json=correction, headers=auth(tokens, "observer")).status_code == 409

    gone = client.get(f"{url}/history")
    assert gone.status_code == 410 and gone.json()["error"]["details"]["reason"] == "the party withdrew it"
    public_page = client.get(f"/claims/{claim}", headers=HTML)
    assert public_page.status_code == 410 and "the party withdrew it" in public_page.text
    assert "Misquoted at first." not in public_page.text
    log_in(client, "observer")
    seen = client.get(f"/claims/{claim}", headers=HTML).text
    assert "Retracted — the party withdrew it" in seen and "v3 retracted" in seen and "Misquoted at first." in seen


def test_a_source_page_shows_the_source_and_its_history(client: TestClient) -> None:
    page = client.get("/sources/1", headers=HTML)
    assert page.status_code == 200 and 'id="history"' in page.text and "v1 created" in page.text
    assert client.get("/sources/999999", headers=HTML).status_code == 404
    assert client.get("/claims/no-such-incident/claim-1", headers=HTML).status_code == 404
