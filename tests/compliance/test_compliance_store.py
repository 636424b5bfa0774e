"""Compliance over the store: the same verdicts on SQLite and PostgreSQL as on the casebook, and an
observer's finding, once final, changes them from its date on."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from truceline.casebooks.loader import Casebook, load_casebook
from truceline.compliance.evaluate import evaluate
from truceline.compliance.records import from_casebook
from truceline.compliance.services import assess, violations_for
from truceline.db import transaction
from truceline.errors import Conflict, Forbidden, InvalidInput
from truceline.incidents.models import Claim
from truceline.verification.services import act_on_finding, add_finding
from truceline.verification.workflow import FindingAction
from truceline.vocabulary import FindingResult, Role

MINE_BLAST = "2025-11-10-huai-ta-maria-landmine"
MINE_BAN = "apmbc-ottawa-1997"
END_OF_2025 = dt.date(2025, 12, 31)


def verdicts(violations) -> set[tuple[str, str, str, str]]:
    return {(v.incident_id, v.provision_id, v.party, str(v.status)) for v in violations}


def test_the_store_gives_the_casebook_verdicts(engine: Engine, casebook: Casebook) -> None:
    with transaction(engine) as session:
        load_casebook(session, casebook, actor="test")
    with transaction(engine) as session:
        from_store = assess(session, END_OF_2025)
    from_file = evaluate(from_casebook(casebook), END_OF_2025)
    assert verdicts(from_store.violations) == verdicts(from_file.violations)
    assert {(c.id, str(c.status)) for c in from_store.commitments} == {
        (c.id, str(c.status)) for c in from_file.commitments
    }


def mine_ban_violation(session: Session, as_of: dt.date):
    found = [v for v in violations_for(session, as_of, MINE_BLAST) if v.agreement_id == MINE_BAN]
    assert found, "the 10 November blast breaks the Mine Ban Convention by Thailand's claim"
    return found[0]


def test_a_final_finding_on_the_claim_confirms_the_violation_from_its_date_on(session: Session) -> None:
    before = mine_ban_violation(session, END_OF_2025)
    assert (before.party, str(before.status)) == ("KH", "disputed")
    accusation = session.scalars(
        select(Claim).where(Claim.incident_id == MINE_BLAST, Claim.claimant == "TH", Claim.accused == "KH")
    ).first()
    assert accusation is not None
    finding = add_finding(
        session,
        result=FindingResult.VERIFIED,
        reasoning="Observers found fresh PMN-2 mines with intact packing.",
        author="observer-a",
        role=Role.OBSERVER,
        claim_id=accusation.id,
    )
    act_on_finding(session, finding.id, FindingAction.SUBMIT, actor="observer-a", role=Role.OBSERVER)
    assert str(mine_ban_violation(session, END_OF_2025).status) == "disputed", "a finding in review counts for nothing"
    finalised_at = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
    act_on_finding(session, finding.id, FindingAction.FINALISE, actor="observer-b", role=Role.OBSERVER, at=finalised_at)
    after = mine_ban_violation(session, dt.date(2026, 1, 31))
    assert str(after.status) == "confirmed"
    assert str(finding.id) in after.finding_ids
    assert any("finding" in line.lower() for line in after.explanation)
    assert str(mine_ban_violation(session, END_OF_2025).status) == "disputed", "the past verdict is unchanged"


def test_the_author_may_not_finalise_their_own_finding(session: Session) -> None:
    finding = add_finding(
        session,
        result=FindingResult.NOT_SUBSTANTIATED,
        reasoning="No trace of new mines.",
        author="observer-a",
        role=Role.OBSERVER,
        incident_id=MINE_BLAST,
    )
    with pytest.raises(Conflict, match="cannot finalise a finding that is draft"):
        act_on_finding(session, finding.id, FindingAction.FINALISE, actor="observer-b", role=Role.OBSERVER)
    act_on_finding(session, finding.id, FindingAction.SUBMIT, actor="observer-a", role=Role.OBSERVER)
    with pytest.raises(Forbidden, match="another observer must review it"):
        act_on_finding(session, finding.id, FindingAction.FINALISE, actor="observer-a", role=Role.OBSERVER)
    with pytest.raises(Forbidden):
        add_finding(
            session,
            result=FindingResult.VERIFIED,
            reasoning="x",
            author="th-liaison",
            role=Role.PARTY,
            incident_id=MINE_BLAST,
        )


def test_a_finding_names_one_incident_or_one_claim(session: Session) -> None:
    with pytest.raises(InvalidInput, match="exactly one"):
        add_finding(session, result=FindingResult.VERIFIED, reasoning="x", author="o", role=Role.OBSERVER)


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "truceline", "--db", f"sqlite:///{db}", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_compliance_command_answers_the_issue(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert run(db, "casebook", "load", "th-kh-2025").returncode == 0
    result = run(db, "compliance", "--as-of", "2025-12-31", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["as_of"] == "2025-12-31"
    for violation in report["violations"]:
        assert {"incident_id", "provision_id", "agreement_id", "party", "status", "explanation"} <= set(violation)
    mine = [v for v in report["violations"] if v["incident_id"] == MINE_BLAST and v["agreement_id"] == MINE_BAN]
    assert mine and mine[0]["party"] == "KH" and mine[0]["status"] == "disputed"
    ceasefire = [v for v in report["violations"] if v["agreement_id"].startswith("putrajaya")]
    assert ceasefire and all(v["incident_id"] >= "2025-07-29" for v in ceasefire)
    soldiers = [c for c in report["commitments"] if "18" in c["title"]]
    assert soldiers and soldiers[0]["status"] == "met"
    for commitment in report["commitments"]:
        assert {"id", "agreement_id", "title", "status", "deadline", "decided_by"} <= set(commitment)
    november = json.loads(run(db, "commitments", "--as-of", "2025-11-30", "--json").stdout)
    assert next(c for c in november if "18" in c["title"])["status"] == "suspended"
    text = run(db, "compliance", "--as-of", "2025-12-31", "--party", "KH", "--agreement", MINE_BAN)
    assert MINE_BLAST in text.stdout and "attributed to TH" not in text.stdout
    missing = run(db, "compliance", "--agreement", "no-such-agreement")
    assert missing.returncode == 3


def test_the_counts_alone_are_the_documents_matrix(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert run(db, "casebook", "load", "th-kh-2025").returncode == 0
    document = json.loads(run(db, "compliance", "--as-of", "2025-12-31", "--json").stdout)
    matrix = {
        (cell["provision_id"], cell["party"], status): n
        for cell in document["matrix"]
        for status, n in cell["counts"].items()
        if n
    }
    result = run(db, "compliance", "--as-of", "2025-12-31", "--counts", "--json")
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)["counts"]
    assert {(c["provision_id"], c["party"], c["status"]): c["count"] for c in counts} == matrix
    assert matrix, "the casebook has violations by the end of 2025"
    only = json.loads(run(db, "compliance", "--counts", "--json", "--party", "KH", "--agreement", MINE_BAN).stdout)
    assert only["counts"] and {(c["party"], c["provision_id"].startswith(MINE_BAN)) for c in only["counts"]} == {
        ("KH", True)
    }
    text = run(db, "compliance", "--as-of", "2025-12-31", "--counts").stdout
    assert text.startswith(f"As of 2025-12-31: {len(document['violations'])} violations")


def test_findings_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert run(db, "casebook", "load", "th-kh-2025").returncode == 0
    added = run(
        db,
        "findings",
        "add",
        "--incident",
        MINE_BLAST,
        "--result",
        "inconclusive",
        "--reasoning",
        "Site not yet accessible.",
        "--as",
        "obs-1",
        "--json",
    )
    assert added.returncode == 0, added.stderr
    finding_id = str(json.loads(added.stdout)["id"])
    assert run(db, "findings", "submit", finding_id, "--as", "obs-1").returncode == 0
    own = run(db, "findings", "finalise", finding_id, "--as", "obs-1")
    assert own.returncode == 5 and "another observer" in own.stderr
    assert run(db, "findings", "finalise", finding_id, "--as", "obs-2").returncode == 0
    listed = json.loads(run(db, "findings", "list", "--json").stdout)
    assert listed[0]["state"] == "final"
    bad = run(db, "findings", "add", "--incident", "nope", "--result", "verified", "--reasoning", "x")
    assert bad.returncode == 3


def test_one_incident_alone_gets_the_same_verdicts_as_in_the_whole_record(session: Session) -> None:
    accusation = session.scalars(select(Claim).where(Claim.incident_id == MINE_BLAST, Claim.claimant == "TH")).first()
    assert accusation is not None
    finding = add_finding(
        session,
        result=FindingResult.NOT_SUBSTANTIATED,
        reasoning="The mines were old.",
        author="observer-a",
        role=Role.OBSERVER,
        claim_id=accusation.id,
    )
    act_on_finding(session, finding.id, FindingAction.SUBMIT, actor="observer-a", role=Role.OBSERVER)
    act_on_finding(session, finding.id, FindingAction.FINALISE, actor="observer-b", role=Role.OBSERVER)
    today = dt.date.today()
    whole = [v for v in assess(session, today).violations if v.incident_id == MINE_BLAST]
    alone = violations_for(session, today, MINE_BLAST)
    assert alone == whole
    assert any(str(v.status) == "not_substantiated" for v in alone)
