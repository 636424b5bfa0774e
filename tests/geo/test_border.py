from __future__ import annotations

import math

import pytest
from shapely.geometry import Point

from truceline.geo import border
from truceline.geo.border import (
    LocalProjection,
    border_line,
    country_polygons,
    distance_to_border_km,
    side_of_border,
)
from truceline.geo.zones import disputed_areas_from_places
from truceline.vocabulary import LocationPrecision, Side


def test_bundled_data_loads_once_with_attribution():
    assert border.load_border_data() is border.load_border_data()
    assert "Natural Earth" in border.attribution()
    assert border.load_border_data().metadata["source"]["scale"] == "1:10m"
    line = border_line()
    # Laos tripoint (~105.2 E, 14.35 N) to the Gulf of Thailand (~102.9 E, 11.65 N): ~800 km of line
    minx, miny, maxx, maxy = line.bounds
    assert 102.2 < minx < 102.5 and 105.1 < maxx < 105.3  # the line bends west past Pailin
    assert 11.6 < miny < 11.7 and 14.3 < maxy < 14.5
    assert set(country_polygons()) == {"TH", "KH"}


def test_projection_matches_haversine_to_a_fraction_of_a_percent():
    # 1 degree of latitude at 13 N is 110.6 km on the WGS84 ellipsoid
    proj = LocalProjection(13.0, 104.0)
    p = proj.forward(Point(104.0, 13.5))
    assert p.y == pytest.approx(55.3, rel=2e-3)
    # 0.5 degree of longitude at 13 N: 111.32 * cos(13) / 2 = 54.2 km
    q = proj.forward(Point(104.5, 13.0))
    assert q.x == pytest.approx(54.23, rel=2e-3)
    back = proj.inverse(q)
    assert back.x == pytest.approx(104.5) and back.y == pytest.approx(13.0)


def test_kantharalak_is_thailand(gazetteer):
    p = gazetteer["kantharalak"]
    assert side_of_border(p.lat, p.lon) == Side.TH
    assert distance_to_border_km(p.lat, p.lon) > 15


def test_samraong_is_cambodia(gazetteer):
    p = gazetteer["samraong"]
    assert side_of_border(p.lat, p.lon) == Side.KH


def test_a_point_on_the_line_is_undetermined():
    lon, lat = border_line().interpolate(0.5, normalized=True).coords[0]
    assert distance_to_border_km(lat, lon) < 0.01
    assert side_of_border(lat, lon) == Side.UNDETERMINED


def test_tolerance_band_is_undetermined_and_beyond_it_decided(gazetteer):
    p = gazetteer["kap-choeng"]  # ~5.7 km from the generalised line
    assert side_of_border(p.lat, p.lon, tolerance_km=2.0) == Side.TH
    assert side_of_border(p.lat, p.lon, tolerance_km=10.0) == Side.UNDETERMINED


def test_ta_muen_thom_is_disputed(gazetteer):
    temple = gazetteer["ta-muen-thom-temple"]
    areas = disputed_areas_from_places(gazetteer, radius_km=1.0)
    assert side_of_border(temple.lat, temple.lon, disputed_areas=areas) == Side.DISPUTED
    # without the disputed areas the line alone cannot tell (the temple sits on it)
    assert side_of_border(temple.lat, temple.lon) == Side.UNDETERMINED
    # far from any disputed site the areas change nothing
    kan = gazetteer["kantharalak"]
    assert side_of_border(kan.lat, kan.lon, disputed_areas=areas) == Side.TH


def test_coarse_precision_widens_the_undetermined_band(gazetteer):
    p = gazetteer["samraong"]  # ~17 km inside Cambodia
    assert side_of_border(p.lat, p.lon, precision=LocationPrecision.EXACT) == Side.KH
    assert side_of_border(p.lat, p.lon, precision=LocationPrecision.NEAR) == Side.UNDETERMINED
    assert side_of_border(p.lat, p.lon, precision=LocationPrecision.COUNTRY) == Side.UNDETERMINED
    s = gazetteer["sisaket"]  # provincial capital, ~80 km from the line
    assert side_of_border(s.lat, s.lon, precision=LocationPrecision.DISTRICT) == Side.TH


def test_missing_or_invalid_points_and_outside_both():
    assert side_of_border(None, None) == Side.UNDETERMINED
    assert side_of_border(math.nan, 104.0) == Side.UNDETERMINED
    assert side_of_border(12.0, 101.0) == Side.UNDETERMINED  # west of the region box
    assert side_of_border(10.5, 103.0) == Side.UNDETERMINED  # Gulf of Thailand
    with pytest.raises(ValueError):
        distance_to_border_km(math.inf, 0.0)


def test_every_sourced_point_agrees_with_its_country(gazetteer):
    for place in gazetteer:
        if place.lat is None or place.country == "disputed":
            continue
        side = side_of_border(place.lat, place.lon)
        assert side in (Side(place.country), Side.UNDETERMINED), place.id
