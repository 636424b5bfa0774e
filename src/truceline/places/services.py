"""Writes for the gazetteer and zones. Callers commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from truceline.domain import schema
from truceline.errors import Conflict, InvalidInput
from truceline.ledger.services import append
from truceline.places.models import Place, Zone
from truceline.sources.services import cite_all


def add_place(session: Session, place: schema.Place, *, conflict_id: str, actor: str) -> Place:
    if session.get(Place, place.id) is not None:
        raise Conflict(f"place {place.id} exists already")
    row = Place(
        conflict_id=conflict_id,
        id=place.id,
        name=place.name,
        alt_names=list(place.alt_names),
        names=dict(place.names),
        kind=place.kind,
        country=place.country,
        admin1=place.admin1,
        admin2=place.admin2,
        lat=place.lat,
        lon=place.lon,
        location_precision=place.location_precision.value,
    )
    session.add(row)
    session.flush()
    cite_all(
        session, conflict_id=conflict_id, subject_type="place", subject_id=place.id, references=list(place.sources)
    )
    append(
        session,
        actor=actor,
        action="geo:place:add",
        subject_type="place",
        subject_id=place.id,
        payload=place.model_dump(mode="json"),
    )
    return row


def add_zone(
    session: Session, zone: schema.Zone, *, conflict_id: str, actor: str, geometry: dict[str, Any] | None = None
) -> Zone:
    """A named zone; an ``area`` zone takes its GeoJSON polygon (``geometry``) from the casebook's file."""
    if session.get(Zone, zone.id) is not None:
        raise Conflict(f"zone {zone.id} exists already")
    if zone.kind == "area" and geometry is None:
        raise InvalidInput(f"zone {zone.id}: an area zone needs its geometry")
    row = Zone(
        conflict_id=conflict_id,
        id=zone.id,
        name=zone.name,
        kind=zone.kind,
        line_id=zone.line,
        width_km=zone.width_km,
        place_id=zone.place,
        radius_km=zone.radius_km,
        geometry=geometry,
    )
    session.add(row)
    session.flush()
    cite_all(session, conflict_id=conflict_id, subject_type="zone", subject_id=zone.id, references=list(zone.sources))
    append(
        session,
        actor=actor,
        action="geo:zone:add",
        subject_type="zone",
        subject_id=zone.id,
        payload=zone.model_dump(mode="json"),
    )
    return row
