"""The escalation signal: the method by hand, then on the casebook's December 2025 fighting."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.functional.web.conftest import auth
from truceline.alerts.queries import WHOLE_CONFLICT, all_signals, sector_signal
from truceline.alerts.signal import Occurrence, SignalMethod, crossings, daily_counts, escalation_signal, series
from truceline.db import session_factory
from truceline.visibility import EVERYTHING

DAY = dt.date(2025, 12, 1)
CEASEFIRE = dt.date(2025, 12, 27)


def occurrence(
    name: str, start: dt.date, end: dt.date | None = None, kind: str = "shelling", **extra: str
) -> Occurrence:
    return Occurrence(name, kind, start, end or start, **extra)


def test_a_multi_day_incident_counts_once_spread_over_its_days() -> None:
    spread = occurrence("a", DAY, DAY + dt.timedelta(days=3))
    counts = daily_counts([spread, occurrence("b", DAY)], DAY, DAY + dt.timedelta(days=4))
    assert counts == [1.25, 0.25, 0.25, 0.25, 0.0]
    assert math.isclose(sum(counts), 2.0)


def test_de_escalating_kinds_and_declared_acts_are_not_counted() -> None:
    quiet = [
        occurrence("released", DAY, kind="prisoner_release"),
        occurrence("withdrawn", DAY, kind="heavy_weapons_withdrawal"),
        occurrence("threatened", DAY, modality="declared"),
    ]
    assert daily_counts(quiet, DAY, DAY) == [0.0]


def test_the_ewma_and_the_limit_follow_the_documented_formula() -> None:
    method = SignalMethod(alpha=0.5, window_days=4, guard_days=1, floor_rate=0.05, threshold=3.0)
    # one incident a day in the baseline window (days -5 .. -2), then three on the day judged
    history = [occurrence(f"h{d}", DAY - dt.timedelta(days=d)) for d in range(2, 6)]
    today = [occurrence(f"t{n}", DAY) for n in range(3)]
    [day] = series(history + today, DAY, DAY, method)
    baseline = 1.0  # four incidents over four days
    ewma = 0.5 * 3 + 0.5 * baseline  # the EWMA starts at the baseline
    sigma = math.sqrt(baseline * 0.5 / (2 - 0.5))
    assert day.baseline == baseline
    assert math.isclose(day.ewma, ewma)
    assert math.isclose(day.limit, baseline + 3 * sigma, rel_tol=1e-6)
    assert math.isclose(day.score, (ewma - baseline) / sigma, rel_tol=1e-4)
    assert day.elevated is (day.score >= 3)


def test_a_quiet_sector_has_the_floor_rate_and_one_incident_does_not_raise_it() -> None:
    method = SignalMethod()
    lone = series([occurrence("lone", DAY)], DAY - dt.timedelta(days=3), DAY, method)
    assert all(d.baseline == method.floor_rate for d in lone)
    assert not any(d.elevated for d in lone)
    burst = series([occurrence(f"b{n}", DAY) for n in range(3)], DAY - dt.timedelta(days=3), DAY, method)
    assert burst[-1].elevated
    assert crossings(burst)[0].date == DAY and crossings(burst)[0].rose


def test_drivers_are_the_incidents_of_the_last_days_heaviest_first() -> None:
    signal = escalation_signal(
        "all",
        [
            occurrence("old", DAY - dt.timedelta(days=30)),
            occurrence("week", DAY - dt.timedelta(days=6), DAY),
            occurrence("today", DAY),
            occurrence("later", DAY + dt.timedelta(days=1)),
        ],
        DAY,
    )
    assert [d.incident_id for d in signal.drivers] == ["today", "week"]
    assert signal.current.date == DAY


@pytest.mark.parametrize("bad", [{"alpha": 0}, {"window_days": 0}, {"floor_rate": 0}, {"threshold": -1}])
def test_a_method_with_a_meaningless_parameter_is_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        SignalMethod(**bad)  # type: ignore[arg-type]


def test_the_signal_rises_with_the_december_fighting_and_falls_after_the_ceasefire(casebook_engine: Engine) -> None:
    with session_factory(casebook_engine)() as session:
        signal = sector_signal(session, "th-kh-2025", EVERYTHING, as_of=dt.date(2026, 1, 15))
    before = signal.on(dt.date(2025, 12, 1))
    fighting = [d for d in signal.days if dt.date(2025, 12, 7) <= d.date < CEASEFIRE]
    peak = max(fighting, key=lambda d: d.score)
    after = signal.on(dt.date(2026, 1, 10))
    assert not before.elevated
    assert peak.elevated and peak.score > before.score + signal.method.threshold
    assert peak.date < CEASEFIRE
    # it crossed its threshold upward during the fighting, before the ceasefire
    assert any(c.rose and dt.date(2025, 12, 7) <= c.date < CEASEFIRE for c in signal.crossings)
    # after the ceasefire the smoothed rate falls far below the day of the ceasefire and the peak
    assert after.ewma < signal.on(CEASEFIRE).ewma / 10
    assert not after.elevated and after.score < 0
    assert not any(d.elevated for d in signal.days if d.date > CEASEFIRE)


def test_the_signal_names_the_incidents_that_drive_it_and_each_zone_has_its_own(casebook_engine: Engine) -> None:
    with session_factory(casebook_engine)() as session:
        signals = all_signals(session, "th-kh-2025", EVERYTHING, as_of=dt.date(2025, 12, 10))
    whole = signals[0]
    assert whole.sector == WHOLE_CONFLICT and whole.elevated
    assert all(d.date_start <= dt.date(2025, 12, 10) for d in whole.drivers)
    assert {d.date_start for d in whole.drivers} >= {dt.date(2025, 12, 8)}
    zones = {s.sector: s for s in signals[1:]}
    assert zones, "the casebook's zones hold incidents"
    for zone in zones.values():
        assert {d.incident_id for d in zone.drivers} <= {d.incident_id for d in whole.drivers}


def test_the_public_signal_leaves_out_what_the_public_may_not_see(client: TestClient, tokens: dict[str, str]) -> None:
    # the web store holds an unpublished Thai submission of 15 August 2025
    observer = client.get("/api/v1/signals?as_of=2025-08-15&sector=all", headers=auth(tokens, "observer")).json()
    public = client.get("/api/v1/signals?as_of=2025-08-15&sector=all").json()
    seen = {d["incident_id"] for d in observer[0]["drivers"]}
    assert "2025-08-15-th-unpublished-report" in seen
    assert "2025-08-15-th-unpublished-report" not in {d["incident_id"] for d in public[0]["drivers"]}
    assert public[0]["current"]["count"] < observer[0]["current"]["count"]


def test_the_api_and_the_dashboard_show_the_signal(client: TestClient) -> None:
    answer = client.get("/api/v1/signals?as_of=2025-12-10")
    assert answer.status_code == 200, answer.text
    whole = answer.json()[0]
    assert whole["sector"] == "all" and whole["elevated"] is True
    assert whole["method"]["alpha"] == 0.3 and len(whole["days"]) == 30
    assert client.get("/api/v1/signals?sector=no-such-zone").status_code == 404
    page = client.get("/?as_of=2025-12-10")
    assert page.status_code == 200
    assert 'id="escalation"' in page.text and "status-elevated" in page.text
    assert f'href="/incidents/{whole["drivers"][0]["incident_id"]}"' in page.text


def test_truceline_signal_prints_each_sector_and_its_json(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "truceline", "--db", db, *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=300)

    assert run("casebook", "load", "th-kh-2025").returncode == 0
    text = run("signal", "--as-of", "2025-12-10")
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[1].startswith("all\tELEVATED")
    data = json.loads(run("signal", "--as-of", "2026-01-10", "--sector", "all", "--json", "--as", "public").stdout)
    assert data[0]["elevated"] is False and data[0]["crossings"]
    bad = run("signal", "--sector", "nowhere")
    assert bad.returncode == 3 and "no sector" in bad.stderr
