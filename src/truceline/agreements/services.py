"""Writes for agreements, provisions, commitments, meetings, letters, statements and treaties. Callers commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from truceline.agreements.models import (
    Agreement,
    AgreementEvent,
    Commitment,
    CommitmentEvent,
    Letter,
    Meeting,
    Provision,
    Statement,
    Treaty,
)
from truceline.domain import schema
from truceline.errors import Conflict, NotFound
from truceline.ledger.services import append
from truceline.sources.services import cite_all
from truceline.versions.services import Change, append_with_versions


def _first(sources: list[str]) -> str | None:
    return sources[0] if sources else None


def provision_id(agreement_id: str, number: str) -> str:
    return f"{agreement_id}/{number}"


def provision_rule(provision: schema.Provision) -> dict[str, Any]:
    """The checkable part of a provision, stored as the casebook writes it."""
    rule: dict[str, Any] = {"in_force": provision.in_force.model_dump(mode="json", by_alias=True)}
    if provision.forbids is not None:
        rule["forbids"] = provision.forbids.model_dump(mode="json")
    if provision.requires is not None:
        rule["requires"] = provision.requires.model_dump(mode="json")
    return rule


def add_agreement(session: Session, agreement: schema.Agreement, *, conflict_id: str, actor: str) -> Agreement:
    """An agreement with its provisions and status events, in one write."""
    if session.get(Agreement, agreement.id) is not None:
        raise Conflict(f"agreement {agreement.id} exists already")
    row = Agreement(
        conflict_id=conflict_id,
        id=agreement.id,
        title=agreement.title,
        kind=agreement.kind.value,
        signed_on=agreement.signed_on,
        signed_at=agreement.signed_at,
        signatories=list(agreement.signatories),
        witnesses=list(agreement.witnesses),
        effective_from=agreement.effective_from,
        summary=agreement.summary,
        aliases=list(agreement.aliases),
    )
    session.add(row)
    for position, provision in enumerate(agreement.provisions):
        pid = provision_id(agreement.id, provision.number)
        row.provisions.append(
            Provision(
                id=pid,
                number=provision.number,
                position=position,
                type=provision.type.value,
                summary=provision.summary,
                binds=list(provision.binds),
                rule=provision_rule(provision),
            )
        )
    session.flush()
    cite_all(
        session,
        conflict_id=conflict_id,
        subject_type="agreement",
        subject_id=agreement.id,
        references=list(agreement.sources),
    )
    for provision in agreement.provisions:
        cite_all(
            session,
            conflict_id=conflict_id,
            subject_type="provision",
            subject_id=provision_id(agreement.id, provision.number),
            references=list(provision.sources),
        )
    append_with_versions(
        session,
        actor=actor,
        action="agreement:agreement:add",
        subject_type="agreement",
        subject_id=agreement.id,
        payload=agreement.model_dump(mode="json", exclude={"events"}, by_alias=True),
        changes=[Change("agreement", row), *(Change("provision", p) for p in row.provisions)],
    )
    for event in agreement.events:
        record_agreement_event(session, agreement.id, event, actor=actor)
    return row


def record_agreement_event(
    session: Session, agreement_id: str, event: schema.AgreementEvent, *, actor: str
) -> AgreementEvent:
    """A dated change in an agreement's status: suspended by a party, resumed, superseded …"""
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        raise NotFound(f"no agreement {agreement_id!r}")
    row = AgreementEvent(
        agreement_id=agreement_id,
        date=event.date,
        kind=event.kind.value,
        by_party=event.by,
        superseded_by=event.superseded_by,
        note=event.note,
    )
    session.add(row)
    session.flush()
    cite_all(
        session,
        conflict_id=agreement.conflict_id,
        subject_type="agreement_event",
        subject_id=str(row.id),
        references=list(event.sources),
    )
    append_with_versions(
        session,
        actor=actor,
        action=f"agreement:status:{event.kind.value}",
        subject_type="agreement",
        subject_id=agreement_id,
        payload=event.model_dump(mode="json"),
        changes=[Change("agreement", agreement, "event", f"status: {event.kind.value}", _first(event.sources))],
    )
    return row


def add_commitment(session: Session, commitment: schema.Commitment, *, conflict_id: str, actor: str) -> Commitment:
    if session.get(Commitment, commitment.id) is not None:
        raise Conflict(f"commitment {commitment.id} exists already")
    if session.get(Agreement, commitment.agreement) is None:
        raise NotFound(f"commitment {commitment.id}: no agreement {commitment.agreement!r}")
    pid = provision_id(commitment.agreement, commitment.provision) if commitment.provision else None
    if pid is not None and session.get(Provision, pid) is None:
        raise NotFound(f"commitment {commitment.id}: no provision {pid!r}")
    row = Commitment(
        conflict_id=conflict_id,
        id=commitment.id,
        agreement_id=commitment.agreement,
        provision_id=pid,
        title=commitment.title,
        responsible=list(commitment.responsible),
        deadline=commitment.deadline,
    )
    session.add(row)
    session.flush()
    cite_all(
        session,
        conflict_id=conflict_id,
        subject_type="commitment",
        subject_id=commitment.id,
        references=list(commitment.sources),
    )
    append_with_versions(
        session,
        actor=actor,
        action="agreement:commitment:add",
        subject_type="commitment",
        subject_id=commitment.id,
        payload=commitment.model_dump(mode="json", exclude={"events"}),
        changes=[Change("commitment", row)],
    )
    for event in commitment.events:
        record_commitment_event(session, commitment.id, event, actor=actor)
    return row


def record_commitment_event(
    session: Session, commitment_id: str, event: schema.CommitmentEvent, *, actor: str
) -> CommitmentEvent:
    commitment = session.get(Commitment, commitment_id)
    if commitment is None:
        raise NotFound(f"no commitment {commitment_id!r}")
    row = CommitmentEvent(
        commitment_id=commitment_id,
        date=event.date,
        kind=event.kind.value,
        by_party=event.by,
        new_deadline=event.new_deadline,
        note=event.note,
    )
    session.add(row)
    session.flush()
    cite_all(
        session,
        conflict_id=commitment.conflict_id,
        subject_type="commitment_event",
        subject_id=str(row.id),
        references=list(event.sources),
    )
    append_with_versions(
        session,
        actor=actor,
        action=f"agreement:commitment:{event.kind.value}",
        subject_type="commitment",
        subject_id=commitment_id,
        payload=event.model_dump(mode="json"),
        changes=[Change("commitment", commitment, "event", f"event: {event.kind.value}", _first(event.sources))],
    )
    return row


def record_meeting(
    session: Session,
    meeting: schema.Meeting,
    *,
    conflict_id: str,
    actor: str,
    planned: bool = False,
    submitted_for_party: str | None = None,
) -> Meeting:
    """A meeting; one recorded for a party (its submission) stays unpublished until published."""
    if session.get(Meeting, meeting.id) is not None:
        raise Conflict(f"meeting {meeting.id} exists already")
    row = Meeting(
        conflict_id=conflict_id,
        id=meeting.id,
        body=meeting.body,
        title=meeting.title,
        date_start=meeting.date_start,
        date_end=meeting.date_end,
        place_name=meeting.place_name,
        chairs=list(meeting.chairs),
        observers=list(meeting.observers),
        agenda=list(meeting.agenda),
        outcome=meeting.outcome,
        agreement_id=meeting.agreement,
        planned=planned,
        published=submitted_for_party is None,
        submitted_for_party=submitted_for_party,
    )
    session.add(row)
    session.flush()
    cite_all(
        session,
        conflict_id=conflict_id,
        subject_type="meeting",
        subject_id=meeting.id,
        references=list(meeting.sources),
    )
    append(
        session,
        actor=actor,
        action="agreement:meeting:add",
        subject_type="meeting",
        subject_id=meeting.id,
        payload=meeting.model_dump(mode="json") | {"planned": planned, "submitted_for_party": submitted_for_party},
    )
    return row


def record_letter(
    session: Session,
    letter: schema.Letter,
    *,
    conflict_id: str,
    actor: str,
    submitted_for_party: str | None = None,
) -> Letter:
    """A letter; one recorded by a party (its own letter) stays unpublished until published."""
    if session.get(Letter, letter.id) is not None:
        raise Conflict(f"letter {letter.id} exists already")
    row = Letter(
        conflict_id=conflict_id,
        id=letter.id,
        kind=letter.kind.value,
        sender=letter.sender,
        recipients=list(letter.recipients),
        date=letter.date,
        date_precision=letter.date_precision.value,
        subject=letter.subject,
        summary=letter.summary,
        incident_ids=list(letter.incidents),
        sent=letter.sent,
        published=submitted_for_party is None,
        submitted_for_party=submitted_for_party,
    )
    session.add(row)
    session.flush()
    cite_all(
        session, conflict_id=conflict_id, subject_type="letter", subject_id=letter.id, references=list(letter.sources)
    )
    append(
        session,
        actor=actor,
        action="agreement:letter:add",
        subject_type="letter",
        subject_id=letter.id,
        payload=letter.model_dump(mode="json") | {"submitted_for_party": submitted_for_party},
    )
    return row


def record_statement(
    session: Session,
    statement: schema.Statement,
    *,
    conflict_id: str,
    actor: str,
    submitted_for_party: str | None = None,
) -> Statement:
    """A party's statement, citing its sources; a party's own submission stays unpublished until published."""
    if session.get(Statement, statement.id) is not None:
        raise Conflict(f"statement {statement.id} exists already")
    row = Statement(
        conflict_id=conflict_id,
        id=statement.id,
        speaker=statement.speaker,
        kind=statement.kind.value,
        date=statement.date,
        summary=statement.summary,
        incident_ids=list(statement.incidents),
        agreement_ids=list(statement.agreements),
        published=submitted_for_party is None,
        submitted_for_party=submitted_for_party,
    )
    session.add(row)
    session.flush()
    cite_all(
        session,
        conflict_id=conflict_id,
        subject_type="statement",
        subject_id=statement.id,
        references=list(statement.sources),
    )
    append(
        session,
        actor=actor,
        action="agreement:statement:add",
        subject_type="statement",
        subject_id=statement.id,
        payload=statement.model_dump(mode="json") | {"submitted_for_party": submitted_for_party},
    )
    return row


def record_treaty(session: Session, treaty: schema.Treaty, *, conflict_id: str, actor: str) -> Treaty:
    """A treaty with its depositary and presidencies, as the casebook gives them."""
    if session.get(Treaty, (conflict_id, treaty.id)) is not None:
        raise Conflict(f"treaty {treaty.id} exists already")
    row = Treaty(
        conflict_id=conflict_id,
        id=treaty.id,
        title=treaty.title,
        short_title=treaty.short_title,
        depositary=treaty.depositary,
        clarification_article=treaty.clarification_article,
        states_parties=list(treaty.states_parties),
        presidencies=[p.model_dump(mode="json", by_alias=True) for p in treaty.presidencies],
    )
    session.add(row)
    session.flush()
    cite_all(
        session,
        conflict_id=conflict_id,
        subject_type="treaty",
        subject_id=f"{conflict_id}/{treaty.id}",
        references=sorted({*treaty.sources, *(u for p in treaty.presidencies for u in p.sources)}),
    )
    append(
        session,
        actor=actor,
        action="agreement:treaty:add",
        subject_type="treaty",
        subject_id=treaty.id,
        payload=treaty.model_dump(mode="json", by_alias=True),
    )
    return row
