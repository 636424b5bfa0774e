"""Zones as shapely geometries, and whether a (possibly imprecise) point lies in one.

A :class:`~truceline.casebooks.schema.Zone` is either

- ``border_buffer``: the band of ``width_km`` on each side of the (generalised) border line, or
- ``site_area``: a disc of ``radius_km`` around a gazetteer place.

Geometries are built in a local tangent-plane projection (km) and returned in lon/lat (WGS84), so
they can be drawn on a map and tested against lon/lat points directly. The border band is built in
a projection centred on the line (latitudes 11.6-14.5 N): its width is within 0.6 % of
``width_km`` everywhere; a site disc is built around its own centre and is exact to < 0.1 %.

The precision rule (:func:`zone_contains`)
-----------------------------------------
A point is known only to within the radius that its location precision implies
(:data:`truceline.geo.border.PRECISION_RADIUS_KM`: exact 0 km, near 25 km, district 50 km,
province 150 km; border, country and unknown: no useful radius). The answer is

- ``True`` when the whole disc of possible positions lies inside the zone,
- ``False`` when the whole disc lies outside it,
- ``None`` ("undetermined") when the disc straddles the zone's edge, when the precision is
  border/country/unknown, or when there is no point at all.

So a point given only to its province can never be placed inside a 5 km band (the disc is far
wider than the band), but a province-level point 300 km from the border is correctly *not* in it.
We never guess.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Protocol

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from truceline.casebooks.schema import Zone
from truceline.geo.border import PRECISION_RADIUS_KM, LocalProjection, border_line
from truceline.vocabulary import LocationPrecision

_DISC_SEGMENTS = 64  # quad_segs=16 -> 64 vertices around a disc


class Located(Protocol):
    """Anything with an id, a country and an optional point: schema.Place, GazetteerPlace."""

    @property
    def id(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...


def disc(lat: float, lon: float, radius_km: float) -> BaseGeometry:
    """A disc of ``radius_km`` around a point, as a lon/lat polygon that *contains* the true disc.

    The polygon circumscribes the circle (its radius is scaled by 1/cos(pi/n)), so a point in the
    true disc is always in the polygon; this errs on the side of "the disc may reach the edge".
    """
    proj = LocalProjection(lat, lon)
    scale = 1.0 / math.cos(math.pi / _DISC_SEGMENTS)
    return proj.inverse(Point(0.0, 0.0).buffer(radius_km * scale, quad_segs=_DISC_SEGMENTS // 4))


def border_buffer(width_km: float) -> BaseGeometry:
    """The band of ``width_km`` on each side of the generalised border line (lon/lat polygon)."""
    line = border_line()
    centre = line.centroid
    proj = LocalProjection(centre.y, centre.x)
    return proj.inverse(proj.forward(line).buffer(width_km, quad_segs=16))


def zone_geometry(zone: Zone, places: Mapping[str, Located] | None = None) -> BaseGeometry:
    """Build the lon/lat geometry of a zone.

    ``places`` maps place ids to places (a :class:`~truceline.geo.gazetteer.Gazetteer` works too);
    it is needed for a ``site_area``. Raises ``ValueError`` when the place is unknown or has no
    coordinates: a zone around an unlocated place cannot be drawn, and must not be guessed.
    """
    if zone.kind == "border_buffer":
        assert zone.width_km is not None  # schema guarantees it
        geom = border_buffer(zone.width_km)
    else:
        assert zone.place is not None and zone.radius_km is not None  # schema guarantees it
        if places is None or zone.place not in places:
            raise ValueError(f"zone {zone.id!r}: place {zone.place!r} is not in the gazetteer")
        place = places[zone.place]
        if place.lat is None or place.lon is None:
            raise ValueError(f"zone {zone.id!r}: place {zone.place!r} has no coordinates")
        geom = disc(place.lat, place.lon, zone.radius_km)
    shapely.prepare(geom)
    return geom


def zone_geometry_or_none(zone: Zone, places: Mapping[str, Located] | None = None) -> BaseGeometry | None:
    """Like :func:`zone_geometry`, but ``None`` for a zone that cannot be drawn (unlocated place).

    Pass the result straight to :func:`zone_contains`, which answers ``None`` for it.
    """
    try:
        return zone_geometry(zone, places)
    except ValueError:
        return None


def zone_contains(
    zone_geometry: BaseGeometry | None,
    lat: float | None,
    lon: float | None,
    precision: LocationPrecision = LocationPrecision.EXACT,
) -> bool | None:
    """Whether a point lies in a zone, or ``None`` when that cannot be told (see the module doc).

    ``zone_geometry`` may be ``None`` (a zone around a place without coordinates): the answer is
    then ``None`` too.
    """
    if zone_geometry is None or lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    radius = PRECISION_RADIUS_KM[LocationPrecision(precision)]
    if radius is None:
        return None
    if radius == 0.0:
        return bool(zone_geometry.covers(Point(lon, lat)))
    possible = disc(lat, lon, radius)
    if zone_geometry.contains(possible):
        return True
    if zone_geometry.disjoint(possible):
        return False
    return None


def disputed_areas_from_places(places: Iterable[Located], radius_km: float = 1.0) -> list[BaseGeometry]:
    """Discs of ``radius_km`` around every located place whose country is ``disputed``.

    A simple, explicit stand-in for surveyed disputed sectors: pass the result as
    ``disputed_areas`` to :func:`truceline.geo.border.side_of_border`.
    """
    out: list[BaseGeometry] = []
    for place in places:
        if place.country == "disputed" and place.lat is not None and place.lon is not None:
            geom = disc(place.lat, place.lon, radius_km)
            shapely.prepare(geom)
            out.append(geom)
    return out
