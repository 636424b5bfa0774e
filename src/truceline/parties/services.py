"""Writes for parties. Callers commit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from truceline.domain import schema
from truceline.errors import Conflict
from truceline.ledger.services import append
from truceline.parties.models import Party


def add_party(session: Session, party: schema.Party, *, conflict_id: str, actor: str, position: int = 0) -> Party:
    if session.get(Party, (conflict_id, party.code)) is not None:
        raise Conflict(f"party {party.code} of {conflict_id} exists already")
    row = Party(
        conflict_id=conflict_id,
        code=party.code,
        name=party.name,
        short_name=party.short_name,
        names=dict(party.names),
        kind=party.kind,
        belongs_to=party.belongs_to,
        answered_for_by=party.answered_for_by,
        is_principal=party.is_principal,
        position=position,
        country=party.country.model_dump(mode="json") if party.country else None,
        acled_actors=list(party.acled_actors),
        ucdp=party.ucdp.model_dump(mode="json") if party.ucdp else None,
        mentions=[m.model_dump(mode="json", exclude={"code"}) for m in party.mentions],
        source_urls=list(party.sources),
    )
    session.add(row)
    session.flush()
    append(
        session,
        actor=actor,
        action="party:party:add",
        subject_type="party",
        subject_id=f"{conflict_id}/{party.code}",
        payload=party.model_dump(mode="json") | {"conflict": conflict_id},
    )
    return row
