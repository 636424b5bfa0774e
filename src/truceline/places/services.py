"""Writes for the gazetteer and zones. Callers commit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from truceline.casebooks import schema
from truceline.errors import Conflict
from truceline.ledger.services import append
from truceline.places.models import Place, Zone
from truceline.sources.services import cite_all


def add_place(session: Session, place: schema.Place, *, actor: str) -> Place:
    if session.get(Place, place.id) is not None:
        raise Conflict(f"place {place.id} exists already")
    row = Place(
        id=place.id,
        name=place.name,
        alt_names=list(place.alt_names),
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
    cite_all(session, subject_type="place", subject_id=place.id, references=list(place.sources))
    append(
        session,
        actor=actor,
        action="geo:place:add",
        subject_type="place",
        subject_id=place.id,
        payload=place.model_dump(mode="json"),
    )
    return row


def add_zone(session: Session, zone: schema.Zone, *, actor: str) -> Zone:
    if session.get(Zone, zone.id) is not None:
        raise Conflict(f"zone {zone.id} exists already")
    row = Zone(
        id=zone.id,
        name=zone.name,
        kind=zone.kind,
        width_km=zone.width_km,
        place_id=zone.place,
        radius_km=zone.radius_km,
    )
    session.add(row)
    session.flush()
    cite_all(session, subject_type="zone", subject_id=zone.id, references=list(zone.sources))
    append(
        session,
        actor=actor,
        action="geo:zone:add",
        subject_type="zone",
        subject_id=zone.id,
        payload=zone.model_dump(mode="json"),
    )
    return row
