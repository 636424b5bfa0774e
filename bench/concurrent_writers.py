"""Concurrent writers: writes per second, p95 latency and retries with 1 and with 50 writers.

Each write is one unit of work through :func:`truceline.db.run_write`, as the API, the forms and
the CLI make it: a news report stored whole (``add_source_document``, which appends its signed
ledger entry) in a write transaction, run again on a lost race. The store is a SQLite file (WAL)
and, when it answers, PostgreSQL (``TRUCELINE_TEST_POSTGRES_URL``, default the local server, in
a schema of its own that is dropped afterwards). The single writer is the baseline measured in
the same run; the JSON gives each figure and the ratio to it, and checks that no write was lost
and that the ledger verifies.

Run: ``python bench/concurrent_writers.py [--writes N] [--writers 50] [--no-postgres]``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import func, select, text

from truceline.casebooks.loader import bundled_casebook_path, read_casebook
from truceline.conflicts.services import add_conflict
from truceline.db import make_engine, migrate, run_write, transaction, write_sessions
from truceline.domain.conflict import parties_in_order
from truceline.errors import TrucelineError
from truceline.ledger.services import verify_ledger
from truceline.parties.services import add_party
from truceline.sources.models import SourceDocument
from truceline.sources.services import add_source_document

POSTGRES_URL = os.environ.get("TRUCELINE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


class Retries(logging.Handler):
    """Counts the "trying again" notes :class:`truceline.db.RetryPolicy` logs."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0
        self._lock2 = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self._lock2:
            self.count += 1


def prepare(engine) -> None:
    book = read_casebook(bundled_casebook_path("th-kh-2025"))
    with transaction(engine) as session:
        add_conflict(session, book.info, mentions=list(book.mentions), actor="bench")
        for party in parties_in_order(book.parties):
            add_party(session, party, conflict_id=book.info.id, actor="bench", position=book.parties.index(party))


def run(engine, writers: int, writes: int, label: str) -> dict:
    factory = write_sessions(engine)
    retries = Retries()
    logger = logging.getLogger("truceline.db")
    logger.addHandler(retries)
    logger.setLevel(logging.INFO)
    latencies: list[float] = []
    failures: list[str] = []

    def one(n: int) -> None:
        content = f"Report {label}-{n}: shelling near the border on 3 September 2025."
        began = time.perf_counter()
        try:
            run_write(
                factory,
                lambda session: add_source_document(
                    session, conflict_id="th-kh-2025", content=content, kind="news", actor="bench"
                ),
            )
        except TrucelineError as exc:  # 503/409 for a client: counted, never hidden
            failures.append(type(exc).__name__)
            return
        latencies.append(time.perf_counter() - began)

    started = time.perf_counter()
    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(one, range(writes)))
    elapsed = time.perf_counter() - started
    logger.removeHandler(retries)
    with transaction(engine) as session:
        stored = session.scalar(
            select(func.count()).select_from(SourceDocument).where(SourceDocument.content.like(f"Report {label}-%"))
        )
    p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 20 else max(latencies)
    return {
        "writers": writers,
        "writes": writes,
        "succeeded": len(latencies),
        "refused": len(failures),
        "lost": len(latencies) - stored,
        "writes_per_second": round(len(latencies) / elapsed, 1),
        "p95_ms": round(p95 * 1000, 1),
        "retries": retries.count,
    }


def measure(engine, writes: int, writers: int) -> dict:
    prepare(engine)
    run(engine, 1, 20, "warm")  # imports, caches, the signing key
    single = run(engine, 1, writes, "one")
    crowd = run(engine, writers, writes, "many")
    with transaction(engine) as session:
        verified = verify_ledger(session).ok
    return {
        "single": single,
        "concurrent": crowd,
        "throughput_ratio": round(crowd["writes_per_second"] / single["writes_per_second"], 2),
        "p95_ratio": round(crowd["p95_ms"] / single["p95_ms"], 2),
        "ledger_verifies": verified,
    }


def postgres(writes: int, writers: int) -> dict:
    schema = f"bench_writers_{uuid.uuid4().hex[:8]}"
    try:
        admin = make_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # no server: say so instead of a figure
        return {"skipped": f"PostgreSQL is not reachable at {POSTGRES_URL}: {type(exc).__name__}"}
    separator = "&" if "?" in POSTGRES_URL else "?"
    engine = make_engine(f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}", pool_size=writers)
    try:
        migrate(engine)
        return measure(engine, writes, writers)
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=500, help="writes per run (default 500)")
    parser.add_argument("--writers", type=int, default=50, help="concurrent writers (default 50)")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("TRUCELINE_LEDGER_KEY", str(Path(tmp) / "ledger-key.pem"))
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}", pool_size=args.writers)
        migrate(engine)
        results = {"sqlite": measure(engine, args.writes, args.writers)}
        engine.dispose()
        results["postgresql"] = (
            {"skipped": "--no-postgres"} if args.no_postgres else postgres(args.writes, args.writers)
        )
    print(json.dumps({"benchmark": "concurrent_writers"} | results, indent=2))


if __name__ == "__main__":
    main()
