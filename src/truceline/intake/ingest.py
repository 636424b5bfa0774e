"""Take a report in: store it whole and hashed, extract candidate records, queue them for review.

Ingesting the same bytes again is a no-op that says so. With ``dry_run`` nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.agreements.models import Agreement
from truceline.conflicts.services import conflict_definition
from truceline.errors import InvalidInput
from truceline.extraction.agreements import aliases_of
from truceline.extraction.candidates import REVIEWABLE_TYPES
from truceline.geo.gazetteer import Gazetteer, GazetteerPlace
from truceline.intake.review import duplicates_for, duplicates_of
from truceline.ledger.services import append
from truceline.places.models import Place
from truceline.sources.models import ReviewCandidate, SourceDocument
from truceline.sources.services import add_source_document, check_source_fields, sha256_text
from truceline.visibility import EVERYTHING, Visibility
from truceline.vocabulary import LocationPrecision, SourceKind

MAX_REPORT_CHARS = 2_000_000


@dataclass
class IngestResult:
    sha256: str
    published: dt.date
    created: bool
    dry_run: bool
    document_id: int | None
    candidates: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": {
                "id": self.document_id,
                "sha256": self.sha256,
                "published": self.published.isoformat(),
                "created": self.created,
                "dry_run": self.dry_run,
            },
            "candidates": self.candidates,
        }

    def message(self) -> str:
        if self.dry_run:
            return f"dry run: {len(self.candidates)} candidates proposed; nothing was written"
        if not self.created:
            return f"already ingested (sha256 {self.sha256[:12]}…): nothing changed"
        return f"stored source {self.document_id} and queued {len(self.candidates)} candidates for review"


def store_gazetteer(session: Session, conflict_id: str) -> Gazetteer:
    """The gazetteer of every place in the store."""
    return Gazetteer(
        GazetteerPlace(
            id=p.id,
            name=p.name,
            kind=p.kind,
            country=p.country,
            alt_names=list(p.alt_names),
            lat=p.lat,
            lon=p.lon,
            location_precision=LocationPrecision(p.location_precision),
            admin1=p.admin1,
            admin2=p.admin2,
        )
        for p in session.scalars(select(Place).where(Place.conflict_id == conflict_id).order_by(Place.id))
    )


def ingest_report(
    session: Session,
    *,
    conflict_id: str,
    text: str,
    published: dt.date,
    actor: str,
    url: str | None = None,
    publisher: str | None = None,
    title: str | None = None,
    kind: SourceKind = SourceKind.NEWS,
    dry_run: bool = False,
    submitted_for_party: str | None = None,
    visibility: Visibility = EVERYTHING,
    publish: bool = True,
) -> IngestResult:
    """Store a report and queue the records extraction proposes from it.

    The same text again returns the stored document and its candidates, if ``visibility`` lets
    the submitter see that document; otherwise (another party's unpublished report) only that it
    is stored already, by its hash: no document id, no candidates, no review history.

    ``publish=False`` (every submission from the web) stores it unpublished, and the records
    accepted from it stay unpublished until a coordinator other than the submitter publishes them.
    """
    from truceline.extraction.pipeline import extract

    if not text.strip():
        raise InvalidInput("the report is empty")
    if len(text) > MAX_REPORT_CHARS:
        raise InvalidInput(f"the report has {len(text)} characters; at most {MAX_REPORT_CHARS} are accepted")
    if "\x00" in text:
        raise InvalidInput("the report contains NUL characters: is it a binary file?")
    check_source_fields(content=text, url=url, publisher=publisher, title=title)
    digest = sha256_text(text)
    stored = session.scalars(
        select(SourceDocument).where(SourceDocument.conflict_id == conflict_id, SourceDocument.sha256 == digest)
    ).first()
    if stored is not None:
        if not visibility.sees(stored.published, stored.submitted_for_party):
            return IngestResult(sha256=digest, published=published, created=False, dry_run=dry_run, document_id=None)
        queued = session.scalars(
            select(ReviewCandidate).where(ReviewCandidate.source_id == stored.id).order_by(ReviewCandidate.id)
        )
        return IngestResult(
            sha256=digest,
            published=stored.published_on or published,
            created=False,
            dry_run=dry_run,
            document_id=stored.id,
            candidates=[candidate_record(session, c, visibility) for c in queued],
        )
    extraction = extract(
        text,
        published,
        store_gazetteer(session, conflict_id),
        conflict=conflict_definition(session, conflict_id),
        agreements=aliases_of(session.scalars(select(Agreement).where(Agreement.conflict_id == conflict_id))),
    )
    proposals = [candidate.to_dict() for candidate in extraction.candidates if candidate.type in REVIEWABLE_TYPES]
    if dry_run:
        shown = [
            p | {"possible_duplicates": duplicates_of(session, conflict_id, p["type"], p, visibility)}
            for p in proposals
        ]
        return IngestResult(digest, published, created=False, dry_run=True, document_id=None, candidates=shown)
    document, _ = add_source_document(
        session,
        conflict_id=conflict_id,
        content=text,
        kind=kind.value,
        actor=actor,
        url=url,
        publisher=publisher,
        title=title,
        published_on=published,
        submitted_for_party=submitted_for_party,
        published=publish,
    )
    rows = queue_candidates(session, document, proposals, actor=actor)
    return IngestResult(
        digest,
        published,
        created=True,
        dry_run=False,
        document_id=document.id,
        candidates=[candidate_record(session, r, visibility) for r in rows],
    )


def queue_candidates(
    session: Session,
    document: SourceDocument,
    proposals: list[dict[str, Any]],
    *,
    actor: str,
    note: dict[str, Any] | None = None,
) -> list[ReviewCandidate]:
    """Put a document's proposals in the review queue, with one ledger entry for them all
    (``note``: what else the entry should say, e.g. the channel they came by)."""
    rows = [
        ReviewCandidate(
            conflict_id=document.conflict_id,
            source_id=document.id,
            local_id=p["id"],
            type=p["type"],
            payload=p,
            status="pending",
        )
        for p in proposals
    ]
    session.add_all(rows)
    session.flush()
    append(
        session,
        actor=actor,
        action="source:review:queue",
        subject_type="source",
        subject_id=str(document.id),
        payload={"candidates": [{"id": r.id, "type": r.type, "kind": r.payload.get("kind")} for r in rows]}
        | (note or {}),
    )
    return rows


def candidate_record(
    session: Session, candidate: ReviewCandidate, visibility: Visibility = EVERYTHING
) -> dict[str, Any]:
    """A queued candidate: the proposal as extraction made it, with its review state and, for an incident, the
    incidents already in the store that may record the same event (``possible_duplicates``; never merged here)."""
    return candidate.payload | {
        "possible_duplicates": duplicates_for(session, candidate, visibility) if candidate.status == "pending" else [],
        "review_id": candidate.id,
        "source_id": candidate.source_id,
        "status": candidate.status,
        "decided_by": candidate.decided_by,
        "reason": candidate.reason,
        "result": candidate.result,
    }
