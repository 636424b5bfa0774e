from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from shapely.geometry import Point

from truceline.compliance.records import ZoneRecord
from truceline.geo.lines import Geography
from truceline.geo.measure import LocalProjection
from truceline.geo.zones import disc, zone_contains, zone_geometry, zone_geometry_or_none, zone_versions
from truceline.vocabulary import LocationPrecision

BORDER = "th-kh-border"


def _line(geography: Geography):
    line = geography.line(BORDER)
    assert line is not None
    return line.shape


def _point_km_from_line(geography: Geography, km: float, toward_th: bool = True) -> tuple[float, float]:
    """A point ``km`` from the line, found by walking north-west (into Thailand) from a line vertex."""
    lon, lat = _line(geography).interpolate(0.3, normalized=True).coords[0]
    proj = LocalProjection(lat, lon)
    line_km = proj.forward(_line(geography))
    step = 1 if toward_th else -1
    # walk perpendicular-ish (north) until the distance reaches km
    for i in range(1, 100000):
        p = Point(0.0, step * i * 0.001)
        if line_km.distance(p) >= km:
            q = proj.inverse(p)
            return q.y, q.x
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def buffer_5km(geography):
    zone = ZoneRecord(id="border-5km", name="5 km each side", kind="line_buffer", line_id=BORDER, width_km=5)
    return zone_geometry(zone, geography)


def test_a_point_1km_from_the_line_is_in_a_5km_buffer(buffer_5km, geography):
    lat, lon = _point_km_from_line(geography, 1.0)
    assert geography.distance_to_line_km(lat, lon) == pytest.approx(1.0, abs=0.05)
    assert zone_contains(buffer_5km, lat, lon) is True


def test_a_point_8km_from_the_line_is_outside_a_5km_buffer(buffer_5km, geography):
    lat, lon = _point_km_from_line(geography, 8.0)
    assert zone_contains(buffer_5km, lat, lon) is False


def test_buffer_width_is_accurate(buffer_5km, geography):
    inside = _point_km_from_line(geography, 4.9)
    outside = _point_km_from_line(geography, 5.1)
    assert zone_contains(buffer_5km, *inside) is True
    assert zone_contains(buffer_5km, *outside) is False


def test_coarse_precision_cannot_be_placed_in_a_small_zone(buffer_5km, gazetteer, geography):
    lat, lon = _point_km_from_line(geography, 1.0)
    for precision in (
        LocationPrecision.PROVINCE,
        LocationPrecision.BORDER,
        LocationPrecision.COUNTRY,
        LocationPrecision.UNKNOWN,
    ):
        assert zone_contains(buffer_5km, lat, lon, precision) is None
    # but a province-level point far from the border is certainly not in the band
    sisaket = gazetteer["sisaket"]
    assert zone_contains(buffer_5km, sisaket.lat, sisaket.lon, LocationPrecision.DISTRICT) is False
    assert zone_contains(buffer_5km, None, None) is None


def test_site_area_disc(gazetteer):
    zone = ZoneRecord(
        id="pv-3km", name="Preah Vihear 3 km", kind="site_area", place_id="preah-vihear-temple", radius_km=3
    )
    geom = zone_geometry(zone, None, gazetteer)
    temple = gazetteer["preah-vihear-temple"]
    assert zone_contains(geom, temple.lat, temple.lon) is True
    assert zone_contains(geom, temple.lat + 2.5 / 110.6, temple.lon) is True
    assert zone_contains(geom, temple.lat + 3.2 / 110.6, temple.lon) is False
    # a large zone can hold a 'near' point whose whole 25 km disc fits inside
    big = zone_geometry(replace(zone, radius_km=100), None, gazetteer)
    assert zone_contains(big, temple.lat, temple.lon, LocationPrecision.NEAR) is True


def test_site_area_needs_a_located_place(gazetteer):
    zone = ZoneRecord(id="bok", name="Chong Bok", kind="site_area", place_id="chong-bok", radius_km=2)
    with pytest.raises(ValueError, match="no coordinates"):
        zone_geometry(zone, None, gazetteer)
    with pytest.raises(ValueError, match="not in the gazetteer"):
        zone_geometry(replace(zone, place_id="nowhere"), None, gazetteer)
    assert zone_geometry_or_none(zone, None, gazetteer) is None
    assert zone_contains(zone_geometry_or_none(zone, None, gazetteer), 14.5, 105.0) is None


def test_a_band_along_an_unknown_line_cannot_be_drawn(geography):
    zone = ZoneRecord(id="band", name="band", kind="line_buffer", line_id="no-such-line", width_km=5)
    with pytest.raises(ValueError, match="no line"):
        zone_geometry(zone, geography)
    assert zone_versions(zone, geography) == {None: None}


def test_an_area_zone_is_its_polygon():
    square = '{"type": "Polygon", "coordinates": [[[104, 13], [104.1, 13], [104.1, 13.1], [104, 13.1], [104, 13]]]}'
    zone = ZoneRecord(id="sq", name="square", kind="area", area_geojson=square)
    geom = zone_geometry(zone)
    assert zone_contains(geom, 13.05, 104.05) is True
    assert zone_contains(geom, 13.5, 104.05) is False


def test_disc_contains_its_circle():
    d = disc(13.0, 104.0, 10.0)
    proj = LocalProjection(13.0, 104.0)
    ring = proj.forward(d)
    assert ring.area == pytest.approx(3.14159 * 100, rel=0.01)


def test_a_band_along_a_line_the_parties_draw_differently_has_a_version_for_each() -> None:
    from truceline.compliance.records import IncidentFacts, Records
    from truceline.compliance.services import zone_index
    from truceline.geo.lines import LineGeometry
    from truceline.vocabulary import DatePrecision, IncidentKind

    def meridian(lon: float) -> dict[str, object]:
        return {"type": "LineString", "coordinates": [[lon, 13.0], [lon, 14.0]]}

    geography = Geography.from_geojson(
        lines=[
            LineGeometry(id="line", name="agreed", kind="line_of_control", geometry=meridian(104.0)),
            LineGeometry(
                id="line-a",
                name="as A draws it",
                kind="line_of_control",
                geometry=meridian(104.2),
                version_of="A",
                variant_of="line",
            ),
        ],
        territories={},
    )
    zone = ZoneRecord(id="band", name="5 km band", kind="line_buffer", line_id="line", width_km=5)
    versions = zone_versions(zone, geography)
    assert set(versions) == {None, "A"}
    on_a_line = (13.5, 104.2)  # ~21.6 km east of the agreed line, on A's
    assert zone_contains(versions[None], *on_a_line) is False
    assert zone_contains(versions["A"], *on_a_line) is True
    index = zone_index(Records(zones=(zone,)), geography)
    incident = IncidentFacts(
        id="i",
        kind=IncidentKind.SHELLING,
        date_start=dt.date(2026, 1, 1),
        date_end=dt.date(2026, 1, 1),
        date_precision=DatePrecision.DAY,
        lat=on_a_line[0],
        lon=on_a_line[1],
        location_precision=LocationPrecision.EXACT,
    )
    assert index.contains_by_line("band", incident) == {None: False, "A": True}
