"""Attribution, competing claims, findings and statuses; determinism and the reference engine."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.compliance.builders import (
    CEASEFIRE,
    D,
    accuses,
    agreement,
    at,
    denies,
    event,
    finding,
    incident,
    prohibition,
    records,
)
from truceline.compliance.evaluate import evaluate, evaluate_naive
from truceline.compliance.records import ClaimRecord, FindingRecord, Records
from truceline.vocabulary import (
    AgreementEventKind,
    ClaimAssertion,
    ClaimStance,
    FindingResult,
    FindingState,
    IncidentKind,
    OnSuspension,
    ViolationStatus,
)

AS_OF = D(2025, 12, 31)
DEC8 = D(2025, 12, 8)


def recs(*claims: ClaimRecord, findings: tuple[FindingRecord, ...] = ()) -> Records:
    return records(incidents=(incident("i1", DEC8, kind=IncidentKind.AIR_STRIKE),), claims=claims, findings=findings)


def statuses(r: Records, as_of: dt.date = AS_OF) -> list[tuple[str, ViolationStatus]]:
    return [(v.party, v.status) for v in evaluate(r, as_of).violations]


def test_no_claim_no_finding_is_a_breach_with_the_party_undetermined() -> None:
    (v,) = evaluate(recs(), AS_OF).violations
    assert (v.party, v.status, v.undetermined) == (None, ViolationStatus.UNATTRIBUTED, ("party",))
    assert v.claim_ids == () and v.counter_claim_ids == ()
    assert any(line.startswith("Party undetermined:") for line in v.explanation)


def test_a_counter_claim_by_the_accused_party_makes_it_disputed() -> None:
    r = recs(accuses("i1", 1, "KH", "TH", DEC8), denies("i1", 2, "TH", D(2025, 12, 9)))
    (v,) = evaluate(r, AS_OF).violations
    assert (v.party, v.status) == ("TH", ViolationStatus.DISPUTED)
    assert v.claim_ids == ("i1/claim-1",)
    assert v.counter_claim_ids == ("i1/claim-2",)
    assert "Counter-claim by the accused party" in "\n".join(v.explanation)
    # before the counter-claim was made, only the allegation stood
    assert statuses(r, DEC8) == [("TH", ViolationStatus.ALLEGED)]
    # before the accusation, nothing
    assert statuses(r, D(2025, 12, 7)) == []


def test_counter_assertions_dispute_even_with_stance_accuses() -> None:
    for assertion in (
        ClaimAssertion.LEGACY_MINES,
        ClaimAssertion.SELF_DEFENCE,
        ClaimAssertion.FABRICATED,
        ClaimAssertion.FIRED_FIRST,
    ):
        counter = denies("i1", 2, "TH", DEC8, assertion=assertion, accused="KH", stance=ClaimStance.ACCUSES)
        r = recs(accuses("i1", 1, "KH", "TH", DEC8), counter)
        got = dict(statuses(r))
        assert got["TH"] == ViolationStatus.DISPUTED, assertion


def test_self_defence_does_not_attribute_the_incident_to_the_party_responded_to() -> None:
    r = recs(
        accuses("i1", 1, "KH", "TH", DEC8),
        denies("i1", 2, "TH", DEC8, assertion=ClaimAssertion.SELF_DEFENCE, accused="KH", stance=ClaimStance.ACCUSES),
    )
    assert statuses(r) == [("TH", ViolationStatus.DISPUTED)]


def test_invoking_self_defence_alone_admits_the_act() -> None:
    """A party that says it struck in self-defence acknowledges the strike: the violation is
    attributed to it by its own admission, alleged, with the justification shown and not judged."""
    admission = denies(
        "i1", 1, "TH", DEC8, assertion=ClaimAssertion.SELF_DEFENCE, accused="KH", stance=ClaimStance.ACCUSES
    )
    (v,) = evaluate(recs(admission), AS_OF).violations
    assert (v.party, v.status) == ("TH", ViolationStatus.ALLEGED)
    assert v.claim_ids == ("i1/claim-1",) and v.counter_claim_ids == ()
    assert "Admission" in "\n".join(v.explanation)
    assert "does not judge" in "\n".join(v.explanation)


def test_fired_first_both_ways_gives_two_disputed_violations() -> None:
    clash = incident("c1", DEC8, kind=IncidentKind.ARMED_CLASH)
    r = records(
        incidents=(clash,),
        claims=(
            accuses("c1", 1, "TH", "KH", DEC8, ClaimAssertion.FIRED_FIRST),
            accuses("c1", 2, "KH", "TH", DEC8, ClaimAssertion.FIRED_FIRST),
        ),
    )
    result = evaluate(r, AS_OF)
    assert [(v.party, v.status, v.claim_ids, v.counter_claim_ids) for v in result.violations] == [
        ("KH", ViolationStatus.DISPUTED, ("c1/claim-1",), ("c1/claim-2",)),
        ("TH", ViolationStatus.DISPUTED, ("c1/claim-2",), ("c1/claim-1",)),
    ]


def test_a_denial_by_a_third_party_does_not_dispute() -> None:
    r = recs(accuses("i1", 1, "KH", "TH", DEC8), denies("i1", 2, "MY", DEC8))
    assert statuses(r) == [("TH", ViolationStatus.ALLEGED)]


def test_an_admission_is_an_attribution_and_says_so() -> None:
    r = recs(accuses("i1", 1, "TH", "TH", DEC8, ClaimAssertion.RESPONSIBLE))
    (v,) = evaluate(r, AS_OF).violations
    assert v.party == "TH"
    assert "an admission" in "\n".join(v.explanation)


def test_several_accusing_claims_are_all_listed() -> None:
    r = recs(
        accuses("i1", 1, "KH", "TH", DEC8),
        accuses("i1", 2, "KH", "TH", D(2025, 12, 9), ClaimAssertion.CIVILIAN_TARGET),
    )
    (v,) = evaluate(r, AS_OF).violations
    assert v.claim_ids == ("i1/claim-1", "i1/claim-2")


# ------------------------------------------------------------------------------------ findings


def test_a_verified_finding_on_the_accusing_claim_confirms_from_its_final_date() -> None:
    claim = accuses("i1", 1, "KH", "TH", DEC8)
    f = finding("f1", FindingResult.VERIFIED, D(2025, 12, 20), claim_id=claim.id)
    r = recs(claim, denies("i1", 2, "TH", DEC8), findings=(f,))
    (v,) = evaluate(r, AS_OF).violations
    assert v.status == ViolationStatus.CONFIRMED
    assert v.finding_ids == ("f1",)
    (old,) = evaluate(r, D(2025, 12, 19)).violations
    assert old.status == ViolationStatus.DISPUTED
    assert old.finding_ids == ()
    assert "became final only on 20 December 2025" in "\n".join(old.explanation)


def test_a_not_substantiated_finding_on_the_incident_applies_to_every_party() -> None:
    f = finding("f1", FindingResult.NOT_SUBSTANTIATED, D(2025, 12, 20), incident_id="i1")
    r = recs(accuses("i1", 1, "KH", "TH", DEC8), accuses("i1", 2, "TH", "KH", DEC8), findings=(f,))
    assert statuses(r) == [("KH", ViolationStatus.NOT_SUBSTANTIATED), ("TH", ViolationStatus.NOT_SUBSTANTIATED)]


def test_a_verified_finding_on_the_incident_without_a_party_does_not_say_who_did_it() -> None:
    f = finding("f1", FindingResult.VERIFIED, D(2025, 12, 20), incident_id="i1")
    r = recs(accuses("i1", 1, "KH", "TH", DEC8), findings=(f,))
    (v,) = evaluate(r, AS_OF).violations
    assert v.status == ViolationStatus.ALLEGED
    assert v.finding_ids == ("f1",)
    assert "attributes it to no party" in "\n".join(v.explanation)


def test_a_verified_finding_naming_a_party_attributes_without_any_claim() -> None:
    f = finding("f1", FindingResult.VERIFIED, D(2025, 12, 20), incident_id="i1", party="TH")
    assert statuses(recs(findings=(f,))) == [("TH", ViolationStatus.CONFIRMED)]
    # before the finding the party was undetermined
    assert statuses(recs(findings=(f,)), D(2025, 12, 19)) == [(None, ViolationStatus.UNATTRIBUTED)]
    # a finding that exonerates does not attribute: the party stays undetermined
    g = finding("g1", FindingResult.NOT_SUBSTANTIATED, D(2025, 12, 20), incident_id="i1", party="TH")
    assert statuses(recs(findings=(g,))) == [(None, ViolationStatus.UNATTRIBUTED)]


def test_a_finding_on_another_partys_claim_does_not_touch_this_party() -> None:
    against_kh = accuses("i1", 2, "TH", "KH", DEC8)
    f = finding("f1", FindingResult.VERIFIED, D(2025, 12, 20), claim_id=against_kh.id)
    r = recs(accuses("i1", 1, "KH", "TH", DEC8), against_kh, findings=(f,))
    assert statuses(r) == [("KH", ViolationStatus.CONFIRMED), ("TH", ViolationStatus.ALLEGED)]


def test_inconclusive_drafts_and_reviews_do_not_change_the_status() -> None:
    claim = accuses("i1", 1, "KH", "TH", DEC8)
    fs = (
        finding("f1", FindingResult.INCONCLUSIVE, D(2025, 12, 20), claim_id=claim.id),
        finding("f2", FindingResult.VERIFIED, None, claim_id=claim.id, state=FindingState.DRAFT),
        finding("f3", FindingResult.VERIFIED, None, claim_id=claim.id, state=FindingState.IN_REVIEW),
        finding("f4", FindingResult.VERIFIED, D(2025, 12, 1), claim_id=claim.id, state=FindingState.WITHDRAWN),
    )
    (v,) = evaluate(recs(claim, findings=fs), AS_OF).violations
    assert v.status == ViolationStatus.ALLEGED
    assert v.finding_ids == ("f1",)
    text = "\n".join(v.explanation)
    assert "f2" not in text and "f3" not in text and "f4" not in text  # unfinished work is not published


def test_the_latest_decisive_finding_wins_and_a_same_day_conflict_is_disputed() -> None:
    claim = accuses("i1", 1, "KH", "TH", DEC8)
    early = finding("f1", FindingResult.VERIFIED, D(2025, 12, 10), claim_id=claim.id)
    late = finding("f2", FindingResult.NOT_SUBSTANTIATED, D(2025, 12, 20), incident_id="i1")
    r = recs(claim, findings=(early, late))
    assert statuses(r) == [("TH", ViolationStatus.NOT_SUBSTANTIATED)]
    assert statuses(r, D(2025, 12, 15)) == [("TH", ViolationStatus.CONFIRMED)]
    same_day = finding("f2", FindingResult.NOT_SUBSTANTIATED, D(2025, 12, 10), incident_id="i1")
    (v,) = evaluate(recs(claim, findings=(early, same_day)), AS_OF).violations
    assert v.status == ViolationStatus.DISPUTED
    assert "conflict" in v.explanation[-1]


def test_a_superseding_finding_replaces_the_old_one_from_its_final_date() -> None:
    claim = accuses("i1", 1, "KH", "TH", DEC8)
    old = finding("f1", FindingResult.VERIFIED, D(2025, 12, 10), claim_id=claim.id)
    new = finding("f2", FindingResult.INCONCLUSIVE, D(2025, 12, 20), claim_id=claim.id, supersedes="f1")
    r = recs(claim, findings=(old, new))
    (v,) = evaluate(r, AS_OF).violations
    assert v.status == ViolationStatus.ALLEGED
    assert v.finding_ids == ("f2",)
    assert "superseded by finding f2" in "\n".join(v.explanation)
    assert statuses(r, D(2025, 12, 15)) == [("TH", ViolationStatus.CONFIRMED)]


# -------------------------------------------------------------------------------- determinism


def _scenario() -> Records:
    incidents = tuple(
        incident(f"i{n}", D(2025, 7, 20) + dt.timedelta(days=(n * 3) % 170), kind=k)
        for n, k in zip(
            range(60), [IncidentKind.SHELLING, IncidentKind.ARMED_CLASH, IncidentKind.BUILDUP] * 20, strict=True
        )
    )
    claims = tuple(
        c
        for n, inc in enumerate(incidents)
        for c in (
            accuses(inc.id, 1, "TH", "KH", inc.date_start),
            denies(inc.id, 2, "KH", inc.date_start + dt.timedelta(days=n % 3)),
        )
    )
    return records(
        agreements=(agreement(events=(event(at(2025, 11, 10), AgreementEventKind.SUSPENDED, by="TH"),)),),
        provisions=(
            prohibition(),
            prohibition("2", kinds=frozenset({IncidentKind.BUILDUP}), on_suspension=OnSuspension.PAUSES),
        ),
        incidents=incidents,
        claims=claims,
        findings=(finding("f1", FindingResult.VERIFIED, D(2025, 9, 1), claim_id="i5/claim-1"),),
    )


def test_the_same_records_in_any_order_give_the_same_assessment() -> None:
    r = _scenario()
    first = evaluate(r, AS_OF)
    assert first == evaluate(r, AS_OF)
    rng = random.Random(7)
    shuffled = Records(
        agreements=r.agreements,
        provisions=tuple(rng.sample(r.provisions, len(r.provisions))),
        incidents=tuple(rng.sample(r.incidents, len(r.incidents))),
        claims=tuple(rng.sample(r.claims, len(r.claims))),
        findings=r.findings,
    )
    assert evaluate(shuffled, AS_OF) == first
    assert first.violations and first.notes


# ------------------------------------------------- the indexed engine agrees with the reference

PARTIES = ["TH", "KH", "TH-RTA"]
KINDS = [IncidentKind.SHELLING, IncidentKind.ARMED_CLASH, IncidentKind.LANDMINE_EXPLOSION, IncidentKind.BUILDUP]


@st.composite
def random_records(draw: st.DrawFn) -> Records:
    base = D(2025, 7, 20)
    n = draw(st.integers(0, 12))
    incidents = []
    claims = []
    for i in range(n):
        start = base + dt.timedelta(days=draw(st.integers(0, 160)))
        incidents.append(
            incident(
                f"i{i}", start, start + dt.timedelta(days=draw(st.integers(0, 3))), kind=draw(st.sampled_from(KINDS))
            )
        )
        for c in range(draw(st.integers(0, 3))):
            claims.append(
                ClaimRecord(
                    id=f"i{i}/claim-{c + 1}",
                    incident_id=f"i{i}",
                    claimant=draw(st.sampled_from(PARTIES)),
                    accused=draw(st.sampled_from([*PARTIES, None])),
                    assertion=draw(st.sampled_from(list(ClaimAssertion))),
                    stance=draw(st.sampled_from(list(ClaimStance))),
                    made_on=start + dt.timedelta(days=draw(st.integers(0, 40))),
                )
            )
    findings = []
    for f in range(draw(st.integers(0, 4))):
        if not incidents:
            break
        on_claim = bool(claims) and draw(st.booleans())
        findings.append(
            finding(
                f"f{f}",
                draw(st.sampled_from(list(FindingResult))),
                base + dt.timedelta(days=draw(st.integers(0, 170))),
                claim_id=draw(st.sampled_from([c.id for c in claims])) if on_claim else None,
                incident_id=None if on_claim else draw(st.sampled_from([i.id for i in incidents])),
                party=draw(st.sampled_from([None, "TH", "KH"])),
                supersedes=draw(st.sampled_from([None, "f0", "f1"])),
            )
        )
    events = tuple(
        event(
            at(2025, 8, 1) + dt.timedelta(hours=draw(st.integers(0, 24 * 150))),
            draw(
                st.sampled_from(
                    [AgreementEventKind.SUSPENDED, AgreementEventKind.RESUMED, AgreementEventKind.SUPERSEDED]
                )
            ),
            by=draw(st.sampled_from(["TH", "KH", None])),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    return records(
        agreements=(agreement(events=events), agreement("mbc", effective=at(2000, 1, 1))),
        provisions=(
            prohibition(on_suspension=draw(st.sampled_from(list(OnSuspension)))),
            prohibition("2", kinds=frozenset({IncidentKind.BUILDUP, IncidentKind.SHELLING}), until=at(2025, 10, 1, 6)),
            prohibition("1", "mbc", kinds=frozenset({IncidentKind.LANDMINE_EXPLOSION})),
        ),
        incidents=tuple(incidents),
        claims=tuple(claims),
        findings=tuple(findings),
        party_of={"TH-RTA": "TH"},
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_records(), st.integers(0, 180))
def test_the_indexed_engine_agrees_with_the_naive_reference(r: Records, day: int) -> None:
    as_of = D(2025, 7, 20) + dt.timedelta(days=day)
    assert evaluate(r, as_of) == evaluate_naive(r, as_of)
    assert evaluate(r, as_of) == evaluate(r, as_of)


def test_the_scenario_agrees_with_the_naive_reference() -> None:
    r = _scenario()
    for as_of in (D(2025, 7, 1), D(2025, 8, 1), D(2025, 11, 10), AS_OF):
        assert evaluate(r, as_of) == evaluate_naive(r, as_of)


def test_an_unknown_agreement_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError, match="unknown agreement"):
        evaluate(records(provisions=(prohibition(agreement_id="nope"),)), AS_OF)
    assert CEASEFIRE  # the default agreement id is the real one


def test_a_denial_naming_the_denying_party_as_accused_is_a_counter_claim() -> None:
    # casebooks write "KH denies, accused KH": the accusation being rebutted
    r = recs(
        accuses("i1", 1, "TH", "KH", DEC8),
        denies("i1", 2, "KH", D(2025, 12, 9), assertion=ClaimAssertion.LEGACY_MINES, accused="KH"),
    )
    (v,) = evaluate(r, AS_OF).violations
    assert (v.party, v.status, v.counter_claim_ids) == ("KH", ViolationStatus.DISPUTED, ("i1/claim-2",))
    assert "KH denies — legacy mines" in "\n".join(v.explanation)
