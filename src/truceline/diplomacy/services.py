"""Recording meetings, letters and statements from a form, the command line or the API.

Input is checked at the edge (the domain schema, the conflict's parties, bodies, incidents and
agreements); the source URL is kept as a source of the conflict; the write goes through the
agreements services, which append the ledger entry in the same transaction.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.agreements.events import party_code, source_url
from truceline.agreements.models import Agreement, Letter, Meeting, Statement
from truceline.agreements.services import record_letter, record_meeting, record_statement
from truceline.domain import schema
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import InvalidInput
from truceline.incidents.models import Incident
from truceline.sources.services import add_source_reference
from truceline.vocabulary import SourceKind


def _valid(model: type[schema.Record], data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in exc.errors())
        raise InvalidInput(problems) from None


def _source(session: Session, conflict_id: str, url: str, actor: str) -> str:
    url = source_url(url)
    add_source_reference(session, conflict_id=conflict_id, url=url, kind=SourceKind.NEWS.value, actor=actor)
    return url


def _known(session: Session, conflict_id: str, model: type[Incident] | type[Agreement], ids: list[str]) -> None:
    found = set(session.scalars(select(model.id).where(model.id.in_(ids), model.conflict_id == conflict_id)))
    for wanted in ids:
        if wanted not in found:
            raise InvalidInput(f"unknown {model.__tablename__[:-1]} {wanted!r}")


def add_meeting(
    session: Session,
    conflict: ConflictDefinition,
    data: dict[str, Any],
    *,
    source: str,
    actor: str,
    submitted_for_party: str | None = None,
) -> Meeting:
    url = _source(session, conflict.id, source, actor)
    meeting: schema.Meeting = _valid(schema.Meeting, data | {"sources": [url]})
    if meeting.body not in conflict.info.body_codes:
        raise InvalidInput(
            f"body: {meeting.body!r} is not a body of {conflict.id} ({', '.join(sorted(conflict.info.body_codes))})"
        )
    if meeting.agreement is not None:
        _known(session, conflict.id, Agreement, [meeting.agreement])
    return record_meeting(
        session, meeting, conflict_id=conflict.id, actor=actor, submitted_for_party=submitted_for_party
    )


def add_letter(
    session: Session,
    conflict: ConflictDefinition,
    data: dict[str, Any],
    *,
    source: str,
    actor: str,
    submitted_for_party: str | None = None,
) -> Letter:
    url = _source(session, conflict.id, source, actor) if source.startswith(("http://", "https://")) else source
    letter: schema.Letter = _valid(schema.Letter, data | {"sources": [url]})
    party_code(letter.sender, conflict, field="sender")
    if submitted_for_party is not None and conflict.principal_of(letter.sender) != submitted_for_party:
        raise InvalidInput(f"a party records its own letters: the sender must be {submitted_for_party}")
    _known(session, conflict.id, Incident, list(letter.incidents))
    return record_letter(session, letter, conflict_id=conflict.id, actor=actor, submitted_for_party=submitted_for_party)


def add_statement(
    session: Session,
    conflict: ConflictDefinition,
    data: dict[str, Any],
    *,
    source: str,
    actor: str,
    submitted_for_party: str | None = None,
) -> Statement:
    url = _source(session, conflict.id, source, actor)
    statement: schema.Statement = _valid(schema.Statement, data | {"sources": [url]})
    party_code(statement.speaker, conflict, field="speaker")
    if submitted_for_party is not None and conflict.principal_of(statement.speaker) != submitted_for_party:
        raise InvalidInput(f"a party records its own statements: the speaker must be {submitted_for_party}")
    _known(session, conflict.id, Incident, list(statement.incidents))
    _known(session, conflict.id, Agreement, list(statement.agreements))
    return record_statement(
        session, statement, conflict_id=conflict.id, actor=actor, submitted_for_party=submitted_for_party
    )
