"""A zone the parties draw differently: each version of the line is asked, and a disagreement is
shown, never settled."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from tests.compliance.builders import D, accuses, incident, prohibition, records
from truceline.compliance.evaluate import evaluate, evaluate_naive
from truceline.compliance.records import IncidentFacts, Records
from truceline.compliance.results import compliance_document
from truceline.compliance.zones import GeometryZoneIndex, answers_by_line
from truceline.vocabulary import IncidentKind, ViolationStatus

shapely = pytest.importorskip("shapely")
geo = pytest.importorskip("truceline.geo.zones")

ZONE = "band"
DEC8 = D(2025, 12, 8)
AS_OF = D(2025, 12, 31)
# two versions of one band: each party draws it 0.1° further on the other's side
TH_VERSION = shapely.box(103.0, 14.0, 103.2, 14.2)
KH_VERSION = shapely.box(103.1, 14.0, 103.3, 14.2)


def at(id: str, lon: float) -> IncidentFacts:
    base = incident(id, DEC8, kind=IncidentKind.BUILDUP, lat=14.1, lon=lon)
    return IncidentFacts(**{**{k: getattr(base, k) for k in base.__slots__}, "location_precision": "exact"})  # type: ignore[attr-defined]


def index(versions: Mapping[str | None, object]) -> GeometryZoneIndex:
    return GeometryZoneIndex({}, geo.zone_contains, versions={ZONE: versions})


def recs(*incidents: IncidentFacts) -> Records:
    return records(
        provisions=(prohibition(kinds=frozenset({IncidentKind.BUILDUP}), zone=ZONE),),
        incidents=incidents,
        claims=tuple(accuses(i.id, 1, "KH", "TH", DEC8) for i in incidents),
    )


def test_the_index_answers_for_every_version_of_the_line() -> None:
    two = index({"TH": TH_VERSION, "KH": KH_VERSION})
    assert answers_by_line(two, ZONE, at("west", 103.05)) == {"KH": False, "TH": True}
    assert answers_by_line(two, ZONE, at("middle", 103.15)) == {"KH": True, "TH": True}
    assert two.contains(ZONE, at("middle", 103.15)) is True
    assert two.contains(ZONE, at("west", 103.05)) is None  # the versions disagree, no agreed line
    # one geometry: a single version, the agreed line
    one = GeometryZoneIndex({ZONE: TH_VERSION}, geo.zone_contains)
    assert answers_by_line(one, ZONE, at("west", 103.05)) == {None: True}
    assert one.contains_by_line(ZONE, at("east", 103.25)) == {None: False}


def test_an_index_with_contains_only_is_one_version() -> None:
    class Plain:
        def contains(self, zone_id: str, incident: IncidentFacts) -> bool | None:
            return True

    assert answers_by_line(Plain(), ZONE, at("x", 103.0)) == {None: True}
    (v,) = evaluate(recs(at("x", 103.0)), AS_OF, zones=Plain()).violations
    assert v.zone_verdict == "inside" and v.zone_by_line == () and v.undetermined == ()


def test_where_the_lines_disagree_the_violation_is_kept_flagged_and_says_so() -> None:
    zones = index({"TH": TH_VERSION, "KH": KH_VERSION})
    r = recs(at("west", 103.05), at("middle", 103.15), at("far", 103.5))
    result = evaluate(r, AS_OF, zones=zones)
    assert result == evaluate_naive(r, AS_OF, zones=zones)
    by_incident = {v.incident_id: v for v in result.violations}
    assert set(by_incident) == {"west", "middle"}  # outside every version: no violation
    west = by_incident["west"]
    assert west.status == ViolationStatus.ALLEGED  # the claims' status is untouched
    assert west.zone_verdict == "disputed"
    assert west.undetermined == ("place",)
    assert dict(west.zone_by_line) == {"KH": False, "TH": True}
    (line,) = [line for line in west.explanation if line.startswith("Place disputed")]
    assert "outside zone band under KH's version of the line, inside it under TH's" in line
    assert "does not pick" in line
    middle = by_incident["middle"]
    assert (middle.zone_verdict, middle.zone_by_line, middle.undetermined) == ("inside", (), ())
    document = compliance_document(result)
    (shown,) = [v for v in document["violations"] if v["incident_id"] == "west"]
    assert shown["zone_by_line"] == [{"line": "KH", "inside": False}, {"line": "TH", "inside": True}]


def test_the_agreed_line_is_named_first() -> None:
    zones = index({None: KH_VERSION, "TH": TH_VERSION})
    (v,) = evaluate(recs(at("west", 103.05)), AS_OF, zones=zones).violations
    assert v.zone_by_line == ((None, False), ("TH", True))
    assert any(
        "outside zone band under the agreed line, inside it under TH's version of the line" in line
        for line in v.explanation
    )


def test_undetermined_under_one_line_and_inside_under_the_other_is_a_disagreement() -> None:
    class Versions:
        def contains(self, zone_id: str, incident: IncidentFacts) -> bool | None:
            return None

        def contains_by_line(self, zone_id: str, incident: IncidentFacts) -> dict[str | None, bool | None]:
            return {"TH": None, "KH": True}

    (v,) = evaluate(recs(at("x", 103.0)), AS_OF, zones=Versions()).violations
    assert v.zone_verdict == "disputed" and v.undetermined == ("place",)
    assert any("inside zone band under KH's version of the line, not placeable in it under TH's" in line
               for line in v.explanation)  # fmt: skip
