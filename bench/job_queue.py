"""Benchmark: jobs per second through the queue with 1, 2 and 4 ``truceline worker`` processes.

Each job is an ``event_import`` of a small ACLED file of its own (``--rows`` generated rows, event
ids no other job has), into a PostgreSQL store in a schema of its own (dropped afterwards), as a
mission's stream of small imports would arrive. For each broker (Redis, RabbitMQ; one that does not
answer is reported as skipped, with the reason) and each number of workers, the workers are
started and warmed up (one job each), then ``--jobs`` jobs are enqueued at once and timed until
the last is done. The baseline, measured in the same run on the same store, is the same number of
jobs of the same size run one after another in this process by the embedded runner (no broker, no
worker): ``ratio`` is a configuration's jobs per second over the baseline's. Every run checks that
each job finished once and the store holds each imported row once.

    python -m bench.job_queue [--jobs 40] [--rows 50] [--workers 1 2 4] [--brokers redis rabbitmq]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

from bench.acled_rows import write_acled_csv
from truceline.casebooks.loader import bundled_casebook_path, read_casebook
from truceline.config import Settings
from truceline.conflicts.services import add_conflict
from truceline.db import make_engine, migrate, transaction
from truceline.domain.conflict import parties_in_order
from truceline.incidents.models import Incident
from truceline.jobs.models import Job
from truceline.jobs.queue import LocalRunner, enqueue
from truceline.jobs.services import create_job
from truceline.jobs.tasks import KINDS
from truceline.parties.services import add_party

POSTGRES_URL = os.environ.get("TRUCELINE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
BROKERS = {
    "redis": os.environ.get("TRUCELINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
    "rabbitmq": os.environ.get("TRUCELINE_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"),
}
CONFLICT = "th-kh-2025"
#: the longest a configuration may take before it is reported as unfinished
TIMEOUT_S = 600.0


def unreachable(name: str, url: str) -> str | None:
    """Why a broker cannot be used, or None."""
    try:
        if name == "redis":
            import redis

            redis.Redis.from_url(url, socket_connect_timeout=3).ping()
        else:
            import pika

            parameters = pika.URLParameters(url)
            parameters.socket_timeout = 3
            pika.BlockingConnection(parameters).close()
    except Exception as exc:  # any failure to connect: reported, not a figure
        return f"{name} is not reachable at {url}: {type(exc).__name__}: {exc}"
    return None


def forget_queue(name: str, url: str, queue: str) -> None:
    """Remove the run's queue from the broker (best effort)."""
    try:
        if name == "redis":
            import redis

            client = redis.Redis.from_url(url)
            for key in client.scan_iter(f"dramatiq:{queue}*"):
                client.delete(key)
        else:
            import pika

            connection = pika.BlockingConnection(pika.URLParameters(url))
            channel = connection.channel()
            for q in (queue, f"{queue}.DQ", f"{queue}.XQ"):
                channel.queue_delete(q)
            connection.close()
    except Exception:
        pass


@contextmanager
def postgres_store() -> Iterator[tuple[Engine, str]]:
    """A migrated store with the conflict and its parties, in a schema of its own; its URL."""
    schema = f"bench_jobs_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    try:
        migrate(engine)
        book = read_casebook(bundled_casebook_path(CONFLICT))
        with transaction(engine) as session:
            add_conflict(session, book.info, mentions=list(book.mentions), actor="bench")
            for party in parties_in_order(book.parties):
                add_party(session, party, conflict_id=book.info.id, actor="bench", position=book.parties.index(party))
        yield engine, url
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class Files:
    """Small ACLED files whose event ids no earlier file of the run used."""

    def __init__(self, folder: Path, rows: int) -> None:
        self.folder, self.rows, self.made = folder, rows, 0

    def batch(self, count: int) -> list[Path]:
        paths = []
        for _ in range(count):
            path = self.folder / f"events-{self.made}.csv"
            paths.append(write_acled_csv(path, self.rows, seed=self.made, start=self.made * self.rows))
            self.made += 1
        return paths


def stored_incidents(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Incident)) or 0


def states(engine: Engine, ids: list[int]) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(select(Job.state, func.count()).where(Job.id.in_(ids)).group_by(Job.state))
        return {state: int(n) for state, n in rows}


def timings(engine: Engine, ids: list[int]) -> dict[str, float]:
    """Median seconds a job waited in the queue (created to started) and ran (started to finished)."""
    with engine.connect() as connection:
        rows = connection.execute(select(Job.created_at, Job.started_at, Job.finished_at).where(Job.id.in_(ids))).all()
    waits = [(s - c).total_seconds() for c, s, _ in rows if s is not None]
    runs = [(f - s).total_seconds() for _, s, f in rows if s is not None and f is not None]
    return {
        "median_wait_s": round(statistics.median(waits), 3) if waits else -1.0,
        "median_run_s": round(statistics.median(runs), 3) if runs else -1.0,
    }


def baseline(engine: Engine, files: Files, jobs: int) -> dict[str, Any]:
    """The same jobs run one after another by the embedded runner in this process."""
    paths = files.batch(jobs)
    with transaction(engine) as session:
        ids = [
            create_job(
                session,
                kind="event_import",
                arguments={"path": str(path), "format": "acled"},
                requested_by="bench",
                conflict_id=CONFLICT,
                kinds=KINDS,
            ).id
            for path in paths
        ]
    before = stored_incidents(engine)
    started = time.perf_counter()
    ran = LocalRunner(engine).run_pending()
    seconds = time.perf_counter() - started
    return {
        "jobs": ran,
        "seconds": round(seconds, 2),
        "jobs_per_second": round(ran / seconds, 2),
        "all_done": states(engine, ids) == {"done": jobs},
        "rows_stored_once": stored_incidents(engine) - before == jobs * files.rows,
        "median_run_s": timings(engine, ids)["median_run_s"],
    }


def start_worker(url: str, settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TRUCELINE_DATABASE_URL": url,
        "TRUCELINE_BROKER_URL": settings.broker_url or "",
        "TRUCELINE_BROKER_QUEUE": settings.broker_queue,
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "truceline", "worker", "--threads", "1"], env=env, stdout=out, stderr=out
        )


def through_queue(
    engine: Engine, url: str, settings: Settings, files: Files, jobs: int, workers: int
) -> dict[str, Any]:
    """``jobs`` imports enqueued at once and run by ``workers`` warmed-up worker processes."""

    def send(paths: list[Path]) -> list[int]:
        return [
            enqueue(
                engine,
                settings,
                kind="event_import",
                arguments={"path": str(path), "format": "acled"},
                requested_by="bench",
                conflict_id=CONFLICT,
            )
            for path in paths
        ]

    def wait(ids: list[int]) -> bool:
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            found = states(engine, ids)
            if found.get("done", 0) + found.get("failed", 0) == len(ids):
                return True
            time.sleep(0.05)
        return False

    warm_up, timed = files.batch(workers), files.batch(jobs)  # written before anything is timed
    log = files.folder / f"workers-{settings.broker_queue}-{workers}.log"
    processes = [start_worker(url, settings, log) for _ in range(workers)]
    try:
        if not wait(send(warm_up)):  # every worker started and connected
            return {"error": f"the workers did not start in {TIMEOUT_S:.0f} s; see {log}"}
        before = stored_incidents(engine)
        started = time.perf_counter()
        ids = send(timed)
        finished = wait(ids)
        seconds = time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    if not finished:
        return {"error": f"not finished in {TIMEOUT_S:.0f} s: {states(engine, ids)}"}
    return {
        "workers": workers,
        "jobs": jobs,
        "seconds": round(seconds, 2),
        "jobs_per_second": round(jobs / seconds, 2),
        "all_done": states(engine, ids) == {"done": jobs},
        "rows_stored_once": stored_incidents(engine) - before == jobs * files.rows,
        **timings(engine, ids),
    }


def run(jobs: int, rows: int, worker_counts: list[int], brokers: list[str]) -> dict[str, Any]:
    report: dict[str, Any] = {
        "benchmark": "job_queue",
        "job": f"event_import of {rows} generated ACLED rows",
        "load_average": os.getloadavg()[0],
    }
    try:
        store = postgres_store()
        engine, url = store.__enter__()
    except Exception as exc:  # no PostgreSQL: say so instead of a figure
        report["skipped"] = f"PostgreSQL is not reachable at {POSTGRES_URL}: {type(exc).__name__}"
        return report
    try:
        with tempfile.TemporaryDirectory(prefix="bench-jobs-") as folder:
            files = Files(Path(folder), rows)
            base = baseline(engine, files, jobs)
            report["baseline (embedded runner, one process)"] = base
            for name in brokers:
                reason = unreachable(name, BROKERS[name])
                if reason is not None:
                    report[name] = {"skipped": reason}
                    continue
                settings = Settings(broker_url=BROKERS[name], broker_queue=f"truceline-bench-{uuid.uuid4().hex[:10]}")
                figures = []
                try:
                    for workers in worker_counts:
                        measured = through_queue(engine, url, settings, files, jobs, workers)
                        if "jobs_per_second" in measured:
                            measured["ratio"] = round(measured["jobs_per_second"] / base["jobs_per_second"], 2)
                        figures.append(measured)
                finally:
                    forget_queue(name, BROKERS[name], settings.broker_queue)
                report[name] = figures
    finally:
        store.__exit__(None, None, None)
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=40, help="jobs timed per configuration")
    parser.add_argument("--rows", type=int, default=50, help="ACLED rows per job")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--brokers", nargs="+", choices=sorted(BROKERS), default=sorted(BROKERS))
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.rows < 1 or any(n < 1 for n in args.workers):
        parser.error("--jobs, --rows and --workers must be at least 1")
    print(json.dumps(run(args.jobs, args.rows, args.workers, args.brokers), indent=2))


if __name__ == "__main__":
    main()
