from __future__ import annotations

import math

import pytest
from shapely.geometry import Point

from truceline.geo.lines import DISPUTED, UNDETERMINED, Geography
from truceline.geo.measure import LocalProjection
from truceline.geo.zones import disputed_areas_from_places
from truceline.vocabulary import LocationPrecision

BORDER = "th-kh-border"


def border_line(geography: Geography):
    line = geography.line(BORDER)
    assert line is not None
    return line.shape


def test_the_casebook_border_comes_with_its_attribution_and_both_territories(geography):
    assert any("Natural Earth" in a for a in geography.attributions())
    line = border_line(geography)
    # Laos tripoint (~105.2 E, 14.35 N) to the Gulf of Thailand (~102.9 E, 11.65 N): ~800 km of line
    minx, miny, maxx, maxy = line.bounds
    assert 102.2 < minx < 102.5 and 105.1 < maxx < 105.3  # the line bends west past Pailin
    assert 11.6 < miny < 11.7 and 14.3 < maxy < 14.5
    assert set(geography.territories) == {"TH", "KH"}
    assert geography.versions(BORDER).keys() == {None}  # no party draws its own version


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


def test_kantharalak_is_thailand(gazetteer, geography):
    p = gazetteer["kantharalak"]
    assert geography.side_of(p.lat, p.lon) == "TH"
    assert geography.distance_to_line_km(p.lat, p.lon) > 15


def test_samraong_is_cambodia(gazetteer, geography):
    p = gazetteer["samraong"]
    assert geography.side_of(p.lat, p.lon) == "KH"


def test_a_point_on_the_line_is_undetermined(geography):
    lon, lat = border_line(geography).interpolate(0.5, normalized=True).coords[0]
    assert geography.distance_to_line_km(lat, lon) < 0.01
    assert geography.side_of(lat, lon) == UNDETERMINED


def test_tolerance_band_is_undetermined_and_beyond_it_decided(gazetteer, geography):
    p = gazetteer["kap-choeng"]  # ~5.7 km from the generalised line
    assert geography.side_of(p.lat, p.lon, tolerance_km=2.0) == "TH"
    assert geography.side_of(p.lat, p.lon, tolerance_km=10.0) == UNDETERMINED


def test_ta_muen_thom_is_disputed(gazetteer, geography):
    temple = gazetteer["ta-muen-thom-temple"]
    areas = disputed_areas_from_places(gazetteer, radius_km=1.0)
    assert geography.side_of(temple.lat, temple.lon, disputed_areas=areas) == DISPUTED
    # without the disputed areas the line alone cannot tell (the temple sits on it)
    assert geography.side_of(temple.lat, temple.lon) == UNDETERMINED
    # far from any disputed site the areas change nothing
    kan = gazetteer["kantharalak"]
    assert geography.side_of(kan.lat, kan.lon, disputed_areas=areas) == "TH"


def test_coarse_precision_widens_the_undetermined_band(gazetteer, geography):
    p = gazetteer["samraong"]  # ~17 km inside Cambodia
    assert geography.side_of(p.lat, p.lon, precision=LocationPrecision.EXACT) == "KH"
    assert geography.side_of(p.lat, p.lon, precision=LocationPrecision.NEAR) == UNDETERMINED
    assert geography.side_of(p.lat, p.lon, precision=LocationPrecision.COUNTRY) == UNDETERMINED
    s = gazetteer["sisaket"]  # provincial capital, ~80 km from the line
    assert geography.side_of(s.lat, s.lon, precision=LocationPrecision.DISTRICT) == "TH"


def test_missing_or_invalid_points_and_outside_both(geography):
    assert geography.side_of(None, None) == UNDETERMINED
    assert geography.side_of(math.nan, 104.0) == UNDETERMINED
    assert geography.side_of(12.0, 101.0) == UNDETERMINED  # west of the region box
    assert geography.side_of(10.5, 103.0) == UNDETERMINED  # Gulf of Thailand
    with pytest.raises(ValueError):
        geography.distance_to_line_km(math.inf, 0.0)


def test_every_sourced_point_agrees_with_its_country(gazetteer, geography):
    for place in gazetteer:
        if place.lat is None or place.country == "disputed":
            continue
        side = geography.side_of(place.lat, place.lon)
        assert side in (place.country, UNDETERMINED), place.id
