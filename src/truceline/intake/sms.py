"""Field reports by SMS: a message in the structured syntax (:mod:`truceline.extraction.sms`)
is stored whole as a source document (a field report, unpublished) and queued for review as one
incident candidate, never published directly. A message that does not parse writes nothing and
is answered with what is wrong; the same message again (same sender, same text) finds the report
already stored and queues nothing more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.errors import InvalidInput
from truceline.extraction.candidates import Candidate, Figure
from truceline.extraction.sms import SmsReport, SmsSyntaxError, parse_sms
from truceline.intake.ingest import queue_candidates, store_gazetteer
from truceline.sources.models import ReviewCandidate, SourceDocument
from truceline.sources.services import add_source_document, sha256_text
from truceline.vocabulary import SourceKind

#: the change log's actor for what arrives through the SMS gateway
SMS_ACTOR = "sms-gateway"
HEADER = "SMS field report"


@dataclass(frozen=True)
class SmsOutcome:
    """What became of a message: the reply to send, and what was stored (nothing when refused)."""

    reply: str
    accepted: bool
    created: bool = False
    candidate_id: int | None = None
    document_id: int | None = None


def sms_document(sender: str, text: str) -> str:
    """The source document a message is kept as: who sent it and the message as received."""
    return f"{HEADER}\nfrom: {sender}\n\n{text.strip()}\n"


def _confirmation(candidate_id: int, report: SmsReport, again: bool) -> str:
    at = f" {report.time.strftime('%H%M')}" if report.time else ""
    figures = "".join(
        f" {letter}{value}" for letter, value in (("K", report.killed), ("I", report.injured)) if value is not None
    )
    head = "OK already received" if again else "OK received"
    what = f"{report.date.isoformat()}{at} {report.place.id} {report.kind}{figures}"
    return f"{head}: report R{candidate_id} ({what}) queued for review"


def _candidate(report: SmsReport, content: str, sender: str) -> Candidate:
    start = content.index("\n\n") + 2
    figure = {
        name: Figure(low=value, best=value) if value is not None else None
        for name, value in (("killed", report.killed), ("injured", report.injured))
    }
    note = report.note or f"{report.kind.value.replace('_', ' ')} reported by SMS"
    when = f" at {report.time.strftime('%H:%M')} local time" if report.time else ""
    return Candidate(
        id="sms-1",
        type="incident",
        kind=report.kind.value,
        text=note,
        spans=((start, len(content.rstrip("\n"))),),
        rule="sms",
        date_start=report.date,
        date_end=report.date,
        date_precision="day",
        place=report.place.id,
        place_name=report.place.name,
        lat=report.place.lat,
        lon=report.place.lon,
        location_precision=str(report.place.location_precision),
        killed=figure["killed"],
        injured=figure["injured"],
        evidence=(f"sms: a structured field report from {sender}{when}",),
    )


def receive_sms(
    session: Session, *, conflict_id: str, sender: str, text: str, received: dt.date, actor: str = SMS_ACTOR
) -> SmsOutcome:
    """Queue a message's report for review, or answer what is wrong with it (writing nothing)."""
    sender = sender.strip()
    if not sender or len(sender) > 64 or any(c.isspace() for c in sender):
        raise InvalidInput("the sender must be a phone number or gateway address of 1-64 characters without spaces")
    if "\x00" in text:
        return SmsOutcome("ERROR: the message holds a NUL character", accepted=False)
    try:
        report = parse_sms(text, store_gazetteer(session, conflict_id), received=received)
    except SmsSyntaxError as exc:
        return SmsOutcome(str(exc), accepted=False)
    content = sms_document(sender, text)
    stored = session.scalars(
        select(SourceDocument).where(
            SourceDocument.conflict_id == conflict_id, SourceDocument.sha256 == sha256_text(content)
        )
    ).first()
    if stored is not None:
        queued = session.scalars(
            select(ReviewCandidate.id).where(ReviewCandidate.source_id == stored.id).order_by(ReviewCandidate.id)
        ).first()
        if queued is not None:
            return SmsOutcome(_confirmation(queued, report, True), True, False, queued, stored.id)
    document, _ = add_source_document(
        session,
        conflict_id=conflict_id,
        content=content,
        kind=SourceKind.FIELD_REPORT.value,
        actor=actor,
        title=f"SMS from {sender}",
        published_on=report.date,
        published=False,  # a coordinator publishes what is accepted from it
    )
    proposal = _candidate(report, content, sender).to_dict()
    (row,) = queue_candidates(session, document, [proposal], actor=actor, note={"channel": "sms"})
    return SmsOutcome(_confirmation(row.id, report, False), True, True, row.id, document.id)
