"""The dashboard in Chromium: the map with markers, the timeline, the date filter, and an observer
accepting a review candidate that then appears on the map."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.browser.conftest import OBSERVER_PASSWORD

#: where the dashboard screenshot goes: set TRUCELINE_SCREENSHOT_DIR=docs/screenshots to refresh the
#: one in the docs; by default it stays in the test's temporary folder and the work tree is untouched
SCREENSHOT_DIR = os.environ.get("TRUCELINE_SCREENSHOT_DIR")

REPORT = (
    "Phnom Penh, 9 December 2025. Thai artillery shelled the area near Chong Chom checkpoint in "
    "Oddar Meanchey province on 9 December 2025, killing two soldiers and injuring five, the Cambodian "
    "defence ministry said."
)


def test_dashboard_draws_the_map_markers_and_timeline(live_server: Any, page: Any, tmp_path: Path) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("svg#map path.country").count() == 2
    assert page.locator("svg#map path.border").count() == 1
    markers = page.locator("svg#map circle.marker")
    assert markers.count() > 10
    assert page.locator("svg#timeline rect.bar").count() > 10
    assert "Natural Earth" in page.locator("svg#map text.attribution").text_content()
    folder = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "dashboard.png"), full_page=False)
    assert (folder / "dashboard.png").stat().st_size > 10_000


def test_changing_the_date_filter_changes_what_is_shown(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/")
    before = page.locator("svg#map circle.marker").count()
    page.fill("input[name=from]", "2025-07-24")
    page.fill("input[name=to]", "2025-07-28")
    page.click("form#filters button[type=submit]")
    page.wait_for_url("**/?from=2025-07-24&to=2025-07-28*")
    page.locator("body[data-filter='ready']").wait_for()  # the map, timeline and list redrawn in place
    after = page.locator("svg#map circle.marker")
    assert 0 < after.count() < before
    dates = after.evaluate_all("nodes => nodes.map(n => n.dataset.date)")
    assert all("2025-07-24" <= d <= "2025-07-28" for d in dates)
    bars = page.locator("svg#timeline rect.bar").evaluate_all("nodes => nodes.map(n => n.dataset.date)")
    assert bars and all("2025-07-24" <= d <= "2025-07-28" for d in bars)


def test_observer_accepts_a_candidate_and_it_appears_on_the_map(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/login")
    page.fill("input[name=username]", "obs")
    page.fill("input[name=password]", OBSERVER_PASSWORD)
    page.click("form button[type=submit]")
    page.goto(live_server.url + "/ingest")
    page.fill("textarea[name=text]", REPORT)
    page.fill("input[name=published]", "2025-12-09")
    page.fill("input[name=publisher]", "Test wire")
    page.click("form.stack button[type=submit]")
    page.locator("#ingest-result").wait_for(timeout=30_000)  # the page after the post has loaded
    assert page.locator("#ingest-result").count() == 1
    page.goto(live_server.url + "/review")
    page.locator("#start-review").click()
    candidate = page.locator("#accept-form")
    assert page.locator("#source-report mark").count() >= 1  # the supporting words, highlighted
    if candidate.locator("input[name=force_new]").count():
        candidate.locator("input[name=force_new]").check()
    candidate.locator("input[name=lat]").fill("14.197")
    candidate.locator("input[name=lon]").fill("103.557")
    candidate.locator("select[name=location_precision]").select_option("near")
    candidate.locator("button.accept").click()
    notice = page.locator("#review-done")
    notice.wait_for(timeout=30_000)  # the queue page after the accept has loaded
    assert notice.count() == 1, page.content()[:3000]
    incident_id = notice.inner_text().split("incident:", 1)[1].split()[0]
    assert page.url.split("done=incident:", 1)[1] == incident_id
    page.goto(live_server.url + "/?from=2025-12-09&to=2025-12-09")
    assert page.locator(f'svg#map circle.marker[data-id="{incident_id}"]').count() == 1
