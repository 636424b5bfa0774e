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

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truceline.domain.conflict import ConflictDefinition
from truceline.domain.labels import N_
from truceline.geo.lines import Geography
from truceline.incidents.kinds import KIND_COLOURS, kind_label
from truceline.incidents.models import CasualtyFigure, Incident
from truceline.incidents.queries import IncidentFilter, incident_query
from truceline.places.basemap import base_document

#: radius (km) of the circle an incident may lie in, by how exactly it is located: "near" is
#: UCDP's "within about 25 km of a known point"; a district or a province is drawn as a circle
#: about as large as such an area in the region, around the point the gazetteer gives for it
AREA_KM: dict[str, float] = {"near": 25.0, "district": 20.0, "province": 60.0}
#: why an incident without a point cannot be placed, by its precision (marked for the catalogs:
#: the page translates them)
UNPLACED_REASON: dict[str, str] = {
    "border": N_("located only along the border"),
    "country": N_("located only to a country"),
    "unknown": N_("its location is not known"),
}
#: why an incident of another precision has no point ({precision}: how exactly it is located, filled
#: in by :func:`for_reader` in the reader's words)
NO_POINT = N_("no point is known ({precision})")
NO_PROVINCES = N_("Province boundaries are not drawn: no sourced boundary dataset is installed with Truceline.")
#: the words the map's script (static/truceline-map.js) shows, marked for the catalogs; the script
#: fills in the names in braces: {n} a number of people, {km} a radius, {title} the map's title,
#: {placed} and {unplaced} numbers of incidents
MAP_WORDS: dict[str, str] = {
    "killed": N_("{n} killed"),
    "injured": N_("{n} injured"),
    "within_km": N_("(within about {km} km)"),
    "place_names": N_("Place names"),
    "at_a_point": N_("Incidents at a point"),
    "in_an_area": N_("Incidents located only to an area"),
    "region": N_("Interactive map of {title}: {placed} incidents placed, {unplaced} listed beside it"),
}


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
            unplaced.append(item | {"why": UNPLACED_REASON.get(precision, NO_POINT)})
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


def for_reader(
    document: dict[str, Any],
    translate: Callable[[str], str],
    label: Callable[[str], str],
    local_date: Callable[[str], str],
) -> dict[str, Any]:
    """The map document as a reader's page carries it: with the script's words (:data:`MAP_WORDS`)
    and the words of each incident's kind in the reader's language (``translate`` a marked message,
    ``label`` a vocabulary code, ``local_date`` an ISO day: each day an incident of the document
    falls on, as the pop-ups show it), and the reasons of the unplaced incidents translated. The document
    itself is shared by every language and left as it is."""
    kinds = {i["kind"] for i in document["incidents"]} | {i["kind"] for i in document["unplaced"]}
    return document | {
        "unplaced": [
            item | {"why": translate(item["why"]).replace("{precision}", label(item["precision"]))}
            for item in document["unplaced"]
        ],
        "labels": {key: translate(words) for key, words in MAP_WORDS.items()}
        | {
            "kinds": {kind: label(kind) for kind in sorted(kinds)},
            "dates": {day: local_date(day) for day in sorted({i["date"] for i in document["incidents"]})},
        },
    }
