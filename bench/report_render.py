"""How long a report takes to build and to render in each format: why the web app answers HTML
in the request and renders PDF and DOCX as jobs.

Prints JSON: for the December 2025 sitrep and the daily report of 8 December 2025 of the bundled
casebook (SQLite), the seconds to build the document from the store (the same whatever the
format) and to render it as HTML, DOCX and PDF, each the best of ``--repeat`` runs, with each
render's ratio to the HTML render (the baseline). Run: ``python -m bench.report_render``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from truceline.casebooks.loader import bundled_casebook_path, load_casebook, read_casebook
from truceline.db import make_engine, migrate, transaction
from truceline.reports import services
from truceline.reports.document import Document
from truceline.reports.render import Format, render
from truceline.visibility import Visibility

CONFLICT = "th-kh-2025"


def best(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reports", nargs="+", default=None, help="only these (sitrep_2025_12, daily_2025_12_08)")
    args = parser.parse_args()
    everything = Visibility(conflict_id=CONFLICT)
    builders: dict[str, Callable[..., Document]] = {
        "sitrep_2025_12": lambda s: services.sitrep(
            s, CONFLICT, dt.date(2025, 12, 1), dt.date(2025, 12, 31), everything
        ),
        "daily_2025_12_08": lambda s: services.daily_report(s, CONFLICT, dt.date(2025, 12, 8), everything),
    }
    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate(engine)
        with transaction(engine) as session:
            load_casebook(session, read_casebook(bundled_casebook_path(CONFLICT)), actor="bench")
        for name, build in builders.items():
            if args.reports and name not in args.reports:
                continue
            with transaction(engine) as session:
                built = best(lambda build=build, session=session: build(session), args.repeat)
                doc = build(session)
            renders = {fmt.value: best(lambda fmt=fmt, doc=doc: render(doc, fmt), args.repeat) for fmt in Format}
            report[name] = {
                "build_seconds": round(built, 3),
                "render_seconds": {k: round(v, 3) for k, v in renders.items()},
                "render_vs_html": {k: round(v / renders["html"], 1) for k, v in renders.items()},
            }
        engine.dispose()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
