"""A conflict's geography: the lines that matter, each party's version of them, and its territory.

A :class:`Geography` holds what a casebook's ``lines.yaml`` gives: lines (an international border,
a line of control, a withdrawal line, a river), each possibly with a party's own version, and the
parties' territories. It answers how far a point is from a line, on which side of the lines a
point lies, and draws the band along a line that a zone names.

Lines are generalised (they come from small-scale data or are approximations): each carries a
``tolerance_km``, the half-width of the band in which the side of a point is not decided. So
:meth:`Geography.side_of` answers ``undetermined`` near a line, ``disputed`` inside a disputed
area, and a party code only for points clearly inside that party's territory. The data must
never decide on which side of a disputed sector an event fell.

Pure: no database, web or settings imports. Geometries are in lon/lat (WGS84).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from truceline.geo.measure import PRECISION_RADIUS_KM, LocalProjection, distance_km, valid_point
from truceline.vocabulary import LocationPrecision

DISPUTED = "disputed"
UNDETERMINED = "undetermined"


@dataclass(frozen=True)
class LineGeometry:
    """A line as stored: its GeoJSON geometry and what it is."""

    id: str
    name: str
    kind: str
    geometry: Mapping[str, Any]
    version_of: str | None = None
    variant_of: str | None = None
    tolerance_km: float = 2.0
    attribution: str = ""


@dataclass(frozen=True)
class Line:
    id: str
    name: str
    kind: str
    shape: BaseGeometry
    version_of: str | None
    variant_of: str | None
    tolerance_km: float
    attribution: str


@dataclass(frozen=True)
class Geography:
    """A conflict's lines and territories (see the module doc)."""

    lines: tuple[Line, ...] = ()
    territories: Mapping[str, BaseGeometry] = field(default_factory=dict)

    @classmethod
    def from_geojson(cls, lines: Sequence[LineGeometry], territories: Mapping[str, Mapping[str, Any]]) -> Geography:
        built = []
        for line in lines:
            geom = shape(dict(line.geometry))
            shapely.prepare(geom)
            built.append(
                Line(
                    id=line.id,
                    name=line.name,
                    kind=line.kind,
                    shape=geom,
                    version_of=line.version_of,
                    variant_of=line.variant_of,
                    tolerance_km=line.tolerance_km,
                    attribution=line.attribution,
                )
            )
        areas = {}
        for party, geometry in territories.items():
            geom = shape(dict(geometry))
            shapely.prepare(geom)
            areas[party] = geom
        return cls(lines=tuple(built), territories=areas)

    # ------------------------------------------------------------------ lines

    def line(self, line_id: str) -> Line | None:
        return next((line for line in self.lines if line.id == line_id), None)

    @property
    def common_lines(self) -> tuple[Line, ...]:
        """The lines that are not one party's own version of another."""
        return tuple(line for line in self.lines if line.variant_of is None)

    def versions(self, line_id: str) -> dict[str | None, Line]:
        """A line and each party's own version of it: ``{None: the line, "XX": XX's version, …}``."""
        base = self.line(line_id)
        out: dict[str | None, Line] = {}
        if base is not None:
            out[None] = base
        for line in self.lines:
            if line.variant_of == line_id and line.version_of is not None:
                out[line.version_of] = line
        return out

    def attributions(self) -> list[str]:
        return sorted({line.attribution for line in self.lines if line.attribution})

    def distance_to_line_km(self, lat: float, lon: float, line_id: str | None = None) -> float:
        """Distance (km) from a point to a line (by default the nearest common line)."""
        if not valid_point(lat, lon):
            raise ValueError(f"not a WGS84 point: lat={lat!r}, lon={lon!r}")
        lines = [self.line(line_id)] if line_id else list(self.common_lines)
        found = [line for line in lines if line is not None]
        if not found:
            return math.inf
        return min(distance_km(lat, lon, line.shape) for line in found)

    def line_buffer(self, line_id: str, width_km: float) -> BaseGeometry | None:
        """The band of ``width_km`` on each side of a line (lon/lat polygon); None for an unknown line."""
        line = self.line(line_id)
        if line is None:
            return None
        return buffer_along(line.shape, width_km)

    # ------------------------------------------------------------------ sides

    def side_of(
        self,
        lat: float | None,
        lon: float | None,
        *,
        disputed_areas: Iterable[BaseGeometry] = (),
        precision: LocationPrecision = LocationPrecision.EXACT,
        tolerance_km: float | None = None,
    ) -> str:
        """On which side a point lies, as far as the data can tell.

        - ``disputed`` when the point is inside one of ``disputed_areas``; a disputed area wins
          over the lines, because a line does not settle a dispute;
        - a party's code when the point is inside that party's territory and farther than the
          line's tolerance plus the precision's uncertainty radius from every common line;
        - ``undetermined`` otherwise: no point, a coarse precision, too close to a line, or
          outside every territory (the sea, a third country, outside the region).
        """
        if lat is None or lon is None or not valid_point(lat, lon):
            return UNDETERMINED
        point = Point(lon, lat)
        for area in disputed_areas:
            if area.covers(point):
                return DISPUTED
        radius = PRECISION_RADIUS_KM[LocationPrecision(precision)]
        if radius is None:
            return UNDETERMINED
        for line in self.common_lines:
            tolerance = line.tolerance_km if tolerance_km is None else tolerance_km
            if distance_km(lat, lon, line.shape) <= tolerance + radius:
                return UNDETERMINED
        for party, territory in self.territories.items():
            if territory.contains(point):
                return party
        return UNDETERMINED


def buffer_along(line: BaseGeometry, width_km: float) -> BaseGeometry:
    """The band of ``width_km`` on each side of a lon/lat line, built in a projection centred on it.

    Over a line a few hundred kilometres long the band's width stays within about 1 % of
    ``width_km`` (see :mod:`truceline.geo.measure`).
    """
    centre = line.centroid
    proj = LocalProjection(centre.y, centre.x)
    geom = proj.inverse(proj.forward(line).buffer(width_km, quad_segs=16))
    shapely.prepare(geom)
    return geom
