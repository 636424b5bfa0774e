"""On the real casebook, in the store: a breach no one is said to have done, and the parties'
allegations beside the rule-based verdicts (the CLI and its JSON document included).

The bundled casebook files are not edited: the extra incident and claims are written to each
test's own store through the services.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from truceline.casebooks.loader import Casebook, load_casebook
from truceline.compliance.results import UNDETERMINED_PARTY, compliance_document
from truceline.compliance.services import assess
from truceline.db import make_engine, migrate, transaction
from truceline.domain import schema
from truceline.errors import InvalidInput
from truceline.incidents.models import Claim
from truceline.incidents.services import add_claim, record_incident

END_OF_2025 = dt.date(2025, 12, 31)
PUTRAJAYA = "putrajaya-ceasefire-2025-07-28"
MINE_BAN = "apmbc-ottawa-1997"
MINE_BLAST = "2025-11-10-huai-ta-maria-landmine"
NO_ONE = "2025-12-20-unattributed-shelling"
SOURCE = "https://www.nationthailand.com/news/asean/40058014"  # any source the casebook cites


def record_unattributed_shelling(session: Session) -> None:
    """Shelling reported with no party named: no claim, no finding, no actor."""
    record_incident(
        session,
        schema.Incident(
            id=NO_ONE,
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


def claim(claimant: str, accused: str | None, *breaks: str) -> schema.Claim:
    return schema.Claim(
        claimant=claimant,
        accused=accused,
        assertion="newly_laid_mines",
        stance="accuses",
        date=dt.date(2025, 11, 12),
        summary="The claimant names the rules it says were broken.",
        sources=[SOURCE],
        breaks=list(breaks),
    )


def test_an_unattributed_breach_appears_with_its_explanation(session: Session) -> None:
    record_unattributed_shelling(session)
    found = [v for v in assess(session, END_OF_2025).violations if v.incident_id == NO_ONE]
    assert found, "shelling in December breaks the ceasefire, whoever fired"
    assert {v.party for v in found} == {None}
    assert {str(v.status) for v in found} == {"unattributed"}
    assert f"{PUTRAJAYA}/1" in {v.provision_id for v in found}
    assert all("party" in v.undetermined for v in found)
    assert all(any(line.startswith("Party undetermined") for line in v.explanation) for v in found)
    document = compliance_document(assess(session, END_OF_2025))
    assert document["parties"][-1] == UNDETERMINED_PARTY
    assert any(c["party"] == UNDETERMINED_PARTY and c["provision_id"] == f"{PUTRAJAYA}/1" for c in document["matrix"])


def test_a_claim_naming_a_provision_shows_beside_the_verdict(session: Session) -> None:
    mine_ban = f"{MINE_BAN}/Art. 1(1)(a)"
    before = [v for v in assess(session, END_OF_2025).violations if v.incident_id == MINE_BLAST]
    assert any(v.provision_id == mine_ban and v.party == "KH" for v in before)
    not_violated = f"{PUTRAJAYA}/1"
    assert not_violated not in {v.provision_id for v in before}
    row = add_claim(session, MINE_BLAST, claim("TH", "KH", mine_ban, not_violated), actor="test")
    assert session.get(Claim, row.id).breaks == [mine_ban, not_violated]
    assessment = assess(session, END_OF_2025)
    mine = {a.target: a for a in assessment.allegations if a.claim_id == row.id}
    assert mine[mine_ban].verdicts == ((mine_ban, "KH", "disputed"),)
    assert mine[mine_ban].line.endswith(f"rule-based: disputed violation of {mine_ban} by KH.")
    assert mine[not_violated].verdicts == ()
    assert "Alleged by TH against KH" in mine[not_violated].line
    assert mine[not_violated].line.endswith("no rule-based violation.")
    # as of before the claim was made, it is not there
    assert not [a for a in assess(session, dt.date(2025, 11, 11)).allegations if a.claim_id == row.id]


def test_a_claim_naming_an_unknown_agreement_or_provision_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput, match="unknown agreement 'no-such-deal'"):
        add_claim(session, MINE_BLAST, claim("TH", "KH", "no-such-deal"), actor="test")
    with pytest.raises(InvalidInput, match=f"agreement '{MINE_BAN}' has no provision 'Art. 99'"):
        add_claim(session, MINE_BLAST, claim("TH", "KH", f"{MINE_BAN}/Art. 99"), actor="test")


def test_a_claim_naming_nothing_dumps_as_before_so_reloading_changes_nothing(casebook: Casebook) -> None:
    dumped = [c.model_dump(mode="json") for i in casebook.incidents for c in i.claims]
    assert dumped and all("breaks" not in c for c in dumped)


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "truceline", "--db", f"sqlite:///{db}", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_command_shows_both_and_prints_the_one_document(tmp_path: Path, casebook: Casebook) -> None:
    db = tmp_path / "t.db"
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    with transaction(engine) as session:
        load_casebook(session, casebook, actor="test")
        record_unattributed_shelling(session)
        add_claim(session, MINE_BLAST, claim("TH", "KH", f"{PUTRAJAYA}/1"), actor="test")
    with transaction(engine) as session:
        expected = compliance_document(assess(session, END_OF_2025))
    engine.dispose()
    text = run(db, "compliance", "--as-of", "2025-12-31")
    assert text.returncode == 0, text.stderr
    assert f"{PUTRAJAYA}/1 — breach, party undetermined: 1 unattributed" in text.stdout
    assert "Allegations by the parties" in text.stdout
    assert "Alleged by TH against KH" in text.stdout and "no rule-based violation" in text.stdout
    printed = json.loads(run(db, "compliance", "--as-of", "2025-12-31", "--json").stdout)
    assert printed == json.loads(json.dumps(expected))
    only = json.loads(run(db, "compliance", "--as-of", "2025-12-31", "--party", "undetermined", "--json").stdout)
    assert only["violations"] and all(v["party"] is None for v in only["violations"])
