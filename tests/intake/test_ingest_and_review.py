"""A report goes in whole and hashed; its candidates wait for a person; accepting makes records
linked to the words that support them; the same bytes again change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from truceline.agreements.models import Letter, Meeting
from truceline.db import transaction
from truceline.errors import Conflict, InvalidInput
from truceline.incidents.models import Claim, Incident
from truceline.intake.ingest import ingest_report
from truceline.intake.review import accept_candidate, list_candidates, parse_edits, reject_candidate
from truceline.ledger.models import LedgerEntry
from truceline.sources.models import Citation, ReviewCandidate, SourceDocument

SEED_PUBLISHED = dt.date(2025, 12, 22)  # Monday 22 December 2025


def counts(session: Session) -> dict[str, int]:
    return {
        m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0
        for m in (SourceDocument, ReviewCandidate, Incident, Claim, LedgerEntry)
    }


def queued(session: Session, type_: str, kind: str | None = None) -> list[ReviewCandidate]:
    return [
        c
        for c in list_candidates(session, "th-kh-2025")
        if c.type == type_ and (kind is None or c.payload["kind"] == kind)
    ]


def test_the_seed_report_is_stored_whole_and_queued(session: Session, seed_report: str) -> None:
    result = ingest_report(
        session, conflict_id="th-kh-2025", text=seed_report, published=SEED_PUBLISHED, actor="test", publisher="seed"
    )
    assert result.created
    document = session.get(SourceDocument, result.document_id)
    assert document is not None and document.content == seed_report and document.has_full_text
    kinds = {(c["type"], c["kind"]) for c in result.candidates}
    assert ("meeting", "GBC") in kinds or any(t == "meeting" for t, _ in kinds)
    assert {("incident", "air_strike"), ("incident", "shelling"), ("incident", "landmine_explosion")} <= kinds
    assert {"newly_laid_mines", "legacy_mines"} <= {c["about"] for c in result.candidates if c["type"] == "claim"}
    refs = {c["agreement"] for c in result.candidates if c["type"] == "agreement_ref"}
    assert "kl-joint-declaration-2025-10-26" in refs, "the October agreement links to the casebook's declaration"
    for candidate in result.candidates:
        for start, end in candidate["spans"]:
            assert 0 <= start < end <= len(seed_report)


def test_ingesting_the_same_bytes_again_changes_nothing(session: Session, seed_report: str) -> None:
    ingest_report(session, conflict_id="th-kh-2025", text=seed_report, published=SEED_PUBLISHED, actor="test")
    before = counts(session)
    again = ingest_report(session, conflict_id="th-kh-2025", text=seed_report, published=SEED_PUBLISHED, actor="test")
    assert not again.created
    assert "nothing changed" in again.message()
    assert counts(session) == before


def test_a_dry_run_writes_nothing(session: Session, seed_report: str) -> None:
    before = counts(session)
    result = ingest_report(
        session, conflict_id="th-kh-2025", text=seed_report, published=SEED_PUBLISHED, actor="test", dry_run=True
    )
    assert result.candidates and result.document_id is None
    assert counts(session) == before


@pytest.mark.parametrize("text", ["", "   \n", "binary\x00junk"])
def test_an_empty_or_binary_report_is_refused(session: Session, text: str) -> None:
    with pytest.raises(InvalidInput):
        ingest_report(session, conflict_id="th-kh-2025", text=text, published=SEED_PUBLISHED, actor="test")


def test_accepting_an_incident_links_it_to_its_source_and_spans(session: Session, seed_report: str) -> None:
    ingest_report(session, conflict_id="th-kh-2025", text=seed_report, published=SEED_PUBLISHED, actor="test")
    mine = queued(session, "incident", "landmine_explosion")[0]
    result = accept_candidate(session, mine.id, actor="observer-1", force_new=True)
    incident = session.get(Incident, result.removeprefix("incident:"))
    assert incident is not None and incident.kind == "landmine_explosion"
    assert incident.date_precision == "week"
    citation = session.scalars(select(Citation).where(Citation.subject_id == incident.id)).one()
    assert citation.spans and citation.spans == [list(s) for s in mine.payload["spans"]]
    assert mine.status == "accepted"


def test_a_claim_follows_its_incident(session: Session, seed_report: str) -> None:
    ingest_report(session, conflict_id="th-kh-2025", text=seed_report, published=SEED_PUBLISHED, actor="test")
    claim = queued(session, "claim")[0]
    with pytest.raises(InvalidInput, match="not accepted yet"):
        accept_candidate(session, claim.id, actor="observer-1")
    incident_candidate = next(c for c in queued(session, "incident") if c.local_id == claim.payload["incident"])
    made = accept_candidate(session, incident_candidate.id, actor="observer-1", force_new=True)
    result = accept_candidate(session, claim.id, actor="observer-1")
    stored = session.get(Claim, result.removeprefix("claim:"))
    assert stored is not None and stored.incident_id == made.removeprefix("incident:")
    assert stored.claimant == claim.payload["claimant"]


def test_a_possible_duplicate_must_be_merged_or_confirmed(session: Session, seed_report: str) -> None:
    ingest_report(session, conflict_id="th-kh-2025", text=seed_report, published=SEED_PUBLISHED, actor="test")
    strikes = queued(session, "incident", "air_strike")[0]
    with pytest.raises(Conflict, match="may already be recorded"):
        accept_candidate(session, strikes.id, actor="observer-1")
    existing = session.scalars(
        select(Incident).where(Incident.kind == "air_strike", Incident.date_start >= dt.date(2025, 12, 1))
    ).first()
    assert existing is not None
    result = accept_candidate(session, strikes.id, actor="observer-1", attach_to=existing.id)
    assert result == f"incident:{existing.id}"
    sources = session.scalars(select(Citation).where(Citation.subject_id == existing.id)).all()
    assert any(c.spans for c in sources), "the new source is attached with its supporting words"


def test_edits_correct_a_candidate_before_it_becomes_a_record(session: Session, seed_report: str) -> None:
    ingest_report(session, conflict_id="th-kh-2025", text=seed_report, published=SEED_PUBLISHED, actor="test")
    found = queued(session, "incident", "weapons_seized")[0]
    edits = parse_edits(["date_start=2025-12-10", "date_end=2025-12-12", "date_precision=days", "killed.best=0"])
    result = accept_candidate(session, found.id, actor="observer-1", edits=edits, force_new=True)
    incident = session.get(Incident, result.removeprefix("incident:"))
    assert incident is not None and incident.date_start == dt.date(2025, 12, 10) and incident.date_precision == "days"
    with pytest.raises(InvalidInput, match="no editable field 'colour'"):
        accept_candidate(session, queued(session, "incident")[0].id, actor="o", edits={"colour": "red"})
    with pytest.raises(InvalidInput, match="FIELD=VALUE"):
        parse_edits(["nonsense"])


def test_meetings_and_letters_are_recorded_as_announced(session: Session, seed_report: str) -> None:
    ingest_report(session, conflict_id="th-kh-2025", text=seed_report, published=SEED_PUBLISHED, actor="test")
    meeting = queued(session, "meeting")[0]
    made = accept_candidate(session, meeting.id, actor="observer-1")
    stored = session.get(Meeting, made.removeprefix("meeting:"))
    assert stored is not None and stored.planned and stored.date_start == dt.date(2025, 12, 24)
    letter = next(c for c in queued(session, "letter") if "ZM" in c.payload["recipients"])
    made = accept_candidate(session, letter.id, actor="observer-1", edits={"date_start": "2025-12-22"})
    stored_letter = session.get(Letter, made.removeprefix("letter:"))
    assert stored_letter is not None and stored_letter.sender == "TH" and not stored_letter.sent


def test_rejecting_needs_a_reason_and_is_final(session: Session, seed_report: str) -> None:
    ingest_report(session, conflict_id="th-kh-2025", text=seed_report, published=SEED_PUBLISHED, actor="test")
    candidate = queued(session, "statement")[0]
    with pytest.raises(InvalidInput):
        reject_candidate(session, candidate.id, reason="  ", actor="observer-1")
    reject_candidate(session, candidate.id, reason="not an incident", actor="observer-1")
    with pytest.raises(Conflict):
        accept_candidate(session, candidate.id, actor="observer-1")


def test_ingest_is_the_same_on_postgres(postgres_engine: Engine, casebook, seed_report: str) -> None:
    from truceline.casebooks.loader import load_casebook

    with transaction(postgres_engine) as session:
        load_casebook(session, casebook, actor="test")
        first = ingest_report(
            session, conflict_id="th-kh-2025", text=seed_report, published=SEED_PUBLISHED, actor="test"
        )
    with transaction(postgres_engine) as session:
        again = ingest_report(
            session, conflict_id="th-kh-2025", text=seed_report, published=SEED_PUBLISHED, actor="test"
        )
    assert first.created and not again.created
    assert len(again.candidates) == len(first.candidates)
