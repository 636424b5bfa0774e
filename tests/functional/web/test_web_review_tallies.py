"""The review queue over the web: a tally and an agreement status change are shown readably and
accepted from the page or the API; an incident's possible duplicates are in its API record.

The report is a real one of the evaluation set (tests/data/extraction/real_reports.yaml, dev half).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient

from tests.functional.web.conftest import auth, csrf_from, log_in

REPORTS = Path(__file__).parent.parent.parent / "data" / "extraction" / "real_reports.yaml"


def report(report_id: str) -> dict[str, Any]:
    found = next(r for r in yaml.safe_load(REPORTS.read_text(encoding="utf-8"))["reports"] if r["id"] == report_id)
    assert found["split"] == "dev"
    return dict(found)


def ingest(client: TestClient, tokens: dict[str, str], report_id: str) -> dict[str, Any]:
    r = report(report_id)
    body = {"text": r["excerpt"], "published": r["published"].isoformat(), "url": r["url"], "publisher": r["outlet"]}
    response = client.post("/api/v1/ingest", json=body, headers=auth(tokens, "observer"))
    assert response.status_code == 200, response.text
    return response.json()


def test_a_tally_is_shown_readably_and_accepted_from_the_page(client: TestClient, tokens: dict[str, str]) -> None:
    ingested = ingest(client, tokens, "thkh-22-trt-jul25-banteay-ampil")
    tally = next(c for c in ingested["candidates"] if c["type"] == "tally")
    log_in(client, "observer")
    page = client.get(f"/review/{tally['review_id']}").text
    form = page[page.index('id="accept-form"') :]
    form = form[: form.index("</form>")]
    assert "Total counted by Thailand" in form and "Counted by" in form and "As of" in form
    response = client.post(
        f"/review/{tally['review_id']}/accept",
        data={
            "csrf_token": csrf_from(page),
            "original_killed.best": "15",
            "killed.best": "16",
            "original_killed.high": "15",
            "killed.high": "",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert "done=tally:" in response.headers["location"]
    listed = client.get("/api/v1/review", headers=auth(tokens, "observer")).json()
    assert tally["review_id"] not in {c["review_id"] for c in listed}


def test_an_incidents_possible_duplicates_are_in_its_api_record(client: TestClient, tokens: dict[str, str]) -> None:
    ingested = ingest(client, tokens, "thkh-16-ann-nov10-suspension-denial")
    queued = client.get("/api/v1/review", headers=auth(tokens, "observer")).json()
    mine = next(c for c in queued if c["type"] == "incident" and c["kind"] == "landmine_explosion")
    assert [d["incident_id"] for d in mine["possible_duplicates"]] == ["2025-11-10-huai-ta-maria-landmine"]
    status = next(c for c in ingested["candidates"] if c["type"] == "agreement_status")
    response = client.post(
        f"/api/v1/review/{status['review_id']}/accept",
        json={"edits": {"agreement": "gbc-special-1-2025-09-10"}},
        headers=auth(tokens, "observer"),
    )
    assert response.status_code == 200, response.text
    assert response.json()["result"].startswith("agreement_event:")
