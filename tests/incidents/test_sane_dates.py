"""An incident's or a claim's date lies between 1900-01-01 and tomorrow; a typo is refused by name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from truceline.domain.schema import Claim, Incident, latest_date
from truceline.publish.charts import timeline_bars

SOURCE = ["https://example.org/report"]


def incident(**changes: Any) -> dict[str, Any]:
    return {
        "id": "x",
        "kind": "shelling",
        "date_start": "2025-07-24",
        "date_end": "2025-07-24",
        "date_precision": "day",
        "place_name": "somewhere",
        "location_precision": "district",
        "description": "d",
        "sources": SOURCE,
    } | changes


@pytest.mark.parametrize(
    ("field", "value"),
    [("date_start", "9999-12-31"), ("date_end", "9999-12-31"), ("date_start", "1899-12-31")],
)
def test_an_incident_date_out_of_range_is_refused_naming_it(field: str, value: str) -> None:
    changes = {field: value} if field == "date_end" else {"date_start": value, "date_end": "2025-07-24"}
    with pytest.raises(ValidationError, match=value):
        Incident.model_validate(incident(**changes))


def test_tomorrow_is_the_latest_date() -> None:
    tomorrow = latest_date().isoformat()
    assert Incident.model_validate(incident(date_start="1900-01-01", date_end=tomorrow))
    later = (latest_date() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError, match=later):
        Incident.model_validate(incident(date_end=later))


def test_a_claim_dated_9999_is_refused() -> None:
    claim = {"claimant": "TH", "assertion": "responsible", "stance": "accuses", "summary": "s", "sources": SOURCE}
    with pytest.raises(ValidationError, match="9999-12-31"):
        Claim.model_validate(claim | {"date": "9999-12-31"})


def test_the_timeline_copes_with_a_date_at_the_end_of_the_calendar() -> None:
    rows = [
        {"date": "2025-07-24", "kind": "shelling", "count": 1},
        {"date": "9999-12-31", "kind": "shelling", "count": 1},
    ]
    chart = timeline_bars(rows, {})
    assert 0 < len(chart["ticks"]) <= 25
    assert len(chart["bars"]) == 2
