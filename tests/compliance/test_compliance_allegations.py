"""A claim naming what it says was broken is shown beside the rule-based verdict, whatever that is."""

from __future__ import annotations

import dataclasses

from tests.compliance.builders import CEASEFIRE, D, accuses, incident, prohibition, records
from truceline.compliance.evaluate import evaluate, evaluate_naive
from truceline.compliance.records import ClaimRecord, Records
from truceline.compliance.results import compliance_document
from truceline.vocabulary import IncidentKind

AS_OF = D(2025, 12, 31)
DEC8 = D(2025, 12, 8)
STRIKES = f"{CEASEFIRE}/1"
MINES = f"{CEASEFIRE}/2"


def naming(claim: ClaimRecord, *targets: str) -> ClaimRecord:
    return dataclasses.replace(claim, breaks=targets)


def recs(*claims: ClaimRecord) -> Records:
    return records(
        provisions=(prohibition("1"), prohibition("2", kinds=frozenset({IncidentKind.LANDMINE_EXPLOSION}))),
        incidents=(incident("i1", DEC8, kind=IncidentKind.AIR_STRIKE),),
        claims=claims,
    )


def test_a_claim_naming_a_violated_provision_shows_the_verdict_beside_it() -> None:
    r = recs(naming(accuses("i1", 1, "KH", "TH", DEC8), STRIKES))
    result = evaluate(r, AS_OF)
    assert result == evaluate_naive(r, AS_OF)
    (a,) = result.allegations
    assert (a.target, a.provision_id, a.agreement_id, a.claimant, a.accused) == (
        STRIKES,
        STRIKES,
        CEASEFIRE,
        "KH",
        "TH",
    )
    assert a.known and a.verdicts == ((STRIKES, "TH", "alleged"),)
    assert a.line.startswith("Alleged by KH against TH: claim i1/claim-1")
    assert a.line.endswith(f"rule-based: alleged violation of {STRIKES} by TH.")


def test_a_provision_the_rules_do_not_find_violated_is_still_the_partys_word() -> None:
    r = recs(naming(accuses("i1", 1, "KH", "TH", DEC8), MINES, CEASEFIRE))
    by_target = {a.target: a for a in evaluate(r, AS_OF).allegations}
    assert by_target[MINES].verdicts == ()
    assert by_target[MINES].line.endswith("no rule-based violation.")
    assert "Alleged by KH against TH" in by_target[MINES].line
    # naming the agreement: any of its provisions the incident breaks
    assert by_target[CEASEFIRE].provision_id is None
    assert by_target[CEASEFIRE].verdicts == ((STRIKES, "TH", "alleged"),)


def test_the_verdict_beside_it_is_against_the_accused_party() -> None:
    r = recs(accuses("i1", 1, "TH", "KH", DEC8), naming(accuses("i1", 2, "KH", "TH", DEC8), STRIKES))
    (a,) = evaluate(r, AS_OF).allegations
    assert a.verdicts == ((STRIKES, "TH", "alleged"),)


def test_unknown_targets_and_later_claims() -> None:
    r = recs(
        naming(accuses("i1", 1, "KH", "TH", DEC8), f"{CEASEFIRE}/99"),
        naming(accuses("i1", 2, "KH", "TH", D(2025, 12, 20)), STRIKES),
    )
    (a,) = evaluate(r, D(2025, 12, 10)).allegations  # the second claim was not made yet
    assert not a.known and "no such agreement or provision" in a.line
    assert len(evaluate(r, AS_OF).allegations) == 2


def test_the_document_lists_them_and_filters_them_by_party_and_agreement() -> None:
    r = recs(naming(accuses("i1", 1, "KH", "TH", DEC8), STRIKES))
    document = compliance_document(evaluate(r, AS_OF))
    (shown,) = document["allegations"]
    assert shown["rule_based"] == [{"provision_id": STRIKES, "party": "TH", "status": "alleged"}]
    assert {"claim_id", "claimant", "accused", "incident_id", "incident_date", "made_on", "line"} <= set(shown)
    assert compliance_document(evaluate(r, AS_OF), party="KH")["allegations"]
    assert compliance_document(evaluate(r, AS_OF), party="TH")["allegations"]
    assert not compliance_document(evaluate(r, AS_OF), agreement="other")["allegations"]
    assert not compliance_document(evaluate(r, AS_OF), visible=set())["allegations"]
