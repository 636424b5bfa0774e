"""Breaches no one is said to have done: a violation with the party undetermined."""

from __future__ import annotations

import dataclasses

from tests.compliance.builders import (
    CEASEFIRE,
    D,
    accuses,
    agreement,
    at,
    event,
    finding,
    incident,
    prohibition,
    records,
)
from truceline.compliance.evaluate import evaluate, evaluate_naive
from truceline.compliance.records import AgreementState, Records
from truceline.compliance.results import UNDETERMINED_PARTY, NoteKind, compliance_document
from truceline.vocabulary import AgreementEventKind, FindingResult, IncidentKind, ViolationStatus

AS_OF = D(2025, 12, 31)
DEC8 = D(2025, 12, 8)


def signed(a: AgreementState) -> AgreementState:
    return dataclasses.replace(a, signatories=("TH", "KH"))


def recs(*incidents, provisions=None, agreements=None, claims=(), findings=()) -> Records:
    return records(
        agreements=agreements or (signed(agreement()),),
        provisions=provisions,
        incidents=tuple(incidents),
        claims=claims,
        findings=findings,
    )


def both(r: Records, as_of=AS_OF):
    found = evaluate(r, as_of)
    assert found == evaluate_naive(r, as_of)
    return found


def test_an_incident_no_one_is_said_to_have_done_is_a_breach_with_the_party_undetermined() -> None:
    (v,) = both(recs(incident("i1", DEC8))).violations
    assert v.party is None
    assert v.status == ViolationStatus.UNATTRIBUTED
    assert v.undetermined == ("party",)
    text = "\n".join(v.explanation)
    assert "Party undetermined: no claim attributes the incident" in text
    assert "In force for KH" in text and "In force for TH" in text
    assert text.rstrip().endswith("Status unattributed: a breach, party undetermined.")


def test_actors_naming_a_party_leave_it_out_but_named_units_do_not() -> None:
    by_th = dataclasses.replace(incident("i1", DEC8), actors=("TH",))
    assert both(recs(by_th)).violations == ()
    unknown = dataclasses.replace(incident("i1", DEC8), actors=("unidentified gunmen",))
    assert [v.party for v in both(recs(unknown)).violations] == [None]


def test_only_provisions_binding_every_party_count() -> None:
    th_only = prohibition("2", binds=("TH",))
    found = both(recs(incident("i1", DEC8), provisions=(prohibition("1"), th_only))).violations
    assert [v.provision_id for v in found] == [f"{CEASEFIRE}/1"]


def test_kind_time_and_zone_rules_still_apply() -> None:
    # a kind the provision does not forbid; a date before it took effect
    assert both(recs(incident("i1", DEC8, kind=IncidentKind.PRISONER_RELEASE))).violations == ()
    assert both(recs(incident("i1", D(2025, 7, 27)))).violations == ()
    # a date range straddling its start: a note, with the party undetermined
    straddle = both(recs(incident("i1", D(2025, 7, 28), D(2025, 7, 29))))
    assert straddle.violations == ()
    (note,) = straddle.notes
    assert (note.party, note.kind) == (None, NoteKind.POSSIBLY_BEFORE_ENTRY_INTO_FORCE)
    # a zone that cannot be checked: kept and flagged, as for any violation
    (v,) = both(recs(incident("i1", DEC8), provisions=(prohibition(zone="border-band"),))).violations
    assert v.undetermined == ("party", "place") and v.zone_verdict == "undetermined"


def test_in_force_for_one_party_only_is_a_note_not_a_breach() -> None:
    late = signed(agreement(events=(event(at(2025, 12, 20), AgreementEventKind.IN_FORCE, by="KH"),)))
    found = both(recs(incident("i1", DEC8), agreements=(late,)))
    assert found.violations == ()
    (note,) = found.notes
    assert note.kind == NoteKind.IN_FORCE_FOR_SOME_PARTIES_ONLY and note.party is None
    assert "depends on who acted" in note.explanation[-1]


def test_a_finding_that_names_no_party_decides_whether_the_breach_took_place() -> None:
    verified = finding("f1", FindingResult.VERIFIED, D(2025, 12, 20), incident_id="i1")
    (v,) = both(recs(incident("i1", DEC8), findings=(verified,))).violations
    assert (v.party, v.status, v.finding_ids) == (None, ViolationStatus.CONFIRMED, ("f1",))
    (before,) = both(recs(incident("i1", DEC8), findings=(verified,)), D(2025, 12, 19)).violations
    assert before.status == ViolationStatus.UNATTRIBUTED
    rejected = finding("f2", FindingResult.NOT_SUBSTANTIATED, D(2025, 12, 20), incident_id="i1")
    (v,) = both(recs(incident("i1", DEC8), findings=(rejected,))).violations
    assert v.status == ViolationStatus.NOT_SUBSTANTIATED


def test_once_a_claim_attributes_it_the_party_is_no_longer_undetermined() -> None:
    r = recs(incident("i1", DEC8), claims=(accuses("i1", 1, "KH", "TH", D(2025, 12, 10)),))
    assert [(v.party, v.status) for v in both(r).violations] == [("TH", ViolationStatus.ALLEGED)]
    assert [(v.party, v.status) for v in both(r, D(2025, 12, 9)).violations] == [(None, ViolationStatus.UNATTRIBUTED)]


def test_the_matrix_counts_them_in_a_column_of_their_own() -> None:
    r = recs(incident("i1", DEC8), incident("i2", DEC8), claims=(accuses("i2", 1, "KH", "TH", DEC8),))
    document = compliance_document(both(r))
    assert document["parties"] == ["KH", "TH", UNDETERMINED_PARTY]
    cells = {(c["provision_id"], c["party"]): c for c in document["matrix"]}
    assert cells[(f"{CEASEFIRE}/1", UNDETERMINED_PARTY)]["counts"]["unattributed"] == 1
    assert cells[(f"{CEASEFIRE}/1", "TH")]["counts"]["alleged"] == 1
    only = compliance_document(both(r), party=UNDETERMINED_PARTY)
    assert [v["incident_id"] for v in only["violations"]] == ["i1"]
    assert only["violations"][0]["party"] is None
