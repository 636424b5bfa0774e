"""The Thailand-Cambodia border: the bundled line and country polygons, distances, sides.

Data
----
``data/th_kh_border.geojson`` is cut from Natural Earth 1:10m admin-0 countries (public domain;
"Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com") by
``scripts/build_border_geojson.py``. It is *generalised*: the line can be off the true boundary
by hundreds of metres to kilometres, and it knows nothing of the disputed sectors. That is why
:func:`side_of_border` answers ``undetermined`` within ``tolerance_km`` of the line and
``disputed`` inside a known disputed area: the line must never decide on which side of a
disputed sector an event fell.

Distances
---------
Distances use a *local tangent-plane* (equirectangular) projection centred on the point being
measured, with the WGS84 meridional and prime-vertical radii of curvature at that latitude::

    x = N(lat0) * cos(lat0) * (lon - lon0)      y = M(lat0) * (lat - lat0)     (radians, km)

Near the centre this is the ellipsoid's own metric: the scale error grows with the square of the
distance from the centre and stays below 0.1 % within ~100 km and below ~1.5 % anywhere in the
region (10-16 N), far below the line's own generalisation error. An equirectangular projection is
an affine map of lon/lat, so containment (point in polygon) is the same in both; only lengths
need it. pyproj is not used, to keep the pure core light.

Everything here is pure: no database, web or settings imports; the GeoJSON is read once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from truceline.vocabulary import LocationPrecision, Side

DATA_FILE = "th_kh_border.geojson"

#: default half-width (km) of the band around the line where the side is not decided:
#: the 1:10m line's generalisation error along this border is of the order of a kilometre
DEFAULT_TOLERANCE_KM = 2.0

# WGS84 ellipsoid
_A_KM = 6378.137
_E2 = 6.69437999014e-3

#: how far (km) the true position may be from a point given with this precision. ``None``: the
#: point says nothing useful about the position (a linear feature, a country, unknown).
#: EXACT is the named site itself; NEAR follows UCDP (within ~25 km); a district or province
#: point is its seat or centroid, and these radii cover the largest Thai amphoe / Cambodian srok
#: and the border provinces of the region, measured from their seat.
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


@dataclass(frozen=True)
class BorderData:
    line: BaseGeometry
    countries: dict[str, BaseGeometry]
    attribution: str
    metadata: dict[str, Any]


def _read_geojson() -> dict[str, Any]:
    ref = resources.files("truceline.geo").joinpath("data", DATA_FILE)
    return json.loads(ref.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_border_data() -> BorderData:
    """Read and index the bundled GeoJSON once (cached); geometries are prepared for speed."""
    collection = _read_geojson()
    line: BaseGeometry | None = None
    countries: dict[str, BaseGeometry] = {}
    for feature in collection["features"]:
        props = feature.get("properties") or {}
        geom = shape(feature["geometry"])
        shapely.prepare(geom)
        if props.get("role") == "border":
            line = geom
        elif props.get("role") == "country":
            countries[str(props["iso"])] = geom
    if line is None or set(countries) != {"TH", "KH"}:
        raise ValueError(f"{DATA_FILE} needs one 'border' feature and 'country' features TH and KH")
    metadata = {k: v for k, v in collection.items() if k != "features"}
    return BorderData(line=line, countries=countries, attribution=collection["attribution"], metadata=metadata)


def border_line() -> BaseGeometry:
    """The TH-KH land boundary (lon/lat), generalised at 1:10m."""
    return load_border_data().line


def country_polygons() -> dict[str, BaseGeometry]:
    """``{"TH": ..., "KH": ...}``: the two countries clipped to the region box (lon/lat)."""
    return dict(load_border_data().countries)


def attribution() -> str:
    return load_border_data().attribution


def _valid(lat: float, lon: float) -> bool:
    return math.isfinite(lat) and math.isfinite(lon) and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


def distance_km(lat: float, lon: float, geom: BaseGeometry) -> float:
    """Distance (km) from a point to any lon/lat geometry, in a projection centred on the point."""
    proj = LocalProjection(lat, lon)
    return float(proj.forward(geom).distance(Point(0.0, 0.0)))


def distance_to_border_km(lat: float, lon: float) -> float:
    """Distance (km) from a point to the generalised border line (see the module doc for error)."""
    if not _valid(lat, lon):
        raise ValueError(f"not a WGS84 point: lat={lat!r}, lon={lon!r}")
    return distance_km(lat, lon, border_line())


def side_of_border(
    lat: float | None,
    lon: float | None,
    *,
    disputed_areas: Iterable[BaseGeometry] = (),
    tolerance_km: float = DEFAULT_TOLERANCE_KM,
    precision: LocationPrecision = LocationPrecision.EXACT,
) -> Side:
    """On which side of the border a point lies, as far as the data can tell.

    - ``disputed`` when the point is inside one of ``disputed_areas`` (lon/lat geometries, e.g.
      from :func:`truceline.geo.zones.disputed_areas_from_places`); a disputed area wins over
      the line, because the line does not settle disputes;
    - ``TH`` / ``KH`` when the point is inside that country's polygon and farther than
      ``tolerance_km`` plus the precision's uncertainty radius (:data:`PRECISION_RADIUS_KM`)
      from the line;
    - ``undetermined`` otherwise: no point, a coarse precision (border, country, unknown), too
      close to the line, or outside both polygons (sea, Laos, outside the region box).
    """
    if lat is None or lon is None or not _valid(lat, lon):
        return Side.UNDETERMINED
    point = Point(lon, lat)
    for area in disputed_areas:
        if area.covers(point):
            return Side.DISPUTED
    radius = PRECISION_RADIUS_KM[LocationPrecision(precision)]
    if radius is None:
        return Side.UNDETERMINED
    if distance_to_border_km(lat, lon) <= tolerance_km + radius:
        return Side.UNDETERMINED
    for iso, polygon in load_border_data().countries.items():
        if polygon.contains(point):
            return Side(iso)
    return Side.UNDETERMINED
