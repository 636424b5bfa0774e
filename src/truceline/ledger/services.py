"""The one entry point for the change log: :func:`append` (and :func:`append_batch` for bulk work).

Every service that writes calls ``append`` in the same transaction as its write, so a change
and its log entry commit or roll back together. Entries are chained: each stores the hash of
the one before, and ``prev_hash`` is unique, so two concurrent writers cannot fork the chain.
Appends do not race for the head in the first place: :func:`truceline.db.lock_ledger` (a
PostgreSQL advisory lock held to the commit; on SQLite the write transaction's ``BEGIN
IMMEDIATE``) serialises them, and :func:`truceline.db.run_write` runs a transaction again if
the store was busy.

Each entry is signed with the server's Ed25519 key (:mod:`truceline.ledger.keys`). What an entry
hashes (``entry_hash``, SHA-256 of canonical JSON, see :func:`entry_digest`)::

    {"v": 2, "seq": …, "prev": prev_hash, "at": ISO 8601 UTC, "actor": …, "action": …,
     "subject": [subject_type, subject_id], "payload": …, "content_hash": …, "key_id": …}

``content_hash`` is the SHA-256 of the canonical payload (a batch: the Merkle root of its rows,
see :func:`merkle_root`), and ``signature`` the Ed25519 signature over the 32 bytes of
``entry_hash``. Entries written before signing (revision 0005) hash as they always did
(:func:`legacy_digest`) and carry no content hash, key or signature.

:func:`verify_ledger` re-computes all of it; docs/trust.md says what that proves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Generator, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.db import lock_ledger, utcnow
from truceline.errors import InvalidInput
from truceline.ledger.keys import Signer, configured_key_path, load_public_key, load_signer, signature_is_valid
from truceline.ledger.models import LedgerEntry, LedgerKey

GENESIS = "0" * 64
EXPORT_FORMAT = "truceline-ledger-export/1"
#: how a batch's rows make its content hash (written into each batch entry's payload)
MERKLE_SCHEME = "sha256; leaf = H(canonical row JSON); node = H(0x01 || left || right); odd node carried up"


def canonical_json(value: Any) -> str:
    """Stable JSON for hashing: sorted keys, no spaces, dates as ISO strings."""
    return _CANONICAL.encode(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


#: one encoder for every call (``json.dumps`` with options builds a new one each time)
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_jsonable)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_digest(payload: dict[str, Any]) -> str:
    """SHA-256 of the canonical payload: exactly what is written."""
    return sha256_hex(canonical_json(payload))


def merkle_root(rows: list[Any]) -> str:
    """The Merkle root of ``rows`` (hex): leaves are the SHA-256 of each row's canonical JSON;
    each parent is SHA-256 of the byte 0x01 then its two children's 32 bytes (the prefix keeps a
    node from passing for a leaf, whose input is JSON text); an odd node at the end of a level is
    carried up unchanged. One row: its leaf hash."""
    if not rows:
        raise ValueError("a batch needs at least one row")
    level = [hashlib.sha256(canonical_json(row).encode("utf-8")).digest() for row in rows]
    while len(level) > 1:
        nxt = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0].hex()


def _at(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat()


def at_text(at: dt.datetime) -> str:
    """An entry's time as the exact ISO 8601 text that was hashed (UTC)."""
    return _at(at)


def legacy_digest(
    *,
    prev_hash: str,
    at: dt.datetime,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    payload: dict[str, Any],
) -> str:
    """The hash of an entry written before signing (schema revisions before 0005)."""
    body = canonical_json(
        {
            "prev": prev_hash,
            "at": _at(at),
            "actor": actor,
            "action": action,
            "subject": [subject_type, subject_id],
            "payload": payload,
        }
    )
    return sha256_hex(body)


def entry_digest(
    *,
    seq: int,
    prev_hash: str,
    at: dt.datetime,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    payload: dict[str, Any],
    content_hash: str,
    key_id: str | None,
) -> str:
    """The hash of a signed entry: its place, its header, its payload and content hash, its key."""
    body = canonical_json(
        {
            "v": 2,
            "seq": seq,
            "prev": prev_hash,
            "at": _at(at),
            "actor": actor,
            "action": action,
            "subject": [subject_type, subject_id],
            "payload": payload,
            "content_hash": content_hash,
            "key_id": key_id,
        }
    )
    return sha256_hex(body)


def _last(session: Session) -> tuple[int, str]:
    row = session.execute(
        select(LedgerEntry.seq, LedgerEntry.entry_hash).order_by(LedgerEntry.seq.desc()).limit(1)
    ).first()
    return (0, GENESIS) if row is None else (row[0], row[1])


def head(session: Session) -> str:
    """The newest entry's hash (``GENESIS`` for an empty log): a version of the whole store."""
    return _last(session)[1]


def head_entry(session: Session) -> dict[str, Any]:
    """What a party keeps to check the store later: ``{seq, hash, signature, key_id, at}``."""
    entry = session.scalars(select(LedgerEntry).order_by(LedgerEntry.seq.desc()).limit(1)).first()
    if entry is None:
        return {"seq": 0, "hash": GENESIS, "signature": None, "key_id": None, "at": None}
    return {
        "seq": entry.seq,
        "hash": entry.entry_hash,
        "signature": entry.signature,
        "key_id": entry.key_id,
        "at": _at(entry.at),
    }


def default_signer(session: Session) -> Signer:
    """The configured key for the store this session works on (created on first use)."""
    return load_signer(configured_key_path(session.get_bind().engine.url))


def register_key(session: Session, signer: Signer) -> None:
    """Record the signer's public key in ``ledger_keys`` unless it is there.

    The session keeps the row it saw (a strong reference, so no query per append); a rollback
    expunges a row it inserted, and the next append looks again."""
    seen: dict[str, LedgerKey] = session.info.setdefault("truceline.ledger_keys", {})
    row = seen.get(signer.key_id)
    if row is not None and row in session:
        return
    row = session.get(LedgerKey, signer.key_id)
    if row is None:
        row = LedgerKey(key_id=signer.key_id, public_key=signer.public_pem, created_at=utcnow())
        session.add(row)
        session.flush()
    seen[signer.key_id] = row


def _check_action(action: str) -> None:
    if action.count(":") != 2:
        raise ValueError(f"ledger action {action!r} must be shaped source:subject:action")


def _write(
    session: Session,
    *,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    payload: dict[str, Any],
    content_hash: str,
    signer: Signer | None,
    sign: bool,
) -> LedgerEntry:
    if sign:
        signer = signer or default_signer(session)
        register_key(session, signer)
    key_id = signer.key_id if sign and signer else None
    lock_ledger(session)  # held until commit: the head read next stays the head
    last_seq, prev_hash = _last(session)
    seq = last_seq + 1
    at = utcnow()
    entry_hash = entry_digest(
        seq=seq,
        prev_hash=prev_hash,
        at=at,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=payload,
        content_hash=content_hash,
        key_id=key_id,
    )
    entry = LedgerEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=payload,
        prev_hash=prev_hash,
        entry_hash=entry_hash,
        content_hash=content_hash,
        key_id=key_id,
        signature=signer.sign(entry_hash) if sign and signer else None,
    )
    session.add(entry)
    session.flush()
    return entry


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    payload: dict[str, Any],
    signer: Signer | None = None,
    sign: bool = True,
) -> LedgerEntry:
    """Append one signed entry; ``action`` is a tag shaped ``source:subject:action``.

    ``signer`` defaults to the configured key; ``sign=False`` writes an unsigned entry, which
    ``verify`` reports as a failure: it exists to measure what signing costs.
    """
    _check_action(action)
    payload = json.loads(canonical_json(payload))  # what is stored is exactly what was hashed
    return _write(
        session,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        payload=payload,
        content_hash=content_digest(payload),
        signer=signer,
        sign=sign,
    )


def append_batch(
    session: Session,
    *,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    rows: list[dict[str, Any]],
    signer: Signer | None = None,
    details: dict[str, Any] | None = None,
) -> LedgerEntry:
    """Append ONE signed entry for many rows: its content hash is their Merkle root
    (:func:`merkle_root`) and its payload ``{"batch": {"rows": N, "merkle_root": …, "scheme": …}}``,
    with ``details`` (other top-level keys: what the batch did, say) beside it, signed with it.

    The rows themselves are not stored in the ledger: whoever holds them (the import file, the
    records written) can recompute the root and check it against the signed entry."""
    _check_action(action)
    root = merkle_root(rows)
    extra = json.loads(canonical_json(details or {}))
    if "batch" in extra:
        raise ValueError("a batch entry's details cannot hold a 'batch' key")
    payload = {"batch": {"rows": len(rows), "merkle_root": root, "scheme": MERKLE_SCHEME}} | extra
    return _write(
        session,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        payload=payload,
        content_hash=root,
        signer=signer,
        sign=True,
    )


# --- verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    seq: int
    reason: str
    #: a record whose row does not match the ledger (``"incident <id>"``); None for an entry
    record: str | None = None


@dataclass
class LedgerReport:
    """What :func:`verify_ledger` found: counts, and the first failing entry if any."""

    entries: int = 0
    signed: int = 0
    unsigned: int = 0
    batches: int = 0
    keys: list[str] = field(default_factory=list)
    last_seq: int = 0
    last_hash: str = GENESIS
    head_checked: bool = False
    notes: list[str] = field(default_factory=list)
    failure: Failure | None = None
    #: current rows of versioned records checked against the ledger (None: not checked)
    records: int | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "signed": self.signed,
            "unsigned": self.unsigned,
            "batches": self.batches,
            "keys": self.keys,
            "last_seq": self.last_seq,
            "last_hash": self.last_hash,
            "head_checked": self.head_checked,
            "notes": self.notes,
            "records": self.records,
            "first_failure": None if self.failure is None else self._failure_dict(self.failure),
        }

    @staticmethod
    def _failure_dict(failure: Failure) -> dict[str, Any]:
        named: dict[str, Any] = {"seq": failure.seq, "reason": failure.reason}
        if failure.record is not None:  # a record whose row does not match the ledger
            named["record"] = failure.record
        return named


def _content_matches(payload: Any, content_hash: str) -> bool:
    if content_digest(payload) == content_hash:
        return True
    batch = payload.get("batch") if isinstance(payload, dict) else None
    return isinstance(batch, dict) and batch.get("merkle_root") == content_hash and isinstance(batch.get("rows"), int)


def check_entries(
    entries: Iterable[dict[str, Any]],
    public_keys: dict[str, str],
    *,
    head: dict[str, Any] | None = None,
    require_signatures: bool = False,
) -> LedgerReport:
    """Check entries (dicts with the columns of ``ledger_entries``, in seq order) against the keys
    (key_id → public key PEM); stop at the first failure. ``head``: a kept ``{seq, hash}``."""
    report = LedgerReport(keys=sorted(public_keys))
    loaded: dict[str, Any] = {}
    prev, expected, signing_began = GENESIS, 1, False

    def fail(seq: int, reason: str) -> LedgerReport:
        report.failure = Failure(seq, reason)
        return report

    for row in entries:
        seq, legacy = row["seq"], row["content_hash"] is None
        if seq != expected:
            if seq < expected:
                return fail(seq, f"its seq is out of order (after seq {expected - 1})")
            if not legacy or row["prev_hash"] != prev:
                missing = expected if expected == seq - 1 else f"{expected}–{seq - 1}"
                return fail(
                    expected, f"missing: the sequence jumps from {expected - 1} to {seq} (entry {missing} gone)"
                )
            report.notes.append(f"seq {expected}–{seq - 1} never written (a rolled-back write before signing)")
        if row["prev_hash"] != prev:
            return fail(seq, "its link (prev_hash) does not name the entry before it")
        fields = {k: row[k] for k in ("prev_hash", "at", "actor", "action", "subject_type", "subject_id", "payload")}
        if legacy:
            if signing_began:
                return fail(seq, "it is not signed, yet it follows signed entries")
            if require_signatures:
                return fail(seq, "it is not signed (written before signing; --require-signatures)")
            if legacy_digest(**fields) != row["entry_hash"]:
                return fail(seq, "its content does not match its hash")
            report.unsigned += 1
        else:
            if not _content_matches(row["payload"], row["content_hash"]):
                return fail(seq, "its payload does not match its content hash")
            digest = entry_digest(seq=seq, content_hash=row["content_hash"], key_id=row["key_id"], **fields)
            if digest != row["entry_hash"]:
                return fail(seq, "its content does not match its hash")
            if not row["signature"] or not row["key_id"]:
                return fail(seq, "it is not signed")
            pem = public_keys.get(row["key_id"])
            if pem is None:
                return fail(seq, f"it is signed by an unknown key {row['key_id'][:16]}…")
            if row["key_id"] not in loaded:
                loaded[row["key_id"]] = load_public_key(pem)
            if not signature_is_valid(loaded[row["key_id"]], row["signature"], row["entry_hash"]):
                return fail(seq, f"its signature does not verify (key {row['key_id'][:16]}…)")
            signing_began = True
            report.signed += 1
            if isinstance(row["payload"], dict) and "batch" in row["payload"]:
                report.batches += 1
        if head is not None and seq == head["seq"]:
            if row["entry_hash"] != head["hash"]:
                return fail(seq, "it is not the entry the head file kept: the ledger was rewritten at or before it")
            report.head_checked = True
        report.entries += 1
        prev, expected = row["entry_hash"], seq + 1
        report.last_seq, report.last_hash = seq, row["entry_hash"]
    if head is not None and not report.head_checked and head["seq"] > 0:
        return fail(
            head["seq"],
            f"missing: the head file kept seq {head['seq']}, the ledger ends at seq {report.last_seq} (truncated)",
        )
    if head is not None and head["seq"] == 0:
        report.head_checked = True
    return report


#: a ledger entry's columns, in the order exports and replicas carry them
ENTRY_COLUMNS = (
    "seq",
    "at",
    "actor",
    "action",
    "subject_type",
    "subject_id",
    "payload",
    "prev_hash",
    "entry_hash",
    "content_hash",
    "signature",
    "key_id",
)


def iter_entries(session: Session, batch: int = 2000) -> Generator[dict[str, Any], None, None]:
    """Every entry as a dict of its columns, in seq order, read in batches."""
    columns = [getattr(LedgerEntry, name) for name in ENTRY_COLUMNS]
    result = session.execute(select(*columns).order_by(LedgerEntry.seq).execution_options(yield_per=batch))
    try:
        for row in result:
            yield dict(zip(ENTRY_COLUMNS, row, strict=True))
    finally:
        result.close()  # a check that stops early must not leave a server-side cursor open


def public_keys(session: Session) -> dict[str, str]:
    return {k.key_id: k.public_key for k in session.scalars(select(LedgerKey).order_by(LedgerKey.created_at))}


def verify_ledger(
    session: Session, *, head: dict[str, Any] | None = None, require_signatures: bool = False
) -> LedgerReport:
    """Check the whole ledger: links, hashes, contiguous seq, signatures, and a kept head."""
    keys = public_keys(session)
    with closing(iter_entries(session)) as rows:
        return check_entries(rows, keys, head=head, require_signatures=require_signatures)


@dataclass(frozen=True)
class ChainReport:
    entries: int
    intact: bool
    first_broken_seq: int | None = None
    reason: str = ""


def verify_chain(session: Session) -> ChainReport:
    """Re-compute every entry's hash, link and signature; report the first entry that does not match."""
    report = verify_ledger(session)
    if report.failure is None:
        return ChainReport(report.entries, True)
    return ChainReport(report.entries + 1, False, report.failure.seq, report.failure.reason)


# --- export -----------------------------------------------------------------------------------


def export_ledger(session: Session, out: Path) -> dict[str, Any]:
    """Write the chain and the public keys as one JSON file (entries streamed); return its head.

    Each entry's ``at`` is the exact ISO 8601 string that was hashed."""
    keys = [
        {"key_id": k.key_id, "public_key": k.public_key, "created_at": _at(k.created_at)}
        for k in session.scalars(select(LedgerKey).order_by(LedgerKey.created_at))
    ]
    last = head_entry(session)
    partial = out.with_name(out.name + ".part")
    try:
        _write_export(session, partial, keys, last)
        partial.replace(out)  # a reader never sees half an export
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InvalidInput(f"{out}: cannot write the export: {exc.strerror or exc}") from None
    return last


def _write_export(session: Session, path: Path, keys: list[dict[str, Any]], last: dict[str, Any]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("{\n")
        handle.write(f'"format": {json.dumps(EXPORT_FORMAT)},\n')
        handle.write(f'"exported_at": {json.dumps(_at(utcnow()))},\n')
        handle.write(f'"head": {json.dumps(last)},\n')
        handle.write(f'"keys": {json.dumps(keys)},\n')
        handle.write('"entries": [\n')
        first = True
        for row in iter_entries(session):
            row["at"] = _at(row["at"])
            handle.write(("" if first else ",\n") + json.dumps(row, ensure_ascii=False, separators=(",", ":")))
            first = False
        handle.write("\n]\n}\n")
