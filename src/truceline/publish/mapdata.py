"""The interactive map's data: everything it draws, as one JSON document the page carries.

Drawn from the store only — the conflict's territories and lines from its casebook's geometry,
the gazetteer's places with their names in each language the conflict names, and the incidents
the reader may see under the dashboard's filter. An incident with a point located exactly is a
marker (markers are clustered in the browser); one located only near a place, to a district or to
a province is drawn as the circle it may lie in (:data:`AREA_KM`); one without any point (only
"along the border", or a country) cannot be placed and is listed beside the map instead, with the
reason. So every incident the filter finds is either on the map or in that list.

No province boundaries are drawn: no sourced boundary dataset is installed with Truceline.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truceline.domain.conflict import ConflictDefinition
from truceline.geo.lines import Geography
from truceline.incidents.kinds import KIND_COLOURS, kind_label
from truceline.incidents.models import CasualtyFigure, Incident
from truceline.incidents.queries import IncidentFilter, incident_query
from truceline.places.basemap import base_document

#: radius (km) of the circle an incident may lie in, by how exactly it is located: "near" is
#: UCDP's "within about 25 km of a known point"; a district or a province is drawn as a circle
#: about as large as such an area in the region, around the point the gazetteer gives for it
AREA_KM: dict[str, float] = {"near": 25.0, "district": 20.0, "province": 60.0}
#: why an incident without a point cannot be placed, by its precision
UNPLACED_REASON: dict[str, str] = {
    "border": "located only along the border",
    "country": "located only to a country",
    "unknown": "its location is not known",
}
NO_PROVINCES = "Province boundaries are not drawn: no sourced boundary dataset is installed with Truceline."


def _figure(category: str) -> Any:
    return (
        select(func.sum(func.coalesce(CasualtyFigure.best, CasualtyFigure.low)))
        .where(CasualtyFigure.incident_id == Incident.id, CasualtyFigure.category == category)
        .scalar_subquery()
    )


def incident_shapes(session: Session, filters: IncidentFilter) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(incidents drawn on the map, incidents that cannot be placed), oldest first."""
    rows = session.execute(
        incident_query(filters)
        .order_by(None)
        .with_only_columns(
            Incident.id,
            Incident.kind,
            Incident.date_start,
            Incident.place_name,
            Incident.lat,
            Incident.lon,
            Incident.location_precision,
            _figure("killed"),
            _figure("injured"),
        )
        .order_by(Incident.date_start, Incident.id)
    )
    drawn, unplaced = [], []
    for id_, kind, day, place_name, lat, lon, precision, killed, injured in rows:
        item = {
            "id": id_,
            "kind": kind,
            "kind_label": kind_label(kind),
            "colour": KIND_COLOURS.get(kind, "#808b96"),
            "date": day.isoformat(),
            "place": place_name or "",
            "precision": precision,
            "killed": None if killed is None else int(killed),
            "injured": None if injured is None else int(injured),
        }
        if lat is None or lon is None:
            unplaced.append(item | {"why": UNPLACED_REASON.get(precision, f"no point is known ({precision})")})
        else:
            drawn.append(item | {"lat": lat, "lon": lon, "radius_km": AREA_KM.get(precision)})
    return drawn, unplaced


def map_document(
    session: Session, conflict: ConflictDefinition, geography: Geography, filters: IncidentFilter
) -> dict[str, Any]:
    """What the interactive map draws, for :func:`truceline.publish.views.dashboard`."""
    drawn, unplaced = incident_shapes(session, filters)
    return base_document(session, conflict, geography) | {
        "incidents": drawn,
        "unplaced": unplaced,
        "areas_km": AREA_KM,
    }
