"""Evidence files from the command line: stored once by content hash, with a chain of custody that
only grows, and a check that the stored files still match their hashes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

INCIDENT = "2025-11-10-huai-ta-maria-landmine"


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"TRUCELINE_EVIDENCE_DIR": str(tmp_path / "evidence")}
    return subprocess.run(
        [sys.executable, "-m", "truceline", "--db", f"sqlite:///{tmp_path / 't.db'}", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_evidence_is_stored_by_hash_with_its_chain_of_custody(tmp_path: Path) -> None:
    assert run(tmp_path, "casebook", "load", "th-kh-2025").returncode == 0
    photo = tmp_path / "crater.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg, but bytes all the same")
    added = run(tmp_path, "evidence", "add", str(photo), "--holder", "AOT team 2", "--incident", INCIDENT, "--json")
    assert added.returncode == 0, added.stderr
    record = json.loads(added.stdout)
    assert record["media_type"] == "image/jpeg" and record["restricted"]
    stored = tmp_path / "evidence" / record["sha256"][:2] / record["sha256"]
    assert stored.read_bytes() == photo.read_bytes()
    again = run(tmp_path, "evidence", "add", str(photo), "--holder", "someone else")
    assert again.returncode == 4 and "stored already" in again.stderr
    moved = run(tmp_path, "evidence", "custody", str(record["id"]), "--action", "transferred", "--holder", "JCTF lab")
    assert moved.returncode == 0, moved.stderr
    listed = json.loads(run(tmp_path, "evidence", "list", "--incident", INCIDENT, "--json").stdout)
    assert [c["holder"] for c in listed[0]["custody"]] == ["AOT team 2", "JCTF lab"]
    assert run(tmp_path, "evidence", "verify").returncode == 0
    stored.write_bytes(b"tampered")
    tampered = run(tmp_path, "evidence", "verify")
    assert tampered.returncode == 3 and "no longer matches" in tampered.stderr


def test_bad_evidence_input_is_refused(tmp_path: Path) -> None:
    assert run(tmp_path, "evidence", "add", str(tmp_path / "missing.pdf"), "--holder", "x").returncode == 2
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert run(tmp_path, "evidence", "add", str(empty), "--holder", "x").returncode == 2
    assert run(tmp_path, "evidence", "custody", "99", "--action", "teleported", "--holder", "x").returncode == 2
    assert run(tmp_path, "evidence", "custody", "99", "--action", "received", "--holder", "x").returncode == 3
