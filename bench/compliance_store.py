"""Benchmark: compliance verdicts read from a SQLite store of N incidents, next to plain reads of
the same rows measured in the same run.

    python bench/compliance_store.py                   # 1,000,000 incidents
    python bench/compliance_store.py --n 2000 --records
    python bench/compliance_store.py --store /tmp/store1m.db   # an existing store, as it is
    python bench/compliance_store.py --n 300000 --store /tmp/store300k.db --dashboard --page

A fresh store (migrated, the bundled casebook loaded) gets N synthetic incidents and their claims
drawn as ``bench/compliance_evaluate.py`` draws them (the casebook's kinds, dates, places and claim
patterns; its observer findings are left out), inserted in bulk (no change-log entries: this
measures reading). ``--store PATH`` uses that store as it is (built by an earlier run, or a copy of
a real one) and, when PATH does not exist, keeps the store it builds there.

Each measure runs in a forked child process, so that its memory is measured apart: ``seconds`` is
wall time, ``cpu_seconds`` the child's CPU time (user and system), ``peak_rss_growth_mb`` the
growth of the child's peak resident set over its size at the start (``resource.getrusage``). Measured:

- ``count``: ``SELECT count(*)`` over the incidents (baseline);
- ``select``: a bare ``SELECT`` of the columns the verdicts read on every incident (id, kind,
  modality, start and end day, actors), every row fetched through the driver (baseline);
- ``select_claims``: a bare ``SELECT`` of the columns the verdicts read on every claim
  (incident, claimant, accused, assertion, stance, day), joined to their incidents (baseline);
- ``verdicts_as_of``: :func:`truceline.compliance.services.verdicts_as_of` as of 2025-12-31 (what
  ``truceline compliance --counts`` runs: incidents as columns);
- with ``--records``, ``records_then_verdicts``: :func:`~truceline.compliance.services.records_from_store`
  then :func:`~truceline.compliance.verdicts.verdicts` on its records (an object per incident);
  ``same_counts`` says whether both give the same matrix;
- with ``--dashboard``, ``summary`` and ``document``: the dashboard's compliance matrix as it is
  drawn now (:func:`~truceline.compliance.services.compliance_summary`, verdicts without reasons)
  and as it was (the whole :func:`~truceline.compliance.results.compliance_document` of
  :func:`~truceline.compliance.services.assess`, every violation with its reasons), published
  records as a visitor sees them; ``same_matrix`` says whether both give the same cells;
- with ``--page``, ``page``: the first page of the compliance document as ``/api/v1/compliance``
  serves it to a visitor (:func:`~truceline.compliance.services.compliance_verdicts`, the
  verdicts without reasons, then :func:`~truceline.compliance.services.compliance_page`: the
  matrix and the first 100 violations, notes and allegations with their reasons), with
  ``next_page_seconds`` (and its CPU seconds), the second page's time (violations and notes
  101–200) once the verdicts are kept (as the API keeps them until the next write), and
  ``last_notes_page_seconds``, a page with the last 100 notes; ``notes_total`` and
  ``allegations_total`` count them on all pages; against ``document`` (measured as with
  ``--dashboard``): ``same_first_page`` says whether the page's violations (with their reasons),
  matrix, notes and allegations are the whole document's first 100, matrix, first 100 notes and
  allegations, and the counts of notes and allegations the same.

Ratios: ``verdicts_as_of`` seconds over each baseline's, and its CPU seconds over those of both
bare reads (incidents and claims) together, which moves less with other work on the machine; with
``--page``, the first page's seconds and peak memory growth over the whole document's, and the
next page's seconds over the whole document's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from truceline.casebooks.loader import bundled_casebook_path, load_casebook, read_casebook
from truceline.compliance.results import compliance_document
from truceline.compliance.services import (
    assess,
    compliance_page,
    compliance_summary,
    compliance_verdicts,
    records_from_store,
    verdicts_as_of,
    zone_index,
)
from truceline.compliance.verdicts import verdicts
from truceline.conflicts.services import conflict_geography, resolve_conflict
from truceline.db import make_engine, migrate, session_factory, transaction
from truceline.incidents.models import Claim, Incident

sys.path.insert(0, str(Path(__file__).parent))
import compliance_evaluate

AS_OF = dt.date(2025, 12, 31)
COLUMNS = "id, kind, modality, date_start, date_end, actors"
CLAIM_COLUMNS = "c.incident_id, c.claimant, c.accused, c.assertion, c.stance, c.made_on"


def build_store(path: Path, n: int, seed: int) -> dict[str, int]:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    book = read_casebook(bundled_casebook_path("th-kh-2025"))
    with transaction(engine) as session:
        load_casebook(session, book, actor="bench")
    loaded = compliance_evaluate._from_casebook()
    base, templates, first, last = loaded if loaded is not None else compliance_evaluate._builtin()
    records = compliance_evaluate.synthesize(n, base, templates, first, last, seed)
    conflict = book.info.id
    incidents = [
        {
            "id": i.id,
            "conflict_id": conflict,
            "kind": i.kind.value,
            "modality": i.modality.value,
            "date_start": i.date_start,
            "date_end": i.date_end,
            "date_precision": i.date_precision.value,
            "place_id": i.place_id,
            "place_name": None,
            "lat": i.lat,
            "lon": i.lon,
            "location_precision": i.location_precision.value,
            "side": i.side,
            "weapons": [],
            "actors": list(i.actors),
            "description": "synthetic incident for the benchmark",
            "published": True,
        }
        for i in records.incidents
    ]
    claims = [
        {
            "id": c.id,
            "incident_id": c.incident_id,
            "claimant": c.claimant,
            "accused": c.accused,
            "assertion": c.assertion.value,
            "stance": c.stance.value,
            "made_on": c.made_on,
            "summary": "",
            "published": True,
            "breaks": [],
        }
        for c in records.claims
    ]
    with engine.begin() as connection:
        for start in range(0, len(incidents), 10_000):
            connection.execute(insert(Incident), incidents[start : start + 10_000])
        for start in range(0, len(claims), 10_000):
            connection.execute(insert(Claim), claims[start : start + 10_000])
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return {"synthetic_incidents": n, "synthetic_claims": len(claims)}


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _count(path: Path) -> Any:
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT count(*) FROM incidents").scalar_one()


def _select(path: Path) -> Any:
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(f"SELECT {COLUMNS} FROM incidents")
        return len(cursor.fetchall())


def _select_claims(path: Path) -> Any:
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(f"SELECT {CLAIM_COLUMNS} FROM claims c JOIN incidents i ON i.id = c.incident_id")
        return len(cursor.fetchall())


def _verdicts_as_of(path: Path) -> Any:
    with session_factory(make_engine(f"sqlite:///{path}"))() as session:
        found = verdicts_as_of(session, AS_OF)
        return {"violations": len(found), "matrix": sorted((list(k), v) for k, v in found.matrix_counts().items())}


def _records_then_verdicts(path: Path) -> Any:
    with session_factory(make_engine(f"sqlite:///{path}"))() as session:
        conflict_id = resolve_conflict(session, None).id
        records = records_from_store(session, conflict_id)
        found = verdicts(records, AS_OF, zones=zone_index(records, conflict_geography(session, conflict_id)))
        return {"violations": len(found), "matrix": sorted((list(k), v) for k, v in found.matrix_counts().items())}


def _summary(path: Path) -> Any:
    with session_factory(make_engine(f"sqlite:///{path}"))() as session:
        found = compliance_summary(session, AS_OF, published_only=True)
        return {"violations": found["violation_count"], "matrix": found["matrix"]}


def _document(path: Path) -> Any:
    with session_factory(make_engine(f"sqlite:///{path}"))() as session:
        found = compliance_document(assess(session, AS_OF, published_only=True))
        return {
            "violations": len(found["violations"]),
            "matrix": found["matrix"],
            "first": found["violations"][:PAGE],
            "notes": found["notes"][:PAGE],
            "allegations": found["allegations"][:PAGE],
            "notes_total": len(found["notes"]),
            "allegations_total": len(found["allegations"]),
        }


#: the violations on a page, as ``/api/v1/compliance`` lists them unless asked
PAGE = 100


def _page(path: Path) -> Any:
    with session_factory(make_engine(f"sqlite:///{path}"))() as session:
        ground = compliance_verdicts(session, AS_OF, published_only=True)
        first = compliance_page(session, ground, published_only=True, limit=PAGE, notes_limit=PAGE)
        t0, c0 = time.perf_counter(), time.process_time()
        compliance_page(session, ground, published_only=True, offset=PAGE, limit=PAGE, notes_offset=PAGE)
        t1, c1 = time.perf_counter(), time.process_time()
        last = max(first["notes_total"] - PAGE, 0)
        compliance_page(session, ground, published_only=True, offset=PAGE, limit=PAGE, notes_offset=last)
        return {
            "violations": first["total"],
            "matrix": first["matrix"],
            "first": first["violations"],
            "notes": first["notes"],
            "allegations": first["allegations"],
            "notes_total": first["notes_total"],
            "allegations_total": first["allegations_total"],
            "next_page_seconds": round(t1 - t0, 3),
            "next_page_cpu_seconds": round(c1 - c0, 3),
            "last_notes_page_seconds": round(time.perf_counter() - t1, 3),
        }


def _child(fn: Callable[[Path], Any], path: Path, conn: Any) -> None:
    gc.collect()
    start_rss = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn(path)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send(
        {
            "seconds": round(seconds, 3),
            "cpu_seconds": round(cpu, 3),
            "peak_rss_growth_mb": round(peak - start_rss, 1),
            "result": result,
        }
    )
    conn.close()


def measure(fn: Callable[[Path], Any], path: Path) -> dict[str, Any]:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, path, child))
    proc.start()
    child.close()
    out: dict[str, Any] = parent.recv()
    proc.join()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="synthetic incidents (default 1,000,000)")
    parser.add_argument("--store", type=Path, default=None, help="use this store (built there if absent)")
    parser.add_argument("--records", action="store_true", help="also time records_from_store then verdicts")
    parser.add_argument(
        "--dashboard",
        action="store_true",
        help="also time the dashboard's matrix, from the verdicts and as a whole document",
    )
    parser.add_argument(
        "--page",
        action="store_true",
        help="also time the first page of violations with their reasons, against the whole document",
    )
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)

    report: dict[str, Any] = {"python": platform.python_version(), "as_of": AS_OF.isoformat()}
    with tempfile.TemporaryDirectory() as folder:
        path = args.store or Path(folder) / "store.db"
        if not path.exists():
            t0 = time.perf_counter()
            report["built"] = measure(lambda p: build_store(p, args.n, args.seed), path)["result"]
            report["build_seconds"] = round(time.perf_counter() - t0, 1)
        report["store"] = str(path) if args.store else "fresh"
        count = measure(_count, path)
        report["incidents"] = count["result"]
        report["count"] = {k: v for k, v in count.items() if k != "result"}
        select = measure(_select, path)
        report["select"] = {k: v for k, v in select.items() if k != "result"}
        select_claims = measure(_select_claims, path)
        report["select_claims"] = {k: v for k, v in select_claims.items() if k != "result"}
        found = measure(_verdicts_as_of, path)
        report["verdicts_as_of"] = {
            "seconds": found["seconds"],
            "cpu_seconds": found["cpu_seconds"],
            "peak_rss_growth_mb": found["peak_rss_growth_mb"],
            "violations": found["result"]["violations"],
        }
        if args.records:
            old = measure(_records_then_verdicts, path)
            report["records_then_verdicts"] = {
                "seconds": old["seconds"],
                "cpu_seconds": old["cpu_seconds"],
                "peak_rss_growth_mb": old["peak_rss_growth_mb"],
                "violations": old["result"]["violations"],
                "same_counts": old["result"]["matrix"] == found["result"]["matrix"],
            }
        if args.dashboard or args.page:
            measures: tuple[tuple[str, Callable[[Path], Any]], ...] = (("summary", _summary),) if args.dashboard else ()
            measures += (("page", _page),) if args.page else ()
            drawn = {name: measure(fn, path) for name, fn in (*measures, ("document", _document))}
            for name, figures in drawn.items():
                report[name] = {k: v for k, v in figures.items() if k != "result"} | {
                    "violations": figures["result"]["violations"]
                }
            whole = drawn["document"]
            if args.dashboard:
                report["same_matrix"] = drawn["summary"]["result"]["matrix"] == whole["result"]["matrix"]
                report["summary_vs_document"] = round(drawn["summary"]["seconds"] / max(whole["seconds"], 1e-6), 3)
            if args.page:
                page = drawn["page"]
                for key in (
                    "notes_total",
                    "allegations_total",
                    "next_page_seconds",
                    "next_page_cpu_seconds",
                    "last_notes_page_seconds",
                ):
                    report["page"][key] = page["result"][key]
                report["page"]["notes"] = len(page["result"]["notes"])
                report["same_first_page"] = all(
                    page["result"][k] == whole["result"][k]
                    for k in ("matrix", "first", "notes", "allegations", "notes_total", "allegations_total")
                )
                report["page_vs_document"] = {
                    "seconds": round(page["seconds"] / max(whole["seconds"], 1e-6), 3),
                    "peak_rss_growth": round(page["peak_rss_growth_mb"] / max(whole["peak_rss_growth_mb"], 1e-6), 3),
                    "next_page_seconds": round(page["result"]["next_page_seconds"] / max(whole["seconds"], 1e-6), 4),
                }
    seconds, cpu = report["verdicts_as_of"]["seconds"], report["verdicts_as_of"]["cpu_seconds"]
    both = report["select"]["cpu_seconds"] + report["select_claims"]["cpu_seconds"]
    report["ratios"] = {
        "verdicts_as_of_vs_count": round(seconds / max(report["count"]["seconds"], 1e-6), 1),
        "verdicts_as_of_vs_select": round(seconds / max(report["select"]["seconds"], 1e-6), 2),
        "verdicts_as_of_cpu_vs_both_selects_cpu": round(cpu / max(both, 1e-6), 2),
    }
    if args.records:
        report["ratios"]["records_then_verdicts_vs_verdicts_as_of"] = round(
            report["records_then_verdicts"]["seconds"] / max(seconds, 1e-6), 2
        )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
