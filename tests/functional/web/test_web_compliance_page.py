"""``/compliance``: provisions by name × parties, counts leading to their incidents, verdicts in
plain words and dates; the same for one agreement; and the dashboard's matrix."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient

from tests.functional.web.conftest import auth

ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
INTERNAL_CODE = re.compile(r"\((carried_out|declared)\)|\[[a-z]+_[a-z_]+\]")
CEASEFIRE = "putrajaya-ceasefire-2025-07-28"


def text_of(html: str) -> str:
    """What a reader sees: the page without its tags and attributes."""
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_the_compliance_page_names_provisions_and_explains_in_plain_words(client: TestClient, tokens) -> None:
    response = client.get("/compliance?as_of=2025-12-31", headers=auth(tokens, "observer"))
    assert response.status_code == 200
    html = response.text
    seen = text_of(html)
    assert "as of 31 December 2025" in seen
    assert "article" in seen and "Thailand" in seen and "Cambodia" in seen
    assert not ISO_MOMENT.search(seen), ISO_MOMENT.search(seen)
    assert not INTERNAL_CODE.search(seen), INTERNAL_CODE.search(seen)
    assert 'id="status-legend"' in html and "disputed" in seen
    # every count leads to the incident list filtered to the incidents behind it
    links = re.findall(r'class="status status-(\w+)" href="([^"]+)">(\d+) ', html)
    assert links
    _status, href, count = links[0]
    listed = client.get(unescape(href), headers=auth(tokens, "observer"))
    assert listed.status_code == 200
    assert f'Incidents <span class="muted">{count}</span>' in listed.text


def test_the_compliance_page_of_one_agreement(client: TestClient, tokens) -> None:
    response = client.get(f"/compliance?as_of=2025-12-31&agreement={CEASEFIRE}", headers=auth(tokens, "observer"))
    assert response.status_code == 200
    rows = re.findall(r'<th scope="row"><a href="/agreements/([^"]+)"', response.text)
    assert rows and set(rows) == {CEASEFIRE}
    assert client.get("/compliance?agreement=no-such-thing").status_code == 404


def test_the_public_sees_the_compliance_page_of_published_records(client: TestClient) -> None:
    response = client.get("/compliance?as_of=2025-12-31")
    assert response.status_code == 200
    assert "Violations by provision and party" in response.text


def test_the_dashboard_matrix_shows_names_and_links_its_counts(client: TestClient, tokens) -> None:
    html = client.get("/?as_of=2025-12-31", headers=auth(tokens, "observer")).text
    matrix = html[html.index('id="compliance-matrix"') : html.index("</table>", html.index('id="compliance-matrix"'))]
    assert f">{CEASEFIRE}/1<" not in matrix  # no raw provision ids as row names
    assert ", article " in matrix
    assert re.search(r'href="/incidents\?id=', matrix)
