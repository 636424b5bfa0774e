from __future__ import annotations

import pytest
from shapely.geometry import Point

from truceline.domain.schema import Zone
from truceline.geo.border import LocalProjection, border_line, distance_to_border_km
from truceline.geo.zones import disc, zone_contains, zone_geometry, zone_geometry_or_none
from truceline.vocabulary import LocationPrecision


def _point_km_from_line(km: float, toward_th: bool = True) -> tuple[float, float]:
    """A point ``km`` from the line, found by walking north-west (into Thailand) from a line vertex."""
    lon, lat = border_line().interpolate(0.3, normalized=True).coords[0]
    proj = LocalProjection(lat, lon)
    line_km = proj.forward(border_line())
    step = 1 if toward_th else -1
    # walk perpendicular-ish (north) until the distance reaches km
    for i in range(1, 100000):
        p = Point(0.0, step * i * 0.001)
        if line_km.distance(p) >= km:
            q = proj.inverse(p)
            return q.y, q.x
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def buffer_5km():
    return zone_geometry(Zone(id="border-5km", name="5 km each side", kind="border_buffer", width_km=5))


def test_a_point_1km_from_the_line_is_in_a_5km_buffer(buffer_5km):
    lat, lon = _point_km_from_line(1.0)
    assert distance_to_border_km(lat, lon) == pytest.approx(1.0, abs=0.05)
    assert zone_contains(buffer_5km, lat, lon) is True


def test_a_point_8km_from_the_line_is_outside_a_5km_buffer(buffer_5km):
    lat, lon = _point_km_from_line(8.0)
    assert zone_contains(buffer_5km, lat, lon) is False


def test_buffer_width_is_accurate(buffer_5km):
    inside = _point_km_from_line(4.9)
    outside = _point_km_from_line(5.1)
    assert zone_contains(buffer_5km, *inside) is True
    assert zone_contains(buffer_5km, *outside) is False


def test_coarse_precision_cannot_be_placed_in_a_small_zone(buffer_5km, gazetteer):
    lat, lon = _point_km_from_line(1.0)
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
    zone = Zone(id="pv-3km", name="Preah Vihear 3 km", kind="site_area", place="preah-vihear-temple", radius_km=3)
    geom = zone_geometry(zone, gazetteer)
    temple = gazetteer["preah-vihear-temple"]
    assert zone_contains(geom, temple.lat, temple.lon) is True
    assert zone_contains(geom, temple.lat + 2.5 / 110.6, temple.lon) is True
    assert zone_contains(geom, temple.lat + 3.2 / 110.6, temple.lon) is False
    # a large zone can hold a 'near' point whose whole 25 km disc fits inside
    big = zone_geometry(zone.model_copy(update={"radius_km": 100}), gazetteer)
    assert zone_contains(big, temple.lat, temple.lon, LocationPrecision.NEAR) is True


def test_site_area_needs_a_located_place(gazetteer):
    zone = Zone(id="bok", name="Chong Bok", kind="site_area", place="chong-bok", radius_km=2)
    with pytest.raises(ValueError, match="no coordinates"):
        zone_geometry(zone, gazetteer)
    with pytest.raises(ValueError, match="not in the gazetteer"):
        zone_geometry(zone.model_copy(update={"place": "nowhere"}), gazetteer)
    assert zone_geometry_or_none(zone, gazetteer) is None
    assert zone_contains(zone_geometry_or_none(zone, gazetteer), 14.5, 105.0) is None


def test_disc_contains_its_circle():
    d = disc(13.0, 104.0, 10.0)
    proj = LocalProjection(13.0, 104.0)
    ring = proj.forward(d)
    assert ring.area == pytest.approx(3.14159 * 100, rel=0.01)
