"""``python -m bench``: every benchmark under bench/, one JSON document on standard output.

``--quick`` runs each at a small size (for CI: it checks the benchmarks run and report, not how
fast). Each benchmark runs in its own process; one that fails is reported with its error and the
others still run. Figures are ratios against baselines measured in the same run (see each file).

    python -m bench [--quick] [--only NAME ...] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent

#: name -> (arguments for a full run, arguments for a quick run); the scripts print JSON
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "acled_import": ([], ["--rows", "2000"]),
    "casebook_load": ([], []),
    "compliance_evaluate": ([], ["--n", "2000"]),
    "compliance_store": ([], ["--n", "2000", "--records", "--dashboard"]),
    "ledger_signing": ([], ["--appends", "50", "--entries", "500"]),
    "web_load": ([], ["--incidents", "500", "--requests", "20", "--concurrency", "4", "--time-limit", "5"]),
    "extraction_quality": ([], []),
    "extraction_real": ([], ["--seconds", "0.5"]),
    "report_render": ([], ["--repeat", "1", "--reports", "daily_2025_12_08"]),
    "job_queue": ([], ["--jobs", "3", "--rows", "10", "--workers", "1"]),
    "concurrent_writers": ([], ["--writes", "20", "--writers", "4"]),
    "corrections": ([], ["--writes", "20"]),
    "reach": ([], []),
    "startup": ([], ["--quick"]),
}


def run_one(name: str, arguments: list[str], postgres: str | None, timeout: float) -> dict[str, Any]:
    command = [sys.executable, "-m", f"bench.{name}", *arguments]
    if postgres is not None and name in ("acled_import", "casebook_load"):
        command += ["--postgres", postgres]
    started = time.perf_counter()
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT.parent, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"did not finish in {timeout:.0f} s", "seconds": round(timeout, 1)}
    seconds = round(time.perf_counter() - started, 1)
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        return {"ok": False, "error": lines[-1] if lines else f"exit code {result.returncode}", "seconds": seconds}
    try:
        figures = json.loads(result.stdout)
    except json.JSONDecodeError:
        return {"ok": False, "error": "it printed no JSON document", "seconds": seconds}
    return {"ok": True, "seconds": seconds, "result": figures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), help="run these benchmarks only")
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL for the benchmarks that use one")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per benchmark (default 600, quick 300)")
    args = parser.parse_args(argv)
    timeout = args.timeout or (300.0 if args.quick else 3600.0)
    names = args.only or list(BENCHMARKS)
    report: dict[str, Any] = {"mode": "quick" if args.quick else "full", "python": sys.version.split()[0]}
    report["benchmarks"] = {
        name: run_one(name, BENCHMARKS[name][1 if args.quick else 0], args.postgres, timeout) for name in names
    }
    print(json.dumps(report, indent=2))
    return 0 if all(b["ok"] for b in report["benchmarks"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
