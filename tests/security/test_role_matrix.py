"""The role matrix, generated from the app's route table: every route (method and path) has an
entry naming the roles allowed past its role check, and every entry names a route. A new route
without an entry fails here, so nobody adds an endpoint without deciding who may use it.

A role that is not allowed gets 401 (anonymous, whose page forms carry a visitor's CSRF token) or
403; an allowed role gets anything but those
(404 for the made-up ids used on writes, 422 for the empty bodies: nothing is written).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.functional.web.conftest import csrf_from
from tests.security.conftest import AGREEMENT, ALL_ROLES, PUBLISHED_INCIDENT, SecureStore, headers_for
from tests.security.routes import filled, route_table
from truceline.app import create_app
from truceline.db import make_engine
from truceline.web.security import CSRF_HEADER

EVERYONE = frozenset(ALL_ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
SUBMITTERS = frozenset({"party_th", "party_kh", "observer", "coordinator"})
OBSERVERS = frozenset({"observer", "coordinator"})
COORDINATOR = frozenset({"coordinator"})

#: (method, path) -> the roles allowed past the route's role check
MATRIX: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/api/v1/openapi.json"): EVERYONE,
    ("GET", "/api/v1/health"): EVERYONE,
    ("GET", "/api/v1/incidents"): EVERYONE,
    ("GET", "/api/v1/incidents/{incident_id}"): EVERYONE,
    ("GET", "/api/v1/tallies"): EVERYONE,
    ("GET", "/api/v1/agreements"): EVERYONE,
    ("GET", "/api/v1/agreements/{agreement_id}"): EVERYONE,
    ("GET", "/api/v1/provisions"): EVERYONE,
    ("GET", "/api/v1/commitments"): EVERYONE,
    ("POST", "/api/v1/agreements/{agreement_id}/events"): OBSERVERS,
    ("POST", "/api/v1/commitments/{commitment_id}/events"): OBSERVERS,
    ("GET", "/api/v1/compliance"): EVERYONE,
    ("GET", "/api/v1/sources"): EVERYONE,
    ("GET", "/api/v1/claims"): EVERYONE,
    ("GET", "/api/v1/findings"): EVERYONE,
    ("GET", "/api/v1/sources/{source_id}"): EVERYONE,
    ("POST", "/api/v1/ingest"): SUBMITTERS,
    ("POST", "/api/v1/field-reports"): SUBMITTERS,
    ("GET", "/api/v1/review"): OBSERVERS,
    ("POST", "/api/v1/review/{candidate_id}/accept"): OBSERVERS,
    ("POST", "/api/v1/review/{candidate_id}/reject"): OBSERVERS,
    ("POST", "/api/v1/findings"): OBSERVERS,
    ("POST", "/api/v1/findings/{finding_id}/{action}"): OBSERVERS,
    ("GET", "/api/v1/exports/{export_format}"): EVERYONE,
    ("GET", "/api/v1/dashboard/markers"): EVERYONE,
    ("GET", "/api/v1/dashboard/timeline"): EVERYONE,
    ("POST", "/api/v1/incidents/{incident_id}/publish"): COORDINATOR,
    ("GET", "/api/v1/me"): EVERYONE,
    ("GET", "/api/v1/users"): COORDINATOR,
    ("POST", "/api/v1/users"): COORDINATOR,
    ("POST", "/api/v1/tokens"): SIGNED_IN,
    ("DELETE", "/api/v1/tokens/{token_id}"): SIGNED_IN,
    ("GET", "/api/v1/tokens"): SIGNED_IN,
    ("GET", "/api/v1/users/{username}"): COORDINATOR,
    ("PUT", "/api/v1/users/{username}/role"): COORDINATOR,
    ("POST", "/api/v1/users/{username}/disable"): COORDINATOR,
    ("POST", "/api/v1/users/{username}/enable"): COORDINATOR,
    ("POST", "/api/v1/users/{username}/password"): COORDINATOR,
    ("GET", "/api/v1/ledger/head"): OBSERVERS,
    ("GET", "/api/v1/ledger/keys"): OBSERVERS,
    ("GET", "/api/v1/ledger/entries"): OBSERVERS,
    ("GET", "/api/v1/jobs"): OBSERVERS,
    ("GET", "/api/v1/jobs/{job_id}"): OBSERVERS,
    ("POST", "/api/v1/jobs/{job_id}/cancel"): OBSERVERS,
    ("GET", "/"): EVERYONE,
    ("GET", "/incidents"): EVERYONE,
    ("GET", "/incidents/{incident_id}"): EVERYONE,
    ("POST", "/incidents/{incident_id}/publish"): COORDINATOR,
    ("GET", "/agreements"): EVERYONE,
    ("GET", "/agreements/{agreement_id}"): EVERYONE,
    ("GET", "/commitments"): EVERYONE,
    ("GET", "/compliance"): EVERYONE,
    ("GET", "/sources"): EVERYONE,
    ("GET", "/claims"): EVERYONE,
    ("GET", "/findings"): EVERYONE,
    ("POST", "/agreements/{agreement_id}/events"): OBSERVERS,
    ("POST", "/commitments/{commitment_id}/events"): OBSERVERS,
    ("GET", "/review"): OBSERVERS,
    ("GET", "/publish-queue"): COORDINATOR,
    ("POST", "/publish-queue/{incident_id}/publish"): COORDINATOR,
    ("GET", "/review/{candidate_id}"): OBSERVERS,
    ("POST", "/review/{candidate_id}/accept"): OBSERVERS,
    ("POST", "/review/{candidate_id}/reject"): OBSERVERS,
    ("GET", "/ingest"): SUBMITTERS,
    ("GET", "/field"): EVERYONE,
    ("GET", "/field/"): EVERYONE,  # the form says to log in; sending needs a submitter
    ("GET", "/field/map.json"): EVERYONE,  # the form's map: the casebook's lines and places
    ("GET", "/field/{asset}"): EVERYONE,
    ("POST", "/ingest"): SUBMITTERS,
    ("GET", "/incidents/{incident_id}/findings/new"): OBSERVERS,
    ("POST", "/incidents/{incident_id}/findings"): OBSERVERS,
    ("POST", "/incidents/{incident_id}/findings/{finding_id}/{action}"): OBSERVERS,
    ("GET", "/login"): EVERYONE,
    ("POST", "/login"): EVERYONE,
    ("POST", "/login/code"): EVERYONE,
    ("GET", "/users"): COORDINATOR,
    ("POST", "/users/{username}/disable"): COORDINATOR,
    ("POST", "/users/{username}/enable"): COORDINATOR,
    ("POST", "/users/{username}/role"): COORDINATOR,
    ("POST", "/users/{username}/password"): COORDINATOR,
    ("POST", "/users/tokens/{token_id}/revoke"): COORDINATOR,
    ("GET", "/jobs"): OBSERVERS,
    # one's own job (a report asked for from a page): anyone; others' jobs: observers (404 else)
    ("GET", "/jobs/{job_id}"): EVERYONE,
    ("GET", "/jobs/{job_id}/file"): EVERYONE,  # the requester's or a coordinator's (403/404 else)
    ("POST", "/jobs/{job_id}/cancel"): OBSERVERS,
    ("GET", "/api/v1/meetings"): EVERYONE,
    ("GET", "/api/v1/meetings/{meeting_id}"): EVERYONE,
    ("POST", "/api/v1/meetings"): OBSERVERS,
    ("GET", "/api/v1/letters"): EVERYONE,
    ("GET", "/api/v1/letters/{letter_id}"): EVERYONE,
    ("POST", "/api/v1/letters"): SUBMITTERS,
    ("GET", "/api/v1/statements"): EVERYONE,
    ("GET", "/api/v1/statements/{statement_id}"): EVERYONE,
    ("POST", "/api/v1/statements"): SUBMITTERS,
    ("GET", "/api/v1/{kind}/{record_id:path}/history"): EVERYONE,
    ("POST", "/api/v1/incidents/{incident_id}/corrections"): OBSERVERS,
    ("POST", "/api/v1/incidents/{incident_id}/retraction"): COORDINATOR,
    ("POST", "/api/v1/incidents/{incident_id}/unpublication"): COORDINATOR,
    ("POST", "/api/v1/claims/{claim_id:path}/corrections"): OBSERVERS,
    ("POST", "/api/v1/claims/{claim_id:path}/retraction"): COORDINATOR,
    ("GET", "/claims/{claim_id:path}"): EVERYONE,
    ("GET", "/sources/{source_id}"): EVERYONE,
    ("GET", "/meetings"): EVERYONE,
    ("GET", "/meetings/{meeting_id}"): EVERYONE,
    ("GET", "/meetings/{meeting_id}/brief"): EVERYONE,
    ("POST", "/meetings/{meeting_id}/brief"): EVERYONE,
    ("POST", "/meetings"): OBSERVERS,
    ("GET", "/letters"): EVERYONE,
    ("GET", "/letters/{letter_id}"): EVERYONE,
    ("POST", "/letters"): SUBMITTERS,
    ("GET", "/statements"): EVERYONE,
    ("GET", "/statements/{statement_id}"): EVERYONE,
    ("POST", "/statements"): SUBMITTERS,
    ("GET", "/reports/daily"): EVERYONE,
    ("GET", "/reports/sitrep"): EVERYONE,
    ("POST", "/reports/daily"): EVERYONE,
    ("POST", "/reports/sitrep"): EVERYONE,
    ("POST", "/incidents/{incident_id}/letter"): SUBMITTERS,
    ("POST", "/incidents/{incident_id}/corrections"): OBSERVERS,
    ("POST", "/incidents/{incident_id}/retraction"): COORDINATOR,
    ("POST", "/incidents/{incident_id}/unpublication"): COORDINATOR,
    ("POST", "/logout"): EVERYONE,
    ("POST", "/conflict"): EVERYONE,
    ("GET", "/api/v1/signals"): EVERYONE,
    # the SMS gateway authenticates with its shared secret, not a role: anyone gets past the role
    # check (there is none), and an empty form is refused (422) before the secret is looked at
    ("POST", "/api/v1/sms/smssync"): EVERYONE,
    ("GET", "/api/v1/subscriptions"): SIGNED_IN,
    ("POST", "/api/v1/subscriptions"): SIGNED_IN,
    ("DELETE", "/api/v1/subscriptions/{subscription_id}"): SIGNED_IN,
    ("GET", "/alerts"): SIGNED_IN,
    ("POST", "/alerts"): SIGNED_IN,
    ("POST", "/alerts/{subscription_id}/end"): SIGNED_IN,
}

#: reads use records that exist; writes use ids that do not (an allowed role gets 404 or 422)
READ_VALUES = {
    "incident_id": [PUBLISHED_INCIDENT],
    "agreement_id": [AGREEMENT],
    "source_id": ["1"],
    "export_format": ["json"],
    "username": ["coordinator"],
    "job_id": ["999999"],
    "meeting_id": ["session-gbc-special-3-2025-12-27"],
    "letter_id": ["no-such-letter"],
    "statement_id": ["no-such-statement"],
    "kind": ["incident"],
    "record_id": [PUBLISHED_INCIDENT],
    "claim_id": [f"{PUBLISHED_INCIDENT}/claim-1"],
    "asset": ["app.js"],
    "candidate_id": ["999999"],
}
WRITE_VALUES = {
    "incident_id": ["no-such-incident"],
    "claim_id": ["no-such-incident/claim-1"],
    "agreement_id": ["no-such-agreement"],
    "commitment_id": ["no-such-commitment"],
    "candidate_id": ["999999"],
    "finding_id": ["999999"],
    "action": ["submit"],
    "token_id": ["999999"],
    "username": ["no-such-user"],
    "job_id": ["999999"],
    "subscription_id": ["999999"],
    "meeting_id": ["no-such-meeting"],
}


def routes() -> list[tuple[str, str]]:
    return route_table(create_app(make_engine("sqlite://")))


def test_every_route_has_a_matrix_entry_and_every_entry_a_route() -> None:
    table = set(routes())
    missing = sorted(table - MATRIX.keys())
    stale = sorted(MATRIX.keys() - table)
    assert not missing, f"routes without a role-matrix entry (add them to MATRIX): {missing}"
    assert not stale, f"role-matrix entries for routes that no longer exist: {stale}"


@pytest.mark.parametrize(("method", "path"), sorted(MATRIX, key=lambda r: (r[1], r[0])), ids=lambda v: str(v))
def test_only_the_allowed_roles_pass_the_role_check(
    secure: SecureStore, secure_client: TestClient, method: str, path: str
) -> None:
    allowed = MATRIX[(method, path)]
    url = next(filled(path, READ_VALUES if method == "GET" else WRITE_VALUES))
    client = secure_client
    for role in ALL_ROLES:
        headers = headers_for(secure, role)
        if role == "anonymous" and method != "GET" and not url.startswith("/api/"):
            headers[CSRF_HEADER] = csrf_from(client.get("/login").text)  # a visitor's form carries it
        response = client.request(method, url, headers=headers, follow_redirects=False)
        if role in allowed:
            assert response.status_code not in (401, 403), f"{role} {method} {url}: {response.text[:300]}"
            assert response.status_code < 500, f"{role} {method} {url}: {response.text[:300]}"
        else:
            expected = 401 if role == "anonymous" else 403
            assert response.status_code == expected, f"{role} {method} {url}: {response.text[:300]}"
