"""Reading meetings, letters and statements through the one visibility policy.

Every read is scoped to the reader's conflict and to what :class:`~truceline.incidents.queries.Visibility`
lets the reader see: published records, and a party's own unpublished submissions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from truceline.agreements.models import Commitment, Letter, Meeting, Statement, Treaty
from truceline.domain import schema
from truceline.errors import NotFound
from truceline.sources.queries import sources_by_subject
from truceline.visibility import Visibility


def _urls(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: s[k] for k in ("id", "url", "sha256", "publisher", "title", "published_on")} for s in sources]


def meeting_records(session: Session, meetings: Sequence[Meeting], visibility: Visibility) -> list[dict[str, Any]]:
    sources = sources_by_subject(session, "meeting", [m.id for m in meetings], visibility=visibility)
    agreement_ids = {m.agreement_id for m in meetings if m.agreement_id}
    commitments: dict[str, list[str]] = {}
    if agreement_ids:
        for c in session.scalars(
            select(Commitment).where(Commitment.agreement_id.in_(agreement_ids)).order_by(Commitment.id)
        ):
            commitments.setdefault(c.agreement_id, []).append(c.id)
    return [
        {
            "id": m.id,
            "body": m.body,
            "title": m.title,
            "date_start": m.date_start.isoformat(),
            "date_end": m.date_end.isoformat() if m.date_end else None,
            "place_name": m.place_name,
            "chairs": list(m.chairs),
            "observers": list(m.observers),
            "agenda": list(m.agenda),
            "outcome": m.outcome,
            "agreement_id": m.agreement_id,
            "commitment_ids": commitments.get(m.agreement_id or "", []),
            "planned": m.planned,
            "published": m.published,
            "sources": _urls(sources.get(m.id, [])),
        }
        for m in meetings
    ]


def letter_records(session: Session, letters: Sequence[Letter], visibility: Visibility) -> list[dict[str, Any]]:
    sources = sources_by_subject(session, "letter", [row.id for row in letters], visibility=visibility)
    return [
        {
            "id": row.id,
            "kind": row.kind,
            "sender": row.sender,
            "recipients": list(row.recipients),
            "date": row.date.isoformat() if row.date else None,
            "date_precision": row.date_precision,
            "subject": row.subject,
            "summary": row.summary,
            "incident_ids": list(row.incident_ids),
            "sent": row.sent,
            "published": row.published,
            "sources": _urls(sources.get(row.id, [])),
        }
        for row in letters
    ]


def statement_records(
    session: Session, statements: Sequence[Statement], visibility: Visibility
) -> list[dict[str, Any]]:
    sources = sources_by_subject(session, "statement", [row.id for row in statements], visibility=visibility)
    return [
        {
            "id": row.id,
            "speaker": row.speaker,
            "kind": row.kind,
            "date": row.date.isoformat(),
            "summary": row.summary,
            "incident_ids": list(row.incident_ids),
            "agreement_ids": list(row.agreement_ids),
            "published": row.published,
            "sources": _urls(sources.get(row.id, [])),
        }
        for row in statements
    ]


def list_meetings(
    session: Session,
    visibility: Visibility,
    *,
    body: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    agreement: str | None = None,
) -> list[Meeting]:
    query = select(Meeting).where(
        visibility.in_conflict(Meeting.conflict_id),
        visibility.condition(Meeting.published, Meeting.submitted_for_party),
    )
    if body is not None:
        query = query.where(Meeting.body == body)
    if date_from is not None:
        query = query.where(Meeting.date_start >= date_from)
    if date_to is not None:
        query = query.where(Meeting.date_start <= date_to)
    if agreement is not None:
        query = query.where(Meeting.agreement_id == agreement)
    return list(session.scalars(query.order_by(Meeting.date_start, Meeting.id)))


def get_meeting(session: Session, meeting_id: str, visibility: Visibility) -> Meeting:
    row = session.get(Meeting, meeting_id)
    if row is None or not _visible(row, visibility):
        raise NotFound(f"no meeting {meeting_id!r}")
    return row


def list_letters(
    session: Session,
    visibility: Visibility,
    *,
    kind: str | None = None,
    sender: str | None = None,
    incident: str | None = None,
) -> list[Letter]:
    query = select(Letter).where(
        visibility.in_conflict(Letter.conflict_id),
        visibility.condition(Letter.published, Letter.submitted_for_party),
    )
    if kind is not None:
        query = query.where(Letter.kind == kind)
    if sender is not None:
        query = query.where(Letter.sender == sender)
    if incident is not None:
        # incident_ids is a JSON list; an id appears in it quoted
        query = query.where(cast(Letter.incident_ids, String).contains(f'"{incident}"'))
    return list(session.scalars(query.order_by(Letter.date, Letter.id)))


def get_letter(session: Session, letter_id: str, visibility: Visibility) -> Letter:
    row = session.get(Letter, letter_id)
    if row is None or not _visible(row, visibility):
        raise NotFound(f"no letter {letter_id!r}")
    return row


def list_statements(
    session: Session,
    visibility: Visibility,
    *,
    speaker: str | None = None,
    incident: str | None = None,
    agreement: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[Statement]:
    query = select(Statement).where(
        visibility.in_conflict(Statement.conflict_id),
        visibility.condition(Statement.published, Statement.submitted_for_party),
    )
    if speaker is not None:
        query = query.where(Statement.speaker == speaker)
    if incident is not None:
        query = query.where(cast(Statement.incident_ids, String).contains(f'"{incident}"'))
    if agreement is not None:
        query = query.where(cast(Statement.agreement_ids, String).contains(f'"{agreement}"'))
    if date_from is not None:
        query = query.where(Statement.date >= date_from)
    if date_to is not None:
        query = query.where(Statement.date <= date_to)
    return list(session.scalars(query.order_by(Statement.date, Statement.id)))


def get_statement(session: Session, statement_id: str, visibility: Visibility) -> Statement:
    row = session.get(Statement, statement_id)
    if row is None or not _visible(row, visibility):
        raise NotFound(f"no statement {statement_id!r}")
    return row


def _visible(row: Meeting | Letter | Statement, visibility: Visibility) -> bool:
    in_conflict = visibility.conflict_id is None or row.conflict_id == visibility.conflict_id
    return in_conflict and visibility.sees(row.published, row.submitted_for_party)


def concerning_incident(session: Session, incident_id: str, visibility: Visibility) -> dict[str, list[dict[str, Any]]]:
    """The letters and statements that name an incident."""
    return {
        "letters": letter_records(session, list_letters(session, visibility, incident=incident_id), visibility),
        "statements": statement_records(
            session, list_statements(session, visibility, incident=incident_id), visibility
        ),
    }


def concerning_agreement(
    session: Session, agreement_id: str, visibility: Visibility
) -> dict[str, list[dict[str, Any]]]:
    """The meetings that produced an agreement and the statements that name it."""
    return {
        "meetings": meeting_records(session, list_meetings(session, visibility, agreement=agreement_id), visibility),
        "statements": statement_records(
            session, list_statements(session, visibility, agreement=agreement_id), visibility
        ),
    }


def treaties(session: Session, conflict_id: str) -> list[schema.Treaty]:
    """The conflict's treaties as the casebook gave them; ``sources`` are every source the treaty
    record cites (its own and its presidencies')."""
    rows = list(session.scalars(select(Treaty).where(Treaty.conflict_id == conflict_id).order_by(Treaty.id)))
    sources = sources_by_subject(
        session, "treaty", [f"{conflict_id}/{t.id}" for t in rows], visibility=Visibility(conflict_id=conflict_id)
    )
    return [
        schema.Treaty(
            id=t.id,
            title=t.title,
            short_title=t.short_title,
            depositary=t.depositary,
            clarification_article=t.clarification_article,
            states_parties=list(t.states_parties),
            presidencies=[schema.Presidency.model_validate(p) for p in t.presidencies],
            sources=[s["url"] or f"urn:sha256:{s['sha256']}" for s in sources.get(f"{conflict_id}/{t.id}", [])],
        )
        for t in rows
    ]
