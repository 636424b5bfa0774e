"""Sources, claims and findings as lists people work with: the same filters as the incident list
in the query string, paged, and downloadable as exactly the filtered set, for what the reader may
see."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient

from tests.functional.web.conftest import UNPUBLISHED_TH, auth


def rows_of(html: str) -> int:
    body = html[html.index('id="record-list"') :]
    body = body[: body.index("</table>")]
    return body.count("<tr>") - 1 - body.count("Nothing matches")


def test_each_list_answers_every_role(client: TestClient, tokens) -> None:
    for name in ("sources", "claims", "findings"):
        for role in ("public", "party_th", "observer"):
            response = client.get(f"/{name}", headers=auth(tokens, role))
            assert response.status_code == 200, (name, role)
            dated = client.get(f"/{name}?from=2025-08-01&to=2025-12-31&sort=-date", headers=auth(tokens, role))
            assert dated.status_code == 200, (name, role)
        assert client.get(f"/{name}").status_code == 200


def test_the_claims_list_filters_by_party_kind_and_words_and_downloads_the_same_set(client: TestClient, tokens) -> None:
    everyone = client.get("/claims?format=csv", headers=auth(tokens, "observer")).text
    all_rows = list(csv.DictReader(io.StringIO(everyone)))
    assert len(all_rows) > 10
    party = all_rows[0]["party"]
    query = f"party={party}&kind=responsible&sort=-date"
    page = client.get(f"/claims?{query}", headers=auth(tokens, "observer")).text
    total = int(re.search(r'Claims <span class="muted">(\d+)</span>', page)[1])  # type: ignore[index]
    rows = list(
        csv.DictReader(io.StringIO(client.get(f"/claims?{query}&format=csv", headers=auth(tokens, "observer")).text))
    )
    assert len(rows) == total and rows_of(page) == min(total, 50)
    assert rows and all(r["kind"] == "responsible" for r in rows)
    expected = [
        r for r in all_rows if r["kind"] == "responsible" and (r["party"] == party or f"against {party}" in r["text"])
    ]
    assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in expected)
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    features = client.get(f"/claims?{query}&format=geojson", headers=auth(tokens, "observer")).json()["features"]
    assert {f["id"] for f in features} <= {r["id"] for r in rows}
    assert {f["id"] for f in features} == {r["id"] for r in rows if r["lat"]}


def test_an_unknown_kind_is_a_clear_error(client: TestClient) -> None:
    response = client.get("/claims?kind=nonsense")
    assert response.status_code == 422 and "nonsense" in response.text


def test_sources_respect_visibility(client: TestClient, tokens) -> None:
    observer = client.get("/sources?format=csv&status=unpublished", headers=auth(tokens, "observer")).text
    public = client.get("/sources?format=csv&status=unpublished").text
    assert len(list(csv.DictReader(io.StringIO(public)))) == 0
    assert len(list(csv.DictReader(io.StringIO(observer)))) >= 1
    words = client.get("/sources?q=nation&sort=-date").text
    assert "Sources" in words and UNPUBLISHED_TH not in words


def test_findings_show_the_public_only_final_ones(client: TestClient, tokens) -> None:
    public = list(csv.DictReader(io.StringIO(client.get("/findings?format=csv").text)))
    assert all(r["status"] == "final" for r in public)
    drafts = client.get("/findings?status=draft&format=csv").text
    assert len(list(csv.DictReader(io.StringIO(drafts)))) == 0
