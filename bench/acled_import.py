"""Benchmark: importing N generated ACLED rows, against the database's own speed in the same run.

For each size, one generated file (``bench/acled_rows.py``) is loaded four ways, each into a fresh
store, each in its own process (so peak memory is the process's own):

- ``executemany``: the bare baseline — ``csv.reader`` over the file and one ``sqlite3``
  ``executemany`` of its rows into a table of ACLED's columns (no validation, no index);
- ``sqlite_utils``: ``sqlite-utils insert DB rows FILE --csv`` (where installed);
- ``truceline_sqlite``: ``truceline``'s import (``import_event_file_in_batches``) into a migrated
  SQLite store with the conflict loaded: streaming, validation, staging, the set-based move,
  citations, casualty figures and one signed ledger entry per batch;
- on PostgreSQL (when reachable): ``copy`` — the bare baseline, psycopg's ``COPY … FROM STDIN``
  of the file into a table of ACLED's columns — and ``truceline_postgres``.

Figures: seconds (wall and CPU; ``sqlite-utils``' CPU from its process's ``RUSAGE_CHILDREN``),
rows per second, peak resident memory (``ru_maxrss``), and the ratios ``truceline rate / baseline
rate`` (``…_cpu``: of CPU seconds, which a loaded machine skews less). Prints JSON.

    python bench/acled_import.py [--rows 250000 1000000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def _measured(function) -> dict[str, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    rows = function()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "rows": rows,
        "seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "rows_per_second": round(rows / wall) if wall else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def bare_executemany(path: Path, db: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        connection = sqlite3.connect(db)
        columns = ", ".join(f'"{c}" TEXT' for c in header)
        connection.execute(f"CREATE TABLE rows ({columns})")
        marks = ", ".join("?" * len(header))
        connection.executemany(f"INSERT INTO rows VALUES ({marks})", reader)
        connection.commit()
        count = connection.execute("SELECT count(*) FROM rows").fetchone()[0]
        connection.close()
    return int(count)


def bare_copy(path: Path, url: str) -> int:
    import psycopg

    with path.open(encoding="utf-8", newline="") as handle, psycopg.connect(url, autocommit=False) as connection:
        header = next(csv.reader([handle.readline()]))
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{schema}"')
            columns = ", ".join(f'"{c}" TEXT' for c in header)
            cursor.execute(f'CREATE TABLE "{schema}".rows ({columns})')
            with cursor.copy(f'COPY "{schema}".rows FROM STDIN (FORMAT csv)') as copy:
                while block := handle.read(1 << 20):
                    copy.write(block)
            cursor.execute(f'SELECT count(*) FROM "{schema}".rows')
            row = cursor.fetchone()
            count = int(row[0]) if row else 0
            connection.commit()
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
            connection.commit()
    return count


def truceline_import(path: Path, url: str) -> dict[str, Any]:
    """Set up a store (not timed), then time the import alone."""
    from sqlalchemy import text

    from truceline.casebooks.loader import bundled_casebook_path, read_casebook
    from truceline.conflicts.services import add_conflict
    from truceline.db import make_engine, migrate, transaction
    from truceline.domain.conflict import parties_in_order
    from truceline.intake.event_data import import_event_file_in_batches
    from truceline.parties.services import add_party

    engine = make_engine(url)
    migrate(engine)
    book = read_casebook(bundled_casebook_path("th-kh-2025"))
    with transaction(engine) as session:
        add_conflict(session, book.info, mentions=list(book.mentions), actor="bench")
        for party in parties_in_order(book.parties):
            add_party(session, party, conflict_id=book.info.id, actor="bench", position=book.parties.index(party))
    figures = _measured(lambda: import_event_file_in_batches(engine, path, format="acled", actor="bench").created)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM incidents")).scalar_one()
    engine.dispose()
    if count != figures["rows"]:
        raise RuntimeError(f"imported {figures['rows']} but the store holds {count}")
    return figures


def child(method: str, path: Path, target: str) -> None:
    """Run one way of loading in this process and print its figures as JSON."""
    if method == "truceline":
        print(json.dumps(truceline_import(path, target)))
    elif method == "copy":
        print(json.dumps(_measured(lambda: bare_copy(path, target))))
    else:
        print(json.dumps(_measured(lambda: bare_executemany(path, Path(target)))))


def _run_child(method: str, path: Path, target: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.acled_import", "--child", method, str(path), target]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=Path(__file__).parents[1])
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def _sqlite_utils(path: Path, db: Path, rows: int) -> dict[str, Any]:
    tool = shutil.which("sqlite-utils") or str(Path(sys.executable).with_name("sqlite-utils"))
    if not Path(tool).exists():
        return {"error": "sqlite-utils is not installed (pip install sqlite-utils)"}
    started, children = time.perf_counter(), _children_cpu()
    result = subprocess.run([tool, "insert", str(db), "rows", str(path), "--csv"], capture_output=True, check=False)
    seconds, cpu = time.perf_counter() - started, _children_cpu() - children
    if result.returncode != 0:
        return {"error": result.stderr.decode(errors="replace").strip()[-300:]}
    return {
        "rows": rows,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "rows_per_second": round(rows / seconds),
    }


def _children_cpu() -> float:
    """CPU seconds (user and system) of the finished child processes of this one so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _postgres_reachable(url: str) -> str | None:
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception as exc:  # any failure: PostgreSQL is not there for this run
        return f"PostgreSQL at {url} is not reachable: {exc}".splitlines()[0]
    return None


def _ratio(numerator: dict[str, Any], denominator: dict[str, Any], key: str = "seconds") -> float | None:
    """How fast ``numerator`` went next to ``denominator``: the ratio of their rates (> 1: faster)."""
    a, b = numerator.get(key), denominator.get(key)
    return round(b / a, 3) if a and b else None


def measure(rows: int, *, postgres: str | None, folder: Path) -> dict[str, Any]:
    from bench.acled_rows import write_acled_csv

    path = write_acled_csv(folder / f"acled-{rows}.csv", rows)
    result: dict[str, Any] = {"rows": rows, "file_mb": round(path.stat().st_size / 1e6, 1)}
    result["executemany"] = _run_child("executemany", path, str(folder / f"bare-{rows}.db"))
    result["sqlite_utils"] = _sqlite_utils(path, folder / f"sqlite-utils-{rows}.db", rows)
    result["truceline_sqlite"] = _run_child("truceline", path, f"sqlite:///{folder / f'truceline-{rows}.db'}")
    result["ratios"] = {
        "truceline_vs_executemany": _ratio(result["truceline_sqlite"], result["executemany"]),
        "truceline_vs_sqlite_utils": _ratio(result["truceline_sqlite"], result["sqlite_utils"]),
        # CPU seconds: steadier than wall time on a busy machine (the store's own work is in-process)
        "truceline_vs_executemany_cpu": _ratio(result["truceline_sqlite"], result["executemany"], "cpu_seconds"),
        # sqlite-utils commits row batches of its own: on a loaded machine its wall time suffers more
        "truceline_vs_sqlite_utils_cpu": _ratio(result["truceline_sqlite"], result["sqlite_utils"], "cpu_seconds"),
    }
    if postgres is not None:
        reason = _postgres_reachable(postgres)
        if reason is not None:
            result["postgres"] = {"skipped": reason}
        else:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            import psycopg

            with psycopg.connect(postgres, autocommit=True) as connection:
                connection.execute(f'CREATE SCHEMA "{schema}"')
            try:
                result["copy"] = _run_child("copy", path, postgres)
                scoped = f"{postgres}?options=-csearch_path%3D{schema}"
                result["truceline_postgres"] = _run_child("truceline", path, scoped)
                result["ratios"]["truceline_vs_copy"] = _ratio(result["truceline_postgres"], result["copy"])
            finally:
                with psycopg.connect(postgres, autocommit=True) as connection:
                    connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
    for name in os.listdir(folder):  # the next size starts with an empty disk
        (folder / name).unlink()
    return result


def run(sizes: list[int], postgres: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="truceline-bench-") as folder:
        results = [measure(n, postgres=postgres, folder=Path(folder)) for n in sizes]
    report: dict[str, Any] = {"sizes": results}
    if len(results) > 1:
        memory = [r["truceline_sqlite"].get("peak_rss_mb") for r in results]
        if all(memory):
            report["peak_memory_growth"] = round(memory[-1] / memory[0], 2)  # ~1.0: flat in the file's size
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[250_000, 1_000_000])
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="PostgreSQL URL ('' for none)")
    parser.add_argument("--child", nargs=3, metavar=("METHOD", "FILE", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]), args.child[2])
        return
    print(json.dumps(run(args.rows, args.postgres or None), indent=2))


if __name__ == "__main__":
    main()
