"""The dashboard's interactive map: Leaflet served from node_modules, every incident either drawn or
listed as not placeable, places named in each language the casebook gives, and the drawn map with
the reason when the scripts are not installed."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from truceline.casebooks.loader import Casebook
from truceline.web import vendor

MAP_DATA = re.compile(r'<script type="application/json" id="map-data">(.*?)</script>', re.S)


def map_document(html: str) -> dict:
    found = MAP_DATA.search(html)
    assert found, "the page carries no map data"
    return json.loads(found.group(1))


needs_scripts = pytest.mark.skipif(vendor.missing() is not None, reason=str(vendor.missing()))


@needs_scripts
def test_every_casebook_incident_is_on_the_map_or_in_the_list_beside_it(client: TestClient, casebook: Casebook) -> None:
    html = client.get("/").text
    document = map_document(html)
    drawn = {i["id"] for i in document["incidents"]}
    unplaced = {i["id"] for i in document["unplaced"]}
    casebook_ids = {i.id for i in casebook.incidents}
    assert casebook_ids <= drawn | unplaced
    assert not drawn & unplaced
    assert unplaced, "the casebook has incidents located only along the border"
    for item in document["unplaced"]:
        assert f'data-id="{item["id"]}"' in html  # listed beside the map, with its reason
        assert item["why"]
    coarse = [i for i in document["incidents"] if i["precision"] in ("near", "district", "province")]
    assert coarse and all(i["radius_km"] for i in coarse)
    assert all(i["radius_km"] is None for i in document["incidents"] if i["precision"] == "exact")


@needs_scripts
def test_places_carry_their_names_in_three_scripts(client: TestClient) -> None:
    document = map_document(client.get("/").text)
    three = [p for p in document["places"] if {"en", "th", "km"} <= p["names"].keys()]
    assert three, "no place with a Latin, Thai and Khmer name"
    assert any("\u0e00" <= c <= "\u0e7f" for c in three[0]["names"]["th"])
    assert any("\u1780" <= c <= "\u17ff" for c in three[0]["names"]["km"])
    assert document["lines"]["features"] and document["territories"]["features"]


@needs_scripts
def test_the_map_scripts_are_served_from_node_modules(client: TestClient) -> None:
    html = client.get("/").text
    for url in re.findall(r'(?:src|href)="(/static/vendor/[^"]+)"', html):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "unpkg" not in html and "cdn" not in html.lower()


def test_without_the_scripts_the_drawn_map_stays_and_says_why(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv(vendor.ENVIRONMENT_VARIABLE, str(tmp_path))
    html = client.get("/").text
    assert 'id="map-fallback"' in html and "npm ci" in html
    assert 'id="map"' in html and "map-data" not in html
