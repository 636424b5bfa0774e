"""Canaries: an unpublished record of every kind, each with its own marker string, and every route
of the app (generated from its route table, path parameters filled with the canaries' ids and
known ids) and every export format (web and CLI) read as every role. A marker appears only where
the role may see it: a party's unpublished submission for that party, observers and
coordinators; a draft finding and restricted evidence for observers and coordinators. And every
role finds every marker it may see somewhere, so the walk is known to reach them.
"""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.security.conftest import (
    AGREEMENT,
    ALL_ROLES,
    MARKERS,
    PUBLISHED_INCIDENT,
    SecureStore,
    headers_for,
)
from tests.security.routes import filled, route_table
from truceline.app import create_app
from truceline.cli import main

EXPORT_FORMATS = ["json", "geojson", "acled", "ucdp"]
#: query strings each read is also tried with: long pages, a filter that includes the canaries
QUERIES = [
    "",
    "?limit=500",
    "?from=2025-08-01&to=2025-12-31&limit=200&as_of=2025-12-31",
    "?status=unpublished&sort=-date&q=2025",
]
#: the CLI's ``export --as`` for each role of the tests
CLI_READERS = {
    "anonymous": "public",
    "public": "public",
    "party_th": "party:TH",
    "party_kh": "party:KH",
    "observer": "observer",
    "coordinator": "coordinator",
}


def allowed(role: str) -> set[str]:
    return {marker for marker, roles in MARKERS.items() if role in roles}


def found(text: str) -> set[str]:
    return {marker for marker in MARKERS if marker in text}


def read_urls(store: SecureStore) -> list[str]:
    """Every GET route, with every combination of canary and known ids for its parameters."""
    ids = store.ids
    values = {
        "incident_id": [ids["incident_id"], PUBLISHED_INCIDENT],
        "agreement_id": [AGREEMENT],
        "source_id": [ids["source_id"]],
        "export_format": EXPORT_FORMATS,
        "finding_id": [ids["finding_id"]],
        "claim_id": [ids["claim_id"]],
        "evidence_id": [ids["evidence_id"]],
        "tally_id": [ids["tally_id"]],
        "commitment_id": ["no-such-commitment"],
        "candidate_id": ["1"],
        "token_id": ["1"],
        "username": ["coordinator"],
        "job_id": ["1"],
        "meeting_id": ["session-gbc-special-3-2025-12-27"],
        "letter_id": ["no-such-letter"],
        "statement_id": ["no-such-statement"],
        "kind": ["incident", "claim", "source"],
        "record_id": [ids["incident_id"], ids["claim_id"], ids["source_id"]],
        "action": ["submit"],
        "asset": ["app.js", "sw.js", "manifest.webmanifest"],
        "subscription_id": ["1"],
    }
    app = create_app(store.engine)
    return [
        url + query
        for method, path in route_table(app)
        if method == "GET"
        for url in filled(path, values)
        for query in QUERIES
    ]


#: every role on SQLite; on PostgreSQL one role of each kind of visibility (the public, a party,
#: the observers), which is where the SQL the two stores are sent differs
WALKS = [pytest.param("sqlite", role, id=f"sqlite-{role}") for role in ALL_ROLES] + [
    pytest.param("postgres", role, id=f"postgres-{role}", marks=pytest.mark.postgres)
    for role in ("anonymous", "party_th", "observer")
]


@pytest.mark.parametrize(("store", "role"), WALKS)
def test_every_route_shows_a_canary_only_to_those_who_may_see_it(
    request: pytest.FixtureRequest, store: str, role: str
) -> None:
    secure: SecureStore = request.getfixturevalue(f"{store}_secure")
    seen: dict[str, str] = {}
    with TestClient(create_app(secure.engine)) as client:
        for url in read_urls(secure):
            for accept in ("application/json", "text/html"):
                response = client.get(url, headers=headers_for(secure, role) | {"accept": accept})
                assert response.status_code < 500, f"{role} {url}: {response.text[:300]}"
                leaked = found(response.text) - allowed(role)
                assert not leaked, f"{role} sees {sorted(leaked)} at {url} ({accept})"
                for marker in found(response.text):
                    seen.setdefault(marker, url)
    assert set(seen) == allowed(role), f"{role} never met {sorted(allowed(role) - set(seen))} on any route"


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def truceline(store: SecureStore, *arguments: str) -> Ran:
    """The CLI on ``store``, in process (its entry point's error handling included)."""
    url = store.engine.url.render_as_string(hide_password=False)
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err), pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "argv", ["truceline", "--db", url, *arguments])
        try:
            main()
        except SystemExit as exited:
            code = int(exited.code or 0)
    return Ran(code, out.getvalue(), err.getvalue())


@pytest.mark.parametrize("role", ALL_ROLES)
def test_cli_exports_write_what_the_named_role_may_see(secure: SecureStore, role: str) -> None:
    for export_format in EXPORT_FORMATS:
        result = truceline(secure, "export", export_format, "-o", "-", "--as", CLI_READERS[role])
        assert result.returncode == 0, result.stderr
        leaked = found(result.stdout) - allowed(role)
        assert not leaked, f"truceline export {export_format} --as {CLI_READERS[role]} writes {sorted(leaked)}"


def test_the_cli_export_is_public_by_default(secure: SecureStore) -> None:
    default = truceline(secure, "export", "json", "-o", "-")
    assert default.returncode == 0, default.stderr
    assert not found(default.stdout)
    whole = truceline(secure, "export", "json", "-o", "-", "--as", "observer")
    assert {"QZXSOURCECANARY", "QZXINCIDENTCANARY", "QZXCLAIMCANARY"} <= found(whole.stdout)


@pytest.mark.parametrize("reader", ["nobody", "party", "party:XX", "observer:TH"])
def test_an_unknown_export_role_is_a_clear_error(secure: SecureStore, reader: str) -> None:
    result = truceline(secure, "export", "json", "-o", "-", "--as", reader)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: --as {reader!r}")
    assert not result.stdout


def test_the_published_site_holds_no_canary_and_verifies(secure: SecureStore, tmp_path: Path) -> None:
    """``truceline publish site`` writes the public record only: no unpublished submission, no draft
    finding, no restricted evidence, in any page or data file."""
    out = tmp_path / "site"
    written = truceline(secure, "publish", "site", str(out))
    assert written.returncode == 0, written.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 10
    leaked = set().union(*(found(p.read_text(encoding="utf-8", errors="replace")) for p in files))
    assert not leaked, f"the published site holds {sorted(leaked)}"
    assert truceline(secure, "publish", "verify", str(out)).returncode == 0
