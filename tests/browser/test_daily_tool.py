"""A mission's day in Chromium: ingest a report file, review it with an edit, merge a second report
of the same event into it, publish it from the publish queue, find it on the map; axe-core finds no
serious or critical violation on the dashboard, review and incident pages at 1366 and 360 px."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.browser.conftest import OBSERVER_PASSWORD
from truceline.auth.services import add_user
from truceline.db import transaction
from truceline.web import vendor

#: set TRUCELINE_SCREENSHOT_DIR=docs/screenshots to refresh the screenshots in the docs
SCREENSHOT_DIR = os.environ.get("TRUCELINE_SCREENSHOT_DIR")
AXE = vendor.node_modules() / "axe-core" / "axe.min.js"
COORDINATOR_PASSWORD = "coordinator-password-1"
WIDTHS = (1366, 360)
REPORT = (
    "Phnom Penh, 9 December 2025. Thai artillery shelled the area near Chong Chom checkpoint in "
    "Oddar Meanchey province on 9 December 2025, killing two soldiers and injuring five, the Cambodian "
    "defence ministry said."
)
SECOND = REPORT.replace("Phnom Penh", "Siem Reap").replace("the Cambodian defence ministry said", "officials said")

pytestmark = pytest.mark.skipif(vendor.missing() is not None or not AXE.is_file(), reason="run `npm ci` first")


@pytest.fixture
def coordinator(loaded_engine: Engine) -> str:
    with transaction(loaded_engine) as session:
        add_user(session, username="coord", role="coordinator", password=COORDINATOR_PASSWORD, actor="test")
    return "coord"


@pytest.fixture
def context_at(browser: Any) -> Iterator[Any]:
    opened = []

    def open_at(width: int) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 900})
        opened.append(context)
        return context.new_page()

    yield open_at
    for context in opened:
        context.close()


def shot(page: Any, name: str, tmp_path: Path) -> None:
    folder = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


def log_in(page: Any, url: str, username: str, password: str) -> None:
    page.goto(url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def serious_violations(page: Any) -> list[dict[str, Any]]:
    # evaluated through the DevTools protocol: the page's content security policy (no inline
    # script) stays as it is and still applies to everything else
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def ingest_file(page: Any, url: str, path: Path) -> list[str]:
    page.goto(url + "/ingest")
    page.set_input_files("input[name=file]", str(path))
    page.fill("input[name=published]", "09/12/2025")
    page.fill("input[name=publisher]", "Test wire")
    page.click("#ingest-form button[type=submit]")
    page.locator("#ingest-result").wait_for()
    return page.locator("#proposed a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_ingest_review_merge_publish_and_find_it_on_the_map(
    live_server: Any, context_at: Any, coordinator: str, tmp_path: Path
) -> None:
    url = live_server.url
    observer = context_at(1366)
    log_in(observer, url, "obs", OBSERVER_PASSWORD)
    report = tmp_path / "shelling.txt"
    report.write_text(REPORT, encoding="utf-8")
    links = ingest_file(observer, url, report)
    assert links, observer.content()[:2000]
    assert "{" not in observer.locator("#ingest-result").inner_text()  # words, not JSON
    shot(observer, "ingest-result", tmp_path)

    observer.click("#to-queue")
    observer.click("#review-queue a[href='" + links[0] + "']")
    assert observer.locator("#source-report mark").count() >= 2  # the supporting words
    observer.fill("input[name='injured.best']", "6")
    observer.fill("input[name='injured.high']", "6")
    observer.check("input[name=force_new]")
    shot(observer, "review", tmp_path)
    observer.locator("h1").click()  # keys go to the page, not a field
    observer.keyboard.press("a")
    observer.wait_for_url("**done=incident*")
    incident_id = observer.url.split("done=incident:", 1)[1]

    second = tmp_path / "second.html"
    second.write_text(f"<html><body><h1>Border</h1><p>{SECOND}</p><script>x()</script></body></html>", "utf-8")
    links = ingest_file(observer, url, second)
    observer.goto(url + links[0])
    duplicate = observer.locator(f"#duplicates li[data-id='{incident_id}']")
    assert duplicate.count() == 1
    duplicate.locator("button.merge").click()
    observer.wait_for_url(f"**done=incident:{incident_id}")

    # what the observer accepted is not public yet
    public = context_at(1366)
    public.goto(url + f"/?focus={incident_id}")
    assert json.loads(public.locator("#map-data").text_content())["incidents"] == [
        i for i in json.loads(public.locator("#map-data").text_content())["incidents"] if i["id"] != incident_id
    ]

    boss = context_at(1366)
    log_in(boss, url, coordinator, COORDINATOR_PASSWORD)
    boss.goto(url + "/publish-queue")
    row = boss.locator(f"#publish-queue tr[data-id='{incident_id}']")
    assert row.count() == 1
    shot(boss, "publish-queue", tmp_path)
    row.locator("button.publish").click()
    boss.locator("#published-notice").wait_for()

    public.goto(url + f"/?focus={incident_id}")
    public.locator("#live-map[data-ready='1']").wait_for()
    marker = public.locator(f"#live-map [data-id='{incident_id}']")
    marker.wait_for(timeout=10_000)
    assert public.locator(".leaflet-popup-content").inner_text().startswith("Dec 9, 2025 · ")
    shot(public, "map-focus", tmp_path)
    public.goto(url + f"/incidents/{incident_id}")
    assert public.locator("body").inner_text().count("Test wire") >= 1


@pytest.mark.parametrize("width", WIDTHS)
def test_main_pages_have_no_serious_accessibility_violations(
    live_server: Any, context_at: Any, width: int, tmp_path: Path, loaded_engine: Engine
) -> None:
    url = live_server.url
    page = context_at(width)
    log_in(page, url, "obs", OBSERVER_PASSWORD)
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    review = ingest_file(page, url, report)[0]
    pages = {"dashboard": "/", "review": review, "incident": "/incidents/2025-11-10-huai-ta-maria-landmine"}
    found = {}
    for name, path in pages.items():
        page.goto(url + path)
        if name == "dashboard":
            page.locator("#live-map[data-ready='1']").wait_for()
        found[name] = serious_violations(page)
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= width + 1, f"{name} is {wide} px wide at {width} px"  # nothing scrolls sideways
        shot(page, f"{name}-{width}", tmp_path)
    assert found == {name: [] for name in pages}, json.dumps(found, indent=1)
