"""The pages render on the casebook: the map's markers, the timeline, incidents, agreements."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.functional.web.conftest import UNPUBLISHED_TH, auth
from truceline.casebooks.loader import Casebook, bundled_casebook_path, read_casebook
from truceline.publish.exports import UCDP_COLUMNS, UCDP_KINDS
from truceline.publish.svgmap import view_of

HTML = {"accept": "text/html"}


def markers(html: str) -> list[str]:
    return re.findall(r'<circle class="marker" data-id="([^"]+)"', html)


def published_in_view(client: TestClient, query: str = "") -> set[str]:
    casebook = read_casebook(bundled_casebook_path("th-kh-2025"))
    view = view_of(casebook.definition(), casebook.geography())
    items = client.get(f"/api/v1/incidents?limit=500{query}").json()["items"]
    return {i["id"] for i in items if view.contains(i["lon"], i["lat"])}


def test_dashboard_draws_one_marker_per_incident_with_a_point_in_view(client: TestClient, casebook: Casebook) -> None:
    html = client.get("/", headers=HTML).text
    expected = published_in_view(client)
    assert expected, "the casebook has incidents with coordinates on the map"
    assert sorted(markers(html)) == sorted(expected)
    assert 'class="country country-TH territory-0"' in html and 'class="border line-international_border"' in html
    assert "Made with Natural Earth" in html
    assert html.count('class="bar"') > 0


def test_the_date_and_kind_filters_change_the_map_and_timeline(client: TestClient) -> None:
    july = client.get("/?from=2025-07-24&to=2025-07-28", headers=HTML).text
    assert sorted(markers(july)) == sorted(published_in_view(client, "&from=2025-07-24&to=2025-07-28"))
    assert len(markers(july)) < len(markers(client.get("/", headers=HTML).text))
    dates = set(re.findall(r'<rect class="bar" data-date="([^"]+)"', july))
    assert dates and all("2025-07-24" <= d <= "2025-07-28" for d in dates)
    shelling = client.get("/?kind=shelling", headers=HTML).text
    assert set(re.findall(r'data-kind="([^"]+)" data-date', shelling)) == {"shelling"}


def test_a_bad_filter_value_is_a_clear_error(client: TestClient) -> None:
    response = client.get("/?from=not-a-date", headers=HTML)
    assert response.status_code == 422
    assert "not a date" in response.text


def test_dashboard_shows_compliance_commitments_and_sources(client: TestClient) -> None:
    html = client.get("/?as_of=2025-12-31", headers=HTML).text
    assert 'id="compliance-matrix"' in html or "not wired" in html
    assert "Commitments as of 2025-12-31" in html
    assert "Latest sources" in html


def test_incident_page_shows_facts_claims_and_violations(client: TestClient) -> None:
    items = client.get("/api/v1/incidents?limit=500").json()["items"]
    disputed = next(i for i in items if len({c["claimant"] for c in i["claims"]}) >= 2)
    html = client.get(f"/incidents/{disputed['id']}", headers=HTML).text
    assert "precision:" in html
    assert html.count('<div class="column"><h3>') >= 2  # claims of each party side by side
    assert 'id="violations"' in html
    detail = client.get(f"/api/v1/incidents/{disputed['id']}?as_of=2025-12-31").json()
    assert {"sources", "claims", "findings", "violations", "evidence"} <= set(detail)


def test_agreement_and_commitment_pages(client: TestClient) -> None:
    agreements = client.get("/api/v1/agreements").json()
    html = client.get(f"/agreements/{agreements[0]['id']}", headers=HTML).text
    assert "Status history" in html and agreements[0]["provisions"][0]["summary"].split()[0] in html
    assert "Commitment tracker" in client.get("/commitments?as_of=2025-12-31", headers=HTML).text
    assert client.get("/agreements", headers=HTML).status_code == 200
    assert client.get("/incidents", headers=HTML).status_code == 200


def test_api_incidents_paginate_with_a_total(client: TestClient) -> None:
    first = client.get("/api/v1/incidents?limit=5").json()
    second = client.get("/api/v1/incidents?limit=5&offset=5").json()
    assert first["total"] == second["total"] > 5
    assert len(first["items"]) == 5
    assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])
    bbox = client.get("/api/v1/incidents?limit=500&bbox=102.0,13.5,103.5,15.0").json()
    assert all(102.0 <= i["lon"] <= 103.5 and 13.5 <= i["lat"] <= 15.0 for i in bbox["items"])


def test_exports_use_the_shared_record_shapes(client: TestClient) -> None:
    acled = client.get("/api/v1/exports/acled")
    assert acled.headers["content-type"].startswith("text/csv")
    assert acled.text.startswith("event_id_cnty,event_date,year")
    geojson = client.get("/api/v1/exports/geojson").json()
    assert geojson["type"] == "FeatureCollection"
    total = client.get("/api/v1/incidents").json()["total"]
    assert len(geojson["features"]) == total
    assert set(client.get("/api/v1/exports/json").json()) == {"incidents", "agreements"}


def test_ucdp_export_holds_the_visible_acts_of_lethal_violence(client: TestClient) -> None:
    response = client.get("/api/v1/exports/ucdp")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="truceline-incidents.ucdp.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == UCDP_COLUMNS
    visible = client.get("/api/v1/incidents?limit=500").json()["items"]
    lethal = {i["id"] for i in visible if i["kind"] in UCDP_KINDS and i["modality"] == "carried_out"}
    assert lethal and {r["id"] for r in rows} == lethal
    assert len(lethal) < len(visible)  # the other kinds stay out of a GED-shaped file


def test_dashboard_data_endpoints(client: TestClient) -> None:
    found = client.get("/api/v1/dashboard/markers?from=2025-07-24&to=2025-07-28").json()
    assert found["aggregated"] is False and found["markers"]
    rows = client.get("/api/v1/dashboard/timeline?from=2025-07-24&to=2025-07-28").json()
    assert (
        sum(r["count"] for r in rows) == client.get("/api/v1/incidents?from=2025-07-24&to=2025-07-28").json()["total"]
    )


def test_the_dashboard_reuses_the_compliance_matrix_until_the_next_write(
    client: TestClient, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from truceline.compliance import api as compliance_api

    real, calls = compliance_api.compliance_summary, []

    def counting(session: Any, as_of: Any, **options: Any) -> Any:
        calls.append((as_of, options["published_only"]))
        return real(session, as_of, **options)

    monkeypatch.setattr(compliance_api, "compliance_summary", counting)
    # the dashboard never needs a violation's reasons
    monkeypatch.setattr(compliance_api, "compliance_verdicts", None)
    monkeypatch.setattr(compliance_api, "compliance_page", None)
    for _ in range(2):
        assert client.get("/?as_of=2025-12-31", headers=HTML).status_code == 200
    assert calls == [(dt.date(2025, 12, 31), True)]
    client.get("/?as_of=2025-12-30", headers=HTML)
    client.get("/?as_of=2025-12-31", headers=HTML | auth(tokens, "observer"))
    assert calls[1:] == [(dt.date(2025, 12, 30), True), (dt.date(2025, 12, 31), False)]
    published = client.post(f"/api/v1/incidents/{UNPUBLISHED_TH}/publish", headers=auth(tokens, "coordinator"))
    assert published.status_code == 200
    client.get("/?as_of=2025-12-31", headers=HTML)
    assert len(calls) == 4  # a write moved the change log's head: judged afresh


@pytest.mark.parametrize("role", [None, "party_th", "observer"])
def test_the_dashboard_s_matrix_is_the_compliance_page_s(
    client: TestClient, tokens: dict[str, str], role: str | None
) -> None:
    """The dashboard counts the matrix from the verdicts alone; the compliance page from the whole
    document with every reason: each reader sees the same cells, counts and links in both."""
    headers = HTML | ({} if role is None else auth(tokens, role))
    cells = re.compile(r'<a class="status status-[a-z_]+" href="[^"]*">\d+ [^<]+</a>')

    def matrix(path: str) -> list[str]:
        page = client.get(path, headers=headers).text
        table = page[page.index('id="compliance-matrix"') :]
        return cells.findall(table[: table.index("</table>")])

    for day in ("2025-07-28", "2025-12-31"):
        shown = matrix(f"/?as_of={day}")
        assert shown and shown == matrix(f"/compliance?as_of={day}"), (role, day)
