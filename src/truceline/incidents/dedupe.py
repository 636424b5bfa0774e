"""Before a new incident is made, find the ones that may already record the same event.

Two reports describe the same incident when they agree on the kind, their date ranges overlap
(each widened by its precision: a week-precise date may lie three days either side) and they are
close in space: the same gazetteer place, or points within ``NEAR_KM``, or either located no
better than a province, "along the border" or a country (then kind and dates carry the match,
and the reason says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.geo.distance import haversine_km
from truceline.incidents.models import Incident

NEAR_KM = 15.0
#: days a date of each precision may stray from its stated range
SLACK_DAYS = {"day": 0, "days": 2, "week": 3, "month": 15, "year": 182}
COARSE = {"border", "province", "country", "unknown"}


@dataclass(frozen=True)
class Sighting:
    """What a new report says, in the terms dedupe compares (within one conflict)."""

    conflict_id: str
    kind: str
    date_start: dt.date
    date_end: dt.date
    date_precision: str
    place_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_precision: str = "unknown"


@dataclass(frozen=True)
class PossibleDuplicate:
    incident_id: str
    reason: str


def possible_duplicates(session: Session, sighting: Sighting, *, limit: int = 5) -> list[PossibleDuplicate]:
    own = dt.timedelta(days=SLACK_DAYS.get(sighting.date_precision, 0))
    widest = own + dt.timedelta(days=max(SLACK_DAYS.values()))
    query = select(Incident).where(
        Incident.conflict_id == sighting.conflict_id,
        Incident.kind == sighting.kind,
        Incident.superseded_by.is_(None),
        Incident.date_start <= sighting.date_end + widest,
        Incident.date_end >= sighting.date_start - widest,
    )
    found: list[tuple[float, PossibleDuplicate]] = []
    for incident in session.scalars(query):
        window = own + dt.timedelta(days=SLACK_DAYS.get(incident.date_precision, 0))
        if incident.date_start > sighting.date_end + window or incident.date_end < sighting.date_start - window:
            continue
        reason = _same_place(sighting, incident)
        if reason is None:
            continue
        distance, text = reason
        found.append((distance, PossibleDuplicate(incident.id, f"same kind, overlapping dates, {text}")))
    found.sort(key=lambda pair: (pair[0], pair[1].incident_id))
    return [duplicate for _, duplicate in found[:limit]]


def _same_place(sighting: Sighting, incident: Incident) -> tuple[float, str] | None:
    if sighting.place_id is not None and sighting.place_id == incident.place_id:
        return 0.0, f"the same place ({incident.place_id})"
    if None not in (sighting.lat, sighting.lon, incident.lat, incident.lon):
        km = haversine_km(sighting.lat, sighting.lon, incident.lat, incident.lon)  # type: ignore[arg-type]
        if km <= NEAR_KM:
            return km, f"{km:.1f} km apart"
    if sighting.location_precision in COARSE or incident.location_precision in COARSE:
        return 1000.0, "one of them located no better than along the border"
    return None
