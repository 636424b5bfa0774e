"""The second bundled casebook, il-lb-2024 (the Israel–Lebanon cessation of hostilities of
26–27 November 2024), in the same store as th-kh-2025: what its sources say, the store answers.

Each test names the reporting its expected facts come from (the URLs are cited in the casebook).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from truceline.app import create_app
from truceline.casebooks.loader import Casebook, bundled_casebook_path, load_casebook, read_casebook
from truceline.compliance.services import assess
from truceline.config import Settings
from truceline.db import session_factory, transaction

IL_LB = "il-lb-2024"
TH_KH = "th-kh-2025"
CESSATION = "il-lb-cessation-2024-11-26"


@pytest.fixture(scope="module")
def il_lb() -> Casebook:
    return read_casebook(bundled_casebook_path(IL_LB))


@pytest.fixture
def both(loaded_engine: Engine, il_lb: Casebook) -> Engine:
    """th-kh-2025 (loaded by the shared fixture) and il-lb-2024 in one store."""
    with transaction(loaded_engine) as session:
        load_casebook(session, il_lb, actor="test")
    return loaded_engine


@pytest.fixture
def session(both: Engine) -> Iterator[Session]:
    session = session_factory(both)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def test_the_casebook_is_valid_and_holds_every_kind_of_record(il_lb: Casebook) -> None:
    counts = il_lb.counts()
    assert counts["agreements"] >= 2 and counts["incidents"] >= 20 and counts["tallies"] >= 5
    definition = il_lb.definition()
    assert definition.principals == ("IL", "LB")
    assert definition.info.time_zone == "Asia/Beirut"
    # a non-state armed group that the state party answers for under the arrangement
    assert definition.principal_of("HEZBOLLAH") == "LB"
    kinds = {line.kind for line in il_lb.lines}
    assert "withdrawal_line" in kinds and "river" in kinds
    assert any(zone.kind == "area" for zone in il_lb.zones), "south of the Litani is an area"


def test_loading_the_second_casebook_leaves_the_first_ones_results_unchanged(
    loaded_engine: Engine, il_lb: Casebook
) -> None:
    as_of = dt.date(2025, 12, 31)
    with transaction(loaded_engine) as session:
        alone = assess(session, as_of).to_dict()
        load_casebook(session, il_lb, actor="test")
    with transaction(loaded_engine) as session:
        together = assess(session, as_of, conflict_id=TH_KH).to_dict()
        again = load_casebook(session, il_lb, actor="test")
    assert together == alone
    assert not again.changed_anything


def test_the_withdrawal_deadline_was_extended_to_18_february_then_partly_met(session: Session) -> None:
    """60 days from 27 November 2024 ran out on 26 January 2025; the White House announced the
    extension to 18 February (ndtv.com, 'Israel-Lebanon ceasefire deal extended till February 18');
    on 18 February Israel left the border villages but kept five positions (arynews.tv, 'Israel army
    pulls out of Lebanon border villages, holds five positions')."""
    before = {c.id: c for c in assess(session, dt.date(2025, 1, 20), conflict_id=IL_LB).commitments}
    assert before["il-withdrawal-60-days"].deadline == dt.date(2025, 1, 26)
    assert str(before["il-withdrawal-60-days"].status) == "pending"
    extended = {c.id: c for c in assess(session, dt.date(2025, 2, 1), conflict_id=IL_LB).commitments}
    assert extended["il-withdrawal-60-days"].deadline == dt.date(2025, 2, 18)
    assert extended["il-withdrawal-60-days"].original_deadline == dt.date(2025, 1, 26)
    assert str(extended["il-withdrawal-60-days"].status) == "pending"
    after = {c.id: c for c in assess(session, dt.date(2025, 12, 31), conflict_id=IL_LB).commitments}
    withdrawal = after["il-withdrawal-60-days"]
    assert str(withdrawal.status) == "overdue", "five positions kept: not met in full"
    assert any(e.kind == "partial" and e.date == dt.date(2025, 2, 18) for e in withdrawal.decided_by)


def test_rocket_fire_the_group_denied_is_a_disputed_breach_by_the_state_that_answers_for_it(
    session: Session,
) -> None:
    """Rockets fired at Metula on 22 March 2025: Israel held Lebanon responsible, Hezbollah denied
    any role (timesofisrael.com, 'At least 5 rockets fired from Lebanon at Metula')."""
    found = [
        v
        for v in assess(session, dt.date(2025, 12, 31), conflict_id=IL_LB).violations
        if v.incident_id == "2025-03-22-rockets-toward-metula" and v.provision_id == f"{CESSATION}/2(a)"
    ]
    assert [(v.party, str(v.status)) for v in found] == [("LB", "disputed")]


def test_mortar_fire_on_mount_dov_is_alleged_against_lebanon_through_hezbollah(session: Session) -> None:
    """2 December 2024: Hezbollah said it fired on an Israeli position in the Shebaa Farms area in
    response to Israeli violations; Israel called it a breach (the casebook cites both claims,
    and each names the provision it says was broken)."""
    document = assess(session, dt.date(2024, 12, 31), conflict_id=IL_LB).to_dict()
    mortars = [v for v in document["violations"] if v["incident_id"] == "2024-12-02-mount-dov-mortars"]
    assert {v["party"] for v in mortars} == {"LB"}
    allegations = [a for a in document["allegations"] if a["incident_id"] == "2024-12-02-mount-dov-mortars"]
    assert {(a["claimant"], a["target"]) for a in allegations} >= {("IL", f"{CESSATION}/2(a)")}


def test_tallies_are_kept_apart_and_served_per_conflict(both: Engine) -> None:
    """UNIFIL's, Lebanon's, the UN human rights office's and the Israeli army's counts (tallies.yaml)
    are separate records: the API lists each as its body published it, and only for its conflict."""
    app = create_app(both, Settings(environment="development", secret_key="x" * 40))
    with TestClient(app) as client:
        tallies = client.get("/api/v1/tallies", params={"conflict": IL_LB}).json()
        assert {t["counted_by"] for t in tallies} >= {"UNIFIL", "LB", "UN-OHCHR", "IL-IDF"}
        assert len({t["id"] for t in tallies}) == len(tallies)
        assert client.get("/api/v1/tallies", params={"conflict": TH_KH}).json() == []
        several = client.get("/api/v1/tallies")
        assert several.status_code == 422 and "conflict" in several.json()["error"]["message"]
        page = client.get("/", params={"conflict": IL_LB}, headers={"accept": "text/html"}).text
        assert 'id="tallies"' in page and "never added up" in page


def test_each_conflict_sees_only_its_own_incidents(both: Engine) -> None:
    app = create_app(both, Settings(environment="development", secret_key="x" * 40))
    with TestClient(app) as client:
        il = {i["id"] for i in client.get("/api/v1/incidents?limit=500", params={"conflict": IL_LB}).json()["items"]}
        th = {i["id"] for i in client.get("/api/v1/incidents?limit=500", params={"conflict": TH_KH}).json()["items"]}
        assert il and th and not il & th
        assert "2025-03-22-rockets-toward-metula" in il
        missing = client.get("/api/v1/incidents", params={"conflict": "no-such-conflict"})
        assert missing.status_code == 404


def test_a_party_user_of_one_conflict_sees_nothing_unpublished_of_another(session: Session) -> None:
    from truceline.auth.deps import Viewer
    from truceline.domain import schema
    from truceline.incidents.queries import IncidentFilter, list_incidents
    from truceline.incidents.services import record_incident
    from truceline.sources.services import add_source_document
    from truceline.vocabulary import Role

    report, _ = add_source_document(
        session,
        conflict_id=IL_LB,
        content="A liaison report, not yet published.",
        kind="party_statement",
        actor="lb-liaison",
        submitted_for_party="LB",
    )
    record_incident(
        session,
        schema.Incident(
            id="unpublished-lb-submission",
            kind="armed_clash",
            date_start=dt.date(2025, 6, 1),
            date_end=dt.date(2025, 6, 1),
            date_precision="day",
            place_name="south Lebanon",
            location_precision="unknown",
            description="A party's submission waiting for a coordinator.",
            sources=[f"urn:sha256:{report.sha256}"],
        ),
        conflict_id=IL_LB,
        actor="lb-liaison",
        published=False,
        submitted_for_party="LB",
    )

    def seen(viewer: Viewer) -> set[str]:
        return {i.id for i in list_incidents(session, IncidentFilter.within(viewer.visibility))}

    lebanon = Viewer(Role.PARTY, 1, "lb", "LB", party_conflict_id=IL_LB, conflict_id=IL_LB)
    # a party of another conflict whose code is not even in this one, and one whose code could be
    thailand = Viewer(Role.PARTY, 2, "th", "TH", party_conflict_id=TH_KH, conflict_id=IL_LB)
    namesake = Viewer(Role.PARTY, 3, "x", "LB", party_conflict_id=TH_KH, conflict_id=IL_LB)
    observer = Viewer(Role.OBSERVER, 4, "obs", conflict_id=IL_LB)
    assert "unpublished-lb-submission" in seen(lebanon) and "unpublished-lb-submission" in seen(observer)
    assert "unpublished-lb-submission" not in seen(thailand)
    assert "unpublished-lb-submission" not in seen(namesake), "a party speaks in its own conflict only"
    assert not namesake.may_submit and lebanon.may_submit
