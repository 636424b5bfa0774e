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

from shapely.geometry import mapping
from shapely.ops import unary_union
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truceline.domain.conflict import ConflictDefinition
from truceline.geo.lines import Geography
from truceline.geo.scripts import names_by_language
from truceline.incidents.kinds import KIND_COLOURS, kind_label
from truceline.incidents.models import CasualtyFigure, Incident
from truceline.incidents.queries import IncidentFilter, incident_query
from truceline.places.models import Place

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
#: simplification tolerance (degrees) of the drawn outlines: about 500 m
SIMPLIFY = 0.004
#: how important a place of each kind is on the map: 1 is named from the widest view; every other
#: kind (villages, hills, checkpoints, a casebook's own kinds …) is DEFAULT_RANK
PLACE_RANK: dict[str, int] = {"province": 1, "city": 2, "district": 2, "town": 3}
DEFAULT_RANK = 4
#: the map zoom from which the names of places of each rank show (the map opens at about 7)
RANK_MIN_ZOOM: dict[int, float] = {1: 6.0, 2: 7.5, 3: 8.5, 4: 9.0}
NO_PROVINCES = "Province boundaries are not drawn: no sourced boundary dataset is installed with Truceline."


def _figure(category: str) -> Any:
    return (
        select(func.sum(func.coalesce(CasualtyFigure.best, CasualtyFigure.low)))
        .where(CasualtyFigure.incident_id == Incident.id, CasualtyFigure.category == category)
        .scalar_subquery()
    )


def _feature(geometry: Any, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": mapping(geometry.simplify(SIMPLIFY, preserve_topology=True)),
        "properties": properties,
    }


def place_labels(session: Session, conflict: ConflictDefinition) -> list[dict[str, Any]]:
    """The gazetteer's places with a point, each with its name in every language the conflict names,
    its rank (:data:`PLACE_RANK`) and the zoom its name shows from; most important first."""
    rows = session.scalars(
        select(Place).where(Place.conflict_id == conflict.id, Place.lat.is_not(None)).order_by(Place.id)
    )
    labels = [
        {
            "id": p.id,
            "lat": p.lat,
            "lon": p.lon,
            "kind": p.kind,
            "rank": (rank := PLACE_RANK.get(p.kind, DEFAULT_RANK)),
            "min_zoom": RANK_MIN_ZOOM[rank],
            "names": names_by_language(p.name, p.alt_names or [], p.names or {}, conflict.info.languages or ["en"]),
        }
        for p in rows
    ]
    return sorted(labels, key=lambda label: (label["rank"], label["id"]))


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
    territories = [
        _feature(shape, {"party": party, "name": conflict.display_name(party)})
        for party, shape in sorted(geography.territories.items(), key=lambda t: conflict.principal_order(t[0]))
    ]
    lines = [_feature(line.shape, {"id": line.id, "name": line.name, "kind": line.kind}) for line in geography.lines]
    west, south, east, north = conflict.info.bbox
    if geography.common_lines:
        west, south, east, north = unary_union([line.shape for line in geography.common_lines]).bounds
    return {
        "bounds": [[south, west], [north, east]],
        "territories": {"type": "FeatureCollection", "features": territories},
        "lines": {"type": "FeatureCollection", "features": lines},
        "places": place_labels(session, conflict),
        "incidents": drawn,
        "unplaced": unplaced,
        "attribution": "; ".join(geography.attributions()),
        "areas_km": AREA_KM,
    }
