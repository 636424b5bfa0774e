"""One filter for the dashboard, the lists and their APIs: the dashboard's map, timeline and list
show exactly the incidents the incident list and the API find for the same query string, and the
list APIs of sources, claims and findings answer exactly what their pages show each reader."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape as html_unescape
from urllib.parse import parse_qsl

import pytest
from fastapi.testclient import TestClient

from tests.functional.web.conftest import UNPUBLISHED_TH, auth

ROLES = ("public", "party_th", "observer")
DASHBOARD_QUERIES = [
    "from=2025-07-24&to=2025-07-28&kind=shelling&kind=armed_clash",
    "party=kh&q=temple",
    "from=2025-12-01&status=published&sort=-date",
]


def api_ids(client: TestClient, path: str, query: str, headers: dict[str, str]) -> list[str]:
    found: list[str] = []
    while True:
        page = client.get(f"{path}?{query}&limit=500&offset={len(found)}", headers=headers)
        assert page.status_code == 200, page.text
        body = page.json()
        found += [str(item["id"]) for item in body["items"]]
        if len(found) >= body["total"]:
            return found


def dashboard_ids(html: str) -> list[str]:
    table = html[html.index('id="dashboard-list"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<tr data-id="([^"]+)"', table)


@pytest.mark.parametrize("query", DASHBOARD_QUERIES)
@pytest.mark.parametrize("role", ["public", "observer"])
def test_the_dashboards_map_timeline_and_list_show_exactly_the_filtered_incidents(
    client: TestClient, tokens: dict[str, str], query: str, role: str
) -> None:
    headers = auth(tokens, role) | {"accept": "text/html"}
    expected = api_ids(client, "/api/v1/incidents", query, auth(tokens, role))
    assert expected, f"the casebook has incidents for {query}"
    html = client.get(f"/?{query}", headers=headers).text
    assert dashboard_ids(html) == expected  # the list, in the list's order
    mapdoc = json.loads(re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S)[1])  # type: ignore[index]
    assert sorted(i["id"] for i in mapdoc["incidents"] + mapdoc["unplaced"]) == sorted(expected)
    markers = client.get(f"/api/v1/dashboard/markers?{query}", headers=auth(tokens, role)).json()
    assert markers["total"] == len(expected)
    days = client.get(f"/api/v1/dashboard/timeline?{query}", headers=auth(tokens, role)).json()
    assert sum(d["count"] for d in days) == len(expected)
    bars = re.findall(r'<rect class="bar" data-date="[^"]+" data-kind="[^"]+" data-count="(\d+)"', html)
    assert sum(int(n) for n in bars) == len(expected)
    assert f'data-total="{len(expected)}"' in html
    # the links to the same set carry the same query
    links = {
        name: html_unescape(href)
        for href, name in re.findall(r'<a href="([^"]+)"[^>]*id="(open-list|download-csv|download-geojson)"', html)
    }
    assert links["open-list"].startswith("/incidents?")
    for href in links.values():
        assert sorted(parse_qsl(href.split("?", 1)[1])) == sorted(parse_qsl(query)), href
    listed = client.get(links["open-list"], headers=headers).text
    assert f'Incidents <span class="muted">{len(expected)}</span>' in listed
    exported = client.get(links["download-geojson"], headers=auth(tokens, role)).json()
    assert sorted(f["properties"]["id"] for f in exported["features"]) == sorted(expected)


def test_the_dashboard_refuses_a_bad_filter_clearly(client: TestClient) -> None:
    page = client.get("/?from=2025-02-30", headers={"accept": "text/html"})
    assert page.status_code == 422 and "from: &#39;2025-02-30&#39; is not a date (YYYY-MM-DD)" in page.text
    unknown = client.get("/?kind=bombardment")
    assert unknown.status_code == 422 and "kind: unknown value 'bombardment'" in unknown.json()["error"]["message"]


@pytest.mark.parametrize("name", ["claims", "findings", "sources"])
@pytest.mark.parametrize("role", ROLES)
def test_each_list_api_answers_what_its_page_shows_the_reader(
    client: TestClient, tokens: dict[str, str], name: str, role: str
) -> None:
    status = "status=final" if name == "findings" else "status=unpublished"
    for query in ("", "from=2025-07-01&to=2025-12-31&sort=-date", "q=2025", status):
        page = client.get(f"/{name}?{query}&format=csv", headers=auth(tokens, role)).text
        on_page = [r["id"] for r in csv.DictReader(io.StringIO(page))]
        ordered = query if "sort=" in query else f"{query}&sort=date"  # the sources API: newest first unless asked
        assert api_ids(client, f"/api/v1/{name}", ordered, auth(tokens, role)) == on_page, (name, role, query)


def test_the_list_apis_filter_by_kind_party_and_words(client: TestClient, tokens: dict[str, str]) -> None:
    observer = auth(tokens, "observer")
    claims = client.get("/api/v1/claims?kind=responsible&party=th&sort=-date&limit=500", headers=observer).json()
    assert claims["total"] == len(claims["items"]) > 0
    assert all(c["kind"] == "responsible" for c in claims["items"])
    assert all(c["party"] == "TH" or "against TH" in c["text"] for c in claims["items"])
    assert [c["date"] for c in claims["items"]] == sorted((c["date"] for c in claims["items"]), reverse=True)
    second = client.get("/api/v1/claims?kind=responsible&party=th&sort=-date&limit=2&offset=2", headers=observer)
    assert [c["id"] for c in second.json()["items"]] == [c["id"] for c in claims["items"][2:4]]

    newest = client.get("/api/v1/sources?kind=news&limit=500", headers=observer).json()["items"]
    assert newest and {s["kind"] for s in newest} == {"news"}
    days = [s["published_on"] for s in newest if s["published_on"]]
    assert days == sorted(days, reverse=True)
    oldest = client.get("/api/v1/sources?kind=news&sort=date&limit=500", headers=observer).json()["items"]
    assert [s["published_on"] for s in oldest if s["published_on"]] == sorted(days)


def test_the_list_apis_keep_a_partys_unpublished_submission_from_others(
    client: TestClient, tokens: dict[str, str]
) -> None:
    for role, sees in (("party_th", True), ("party_kh", False), ("public", False), ("observer", True)):
        found = client.get("/api/v1/sources?status=unpublished&limit=500", headers=auth(tokens, role)).json()
        assert (found["total"] > 0) is sees, role
        claims = client.get(f"/api/v1/claims?q={UNPUBLISHED_TH}", headers=auth(tokens, role)).json()
        assert all(c["incident_id"] != UNPUBLISHED_TH for c in claims["items"]) or sees, role


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/v1/claims?from=yesterday", "from: 'yesterday' is not a date (YYYY-MM-DD)"),
        ("/api/v1/findings?to=2025-12-32", "to: '2025-12-32' is not a date (YYYY-MM-DD)"),
        ("/api/v1/sources?from=2025-12-31&to=2025-12-01", "'to' (2025-12-01) is before 'from' (2025-12-31)"),
        ("/api/v1/sources?kind=rumour", "kind: unknown value 'rumour'"),
        ("/api/v1/claims?status=draft", "status: unknown value 'draft'"),
        ("/api/v1/findings?sort=place", "sort: unknown value 'place'"),
        ("/api/v1/incidents?kind=bombardment", "kind: unknown value 'bombardment'"),
    ],
)
def test_bad_list_filters_are_refused_with_a_clear_message(client: TestClient, path: str, message: str) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert message in response.json()["error"]["message"]
    limit = client.get(path.split("?")[0] + "?limit=0")
    assert limit.status_code == 422
