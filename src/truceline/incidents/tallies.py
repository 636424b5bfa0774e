"""Reading tallies: counts one body published, each kept apart, with their sources."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.incidents.models import Tally
from truceline.sources.queries import sources_by_subject
from truceline.visibility import Visibility


def list_tallies(session: Session, conflict_id: str) -> list[Tally]:
    """A conflict's tallies, newest count first, then by who counted."""
    query = (
        select(Tally).where(Tally.conflict_id == conflict_id).order_by(Tally.as_of.desc(), Tally.counted_by, Tally.id)
    )
    return list(session.scalars(query))


def tally_records(session: Session, tallies: list[Tally], visibility: Visibility) -> list[dict[str, Any]]:
    sources = sources_by_subject(session, "tally", [t.id for t in tallies], visibility=visibility)
    return [
        {
            "id": t.id,
            "counted_by": t.counted_by,
            "subject": t.subject,
            "alleged_against": t.alleged_against,
            "agreement_id": t.agreement_id,
            "period_start": t.period_start.isoformat() if t.period_start else None,
            "period_end": t.period_end.isoformat() if t.period_end else None,
            "as_of": t.as_of.isoformat(),
            "total": {"low": t.low, "best": t.best, "high": t.high},
            "categories": t.categories,
            "note": t.note,
            "sources": sources.get(t.id, []),
        }
        for t in tallies
    ]
