"""The one way figures, dates and codes are written for people."""

from __future__ import annotations

import datetime as dt

import pytest

from truceline.domain.wording import casualties_text, code_text, figure_text, moment_text, span_text


@pytest.mark.parametrize(
    ("low", "best", "high", "written"),
    [
        (None, None, None, "unknown"),
        (0, 0, 0, "none"),
        (3, 3, 3, "3"),
        (2, 3, 4, "2–4 (best 3)"),
        (2, None, 4, "2–4"),
        (37, 37, None, "at least 37"),
        (2, 4, None, "at least 2 (best 4)"),
        (None, 3, 5, "up to 5 (best 3)"),
        (None, 3, None, "about 3"),
    ],
)
def test_a_figure_is_written_without_inventing_precision(
    low: int | None, best: int | None, high: int | None, written: str
) -> None:
    assert figure_text({"low": low, "best": best, "high": high}) == written


def test_no_figure_is_unknown_and_killed_and_injured_stay_apart() -> None:
    assert figure_text(None) == "unknown"
    text = casualties_text({"low": 2, "best": 3, "high": 4}, None)
    assert text == "killed 2–4 (best 3) · injured unknown"


def test_dates_and_codes_read_as_words() -> None:
    seven = dt.timezone(dt.timedelta(hours=7))
    assert moment_text(dt.datetime(2000, 1, 1, tzinfo=seven)) == "1 January 2000"
    assert moment_text(dt.datetime(2025, 11, 10, 12, 0, tzinfo=seven)) == "10 November 2025 at 12:00 (UTC+07:00)"
    assert span_text(dt.date(2025, 7, 28), dt.date(2025, 7, 29)) == "28 July 2025 to 29 July 2025"
    assert code_text("carried_out") == "carried out"
