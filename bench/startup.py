"""Benchmark: how long the command line takes to start, next to a bare Python in the same run.

Runs each command several times in a fresh process and reports the median wall-clock and CPU
time (user + system of the child), and each as a ratio to ``python -c pass``. ``truceline --help``
imports only Typer and the command list; ``import truceline.app`` (the whole web app and every
model) is measured for scale. CPU time is the steadier figure on a shared machine.

    python bench/startup.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

COMMANDS: dict[str, list[str]] = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "import typer": [sys.executable, "-c", "import typer"],
    "truceline --help": [sys.executable, "-m", "truceline", "--help"],
    "truceline jobs --help": [sys.executable, "-m", "truceline", "jobs", "--help"],
    "import truceline.app (everything)": [
        sys.executable,
        "-c",
        "import truceline.app, truceline.all_models; truceline.all_models.import_all_models()",
    ],
}


def _time(command: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "COLUMNS": "100"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def run(quick: bool = False) -> dict[str, object]:
    repeat = 3 if quick else 9
    for command in COMMANDS.values():  # warm the bytecode caches
        _time(command)
    figures: dict[str, dict[str, float]] = {}
    for name, command in COMMANDS.items():
        walls, cpus = zip(*(_time(command) for _ in range(repeat)), strict=True)
        figures[name] = {"wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus)}
    base = figures["python -c pass (baseline)"]
    for values in figures.values():
        values["wall_ratio"] = round(values["wall_s"] / base["wall_s"], 1)
        values["cpu_ratio"] = round(values["cpu_s"] / max(base["cpu_s"], 1e-3), 1)
        values["wall_s"] = round(values["wall_s"], 3)
        values["cpu_s"] = round(values["cpu_s"], 3)
    return {"benchmark": "startup", "repeat": repeat, "load_average": os.getloadavg()[0], "commands": figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    print(json.dumps(run(args.quick), indent=2))


if __name__ == "__main__":
    main()
