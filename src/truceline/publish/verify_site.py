"""Check a published site: ``python -m truceline.publish.verify_site OUT [--key-id ID] [--head FILE]``.

Stand-alone on purpose: it needs nothing but Python's standard library and ``cryptography``,
never the store, so anyone who mirrors a site (a party, a newsroom, a court) can prove it
untouched. It checks that

- ``manifest.json`` is signed (Ed25519) by the key it names, whose id is the SHA-256 of that key;
- the ledger head the manifest carries is signed by its key, so the site is bound to one state
  of the signed ledger (``seq``, ``hash``) that kept heads and replicas can be compared with;
- every file under OUT is in the manifest with its SHA-256 and size, and every file the manifest
  lists is there: a changed byte, a removed file or an added file is named.

``--key-id`` pins the key the operator announced (without it, anyone could re-sign a forged site
with a key of their own: the key id printed must then be compared by hand); ``--head FILE``
checks the site against a head kept earlier (``truceline ledger head``): same ``seq`` → same hash,
and the site's head is not older than it.

Exit 0 when everything matches, 1 with one line per problem otherwise, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

MANIFEST = "manifest.json"
#: the current signed version of every record the site shows
VERSIONS = "data/versions.json"
SITE_FORMAT = "truceline-site/1"


def canonical_bytes(value: Any) -> bytes:
    """What is signed: canonical JSON (sorted keys, no spaces, UTF-8), as the ledger hashes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def manifest_body(manifest: dict[str, Any]) -> bytes:
    """The manifest's signed bytes: every member but ``signature``."""
    return canonical_bytes({k: v for k, v in manifest.items() if k != "signature"})


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _public_key(pem: str) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode("ascii"))
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def _key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).hexdigest()


def _verifies(key: Ed25519PublicKey, signature: Any, message: bytes) -> bool:
    if not isinstance(signature, str):
        return False
    try:
        key.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass
class SiteReport:
    """What the check found: the problems (empty: the site is untouched) and what it was bound to."""

    files: int = 0
    problems: list[str] = field(default_factory=list)
    key_id: str | None = None
    head: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "files": self.files, "key_id": self.key_id, "head": self.head, "problems": self.problems}


def _read_manifest(site: Path, report: SiteReport) -> dict[str, Any] | None:
    path = site / MANIFEST
    if not site.is_dir():
        report.problems.append(f"{site}: not a directory")
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        report.problems.append(f"missing: {MANIFEST} (not a published site, or its manifest was removed)")
        return None
    except (OSError, ValueError) as exc:
        report.problems.append(f"{MANIFEST}: cannot be read as JSON ({exc})")
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != SITE_FORMAT:
        report.problems.append(f"{MANIFEST}: not a manifest of format {SITE_FORMAT}")
        return None
    return manifest


def _keys(manifest: dict[str, Any], report: SiteReport) -> dict[str, Ed25519PublicKey]:
    keys: dict[str, Ed25519PublicKey] = {}
    listed = manifest.get("keys")
    if not isinstance(listed, dict):
        report.problems.append(f"{MANIFEST}: no public keys")
        return keys
    for key_id, pem in listed.items():
        try:
            key = _public_key(pem)
        except (ValueError, TypeError, AttributeError):
            report.problems.append(f"{MANIFEST}: key {str(key_id)[:16]}… is not an Ed25519 public key")
            continue
        if _key_id(key) != key_id:
            report.problems.append(f"{MANIFEST}: key {str(key_id)[:16]}… is not the key its id names (forged)")
            continue
        keys[key_id] = key
    return keys


def _check_signatures(
    manifest: dict[str, Any], keys: dict[str, Ed25519PublicKey], pinned: list[str], report: SiteReport
) -> None:
    signer = manifest.get("signed_by")
    report.key_id = signer if isinstance(signer, str) else None
    key = keys.get(signer) if isinstance(signer, str) else None
    if key is None:
        report.problems.append(f"{MANIFEST}: signed by a key it does not hold ({signer!r})")
    elif not _verifies(key, manifest.get("signature"), manifest_body(manifest)):
        report.problems.append(f"{MANIFEST}: its signature does not verify: the manifest was altered or forged")
    head = manifest.get("head")
    if not isinstance(head, dict) or not isinstance(head.get("seq"), int) or not isinstance(head.get("hash"), str):
        report.problems.append(f"{MANIFEST}: no signed ledger head (seq, hash, signature, key_id)")
        return
    report.head = {k: head.get(k) for k in ("seq", "hash", "key_id", "at")}
    head_key = keys.get(head.get("key_id", ""))
    if head["seq"] > 0:
        try:
            message = bytes.fromhex(head["hash"])
        except ValueError:
            message = b""
        if head_key is None or len(message) != 32 or not _verifies(head_key, head.get("signature"), message):
            report.problems.append(
                f"{MANIFEST}: the ledger head (seq {head['seq']}) is not signed by the key it names: "
                "the site is not bound to the ledger"
            )
    for wanted in pinned:
        for what, used in (("the manifest", signer), ("the ledger head", head.get("key_id"))):
            if used != wanted.strip().lower() and not (what == "the ledger head" and head["seq"] == 0):
                report.problems.append(f"{what} is signed by key {str(used)[:16]}…, not the pinned key {wanted[:16]}…")


def _check_kept_head(manifest: dict[str, Any], kept: dict[str, Any], report: SiteReport) -> None:
    head = manifest.get("head")
    if not isinstance(head, dict):
        return
    if not isinstance(kept.get("seq"), int) or not isinstance(kept.get("hash"), str):
        report.problems.append("the kept head needs a seq (number) and a hash")
    elif head.get("seq") == kept["seq"] and head.get("hash") != kept["hash"]:
        report.problems.append(
            f"the site's ledger head differs from the kept head at seq {kept['seq']}: the ledger was rewritten"
        )
    elif isinstance(head.get("seq"), int) and head["seq"] < kept["seq"]:
        report.problems.append(
            f"the site's ledger head (seq {head['seq']}) is older than the kept head (seq {kept['seq']})"
        )


def _safe(name: Any) -> bool:
    if not isinstance(name, str) or not name or "\\" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name != MANIFEST


def _check_files(site: Path, manifest: dict[str, Any], report: SiteReport) -> None:
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        report.problems.append(f"{MANIFEST}: no file list")
        return
    present = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() or p.is_symlink()}
    present.discard(MANIFEST)
    for name in sorted(listed):
        entry = listed[name]
        if not _safe(name) or not isinstance(entry, dict):
            report.problems.append(f"{MANIFEST}: a bad file entry {name!r}")
            continue
        path = site / name
        if name not in present:
            report.problems.append(f"missing: {name} (the manifest lists it)")
            continue
        if path.is_symlink() or not path.is_file():
            report.problems.append(f"changed: {name} is not a plain file")
            continue
        actual = file_digest(path)
        if actual != entry.get("sha256"):
            report.problems.append(
                f"changed: {name} (SHA-256 {actual[:16]}…, the manifest says {str(entry.get('sha256'))[:16]}…)"
            )
        elif path.stat().st_size != entry.get("bytes"):
            report.problems.append(
                f"changed: {name} (size {path.stat().st_size}, the manifest says {entry.get('bytes')})"
            )
        report.files += 1
    for name in sorted(present - set(listed)):
        report.problems.append(f"added: {name} (not in the manifest)")


def _check_against_ledger(site: Path, manifest: dict[str, Any], ledger: dict[str, Any], report: SiteReport) -> None:
    """The site's head is in the ledger export, and every record version the site shows
    (``data/versions.json``) is listed, with its content hash, by the signed entry it names.
    (Check the export itself first: ``scripts/verify_ledger_export.py``.)"""
    entries = {e.get("seq"): e for e in ledger.get("entries", []) if isinstance(e, dict)}
    head = manifest.get("head") or {}
    if head.get("seq"):
        at_head = entries.get(head["seq"])
        if at_head is None:
            report.problems.append(f"the ledger export has no entry {head['seq']}, the site's head")
        elif at_head.get("entry_hash") != head.get("hash"):
            report.problems.append(f"the ledger export's entry {head['seq']} is not the site's head: another history")
    try:
        versions = json.loads((site / VERSIONS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        report.problems.append(f"{VERSIONS}: cannot be read, so the records cannot be checked against the ledger")
        return
    for version in versions:
        entry = entries.get(version.get("ledger_seq"))
        payload = entry.get("payload") if isinstance(entry, dict) else None
        listed = payload.get("record_versions", []) if isinstance(payload, dict) else []
        wanted = (version.get("kind"), version.get("id"), version.get("version"), version.get("content_hash"))
        if not any((v.get("kind"), v.get("id"), v.get("version"), v.get("content_hash")) == wanted for v in listed):
            report.problems.append(
                f"{VERSIONS}: {wanted[0]} {wanted[1]} version {wanted[2]} is not what ledger entry "
                f"{version.get('ledger_seq')} signed"
            )


def verify_site(
    site: Path,
    *,
    key_ids: list[str] | None = None,
    kept_head: dict[str, Any] | None = None,
    ledger: dict[str, Any] | None = None,
) -> SiteReport:
    """Check every file under ``site`` against its signed manifest and the ledger head in it;
    ``ledger``: a ledger export (``truceline ledger export``) to check the records shown against."""
    report = SiteReport()
    manifest = _read_manifest(site, report)
    if manifest is None:
        return report
    keys = _keys(manifest, report)
    _check_signatures(manifest, keys, key_ids or [], report)
    if kept_head is not None:
        _check_kept_head(manifest, kept_head, report)
    _check_files(site, manifest, report)
    if ledger is not None:
        _check_against_ledger(site, manifest, ledger, report)
    return report


def describe(report: SiteReport) -> str:
    if report.ok and report.head is not None:
        head = report.head
        return (
            f"OK: {report.files} files match the manifest signed by key {report.key_id}, "
            f"bound to ledger head seq {head['seq']} hash {head['hash']}"
        )
    return "\n".join(f"FAILED: {problem}" for problem in report.problems)


def read_json_object(path: Path, what: str) -> dict[str, Any]:
    """A JSON object from ``path``, or ValueError saying why not."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read the {what} {path}: {exc}") from None
    if not isinstance(value, dict):
        raise ValueError(f"the {what} {path} is not a JSON object")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m truceline.publish.verify_site",
        description="Check that every file of a published Truceline site matches its signed manifest and ledger head.",
    )
    parser.add_argument("site", type=Path, help="the site's directory (where manifest.json is)")
    parser.add_argument("--key-id", action="append", default=[], help="the key id the operator announced (pins it)")
    parser.add_argument("--head", type=Path, help="a head kept earlier ('truceline ledger head' JSON)")
    parser.add_argument(
        "--ledger", type=Path, help="a ledger export ('truceline ledger export') to check the records against"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    try:
        kept = read_json_object(args.head, "head file") if args.head is not None else None
        ledger = read_json_object(args.ledger, "ledger export") if args.ledger is not None else None
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    report = verify_site(args.site, key_ids=args.key_id, kept_head=kept, ledger=ledger)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(describe(report), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
