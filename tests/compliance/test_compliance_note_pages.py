"""The notes and the allegations of the compliance document come a page at a time too, each list
on its own (``notes_offset``/``notes_limit``, ``allegations_offset``/``allegations_limit``): walked
page by page they give each of the whole document's notes and allegations once, with the same
reasons, in its order; a page explains only what it lists, with the agreements, zones and places
read once with the verdicts."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from truceline.app import create_app
from truceline.auth.services import add_user, issue_api_token
from truceline.compliance.results import compliance_document
from truceline.compliance.services import assess, compliance_page, compliance_verdicts
from truceline.db import transaction
from truceline.domain import schema
from truceline.incidents.services import add_claim, record_incident

AS_OF = dt.date(2025, 12, 31)
SOURCE = "https://www.nationthailand.com/news/asean/40058014"
CEASEFIRE = "putrajaya-ceasefire-2025-07-28"
#: shellings whose days straddle the ceasefire's entry into force (29 July 2025): each a note, not
#: a violation; (accused, published, the agreement or provision the claim says was broken)
STRADDLING = [
    ("KH", True, [CEASEFIRE]),
    ("TH", True, [f"{CEASEFIRE}/1"]),
    ("KH", True, []),
    ("TH", False, [CEASEFIRE, f"{CEASEFIRE}/1"]),
    ("KH", True, [f"{CEASEFIRE}/1"]),
    (None, True, []),
    ("KH", False, [CEASEFIRE]),
]


@pytest.fixture
def site(casebook_engine: Engine) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """The casebook with shellings that straddle the ceasefire's start (notes), most of them
    claimed, some of the claims naming what they say was broken (allegations), two unpublished
    (observers only); an observer's and a visitor's token."""
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
        for n, (accused, published, breaks) in enumerate(STRADDLING):
            incident_id = f"2025-07-27-straddling-shelling-{n}"
            record_incident(
                session,
                schema.Incident(
                    id=incident_id,
                    kind="shelling",
                    date_start=dt.date(2025, 7, 27),
                    date_end=dt.date(2025, 7, 30),
                    date_precision="days",
                    place="kantharalak",
                    location_precision="district",
                    description="Shelling reported over several days around the ceasefire's start.",
                    sources=[SOURCE],
                ),
                conflict_id="th-kh-2025",
                actor="test",
                published=published,
            )
            if accused is not None:
                add_claim(
                    session,
                    incident_id,
                    schema.Claim(
                        claimant="TH" if accused == "KH" else "KH",
                        accused=accused,
                        assertion="responsible",
                        stance="accuses",
                        date=dt.date(2025, 7, 31),
                        summary="A party says the other shelled across the border.",
                        sources=[SOURCE],
                        breaks=breaks,
                    ),
                    actor="test",
                    published=published,
                )
    with TestClient(create_app(casebook_engine, run_jobs=False)) as client:
        yield client, tokens


def whole(engine: Engine, *, observer: bool, **filters: Any) -> dict[str, Any]:
    with transaction(engine) as session:
        found = assess(session, AS_OF, published_only=not observer)
        document: dict[str, Any] = json.loads(json.dumps(compliance_document(found, **filters)))
        return document


def walk(client: TestClient, token: str, of: str, size: int, **params: str) -> Iterator[dict[str, Any]]:
    """Every page of the API's document following ``<of>_next`` (``of``: notes or allegations)."""
    query = "&".join(f"{k}={v}" for k, v in {"as_of": AS_OF.isoformat(), f"{of}_limit": str(size), **params}.items())
    url: str | None = f"/api/v1/compliance?{query}"
    while url is not None:
        response = client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        page = response.json()
        yield page
        url = page[f"{of}_next"]


@pytest.mark.parametrize("role", ["observer", "public"])
@pytest.mark.parametrize("party", [None, "KH"])
def test_the_pages_of_notes_and_allegations_hold_each_of_the_documents_once(
    site: tuple[TestClient, dict[str, str]], casebook_engine: Engine, role: str, party: str | None
) -> None:
    client, tokens = site
    expected = whole(casebook_engine, observer=role == "observer", party=party)
    params = {"party": party, "limit": "3"} if party else {"limit": "3"}
    for of, limit in (("notes", 2), ("allegations", 1)):
        assert len(expected[of]) >= 2, of  # more than one page of each
        pages = list(walk(client, tokens[role], of, limit, **params))
        assert len(pages) == -(-len(expected[of]) // limit)
        assert [entry for page in pages for entry in page[of]] == expected[of]  # each once, in order, same reasons
        for n, page in enumerate(pages):
            assert page[f"{of}_total"] == len(expected[of])
            assert page[f"{of}_offset"] == limit * n and page[f"{of}_limit"] == limit
            assert (page[f"{of}_previous"] is None) == (n == 0)
            # the violations' page and the matrix stay where they were
            assert page["violations"] == expected["violations"][:3] and page["matrix"] == expected["matrix"]
            assert page["offset"] == 0 and page["total"] == len(expected["violations"])
    kinds = {n["kind"] for n in expected["notes"]}
    assert "possibly_before_entry_into_force" in kinds
    unpublished = {"2025-07-27-straddling-shelling-3", "2025-07-27-straddling-shelling-6"}
    seen = {n["incident_id"] for n in expected["notes"]} | {a["incident_id"] for a in expected["allegations"]}
    assert bool(seen & unpublished) == (role == "observer")


def test_a_page_lists_the_documents_first_notes_and_allegations_and_counts_them_all(
    site: tuple[TestClient, dict[str, str]], casebook_engine: Engine
) -> None:
    expected = whole(casebook_engine, observer=True)
    with transaction(casebook_engine) as session:
        ground = compliance_verdicts(session, AS_OF)
        first = json.loads(json.dumps(compliance_page(session, ground, limit=10, notes_limit=3, allegations_limit=2)))
        rest = compliance_page(session, ground, offset=10, limit=10, notes_offset=3, allegations_offset=2)
        past = compliance_page(session, ground, notes_offset=1000, allegations_offset=1000)
    assert first["violations"] == expected["violations"][:10]
    assert first["notes"] == expected["notes"][:3] and first["allegations"] == expected["allegations"][:2]
    assert first["notes_total"] == len(expected["notes"]) and first["allegations_total"] == len(expected["allegations"])
    assert json.loads(json.dumps(rest["notes"])) == expected["notes"][3:103]
    assert json.loads(json.dumps(rest["allegations"])) == expected["allegations"][2:102]
    assert past["notes"] == [] and past["allegations"] == [] and past["notes_total"] == first["notes_total"]
    assert len(past["violations"]) == min(100, len(expected["violations"]))


def test_a_page_reads_no_agreement_zone_or_place_again(
    site: tuple[TestClient, dict[str, str]], casebook_engine: Engine
) -> None:
    """The agreements, provisions, commitments, zones, places and the conflict's lines are read
    with the verdicts; each page then reads only the incidents it explains (with their claims
    and findings)."""
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    with transaction(casebook_engine) as session:
        ground = compliance_verdicts(session, AS_OF, published_only=True)
        event.listen(casebook_engine, "before_cursor_execute", seen)
        try:
            page = compliance_page(session, ground, published_only=True, offset=5, limit=5, notes_offset=1)
        finally:
            event.remove(casebook_engine, "before_cursor_execute", seen)
    assert page["violations"] and page["notes"]
    tables = {"agreements", "provisions", "commitments", "zones", "places", "conflict_geometries"}
    read = {t for s in statements for t in re.findall(r"\bFROM\s+\"?(\w+)", s, flags=re.IGNORECASE)}
    assert "incidents" in read and not read & tables, read
    with transaction(casebook_engine) as session, pytest.raises(ValueError, match="published_only"):
        compliance_page(session, ground, published_only=False)


@pytest.mark.parametrize(
    ("query", "location", "message", "paths"),
    [
        ("notes_offset=-1", "notes_offset", "greater than or equal to 0", ("/api/v1/compliance", "/compliance")),
        ("notes_limit=0", "notes_limit", "greater than or equal to 1", ("/api/v1/compliance", "/compliance")),
        ("notes_limit=1001", "notes_limit", "less than or equal to 1000", ("/api/v1/compliance", "/compliance")),
        ("notes_offset=two", "notes_offset", "valid integer", ("/api/v1/compliance", "/compliance")),
        ("allegations_offset=-5", "allegations_offset", "greater than or equal to 0", ("/api/v1/compliance",)),
        ("allegations_limit=5000", "allegations_limit", "less than or equal to 1000", ("/api/v1/compliance",)),
    ],
)
def test_a_bad_page_of_notes_or_allegations_is_refused_with_the_reason(
    site: tuple[TestClient, dict[str, str]], query: str, location: str, message: str, paths: tuple[str, ...]
) -> None:
    client, tokens = site
    for path in paths:
        response = client.get(f"{path}?{query}", headers={"Authorization": f"Bearer {tokens['public']}"})
        assert response.status_code == 422, path
        error = response.json()["error"]
        assert error["code"] == "invalid_input"
        (detail,) = error["details"]
        assert detail["location"] == ["query", location] and message in detail["message"]


def test_the_compliance_page_has_a_pager_through_every_note(
    site: tuple[TestClient, dict[str, str]], casebook_engine: Engine
) -> None:
    client, tokens = site
    expected = whole(casebook_engine, observer=True)["notes"]
    total = len(expected)
    url: str | None = f"/compliance?as_of={AS_OF}&limit=4&notes_limit=2"
    seen: list[str] = []
    pages = 0
    while url is not None:
        html = client.get(url, headers={"Authorization": f"Bearer {tokens['observer']}"}).text
        section = html[html.index('id="notes"') : html.index("</section>", html.index('id="notes"'))]
        first = 2 * pages + 1
        assert f"notes {first}–{min(first + 1, total)} of {total}" in section
        assert ('rel="prev"' in section) == (pages > 0)
        violations = html[html.index('id="violations"') : html.index('id="notes"')]
        assert "violations 1–4 of" in violations  # the violations' page stays where it was
        seen += re.findall(r'<a href="/incidents/([^"]+)">', section)
        found = re.search(r'<a href="([^"]+)#notes" rel="next">next page →</a>', section)
        url = found.group(1).replace("&amp;", "&") if found else None
        pages += 1
    assert seen == [n["incident_id"] for n in expected]
    assert pages == -(-total // 2)
