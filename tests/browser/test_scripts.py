"""The dashboard in Thai and in Khmer, drawn by Chromium: every character on the page has a glyph
in an installed font (no empty boxes), and a screenshot of each is kept."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

SCREENSHOT_DIR = os.environ.get("TRUCELINE_SCREENSHOT_DIR")


@cache
def has_glyph(char: str) -> bool:
    """Whether an installed font covers ``char`` (fontconfig: what Chromium falls back on)."""
    found = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True, check=True
    ).stdout
    return bool(found.strip())


@pytest.mark.parametrize(
    ("language", "script_range", "word"), [("th", (0x0E00, 0x0E7F), "เหตุการณ์"), ("km", (0x1780, 0x17FF), "ឧប្បត្តិហេតុ")]
)
def test_the_dashboard_in_each_script_has_every_glyph(
    live_server: Any, page: Any, tmp_path: Path, language: str, script_range: tuple[int, int], word: str
) -> None:
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's fc-list is not installed: cannot tell which glyphs the fonts have")
    page.goto(f"{live_server.url}/?lang={language}")
    assert page.evaluate("document.documentElement.lang") == language
    text = page.evaluate("document.body.innerText")
    assert word in text
    in_script = {c for c in text if script_range[0] <= ord(c) <= script_range[1]}
    assert len(in_script) > 5, "the page shows little of the script"
    missing = sorted(c for c in set(text) if ord(c) > 0x7F and not c.isspace() and not has_glyph(c))
    assert not missing, f"no installed font draws {[f'U+{ord(c):04X}' for c in missing]}"
    folder = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"dashboard-{language}.png"), full_page=False)
    assert (folder / f"dashboard-{language}.png").stat().st_size > 10_000
