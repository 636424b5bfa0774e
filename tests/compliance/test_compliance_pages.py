"""The compliance page and ``/api/v1/compliance`` list the violations a page at a time: walked page
by page, they give exactly the whole compliance document's violations with the same reasons, in
its order, and each page carries the document's matrix and commitments, and its first page of
notes and of allegations (here all of them: fewer than a page; their own pages are walked in
``test_compliance_note_pages.py``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from truceline.app import create_app
from truceline.auth.services import add_user, issue_api_token
from truceline.compliance.results import UNDETERMINED_PARTY, compliance_document
from truceline.compliance.services import assess
from truceline.db import transaction
from truceline.domain import schema
from truceline.incidents.services import add_claim, record_incident

AS_OF = dt.date(2025, 12, 31)
SOURCE = "https://www.nationthailand.com/news/asean/40058014"
MINE_BLAST = "2025-11-10-huai-ta-maria-landmine"
CEASEFIRE = "putrajaya-ceasefire-2025-07-28/1"
UNPUBLISHED = "2025-12-20-unpublished-shelling"


@pytest.fixture
def site(casebook_engine: Engine) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """The casebook with an unpublished breach (observers only) and a claim naming the provision
    it says was broken; an observer's and a visitor's token."""
    tokens = {}
    with transaction(casebook_engine) as session:
        for name, role in (("observer", "observer"), ("reader", "public")):
            add_user(
                session,
                username=name,
                role=role,
                party=None,
                conflict_id=None,
                password="correct-horse-battery",
                actor="test",
            )
            tokens[role] = issue_api_token(session, name, actor="test")
        record_incident(
            session,
            schema.Incident(
                id=UNPUBLISHED,
                kind="shelling",
                date_start=dt.date(2025, 12, 20),
                date_end=dt.date(2025, 12, 20),
                date_precision="day",
                place="kantharalak",
                location_precision="district",
                description="Shells fell near the border; the reports name no side (not yet published).",
                sources=[SOURCE],
            ),
            conflict_id="th-kh-2025",
            actor="test",
            published=False,
        )
        add_claim(
            session,
            MINE_BLAST,
            schema.Claim(
                claimant="TH",
                accused="KH",
                assertion="newly_laid_mines",
                stance="accuses",
                date=dt.date(2025, 11, 12),
                summary="Thailand says the ceasefire was broken.",
                sources=[SOURCE],
                breaks=[CEASEFIRE],
            ),
            actor="test",
        )
    with TestClient(create_app(casebook_engine, run_jobs=False)) as client:
        yield client, tokens


def whole(engine: Engine, *, observer: bool, known_at: dt.datetime | None = None, **filters: Any) -> dict[str, Any]:
    with transaction(engine) as session:
        found = assess(session, AS_OF, published_only=not observer, known_at=known_at)
        document: dict[str, Any] = json.loads(json.dumps(compliance_document(found, **filters)))
        return document


def walk(client: TestClient, token: str, limit: int, **params: str) -> Iterator[dict[str, Any]]:
    """Every page of the API's document, following ``next``."""
    query = "&".join(f"{k}={v}" for k, v in {"as_of": AS_OF.isoformat(), "limit": str(limit), **params}.items())
    url: str | None = f"/api/v1/compliance?{query}"
    while url is not None:
        response = client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        page = response.json()
        yield page
        if page["next"] is not None:
            assert response.headers["Link"].startswith(f'<{page["next"]}>; rel="next"')
        url = page["next"]


@pytest.mark.parametrize("role", ["observer", "public"])
@pytest.mark.parametrize("party", [None, "KH", UNDETERMINED_PARTY])
def test_the_pages_together_are_the_whole_documents_violations(
    site: tuple[TestClient, dict[str, str]], casebook_engine: Engine, role: str, party: str | None
) -> None:
    client, tokens = site
    expected = whole(casebook_engine, observer=role == "observer", party=party)
    # the only breach no one is said to have done is unpublished: a visitor's list of them is empty
    assert bool(expected["violations"]) != (role == "public" and party == UNDETERMINED_PARTY)
    params = {"party": party} if party else {}
    pages = list(walk(client, tokens[role], 4, **params))
    assert len(pages) == max(1, -(-len(expected["violations"]) // 4))
    listed = [v for page in pages for v in page["violations"]]
    assert listed == expected["violations"]  # the same violations, reasons and order
    for n, page in enumerate(pages):
        assert page["total"] == len(expected["violations"]) and page["offset"] == 4 * n and page["limit"] == 4
        assert (page["previous"] is None) == (n == 0)
        for key in ("as_of", "filters", "parties", "matrix", "notes", "allegations", "provisions", "commitments"):
            assert page[key] == expected[key], key
    ids = {v["incident_id"] for v in listed}
    assert (UNPUBLISHED in ids) == (role == "observer" and party != "KH")
    if party is None:
        assert any(a["target"] == CEASEFIRE for a in pages[0]["allegations"])


def test_an_agreement_filter_and_the_record_as_known_then_page_alike(
    site: tuple[TestClient, dict[str, str]], casebook_engine: Engine
) -> None:
    client, tokens = site
    agreement = CEASEFIRE.split("/")[0]
    expected = whole(casebook_engine, observer=True, agreement=agreement)
    pages = list(walk(client, tokens["observer"], 5, agreement=agreement))
    assert [v for p in pages for v in p["violations"]] == expected["violations"] and expected["violations"]
    assert pages[-1]["matrix"] == expected["matrix"]

    known_at = dt.datetime.now(dt.UTC)
    then = whole(casebook_engine, observer=True, known_at=known_at)
    stamp = known_at.isoformat().replace("+00:00", "Z")
    pages = list(walk(client, tokens["observer"], 6, known_at=stamp))
    assert [v for p in pages for v in p["violations"]] == then["violations"]
    assert pages[0]["matrix"] == then["matrix"] and pages[0]["notes"] == then["notes"]


@pytest.mark.parametrize(
    ("query", "location", "message"),
    [
        ("limit=0", "limit", "greater than or equal to 1"),
        ("limit=1001", "limit", "less than or equal to 1000"),
        ("limit=ten", "limit", "valid integer"),
        ("offset=-1", "offset", "greater than or equal to 0"),
        ("offset=1.5", "offset", "valid integer"),
    ],
)
def test_a_bad_page_is_refused_with_the_reason(
    site: tuple[TestClient, dict[str, str]], query: str, location: str, message: str
) -> None:
    client, tokens = site
    for path in ("/api/v1/compliance", "/compliance"):
        response = client.get(f"{path}?{query}", headers={"Authorization": f"Bearer {tokens['public']}"})
        assert response.status_code == 422, path
        error = response.json()["error"]
        assert error["code"] == "invalid_input"
        (detail,) = error["details"]
        assert detail["location"] == ["query", location] and message in detail["message"]


def test_a_page_past_the_last_violation_is_empty_and_says_how_many_there_are(
    site: tuple[TestClient, dict[str, str]],
) -> None:
    client, tokens = site
    response = client.get(
        f"/api/v1/compliance?as_of={AS_OF}&offset=100000&limit=10",
        headers={"Authorization": f"Bearer {tokens['public']}"},
    )
    page = response.json()
    assert response.status_code == 200 and page["violations"] == [] and page["total"] > 0
    assert page["next"] is None and page["previous"] == f"/api/v1/compliance?as_of={AS_OF}&offset=99990&limit=10"


def test_the_compliance_page_has_a_pager_through_every_verdict(
    site: tuple[TestClient, dict[str, str]], casebook_engine: Engine
) -> None:
    client, tokens = site
    expected = whole(casebook_engine, observer=True)["violations"]
    total = len(expected)
    url: str | None = f"/compliance?as_of={AS_OF}&limit=5"
    seen: list[str] = []
    pages = 0
    while url is not None:
        html = client.get(url, headers={"Authorization": f"Bearer {tokens['observer']}"}).text
        section = html[html.index('id="violations"') : html.index("</section>", html.index('id="violations"'))]
        first = 5 * pages + 1
        assert f"violations {first}–{min(first + 4, total)} of {total}" in section
        assert ('rel="prev"' in section) == (pages > 0)
        seen += re.findall(r'<a href="/incidents/([^"]+)">', section)
        found = re.search(r'<a href="([^"]+)#violations" rel="next">next page →</a>', section)
        url = found.group(1).replace("&amp;", "&") if found else None
        pages += 1
    assert seen == [v["incident_id"] for v in expected]
    assert pages == -(-total // 5)
    thai = client.get(
        f"/compliance?as_of={AS_OF}&limit=5&lang=th", headers={"Authorization": f"Bearer {tokens['observer']}"}
    )
    assert f"การละเมิดที่ 1–5 จาก {total}" in thai.text
