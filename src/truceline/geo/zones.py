"""Zones as shapely geometries, and whether a (possibly imprecise) point lies in one.

A zone is one of

- ``line_buffer``: the band of ``width_km`` on each side of one of the conflict's lines,
- ``site_area``: a disc of ``radius_km`` around a gazetteer place, or
- ``area``: a polygon given in the casebook's GeoJSON (south of a river, a buffer zone).

This module is the one place zones become geometry, for compliance, the map and the tests alike.
Geometries are built in a local tangent-plane projection (km) and returned in lon/lat (WGS84), so
they can be drawn on a map and tested against lon/lat points directly (see
:func:`truceline.geo.lines.buffer_along` for the band's accuracy); a site disc is built around its
own centre and is exact to < 0.1 %.

The precision rule (:func:`zone_contains`)
-----------------------------------------
A point is known only to within the radius that its location precision implies
(:data:`truceline.geo.measure.PRECISION_RADIUS_KM`: exact 0 km, near 25 km, district 50 km,
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

import json
import math
from collections.abc import Iterable, Mapping
from typing import Protocol

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from truceline.geo.lines import Geography, buffer_along
from truceline.geo.measure import PRECISION_RADIUS_KM, LocalProjection
from truceline.vocabulary import LocationPrecision

_DISC_SEGMENTS = 64  # quad_segs=16 -> 64 vertices around a disc


class ZoneShape(Protocol):
    """What a zone's geometry is built from (the store's zones and the compliance records have it)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def line_id(self) -> str | None: ...
    @property
    def width_km(self) -> float | None: ...
    @property
    def place_id(self) -> str | None: ...
    @property
    def radius_km(self) -> float | None: ...
    @property
    def area_geojson(self) -> str | None: ...


class Pointed(Protocol):
    """Anything with an optional point: a place as a ``site_area`` zone needs it."""

    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...


class Located(Pointed, Protocol):
    """Anything with an id, a country and an optional point: schema.Place, GazetteerPlace."""

    @property
    def id(self) -> str: ...
    @property
    def country(self) -> str: ...


def disc(lat: float, lon: float, radius_km: float) -> BaseGeometry:
    """A disc of ``radius_km`` around a point, as a lon/lat polygon that *contains* the true disc.

    The polygon circumscribes the circle (its radius is scaled by 1/cos(pi/n)), so a point in the
    true disc is always in the polygon; this errs on the side of "the disc may reach the edge".
    """
    proj = LocalProjection(lat, lon)
    scale = 1.0 / math.cos(math.pi / _DISC_SEGMENTS)
    return proj.inverse(Point(0.0, 0.0).buffer(radius_km * scale, quad_segs=_DISC_SEGMENTS // 4))


def zone_geometry(
    zone: ZoneShape, geography: Geography | None = None, places: Mapping[str, Pointed] | None = None
) -> BaseGeometry:
    """Build the lon/lat geometry of a zone.

    ``geography`` holds the conflict's lines (for a ``line_buffer``); ``places`` maps place ids to
    places (a :class:`~truceline.geo.gazetteer.Gazetteer` works too), for a ``site_area``. Raises
    ``ValueError`` when the line or place is unknown or the place has no coordinates: a zone that
    cannot be drawn must not be guessed.
    """
    if zone.kind == "line_buffer":
        if geography is None or zone.line_id is None or zone.width_km is None:
            raise ValueError(f"zone {zone.id!r}: a line_buffer needs the conflict's lines, a line and a width")
        geom = geography.line_buffer(zone.line_id, zone.width_km)
        if geom is None:
            raise ValueError(f"zone {zone.id!r}: the conflict has no line {zone.line_id!r}")
    elif zone.kind == "site_area":
        if zone.place_id is None or zone.radius_km is None:
            raise ValueError(f"zone {zone.id!r}: a site_area needs a place and a radius")
        if places is None or zone.place_id not in places:
            raise ValueError(f"zone {zone.id!r}: place {zone.place_id!r} is not in the gazetteer")
        place = places[zone.place_id]
        if place.lat is None or place.lon is None:
            raise ValueError(f"zone {zone.id!r}: place {zone.place_id!r} has no coordinates")
        geom = disc(place.lat, place.lon, zone.radius_km)
    elif zone.kind == "area":
        if not zone.area_geojson:
            raise ValueError(f"zone {zone.id!r}: an area needs its polygon")
        geom = shape(json.loads(zone.area_geojson))
    else:
        raise ValueError(f"zone {zone.id!r}: unknown kind {zone.kind!r}")
    shapely.prepare(geom)
    return geom


def zone_geometry_or_none(
    zone: ZoneShape, geography: Geography | None = None, places: Mapping[str, Pointed] | None = None
) -> BaseGeometry | None:
    """Like :func:`zone_geometry`, but ``None`` for a zone that cannot be drawn.

    Pass the result straight to :func:`zone_contains`, which answers ``None`` for it.
    """
    try:
        return zone_geometry(zone, geography, places)
    except ValueError:
        return None


def zone_versions(
    zone: ZoneShape, geography: Geography | None = None, places: Mapping[str, Pointed] | None = None
) -> dict[str | None, BaseGeometry | None]:
    """A zone under the common line and under each party's own version of it.

    ``{None: the zone}`` for zones that do not follow a line, or whose line no party draws
    differently; a ``line_buffer`` along a line with versions adds ``{"XX": the band along XX's line}``.
    """
    out: dict[str | None, BaseGeometry | None] = {None: zone_geometry_or_none(zone, geography, places)}
    if zone.kind == "line_buffer" and geography is not None and zone.line_id and zone.width_km:
        for party, line in geography.versions(zone.line_id).items():
            if party is not None:
                out[party] = buffer_along(line.shape, zone.width_km)
    return out


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
