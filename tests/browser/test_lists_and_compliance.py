"""The compliance page and the lists in Chromium, at a phone's 360 px and at 1366 px: nothing
wider than the screen but the tables' own scrolling boxes, and a count leads to its incidents."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

SCREENSHOT_DIR = os.environ.get("TRUCELINE_SCREENSHOT_DIR")
PAGES = ["/compliance?as_of=2025-12-31", "/incidents?sort=-date", "/claims", "/sources", "/findings"]


@pytest.mark.parametrize("width", [360, 1366])
def test_the_pages_fit_the_screen(live_server: Any, browser: Any, width: int, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for path in PAGES:
            page.goto(live_server.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} is {overflow} px wider than a {width} px screen"
        page.goto(live_server.url + "/compliance?as_of=2025-12-31")
        folder = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"compliance-{width}.png"), full_page=False)
    finally:
        context.close()


def test_a_compliance_count_leads_to_its_incidents(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/compliance?as_of=2025-12-31")
    count = page.locator("#compliance-matrix a.status").first
    expected = int(count.text_content().split()[0])
    count.click()
    page.wait_for_url("**/incidents?id=*")
    assert page.locator("#incident-list tbody tr").count() == expected
