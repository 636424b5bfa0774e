"""Reading the gazetteer."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.places.models import Place


def gazetteer_countries(session: Session, conflict_id: str) -> dict[str, str]:
    """Every name of the conflict's places (its name, alternative names and names in other
    scripts), lower case, with the place's country (a party code, or ``disputed``)."""
    names: dict[str, str] = {}
    for place in session.scalars(select(Place).where(Place.conflict_id == conflict_id)):
        for name in [place.name, *(place.alt_names or []), *(place.names or {}).values()]:
            if name:
                names.setdefault(name.lower(), place.country)
    return names


def gazetteer_choices(session: Session, conflict_id: str) -> list[tuple[str, str]]:
    """The conflict's places as (id, name), by name: the place filter's choices."""
    rows = session.execute(select(Place.id, Place.name).where(Place.conflict_id == conflict_id).order_by(Place.name))
    return [(place_id, name) for place_id, name in rows]
