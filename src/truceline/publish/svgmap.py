"""The border map as SVG, drawn on the server from the bundled Natural Earth geometry.

No tiles and no script: the countries and the border line come from ``geo/data/th_kh_border.geojson``
(via ``truceline.geo.border``), projected equirectangularly with the longitude scaled by the
cosine of the view's middle latitude, which is true to a few per cent over this small area.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

#: the map's view: west, south, east, north (degrees) — the whole border with a margin
VIEW = (102.0, 11.2, 105.9, 14.9)
WIDTH = 720.0
#: simplification tolerance (degrees) of the drawn outlines: about 500 m, finer than a pixel
SIMPLIFY = 0.004


@dataclass(frozen=True)
class Projection:
    west: float
    south: float
    east: float
    north: float
    width: float

    @property
    def kx(self) -> float:
        """Pixels per degree of longitude."""
        return self.width / (self.east - self.west)

    @property
    def ky(self) -> float:
        """Pixels per degree of latitude: a degree of longitude is cos(lat) as long."""
        mid = math.radians((self.south + self.north) / 2)
        return self.kx / math.cos(mid)

    @property
    def height(self) -> float:
        return round((self.north - self.south) * self.ky, 1)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return round((lon - self.west) * self.kx, 1), round((self.north - lat) * self.ky, 1)

    def contains(self, lon: float | None, lat: float | None) -> bool:
        return lon is not None and lat is not None and self.west <= lon <= self.east and self.south <= lat <= self.north


PROJECTION = Projection(*VIEW, width=WIDTH)


def _ring(projection: Projection, coords: Iterable[Any], close: bool) -> str:
    points = [projection.xy(x, y) for x, y, *_ in coords]
    if not points:
        return ""
    body = "L".join(f"{x},{y}" for x, y in points[1:])
    start = f"M{points[0][0]},{points[0][1]}"
    return start + ("L" + body if body else "") + ("Z" if close else "")


def path_data(geometry: BaseGeometry, projection: Projection = PROJECTION) -> str:
    """An SVG path ``d`` for a (multi)polygon or (multi)line in lon/lat."""
    geometry = geometry.simplify(SIMPLIFY, preserve_topology=True)
    parts: list[str] = []
    polygons = list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]
    for part in polygons:
        if isinstance(part, Polygon):
            parts.append(_ring(projection, part.exterior.coords, True))
            parts.extend(_ring(projection, hole.coords, True) for hole in part.interiors)
        elif isinstance(part, LineString):
            parts.append(_ring(projection, part.coords, False))
        elif hasattr(part, "geoms"):
            parts.extend(_ring(projection, line.coords, False) for line in part.geoms)
    return "".join(parts)


@lru_cache(maxsize=1)
def base_map() -> dict[str, Any]:
    """The countries, the border and the attribution, projected once per process."""
    from truceline.geo.border import attribution, border_line, country_polygons

    countries = country_polygons()
    labels = {"TH": ("Thailand", 102.5, 14.55), "KH": ("Cambodia", 104.2, 12.3)}
    return {
        "width": PROJECTION.width,
        "height": PROJECTION.height,
        "countries": [
            {"iso": iso, "d": path_data(geometry), "label": labels[iso][0], "xy": PROJECTION.xy(*labels[iso][1:])}
            for iso, geometry in sorted(countries.items())
        ],
        "border": path_data(border_line()),
        "attribution": attribution(),
    }


def marker_radius(casualties: int | None, count: int = 1) -> float:
    """Radius (px): 4 for an incident without casualties, growing with the square root, at most 16."""
    if count > 1:
        return round(min(16.0, 3.0 + 2.0 * math.sqrt(count)), 1)
    return round(min(16.0, 4.0 + 1.6 * math.sqrt(casualties or 0)), 1)


def place_markers(items: list[dict[str, Any]], projection: Projection = PROJECTION) -> list[dict[str, Any]]:
    """Markers inside the view with their pixel position and radius, biggest first (small ones on top)."""
    placed = []
    for item in items:
        if not projection.contains(item["lon"], item["lat"]):
            continue
        x, y = projection.xy(item["lon"], item["lat"])
        placed.append(item | {"x": x, "y": y, "r": marker_radius(item["casualties"], item["count"])})
    placed.sort(key=lambda m: -m["r"])
    return placed


def scale_bar(projection: Projection = PROJECTION, km: int = 100) -> dict[str, float]:
    mid = math.radians((projection.south + projection.north) / 2)
    degrees = km / (111.32 * math.cos(mid))
    return {"km": km, "length": round(degrees * projection.kx, 1)}
