"""Reading the gazetteer."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.geo.scripts import names_by_language
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


def _names(place: Place, languages: Iterable[str]) -> dict[str, str]:
    return names_by_language(place.name, place.alt_names or [], place.names or {}, [*languages, *(place.names or {})])


def place_names(session: Session, place_id: str | None, languages: Iterable[str]) -> dict[str, str]:
    """A place's name in each of ``languages`` it has one in (its ``names``, else the spelling of
    its other names written in that language's script); none for no place."""
    place = session.get(Place, place_id) if place_id is not None else None
    return _names(place, languages) if place is not None else {}


def gazetteer_names(session: Session, conflict_id: str, languages: Iterable[str]) -> dict[str, dict[str, str]]:
    """Each of the conflict's places (id) -> its name in each of ``languages`` (as :func:`place_names`)."""
    return {p.id: _names(p, languages) for p in session.scalars(select(Place).where(Place.conflict_id == conflict_id))}
