"""``ledger verify`` checks every current row of every versioned table against the latest version
the ledger holds: a direct SQL edit of an incident (or a claim, an agreement …) is named, on both
stores; an untouched store verifies clean, also with both casebooks loaded. And the key: pinned by
id or by public key file, written atomically, refused when others may read it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, text

from tests.ledger.conftest import ledger, verify_json
from truceline.casebooks.loader import bundled_casebook_path, load_casebook, read_casebook
from truceline.db import transaction
from truceline.errors import InvalidInput
from truceline.ledger.keys import LedgerKeyError, create_key, load_signer
from truceline.ledger.services import head_entry

MINE = "2025-07-16-chong-bok-hill-481-landmine"


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    with transaction(engine) as session:
        load_casebook(session, read_casebook(bundled_casebook_path("th-kh-2025")), actor="test")
    return engine


def test_both_casebooks_loaded_verify_clean_rows_included(loaded: Engine) -> None:
    with transaction(loaded) as session:
        load_casebook(session, read_casebook(bundled_casebook_path("il-lb-2024")), actor="test")
        load_casebook(session, read_casebook(bundled_casebook_path("th-kh-2025")), actor="test")  # again: no change
    code, report = verify_json(loaded)
    assert code == 0, report
    assert report["records"] > 800


@pytest.mark.parametrize(
    ("statement", "record"),
    [
        (f"UPDATE incidents SET description = 'quietly edited' WHERE id = '{MINE}'", f"incident {MINE}"),
        (f"UPDATE claims SET accused = NULL WHERE id = '{MINE}/claim-1'", f"claim {MINE}/claim-1"),
        (
            f"UPDATE casualty_figures SET best = 99 WHERE incident_id = '{MINE}'",
            f"incident {MINE}",
        ),
        (
            "UPDATE provisions SET summary = 'edited' WHERE id = 'apmbc-ottawa-1997/Art. 4'",
            "provision apmbc-ottawa-1997/Art. 4",
        ),
    ],
)
def test_a_direct_sql_edit_of_a_record_row_is_named(loaded: Engine, statement: str, record: str) -> None:
    with loaded.begin() as connection:
        changed = connection.execute(text(statement)).rowcount
    assert changed >= 1
    code, report = verify_json(loaded)
    assert code == 1, report
    failure = report["first_failure"]
    assert failure["record"] == record
    assert "does not match its latest version" in failure["reason"]
    shown = ledger(loaded, "verify")
    assert shown.exit_code == 1 and "FAILED at record" in shown.stderr


def test_a_row_inserted_or_deleted_behind_the_ledger_is_named(loaded: Engine) -> None:
    with loaded.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO incidents (id, conflict_id, kind, modality, date_start, date_end, date_precision,"
                " location_precision, side, weapons, actors, description, published, retracted, created_at)"
                " VALUES ('forged', 'th-kh-2025', 'armed_clash', 'carried_out', '2025-07-24', '2025-07-24', 'day',"
                " 'unknown', 'undetermined', '[]', '[]', 'never happened', true, false, '2025-07-24 00:00:00')"
            )
        )
    code, report = verify_json(loaded)
    assert code == 1 and report["first_failure"]["record"] == "incident forged", report
    assert "no version in the ledger" in report["first_failure"]["reason"]
    # a store written before record versions has such rows: adopting signs a first version of each
    adopted = ledger(loaded, "adopt")
    assert adopted.exit_code == 0 and "1 records adopted" in adopted.stdout
    assert verify_json(loaded)[0] == 0


def test_verify_pins_the_key_by_id_or_by_public_key_file(loaded: Engine, tmp_path: Path) -> None:
    with transaction(loaded) as session:
        key_id = head_entry(session)["key_id"]
    assert verify_json(loaded, "--key-id", key_id)[0] == 0
    unknown = ledger(loaded, "verify", "--key-id", "ab" * 32)
    assert isinstance(unknown.exception, InvalidInput) and "no such key" in str(unknown.exception)

    other = tmp_path / "other.pub.pem"
    other.write_bytes(
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    code, report = verify_json(loaded, "--public-key", str(other))
    assert code == 1 and report["first_failure"]["seq"] == 1
    assert "not the pinned key" in report["first_failure"]["reason"]


def test_the_key_file_is_written_atomically_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "ledger-key.pem"
    assert create_key(path) is True
    assert create_key(path) is False  # never replaced
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["ledger-key.pem"]  # no temporary left
    assert load_signer(path, create=False).key_id


def test_a_key_file_open_to_group_or_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger-key.pem"
    create_key(path)
    os.chmod(path, 0o644)
    with pytest.raises(LedgerKeyError, match="open to group or others"):
        load_signer(path)


def test_the_export_carries_the_versions_and_the_stand_alone_verifier_checks_them(
    loaded: Engine, tmp_path: Path
) -> None:
    verifier = Path(__file__).resolve().parents[2] / "scripts" / "verify_ledger_export.py"
    out = tmp_path / "ledger.json"
    assert ledger(loaded, "export", str(out)).exit_code == 0
    exported = json.loads(out.read_text())
    versions = [v for e in exported["entries"] for v in (e["payload"].get("record_versions") or [])]
    assert {v["kind"] for v in versions} == {"incident", "claim", "source", "agreement", "provision", "commitment"}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    checked = subprocess.run(
        [sys.executable, "-I", str(verifier), str(out)], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert checked.returncode == 0, checked.stderr
    assert f"{len(versions)} record versions" in checked.stdout
    raw = out.read_text()
    forged = raw.replace('"description":"', '"description":"Forged. ', 1)
    (tmp_path / "forged.json").write_text(forged)
    checked = subprocess.run(
        [sys.executable, "-I", str(verifier), str(tmp_path / "forged.json")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert checked.returncode == 1 and "FAILED at entry" in checked.stderr
