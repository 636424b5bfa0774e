"""``/api/v1/compliance`` serves the one compliance document: the same shape as the CLI's --json, a page
of violations at a time."""

from __future__ import annotations

import datetime as dt
import json

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.functional.web.conftest import auth
from truceline.compliance.results import UNDETERMINED_PARTY, compliance_document
from truceline.compliance.services import assess
from truceline.db import transaction
from truceline.domain import schema
from truceline.incidents.services import add_claim, record_incident

SOURCE = "https://www.nationthailand.com/news/asean/40058014"
MINE_BLAST = "2025-11-10-huai-ta-maria-landmine"
CEASEFIRE = "putrajaya-ceasefire-2025-07-28/1"


def test_the_api_serves_the_compliance_document(client: TestClient, web_engine: Engine, tokens) -> None:
    with transaction(web_engine) as session:
        record_incident(
            session,
            schema.Incident(
                id="2025-12-20-unattributed-shelling",
                kind="shelling",
                date_start=dt.date(2025, 12, 20),
                date_end=dt.date(2025, 12, 20),
                date_precision="day",
                place="kantharalak",
                location_precision="district",
                description="Shells fell near the border; the reports name no side.",
                sources=[SOURCE],
            ),
            conflict_id="th-kh-2025",
            actor="test",
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
    with transaction(web_engine) as session:
        expected = compliance_document(assess(session, dt.date(2025, 12, 31)))
    response = client.get("/api/v1/compliance?as_of=2025-12-31&limit=1000", headers=auth(tokens, "observer"))
    assert response.status_code == 200
    document = response.json()
    # the casebook's violations fit on one page of the largest size: the whole document, with the page's fields
    page = {"total": len(expected["violations"]), "offset": 0, "limit": 1000, "next": None, "previous": None}
    # the notes and allegations are paged too (100 a page unless asked): here they fit on the first
    for of in ("notes", "allegations"):
        assert len(expected[of]) <= 100
        page |= {f"{of}_total": len(expected[of]), f"{of}_offset": 0, f"{of}_limit": 100}
        page |= {f"{of}_next": None, f"{of}_previous": None}
    assert 100 < len(expected["violations"]) <= 1000
    assert document == json.loads(json.dumps(expected)) | page
    assert set(document) == {
        "as_of", "filters", "parties", "matrix", "violations", "notes", "allegations", "provisions", "commitments",
        "tallies", "total", "offset", "limit", "next", "previous",
        "notes_total", "notes_offset", "notes_limit", "notes_next", "notes_previous",
        "allegations_total", "allegations_offset", "allegations_limit", "allegations_next", "allegations_previous",
    }  # fmt: skip
    assert UNDETERMINED_PARTY in document["parties"]
    (alleged,) = [a for a in document["allegations"] if a["target"] == CEASEFIRE]
    assert alleged["rule_based"] == [] and alleged["line"].endswith("no rule-based violation.")
    only = client.get("/api/v1/compliance?as_of=2025-12-31&party=undetermined", headers=auth(tokens, "public")).json()
    assert only["violations"] and {v["party"] for v in only["violations"]} == {None}
    page = client.get("/?as_of=2025-12-31", headers=auth(tokens, "observer"))
    assert page.status_code == 200 and "party undetermined" in page.text
