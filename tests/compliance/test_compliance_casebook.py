"""The engine on the real records of the bundled Thailand–Cambodia 2025 casebook.

The YAML files are parsed with the schema models directly, so these tests depend only on the
casebook files and the schema, not on the database or the loader.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from truceline.casebooks.loader import read_casebook
from truceline.compliance.evaluate import evaluate, evaluate_naive, provision_states
from truceline.compliance.records import FindingRecord, Records, ZoneRecord, from_casebook
from truceline.compliance.results import ProvisionStatus
from truceline.compliance.zones import GeometryZoneIndex
from truceline.domain import schema
from truceline.vocabulary import (
    ClaimAssertion,
    CommitmentStatus,
    FindingResult,
    FindingState,
    IncidentKind,
    LocationPrecision,
    ViolationStatus,
)

FOLDER = Path(__file__).resolve().parents[2] / "src" / "truceline" / "casebooks" / "th_kh_2025"
AS_OF = dt.date(2025, 12, 31)
PUTRAJAYA = "putrajaya-ceasefire-2025-07-28"
MBC = "apmbc-ottawa-1997"
LANDMINE_NOV_10 = "2025-11-10-huai-ta-maria-landmine"

pytestmark = pytest.mark.skipif(
    not (FOLDER / "agreements.yaml").exists() or not (FOLDER / "incidents.yaml").exists(),
    reason="the casebook's agreements.yaml and incidents.yaml are not there",
)


class Book:
    def __init__(self) -> None:
        def rows(name: str, key: str) -> list[Any]:
            path = FOLDER / name
            return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(key) or [] if path.exists() else []

        self.agreements = [schema.Agreement.model_validate(r) for r in rows("agreements.yaml", "agreements")]
        self.incidents = [schema.Incident.model_validate(r) for r in rows("incidents.yaml", "incidents")]
        self.commitments = [schema.Commitment.model_validate(r) for r in rows("commitments.yaml", "commitments")]
        self.zones = [schema.Zone.model_validate(r) for r in rows("zones.yaml", "zones")]
        self.places = [schema.Place.model_validate(r) for r in rows("places.yaml", "places")]
        self.parties = [schema.Party.model_validate(r) for r in rows("parties.yaml", "parties")]


@cache
def book() -> Book:
    return Book()


@cache
def records() -> Records:
    return from_casebook(book())


def test_the_adapter_keeps_every_record() -> None:
    r, b = records(), book()
    assert len(r.agreements) == len(b.agreements)
    assert len(r.provisions) == sum(len(a.provisions) for a in b.agreements)
    assert len(r.incidents) == len(b.incidents)
    assert len(r.claims) == sum(len(i.claims) for i in b.incidents)
    assert len({p.id for p in r.provisions}) == len(r.provisions)
    assert all(c.id.startswith(f"{c.incident_id}/claim-") for c in r.claims)
    assert r.principal("TH-RTA") == "TH"


def test_no_incident_before_the_28_july_ceasefire_took_effect_breaks_it() -> None:
    result = evaluate(records(), AS_OF)
    starts = {i.id: i.date_start for i in records().incidents}
    on_putrajaya = [v for v in result.violations if v.agreement_id == PUTRAJAYA]
    assert on_putrajaya, "the casebook's post-ceasefire fighting should break the 28 July ceasefire"
    assert all(starts[v.incident_id] >= dt.date(2025, 7, 29) for v in on_putrajaya)
    july = [i for i in records().incidents if dt.date(2025, 7, 24) <= i.date_end <= dt.date(2025, 7, 28)]
    assert july, "the casebook has the fighting of 24-28 July"
    assert not {i.id for i in july} & {v.incident_id for v in on_putrajaya}


def test_the_10_november_landmine_breaks_the_mine_ban_by_thailands_claim_disputed_by_cambodia() -> None:
    result = evaluate(records(), AS_OF)
    (v,) = [v for v in result.violations if v.incident_id == LANDMINE_NOV_10 and v.agreement_id == MBC]
    assert v.provision_id.startswith(f"{MBC}/Art. 1")
    assert v.party == "KH"
    claims = {c.id: c for c in records().claims}
    assert [claims[c].claimant for c in v.claim_ids] == ["TH"]
    assert [claims[c].claimant for c in v.counter_claim_ids] == ["KH"]
    assert v.status == ViolationStatus.DISPUTED
    # before Cambodia answered, Thailand's claim stood alone
    (before,) = [v for v in evaluate(records(), dt.date(2025, 11, 10)).violations if v.incident_id == LANDMINE_NOV_10]
    assert before.status == ViolationStatus.ALLEGED


def test_the_december_air_strikes_and_rocket_attacks_break_the_ceasefire_by_the_other_sides_claims() -> None:
    result = evaluate(records(), AS_OF)
    claims = {c.id: c for c in records().claims}
    kinds = {i.id: i.kind for i in records().incidents}
    december = [v for v in result.violations if v.incident_date and v.incident_date >= dt.date(2025, 12, 1)]
    air = [v for v in december if kinds[v.incident_id] == IncidentKind.AIR_STRIKE]
    rockets = [v for v in december if kinds[v.incident_id] == IncidentKind.SHELLING]
    assert {v.party for v in air} >= {"TH"}
    assert {v.party for v in rockets} >= {"KH"}
    for v in air + rockets:
        by_other_side = any(claims[c].claimant != v.party for c in v.claim_ids)
        admitted = any(
            claims[c].claimant == v.party and claims[c].assertion == ClaimAssertion.SELF_DEFENCE for c in v.claim_ids
        )
        assert by_other_side or admitted, v
    assert any(any(claims[c].claimant != v.party for c in v.claim_ids) for v in air)
    assert any(any(claims[c].claimant != v.party for c in v.claim_ids) for v in rockets)
    in_force = {s.provision_id for s in provision_states(records(), AS_OF) if s.status == ProvisionStatus.IN_FORCE}
    assert all(v.provision_id in in_force for v in air + rockets if v.agreement_id == PUTRAJAYA)


def test_the_18_soldiers_suspended_in_november_and_released_at_the_end_of_december() -> None:
    (c,) = [c for c in records().commitments if c.id == "release-18-cambodian-soldiers"]
    from truceline.compliance.commitments import commitment_status

    nov = commitment_status(c, dt.date(2025, 11, 15))
    assert nov.status == CommitmentStatus.SUSPENDED
    end = commitment_status(c, AS_OF)
    assert end.status == CommitmentStatus.MET
    kinds = [(e.date.month, e.kind) for e in end.decided_by]
    assert (11, "suspended") in kinds and (12, "met") in kinds
    assert any(a.id == c.id and a.status == CommitmentStatus.MET for a in evaluate(records(), AS_OF).commitments)


def test_suspensions_show_on_the_provisions() -> None:
    states = {s.provision_id: s for s in provision_states(records(), dt.date(2025, 12, 1))}
    paused = [s for s in states.values() if s.status == ProvisionStatus.PAUSED]
    assert paused and all("TH" in s.suspended_by for s in paused)
    continuing = [s for s in states.values() if s.suspended_by and s.status == ProvisionStatus.IN_FORCE]
    assert continuing and all(any("continues" in r for r in s.reasons) for s in continuing)


def test_a_finding_on_a_claim_changes_the_status_from_its_date_on() -> None:
    r = records()
    (claim,) = [c for c in r.claims if c.incident_id == LANDMINE_NOV_10 and c.claimant == "TH"]
    f = FindingRecord(
        id="aot-1",
        result=FindingResult.VERIFIED,
        state=FindingState.FINAL,
        claim_id=claim.id,
        final_on=dt.date(2025, 11, 20),
        reasoning="ASEAN observers found fresh PMN-2 mines",
    )
    with_finding = Records(**{**{k: getattr(r, k) for k in r.__slots__}, "findings": (f,)})  # type: ignore[attr-defined]

    def status(as_of: dt.date) -> ViolationStatus:
        (v,) = [
            v
            for v in evaluate(with_finding, as_of).violations
            if v.incident_id == LANDMINE_NOV_10 and v.agreement_id == MBC
        ]
        return v.status

    assert status(AS_OF) == ViolationStatus.CONFIRMED
    assert status(dt.date(2025, 11, 19)) == ViolationStatus.DISPUTED


@pytest.mark.parametrize("as_of", [dt.date(2025, 7, 28), dt.date(2025, 8, 15), dt.date(2025, 11, 12), AS_OF])
def test_the_indexed_engine_agrees_with_the_naive_one_on_the_casebook(as_of: dt.date) -> None:
    assert evaluate(records(), as_of) == evaluate_naive(records(), as_of)


def test_zoned_provisions_with_the_real_geometry() -> None:
    zones_mod = pytest.importorskip("truceline.geo.zones")
    places = {p.id: p for p in book().places}
    geography = read_casebook(FOLDER).geography()
    geometries = {}
    for z in records().zones:
        try:
            geometries[z.id] = zones_mod.zone_geometry(z, geography, places)
        except ValueError:
            continue
    zone_records: dict[str, ZoneRecord] = {z.id: z for z in records().zones}
    index = GeometryZoneIndex(geometries, zones_mod.zone_contains, zone_records)
    zoned = {p.id for p in records().provisions if p.zone_id is not None}
    assert zoned, "the casebook has zoned provisions (no build-up within the border band)"
    result = evaluate(records(), AS_OF, zones=index)
    for v in result.violations:
        if v.provision_id in zoned:
            assert any(line.startswith(("Place:", "Place undetermined")) for line in v.explanation)
    # a point right at a site's gazetteer place is in the site's area; one 100 km away is not
    site = next(z for z in book().zones if z.kind == "site_area" and z.place in places and places[z.place].lat)
    anchor = places[site.place]
    from truceline.compliance.records import IncidentFacts

    here = IncidentFacts(
        "x", IncidentKind.BUILDUP, dt.date(2025, 9, 1), dt.date(2025, 9, 1), lat=anchor.lat, lon=anchor.lon,
        location_precision=LocationPrecision.EXACT,
    )  # fmt: skip
    far = IncidentFacts(
        "y", IncidentKind.BUILDUP, dt.date(2025, 9, 1), dt.date(2025, 9, 1), lat=(anchor.lat or 0) + 0.9,
        lon=anchor.lon, location_precision=LocationPrecision.EXACT,
    )  # fmt: skip
    coarse = IncidentFacts(
        "z", IncidentKind.BUILDUP, dt.date(2025, 9, 1), dt.date(2025, 9, 1), lat=anchor.lat, lon=anchor.lon,
        location_precision=LocationPrecision.PROVINCE,
    )  # fmt: skip
    assert index.contains(site.id, here) is True
    assert index.contains(site.id, far) is False
    assert index.contains(site.id, coarse) is None  # a province-level point cannot be placed in a 2 km disc
    assert index.contains("no-such-zone", here) is None
