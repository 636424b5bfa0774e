"""Canaries: an unpublished record of every kind, each with its own marker string, and every route
of the app (generated from its route table, path parameters filled with the canaries' ids and
known ids) and every export format (web and CLI) read as every role. A marker appears only where
the role may see it: a party's unpublished submission for that party, observers and
coordinators; a draft finding and restricted evidence for observers and coordinators. And every
role finds every marker it may see somewhere, so the walk is known to reach them.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

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
from truceline.cli import app as cli_app
from truceline.errors import InvalidInput

EXPORT_FORMATS = ["json", "geojson", "acled", "ucdp"]
#: query strings each read is also tried with: long pages, a filter that includes the canaries
QUERIES = ["", "?limit=500", "?date_from=2025-08-01&date_to=2025-12-31&limit=200&as_of=2025-12-31"]
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
        "action": ["submit"],
    }
    app = create_app(store.engine)
    return [
        url + query
        for method, path in route_table(app)
        if method == "GET"
        for url in filled(path, values)
        for query in QUERIES
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_route_shows_a_canary_only_to_those_who_may_see_it(secure: SecureStore, role: str) -> None:
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


@pytest.mark.parametrize("export_format", EXPORT_FORMATS)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_cli_exports_write_what_the_named_role_may_see(secure: SecureStore, role: str, export_format: str) -> None:
    url = secure.engine.url.render_as_string(hide_password=False)
    arguments = ["--db", url, "export", export_format, "-o", "-", "--as", CLI_READERS[role]]
    result = CliRunner().invoke(cli_app, arguments)
    assert result.exit_code == 0, result.output
    leaked = found(result.output) - allowed(role)
    assert not leaked, f"truceline export {export_format} --as {CLI_READERS[role]} writes {sorted(leaked)}"


def test_the_cli_export_is_public_by_default(secure: SecureStore) -> None:
    url = secure.engine.url.render_as_string(hide_password=False)
    default = CliRunner().invoke(cli_app, ["--db", url, "export", "json", "-o", "-"])
    assert default.exit_code == 0, default.output
    assert not found(default.output)
    whole = CliRunner().invoke(cli_app, ["--db", url, "export", "json", "-o", "-", "--as", "observer"])
    assert {"QZXSOURCECANARY", "QZXINCIDENTCANARY", "QZXCLAIMCANARY"} <= found(whole.output)


@pytest.mark.parametrize("reader", ["nobody", "party", "party:XX", "observer:TH"])
def test_an_unknown_export_role_is_a_clear_error(secure: SecureStore, reader: str) -> None:
    url = secure.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(cli_app, ["--db", url, "export", "json", "-o", "-", "--as", reader])
    assert isinstance(result.exception, InvalidInput)  # the CLI's main: exit 2 with this line
    assert InvalidInput.exit_code == 2
    assert str(result.exception).startswith(f"--as {reader!r}")
