"""A backup of the loaded store restores into a fresh one whole (the same rows, the same records,
the evidence files); a damaged archive is refused before anything is written."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL
from truceline.agreements.models import Agreement
from truceline.all_models import import_all_models
from truceline.backups.archive import BackupError, backup, restore
from truceline.casebooks.loader import Casebook, load_casebook
from truceline.db import Base, make_engine, migrate, transaction
from truceline.errors import Conflict
from truceline.ledger.models import LedgerEntry
from truceline.ledger.services import verify_chain


def row_counts(engine: Engine) -> dict[str, int]:
    import_all_models()
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def some_records(engine: Engine) -> dict[str, object]:
    with transaction(engine) as session:
        ceasefire = session.get(Agreement, "putrajaya-ceasefire-2025-07-28")
        assert ceasefire is not None
        head = session.scalars(select(LedgerEntry).order_by(LedgerEntry.seq.desc()).limit(1)).one()
        return {
            "effective_from": ceasefire.effective_from.isoformat(),
            "events": [(e.kind, e.date.isoformat(), e.by_party) for e in ceasefire.events],
            "provisions": [p.id for p in ceasefire.provisions],
            "ledger_head": head.entry_hash,
            "chain_intact": verify_chain(session).intact,
        }


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    directory = tmp_path / "evidence"
    (directory / "ab").mkdir(parents=True)
    (directory / "ab" / ("ab" + "0" * 62)).write_bytes(b"a photograph of a crater")
    return directory


def test_a_sqlite_backup_restores_into_a_fresh_store(
    tmp_path: Path, loaded_engine: Engine, sqlite_url: str, evidence: Path
) -> None:
    archive = tmp_path / "backup.tar.gz"
    report = backup(sqlite_url, evidence, archive)
    assert report.database == "sqlite" and report.evidence_files == 1

    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["format"] == 1 and manifest["database"] == "sqlite"
    assert manifest["schema_revision"] and set(manifest["members"]) == {
        "database.sqlite3",
        "evidence/ab/ab" + "0" * 62,
    }

    restored_url = f"sqlite:///{tmp_path / 'restored.db'}"
    restored_evidence = tmp_path / "restored-evidence"
    restore(archive, restored_url, restored_evidence)
    restored = make_engine(restored_url)
    try:
        assert row_counts(restored) == row_counts(loaded_engine)
        assert row_counts(restored)["incidents"] > 50
        assert some_records(restored) == some_records(loaded_engine)
    finally:
        restored.dispose()
    assert (restored_evidence / "ab" / ("ab" + "0" * 62)).read_bytes() == b"a photograph of a crater"


def test_a_store_that_holds_data_is_overwritten_only_with_force(
    tmp_path: Path, loaded_engine: Engine, sqlite_url: str, evidence: Path, casebook: Casebook
) -> None:
    archive = tmp_path / "backup.tar.gz"
    backup(sqlite_url, evidence, archive)
    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    other = make_engine(other_url)
    migrate(other)
    with transaction(other) as session:
        load_casebook(session, casebook, actor="test")
        session.execute(text("DELETE FROM meetings"))
    before = row_counts(other)
    with pytest.raises(Conflict, match="not empty"):
        restore(archive, other_url, tmp_path / "other-evidence")
    assert row_counts(other) == before
    restore(archive, other_url, tmp_path / "other-evidence", force=True)
    assert row_counts(other) == row_counts(loaded_engine)
    other.dispose()


def _tamper(archive: Path, damaged: Path) -> None:
    """The same archive with one byte of the database copy changed and the manifest left alone."""
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "database.sqlite3":
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))


def test_a_damaged_archive_is_refused_and_nothing_is_written(
    tmp_path: Path, loaded_engine: Engine, sqlite_url: str, evidence: Path
) -> None:
    archive = tmp_path / "backup.tar.gz"
    backup(sqlite_url, evidence, archive)
    target = tmp_path / "target.db"
    target_evidence = tmp_path / "target-evidence"

    damaged = tmp_path / "damaged.tar.gz"
    _tamper(archive, damaged)
    with pytest.raises(BackupError, match=r"database\.sqlite3 does not match its SHA-256"):
        restore(damaged, f"sqlite:///{target}", target_evidence)
    assert not target.exists() and not target_evidence.exists()

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(BackupError, match=r"damaged|not a Truceline backup"):
        restore(truncated, f"sqlite:///{target}", target_evidence)
    assert not target.exists() and not target_evidence.exists()

    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_text("hello")
    with pytest.raises(BackupError, match="not a Truceline backup"):
        restore(not_an_archive, f"sqlite:///{target}", target_evidence)
    assert not target.exists()


def test_backup_and_restore_from_the_command_line(tmp_path: Path, loaded_engine: Engine, sqlite_url: str) -> None:
    from tests.functional.test_cli import run

    db = Path(make_url(sqlite_url).database or "")
    archive = tmp_path / "cli.tar.gz"
    made = run("backup", str(archive), db=db)
    assert made.returncode == 0, made.stderr
    assert "backed up the sqlite store" in made.stdout
    fresh = tmp_path / "fresh.db"
    restored = run("restore", str(archive), db=fresh)
    assert restored.returncode == 0, restored.stderr
    again = run("restore", str(archive), db=fresh)
    assert again.returncode == 4 and "--force" in again.stderr
    assert run("restore", str(archive), "--force", db=fresh).returncode == 0
    damaged = tmp_path / "damaged.tar.gz"
    _tamper(archive, damaged)
    refused = run("restore", str(damaged), "--force", db=tmp_path / "never.db")
    assert refused.returncode == 2 and "does not match its SHA-256" in refused.stderr
    assert not (tmp_path / "never.db").exists()


@pytest.mark.postgres
def test_a_postgresql_backup_restores_into_a_fresh_database(
    tmp_path: Path, postgres_engine: Engine, postgres_url: str, casebook: Casebook
) -> None:
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (the PostgreSQL client tools)")
    with transaction(postgres_engine) as session:
        load_casebook(session, casebook, actor="test")
    archive = tmp_path / "pg.tar.gz"
    backup(postgres_url, tmp_path / "no-evidence", archive)

    database = f"truceline_restore_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    restored_url = make_url(postgres_url).set(database=database).render_as_string(hide_password=False)
    try:
        restore(archive, restored_url, tmp_path / "evidence")
        restored = make_engine(restored_url)
        try:
            assert inspect(restored).get_table_names()
            assert row_counts(restored) == row_counts(postgres_engine)
            assert some_records(restored) == some_records(postgres_engine)
        finally:
            restored.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
