"""The verdicts alone (``verdicts``) are exactly the reference engine's verdicts, in its order.

``evaluate_naive`` is the reference: every incident × every provision. Each test compares the
columnar verdicts with the reference's violations (what, not why) and the kinds of its notes,
on hand-built edge cases, on random records, on the bundled casebook and on synthetic incidents
drawn from it as the benchmark draws them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.compliance.builders import (
    CEASEFIRE,
    MBC,
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
from tests.compliance.test_compliance_attribution import random_records
from truceline.compliance.evaluate import evaluate, evaluate_naive
from truceline.compliance.records import IncidentFacts, Records
from truceline.compliance.results import Assessment, NoteKind, party_column
from truceline.compliance.verdicts import (
    DAY_BITS,
    KIND_NUMBERS,
    KIND_SHIFT,
    MODALITY_NUMBERS,
    MODALITY_SHIFT,
    IncidentClaimsRow,
    NoteVerdict,
    Verdict,
    VerdictSet,
    columns_from_rows,
    verdicts,
)
from truceline.compliance.zones import ZoneIndex
from truceline.vocabulary import (
    AgreementEventKind,
    ClaimAssertion,
    FindingResult,
    IncidentKind,
    Modality,
    OnSuspension,
    ViolationStatus,
)

AS_OF = D(2025, 12, 31)
ROOT = Path(__file__).resolve().parents[2]


def reference(r: Records, as_of: dt.date, zones: ZoneIndex | None = None) -> Assessment:
    return evaluate_naive(r, as_of, zones=zones)


def assert_same(found: VerdictSet, ref: Assessment) -> None:
    assert list(found) == [Verdict.of(v) for v in ref.violations]
    assert found.notes == tuple(NoteVerdict.of(n) for n in ref.notes)
    assert len(found) == len(ref.violations)
    assert found.matrix_counts() == Counter(
        (v.provision_id, party_column(v.party), str(v.status)) for v in ref.violations
    )
    assert {s: n for s, n in found.status_counts().items() if n} == dict(Counter(str(v.status) for v in ref.violations))


class Lines:
    """A zone index answering per version of the line, by incident id."""

    def __init__(self, answers: Mapping[str, Mapping[str | None, bool | None]]) -> None:
        self.answers = answers

    def contains(self, zone_id: str, incident: IncidentFacts) -> bool | None:
        return self.answers[incident.id].get(None)

    def contains_by_line(self, zone_id: str, incident: IncidentFacts) -> Mapping[str | None, bool | None]:
        return self.answers[incident.id]


def edge_cases() -> Records:
    """One of each case the columns leave to the scalar engine, among plain ones."""
    paused = "paused-agreement"
    return records(
        agreements=(
            agreement(),
            agreement(MBC, effective=at(2000, 1, 1)),
            agreement(
                paused,
                effective=at(2025, 8, 1),
                events=(
                    event(at(2025, 9, 1, 12), AgreementEventKind.SUSPENDED, by="TH"),
                    event(at(2025, 9, 20), AgreementEventKind.RESUMED, by="TH"),
                ),
            ),
        ),
        provisions=(
            prohibition(),
            prohibition("1", MBC, kinds=frozenset({IncidentKind.LANDMINE_EXPLOSION})),
            prohibition("2", kinds=frozenset({IncidentKind.BUILDUP}), zone="border-band"),
            prohibition("1", paused, on_suspension=OnSuspension.PAUSES),
            prohibition("3", kinds=frozenset({IncidentKind.SHELLING}), binds=("TH",), until=at(2025, 10, 1, 6)),
        ),
        incidents=(
            incident("plain", D(2025, 8, 10)),
            incident("disputed", D(2025, 8, 11)),
            incident("straddles-start", D(2025, 7, 28), D(2025, 7, 30)),
            incident("straddles-end", D(2025, 9, 30), D(2025, 10, 2)),
            incident("in-the-pause", D(2025, 9, 5)),
            incident("straddles-the-pause", D(2025, 8, 31), D(2025, 9, 2)),
            incident("zone-inside", D(2025, 8, 12), kind=IncidentKind.BUILDUP),
            incident("zone-disputed-line", D(2025, 8, 13), kind=IncidentKind.BUILDUP),
            incident("zone-outside", D(2025, 8, 14), kind=IncidentKind.BUILDUP),
            incident("no-one-said", D(2025, 8, 15)),
            incident("no-one-said-mine", D(2025, 8, 16), kind=IncidentKind.LANDMINE_EXPLOSION),
            incident("found", D(2025, 8, 17)),
            incident("found-later", D(2025, 8, 18)),
            incident("declared", D(2025, 8, 19), modality=Modality.DECLARED),
            incident("self-defence", D(2025, 8, 20)),
            incident("future", D(2026, 1, 5)),
        ),
        claims=(
            accuses("plain", 1, "TH", "KH", D(2025, 8, 10)),
            accuses("disputed", 1, "KH", "TH-RTA", D(2025, 8, 11)),
            denies("disputed", 2, "TH", D(2025, 8, 12)),
            accuses("straddles-start", 1, "TH", "KH", D(2025, 7, 30)),
            accuses("straddles-end", 1, "KH", "TH", D(2025, 10, 2)),
            accuses("in-the-pause", 1, "KH", "TH", D(2025, 9, 5)),
            accuses("straddles-the-pause", 1, "KH", "TH", D(2025, 9, 2)),
            accuses("zone-inside", 1, "TH", "KH", D(2025, 8, 12)),
            accuses("zone-disputed-line", 1, "TH", "KH", D(2025, 8, 13)),
            accuses("zone-outside", 1, "TH", "KH", D(2025, 8, 14)),
            denies("no-one-said", 1, "KH", D(2025, 8, 16)),
            accuses("found", 1, "TH", "KH", D(2025, 8, 17)),
            accuses("found-later", 1, "TH", "KH", D(2025, 8, 18)),
            accuses("declared", 1, "TH", "KH", D(2025, 8, 19)),
            accuses("self-defence", 1, "KH", "KH", D(2025, 8, 20), assertion=ClaimAssertion.SELF_DEFENCE),
            accuses("self-defence", 2, "TH", "KH", D(2025, 8, 21)),
            accuses("future", 1, "TH", "KH", D(2026, 1, 5)),
        ),
        findings=(
            finding("f1", FindingResult.NOT_SUBSTANTIATED, D(2025, 9, 1), claim_id="found/claim-1"),
            finding("f2", FindingResult.VERIFIED, D(2026, 2, 1), claim_id="found-later/claim-1"),
        ),
        party_of={"TH-RTA": "TH"},
    )


EDGE_ZONES = Lines(
    {
        "zone-inside": {None: True},
        "zone-disputed-line": {None: True, "KH": False},
        "zone-outside": {None: False},
    }
)


@pytest.mark.parametrize("zones", [None, EDGE_ZONES], ids=["no geometry", "geometry"])
@pytest.mark.parametrize("as_of", [D(2025, 7, 29), D(2025, 9, 10), D(2025, 10, 1), AS_OF])
def test_edge_cases_give_the_references_verdicts(as_of: dt.date, zones: ZoneIndex | None) -> None:
    r = edge_cases()
    assert_same(verdicts(r, as_of, zones=zones), reference(r, as_of, zones))


def test_the_edge_cases_cover_every_outcome() -> None:
    found = verdicts(edge_cases(), AS_OF, zones=EDGE_ZONES)
    statuses = {v.status for v in found}
    assert statuses >= {
        ViolationStatus.ALLEGED,
        ViolationStatus.DISPUTED,
        ViolationStatus.NOT_SUBSTANTIATED,
        ViolationStatus.UNATTRIBUTED,
    }
    assert {v.zone_verdict for v in found} == {None, "inside", "disputed"}
    assert {n.kind for n in found.notes} >= {"possibly_before_entry_into_force", "paused_by_suspension"}
    assert "future" not in {v.incident_id for v in found}


def test_an_incident_with_no_prohibition_in_force_has_no_verdict() -> None:
    r = records(incidents=(incident("before", D(2025, 7, 1)),), claims=(accuses("before", 1, "TH", "KH", AS_OF),))
    found = verdicts(r, AS_OF)
    assert len(found) == 0 and not found.notes
    assert found.status_counts()["alleged"] == 0


def test_no_records_no_verdicts() -> None:
    assert len(verdicts(records(incidents=()), AS_OF)) == 0


def test_a_verdict_explained_by_the_engine_on_its_one_incident() -> None:
    # the why of any verdict: the engine on records holding that incident alone
    r = edge_cases()
    row = next(v for v in verdicts(r, AS_OF) if v.incident_id == "disputed")
    one = Records(
        agreements=r.agreements,
        provisions=r.provisions,
        incidents=tuple(i for i in r.incidents if i.id == row.incident_id),
        claims=tuple(c for c in r.claims if c.incident_id == row.incident_id),
        findings=r.findings,
        party_of=r.party_of,
    )
    (v,) = [v for v in evaluate(one, AS_OF).violations if v.provision_id == row.provision_id]
    assert Verdict.of(v) == row
    assert v.explanation[-1].startswith("Status disputed: TH counters the accusation")


def dates_in_question() -> Records:
    """Incidents whose dates straddle a start, an end or a pausing suspension, or fall in the
    pause; and incidents no one is said to have done against a provision in force for one party
    only, or straddling its start: no finding, so no incident needs the scalar engine."""
    paused = "paused-agreement"
    late = "in-force-later-for-one"
    return records(
        agreements=(
            dataclasses.replace(agreement(), signatories=("TH", "KH")),
            agreement(
                paused,
                effective=at(2025, 8, 1),
                events=(
                    event(at(2025, 9, 1, 12), AgreementEventKind.SUSPENDED, by="TH"),
                    event(at(2025, 9, 20), AgreementEventKind.RESUMED, by="TH"),
                ),
            ),
            dataclasses.replace(
                agreement(
                    late,
                    effective=at(2025, 8, 1),
                    events=(event(at(2025, 10, 1), AgreementEventKind.IN_FORCE, by="KH"),),
                ),
                signatories=("TH", "KH"),
            ),
        ),
        provisions=(
            prohibition(),
            prohibition("1", paused, kinds=frozenset({IncidentKind.AIR_STRIKE}), on_suspension=OnSuspension.PAUSES),
            prohibition("3", kinds=frozenset({IncidentKind.SHELLING}), binds=("TH",), until=at(2025, 10, 1, 6)),
            prohibition("1", late, kinds=frozenset({IncidentKind.DRONE_STRIKE})),
        ),
        incidents=(
            incident("straddles-start", D(2025, 7, 28), D(2025, 7, 30)),
            incident("straddles-end", D(2025, 9, 30), D(2025, 10, 2)),
            incident("in-the-pause", D(2025, 9, 5), kind=IncidentKind.AIR_STRIKE),
            incident("straddles-the-pause", D(2025, 8, 31), D(2025, 9, 2), kind=IncidentKind.AIR_STRIKE),
            incident("after-the-pause", D(2025, 9, 25), kind=IncidentKind.AIR_STRIKE),
            incident("no-one-said-straddles", D(2025, 7, 28), D(2025, 7, 30)),
            incident("no-one-said-for-one-party", D(2025, 9, 10), kind=IncidentKind.DRONE_STRIKE),
            incident("no-one-said-for-both", D(2025, 10, 10), kind=IncidentKind.DRONE_STRIKE),
            incident("no-one-said-across", D(2025, 9, 30), D(2025, 10, 2), kind=IncidentKind.DRONE_STRIKE),
            incident("for-one-party", D(2025, 9, 11), kind=IncidentKind.DRONE_STRIKE),
        ),
        claims=(
            accuses("straddles-start", 1, "TH", "KH", D(2025, 7, 30)),
            accuses("straddles-end", 1, "KH", "TH", D(2025, 10, 2)),
            accuses("in-the-pause", 1, "KH", "TH", D(2025, 9, 5)),
            accuses("straddles-the-pause", 1, "KH", "TH", D(2025, 9, 2)),
            accuses("after-the-pause", 1, "KH", "TH", D(2025, 9, 25)),
            accuses("for-one-party", 1, "KH", "TH", D(2025, 9, 11)),
            accuses("for-one-party", 2, "TH", "KH", D(2025, 9, 11)),
        ),
    )


def test_dates_in_question_are_judged_with_arrays(monkeypatch: pytest.MonkeyPatch) -> None:
    # every kind of note, and no call to the scalar engine (no incident needs it)
    r = dates_in_question()
    for as_of in (D(2025, 7, 29), D(2025, 9, 10), D(2025, 10, 1), AS_OF):
        ref = reference(r, as_of)
        with monkeypatch.context() as m:
            m.setattr("truceline.compliance.verdicts.judge", _no_scalar_engine)
            found = verdicts(r, as_of)
        assert_same(found, ref)
    assert {n.kind for n in found.notes} == set(NoteKind)
    assert {v.incident_id for v in found} >= {"after-the-pause", "no-one-said-for-both", "for-one-party"}


def _no_scalar_engine(*args: object) -> NoReturn:
    raise AssertionError("the scalar engine was called")


class SameHash(str):
    """An id whose hash every other one shares (claims are matched to incidents by their ids' hashes)."""

    def __hash__(self) -> int:
        return 7


@pytest.mark.parametrize("sharing", [{"plain"}, None], ids=["one incident and the stray", "every id"])
def test_claims_find_their_incidents_when_ids_share_a_hash(sharing: set[str] | None) -> None:
    # a claim on an incident the records lack, whose id's hash is that of an incident (or of
    # every one): each claim goes to its own incident, the stray one to none
    r = edge_cases()

    def renamed(iid: str) -> str:
        return SameHash(iid) if sharing is None or iid in sharing else iid

    shared = dataclasses.replace(
        r,
        incidents=tuple(dataclasses.replace(i, id=renamed(i.id)) for i in r.incidents),
        claims=(
            *(dataclasses.replace(c, incident_id=renamed(c.incident_id)) for c in r.claims),
            dataclasses.replace(accuses("stray", 1, "KH", "TH", D(2025, 8, 10)), incident_id=SameHash("stray")),
        ),
    )
    zones = Lines({renamed(i): answers for i, answers in EDGE_ZONES.answers.items()})
    for as_of in (D(2025, 9, 10), AS_OF):
        found = verdicts(shared, as_of, zones=zones)
        assert_same(found, reference(r, as_of, EDGE_ZONES))
    assert "stray" not in {v.incident_id for v in found}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_records(), st.integers(0, 180))
def test_random_records_give_the_references_verdicts(r: Records, day: int) -> None:
    as_of = D(2025, 7, 20) + dt.timedelta(days=day)
    assert_same(verdicts(r, as_of), reference(r, as_of))


def from_rows(r: Records, as_of: dt.date, chunk: int = 7) -> VerdictSet:
    """The verdicts on the incidents read as a store gives them to ``columns_from_rows``: an
    incident a row, its days, kind and modality in one integer, its actors and its claims made
    by ``as_of`` as JSON texts (no claims: an empty list, or ``None`` as PostgreSQL gives it)."""
    rows: list[IncidentClaimsRow] = []
    for n, i in enumerate(r.incidents):
        made = [
            [c.claimant, c.accused, c.assertion.value, c.stance.value]
            for c in r.claims
            if c.incident_id == i.id and c.made_on <= as_of
        ]
        code = (
            i.date_start.toordinal()
            + (i.date_end.toordinal() << DAY_BITS)
            + (KIND_NUMBERS[i.kind.value] << KIND_SHIFT)
            + (MODALITY_NUMBERS[i.modality.value] << MODALITY_SHIFT)
        )
        actors = json.dumps(list(i.actors)) if i.actors or n % 2 else None
        rows.append((i.id, code, actors, json.dumps(made) if made or n % 3 else None))
    incidents, claims = columns_from_rows(
        (rows[at : at + chunk] for at in range(0, len(rows), chunk)),
        as_of,
        lambda some: [r.incidents[k] for k in some],
        lambda ids: [c for c in r.claims if c.incident_id in set(ids)],
        lambda claim_ids: {c.incident_id for c in r.claims if c.id in claim_ids},
    )
    return verdicts(r, as_of, incidents=incidents, claims=claims)


def test_incidents_with_their_claims_as_rows_give_the_references_verdicts() -> None:
    r = edge_cases()
    for as_of in (D(2025, 7, 29), D(2025, 9, 10), D(2025, 10, 1), AS_OF):
        assert_same(from_rows(r, as_of), reference(r, as_of))
    assert (
        from_rows(dataclasses.replace(r, incidents=(), claims=()), AS_OF).status_counts()
        == verdicts(dataclasses.replace(r, incidents=(), claims=()), AS_OF).status_counts()
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_records(), st.integers(0, 180))
def test_random_records_as_rows_give_the_references_verdicts(r: Records, day: int) -> None:
    as_of = D(2025, 7, 20) + dt.timedelta(days=day)
    assert_same(from_rows(r, as_of), reference(r, as_of))


def _bench() -> object:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import compliance_evaluate
    finally:
        sys.path.pop(0)
    return compliance_evaluate


def test_the_casebook_gives_the_references_verdicts() -> None:
    bench = _bench()
    loaded = bench._from_casebook()  # type: ignore[attr-defined]
    if loaded is None:
        pytest.skip("the casebook is not there")
    from truceline.compliance.records import from_casebook

    book = bench._Book(bench.CASEBOOK)  # type: ignore[attr-defined]
    r = from_casebook(book)
    for as_of in (D(2025, 7, 28), D(2025, 8, 15), D(2025, 11, 12), AS_OF):
        assert_same(verdicts(r, as_of), reference(r, as_of))


def test_synthetic_incidents_give_the_references_verdicts() -> None:
    bench = _bench()
    loaded = bench._from_casebook()  # type: ignore[attr-defined]
    base, templates, first, last = loaded if loaded is not None else bench._builtin()  # type: ignore[attr-defined]
    zones = bench._zone_index(base) if loaded is not None else None  # type: ignore[attr-defined]
    r = bench.synthesize(3000, base, templates, first, last, 12)  # type: ignore[attr-defined]
    for as_of in (D(2025, 11, 12), AS_OF):
        found = verdicts(r, as_of, zones=zones)
        assert_same(found, reference(r, as_of, zones))
    assert found.status_counts()["disputed"] and found.status_counts()["unattributed"]
    assert found.notes


def test_the_matrix_counts_agree_with_the_compliance_document() -> None:
    from truceline.compliance.results import compliance_document

    r = edge_cases()
    document = compliance_document(evaluate(r, AS_OF, zones=EDGE_ZONES))
    cells = Counter(
        {
            (cell["provision_id"], cell["party"], status): n
            for cell in document["matrix"]
            for status, n in cell["counts"].items()
            if n
        }
    )
    assert verdicts(r, AS_OF, zones=EDGE_ZONES).matrix_counts() == cells
    assert CEASEFIRE
