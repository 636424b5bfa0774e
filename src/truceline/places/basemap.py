"""What every map of a conflict draws under its records: the view's bounds, the territories and
lines from the casebook's geometry, and the gazetteer's places with their names in each language
the conflict names. The dashboard's map adds the incidents (``truceline.publish.mapdata``); the
field form's offline map is only this (``/field/map.json``)."""

from __future__ import annotations

from typing import Any

from shapely.geometry import mapping
from shapely.ops import unary_union
from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.domain.conflict import ConflictDefinition
from truceline.geo.lines import Geography
from truceline.geo.scripts import names_by_language
from truceline.places.models import Place

#: simplification tolerance (degrees) of the drawn outlines: about 500 m
SIMPLIFY = 0.004
#: how important a place of each kind is on the map: 1 is named from the widest view; every other
#: kind (villages, hills, checkpoints, a casebook's own kinds …) is DEFAULT_RANK
PLACE_RANK: dict[str, int] = {"province": 1, "city": 2, "district": 2, "town": 3}
DEFAULT_RANK = 4
#: the map zoom from which the names of places of each rank show (the map opens at about 7)
RANK_MIN_ZOOM: dict[int, float] = {1: 6.0, 2: 7.5, 3: 8.5, 4: 9.0}


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


def base_document(session: Session, conflict: ConflictDefinition, geography: Geography) -> dict[str, Any]:
    """What every map of the conflict draws under its incidents: the view's bounds, the
    territories, the lines and the gazetteer's places (the field form's map is only this)."""
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
        "attribution": "; ".join(geography.attributions()),
    }
