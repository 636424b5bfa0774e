"""The signing key's place and mode; entries from before signing; the export and its stand-alone verifier."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from tests.ledger.conftest import ledger, verify_json, write_entries
from truceline.cli import app
from truceline.config import get_settings
from truceline.db import make_engine, migrate, transaction
from truceline.ledger.keys import key_path
from truceline.ledger.services import GENESIS, append, legacy_digest, verify_ledger

REPO = Path(__file__).resolve().parents[2]
VERIFIER = REPO / "scripts" / "verify_ledger_export.py"


def test_the_key_lives_beside_the_sqlite_file_or_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert key_path("sqlite:///data/t.db") == tmp_path / "data" / "ledger-key.pem"
    assert key_path(f"sqlite:///{tmp_path}/x/t.db") == tmp_path / "x" / "ledger-key.pem"
    assert key_path("postgresql://u@h/db") == tmp_path / "ledger-key.pem"
    assert key_path("sqlite://") == tmp_path / "ledger-key.pem"
    assert key_path("postgresql://u@h/db", "keys/k.pem") == tmp_path / "keys" / "k.pem"
    assert key_path("postgresql://u@h/db", "keys/k.pem").is_absolute()


def test_init_creates_the_key_beside_the_store_with_mode_0600(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRUCELINE_LEDGER_KEY")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["--db", f"sqlite:///{tmp_path / 'store.db'}", "init"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    key = tmp_path / "ledger-key.pem"
    assert f"ledger signing key: {key}" in result.stdout
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in key.read_bytes()
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    with engine.connect() as connection:  # the private key never goes into the database
        stored = connection.execute(text("SELECT public_key FROM ledger_keys")).scalars().all()
    engine.dispose()
    assert all("PRIVATE" not in pem for pem in stored)


def test_entries_from_before_signing_are_reported_unsigned(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, "0004")
    prev = GENESIS
    with engine.begin() as connection:
        for n in range(3):
            at = datetime(2025, 7, 28, 12, n, tzinfo=UTC)
            fields = {
                "prev_hash": prev,
                "at": at,
                "actor": "cli",
                "action": "incident:incident:add",
                "subject_type": "incident",
                "subject_id": f"i{n}",
                "payload": {"n": n},
            }
            digest = legacy_digest(**fields)  # type: ignore[arg-type]
            connection.execute(
                text(
                    "INSERT INTO ledger_entries (seq, at, actor, action, subject_type, subject_id, payload, "
                    "prev_hash, entry_hash) VALUES (:seq, :at, :actor, :action, :subject_type, :subject_id, "
                    ":payload, :prev_hash, :entry_hash)"
                ),
                fields
                | {"seq": n + 1, "at": f"2025-07-28 12:0{n}:00.000000", "payload": json.dumps(fields["payload"])}
                | {"entry_hash": digest},
            )
            prev = digest
    migrate(engine)
    write_entries(engine, 2)
    code, report = verify_json(engine)
    assert code == 0, report
    assert (report["unsigned"], report["signed"]) == (3, 2)
    code, report = verify_json(engine, "--require-signatures")
    assert code == 1 and report["first_failure"]["seq"] == 1
    with transaction(engine) as session:  # an unsigned entry after signing began is a forgery
        append(session, actor="x", action="a:b:c", subject_type="t", subject_id="1", payload={}, sign=False)
        assert verify_ledger(session).failure.seq == 6  # type: ignore[union-attr]
    engine.dispose()


def test_the_stand_alone_verifier_checks_an_export(engine: Engine, tmp_path: Path) -> None:
    write_entries(engine, 12)
    out = tmp_path / "ledger.json"
    result = ledger(engine, "export", str(out))
    assert result.exit_code == 0, result.output
    exported = json.loads(out.read_text())
    assert len(exported["entries"]) == 12 and len(exported["keys"]) == 1
    assert exported["head"]["seq"] == 12
    head = tmp_path / "head.json"
    head.write_text(ledger(engine, "head").stdout)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # run from an empty directory so nothing of Truceline can be imported by accident
    checked = subprocess.run(
        [sys.executable, "-I", str(VERIFIER), str(out), "--head", str(head)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert checked.returncode == 0, checked.stderr
    assert "ok: 12 entries" in checked.stdout
    raw = out.read_bytes()
    at = raw.index(b'"subject_id":"incident-6"') + len(b'"subject_id":"incident-')
    changed = tmp_path / "changed.json"
    changed.write_bytes(raw[:at] + b"7" + raw[at + 1 :])  # one byte: incident-6 becomes incident-7
    checked = subprocess.run(
        [sys.executable, "-I", str(VERIFIER), str(changed)], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert checked.returncode == 1
    assert "FAILED at entry 7: its content does not match its hash" in checked.stderr


def test_the_verifier_imports_nothing_of_truceline() -> None:
    source = VERIFIER.read_text()
    assert "truceline" not in "".join(line for line in source.splitlines() if line.startswith(("import", "from")))
