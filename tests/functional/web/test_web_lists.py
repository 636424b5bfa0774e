"""The incident list people work with: filters in the query string (the same on the page, the API
and the downloads), sorted, paged, and downloadable as exactly the filtered set."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient

from tests.functional.web.conftest import UNPUBLISHED_TH, auth

MINE_BLAST = "2025-11-10-huai-ta-maria-landmine"


def listed_ids(html: str) -> list[str]:
    table = html[html.index('id="incident-list"') :]
    return re.findall(r'<a href="/incidents/([^"]+)">', table[: table.index("</table>")])


def test_filters_are_in_the_query_string_and_the_downloads_hold_exactly_the_filtered_set(
    client: TestClient, tokens
) -> None:
    query = "from=2025-11-01&to=2025-11-30&q=mine&sort=-date"
    page = client.get(f"/incidents?{query}", headers=auth(tokens, "observer"))
    assert page.status_code == 200
    shown = listed_ids(page.text)
    assert MINE_BLAST in shown
    api = client.get(f"/api/v1/incidents?{query}&limit=500", headers=auth(tokens, "observer")).json()
    assert [i["id"] for i in api["items"]] == shown and api["total"] == len(shown)
    # the page's download links carry the same filters
    csv_link = re.search(r'href="([^"]+)" download id="download-csv"', page.text)
    geojson_link = re.search(r'href="([^"]+)" download id="download-geojson"', page.text)
    assert csv_link and geojson_link
    download = client.get(csv_link[1].replace("&amp;", "&"), headers=auth(tokens, "observer"))
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert sorted(r["event_id_cnty"] for r in rows) == sorted(shown)
    features = client.get(geojson_link[1].replace("&amp;", "&"), headers=auth(tokens, "observer")).json()["features"]
    assert sorted(f["id"] for f in features) == sorted(shown)


def test_an_empty_choice_in_the_form_means_any(client: TestClient) -> None:
    response = client.get("/incidents?q=&from=&to=&kind=&party=&place=&status=&sort=date")
    assert response.status_code == 200
    everything = client.get("/api/v1/incidents?limit=1").json()["total"]
    assert f'Incidents <span class="muted">{everything}</span>' in response.text


def test_a_page_link_keeps_the_filters(client: TestClient) -> None:
    html = client.get("/incidents?kind=shelling&kind=armed_clash&sort=kind").text
    pager = html[html.index('class="pager"') :]
    for link in re.findall(r'href="\?([^"]+)"', pager):
        assert "kind=shelling" in link and "kind=armed_clash" in link and "sort=kind" in link


def test_the_downloads_respect_the_readers_visibility(client: TestClient, tokens) -> None:
    for path in ("/api/v1/exports/acled?status=unpublished", "/api/v1/exports/geojson?status=unpublished"):
        assert UNPUBLISHED_TH not in client.get(path).text
        assert UNPUBLISHED_TH in client.get(path, headers=auth(tokens, "observer")).text
    assert UNPUBLISHED_TH in client.get("/incidents?status=unpublished", headers=auth(tokens, "party_th")).text
    assert UNPUBLISHED_TH not in client.get("/incidents?status=unpublished", headers=auth(tokens, "party_kh")).text


def test_figures_are_written_one_way_with_killed_and_injured_apart(client: TestClient) -> None:
    items = client.get("/api/v1/incidents?limit=500").json()["items"]
    texts = {i["killed_text"] for i in items} | {i["injured_text"] for i in items}
    assert "unknown" in texts
    assert all(re.fullmatch(r"unknown|none|\d+|\d+–\d+( \(best \d+\))?|at least \d+( \(best \d+\))?", t) for t in texts)
    html = client.get("/incidents?sort=-date").text
    assert "—" not in html[html.index('id="incident-list"') :].split("</table>")[0]
