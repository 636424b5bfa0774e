"""The field form in Chromium, as a monitor at a border post uses it: filled in without a
connection, kept across a reload, sent once when the connection returns."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from tests.browser.conftest import OBSERVER_PASSWORD
from truceline.db import transaction
from truceline.incidents.models import Evidence
from truceline.sources.models import ReviewCandidate, SourceDocument

SCREENSHOT_DIR = os.environ.get("TRUCELINE_SCREENSHOT_DIR")
#: a small real PNG (one grey pixel) for the photo
PHOTO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def wait_until(page: Any, condition: str, seconds: float = 30) -> None:
    """Poll a condition in the page (the app's CSP forbids the eval that wait_for_function needs)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(condition):
        assert time.monotonic() < deadline, f"still not true after {seconds} s: {condition}"
        time.sleep(0.1)


def test_a_report_kept_offline_survives_a_reload_and_is_sent_once_back_online(
    live_server: Any, browser: Any, loaded_engine: Engine, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/login")
        page.fill("input[name=username]", "obs")
        page.fill("input[name=password]", OBSERVER_PASSWORD)
        page.click("form button[type=submit]")
        page.goto(live_server.url + "/field/")
        wait_until(page, "navigator.serviceWorker.controller !== null")  # the service worker keeps the page

        context.set_offline(True)
        page.fill("input[name=occurred_at]", "2025-12-08T06:30")
        page.select_option("select[name=kind]", "shelling")
        page.select_option("select[name=place_id]", "ta-muen-thom-temple")
        page.fill("input[name=injured]", "2")
        page.fill("textarea[name=note]", "Four rounds landed north of the temple car park.")
        photo = tmp_path / "crater.png"
        photo.write_bytes(PHOTO)
        page.set_input_files("input[name=photos]", str(photo))
        page.click("#field-form button[type=submit]")
        expect(page.locator("#field-count")).to_have_text("1 report(s) waiting to be sent.")

        page.reload()  # offline: the page comes from the service worker, the report from IndexedDB
        expect(page.locator("#field-count")).to_have_text("1 report(s) waiting to be sent.")
        if SCREENSHOT_DIR:
            Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SCREENSHOT_DIR) / "field-form-offline.png"), full_page=True)
        with transaction(loaded_engine) as session:
            assert session.scalars(select(SourceDocument).where(SourceDocument.kind == "field_report")).first() is None

        context.set_offline(False)
        expect(page.locator("#field-count")).to_have_text("No report waiting.", timeout=30_000)
        page.reload()
        page.wait_for_timeout(500)  # a second page load must not send it again
    finally:
        context.close()
    with transaction(loaded_engine) as session:
        documents = session.scalars(select(SourceDocument).where(SourceDocument.kind == "field_report")).all()
        assert len(documents) == 1
        candidates = session.scalars(select(ReviewCandidate).where(ReviewCandidate.source_id == documents[0].id)).all()
        assert len(candidates) == 1 and candidates[0].payload["kind"] == "shelling"
        digest = hashlib.sha256(PHOTO).hexdigest()
        assert candidates[0].payload["photos"][0]["sha256"] == digest
        assert session.scalars(select(Evidence).where(Evidence.sha256 == digest)).one().restricted


def test_offline_a_tap_on_the_map_sets_the_point_the_stored_report_carries(
    live_server: Any, browser: Any, loaded_engine: Engine
) -> None:
    """The map is drawn from what the service worker kept (Leaflet and the casebook's lines and
    places, no tiles), and the point tapped on it is the report's position, an exact point."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/login")
        page.fill("input[name=username]", "obs")
        page.fill("input[name=password]", OBSERVER_PASSWORD)
        page.click("form button[type=submit]")
        page.goto(live_server.url + "/field/")
        wait_until(page, "navigator.serviceWorker.controller !== null")

        context.set_offline(True)
        page.reload()  # everything the map needs comes from the service worker's cache
        expect(page.locator("#field-map[data-ready=true]")).to_be_visible()
        assert page.locator("#field-map .leaflet-overlay-pane path").count() > 0  # the lines and territories
        assert page.locator("#field-map .leaflet-tile").count() == 0  # no tile layer

        page.fill("input[name=occurred_at]", "2025-12-09T17:10")
        page.select_option("select[name=kind]", "shelling")
        page.locator("#field-map").click(position={"x": 150, "y": 140})
        lat, lon = page.input_value("input[name=lat]"), page.input_value("input[name=lon]")
        assert lat and lon and page.input_value("input[name=position_from]") == "map"
        expect(page.locator("#field-position")).to_contain_text("picked on the map")
        if SCREENSHOT_DIR:
            Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SCREENSHOT_DIR) / "field-form-map-offline.png"), full_page=True)
        page.fill("textarea[name=note]", "Shells landed in the paddy west of the road.")
        page.click("#field-form button[type=submit]")
        expect(page.locator("#field-count")).to_have_text("1 report(s) waiting to be sent.")
        assert page.input_value("input[name=lat]") == ""  # the next report starts without a point

        context.set_offline(False)
        expect(page.locator("#field-count")).to_have_text("No report waiting.", timeout=30_000)
    finally:
        context.close()
    with transaction(loaded_engine) as session:
        document = session.scalars(select(SourceDocument).where(SourceDocument.kind == "field_report")).one()
        assert f"position {float(lat):.6f}, {float(lon):.6f} (picked on the map)" in document.content
        candidate = session.scalars(select(ReviewCandidate).where(ReviewCandidate.source_id == document.id)).one()
        payload = candidate.payload
    assert (payload["lat"], payload["lon"]) == (float(lat), float(lon))
    assert payload["location_precision"] == "exact"
    assert 5 < payload["lat"] < 25 and 95 < payload["lon"] < 110  # on the casebook's map, not at 0, 0
