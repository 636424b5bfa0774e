"""The dashboard's interactive map: Leaflet served from node_modules, every incident either drawn or
listed as not placeable, places named in each language the casebook gives, and the drawn map with
the reason when the scripts are not installed."""

from __future__ import annotations

import json
import re
from importlib.resources import files

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


PLACEHOLDER = re.compile(r"\{\w+\}")
#: language -> words the map partial must show, and the Thai/Khmer text of the map's labels
READERS = {
    "th": (["ไม่อยู่บนแผนที่ (", "เหตุการณ์เหล่านี้ไม่มีจุดให้วาดบนแผนที่", "แผนที่เดียวกันแบบภาพวาด (ไม่ใช้สคริปต์)",
            "จุดคือเหตุการณ์ที่ทราบตำแหน่งแน่นอน", "ไม่ได้วาดเขตจังหวัด"],
           {"killed": "เสียชีวิต {n} คน", "place_names": "ชื่อสถานที่"}),
    "km": (["មិននៅលើផែនទី (", "ឧប្បត្តិហេតុទាំងនេះគ្មានចំណុចសម្រាប់គូរទេ។", "ផែនទីដដែលជាគំនូរ (គ្មានស្គ្រីប)",
            "ចំណុចគឺជាឧប្បត្តិហេតុនៅទីតាំងដែលដឹងច្បាស់", "មិនបានគូរព្រំប្រទល់ខេត្តទេ"],
           {"killed": "ស្លាប់ {n} នាក់", "place_names": "ឈ្មោះទីកន្លែង"}),
}  # fmt: skip
ENGLISH = ["Not on the map", "These incidents have no point to draw.", "The same map as a drawing",
           "A dot is an incident", "Province boundaries are not drawn", "incidents placed"]  # fmt: skip


@needs_scripts
@pytest.mark.parametrize("language", list(READERS))
def test_a_thai_or_khmer_reader_gets_the_map_and_labels(client: TestClient, language: str) -> None:
    english_html = client.get("/", headers={"Accept-Language": "en"}).text
    html = client.get("/", headers={"Accept-Language": language}).text
    words, labels = READERS[language]
    for text in words:
        assert text in html, f"{language}: the map partial lacks {text!r}"
    partial = html[html.index('<div class="map-layout">') : html.index('<details class="static-map">')]
    partial = MAP_DATA.sub("", partial)  # the records' own text (places) stays as recorded
    for text in ENGLISH:
        assert text in english_html and text not in partial, f"{language}: {text!r} left in English"
    english, document = map_document(english_html), map_document(html)
    assert document["incidents"] == english["incidents"]  # the same incidents; only the words differ
    assert labels.items() <= document["labels"].items()
    for key, text in english["labels"].items():
        if key in ("kinds", "dates"):
            continue
        translated = document["labels"][key]
        assert translated != text and set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(text)), key
    kinds = {i["kind"] for i in document["incidents"] + document["unplaced"]}
    assert set(document["labels"]["kinds"]) == kinds
    assert all(document["labels"]["kinds"][k] != english["labels"]["kinds"][k] for k in kinds)
    days = {i["date"] for i in document["incidents"]}
    assert set(document["labels"]["dates"]) == days == set(english["labels"]["dates"])
    assert all(document["labels"]["dates"][d] != english["labels"]["dates"][d] for d in days)
    reasons = {i["id"]: i["why"] for i in english["unplaced"]}
    assert all(i["why"] != reasons[i["id"]] and "{" not in i["why"] for i in document["unplaced"])
    region = re.search(r'id="live-map"[^>]*aria-label="([^"]+)"', html)
    assert region and f"{len(document['incidents'])}" in region[1] and "incidents placed" not in region[1]


@needs_scripts
def test_an_english_reader_gets_the_map_s_labels_in_english(client: TestClient) -> None:
    html = client.get("/", headers={"Accept-Language": "en"}).text
    labels = map_document(html)["labels"]
    assert labels["killed"] == "{n} killed" and labels["within_km"] == "(within about {km} km)"
    assert labels["kinds"]["landmine_explosion"] == "landmine explosion"
    assert labels["dates"]["2025-07-24"] == "Jul 24, 2025"  # a pop-up's day as the page writes dates
    assert re.search(r'aria-label="Interactive map of [^"]+: \d+ incidents placed, \d+ listed beside it"', html)
    assert "— no point is known (near)" in html or "— located only along the border" in html


def test_the_map_script_shows_only_words_the_page_gives_it() -> None:
    """Every label the script reads (``labels.NAME``) is one the page carries, and no English
    sentence is left in it for a reader to see."""
    from truceline.publish.mapdata import MAP_WORDS

    script = (files("truceline") / "static" / "truceline-map.js").read_text(encoding="utf-8")
    used = set(re.findall(r"\blabels\.(\w+)", script))
    assert used and used <= set(MAP_WORDS) | {"kinds", "dates"}
    literals = " ".join(re.findall(r'"([^"\\]*)"', script))
    for english in ("killed", "injured", "within about", "Place names", "Incidents at a point", "listed beside it"):
        assert english not in literals, english


@pytest.mark.parametrize(
    ("language", "notice", "drawing"),
    [("th", "แผนที่แบบคงที่:", "พร้อมเครื่องหมายเหตุการณ์"), ("km", "ផែនទីឋិតិវន្ត៖", "ជាមួយសញ្ញាឧប្បត្តិហេតុ")],
)
def test_without_the_scripts_the_notice_and_drawing_speak_the_reader_s_language(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path, language: str, notice: str, drawing: str
) -> None:
    monkeypatch.setenv(vendor.ENVIRONMENT_VARIABLE, str(tmp_path))
    html = client.get("/", headers={"Accept-Language": language}).text
    assert notice in html and "Static map:" not in html
    assert drawing in html and "incident markers" not in html and "killed or injured" not in html
