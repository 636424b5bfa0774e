"""Writes for parties. Callers commit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from truceline.casebooks import schema
from truceline.errors import Conflict
from truceline.ledger.services import append
from truceline.parties.models import Party


def add_party(session: Session, party: schema.Party, *, actor: str) -> Party:
    if session.get(Party, party.code) is not None:
        raise Conflict(f"party {party.code} exists already")
    row = Party(
        code=party.code,
        name=party.name,
        kind=party.kind,
        belongs_to=party.belongs_to,
        is_principal=party.is_principal,
        source_urls=list(party.sources),
    )
    session.add(row)
    session.flush()
    append(
        session,
        actor=actor,
        action="party:party:add",
        subject_type="party",
        subject_id=party.code,
        payload=party.model_dump(mode="json"),
    )
    return row
