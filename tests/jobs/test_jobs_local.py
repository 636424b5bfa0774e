"""Background jobs on the embedded default (no broker): queued in the store, run in process."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from typer.testing import CliRunner

from tests.conftest import add_conflict_of
from tests.jobs.conftest import acled_file, imported
from truceline.app import create_app
from truceline.casebooks.loader import Casebook
from truceline.cli import app as cli_app
from truceline.config import Settings
from truceline.db import transaction, utcnow
from truceline.errors import Conflict
from truceline.jobs.models import JobFile
from truceline.jobs.queue import BrokerUnavailable, LocalRunner, enqueue
from truceline.jobs.services import (
    claim_next,
    create_job,
    get_job,
    job_file,
    job_record,
    keep_file,
    request_cancel,
    run_job,
)
from truceline.jobs.tasks import KINDS

EMBEDDED = Settings(broker_url=None)


@pytest.fixture
def store(sqlite_engine: Engine, casebook: Casebook) -> Engine:
    add_conflict_of(sqlite_engine, casebook)
    return sqlite_engine


def cli(url: str, *args: str) -> object:
    return CliRunner().invoke(cli_app, ["--db", url, *args])


def truceline(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it (exit codes come from ``truceline.cli.main``)."""
    command = [sys.executable, "-m", "truceline", "--db", url, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def record(engine: Engine, job_id: int) -> dict[str, object]:
    with transaction(engine) as session:
        return job_record(get_job(session, job_id))


def test_an_idle_runner_polls_without_taking_the_writers_lock(store: Engine) -> None:
    """A runner polling an empty queue must not take SQLite's writer lock: a transaction that has
    read and then writes fails at once, without waiting, while another connection holds it, so
    the poll made a person's or a test's writes fail now and then."""
    from truceline.db import write_transaction

    with write_transaction(store):  # another writer holds the store (BEGIN IMMEDIATE)
        assert claim_next(store) is None  # seen idle by a read (waiting for the lock ends in StoreBusy)


def test_an_import_queued_from_the_cli_runs_on_a_worker_and_shows_its_counts(
    store: Engine, sqlite_url: str, tmp_path: Path
) -> None:
    events = acled_file(tmp_path, 30)
    queued = cli(sqlite_url, "import", "acled", str(events), "--background", "--json")
    assert queued.exit_code == 0, queued.output
    job_id = json.loads(queued.stdout)["job"]
    assert record(store, job_id)["state"] == "queued"
    assert imported(store) == (0, 0)

    ran = cli(sqlite_url, "worker", "--burst")
    assert ran.exit_code == 0, ran.output
    assert "ran 1 job" in ran.stdout
    job = record(store, job_id)
    assert job["state"] == "done"
    assert job["counts"]["created"] == 30 and job["counts"]["rows"] == 30
    # progress counts the file's bytes, read batch by batch: all of them by the end
    assert job["done"] == job["total"] == events.stat().st_size
    assert job["attempts"] == 1
    assert imported(store) == (30, 1)

    listed = cli(sqlite_url, "jobs", "list")
    size = events.stat().st_size
    assert listed.exit_code == 0 and f"{job_id}\tevent_import\tdone\t{size}/{size}\tcli" in listed.stdout
    shown = cli(sqlite_url, "jobs", "show", str(job_id), "--json")
    assert json.loads(shown.stdout)["counts"]["created"] == 30
    followed = cli(sqlite_url, "jobs", "show", str(job_id), "--follow")
    assert followed.exit_code == 0 and "created: 30" in followed.stdout

    # the same file again, as a job: idempotent by its hash
    again = cli(sqlite_url, "import", "acled", str(events), "--background")
    assert again.exit_code == 0 and "queued" in again.stderr
    assert cli(sqlite_url, "worker", "--burst").exit_code == 0
    last = json.loads(cli(sqlite_url, "jobs", "list", "--json").stdout)[0]
    assert last["state"] == "done" and last["counts"]["already_imported"] is True
    assert imported(store) == (30, 1)


def test_a_finished_job_cannot_be_cancelled_and_a_queued_one_is_cancelled_at_once(
    store: Engine, sqlite_url: str, tmp_path: Path
) -> None:
    job_id = enqueue(
        store,
        EMBEDDED,
        kind="event_import",
        arguments={"path": str(acled_file(tmp_path, 3))},
        requested_by="cli",
        conflict_id="th-kh-2025",
    )
    cancelled = cli(sqlite_url, "jobs", "cancel", str(job_id))
    assert cancelled.exit_code == 0 and "cancelled" in cancelled.stdout
    assert cli(sqlite_url, "worker", "--burst").stdout.strip() == "ran 0 jobs"
    assert record(store, job_id)["state"] == "cancelled"
    assert imported(store) == (0, 0)
    again = truceline(sqlite_url, "jobs", "cancel", str(job_id))
    assert again.returncode == 4 and again.stderr.strip() == f"error: job {job_id} is cancelled already"
    assert truceline(sqlite_url, "jobs", "show", "999").returncode == 3


def test_cancelling_a_running_import_stops_it_at_its_next_batch_and_keeps_nothing(
    store: Engine, tmp_path: Path
) -> None:
    job_id = enqueue(
        store,
        EMBEDDED,
        kind="event_import",
        arguments={"path": str(acled_file(tmp_path, 20))},
        requested_by="cli",
        conflict_id="th-kh-2025",
    )
    assert claim_next(store) == job_id  # a worker took it ...
    with transaction(store) as session:
        request_cancel(session, job_id)  # ... and someone cancels while it runs
        assert get_job(session, job_id).state == "running"
    assert run_job(store, job_id, KINDS, claimed=True) == "cancelled"
    job = record(store, job_id)
    assert job["state"] == "cancelled" and "nothing of the unfinished batch was kept" in job["errors"][0]
    assert imported(store) == (0, 0)


def test_a_job_that_fails_records_why(store: Engine, sqlite_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("event_id_cnty,event_date\nX1,not-a-date\n", encoding="utf-8")
    missing = enqueue(
        store,
        EMBEDDED,
        kind="event_import",
        arguments={"path": str(tmp_path / "gone.csv")},
        requested_by="cli",
        conflict_id="th-kh-2025",
    )
    malformed = enqueue(
        store,
        EMBEDDED,
        kind="event_import",
        arguments={"path": str(bad)},
        requested_by="cli",
        conflict_id="th-kh-2025",
    )
    assert cli(sqlite_url, "worker", "--burst").exit_code == 0
    assert "no such file" in record(store, missing)["errors"][0]
    assert record(store, malformed)["state"] == "failed" and record(store, malformed)["errors"]
    shown = cli(sqlite_url, "jobs", "show", str(missing))
    assert shown.exit_code == 1 and "error:" in shown.stdout
    assert imported(store) == (0, 0)


def test_the_server_runs_queued_jobs_in_a_thread_and_shows_them(store: Engine, tmp_path: Path) -> None:
    from truceline.auth.services import add_user, issue_api_token

    with transaction(store) as session:
        add_user(session, username="coord", role="coordinator", password="correct-horse-battery", actor="test")
        add_user(session, username="reader", role="public", password="correct-horse-battery", actor="test")
        token = issue_api_token(session, "coord", actor="test")
        public = issue_api_token(session, "reader", actor="test")
    auth = {"Authorization": f"Bearer {token}"}
    app = create_app(store, EMBEDDED)
    with TestClient(app) as client:  # the lifespan starts the in-process runner
        job_id = enqueue(
            store,
            EMBEDDED,
            kind="event_import",
            arguments={"path": str(acled_file(tmp_path, 12))},
            requested_by="coord",
            conflict_id="th-kh-2025",
        )
        deadline = time.monotonic() + 240  # a safety net on a loaded machine, not a timing check
        while client.get(f"/api/v1/jobs/{job_id}", headers=auth).json()["state"] != "done":
            assert time.monotonic() < deadline, "the in-process runner did not run the job"
            time.sleep(0.2)
        body = client.get(f"/api/v1/jobs/{job_id}", headers=auth).json()
        assert body["counts"]["created"] == 12 and body["done"] == body["total"] > 0
        assert [j["id"] for j in client.get("/api/v1/jobs", headers=auth).json()] == [job_id]
        assert client.get(f"/api/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {public}"}).status_code == 403
        assert client.get("/api/v1/jobs/424242", headers=auth).status_code == 404
        finished = client.post(f"/api/v1/jobs/{job_id}/cancel", headers=auth)
        assert finished.status_code == 409 and finished.json()["error"]["code"] == "conflict"

        page = client.get(f"/jobs/{job_id}", headers=auth)
        assert page.status_code == 200
        assert "created" in page.text and 'http-equiv="refresh"' not in page.text  # finished: no reload
        assert f'href="/jobs/{job_id}"' in client.get("/jobs", headers=auth).text
    assert not LocalRunner.running  # stopped with the app
    assert imported(store) == (12, 1)


def test_an_unfinished_job_page_reloads_itself_without_script_and_can_be_cancelled(store: Engine) -> None:
    from truceline.auth.services import add_user, issue_api_token

    with transaction(store) as session:
        add_user(session, username="obs", role="observer", password="correct-horse-battery", actor="test")
        token = issue_api_token(session, "obs", actor="test")
    auth = {"Authorization": f"Bearer {token}"}
    job_id = enqueue(
        store,
        EMBEDDED,
        kind="ledger_export",
        arguments={"path": "/nonexistent/x.json"},
        requested_by="obs",
    )
    client = TestClient(create_app(store, EMBEDDED, run_jobs=False))
    page = client.get(f"/jobs/{job_id}", headers=auth)
    assert '<meta http-equiv="refresh" content="2">' in page.text and "<script" not in page.text
    cancelled = client.post(f"/api/v1/jobs/{job_id}/cancel", headers=auth)
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"


def test_batch_ingest_and_ledger_export_run_as_jobs(store: Engine, tmp_path: Path, seed_report: str) -> None:
    reports = []
    for n, text in enumerate([seed_report, seed_report + "\nUpdated.", seed_report]):
        path = tmp_path / f"report-{n}.txt"
        path.write_text(text, encoding="utf-8")
        reports.append(str(path))
    ingest = enqueue(
        store,
        EMBEDDED,
        kind="ingest_batch",
        arguments={"files": reports, "published": "2025-12-22"},
        requested_by="cli",
        conflict_id="th-kh-2025",
    )
    out = tmp_path / "ledger.json"
    export = enqueue(store, EMBEDDED, kind="ledger_export", arguments={"path": str(out)}, requested_by="cli")
    assert LocalRunner(store).run_pending() == 2
    counts = record(store, ingest)["counts"]
    assert counts["documents"] == 2 and counts["stored_already"] == 1 and counts["candidates"] > 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert record(store, export)["counts"]["entries"] == exported["head"]["seq"] == len(exported["entries"])


def test_an_unknown_kind_is_refused_and_an_unreachable_broker_fails_the_job(store: Engine, tmp_path: Path) -> None:
    from truceline.errors import InvalidInput

    with pytest.raises(InvalidInput, match="unknown job kind"):
        enqueue(store, EMBEDDED, kind="make_coffee", arguments={}, requested_by="cli")
    nowhere = Settings(broker_url="redis://127.0.0.1:1/0", broker_queue="truceline-test-nowhere")
    with pytest.raises(BrokerUnavailable, match="cannot be reached"):
        enqueue(store, nowhere, kind="ledger_export", arguments={"path": str(tmp_path / "x")}, requested_by="cli")
    with transaction(store) as session:
        from truceline.jobs.services import list_jobs

        (job,) = list_jobs(session)
        assert job.state == "failed" and "cannot be reached" in job.errors[0]
        with pytest.raises(Conflict):
            request_cancel(session, job.id)


def test_jobs_prune_removes_report_files_kept_too_long_and_keeps_the_jobs(store: Engine, sqlite_url: str) -> None:
    with transaction(store) as session:
        old, new = (
            create_job(session, kind="report_render", arguments={"report": "daily"}, requested_by="web", kinds=KINDS)
            for _ in range(2)
        )
        keep_file(session, old.id, name="old.pdf", media_type="application/pdf", content=b"%PDF old")
        keep_file(session, new.id, name="new.pdf", media_type="application/pdf", content=b"%PDF new")
        ids = (old.id, new.id)
    with store.begin() as connection:  # the first file was made ten days ago
        ten_days_ago = utcnow() - dt.timedelta(days=10)
        connection.execute(update(JobFile).where(JobFile.job_id == ids[0]).values(created_at=ten_days_ago))

    refused = cli(sqlite_url, "jobs", "prune", "--days", "0")
    assert refused.exit_code != 0
    kept = cli(sqlite_url, "jobs", "prune", "--days", "30")
    assert kept.exit_code == 0 and "removed 0 files kept more than 30 days" in kept.stdout
    pruned = cli(sqlite_url, "jobs", "prune", "--days", "7")
    assert pruned.exit_code == 0 and "removed 1 file kept more than 7 days" in pruned.stdout
    with transaction(store) as session:
        assert job_file(session, ids[0]) is None and job_file(session, ids[1]) is not None
        assert get_job(session, ids[0]).kind == "report_render"  # the job itself stays
