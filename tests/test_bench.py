"""``python -m bench --quick`` runs every benchmark and prints one JSON document (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from bench.__main__ import BENCHMARKS

ROOT = Path(__file__).parents[1]


def test_bench_quick_prints_one_json_document_with_every_benchmark() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"], capture_output=True, text=True, cwd=ROOT, check=False, timeout=900
    )
    report = json.loads(result.stdout)
    assert report["mode"] == "quick"
    assert set(report["benchmarks"]) == set(BENCHMARKS)
    for name, outcome in report["benchmarks"].items():
        assert outcome["ok"], (name, outcome.get("error"))
        assert isinstance(outcome["result"], dict) and outcome["seconds"] >= 0
    assert result.returncode == 0
    [size] = report["benchmarks"]["acled_import"]["result"]["sizes"]
    assert size["rows"] == 2000 and size["truceline_sqlite"]["rows"] == 2000
    assert size["executemany"]["rows"] == size["sqlite_utils"]["rows"] == 2000
    assert set(size["ratios"]) >= {"truceline_vs_executemany", "truceline_vs_sqlite_utils"}
    jobs = report["benchmarks"]["job_queue"]["result"]
    if "skipped" not in jobs:  # no PostgreSQL: the report says so instead
        assert jobs["baseline (embedded runner, one process)"]["all_done"]
        for broker in ("redis", "rabbitmq"):
            for figures in [] if "skipped" in jobs[broker] else jobs[broker]:
                assert figures["all_done"] and figures["rows_stored_once"] and figures["ratio"] > 0, (broker, figures)
    assert report["benchmarks"]["startup"]["result"]["commands"]["truceline --help"]["cpu_s"] > 0


def test_the_dashboard_queries_alone_are_timed_next_to_their_baseline(tmp_path: Path) -> None:
    store = tmp_path / "store.db"
    command = [sys.executable, "bench/web_load.py", "--incidents", "300", "--store", str(store)]
    result = subprocess.run(
        [*command, "--queries-only", "--runs", "2"], capture_output=True, text=True, cwd=ROOT, check=True, timeout=600
    )
    report = json.loads(result.stdout)
    assert report["counts"]["incidents"] > 300 and store.exists()
    timings = report["queries_ms"]
    assert (
        "SELECT 1 (baseline)" in timings
        and "map markers, all" in timings
        and "a page of 50 incidents, 30 days" in timings
    )
    assert all(len(runs) == 2 and min(runs) >= 0 for runs in timings.values())


def test_compliance_from_a_store_is_timed_next_to_its_baselines() -> None:
    result = subprocess.run(
        [sys.executable, "bench/compliance_store.py", "--n", "500", "--records", "--page"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    report = json.loads(result.stdout)
    assert report["incidents"] > 500 and report["built"]["synthetic_claims"] > 0
    assert report["verdicts_as_of"]["violations"] == report["records_then_verdicts"]["violations"] > 0
    assert report["records_then_verdicts"]["same_counts"] is True
    assert set(report["ratios"]) >= {"verdicts_as_of_vs_count", "verdicts_as_of_vs_select"}
    # the first page (violations, notes and allegations) is the whole document's first
    assert report["same_first_page"] is True
    assert report["page"]["violations"] == report["document"]["violations"]
    assert report["page"]["notes"] == min(100, report["page"]["notes_total"])


def test_the_development_misses_list_only_development_reports() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.extraction_real", "--dev-misses"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    halves = {
        r["id"]: r["split"]
        for r in yaml.safe_load((ROOT / "tests/data/extraction/real_reports.yaml").read_text(encoding="utf-8"))[
            "reports"
        ]
    }
    listed = [line for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert listed and all(halves[report] == "dev" for report in listed)
    assert any(line.startswith(("  missed:", "  extra:", "  wrong")) for line in result.stdout.splitlines())
