"""The role matrix: every role against every guarded endpoint, with the expected status.

A party sees published records and its own submissions, never another party's unpublished
ones; only observers (and coordinators) use the review queue and findings; only coordinators
manage users and publishing.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.functional.web.conftest import UNPUBLISHED_TH, auth

ROLES = ["anonymous", "public", "party_th", "party_kh", "observer", "coordinator"]

INGEST = {"text": "On 9 December 2025 shelling hit Ban Nong Chan, Sa Kaeo.", "published": "2025-12-09", "dry_run": True}
FINDING = {"incident_id": UNPUBLISHED_TH, "result": "inconclusive", "reasoning": "No access to the site yet."}
NEW_USER = {"username": "new-user", "role": "public", "password": "long-enough-password"}

#: (method, path, body) -> the status for each role, in the order of ROLES
MATRIX: list[tuple[str, str, Any, list[int]]] = [
    ("GET", "/api/v1/health", None, [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/incidents", None, [200, 200, 200, 200, 200, 200]),
    ("GET", f"/api/v1/incidents/{UNPUBLISHED_TH}", None, [404, 404, 200, 404, 200, 200]),
    ("GET", "/api/v1/agreements", None, [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/commitments", None, [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/compliance?as_of=2025-12-31", None, [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/exports/geojson", None, [200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/me", None, [200, 200, 200, 200, 200, 200]),
    ("POST", "/api/v1/ingest", INGEST, [401, 403, 200, 200, 200, 200]),
    ("GET", "/api/v1/review", None, [401, 403, 403, 403, 200, 200]),
    ("POST", "/api/v1/review/999999/reject", {"reason": "duplicate"}, [401, 403, 403, 403, 404, 404]),
    ("POST", "/api/v1/findings", FINDING, [401, 403, 403, 403, 201, 201]),
    ("GET", "/api/v1/users", None, [401, 403, 403, 403, 403, 200]),
    ("POST", "/api/v1/users", NEW_USER, [401, 403, 403, 403, 403, 201]),
    ("POST", f"/api/v1/incidents/{UNPUBLISHED_TH}/publish", None, [401, 403, 403, 403, 403, 200]),
    ("POST", "/api/v1/tokens", {"name": "script"}, [401, 201, 201, 201, 201, 201]),
    ("GET", "/review", None, [303, 403, 403, 403, 200, 200]),
    ("GET", "/ingest", None, [303, 403, 200, 200, 200, 200]),
    ("GET", f"/incidents/{UNPUBLISHED_TH}", None, [404, 404, 200, 404, 200, 200]),
    ("GET", f"/incidents/{UNPUBLISHED_TH}/findings/new", None, [303, 403, 403, 403, 200, 200]),
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


def test_parties_never_list_each_others_unpublished_incidents(client: TestClient, tokens: dict[str, str]) -> None:
    def ids(role: str) -> set[str]:
        response = client.get("/api/v1/incidents?limit=500", headers=auth(tokens, role))
        return {i["id"] for i in response.json()["items"]}

    assert UNPUBLISHED_TH in ids("party_th")
    assert UNPUBLISHED_TH in ids("observer")
    assert UNPUBLISHED_TH not in ids("party_kh")
    assert UNPUBLISHED_TH not in ids("public")
    assert UNPUBLISHED_TH not in ids("anonymous")


def test_party_sources_are_hidden_from_the_other_party(
    client: TestClient, tokens: dict[str, str], web_template: Any
) -> None:
    path = f"/api/v1/sources/{web_template.th_source_id}"
    assert client.get(path, headers=auth(tokens, "party_th")).status_code == 200
    assert client.get(path, headers=auth(tokens, "party_kh")).status_code == 404
    assert client.get(path, headers=auth(tokens, "anonymous")).status_code == 404


def test_a_revoked_token_stops_working(client: TestClient, tokens: dict[str, str]) -> None:
    issued = client.post("/api/v1/tokens", json={"name": "tmp"}, headers=auth(tokens, "observer")).json()["token"]
    bearer = {"Authorization": f"Bearer {issued}"}
    assert client.get("/api/v1/review", headers=bearer).status_code == 200
    from sqlalchemy import select

    from truceline.auth.models import ApiToken
    from truceline.auth.services import token_digest

    with client.app.state.session_factory() as session:  # type: ignore[attr-defined]
        token_id = session.scalars(select(ApiToken.id).where(ApiToken.token_sha256 == token_digest(issued))).one()
    assert client.delete(f"/api/v1/tokens/{token_id}", headers=bearer).status_code == 200
    assert client.get("/api/v1/review", headers=bearer).status_code == 401
