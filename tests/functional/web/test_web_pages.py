"""The pages render on the casebook: the map's markers, the timeline, incidents, agreements."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from truceline.casebooks.loader import Casebook
from truceline.publish.svgmap import PROJECTION

HTML = {"accept": "text/html"}


def markers(html: str) -> list[str]:
    return re.findall(r'<circle class="marker" data-id="([^"]+)"', html)


def published_in_view(client: TestClient, query: str = "") -> set[str]:
    items = client.get(f"/api/v1/incidents?limit=500{query}").json()["items"]
    return {i["id"] for i in items if PROJECTION.contains(i["lon"], i["lat"])}


def test_dashboard_draws_one_marker_per_incident_with_a_point_in_view(client: TestClient, casebook: Casebook) -> None:
    html = client.get("/", headers=HTML).text
    expected = published_in_view(client)
    assert expected, "the casebook has incidents with coordinates on the map"
    assert sorted(markers(html)) == sorted(expected)
    assert 'class="country country-TH"' in html and 'class="border"' in html
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


def test_dashboard_data_endpoints(client: TestClient) -> None:
    found = client.get("/api/v1/dashboard/markers?from=2025-07-24&to=2025-07-28").json()
    assert found["aggregated"] is False and found["markers"]
    rows = client.get("/api/v1/dashboard/timeline?from=2025-07-24&to=2025-07-28").json()
    assert (
        sum(r["count"] for r in rows) == client.get("/api/v1/incidents?from=2025-07-24&to=2025-07-28").json()["total"]
    )
