"""A conflict's map as SVG, drawn on the server from the geometry its casebook ships.

No tiles and no script: the parties' territories and the conflict's lines come from the store
(:func:`truceline.conflicts.services.conflict_geography`), projected equirectangularly with the
longitude scaled by the cosine of the view's middle latitude, which is true to a few per cent
over a region a few hundred kilometres across. The view is the lines' extent with a margin.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shapely.geometry import LineString, MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from truceline.domain.conflict import ConflictDefinition
from truceline.geo.lines import Geography

WIDTH = 720.0
#: the margin around the lines' extent, as a share of its larger side (at least ``MIN_MARGIN`` degrees)
MARGIN, MIN_MARGIN = 0.2, 0.3
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


def view_of(conflict: ConflictDefinition, geography: Geography) -> Projection:
    """The view of a conflict's map: its lines' extent with a margin, within its region box."""
    lines = [line.shape for line in geography.common_lines]
    west, south, east, north = conflict.info.bbox
    if lines:
        lw, ls, le, ln = unary_union(lines).bounds
        margin = max(MIN_MARGIN, MARGIN * max(le - lw, ln - ls))
        west, south = max(west, lw - margin), max(south, ls - margin)
        east, north = min(east, le + margin), min(north, ln + margin)
    return Projection(west, south, east, north, width=WIDTH)


def _ring(projection: Projection, coords: Iterable[Any], close: bool) -> str:
    points = [projection.xy(x, y) for x, y, *_ in coords]
    if not points:
        return ""
    body = "L".join(f"{x},{y}" for x, y in points[1:])
    start = f"M{points[0][0]},{points[0][1]}"
    return start + ("L" + body if body else "") + ("Z" if close else "")


def path_data(geometry: BaseGeometry, projection: Projection) -> str:
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


def base_map(conflict: ConflictDefinition, geography: Geography) -> dict[str, Any]:
    """The parties' territories, the conflict's lines and the attribution, projected for the view."""
    projection = view_of(conflict, geography)
    frame = box(projection.west, projection.south, projection.east, projection.north)
    countries = []
    for party, territory in sorted(geography.territories.items(), key=lambda t: conflict.principal_order(t[0])):
        visible = territory.intersection(frame)
        if visible.is_empty:
            continue
        label = visible.representative_point()
        countries.append(
            {
                "iso": party,
                "d": path_data(visible, projection),
                "label": conflict.display_name(party),
                "xy": projection.xy(label.x, label.y),
            }
        )
    return {
        "width": projection.width,
        "height": projection.height,
        "projection": projection,
        "title": conflict.title,
        "countries": countries,
        "lines": [
            {"id": line.id, "name": line.name, "kind": line.kind, "d": path_data(line.shape, projection)}
            for line in geography.lines
        ],
        "attribution": "; ".join(geography.attributions()),
    }


def marker_radius(casualties: int | None, count: int = 1) -> float:
    """Radius (px): 4 for an incident without casualties, growing with the square root, at most 16."""
    if count > 1:
        return round(min(16.0, 3.0 + 2.0 * math.sqrt(count)), 1)
    return round(min(16.0, 4.0 + 1.6 * math.sqrt(casualties or 0)), 1)


def place_markers(items: list[dict[str, Any]], projection: Projection) -> list[dict[str, Any]]:
    """Markers inside the view with their pixel position and radius, biggest first (small ones on top)."""
    placed = []
    for item in items:
        if not projection.contains(item["lon"], item["lat"]):
            continue
        x, y = projection.xy(item["lon"], item["lat"])
        placed.append(item | {"x": x, "y": y, "r": marker_radius(item["casualties"], item["count"])})
    placed.sort(key=lambda m: -m["r"])
    return placed


def scale_bar(projection: Projection, km: int = 100) -> dict[str, float]:
    mid = math.radians((projection.south + projection.north) / 2)
    degrees = km / (111.32 * math.cos(mid))
    return {"km": km, "length": round(degrees * projection.kx, 1)}
