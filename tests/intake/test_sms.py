"""Field reports by SMS: the syntax, and the SMSSync webhook on the casebook's store: a good
message is confirmed and queued for review (never published), a bad field is answered with an
error and stores nothing, the same message twice queues one candidate, a wrong secret is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from tests.functional.web.conftest import auth, tokens, web_engine, web_template

from truceline.app import create_app
from truceline.config import Settings
from truceline.db import session_factory
from truceline.extraction.sms import SmsSyntaxError, parse_sms
from truceline.geo.gazetteer import Gazetteer
from truceline.incidents.models import Incident
from truceline.ledger.models import LedgerEntry
from truceline.sources.models import ReviewCandidate, SourceDocument

__all__ = ["tokens", "web_engine", "web_template"]

SECRET = "field-phones-shared-secret"
GOOD = "INC 2025-12-08 0630 ban-nong-chan shelling K2 I5 shells hit the school yard"
PLACES = Path(__file__).resolve().parents[2] / "src/truceline/casebooks/th_kh_2025/places.yaml"
DAY = dt.date(2025, 12, 8)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_yaml(PLACES)


def test_a_report_in_the_syntax_parses_whole(gazetteer: Gazetteer) -> None:
    report = parse_sms(GOOD, gazetteer, received=DAY)
    assert (report.date, report.time, report.place.id) == (DAY, dt.time(6, 30), "ban-nong-chan")
    assert report.kind == "shelling"
    assert (report.killed, report.injured, report.note) == (2, 5, "shells hit the school yard")
    loose = parse_sms("inc 2025-12-08 - Ban_Nong_Chan Armed-Clash i3", gazetteer, received=DAY)
    assert (loose.time, loose.place.id, loose.kind, loose.killed, loose.injured) == (
        None,
        "ban-nong-chan",
        "armed_clash",
        None,
        3,
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("hello there", "ERROR: start with INC"),
        ("INC 2025-12-08 0630", "ERROR place: missing"),
        ("INC 2025-12-32 0630 ban-nong-chan shelling", "ERROR date"),
        ("INC 8/12/2025 0630 ban-nong-chan shelling", "ERROR date"),
        ("INC 2025-12-20 0630 ban-nong-chan shelling", "ERROR date: 2025-12-20 is in the future"),
        ("INC 2025-12-08 6:30 ban-nong-chan shelling", "ERROR time"),
        ("INC 2025-12-08 0630 atlantis shelling", "ERROR place"),
        ("INC 2025-12-08 0630 ban-nong-chan bombardment", "ERROR kind"),
        ("INC 2025-12-08 0630 ban-nong-chan shelling K2 K3", "ERROR killed: given twice"),
        ("INC 2025-12-08 0630 ban-nong-chan shelling Kx2", "ERROR figure"),
    ],
)
def test_a_bad_field_is_named_in_the_error(gazetteer: Gazetteer, text: str, field: str) -> None:
    with pytest.raises(SmsSyntaxError) as refused:
        parse_sms(text, gazetteer, received=DAY)
    assert str(refused.value).startswith(field)


@pytest.fixture
def gateway(web_engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(web_engine, settings=Settings(sms_secret=SECRET))) as client:
        yield client


def send(client: TestClient, message: str, *, secret: str = SECRET, sender: str = "+66810000001") -> dict:
    answer = client.post(
        "/api/v1/sms/smssync",
        data={"from": sender, "message": message, "secret": secret, "message_id": "m-1",
              "sent_timestamp": "1765150200000", "sent_to": "+66800000000", "device_id": "1"},
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    return answer.json()["payload"]


def counts(engine: Engine) -> tuple[int, int, int]:
    with session_factory(engine)() as session:
        return (
            session.scalar(select(func.count(SourceDocument.id))) or 0,
            session.scalar(select(func.count(ReviewCandidate.id))) or 0,
            session.scalar(select(func.count(LedgerEntry.seq))) or 0,
        )


def test_a_good_message_is_confirmed_and_queued_for_review_once(
    gateway: TestClient, web_engine: Engine, tokens: dict[str, str]
) -> None:
    before = counts(web_engine)
    payload = send(gateway, GOOD)
    assert payload["success"] is True and payload["task"] == "send" and payload["accepted"] is True
    [reply] = payload["messages"]
    assert reply["to"] == "+66810000001"
    assert reply["message"].startswith(f"OK received: report R{payload['review_id']} (2025-12-08 0630 ban-nong-chan")
    assert counts(web_engine)[:2] == (before[0] + 1, before[1] + 1)
    # the same message again: confirmed again, one candidate still
    again = send(gateway, GOOD)
    assert again["review_id"] == payload["review_id"] and again["messages"][0]["message"].startswith("OK already")
    assert counts(web_engine)[:2] == (before[0] + 1, before[1] + 1)
    # in the review queue with the figures, the place and the time; nothing published
    queue = gateway.get("/api/v1/review", headers=auth(tokens, "observer")).json()
    [candidate] = [c for c in queue if c["review_id"] == payload["review_id"]]
    assert (candidate["kind"], candidate["place"]) == ("shelling", "ban-nong-chan")
    assert candidate["date_start"] == "2025-12-08"
    assert candidate["killed"]["best"] == 2 and candidate["injured"]["best"] == 5 and candidate["rule"] == "sms"
    assert "06:30 local time" in candidate["evidence"][0]
    with session_factory(web_engine)() as session:
        document = session.get(SourceDocument, candidate["source_id"])
        assert document is not None and document.kind == "field_report" and document.published is False
        assert session.scalar(select(func.count(Incident.id)).where(Incident.date_start == DAY)) == 8  # the casebook's
    # the public does not see the SMS report
    assert candidate["source_id"] not in [s["id"] for s in gateway.get("/api/v1/sources?limit=500").json()["items"]]


def test_a_message_with_a_bad_field_gets_an_error_reply_and_stores_nothing(
    gateway: TestClient, web_engine: Engine
) -> None:
    before = counts(web_engine)
    payload = send(gateway, "INC 2025-12-08 0630 ban-nong-chan bombardment K2")
    assert payload["success"] is True and payload["accepted"] is False and payload["review_id"] is None
    assert payload["messages"][0]["message"].startswith("ERROR kind: unknown kind 'bombardment'")
    assert counts(web_engine) == before  # no document, no candidate, no ledger entry


def test_a_wrong_or_missing_secret_is_refused_and_stores_nothing(gateway: TestClient, web_engine: Engine) -> None:
    before = counts(web_engine)
    for secret in ("guess", ""):
        answer = gateway.post("/api/v1/sms/smssync", data={"from": "+6681", "message": GOOD, "secret": secret})
        assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden"
    assert counts(web_engine) == before


def test_the_channel_is_closed_without_a_configured_secret(web_engine: Engine) -> None:
    with TestClient(create_app(web_engine, settings=Settings())) as client:
        answer = client.post("/api/v1/sms/smssync", data={"from": "+6681", "message": GOOD, "secret": ""})
    assert answer.status_code == 403


def test_an_observer_accepts_the_sms_report_as_an_unpublished_incident(
    gateway: TestClient, web_engine: Engine, tokens: dict[str, str]
) -> None:
    review_id = send(gateway, "INC 2025-12-07 - ta-muen-thom-temple mines_found fresh mines on the path")["review_id"]
    observer = auth(tokens, "observer")
    accepted = gateway.post(f"/api/v1/review/{review_id}/accept", json={"force_new": True}, headers=observer)
    assert accepted.status_code == 200, (review_id, accepted.text)
    incident_id = accepted.json()["result"].removeprefix("incident:")
    with session_factory(web_engine)() as session:
        incident = session.get(Incident, incident_id)
        assert incident is not None and incident.published is False and incident.place_id == "ta-muen-thom-temple"
    assert gateway.get(f"/api/v1/incidents/{incident_id}").status_code == 404  # not public until published
