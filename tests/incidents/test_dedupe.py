"""A new report of an incident already on record is recognised; one a day off at day precision is not."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from truceline.incidents.dedupe import Sighting, possible_duplicates

MINE_BLAST = "2025-11-10-huai-ta-maria-landmine"


def sighting(start: dt.date, end: dt.date, precision: str, **where: object) -> Sighting:
    return Sighting(
        conflict_id="th-kh-2025",
        kind="landmine_explosion",
        date_start=start,
        date_end=end,
        date_precision=precision,
        **where,
    )  # type: ignore[arg-type]


def ids(session: Session, s: Sighting) -> list[str]:
    return [d.incident_id for d in possible_duplicates(session, s)]


def test_the_same_day_and_place_is_a_possible_duplicate(session: Session) -> None:
    day = dt.date(2025, 11, 10)
    assert MINE_BLAST in ids(session, sighting(day, day, "day", place_id="kantharalak"))


def test_a_day_off_at_day_precision_is_not(session: Session) -> None:
    day = dt.date(2025, 11, 11)
    assert MINE_BLAST not in ids(session, sighting(day, day, "day", place_id="kantharalak"))


def test_a_week_precise_report_reaches_three_days_back(session: Session) -> None:
    week = sighting(dt.date(2025, 11, 12), dt.date(2025, 11, 18), "week", location_precision="border")
    assert MINE_BLAST in ids(session, week)
    later = sighting(dt.date(2025, 11, 14), dt.date(2025, 11, 20), "week", location_precision="border")
    assert MINE_BLAST not in ids(session, later)


def test_far_apart_exact_points_are_not(session: Session) -> None:
    day = dt.date(2025, 11, 10)
    far = sighting(day, day, "day", lat=12.25, lon=102.5, location_precision="exact")
    assert MINE_BLAST not in ids(session, far)
