"""Status events recorded after a casebook was loaded: an agreement suspended by a party, a
commitment's deadline moved, a commitment met.

The command line, the API and the web forms all come through here, so they check the same
things: the kind is one of the vocabulary's, ``by`` is a party of the conflict, the date is a
date-time with its UTC offset or a date (then the end of that day in the conflict's time zone),
and the source is an http(s) URL. The URL is kept as a source reference of the conflict and the
event cites it; the event itself is written by :func:`record_agreement_event` or
:func:`record_commitment_event`, which append it to the change log. Callers commit.

An event is identified by (kind, date, by): recording the same one twice is refused, and
loading a casebook again never adds a second copy of an event recorded here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session, object_session

from truceline.agreements.models import Agreement, AgreementEvent, Commitment, CommitmentEvent
from truceline.agreements.queries import get_agreement
from truceline.agreements.services import record_agreement_event, record_commitment_event
from truceline.domain import schema
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import Conflict, InvalidInput, NotFound
from truceline.sources.queries import sources_by_subject
from truceline.sources.services import add_source_reference
from truceline.visibility import EVERYTHING
from truceline.vocabulary import AgreementEventKind, CommitmentEventKind, SourceKind

#: how a date or date-time of an event is written (for help texts and API descriptions)
DATE_HELP = (
    "A date-time with its UTC offset (2026-01-05T14:00:00+07:00), or a date (2026-01-05): "
    "then the end of that day in the conflict's time zone."
)
SOURCE_HELP = "The http(s) URL of the reporting this event comes from (kept as a source of the conflict)."


def agreement_event_kind(value: str) -> AgreementEventKind:
    try:
        return AgreementEventKind(value.strip().lower())
    except ValueError:
        kinds = ", ".join(k.value for k in AgreementEventKind)
        raise InvalidInput(f"unknown agreement event kind {value!r}; kinds: {kinds}") from None


def commitment_event_kind(value: str) -> CommitmentEventKind:
    try:
        return CommitmentEventKind(value.strip().lower())
    except ValueError:
        kinds = ", ".join(k.value for k in CommitmentEventKind)
        raise InvalidInput(f"unknown commitment event kind {value!r}; kinds: {kinds}") from None


def event_time(value: str, conflict: ConflictDefinition) -> dt.datetime:
    """A date-time with its offset as given, or the end of a date in the conflict's time zone."""
    text = value.strip()
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            moment = conflict.end_of(day)
        else:
            moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"date {value!r} is neither a date (YYYY-MM-DD) nor an ISO 8601 date-time") from None
    offset = moment.utcoffset()
    if offset is None:
        raise InvalidInput(f"date-time {value!r} has no UTC offset: write it with one (e.g. +07:00) or give a date")
    return moment.astimezone(dt.timezone(offset))


def agreement_event_record(row: AgreementEvent) -> dict[str, Any]:
    """A recorded agreement event as the CLI and the API show it."""
    return {
        "id": row.id,
        "agreement_id": row.agreement_id,
        "date": row.date.isoformat(),
        "kind": row.kind,
        "by": row.by_party,
        "superseded_by": row.superseded_by,
        "note": row.note,
        "sources": _sources(row),
    }


def commitment_event_record(row: CommitmentEvent) -> dict[str, Any]:
    """A recorded commitment event as the CLI and the API show it."""
    return {
        "id": row.id,
        "commitment_id": row.commitment_id,
        "date": row.date.isoformat(),
        "kind": row.kind,
        "by": row.by_party,
        "new_deadline": row.new_deadline.isoformat() if row.new_deadline else None,
        "note": row.note,
        "sources": _sources(row),
    }


def _sources(row: AgreementEvent | CommitmentEvent) -> list[str]:
    session = object_session(row)
    if session is None:
        return []
    subject = "agreement_event" if isinstance(row, AgreementEvent) else "commitment_event"
    return [
        s["url"]
        for s in sources_by_subject(session, subject, [str(row.id)], visibility=EVERYTHING).get(str(row.id), [])
    ]


def event_day(value: str, conflict: ConflictDefinition) -> dt.date:
    """The day of an event in the conflict's time zone (commitment events are dated by day)."""
    text = value.strip()
    if len(text) == 10:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InvalidInput(f"date {value!r} is not a date (YYYY-MM-DD)") from None
    try:
        return event_time(text, conflict).astimezone(conflict.zone).date()
    except OverflowError:
        raise InvalidInput(f"date {value!r} is out of range") from None


def source_url(value: str) -> str:
    """An http or https URL, or a clear refusal."""
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host
        raise InvalidInput(f"source {value!r} is not a valid URL") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or any(c.isspace() for c in url):
        raise InvalidInput(f"source {value!r} is not an http(s) URL: give the address of the reporting")
    if len(url) > 2000:
        raise InvalidInput("the source URL is longer than 2000 characters")
    return url


def party_code(value: str | None, conflict: ConflictDefinition, *, field: str = "by") -> str | None:
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    if conflict.party(code) is None:
        known = ", ".join(conflict.by_code)
        raise InvalidInput(f"{field}: unknown party {value!r}; the parties of {conflict.id}: {known}")
    return code


def get_commitment(session: Session, commitment_id: str, conflict_id: str | None = None) -> Commitment:
    commitment = session.get(Commitment, commitment_id)
    if commitment is None or (conflict_id is not None and commitment.conflict_id != conflict_id):
        raise NotFound(f"no commitment {commitment_id!r}")
    return commitment


def _cite_source(session: Session, conflict_id: str, url: str, actor: str) -> str:
    add_source_reference(session, conflict_id=conflict_id, url=url, kind=SourceKind.NEWS.value, actor=actor)
    return url


def record_agreement_status(
    session: Session,
    agreement_id: str,
    *,
    conflict: ConflictDefinition,
    kind: str,
    date: str,
    source: str,
    actor: str,
    by: str | None = None,
    note: str = "",
    superseded_by: str | None = None,
) -> AgreementEvent:
    """Record a status event of an agreement of ``conflict`` from what a person typed."""
    agreement: Agreement = get_agreement(session, agreement_id, conflict.id)
    what = agreement_event_kind(kind)
    when = event_time(date, conflict)
    who = party_code(by, conflict)
    url = source_url(source)
    if what == AgreementEventKind.SUSPENDED and who is None:
        raise InvalidInput("a suspension is by a party: give 'by'")
    if superseded_by:
        if what != AgreementEventKind.SUPERSEDED:
            raise InvalidInput("'superseded_by' goes with kind 'superseded' only")
        get_agreement(session, superseded_by, conflict.id)
    for existing in agreement.events:
        if existing.kind == what.value and existing.date == when and existing.by_party == who:
            raise Conflict(
                f"agreement {agreement_id} already has a {what.value} event"
                + (f" by {who}" if who else "")
                + f" at {when.isoformat()}"
            )
    _cite_source(session, conflict.id, url, actor)
    event = schema.AgreementEvent(
        date=when, kind=what, by=who, superseded_by=superseded_by or None, note=note.strip(), sources=[url]
    )
    row = record_agreement_event(session, agreement_id, event, actor=actor)
    session.expire(agreement, ["events"])
    return row


def record_commitment_progress(
    session: Session,
    commitment_id: str,
    *,
    conflict: ConflictDefinition,
    kind: str,
    date: str,
    source: str,
    actor: str,
    by: str | None = None,
    note: str = "",
    new_deadline: str | None = None,
) -> CommitmentEvent:
    """Record a dated event of a commitment of ``conflict`` from what a person typed."""
    commitment = get_commitment(session, commitment_id, conflict.id)
    what = commitment_event_kind(kind)
    day = event_day(date, conflict)
    who = party_code(by, conflict)
    url = source_url(source)
    deadline: dt.date | None = None
    if new_deadline is not None and new_deadline.strip():
        if what != CommitmentEventKind.DEADLINE_CHANGED:
            raise InvalidInput("a new deadline goes with kind 'deadline_changed' only")
        try:
            deadline = dt.date.fromisoformat(new_deadline.strip())
        except ValueError:
            raise InvalidInput(f"new deadline {new_deadline!r} is not a date (YYYY-MM-DD)") from None
    elif what == CommitmentEventKind.DEADLINE_CHANGED:
        raise InvalidInput("kind 'deadline_changed' needs the new deadline")
    for existing in commitment.events:
        if existing.kind == what.value and existing.date == day and existing.by_party == who:
            raise Conflict(
                f"commitment {commitment_id} already has a {what.value} event"
                + (f" by {who}" if who else "")
                + f" on {day.isoformat()}"
            )
    _cite_source(session, conflict.id, url, actor)
    event = schema.CommitmentEvent(date=day, kind=what, by=who, new_deadline=deadline, note=note.strip(), sources=[url])
    row = record_commitment_event(session, commitment_id, event, actor=actor)
    session.expire(commitment, ["events"])
    return row
