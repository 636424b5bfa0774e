"""Corrections, retractions and unpublications of incidents and claims on both stores: each is a new
version with who, when, why and source; the history shows every step; compliance ``known_at``
reproduces a verdict from before a correction; ``ledger verify`` stays clean."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from sqlalchemy import Engine, select, text

from tests.ledger.conftest import verify_json
from truceline.compliance.services import assess
from truceline.db import transaction, utcnow
from truceline.errors import Conflict, InvalidInput
from truceline.incidents.corrections import (
    correct_claim,
    correct_incident,
    parse_figures,
    retract_claim,
    retract_incident,
    unpublish_incident,
)
from truceline.incidents.models import Incident
from truceline.incidents.publication import publish_incident
from truceline.incidents.queries import IncidentFilter, list_incidents
from truceline.versions.models import RecordVersion
from truceline.versions.services import history, retraction_notice

MINE = "2025-07-16-chong-bok-hill-481-landmine"
FIX = "https://example.org/corrected-report"


@pytest.fixture
def loaded(casebook_engine: Engine) -> Engine:
    return casebook_engine


def violations_of(engine: Engine, incident_id: str, known_at: dt.datetime | None = None) -> list[str]:
    with transaction(engine) as session:
        found = assess(session, dt.date(2025, 12, 31), conflict_id="th-kh-2025", known_at=known_at).violations
        return sorted(f"{v.provision_id}:{v.party}:{v.status}" for v in found if v.incident_id == incident_id)


def test_every_record_written_has_a_first_version(loaded: Engine) -> None:
    with transaction(loaded) as session:
        kinds = {kind for (kind,) in session.execute(select(RecordVersion.kind).distinct())}
        first = history(session, "incident", MINE)
    assert kinds == {"incident", "claim", "source", "agreement", "provision", "commitment"}
    assert first[0]["change"] == "created" and first[0]["actor"] == "test"


def test_a_correction_retraction_and_unpublication_are_versions_in_the_history(loaded: Engine) -> None:
    before = violations_of(loaded, MINE)
    assert before, "the incident breaks a provision before its correction"
    known = utcnow()
    time.sleep(0.01)
    with transaction(loaded) as session:
        correct_incident(
            session,
            MINE,
            {"kind": "fortification", "description": "Corrected: digging of a trench."},
            reason="the first report was misread",
            source=FIX,
            actor="observer-1",
        )
    after = violations_of(loaded, MINE)
    assert after != before
    # the verdict published before the correction is reproduced from the record as known then
    assert violations_of(loaded, MINE, known_at=known) == before
    assert violations_of(loaded, MINE, known_at=utcnow()) == after

    with transaction(loaded) as session:
        unpublish_incident(session, MINE, reason="under review", actor="coordinator-1")
        assert list_incidents(session, IncidentFilter(published_only=True, conflict_id="th-kh-2025"))
        assert MINE not in {
            i.id for i in list_incidents(session, IncidentFilter(published_only=True, conflict_id="th-kh-2025"))
        }
        publish_incident(session, MINE, actor="coordinator-1", reason="reviewed")
        retract_incident(session, MINE, reason="a duplicate report", actor="coordinator-1")
        with pytest.raises(Conflict):
            retract_incident(session, MINE, reason="again", actor="coordinator-1")
        steps = history(session, "incident", MINE)
    assert [v["change"] for v in steps] == ["created", "corrected", "unpublished", "republished", "retracted"]
    corrected = steps[1]
    assert corrected["actor"] == "observer-1" and corrected["reason"] == "the first report was misread"
    assert corrected["source"] == FIX
    assert {d["field"] for d in corrected["diff"]} == {"kind", "description"}
    assert steps[-1]["diff"] == [{"field": "retracted", "before": False, "after": True}]
    assert violations_of(loaded, MINE) == []  # a retracted incident is out of compliance
    code, report = verify_json(loaded)
    assert code == 0, report


REFUSED = [
    ({"date_start": "9999-12-31"}, "in the future"),
    ({"colour": "red"}, "unknown incident field 'colour'"),
    ({"kind": "not-a-kind"}, "kind"),
    ({"date_end": "2025-01-01"}, "date_end is before date_start"),
    ({"place": "nowhere-at-all"}, "no place 'nowhere-at-all'"),
    ({}, "nothing to correct"),
]


def test_a_correction_is_validated_as_a_new_record_and_writes_nothing_when_refused(loaded: Engine) -> None:
    with transaction(loaded) as session:
        count = len(history(session, "incident", MINE))
    for values, message in REFUSED:
        with pytest.raises(InvalidInput, match=message), transaction(loaded) as session:
            correct_incident(session, MINE, values, reason="r", source=FIX, actor="x")
    with transaction(loaded) as session:
        assert len(history(session, "incident", MINE)) == count
        assert session.get(Incident, MINE).date_start == dt.date(2025, 7, 16)  # type: ignore[union-attr]


def test_claims_are_corrected_and_retracted(loaded: Engine) -> None:
    claim_id = f"{MINE}/claim-1"
    with transaction(loaded) as session:
        correct_claim(session, claim_id, {"summary": "Corrected summary."}, reason="misquoted", source=FIX, actor="x")
        retract_claim(session, claim_id, reason="the party withdrew it", actor="x")
        steps = history(session, "claim", claim_id)
        # a duplicate is retracted as superseded by the incident that records the same event
        with pytest.raises(InvalidInput, match="superseded by itself"):
            retract_incident(session, MINE, reason="dup", actor="x", superseded_by=MINE)
        duplicate = retract_incident(session, "2025-05-28-chong-bok-clash", reason="dup", actor="x", superseded_by=MINE)
        assert duplicate.superseded_by == MINE
        notice = retraction_notice(session, "incident", duplicate.id)
    assert notice["superseded_by"] == MINE and notice["reason"] == "dup"
    assert [v["change"] for v in steps] == ["created", "corrected", "retracted"]
    code, report = verify_json(loaded)
    assert code == 0, report


def figures_of(engine: Engine, incident_id: str) -> list[tuple[str, str, str, int | None, int | None, int | None]]:
    with transaction(engine) as session:
        incident = session.get(Incident, incident_id)
        assert incident is not None
        return [(f.category, f.side, f.population, f.low, f.best, f.high) for f in incident.casualties]


def test_casualty_figures_are_corrected_added_and_removed_as_versions(loaded: Engine) -> None:
    # the casebook: three Thai soldiers injured (best 3)
    assert figures_of(loaded, MINE) == [("injured", "TH", "military", None, 3, None)]
    with transaction(loaded) as session:
        correct_incident(
            session,
            MINE,
            {},
            figures=parse_figures(["injured:TH:military=3/4/6", "killed:TH:military=1"]),
            reason="a later army statement",
            source=FIX,
            actor="observer-1",
        )
    assert figures_of(loaded, MINE) == [
        ("injured", "TH", "military", 3, 4, 6),
        ("killed", "TH", "military", None, 1, None),
    ]
    with transaction(loaded) as session:
        correct_incident(
            session, MINE, {}, figures=parse_figures(["killed:TH:military="]), reason="not confirmed", source=FIX,
            actor="observer-1",
        )  # fmt: skip
        steps = history(session, "incident", MINE)
    assert figures_of(loaded, MINE) == [("injured", "TH", "military", 3, 4, 6)]
    assert steps[1]["diff"] == [
        {"field": "casualties injured:TH:military", "before": "best 3", "after": "low 3, best 4, high 6"},
        {"field": "casualties killed:TH:military", "before": None, "after": "best 1"},
    ]
    assert steps[2]["diff"] == [{"field": "casualties killed:TH:military", "before": "best 1", "after": None}]
    assert steps[1]["content"]["casualties"][0]["best"] == 4
    code, report = verify_json(loaded)
    assert code == 0, report

    # a raw SQL edit of a figure is named by verify
    with loaded.begin() as connection:
        connection.execute(
            text("UPDATE casualty_figures SET best = 40 WHERE incident_id = :id AND category = 'injured'"),
            {"id": MINE},
        )
    code, report = verify_json(loaded)
    assert code == 1 and f"incident {MINE}" in json.dumps(report)


FIGURES_REFUSED = [
    (["injured:TH:military=6/4/3"], "low <= best <= high"),
    (["wounded=3"], "category 'wounded'"),
    (["killed:XX=3"], "side 'XX'"),
    (["killed:TH:children=3"], "population 'children'"),
    (["killed=three"], "not a whole number"),
    (["killed=1/2"], "LOW/BEST/HIGH"),
    (["killed"], "CATEGORY"),
    (["killed:TH:military="], "no such figure to remove"),
    (["killed=1", "killed:unknown:unknown=2"], "given twice"),
    (["injured:TH:military=3"], "already says that"),
]


def test_a_bad_figure_is_refused_and_nothing_is_written(loaded: Engine) -> None:
    with transaction(loaded) as session:
        count = len(history(session, "incident", MINE))
    for texts, message in FIGURES_REFUSED:
        with pytest.raises(InvalidInput, match=message), transaction(loaded) as session:
            correct_incident(
                session, MINE, {"description": "Changed."} if "twice" in message else {},
                figures=parse_figures(texts), reason="r", source=FIX, actor="x",
            )  # fmt: skip
    with transaction(loaded) as session:
        assert len(history(session, "incident", MINE)) == count
    assert figures_of(loaded, MINE) == [("injured", "TH", "military", None, 3, None)]
