"""The dashboard's one filter in Chromium: changing it puts it in the address, and the map's
incidents, the timeline and the list then show the same filtered set — again after a reload, and
without script through the plain form. The map names the important places from the opening view
without overlapping names, in every script the casebook gives; the review page puts the possible
duplicates beside the form on a wide screen and below it on a phone."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.conftest import OBSERVER_PASSWORD
from truceline.web import vendor

pytestmark = pytest.mark.skipif(vendor.missing() is not None, reason="run `npm ci` first")

REPORT = (
    "Phnom Penh, 9 December 2025. Thai artillery shelled the area near Chong Chom checkpoint in "
    "Oddar Meanchey province on 9 December 2025, killing two soldiers and injuring five, the Cambodian "
    "defence ministry said."
)


def shown_set(page: Any) -> dict[str, Any]:
    """What the map, the timeline and the list show, read from the page as drawn."""
    page.locator("#live-map[data-ready='1']").wait_for()
    mapdoc = json.loads(page.locator("#map-data").text_content())
    live = page.locator("#live-map")
    return {
        "map_ids": sorted(i["id"] for i in mapdoc["incidents"] + mapdoc["unplaced"]),
        "map_drawn": int(live.get_attribute("data-incidents")) + int(live.get_attribute("data-unplaced")),
        "list_ids": sorted(
            page.locator("#dashboard-list tbody tr[data-id]").evaluate_all("r => r.map(x => x.dataset.id)")
        ),
        "total": int(page.locator("#dashboard-incidents").get_attribute("data-total")),
        "timeline": page.locator("svg#timeline rect.bar").evaluate_all(
            "bars => bars.map(b => [b.dataset.date, b.dataset.kind, Number(b.dataset.count)])"
        ),
        "open_list": page.locator("#open-list").get_attribute("href"),
    }


def agrees(shown: dict[str, Any]) -> None:
    assert shown["map_ids"] == shown["list_ids"]
    assert shown["map_drawn"] == shown["total"] == len(shown["list_ids"]) == sum(n for _, _, n in shown["timeline"])


def test_the_filter_in_the_address_drives_the_map_timeline_and_list(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/")
    everything = shown_set(page)
    agrees(everything)
    page.fill("#filters input[name=from]", "2025-07-24")
    page.fill("#filters input[name=to]", "2025-07-28")
    page.check("#filters input[name=kind][value=shelling]")
    page.wait_for_url(lambda url: all(p in url for p in ("from=2025-07-24", "to=2025-07-28", "kind=shelling")))
    page.locator("body[data-filter='ready']").wait_for()
    filtered = shown_set(page)
    agrees(filtered)
    assert 0 < filtered["total"] < everything["total"]
    assert all("2025-07-24" <= day <= "2025-07-28" and kind == "shelling" for day, kind, _ in filtered["timeline"])
    assert "kind=shelling" in filtered["open_list"] and "from=2025-07-24" in filtered["open_list"]
    listed = page.context.new_page()
    listed.goto(live_server.url + filtered["open_list"])
    assert listed.locator("#incident-list tbody tr").count() == filtered["total"]
    listed.close()

    address = page.url
    page.reload()
    assert page.url == address
    assert shown_set(page) == filtered  # a bookmark shows the same set
    assert page.locator("#filters input[name=kind][value=shelling]").is_checked()

    page.go_back()  # the address before the last change, and what it shows
    page.locator("#live-map[data-ready='1']").wait_for()
    assert "kind=shelling" not in page.url
    agrees(shown_set(page))


def test_a_thai_reader_s_map_speaks_thai_after_a_filter_too(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/?lang=th")
    page.locator("#live-map[data-ready='1']").wait_for()
    layers = page.locator(".leaflet-control-layers").text_content()
    assert "ชื่อสถานที่" in layers and "เหตุการณ์ที่จุดแน่นอน" in layers and "Place names" not in layers
    live = page.locator("#live-map")
    assert live.get_attribute("aria-label").startswith("แผนที่แบบโต้ตอบของ")
    page.fill("#filters input[name=from]", "2025-07-24")
    page.fill("#filters input[name=to]", "2025-07-28")
    page.wait_for_url(lambda url: "to=2025-07-28" in url)
    page.locator("body[data-filter='ready']").wait_for()
    placed = live.get_attribute("data-incidents")
    label = live.get_attribute("aria-label")
    assert f"แสดงบนแผนที่ {placed} เหตุการณ์" in label and "incidents placed" not in label
    area = page.locator("#live-map path.incident-area").first
    area.click(force=True)
    popup = page.locator(".leaflet-popup-content").text_content()
    assert "(ภายในราว" in popup and "within about" not in popup
    assert " ก.ค. 2025 · " in popup and "2025-07-" not in popup  # the day as Thai writes it


def test_the_filter_form_works_without_script(live_server: Any, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.fill("#filters input[name=q]", "temple")
        page.select_option("#filters select[name=party]", "KH")
        page.click("#filters button[type=submit]")
        page.wait_for_url("**/?q=temple*party=KH*")
        ids = page.locator("#dashboard-list tbody tr[data-id]").evaluate_all("r => r.map(x => x.dataset.id)")
        total = int(page.locator("#dashboard-incidents").get_attribute("data-total"))
        mapdoc = json.loads(page.locator("#map-data").text_content())
        assert 0 < total == len(ids) == len(mapdoc["incidents"]) + len(mapdoc["unplaced"])
    finally:
        context.close()


def test_the_map_names_important_places_first_without_overlap(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/")
    page.locator("#live-map[data-ready='1']").wait_for()
    mapdoc = json.loads(page.locator("#map-data").text_content())
    ranks = {p["id"]: p["rank"] for p in mapdoc["places"]}
    opening = page.locator("#live-map .place-label[data-place]")
    named = opening.evaluate_all("ls => ls.map(l => l.dataset.place)")
    assert named, "no place is named at the opening view"
    assert min(ranks[p] for p in named) == 1 and max(ranks[p] for p in named) < 4  # provinces first, no villages yet
    boxes = opening.evaluate_all(
        "ls => ls.map(l => { const r = l.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), "two place names overlap"
    text = " ".join(opening.evaluate_all("ls => ls.map(l => l.innerText)"))
    assert any("\u0e00" <= c <= "\u0e7f" for c in text) and any("\u1780" <= c <= "\u17ff" for c in text)
    langs = set(page.locator("#live-map .place-label[data-place] span[lang]").evaluate_all("s => s.map(x => x.lang)"))
    assert {"th", "km"} <= langs
    village = next(p for p in mapdoc["places"] if p["rank"] == 4)
    page.evaluate(
        "([lat, lon]) => window.trucelineMap.setView([lat, lon], 11, {animate: false})",
        [
            village["lat"],
            village["lon"],
        ],
    )
    page.wait_for_function(
        "() => document.querySelectorAll('#live-map .place-label.place-rank-4[data-place]').length > 0"
    )


@pytest.mark.parametrize(("width", "beside"), [(1440, True), (360, False)])
def test_possible_duplicates_sit_beside_the_review_form_on_a_wide_screen(
    live_server: Any, browser: Any, width: int, beside: bool
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/login")
        page.fill("input[name=username]", "obs")
        page.fill("input[name=password]", OBSERVER_PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_load_state()
        page.goto(live_server.url + "/ingest")
        page.fill("textarea[name=text]", REPORT)
        page.fill("input[name=published]", "2025-12-09")
        page.fill("input[name=publisher]", "Test wire")
        page.click("#ingest-form button[type=submit]")
        page.locator("#ingest-result").wait_for()
        page.goto(live_server.url + page.locator("#proposed a").first.get_attribute("href"))
        form = page.locator("section.candidate-form").bounding_box()
        duplicates = page.locator("#duplicates").bounding_box()
        if beside:
            assert duplicates["x"] >= form["x"] + form["width"] - 1 and abs(duplicates["y"] - form["y"]) < 5
        else:
            assert duplicates["y"] >= form["y"] + form["height"] - 1 and abs(duplicates["x"] - form["x"]) < 5
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    finally:
        context.close()
