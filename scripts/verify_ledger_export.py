#!/usr/bin/env python3
"""Check a Truceline ledger export without Truceline: only the standard library and ``cryptography``.

    python3 scripts/verify_ledger_export.py ledger.json [--head HEAD.json] [--require-signatures]

Checks, in seq order, that seq numbers are contiguous, that each entry names the hash of the one
before, that each entry's hash and content hash are what its fields give, and that each signed
entry's Ed25519 signature verifies against the public key the export lists for its key_id
(and that the key's id is the SHA-256 of that key). With --head, the export must hold that entry.
Record versions travel inside the entries that wrote them (payload key "record_versions"): each
version's content must give its content_hash, so the export holds every record's history, signed.
Exits 0 when all holds; 1 naming the first failing entry; 2 when the file cannot be read.
The hashing is described in docs/trust.md.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

GENESIS = "0" * 64
FORMAT = "truceline-ledger-export/1"


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def legacy_hash(e: dict[str, Any]) -> str:
    subject = [e["subject_type"], e["subject_id"]]
    return sha256(
        canonical(
            {
                "prev": e["prev_hash"],
                "at": e["at"],
                "actor": e["actor"],
                "action": e["action"],
                "subject": subject,
                "payload": e["payload"],
            }
        )
    )


def signed_hash(e: dict[str, Any]) -> str:
    body = {
        "v": 2,
        "seq": e["seq"],
        "prev": e["prev_hash"],
        "at": e["at"],
        "actor": e["actor"],
        "action": e["action"],
        "subject": [e["subject_type"], e["subject_id"]],
        "payload": e["payload"],
        "content_hash": e["content_hash"],
        "key_id": e["key_id"],
    }
    return sha256(canonical(body))


def content_ok(e: dict[str, Any]) -> bool:
    if sha256(canonical(e["payload"])) == e["content_hash"]:
        return True
    batch = e["payload"].get("batch") if isinstance(e["payload"], dict) else None
    if not isinstance(batch, dict):
        return False
    return batch.get("merkle_root") == e["content_hash"] and isinstance(batch.get("rows"), int)


def versions_of(e: dict[str, Any]) -> list[dict[str, Any]]:
    """The record versions an entry wrote (none for most entries)."""
    payload = e["payload"]
    found = payload.get("record_versions") if isinstance(payload, dict) else None
    return found if isinstance(found, list) else []


def load_keys(keys: list[dict[str, Any]]) -> dict[str, Ed25519PublicKey]:
    loaded = {}
    for key in keys:
        public = serialization.load_pem_public_key(key["public_key"].encode("ascii"))
        if not isinstance(public, Ed25519PublicKey):
            raise ValueError(f"key {key['key_id']} is not an Ed25519 key")
        raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        if hashlib.sha256(raw).hexdigest() != key["key_id"]:
            raise ValueError(f"key {key['key_id']} is not the SHA-256 of its public key")
        loaded[key["key_id"]] = public
    return loaded


def check(export: dict[str, Any], head: dict[str, Any] | None, require_signatures: bool) -> tuple[int, str] | None:
    """None when the export verifies; else (seq, why) of the first failing entry."""
    keys = load_keys(export["keys"])
    prev, expected, signing_began, head_seen = GENESIS, 1, False, False
    for e in export["entries"]:
        seq, legacy = e["seq"], e["content_hash"] is None
        if seq != expected:
            if seq < expected:
                return seq, f"its seq is out of order (after seq {expected - 1})"
            if not legacy or e["prev_hash"] != prev:
                return expected, f"missing: the sequence jumps from {expected - 1} to {seq}"
        if e["prev_hash"] != prev:
            return seq, "its link (prev_hash) does not name the entry before it"
        if legacy:
            if signing_began:
                return seq, "it is not signed, yet it follows signed entries"
            if require_signatures:
                return seq, "it is not signed (written before signing)"
            if legacy_hash(e) != e["entry_hash"]:
                return seq, "its content does not match its hash"
        else:
            if not content_ok(e):
                return seq, "its payload does not match its content hash"
            for version in versions_of(e):
                if sha256(canonical(version["content"])) != version["content_hash"]:
                    return (
                        seq,
                        f"its version {version['version']} of {version['kind']} {version['id']} does not give its hash",
                    )
            if signed_hash(e) != e["entry_hash"]:
                return seq, "its content does not match its hash"
            if not e["signature"] or not e["key_id"]:
                return seq, "it is not signed"
            key = keys.get(e["key_id"])
            if key is None:
                return seq, f"it is signed by a key the export does not list ({e['key_id'][:16]}…)"
            try:
                key.verify(base64.b64decode(e["signature"], validate=True), bytes.fromhex(e["entry_hash"]))
            except (InvalidSignature, ValueError):
                return seq, "its signature does not verify"
            signing_began = True
        if head is not None and seq == head["seq"]:
            if e["entry_hash"] != head["hash"]:
                return seq, "it is not the entry the head file kept: rewritten at or before it"
            head_seen = True
        prev, expected = e["entry_hash"], seq + 1
    if head is not None and head["seq"] > 0 and not head_seen:
        return head["seq"], f"missing: the head file kept seq {head['seq']}, the export ends at seq {expected - 1}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a Truceline ledger export (truceline ledger export OUT).")
    parser.add_argument("export", help="the JSON file written by 'truceline ledger export'")
    parser.add_argument("--head", help="a head kept earlier ('truceline ledger head'): the export must hold it")
    parser.add_argument("--require-signatures", action="store_true", help="fail on unsigned (pre-signing) entries")
    args = parser.parse_args(argv)
    try:
        with open(args.export, encoding="utf-8") as handle:
            export = json.load(handle)
        head = None
        if args.head:
            with open(args.head, encoding="utf-8") as handle:
                head = json.load(handle)
        if export.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        failure = check(export, head, args.require_signatures)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        print(f"error: cannot check {args.export}: {exc!r}", file=sys.stderr)
        return 2
    entries = len(export["entries"])
    if failure is not None:
        print(f"FAILED at entry {failure[0]}: {failure[1]}", file=sys.stderr)
        return 1
    last = export["entries"][-1]["entry_hash"] if entries else GENESIS
    versions = sum(len(versions_of(e)) for e in export["entries"])
    print(f"ok: {entries} entries, {versions} record versions, {len(export['keys'])} keys, head {last}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
