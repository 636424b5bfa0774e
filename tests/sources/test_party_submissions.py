"""A party's report becomes unpublished records for that party when accepted, and public only
when a coordinator publishes them; the same text ingested again tells another party nothing;
a malformed date in an edit is an error that names the field."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.conflicts.models import Conflict as ConflictRow
from truceline.errors import InvalidInput
from truceline.incidents.models import Claim, Incident
from truceline.incidents.publication import publish_incident
from truceline.intake.ingest import ingest_report
from truceline.intake.review import accept_candidate, duplicates_for, reject_candidate
from truceline.publish.queue import awaiting_publication
from truceline.sources.models import ReviewCandidate, SourceDocument
from truceline.visibility import Visibility

REPORT = (
    "TH liaison report: On 14 November 2025 Cambodian troops fired artillery at Ban Nong Chan, Sa Kaeo, "
    "killing 2 soldiers. The Thai army accused Cambodia of violating the ceasefire."
)
PUBLISHED = dt.date(2025, 11, 15)


def accept_all(session: Session, source_id: int | None) -> tuple[Incident, Claim]:
    rows = session.scalars(select(ReviewCandidate).where(ReviewCandidate.source_id == source_id))
    candidates = {c.type: c for c in rows}
    made = accept_candidate(session, candidates["incident"].id, actor="observer-1", force_new=True)
    claim = accept_candidate(session, candidates["claim"].id, actor="observer-1")
    incident = session.get(Incident, made.removeprefix("incident:"))
    stored = session.get(Claim, claim.removeprefix("claim:"))
    assert incident is not None and stored is not None
    return incident, stored


def test_a_partys_report_is_accepted_unpublished_for_that_party(session: Session) -> None:
    result = ingest_report(
        session,
        conflict_id="th-kh-2025",
        text=REPORT,
        published=PUBLISHED,
        actor="th-liaison",
        submitted_for_party="TH",
    )
    source = session.get(SourceDocument, result.document_id)
    assert source is not None and not source.published
    incident, claim = accept_all(session, result.document_id)
    assert (incident.published, incident.submitted_for_party) == (False, "TH")
    assert (claim.published, claim.submitted_for_party) == (False, "TH")

    publish_incident(session, incident.id, actor="coordinator")
    assert incident.published and claim.published and source.published
    assert (incident.submitted_for_party, claim.submitted_for_party) == ("TH", "TH"), "who submitted it is kept"


def test_an_observers_report_waits_in_the_publish_queue_after_accept(session: Session) -> None:
    result = ingest_report(session, conflict_id="th-kh-2025", text=REPORT, published=PUBLISHED, actor="observer-1")
    incident, claim = accept_all(session, result.document_id)
    assert not incident.published and not claim.published
    assert incident.submitted_for_party is None and claim.submitted_for_party is None
    assert incident.id in {w.incident.id for w in awaiting_publication(session, "th-kh-2025")}
    publish_incident(session, incident.id, actor="coordinator-1")
    assert incident.published and claim.published
    assert incident.id not in {w.incident.id for w in awaiting_publication(session, "th-kh-2025")}


def test_an_observers_report_is_published_on_accept_where_the_conflict_says_so(session: Session) -> None:
    conflict = session.get(ConflictRow, "th-kh-2025")
    assert conflict is not None
    conflict.publish_on_accept = True
    result = ingest_report(session, conflict_id="th-kh-2025", text=REPORT, published=PUBLISHED, actor="observer-1")
    incident, claim = accept_all(session, result.document_id)
    assert incident.published and claim.published


def test_the_same_text_again_tells_a_reader_who_may_not_see_it_only_that_it_is_stored(session: Session) -> None:
    first = ingest_report(
        session,
        conflict_id="th-kh-2025",
        text=REPORT,
        published=PUBLISHED,
        actor="th-liaison",
        submitted_for_party="TH",
    )
    reject_candidate(session, first.candidates[0]["review_id"], reason="unreliable", actor="observer-1")
    kh = ingest_report(
        session,
        conflict_id="th-kh-2025",
        text=REPORT,
        published=dt.date(2025, 11, 20),
        actor="kh-liaison",
        submitted_for_party="KH",
        visibility=Visibility(published_only=True, party="KH"),
    )
    assert not kh.created and kh.sha256 == first.sha256
    assert kh.document_id is None and kh.candidates == []
    assert kh.to_dict()["document"]["published"] == "2025-11-20", "not the stored document's date"

    th = ingest_report(
        session,
        conflict_id="th-kh-2025",
        text=REPORT,
        published=PUBLISHED,
        actor="th",
        visibility=Visibility(published_only=True, party="TH"),
    )
    assert th.document_id == first.document_id and len(th.candidates) == len(first.candidates)
    operator = ingest_report(session, conflict_id="th-kh-2025", text=REPORT, published=PUBLISHED, actor="cli")
    assert operator.document_id == first.document_id
    assert operator.candidates[0]["reason"] == "unreliable"


@pytest.mark.parametrize("field", ["date_start", "date_end"])
def test_a_malformed_date_in_an_edit_is_invalid_input_naming_the_field(session: Session, field: str) -> None:
    result = ingest_report(session, conflict_id="th-kh-2025", text=REPORT, published=PUBLISHED, actor="observer-1")
    incident = next(c for c in result.candidates if c["type"] == "incident")
    with pytest.raises(InvalidInput, match=f"{field} must be a date"):
        accept_candidate(session, incident["review_id"], actor="observer-1", edits={field: "2025-13-01"})
    candidate = session.get(ReviewCandidate, incident["review_id"])
    assert candidate is not None and candidate.status == "pending"


def test_possible_duplicates_of_a_candidate_with_a_malformed_date_is_invalid_input(session: Session) -> None:
    candidate = ReviewCandidate(type="incident", payload={"kind": "shelling", "date_start": "2025-02-30"}, local_id="")
    with pytest.raises(InvalidInput, match="date_start must be a date"):
        duplicates_for(session, candidate)


def test_a_reviewer_records_what_the_claim_says_was_broken(session: Session) -> None:
    result = ingest_report(session, conflict_id="th-kh-2025", text=REPORT, published=PUBLISHED, actor="observer-1")
    rows = session.scalars(select(ReviewCandidate).where(ReviewCandidate.source_id == result.document_id))
    candidates = {c.type: c for c in rows}
    accept_candidate(session, candidates["incident"].id, actor="observer-1", force_new=True)
    with pytest.raises(InvalidInput, match="unknown agreement 'no-such-deal'"):
        accept_candidate(session, candidates["claim"].id, actor="observer-1", edits={"breaks": "no-such-deal"})
    made = accept_candidate(
        session,
        candidates["claim"].id,
        actor="observer-1",
        edits={"breaks": "putrajaya-ceasefire-2025-07-28/1, kl-joint-declaration-2025-10-26"},
    )
    stored = session.get(Claim, made.removeprefix("claim:"))
    assert stored is not None
    assert stored.breaks == ["putrajaya-ceasefire-2025-07-28/1", "kl-joint-declaration-2025-10-26"]
