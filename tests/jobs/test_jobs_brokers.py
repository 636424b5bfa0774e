"""Jobs on a real queue: Dramatiq on the Redis and RabbitMQ servers of this machine, run by real
``truceline worker`` processes against PostgreSQL. A worker killed mid-import (SIGKILL) loses
nothing and duplicates nothing: its message is delivered again, another worker runs the job,
and the import is in the store exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.job_queue import BROKERS, forget_queue, unreachable
from sqlalchemy import Engine, text

from tests.conftest import add_conflict_of
from tests.jobs.conftest import acled_file, imported
from truceline.casebooks.loader import Casebook
from truceline.config import Settings
from truceline.db import transaction
from truceline.jobs.queue import enqueue
from truceline.jobs.services import get_job, job_record

pytestmark = pytest.mark.postgres

ROWS = 40


@pytest.fixture(params=list(BROKERS))
def broker(request: pytest.FixtureRequest) -> Iterator[tuple[str, Settings]]:
    name = request.param
    reason = unreachable(name, BROKERS[name])
    if reason is not None:
        pytest.skip(reason)
    queue = f"truceline-test-{uuid.uuid4().hex[:10]}"
    settings = Settings(
        broker_url=BROKERS[name],
        broker_queue=queue,
        broker_heartbeat_seconds=2,
        broker_maintenance_chance=1_000_000,
    )
    yield name, settings
    forget_queue(name, BROKERS[name], queue)


def _worker(postgres_url: str, settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TRUCELINE_DATABASE_URL": postgres_url,
        "TRUCELINE_BROKER_URL": settings.broker_url or "",
        "TRUCELINE_BROKER_QUEUE": settings.broker_queue,
        "TRUCELINE_BROKER_HEARTBEAT_SECONDS": str(settings.broker_heartbeat_seconds),
        "TRUCELINE_BROKER_MAINTENANCE_CHANCE": str(settings.broker_maintenance_chance),
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "truceline", "worker", "--threads", "1"], env=env, stdout=out, stderr=out
        )


def _job(engine: Engine, job_id: int) -> dict[str, object]:
    with transaction(engine) as session:
        return job_record(get_job(session, job_id))


def _wait(what: str, check: object, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}; worker log:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


def _waiting_on_incidents(engine: Engine) -> bool:
    """Some backend waits for a lock on the incidents table (the worker's import is stuck there)."""
    with engine.connect() as connection:
        waiting = connection.execute(
            text("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = to_regclass('incidents')")
        ).scalar_one()
    return bool(waiting)


def test_a_worker_killed_mid_import_is_replaced_and_the_import_lands_exactly_once(
    broker: tuple[str, Settings], postgres_engine: Engine, postgres_url: str, casebook: Casebook, tmp_path: Path
) -> None:
    name, settings = broker
    add_conflict_of(postgres_engine, casebook)
    log = tmp_path / f"worker-{name}.log"
    events = acled_file(tmp_path, ROWS)

    # hold the incidents table so the first worker's import stops mid-job, its transaction open
    blocker = postgres_engine.connect()
    blocker.begin()
    blocker.execute(text("LOCK TABLE incidents IN SHARE ROW EXCLUSIVE MODE"))
    first = _worker(postgres_url, settings, log)
    second: subprocess.Popen[bytes] | None = None
    try:
        job_id = enqueue(
            postgres_engine,
            settings,
            kind="event_import",
            arguments={"path": str(events), "format": "acled"},
            requested_by="test",
            conflict_id=casebook.info.id,
        )
        _wait("the first worker to start the import", lambda: _job(postgres_engine, job_id)["state"] == "running", log)
        _wait("the import to reach the incidents table", lambda: _waiting_on_incidents(postgres_engine), log)

        first.send_signal(signal.SIGKILL)  # mid-job: no chance to acknowledge or clean up
        first.wait(timeout=30)
        blocker.rollback()
        blocker.close()
        assert _job(postgres_engine, job_id)["state"] == "running"  # the dead worker's job is unfinished ...
        assert imported(postgres_engine) == (0, 0)  # ... and nothing of it was kept

        second = _worker(postgres_url, settings, log)
        _wait("another worker to finish the job", lambda: _job(postgres_engine, job_id)["state"] == "done", log)
        job = _job(postgres_engine, job_id)
        assert job["attempts"] == 2  # delivered again after the kill
        assert job["counts"]["created"] == ROWS
        assert imported(postgres_engine) == (ROWS, 1)  # exactly once

        # and the same file again, as another job, adds nothing
        again = enqueue(
            postgres_engine,
            settings,
            kind="event_import",
            arguments={"path": str(events), "format": "acled"},
            requested_by="test",
            conflict_id=casebook.info.id,
        )
        _wait("the second job", lambda: _job(postgres_engine, again)["state"] == "done", log)
        assert _job(postgres_engine, again)["counts"]["already_imported"] is True
        assert imported(postgres_engine) == (ROWS, 1)
    finally:
        if not blocker.closed:
            blocker.close()
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
