"""``truceline publish site OUT`` writes the published record as a static site bound to the signed
ledger head; ``truceline publish verify OUT`` and the stand-alone verifier catch any change: one
byte in any file, a removed or added file, a forged manifest."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine
from typer.testing import CliRunner

from truceline.casebooks.loader import Casebook, load_casebook
from truceline.cli import app
from truceline.db import transaction
from truceline.errors import InvalidInput
from truceline.incidents.corrections import unpublish_incident
from truceline.ledger.keys import key_id_of, public_pem
from truceline.ledger.services import head_entry
from truceline.publish.verify_site import manifest_body

UNPUBLISHED_REASON = "held back for the test"


def truceline(engine: Engine, *args: str) -> Any:
    """``truceline --db URL ARGS`` in-process on the test's engine."""
    url = engine.url.render_as_string(hide_password=False)
    with patch("truceline.db.make_engine", lambda _: engine):
        return CliRunner().invoke(app, ["--db", url, *args])


def verify(site: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["publish", "verify", str(site), *args])


def standalone(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "truceline.publish.verify_site", str(site), *args],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | {"PYTHONWARNINGS": "ignore"},
    )


def load_with_one_unpublished(engine: Engine, casebook: Casebook) -> str:
    """The casebook, with its first incident taken out of public view; returns that incident's id."""
    with transaction(engine) as session:
        load_casebook(session, casebook, actor="test")
    first = casebook.incidents[0].id
    with transaction(engine) as session:
        unpublish_incident(session, first, reason=UNPUBLISHED_REASON, actor="test")
    return first


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, casebook: Casebook) -> Path:
    """One site written from a SQLite store with the casebook (copied by each test that changes it)."""
    from truceline.db import make_engine, migrate

    directory = tmp_path_factory.mktemp("site")
    engine = make_engine(f"sqlite:///{directory / 'store.db'}")
    migrate(engine)
    load_with_one_unpublished(engine, casebook)
    result = truceline(engine, "publish", "site", str(directory / "out"))
    engine.dispose()
    assert result.exit_code == 0, result.output
    return directory / "out"


@pytest.fixture
def site(written: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(written, tmp_path / "site"))


def test_a_written_site_holds_the_published_record_and_verifies(
    engine: Engine, casebook: Casebook, tmp_path: Path
) -> None:
    hidden = load_with_one_unpublished(engine, casebook)
    out = tmp_path / "public"
    result = truceline(engine, "publish", "site", str(out))
    assert result.exit_code == 0, result.output
    with transaction(engine) as session:
        head = head_entry(session)
    assert f"ledger head seq {head['seq']} hash {head['hash']}" in result.output

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["head"] == head  # bound to the signed head the store holds
    for name in ("index.html", "incidents.html", "agreements.html", "compliance.html", "sources.html", "verify.html"):
        assert name in manifest["files"]
    for name in ("data/incidents.csv", "data/incidents.geojson", "data/incidents.json", "data/compliance.json"):
        assert name in manifest["files"]
    assert "reports/sitrep.html" in manifest["files"]
    # the compliance matrix is the web page's, its counts linking to the site's own incident pages
    matrix = (out / "compliance.html").read_text(encoding="utf-8").split('<h2 id="violations">')[0]
    linked = re.findall(r'<a href="(incidents/[^"]+\.html)">\d+ ', matrix)
    assert linked and all(f in manifest["files"] for f in linked)

    incidents = json.loads((out / "data/incidents.json").read_text(encoding="utf-8"))["incidents"]
    published = {i.id for i in casebook.incidents} - {hidden}
    assert {i["id"] for i in incidents} == published
    geojson = json.loads((out / "data/incidents.geojson").read_text(encoding="utf-8"))
    assert len(geojson["features"]) == len(published)
    versions = json.loads((out / "data/versions.json").read_text(encoding="utf-8"))
    assert {v["id"] for v in versions if v["kind"] == "incident"} == published
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())
    assert hidden not in everything and UNPUBLISHED_REASON not in everything  # nothing unpublished leaks

    checked = verify(out, "--key-id", manifest["signed_by"])
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith(f"OK: {len(manifest['files'])} files match the manifest signed by key ")

    # and against the ledger itself: the head is in the export, every record shown is a signed version
    export = tmp_path / "ledger.json"
    assert truceline(engine, "ledger", "export", str(export)).exit_code == 0
    assert verify(out, "--ledger", str(export)).exit_code == 0
    ledger = json.loads(export.read_text(encoding="utf-8"))
    shown = versions[0]
    entry = next(e for e in ledger["entries"] if e["seq"] == shown["ledger_seq"])
    for listed in entry["payload"]["record_versions"]:
        if (listed["kind"], listed["id"]) == (shown["kind"], shown["id"]):
            listed["content_hash"] = "0" * 64  # the ledger says otherwise than the site
    export.write_text(json.dumps(ledger), encoding="utf-8")
    against = standalone(out, "--ledger", str(export))
    assert against.returncode == 1
    assert f"{shown['kind']} {shown['id']} version {shown['version']} is not what ledger entry" in against.stderr


def test_the_stand_alone_verifier_needs_neither_the_store_nor_truceline_s_other_parts(site: Path) -> None:
    ran = standalone(site)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("OK: ")
    probe = (
        "import sys, truceline.publish.verify_site as v; "
        "print(sorted(m for m in sys.modules if m.startswith(('truceline.', 'sqlalchemy', 'fastapi', 'typer'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['truceline.publish', 'truceline.publish.verify_site']"


def test_one_changed_byte_in_any_file_is_named(site: Path) -> None:
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert len(names) > 20
    for name in names:
        path = site / name
        original = path.read_bytes()
        middle = len(original) // 2
        path.write_bytes(original[:middle] + bytes([original[middle] ^ 0x01]) + original[middle + 1 :])
        result = verify(site)
        path.write_bytes(original)
        assert result.exit_code == 1, name
        if name == "manifest.json":
            assert "manifest.json" in result.output
        else:
            assert f"FAILED: changed: {name} (SHA-256 " in result.output
    assert verify(site).exit_code == 0  # every byte put back


def test_a_removed_file_is_named(site: Path) -> None:
    (site / "data" / "incidents.geojson").unlink()
    result = verify(site)
    assert result.exit_code == 1
    assert "FAILED: missing: data/incidents.geojson (the manifest lists it)" in result.output
    ran = standalone(site)
    assert ran.returncode == 1 and "missing: data/incidents.geojson" in ran.stderr


def test_an_added_file_is_named(site: Path) -> None:
    (site / "incidents" / "extra.html").write_text("<p>an incident nobody recorded</p>", encoding="utf-8")
    result = verify(site)
    assert result.exit_code == 1
    assert "FAILED: added: incidents/extra.html (not in the manifest)" in result.output


def test_a_removed_manifest_is_named(site: Path) -> None:
    (site / "manifest.json").unlink()
    result = verify(site)
    assert result.exit_code == 1
    assert "missing: manifest.json" in result.output


def _manifest(site: Path) -> dict[str, Any]:
    return json.loads((site / "manifest.json").read_text(encoding="utf-8"))


def _write_manifest(site: Path, manifest: dict[str, Any]) -> None:
    (site / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_a_manifest_edited_to_match_a_changed_file_fails_its_signature(site: Path) -> None:
    import hashlib

    csv = site / "data" / "incidents.csv"
    changed = csv.read_bytes().replace(b",", b";", 1)
    csv.write_bytes(changed)
    manifest = _manifest(site)
    manifest["files"]["data/incidents.csv"] = {"sha256": hashlib.sha256(changed).hexdigest(), "bytes": len(changed)}
    _write_manifest(site, manifest)
    result = verify(site)
    assert result.exit_code == 1
    assert "FAILED: manifest.json: its signature does not verify: the manifest was altered or forged" in result.output


def test_a_manifest_re_signed_with_another_key_fails_against_the_announced_key(site: Path) -> None:
    announced = _manifest(site)["signed_by"]
    forger = Ed25519PrivateKey.generate()
    forged_id = key_id_of(forger.public_key())
    manifest = _manifest(site)
    manifest["keys"][forged_id] = public_pem(forger.public_key())
    manifest["signed_by"] = forged_id
    manifest["signature"] = base64.b64encode(forger.sign(manifest_body(manifest))).decode("ascii")
    _write_manifest(site, manifest)

    pinned = verify(site, "--key-id", announced)
    assert pinned.exit_code == 1
    assert f"the manifest is signed by key {forged_id[:16]}…, not the pinned key" in pinned.output
    assert standalone(site, "--key-id", announced).returncode == 1


def test_a_key_listed_under_another_key_s_id_is_refused(site: Path) -> None:
    manifest = _manifest(site)
    signer = manifest["signed_by"]
    manifest["keys"][signer] = public_pem(Ed25519PrivateKey.generate().public_key())
    _write_manifest(site, manifest)
    result = verify(site)
    assert result.exit_code == 1
    assert "is not the key its id names (forged)" in result.output


def test_a_head_kept_earlier_is_checked(site: Path, tmp_path: Path) -> None:
    head = _manifest(site)["head"]
    kept = tmp_path / "head.json"
    kept.write_text(json.dumps(head), encoding="utf-8")
    assert verify(site, "--head", str(kept)).exit_code == 0
    kept.write_text(json.dumps(head | {"hash": "ab" * 32}), encoding="utf-8")
    result = verify(site, "--head", str(kept))
    assert result.exit_code == 1
    assert "differs from the kept head" in result.output


def test_a_directory_that_is_not_a_site_is_not_overwritten(loaded_engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = truceline(loaded_engine, "publish", "site", str(out))
    assert isinstance(result.exception, InvalidInput) and result.exception.exit_code == 2  # main() exits 2
    assert "is not empty and holds no site" in str(result.exception)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_a_site_written_again_replaces_the_one_before(loaded_engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert truceline(loaded_engine, "publish", "site", str(out)).exit_code == 0
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert truceline(loaded_engine, "publish", "site", str(out)).exit_code == 0
    assert not (out / "stale.html").exists()
    assert verify(out).exit_code == 0
