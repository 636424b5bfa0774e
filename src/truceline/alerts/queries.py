"""The escalation signal on the store: the sectors of a conflict, the incidents a reader may see
in each, and their signal (the method is :mod:`truceline.alerts.signal`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.alerts.signal import DEFAULT_METHOD, EscalationSignal, Occurrence, SignalMethod, escalation_signal
from truceline.compliance.records import IncidentFacts, PlaceRecord, Records
from truceline.compliance.services import zone_index, zone_record
from truceline.compliance.zones import ZoneIndex
from truceline.conflicts.services import conflict_geography
from truceline.errors import NotFound
from truceline.incidents.models import Incident
from truceline.incidents.queries import IncidentFilter, incident_query
from truceline.places.models import Place, Zone
from truceline.visibility import Visibility
from truceline.vocabulary import LocationPrecision

#: the sector that is the whole conflict
WHOLE_CONFLICT = "all"


@dataclass(frozen=True)
class Sector:
    id: str
    name: str


def sectors(session: Session, conflict_id: str) -> list[Sector]:
    """The whole conflict, then each zone of its casebook."""
    zones = session.scalars(select(Zone).where(Zone.conflict_id == conflict_id).order_by(Zone.id))
    return [Sector(WHOLE_CONFLICT, "the whole conflict"), *(Sector(z.id, z.name) for z in zones)]


def sector_named(session: Session, conflict_id: str, sector_id: str) -> Sector:
    for sector in sectors(session, conflict_id):
        if sector.id == sector_id:
            return sector
    raise NotFound(f"no sector {sector_id!r} in {conflict_id}: '{WHOLE_CONFLICT}' or a zone id")


def visible_incidents(
    session: Session,
    conflict_id: str,
    visibility: Visibility,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    ids: Collection[str] | None = None,
) -> list[Incident]:
    """The incidents of the conflict the reader may see, retracted ones left out; ``since`` and
    ``until``: only those under way in that period; ``ids``: only these."""
    filters = IncidentFilter.within(
        Visibility(visibility.published_only, visibility.party, conflict_id), date_from=since, date_to=until
    )
    query = incident_query(filters).where(Incident.retracted.is_(False))
    if ids is not None:
        query = query.where(Incident.id.in_(list(ids)))
    return list(session.scalars(query))


def window_start(as_of: dt.date, method: SignalMethod) -> dt.date:
    """The first day whose incidents the signal as of ``as_of`` reads (its series and baseline)."""
    return as_of - dt.timedelta(days=method.history_days + method.window_days + method.guard_days)


def _facts(incident: Incident) -> IncidentFacts:
    from truceline.vocabulary import IncidentKind

    return IncidentFacts(
        id=incident.id,
        kind=IncidentKind(incident.kind),
        date_start=incident.date_start,
        date_end=incident.date_end,
        lat=incident.lat,
        lon=incident.lon,
        location_precision=LocationPrecision(incident.location_precision),
        side=incident.side,
        place_id=incident.place_id,
        place_name=incident.place_name,
    )


def sector_index(session: Session, conflict_id: str) -> ZoneIndex:
    """The conflict's zones as geometries, once, for :func:`in_sector`."""
    zones = tuple(zone_record(z) for z in session.scalars(select(Zone).where(Zone.conflict_id == conflict_id)))
    places = tuple(
        PlaceRecord(p.id, p.name, p.lat, p.lon, LocationPrecision(p.location_precision))
        for p in session.scalars(select(Place).where(Place.conflict_id == conflict_id))
    )
    return zone_index(Records(zones=zones, places=places), conflict_geography(session, conflict_id))


def in_sector(
    session: Session, conflict_id: str, sector_id: str, incidents: list[Incident], index: ZoneIndex | None = None
) -> list[Incident]:
    """The incidents that lie in the sector (the whole conflict: all of them; a zone: those the
    compliance engine's zone test places in it, undetermined ones left out)."""
    if sector_id == WHOLE_CONFLICT:
        return incidents
    zone = session.get(Zone, sector_id)
    if zone is None or zone.conflict_id != conflict_id:
        raise NotFound(f"no sector {sector_id!r} in {conflict_id}: '{WHOLE_CONFLICT}' or a zone id")
    index = index or sector_index(session, conflict_id)
    return [i for i in incidents if index.contains(zone.id, _facts(i)) is True]


def occurrence(incident: Incident) -> Occurrence:
    return Occurrence(incident.id, incident.kind, incident.date_start, incident.date_end, incident.modality)


def sector_signal(
    session: Session,
    conflict_id: str,
    visibility: Visibility,
    *,
    sector_id: str = WHOLE_CONFLICT,
    as_of: dt.date,
    method: SignalMethod = DEFAULT_METHOD,
) -> EscalationSignal:
    """The escalation signal of one sector, on what ``visibility`` lets the reader see."""
    sector_named(session, conflict_id, sector_id)
    recent = visible_incidents(session, conflict_id, visibility, since=window_start(as_of, method), until=as_of)
    chosen = in_sector(session, conflict_id, sector_id, recent)
    return escalation_signal(sector_id, [occurrence(i) for i in chosen], as_of, method)


def all_signals(
    session: Session, conflict_id: str, visibility: Visibility, *, as_of: dt.date, method: SignalMethod = DEFAULT_METHOD
) -> list[EscalationSignal]:
    """The signal of every sector that has any incident, the whole conflict first."""
    incidents = visible_incidents(session, conflict_id, visibility, since=window_start(as_of, method), until=as_of)
    index = sector_index(session, conflict_id)
    found = []
    for sector in sectors(session, conflict_id):
        chosen = in_sector(session, conflict_id, sector.id, incidents, index)
        if chosen or sector.id == WHOLE_CONFLICT:
            found.append(escalation_signal(sector.id, [occurrence(i) for i in chosen], as_of, method))
    return found


def signal_record(signal: EscalationSignal, *, days: int = 30) -> dict[str, Any]:
    """The one dictionary shape of a signal (CLI ``--json``, the API, the dashboard): the method,
    the current day, the last ``days`` days, the crossings and the incidents that drive it."""

    def day(entry: Any) -> dict[str, Any]:
        return {
            "date": entry.date.isoformat(),
            "count": entry.count,
            "ewma": entry.ewma,
            "baseline": entry.baseline,
            "limit": entry.limit,
            "score": entry.score,
            "elevated": entry.elevated,
        }

    return {
        "sector": signal.sector,
        "as_of": signal.as_of.isoformat(),
        "method": signal.method.as_dict(),
        "current": day(signal.current),
        "elevated": signal.elevated,
        "days": [day(d) for d in signal.days[-days:]],
        "crossings": [{"date": c.date.isoformat(), "rose": c.rose} for c in signal.crossings],
        "drivers": [
            {
                "incident_id": d.incident_id,
                "kind": d.kind,
                "date_start": d.date_start.isoformat(),
                "date_end": d.date_end.isoformat(),
                "weight": round(d.weight, 4),
            }
            for d in signal.drivers
        ],
    }
