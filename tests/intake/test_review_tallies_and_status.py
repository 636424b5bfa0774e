"""Tallies and agreement status changes go through the review queue like every other candidate:
queued at ingest, shown with their words, accepted (with edits) into the tally and agreement
event records, or refused with a reason; incident candidates carry the incidents already in the
store that may record the same event, never merged without a person's choice.

The reports are real ones of the evaluation set (tests/data/extraction/real_reports.yaml, the
development half), ingested whole with their address and publication date.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from truceline.agreements.models import AgreementEvent
from truceline.db import transaction
from truceline.errors import Conflict, InvalidInput
from truceline.incidents.models import Claim, Incident, Tally
from truceline.intake.ingest import IngestResult, candidate_record, ingest_report
from truceline.intake.review import accept_candidate, reject_candidate
from truceline.ledger.models import LedgerEntry
from truceline.sources.models import Citation, ReviewCandidate

REPORTS = Path(__file__).parent.parent / "data" / "extraction" / "real_reports.yaml"
#: "Thailand's Health Ministry says 15 Thai nationals have been killed in the conflict … as of early Friday."
TALLY_REPORT = "thkh-22-trt-jul25-banteay-ampil"
#: "… media reports indicating that Thailand has suspended the implementation of the Joint Declaration …"
SUSPENSION_REPORT = "thkh-16-ann-nov10-suspension-denial"


@cache
def report(report_id: str) -> dict[str, Any]:
    found = next(r for r in yaml.safe_load(REPORTS.read_text(encoding="utf-8"))["reports"] if r["id"] == report_id)
    assert found["split"] == "dev"
    return dict(found)


def ingest(session: Session, report_id: str, **extra: Any) -> IngestResult:
    r = report(report_id)
    return ingest_report(
        session,
        conflict_id=r["conflict"],
        text=r["excerpt"],
        published=r["published"],
        url=r["url"],
        publisher=r["outlet"],
        actor="test",
        **extra,
    )


def queued(session: Session, result: IngestResult, type_: str) -> ReviewCandidate:
    row = next(c for c in result.candidates if c["type"] == type_)
    candidate = session.get(ReviewCandidate, row["review_id"])
    assert candidate is not None
    return candidate


def test_a_running_total_is_queued_and_accepted_as_the_counters_tally(session: Session) -> None:
    result = ingest(session, TALLY_REPORT)
    candidate = queued(session, result, "tally")
    assert (candidate.payload["speaker"], candidate.payload["killed"]["best"]) == ("TH", 15)
    assert "Total counted by Thailand" in candidate.payload["text"]
    made = accept_candidate(session, candidate.id, actor="observer-1")
    assert made.startswith("tally:") and "," not in made
    tally = session.get(Tally, made.removeprefix("tally:"))
    assert tally is not None
    assert (tally.counted_by, tally.best, tally.as_of.isoformat(), tally.subject) == (
        "TH",
        15,
        "2025-07-25",
        "people killed",
    )
    citation = session.scalars(
        select(Citation).where(
            Citation.subject_type == "tally", Citation.subject_id == tally.id, Citation.source_id == candidate.source_id
        )
    ).one()
    source_text = report(TALLY_REPORT)["excerpt"]
    assert any("15 Thai nationals" in source_text[a:b] for a, b in citation.spans)
    assert session.scalars(
        select(LedgerEntry).where(LedgerEntry.action == "incident:tally:add", LedgerEntry.subject_id == tally.id)
    ).one()


def test_a_tally_is_corrected_before_it_is_recorded_and_a_wrong_counter_is_refused(session: Session) -> None:
    candidate = queued(session, ingest(session, TALLY_REPORT), "tally")
    with pytest.raises(InvalidInput, match="unknown party"):
        accept_candidate(session, candidate.id, actor="observer-1", edits={"speaker": "XX"})
    assert candidate.status == "pending"
    made = accept_candidate(
        session, candidate.id, actor="observer-1", edits={"killed.low": "15", "killed.high": "", "injured.best": "2"}
    )
    ids = made.removeprefix("tally:").split(",")
    tallies = {t.subject: (t.low, t.best, t.high) for t in (session.get(Tally, i) for i in ids) if t is not None}
    assert tallies == {"people killed": (15, 15, None), "people injured": (None, 2, None)}


def test_a_suspension_is_queued_and_one_already_recorded_is_refused(session: Session) -> None:
    candidate = queued(session, ingest(session, SUSPENSION_REPORT), "agreement_status")
    assert (candidate.payload["kind"], candidate.payload["agreement"], candidate.payload["parties"]) == (
        "suspended",
        "kl-joint-declaration-2025-10-26",
        ["TH"],
    )
    # the casebook records Thailand's suspension of 10 November; the report, of the 11th, says no day
    with pytest.raises(Conflict, match="already has a suspended event by TH on 2025-11-10"):
        accept_candidate(session, candidate.id, actor="observer-1")
    reject_candidate(session, candidate.id, reason="recorded already", actor="observer-1")
    assert candidate.status == "rejected"


def test_an_agreement_status_edited_to_another_agreement_becomes_its_event(session: Session) -> None:
    candidate = queued(session, ingest(session, SUSPENSION_REPORT), "agreement_status")
    with pytest.raises(InvalidInput, match="no agreement 'no-such-accord'"):
        accept_candidate(session, candidate.id, actor="observer-1", edits={"agreement": "no-such-accord"})
    with pytest.raises(InvalidInput, match="no agreement event kind"):
        accept_candidate(session, candidate.id, actor="observer-1", edits={"kind": "approved"})
    with pytest.raises(InvalidInput, match="announces this change"):
        accept_candidate(session, candidate.id, actor="observer-1", edits={"planned": "yes"})
    made = accept_candidate(session, candidate.id, actor="observer-1", edits={"agreement": "gbc-special-1-2025-09-10"})
    event = session.get(AgreementEvent, int(made.removeprefix("agreement_event:")))
    assert event is not None
    assert (event.agreement_id, event.kind, event.by_party) == ("gbc-special-1-2025-09-10", "suspended", "TH")
    cited = session.scalars(
        select(Citation).where(
            Citation.subject_type == "agreement_event",
            Citation.subject_id == str(event.id),
            Citation.source_id == candidate.source_id,
        )
    ).one()
    assert cited.spans, "the event cites the words that report it"


def test_a_partys_own_submission_makes_no_public_tally(session: Session) -> None:
    candidate = queued(session, ingest(session, TALLY_REPORT, submitted_for_party="TH", publish=False), "tally")
    with pytest.raises(InvalidInput, match="TH's own submission"):
        accept_candidate(session, candidate.id, actor="observer-1")


def test_an_incident_candidate_lists_the_stored_incidents_it_may_duplicate(session: Session) -> None:
    result = ingest(session, SUSPENSION_REPORT)
    mine = next(c for c in result.candidates if c["type"] == "incident")
    assert mine["kind"] == "landmine_explosion"
    # the casebook's landmine explosion of 10 November is proposed, with the reason; nothing is merged
    assert [d["incident_id"] for d in mine["possible_duplicates"]] == ["2025-11-10-huai-ta-maria-landmine"]
    assert "same kind, overlapping dates" in mine["possible_duplicates"][0]["reason"]
    candidate = session.get(ReviewCandidate, mine["review_id"])
    assert candidate is not None
    assert candidate_record(session, candidate)["possible_duplicates"] == mine["possible_duplicates"]
    with pytest.raises(Conflict, match="may already be recorded"):
        accept_candidate(session, candidate.id, actor="observer-1")
    # what other candidates carry: no duplicates (only incidents are matched)
    assert all(c["possible_duplicates"] == [] for c in result.candidates if c["type"] != "incident")


def test_an_unpublished_incident_is_not_shown_as_a_duplicate_to_another_party(session: Session) -> None:
    stored = session.get(Incident, "2025-11-10-huai-ta-maria-landmine")
    assert stored is not None
    stored.published, stored.submitted_for_party = False, "TH"
    session.flush()
    from truceline.visibility import Visibility

    kh = Visibility(published_only=True, party="KH")
    result = ingest(session, SUSPENSION_REPORT, submitted_for_party="KH", publish=False, visibility=kh)
    mine = next(c for c in result.candidates if c["type"] == "incident")
    assert mine["possible_duplicates"] == []


def test_tallies_and_statuses_are_queued_and_recorded_on_postgres(postgres_engine: Engine, casebook: Any) -> None:
    from truceline.casebooks.loader import load_casebook

    with transaction(postgres_engine) as session:
        load_casebook(session, casebook, actor="test")
        tally = queued(session, ingest(session, TALLY_REPORT), "tally")
        status = queued(session, ingest(session, SUSPENSION_REPORT), "agreement_status")
        made = accept_candidate(session, tally.id, actor="observer-1")
        event = accept_candidate(
            session, status.id, actor="observer-1", edits={"agreement": "gbc-special-1-2025-09-10"}
        )
    with transaction(postgres_engine) as session:
        assert session.get(Tally, made.removeprefix("tally:")) is not None
        assert session.get(AgreementEvent, int(event.removeprefix("agreement_event:"))) is not None


def test_an_accepted_claim_of_violating_the_ceasefire_says_which_agreement_it_breaks(session: Session) -> None:
    # "The Royal Thai Army accused Cambodia of violating the ceasefire, …" (29 July 2025)
    result = ingest(session, "thkh-34-kuna-jul29-coordination")
    claim = next(c for c in result.candidates if c["type"] == "claim" and c["agreement"])
    assert claim["agreement"] == "putrajaya-ceasefire-2025-07-28"
    incident = next(c for c in result.candidates if c["id"] == claim["incident"])
    accept_candidate(session, incident["review_id"], actor="observer-1", force_new=True)
    made = accept_candidate(session, claim["review_id"], actor="observer-1")
    stored = session.get(Claim, made.removeprefix("claim:"))
    assert stored is not None and stored.breaks == ["putrajaya-ceasefire-2025-07-28"]
