"""Streaming imports: event identity across imports, revised rows as versions, rejects, resuming a
killed import, and readers that keep being answered while a file is imported."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from tests.conftest import add_conflict_of
from tests.intake.test_event_data import ACLED_FILE, UCDP_FILE, counts, read_rows, write_rows
from tests.ledger.conftest import verify_json
from typer.testing import CliRunner

from truceline.casebooks.loader import Casebook
from truceline.cli import app
from truceline.db import make_engine, migrate, transaction
from truceline.errors import StoreBusy
from truceline.incidents.models import Incident
from truceline.incidents.queries import incident_records, list_incidents
from truceline.intake import event_data
from truceline.intake.event_data import import_event_file_in_batches
from truceline.ledger.models import LedgerEntry
from truceline.ledger.services import verify_ledger
from truceline.publish.exports import export_acled, export_ucdp
from truceline.sources.models import ImportBatch, ImportJob
from truceline.versions.services import history
from truceline.visibility import EVERYTHING


@pytest.fixture
def store(engine: Engine, casebook: Casebook) -> Engine:
    """Either store, with the th-kh-2025 conflict and its parties and no records yet."""
    add_conflict_of(engine, casebook)
    return engine


def run(engine: Engine, path: Path, fmt: str = "acled", **kwargs: object) -> event_data.ImportReport:
    return import_event_file_in_batches(engine, path, format=fmt, actor="test", **kwargs)  # type: ignore[arg-type]


def test_the_external_key_is_kept_and_an_event_again_adds_nothing(store: Engine, tmp_path: Path) -> None:
    run(store, ACLED_FILE, batch_size=3)
    with transaction(store) as session:
        clash = session.get(Incident, "acled-tha16518")
        assert clash is not None
        assert (clash.dataset, clash.external_id, clash.external_version) == ("acled", "THA16518", "1753747200")
    before = counts(store)
    # the same rows in another file (another order): nothing new
    columns, rows = read_rows(ACLED_FILE)
    again = run(store, write_rows(tmp_path / "reordered.csv", columns, rows[::-1]))
    assert not again.already_imported and again.created == 0 and again.counts == {"unchanged": 4}
    after = counts(store)
    assert after["incidents"] == before["incidents"] and after["citations"] == before["citations"]
    assert after["source_documents"] == before["source_documents"]


def test_a_revised_row_makes_a_new_version_of_its_incident(store: Engine, tmp_path: Path) -> None:
    run(store, ACLED_FILE)
    columns, rows = read_rows(ACLED_FILE)
    [row] = [r for r in rows if r["event_id_cnty"] == "THA16521"]
    row["fatalities"], row["timestamp"] = "9", "1754006400"  # ACLED's correction, a newer timestamp
    report = run(store, write_rows(tmp_path / "revised.csv", columns, [row]))
    assert report.revised == ["acled-tha16521"] and report.created == 0
    assert "1 revised" in report.summary()
    with transaction(store) as session:
        incident = session.get(Incident, "acled-tha16521")
        assert incident is not None and incident.external_version == "1754006400"
        assert [f.best for f in incident.casualties] == [9]
        entry = session.scalars(
            select(LedgerEntry).where(LedgerEntry.action == "source:import:batch").order_by(LedgerEntry.seq.desc())
        ).first()
        assert entry is not None
        [version] = entry.payload["revised"]
        assert version["incident"] == "acled-tha16521" and version["version"] == "1754006400"
        assert version["previous"]["external_version"] == "1753747200"
        assert version["previous"]["content"]["casualties"][0][4] == 8  # the figure it had before
        assert verify_ledger(session).ok
    # the older row again changes nothing: the newer version stays
    stale = run(store, ACLED_FILE.with_name(ACLED_FILE.name), batch_size=2)
    assert stale.already_imported
    row["fatalities"], row["timestamp"] = "7", "1753000000"
    older = run(store, write_rows(tmp_path / "older.csv", columns, [row]))
    assert older.stale == ["acled-tha16521"] and older.revised == []


def test_imported_and_revised_incidents_are_versions_that_ledger_verify_checks(store: Engine, tmp_path: Path) -> None:
    run(store, ACLED_FILE, batch_size=3)
    columns, rows = read_rows(ACLED_FILE)
    [row] = [r for r in rows if r["event_id_cnty"] == "THA16521"]
    row["fatalities"], row["timestamp"] = "9", "1754006400"
    run(store, write_rows(tmp_path / "revised.csv", columns, [row]))
    code, report = verify_json(store)
    assert code == 0, str(report)
    assert report["records"] == 4 + 3  # the incidents, and the source document of each batch
    with transaction(store) as session:
        versions = history(session, "incident", "acled-tha16521")
    assert [(v["version"], v["change"]) for v in versions] == [(1, "created"), (2, "revised")]
    with store.begin() as connection:  # someone with direct access to the database
        connection.execute(text("UPDATE incidents SET description = 'quietly edited' WHERE id = 'acled-tha16518'"))
    code, report = verify_json(store)
    assert code == 1
    assert report["first_failure"]["record"] == "incident acled-tha16518"


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_truceline_s_own_export_comes_back_without_duplicates(
    loaded_engine: Engine, tmp_path: Path, casebook: Casebook, fmt: str
) -> None:
    run(loaded_engine, ACLED_FILE if fmt == "acled" else UCDP_FILE, fmt)
    before = counts(loaded_engine)
    with transaction(loaded_engine) as session:
        records = incident_records(session, list_incidents(session), EVERYTHING)
    export = export_acled if fmt == "acled" else export_ucdp
    path = tmp_path / f"export-{fmt}.csv"
    path.write_text(export(records, casebook.definition()), encoding="utf-8")
    report = run(loaded_engine, path, fmt)
    assert report.created == 0 and report.rows > 0 and report.counts == {"unchanged": report.rows}
    assert counts(loaded_engine)["incidents"] == before["incidents"]


def test_rejects_are_reported_and_written_and_the_rest_imported(
    sqlite_engine: Engine, casebook: Casebook, tmp_path: Path
) -> None:
    add_conflict_of(sqlite_engine, casebook)
    columns, rows = read_rows(ACLED_FILE)
    rows[1]["event_date"] = "2025-13-40"
    rows[2]["sub_event_type"] = "Skirmish"
    path = write_rows(tmp_path / "some-bad.csv", columns, rows)
    rejects = tmp_path / "rejects.csv"
    report = run(sqlite_engine, path, rejects=rejects)
    assert (report.rows, report.created, report.rejected) == (4, 2, 2)
    assert [(r.line, r.column) for r in report.rejects] == [(3, "event_date"), (4, "sub_event_type")]
    assert "rejected line 3, column event_date" in report.summary()
    with rejects.open(encoding="utf-8", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert [(w["line"], w["column"]) for w in written] == [("3", "event_date"), ("4", "sub_event_type")]
    assert "Skirmish" in written[1]["row"] and "unknown ACLED sub-event type" in written[1]["reason"]


def test_without_rejects_a_bad_row_leaves_nothing_behind(
    sqlite_engine: Engine, casebook: Casebook, tmp_path: Path
) -> None:
    add_conflict_of(sqlite_engine, casebook)
    columns, rows = read_rows(ACLED_FILE)
    rows[3]["latitude"] = "123"
    before = counts(sqlite_engine)
    with pytest.raises(event_data.EventDataError):
        run(sqlite_engine, write_rows(tmp_path / "bad.csv", columns, rows), batch_size=2)
    assert counts(sqlite_engine) == before
    with sqlite_engine.connect() as connection:
        assert connection.execute(text("select count(*) from import_staging")).scalar_one() == 0
        assert connection.execute(text("select count(*) from import_batches")).scalar_one() == 0


def test_a_killed_import_resumes_after_its_last_batch(
    sqlite_engine: Engine, casebook: Casebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_conflict_of(sqlite_engine, casebook)
    staged: list[int] = []
    real = event_data._Run.stage_batch

    def killed_after_one_batch(self, job_id, header, batch, offset):  # type: ignore[no-untyped-def]
        if staged:
            raise KeyboardInterrupt  # the process dies here: the first batch was committed
        staged.append(batch.number)
        return real(self, job_id, header, batch, offset)

    monkeypatch.setattr(event_data._Run, "stage_batch", killed_after_one_batch)
    with pytest.raises(KeyboardInterrupt):
        run(sqlite_engine, ACLED_FILE, batch_size=2)
    with transaction(sqlite_engine) as session:
        job = session.scalars(select(ImportJob)).one()
        assert job.status == "staging" and job.rows == 2
        assert session.scalar(select(Incident.id).limit(1)) is None  # nothing shows before the move
    monkeypatch.setattr(event_data._Run, "stage_batch", real)
    report = run(sqlite_engine, ACLED_FILE, batch_size=2)
    assert report.resumed_after_line == 3 and report.created == 4 and report.batches == 2
    with transaction(sqlite_engine) as session:
        assert session.scalars(select(ImportJob)).one().status == "complete"
        assert len(session.scalars(select(ImportBatch)).all()) == 2


def test_a_second_import_of_a_file_being_imported_is_refused_as_busy(
    store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two imports of one file at once (two operators, a retried job): the second is refused as
    busy instead of staging the same lines into the same run; the first ends whole."""
    first_batch_written, second_tried = threading.Event(), threading.Event()
    real = event_data._Run.stage_batch

    def slow(self, job_id, header, batch, offset):  # type: ignore[no-untyped-def]
        real(self, job_id, header, batch, offset)
        first_batch_written.set()
        second_tried.wait(timeout=60)

    monkeypatch.setattr(event_data._Run, "stage_batch", slow)
    outcome: list[object] = []
    first = threading.Thread(target=lambda: outcome.append(run(store, ACLED_FILE, batch_size=2)))
    first.start()
    try:
        assert first_batch_written.wait(timeout=60)
        monkeypatch.setattr(event_data._Run, "stage_batch", real)
        with pytest.raises(StoreBusy, match="being imported by another run"):
            run(store, ACLED_FILE, batch_size=2)
    finally:
        second_tried.set()
        first.join(timeout=120)
    report = outcome[0]
    assert isinstance(report, event_data.ImportReport) and report.created == 4
    assert counts(store)["incidents"] == 4
    assert run(store, ACLED_FILE).already_imported  # the lease ended with the run


def test_the_lease_of_a_killed_import_lapses_and_the_next_run_resumes(
    store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = event_data._Run.stage_batch

    def killed(self, job_id, header, batch, offset):  # type: ignore[no-untyped-def]
        real(self, job_id, header, batch, offset)
        raise SystemExit(137)  # killed outright: nothing after this line runs

    monkeypatch.setattr(event_data._Run, "stage_batch", killed)
    monkeypatch.setattr(event_data._Run, "release", lambda self, job_id: None)  # no clean-up either
    with pytest.raises(SystemExit):
        run(store, ACLED_FILE, batch_size=2)
    monkeypatch.undo()
    with pytest.raises(StoreBusy) as busy:
        run(store, ACLED_FILE, batch_size=2)
    assert 0 < busy.value.retry_after <= event_data.LEASE.total_seconds() + 1
    with transaction(store) as session:  # ten minutes later
        job = session.scalars(select(ImportJob)).one()
        assert job.heartbeat_at is not None
        job.heartbeat_at = job.heartbeat_at - event_data.LEASE
    report = run(store, ACLED_FILE, batch_size=2)
    assert report.resumed_after_line == 3 and report.created == 4


def test_readers_are_answered_while_a_large_file_is_imported(tmp_path: Path, casebook: Casebook) -> None:
    """A reader thread queries the store (as the web app does) all through an import of 30,000 rows."""
    from bench.acled_rows import write_acled_csv

    engine = make_engine(f"sqlite:///{tmp_path / 'busy.db'}")
    migrate(engine)
    add_conflict_of(engine, casebook)
    path = write_acled_csv(tmp_path / "acled-30k.csv", 30_000)
    done = threading.Event()
    reads: list[int] = []
    failures: list[BaseException] = []

    def reader() -> None:
        reader_engine = make_engine(f"sqlite:///{tmp_path / 'busy.db'}")
        try:
            while not done.is_set():
                try:
                    with transaction(reader_engine) as session:
                        reads.append(len(list_incidents(session)))
                except Exception as exc:
                    failures.append(exc)
        finally:
            reader_engine.dispose()

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        report = run(engine, path, batch_size=5_000)
    finally:
        done.set()
        thread.join()
    assert failures == []
    assert len(reads) >= 2 and set(reads) <= {0, 30_000}  # all or nothing: no half import is ever seen
    assert report.created == 30_000
    engine.dispose()


def test_cli_import_with_rejects_file(
    sqlite_url: str, sqlite_engine: Engine, casebook: Casebook, tmp_path: Path
) -> None:
    add_conflict_of(sqlite_engine, casebook)
    columns, rows = read_rows(UCDP_FILE)
    rows[0]["date_start"] = "24/07/2025"
    path = write_rows(tmp_path / "ged.csv", columns, rows)
    rejects = tmp_path / "rejects.csv"
    result = CliRunner().invoke(
        app, ["--db", sqlite_url, "import", "ucdp", str(path), "--rejects", str(rejects), "--batch-size", "100"]
    )
    assert result.exit_code == 0, result.output
    assert "imported 2 of 3" in result.stdout and "1 rejected" in result.stdout
    assert "line 2, column date_start" in result.stdout
    assert rejects.read_text(encoding="utf-8").splitlines()[1].startswith("2,date_start,")
