"""Distances in kilometres, and how far a point of a given precision may be from the truth.

Distances use a *local tangent-plane* (equirectangular) projection centred on the point being
measured, with the WGS84 meridional and prime-vertical radii of curvature at that latitude::

    x = N(lat0) * cos(lat0) * (lon - lon0)      y = M(lat0) * (lat - lat0)     (radians, km)

Near the centre this is the ellipsoid's own metric: the scale error grows with the square of the
distance from the centre and stays below 0.1 % within ~100 km and below ~2 % within 500 km,
far below the generalisation error of the lines we measure against. An equirectangular
projection is an affine map of lon/lat, so containment (point in polygon) is the same in both;
only lengths need it. pyproj is not used, to keep the pure core light.

Everything here is pure: no database, web or settings imports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from truceline.vocabulary import LocationPrecision

# WGS84 ellipsoid
_A_KM = 6378.137
_E2 = 6.69437999014e-3

#: how far (km) the true position may be from a point given with this precision. ``None``: the
#: point says nothing useful about the position (a linear feature, a country, unknown).
#: EXACT is the named site itself; NEAR follows UCDP (within ~25 km); a district or province
#: point is its seat or centroid, and these radii cover large districts and provinces measured
#: from their seat.
PRECISION_RADIUS_KM: dict[LocationPrecision, float | None] = {
    LocationPrecision.EXACT: 0.0,
    LocationPrecision.NEAR: 25.0,
    LocationPrecision.DISTRICT: 50.0,
    LocationPrecision.PROVINCE: 150.0,
    LocationPrecision.BORDER: None,
    LocationPrecision.COUNTRY: None,
    LocationPrecision.UNKNOWN: None,
}


@dataclass(frozen=True)
class LocalProjection:
    """A local tangent-plane projection (km) centred on ``lat0``/``lon0``; see the module doc."""

    lat0: float
    lon0: float

    @property
    def _scales(self) -> tuple[float, float]:
        phi = math.radians(self.lat0)
        w = 1.0 - _E2 * math.sin(phi) ** 2
        n = _A_KM / math.sqrt(w)  # prime vertical radius of curvature
        m = _A_KM * (1.0 - _E2) / w**1.5  # meridional radius of curvature
        return n * math.cos(phi) * math.pi / 180.0, m * math.pi / 180.0

    def forward(self, geom: BaseGeometry) -> BaseGeometry:
        """lon/lat degrees -> x/y km."""
        kx, ky = self._scales
        lon0, lat0 = self.lon0, self.lat0
        return shapely.transform(geom, lambda c: (c - (lon0, lat0)) * (kx, ky))

    def inverse(self, geom: BaseGeometry) -> BaseGeometry:
        """x/y km -> lon/lat degrees."""
        kx, ky = self._scales
        lon0, lat0 = self.lon0, self.lat0
        return shapely.transform(geom, lambda c: c / (kx, ky) + (lon0, lat0))


def valid_point(lat: float, lon: float) -> bool:
    return math.isfinite(lat) and math.isfinite(lon) and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


def distance_km(lat: float, lon: float, geom: BaseGeometry) -> float:
    """Distance (km) from a point to any lon/lat geometry, in a projection centred on the point."""
    proj = LocalProjection(lat, lon)
    return float(proj.forward(geom).distance(Point(0.0, 0.0)))
