"""Meetings, letters and statements in the web app and the API, and reports and letters
generated and downloaded from the pages they concern, by the roles allowed.

Reports are built from what the viewer may see, so every role may generate them; letters are
drafted by observers and coordinators for any party, by a party user for its own party only.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.functional.web.conftest import ROLES as USERS
from tests.functional.web.conftest import auth, csrf_from, log_in

ROLES = ["anonymous", "public", "party_th", "party_kh", "observer", "coordinator"]
LANDMINE = "2025-11-10-huai-ta-maria-landmine"
MEETING = "session-gbc-special-3-2025-12-27"
SOURCE = "https://www.nationthailand.com/news/asean/40058092"
NEW_MEETING = {
    "id": "rbc-web-test",
    "body": "RBC",
    "title": "RBC",
    "date_start": "2026-01-10",
    "place_name": "a checkpoint",
    "source": SOURCE,
}
NEW_LETTER = {
    "id": "th-web-letter",
    "kind": "protest",
    "sender": "TH",
    "recipients": ["KH"],
    "date": "2025-11-12",
    "subject": "Mine",
    "summary": "A protest.",
    "incidents": [LANDMINE],
    "source": SOURCE,
}
NEW_STATEMENT = {
    "id": "th-web-statement",
    "speaker": "TH",
    "kind": "demand",
    "date": "2025-11-12",
    "summary": "Stop.",
    "incidents": [LANDMINE],
    "source": SOURCE,
}

MATRIX: list[tuple[str, str, Any, list[int]]] = [
    ("GET", "/api/v1/meetings", None, [200] * 6),
    ("GET", f"/api/v1/meetings/{MEETING}", None, [200] * 6),
    ("GET", "/api/v1/meetings/no-such-meeting", None, [404] * 6),
    ("POST", "/api/v1/meetings", NEW_MEETING, [401, 403, 403, 403, 201, 201]),
    ("GET", "/api/v1/letters", None, [200] * 6),
    ("GET", "/api/v1/letters/th-demand-kh-2025-11-11", None, [200] * 6),
    ("POST", "/api/v1/letters", NEW_LETTER, [401, 403, 201, 422, 201, 201]),
    ("GET", "/api/v1/statements", None, [200] * 6),
    ("GET", "/api/v1/statements/kh-mfa-legacy-mines-2025-11-11", None, [200] * 6),
    ("POST", "/api/v1/statements", NEW_STATEMENT, [401, 403, 201, 422, 201, 201]),
    ("GET", "/meetings", None, [200] * 6),
    ("GET", f"/meetings/{MEETING}", None, [200] * 6),
    ("GET", "/letters", None, [200] * 6),
    ("GET", "/statements", None, [200] * 6),
    ("GET", "/reports/daily?date=2025-12-08&format=html", None, [200] * 6),
    ("GET", "/reports/sitrep?from=2025-12-31&to=2025-12-01", None, [422] * 6),
    ("GET", "/meetings/no-such-meeting/brief", None, [422] * 6),
]

CASES = [
    pytest.param(method, path, body, role, statuses[i], id=f"{role}-{method}-{path.split('?')[0]}")
    for method, path, body, statuses in MATRIX
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("method", "path", "body", "role", "expected"), CASES)
def test_role_matrix(
    client: TestClient, tokens: dict[str, str], method: str, path: str, body: Any, role: str, expected: int
) -> None:
    headers = auth(tokens, role) | ({"accept": "text/html"} if not path.startswith("/api") else {})
    response = client.request(method, path, json=body, headers=headers, follow_redirects=False)
    assert response.status_code == expected, response.text[:500]


def test_a_partys_own_letter_is_unpublished_and_seen_only_by_it_and_observers(
    client: TestClient, tokens: dict[str, str]
) -> None:
    created = client.post("/api/v1/letters", json=NEW_LETTER, headers=auth(tokens, "party_th"))
    assert created.status_code == 201 and created.json()["published"] is False
    seen = {role: client.get("/api/v1/letters/th-web-letter", headers=auth(tokens, role)).status_code for role in ROLES}
    assert seen == {
        "anonymous": 404,
        "public": 404,
        "party_th": 200,
        "party_kh": 404,
        "observer": 200,
        "coordinator": 200,
    }


def test_the_incident_and_agreement_pages_link_the_letters_statements_and_meetings(client: TestClient) -> None:
    incident = client.get(f"/incidents/{LANDMINE}").text
    assert "/letters/th-demand-kh-2025-11-11" in incident and "/statements/kh-mfa-legacy-mines-2025-11-11" in incident
    agreement = client.get("/agreements/gbc-special-3-2025-12-27").text
    assert f"/meetings/{MEETING}" in agreement
    assert 'meeting <a href="/meetings/' in client.get("/commitments").text
    meeting = client.get(f"/meetings/{MEETING}").text
    assert f"/meetings/{MEETING}/brief?format=html" in meeting and f'action="/meetings/{MEETING}/brief"' in meeting
    dashboard = client.get("/").text
    assert (
        'method="post" action="/reports/sitrep"' in dashboard and 'method="post" action="/reports/daily"' in dashboard
    )


def test_html_reports_are_answered_at_once(client: TestClient) -> None:
    """HTML renders in the request; PDF and DOCX are jobs (see test_web_report_jobs.py)."""
    sitrep = client.get("/reports/sitrep?from=2025-12-01&to=2025-12-31&format=html")
    assert sitrep.status_code == 200 and "Headline figures" in sitrep.text
    assert sitrep.headers["content-disposition"] == 'inline; filename="sitrep-2025-12-01-2025-12-31.html"'
    brief = client.get(f"/meetings/{MEETING}/brief")
    assert brief.status_code == 200 and "Suggested agenda" in brief.text
    assert client.get(f"/meetings/{MEETING}/brief?format=docx").status_code == 422


@pytest.mark.parametrize(
    ("role", "sender", "expected"),
    [("observer", "KH", 200), ("party_th", "TH", 200), ("party_th", "KH", 403), ("public", "TH", 403)],
)
def test_drafting_a_letter_from_the_incident_page(client: TestClient, role: str, sender: str, expected: int) -> None:
    log_in(client, USERS[role][0])
    token = csrf_from(client.get(f"/incidents/{LANDMINE}").text)
    other = "TH" if sender == "KH" else "KH"
    form = {"kind": "protest", "sender": sender, "other": other, "format": "html", "csrf_token": token}
    response = client.post(f"/incidents/{LANDMINE}/letter", data=form)
    assert response.status_code == expected, response.text[:300]
    if expected == 200:
        assert response.headers["content-type"].startswith("text/html") and "2025-11-10" in response.text


def test_recording_a_meeting_from_the_form(client: TestClient) -> None:
    log_in(client, USERS["observer"][0])
    token = csrf_from(client.get("/meetings").text)
    form = {k: v for k, v in NEW_MEETING.items()} | {"csrf_token": token}
    response = client.post("/meetings", data=form, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/meetings/rbc-web-test"
    token = csrf_from(client.get("/statements").text)
    form = {k: v for k, v in NEW_STATEMENT.items() if k != "incidents"} | {"incidents": LANDMINE, "csrf_token": token}
    assert client.post("/statements", data=form, follow_redirects=False).status_code == 303
    token = csrf_from(client.get("/letters").text)
    form = {k: v for k, v in NEW_LETTER.items() if k not in {"incidents", "recipients"}}
    form |= {"recipients": "KH", "incidents": LANDMINE, "csrf_token": token}
    assert client.post("/letters", data=form, follow_redirects=False).status_code == 303
    assert "th-web-letter" in client.get("/letters").text
