"""Where an incident goes on a map or in a country column, from its point or, lacking one, the
area it may lie in: the territory its coordinates fall in (whatever a party claims), and the
area of a coarse location (a band along the line for "along the border", a territory).

Pure: the conflict's :class:`~truceline.geo.lines.Geography` comes in; nothing is guessed —
an area is only as narrow as the record allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shapely.geometry import Point, mapping
from shapely.ops import unary_union

from truceline.geo.lines import Geography
from truceline.geo.measure import distance_km, valid_point
from truceline.vocabulary import LocationPrecision

#: a point within this distance of a territory (the coast, a river bank) counts as in it
NEAR_TERRITORY_KM = 30.0
#: "along the border" with no point: the band this wide on each side of the common line
BORDER_BAND_KM = 10.0
#: simplification tolerance (degrees) of drawn areas, so a file stays small
AREA_TOLERANCE_DEGREES = 0.005


def territory_at(geography: Geography, lat: float | None, lon: float | None) -> str | None:
    """The party whose territory (as the casebook's geometry draws it) holds the point; the nearest
    within :data:`NEAR_TERRITORY_KM` when it falls in none; None without a point or near none."""
    if lat is None or lon is None or not valid_point(lat, lon):
        return None
    point = Point(lon, lat)
    for party, territory in geography.territories.items():
        if territory.contains(point):
            return party
    nearest = sorted((distance_km(lat, lon, territory), party) for party, territory in geography.territories.items())
    if nearest and nearest[0][0] <= NEAR_TERRITORY_KM:
        return nearest[0][1]
    return None


@dataclass(frozen=True)
class Placement:
    """A GeoJSON geometry and what it stands for: ``point`` (where it happened), ``centroid`` (the
    middle of a coarse location) or ``area`` (where it may lie)."""

    geometry: dict[str, Any] | None
    shown_as: str
    note: str


def placement(
    geography: Geography,
    lat: float | None,
    lon: float | None,
    precision: str,
    country: str | None,
) -> Placement:
    """The geometry of an incident: its point; else, for "along the border", the band along the
    common line (on ``country``'s side when known); else ``country``'s territory; else every
    territory of the conflict. ``None`` only when the conflict has no geometry at all."""
    if lat is not None and lon is not None and valid_point(lat, lon):
        point = {"type": "Point", "coordinates": [lon, lat]}
        if precision in (LocationPrecision.EXACT, LocationPrecision.NEAR):
            return Placement(point, "point", "")
        return Placement(point, "centroid", f"the centre of a location known to the {precision}")
    territory = geography.territories.get(country) if country else None
    area = None
    note = ""
    if precision == LocationPrecision.BORDER and geography.common_lines:
        bands = [band for line in geography.common_lines if (band := geography.line_buffer(line.id, BORDER_BAND_KM))]
        area = unary_union(bands)
        if territory is not None:
            area = area.intersection(territory)
        side = f" on the {country} side" if territory is not None else ""
        note = f"somewhere within {BORDER_BAND_KM:g} km of the line{side}: no point is known"
    elif territory is not None:
        area, note = territory, f"somewhere in the territory of {country}: no point is known"
    elif geography.territories:
        area = unary_union(list(geography.territories.values()))
        note = "somewhere in the conflict's territories: no point or side is known"
    if area is None or area.is_empty:
        return Placement(None, "unplaced", "the conflict has no geometry to place it in")
    simplified = area.simplify(AREA_TOLERANCE_DEGREES, preserve_topology=True)
    return Placement(dict(mapping(simplified)), "area", note)
