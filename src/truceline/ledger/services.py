"""The one entry point for the change log: :func:`append`.

Every service that writes calls ``append`` in the same transaction as its write, so a change
and its log entry commit or roll back together. Entries are chained: each stores the hash of
the one before, and ``prev_hash`` is unique, so two concurrent writers cannot fork the chain
(one fails and its whole transaction rolls back). :func:`verify_chain` re-computes the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.db import utcnow
from truceline.ledger.models import LedgerEntry

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """Stable JSON for hashing: sorted keys, no spaces, dates as ISO strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_jsonable)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def entry_digest(
    *,
    prev_hash: str,
    at: dt.datetime,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    payload: dict[str, Any],
) -> str:
    body = canonical_json(
        {
            "prev": prev_hash,
            "at": at.astimezone(dt.UTC).isoformat(),
            "actor": actor,
            "action": action,
            "subject": [subject_type, subject_id],
            "payload": payload,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def head(session: Session) -> str:
    """The newest entry's hash (``GENESIS`` for an empty log): a version of the whole store."""
    return session.scalar(select(LedgerEntry.entry_hash).order_by(LedgerEntry.seq.desc()).limit(1)) or GENESIS


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    payload: dict[str, Any],
) -> LedgerEntry:
    """Append one entry; ``action`` is a tag shaped ``source:subject:action``."""
    if action.count(":") != 2:
        raise ValueError(f"ledger action {action!r} must be shaped source:subject:action")
    prev_hash = head(session)
    payload = json.loads(canonical_json(payload))  # what is stored is exactly what was hashed
    at = utcnow()
    entry = LedgerEntry(
        at=at,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        payload=payload,
        prev_hash=prev_hash,
        entry_hash=entry_digest(
            prev_hash=prev_hash,
            at=at,
            actor=actor,
            action=action,
            subject_type=subject_type,
            subject_id=str(subject_id),
            payload=payload,
        ),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainReport:
    entries: int
    intact: bool
    first_broken_seq: int | None = None
    reason: str = ""


def verify_chain(session: Session) -> ChainReport:
    """Re-compute every entry's hash and link; report the first entry that does not match."""
    prev = GENESIS
    count = 0
    for entry in session.scalars(select(LedgerEntry).order_by(LedgerEntry.seq)):
        count += 1
        if entry.prev_hash != prev:
            return ChainReport(count, False, entry.seq, "its link does not name the entry before it")
        digest = entry_digest(
            prev_hash=entry.prev_hash,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            subject_type=entry.subject_type,
            subject_id=entry.subject_id,
            payload=entry.payload,
        )
        if digest != entry.entry_hash:
            return ChainReport(count, False, entry.seq, "its content does not match its hash")
        prev = entry.entry_hash
    return ChainReport(count, True)
