"""The rule language and the in-force logic, on small hand-built records."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.compliance.builders import (
    CEASEFIRE,
    MBC,
    D,
    accuses,
    agreement,
    at,
    event,
    incident,
    prohibition,
    records,
)
from truceline.compliance.evaluate import evaluate, provision_states
from truceline.compliance.records import IncidentFacts, ProvisionRule, Records
from truceline.compliance.results import NoteKind, ProvisionStatus
from truceline.vocabulary import (
    AgreementEventKind,
    IncidentKind,
    Modality,
    OnSuspension,
    ProvisionType,
    ViolationStatus,
)


def one(inc: IncidentFacts, *, provisions: tuple[ProvisionRule, ...] | None = None, **kw: object) -> Records:
    """One incident, accused by TH of being KH's act on its own date."""
    return records(
        incidents=(inc,),
        claims=(accuses(inc.id, 1, "TH", "KH", inc.date_end),),
        provisions=provisions,
        **kw,  # type: ignore[arg-type]
    )


AS_OF = D(2025, 12, 31)

# ------------------------------------------------------------------------------ rule language


def test_a_forbidden_kind_attributed_by_a_claim_is_an_alleged_violation() -> None:
    result = evaluate(one(incident("i1", D(2025, 8, 3))), AS_OF)
    assert [(v.incident_id, v.provision_id, v.agreement_id, v.party, v.status) for v in result.violations] == [
        ("i1", f"{CEASEFIRE}/1", CEASEFIRE, "KH", ViolationStatus.ALLEGED)
    ]
    v = result.violations[0]
    assert v.claim_ids == ("i1/claim-1",)
    text = "\n".join(v.explanation)
    assert "Incident i1: shelling" in text
    assert f"Provision {CEASEFIRE}/1 binds KH, TH" in text
    assert "Rule matched: shelling (carried out)" in text
    assert "In force for KH from 29 July 2025" in text
    assert "TH accuses KH" in text
    assert "Status alleged" in text


def test_a_kind_the_provision_does_not_forbid_is_no_violation() -> None:
    assert evaluate(one(incident("i1", D(2025, 8, 3), kind=IncidentKind.PROTEST)), AS_OF).violations == ()


def test_declared_acts_count_only_when_the_rule_includes_them() -> None:
    threat = incident("i1", D(2025, 8, 3), modality=Modality.DECLARED)
    assert evaluate(one(threat), AS_OF).violations == ()
    rule = prohibition(include_declared=True)
    assert len(evaluate(one(threat, provisions=(rule,)), AS_OF).violations) == 1


def test_a_provision_binds_only_its_parties() -> None:
    only_th = prohibition(binds=("TH",))
    assert evaluate(one(incident("i1", D(2025, 8, 3)), provisions=(only_th,)), AS_OF).violations == ()


def test_obligations_are_never_broken_by_incidents() -> None:
    obligation = ProvisionRule(
        id=f"{CEASEFIRE}/2",
        agreement_id=CEASEFIRE,
        number="2",
        type=ProvisionType.OBLIGATION,
        binds=("KH", "TH"),
        required_action="hold a commanders' meeting",
        deadline=D(2025, 7, 29),
    )
    result = evaluate(one(incident("i1", D(2025, 8, 3)), provisions=(obligation,)), AS_OF)
    assert result.violations == ()
    assert [p.status for p in result.provisions] == [ProvisionStatus.IN_FORCE]


def test_a_force_is_judged_as_the_state_it_belongs_to() -> None:
    inc = incident("i1", D(2025, 8, 3))
    recs = records(
        incidents=(inc,),
        claims=(accuses("i1", 1, "TH-RTA", "KH-RCAF", D(2025, 8, 3)),),
        party_of={"TH-RTA": "TH", "KH-RCAF": "KH"},
    )
    (v,) = evaluate(recs, AS_OF).violations
    assert v.party == "KH"
    assert "TH-RTA (TH) accuses KH-RCAF (KH)" in "\n".join(v.explanation)


def test_every_matching_provision_of_every_agreement_gives_a_violation() -> None:
    mine = incident("m1", D(2025, 11, 10), kind=IncidentKind.LANDMINE_EXPLOSION)
    recs = one(
        mine,
        agreements=(agreement(), agreement(MBC, effective=at(2000, 1, 1))),
        provisions=(
            prohibition(),
            prohibition("Art. 1(1)(a)", MBC, kinds=frozenset({IncidentKind.LANDMINE_EXPLOSION})),
            prohibition("2", kinds=frozenset({IncidentKind.LANDMINE_EXPLOSION, IncidentKind.SHELLING})),
        ),
    )
    assert [v.provision_id for v in evaluate(recs, AS_OF).violations] == [
        f"{MBC}/Art. 1(1)(a)",
        f"{CEASEFIRE}/2",
    ]


class FakeZones:
    def __init__(self, answer: bool | None) -> None:
        self.answer = answer
        self.asked: list[tuple[str, str]] = []

    def contains(self, zone_id: str, incident: IncidentFacts) -> bool | None:
        self.asked.append((zone_id, incident.id))
        return self.answer


@pytest.mark.parametrize(
    ("answer", "count", "undetermined", "phrase"),
    [
        (True, 1, (), "Place: the incident lies in zone border-band"),
        (False, 0, None, None),
        (None, 1, ("place",), "Place undetermined"),
    ],
)
def test_a_zoned_rule_asks_the_zone_index(
    answer: bool | None, count: int, undetermined: tuple[str, ...] | None, phrase: str | None
) -> None:
    zones = FakeZones(answer)
    recs = one(incident("i1", D(2025, 8, 3)), provisions=(prohibition(zone="border-band"),))
    result = evaluate(recs, AS_OF, zones=zones)
    assert zones.asked == [("border-band", "i1")]
    assert len(result.violations) == count
    if count:
        assert result.violations[0].undetermined == undetermined
        assert phrase in "\n".join(result.violations[0].explanation)


def test_a_zoned_rule_without_geometry_keeps_the_violation_flagged_undetermined() -> None:
    recs = one(incident("i1", D(2025, 8, 3)), provisions=(prohibition(zone="border-band"),))
    (v,) = evaluate(recs, AS_OF).violations
    assert v.undetermined == ("place",)
    assert "no zone geometry was supplied" in "\n".join(v.explanation)


# --------------------------------------------------------------------------------- in force


@pytest.mark.parametrize(
    ("start", "end", "violations"),
    [
        (D(2025, 7, 24), D(2025, 7, 28), 0),  # the July fighting, before midnight 28/29 July
        (D(2025, 7, 28), D(2025, 7, 28), 0),
        (D(2025, 7, 29), D(2025, 7, 29), 1),
        (D(2025, 7, 30), D(2025, 8, 2), 1),
    ],
)
def test_nothing_before_the_effective_time_breaks_the_ceasefire(start: dt.date, end: dt.date, violations: int) -> None:
    result = evaluate(one(incident("i1", start, end)), AS_OF)
    assert len(result.violations) == violations
    assert result.notes == ()


def test_a_date_range_straddling_the_effective_time_is_a_note_not_a_violation() -> None:
    result = evaluate(one(incident("i1", D(2025, 7, 28), D(2025, 7, 29))), AS_OF)
    assert result.violations == ()
    (note,) = result.notes
    assert note.kind == NoteKind.POSSIBLY_BEFORE_ENTRY_INTO_FORCE
    assert "straddle 29 July 2025" in note.explanation[-1]


def test_an_effective_time_at_noon_makes_that_day_uncertain() -> None:
    noon = agreement("dec", effective=at(2025, 12, 27, 12))
    rule = prohibition(agreement_id="dec")
    same_day = evaluate(one(incident("i1", D(2025, 12, 27)), agreements=(noon,), provisions=(rule,)), AS_OF)
    assert same_day.violations == ()
    assert [n.kind for n in same_day.notes] == [NoteKind.POSSIBLY_BEFORE_ENTRY_INTO_FORCE]
    next_day = evaluate(one(incident("i1", D(2025, 12, 28)), agreements=(noon,), provisions=(rule,)), AS_OF)
    assert len(next_day.violations) == 1


def test_the_provisions_own_start_and_end() -> None:
    rule = prohibition(in_force_from=at(2025, 8, 7), until=at(2025, 9, 1))
    assert evaluate(one(incident("i1", D(2025, 8, 6)), provisions=(rule,)), AS_OF).violations == ()
    assert len(evaluate(one(incident("i1", D(2025, 8, 7)), provisions=(rule,)), AS_OF).violations) == 1
    assert len(evaluate(one(incident("i1", D(2025, 8, 31)), provisions=(rule,)), AS_OF).violations) == 1
    assert evaluate(one(incident("i1", D(2025, 9, 1)), provisions=(rule,)), AS_OF).violations == ()
    straddle = evaluate(one(incident("i1", D(2025, 8, 31), D(2025, 9, 2)), provisions=(rule,)), AS_OF)
    assert [n.kind for n in straddle.notes] == [NoteKind.POSSIBLY_AFTER_END]


@pytest.mark.parametrize("kind", [AgreementEventKind.SUPERSEDED, AgreementEventKind.TERMINATED])
def test_supersession_and_termination_end_the_provisions(kind: AgreementEventKind) -> None:
    ended = agreement(events=(event(at(2025, 12, 8), kind, by="TH", superseded_by="newer"),))
    before = evaluate(one(incident("i1", D(2025, 12, 7)), agreements=(ended,)), AS_OF)
    assert len(before.violations) == 1
    assert ("superseded by newer" if kind == AgreementEventKind.SUPERSEDED else "terminated by TH") in "\n".join(
        before.violations[0].explanation
    )
    assert evaluate(one(incident("i1", D(2025, 12, 8)), agreements=(ended,)), AS_OF).violations == ()
    (state,) = provision_states(records(agreements=(ended,)), AS_OF)
    assert state.status == (
        ProvisionStatus.SUPERSEDED if kind == AgreementEventKind.SUPERSEDED else ProvisionStatus.TERMINATED
    )
    (earlier,) = provision_states(records(agreements=(ended,)), D(2025, 12, 7))
    assert earlier.status == ProvisionStatus.IN_FORCE


SUSPENDED = agreement(
    events=(
        event(at(2025, 11, 10, 12), AgreementEventKind.SUSPENDED, by="TH"),
        event(at(2025, 12, 27, 12), AgreementEventKind.RESUMED, by="TH"),
    )
)


def test_a_suspension_is_shown_on_a_provision_that_continues() -> None:
    result = evaluate(one(incident("i1", D(2025, 12, 8)), agreements=(SUSPENDED,)), AS_OF)
    (v,) = result.violations
    text = "\n".join(v.explanation)
    assert (
        "suspended by TH from 10 November 2025 at 12:00 (UTC+07:00) "
        "until resumed on 27 December 2025 at 12:00 (UTC+07:00)" in text
    )
    assert "continues during the suspension" in text


def test_a_suspension_pauses_a_provision_that_says_so_and_the_pause_is_shown() -> None:
    rule = prohibition(on_suspension=OnSuspension.PAUSES)
    during = evaluate(one(incident("i1", D(2025, 12, 8)), agreements=(SUSPENDED,), provisions=(rule,)), AS_OF)
    assert during.violations == ()
    (note,) = during.notes
    assert note.kind == NoteKind.PAUSED_BY_SUSPENSION
    assert note.party == "KH"  # TH's suspension pauses the provision for both parties it binds
    for day, expected in [(D(2025, 11, 9), 1), (D(2025, 11, 10), 0), (D(2025, 12, 27), 0), (D(2025, 12, 28), 1)]:
        result = evaluate(one(incident("i1", day), agreements=(SUSPENDED,), provisions=(rule,)), AS_OF)
        assert len(result.violations) == expected, day
    straddling = evaluate(
        one(incident("i1", D(2025, 11, 9), D(2025, 11, 11)), agreements=(SUSPENDED,), provisions=(rule,)), AS_OF
    )
    assert [n.kind for n in straddling.notes] == [NoteKind.POSSIBLY_PAUSED_BY_SUSPENSION]


def test_provision_states_show_suspensions_as_of_the_date() -> None:
    pauses = prohibition("2", on_suspension=OnSuspension.PAUSES)
    recs = records(agreements=(SUSPENDED,), provisions=(prohibition(), pauses))
    during = {s.number: s for s in provision_states(recs, D(2025, 12, 1))}
    assert during["1"].status == ProvisionStatus.IN_FORCE
    assert during["1"].suspended_by == ("TH",)
    assert any("continues during the suspension" in r for r in during["1"].reasons)
    assert during["2"].status == ProvisionStatus.PAUSED
    assert during["2"].suspended_by == ("TH",)
    after = {s.number: s for s in provision_states(recs, AS_OF)}
    assert after["2"].status == ProvisionStatus.IN_FORCE
    assert after["2"].suspended_by == ()
    assert any("until resumed" in r for r in after["2"].reasons)
    before = {s.number: s for s in provision_states(recs, D(2025, 7, 28))}
    assert before["1"].status == ProvisionStatus.NOT_YET_IN_FORCE


def test_events_after_as_of_are_not_known() -> None:
    rule = prohibition(on_suspension=OnSuspension.PAUSES)
    # the suspension is dated 10 Nov 12:00; as of 10 Nov 11:00 it has not happened
    recs = records(agreements=(SUSPENDED,), provisions=(rule,))
    (state,) = provision_states(recs, at(2025, 11, 10, 11))
    assert state.status == ProvisionStatus.IN_FORCE
    (state,) = provision_states(recs, at(2025, 11, 10, 13))
    assert state.status == ProvisionStatus.PAUSED
    # not resumed as of 1 Dec: an incident in December is paused, and the line says so
    result = evaluate(one(incident("i1", D(2025, 11, 30)), agreements=(SUSPENDED,), provisions=(rule,)), D(2025, 12, 1))
    assert "not resumed as of 1 December 2025" in "\n".join(result.notes[0].explanation)


def test_a_partys_own_entry_into_force() -> None:
    treaty = agreement(
        MBC, effective=at(1999, 3, 1), events=(event(at(2000, 1, 1), AgreementEventKind.IN_FORCE, by="KH"),)
    )
    rule = prohibition("Art. 1", MBC, kinds=frozenset({IncidentKind.LANDMINE_EXPLOSION}))
    inc = incident("m1", D(1999, 6, 1), kind=IncidentKind.LANDMINE_EXPLOSION)
    recs = records(
        agreements=(treaty,),
        provisions=(rule,),
        incidents=(inc,),
        claims=(accuses("m1", 1, "KH", "TH", D(1999, 6, 1)), accuses("m1", 2, "TH", "KH", D(1999, 6, 1))),
    )
    assert [v.party for v in evaluate(recs, AS_OF).violations] == ["TH"]


def test_naive_as_of_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        evaluate(records(), dt.datetime(2025, 12, 31, 12))
