"""What an instance serves to its replicas: its ledger entries in order and the record versions
they wrote (the versions' content is what rebuilds the record)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.ledger.models import LedgerEntry
from truceline.ledger.services import ENTRY_COLUMNS, at_text
from truceline.versions.models import RecordVersion


def entries_after(session: Session, after: int, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` entries with seq > ``after``, oldest first, each as its columns (``at`` as
    the ISO 8601 text that was hashed)."""
    rows = session.scalars(select(LedgerEntry).where(LedgerEntry.seq > after).order_by(LedgerEntry.seq).limit(limit))
    out = []
    for row in rows:
        entry = {name: getattr(row, name) for name in ENTRY_COLUMNS}
        entry["at"] = at_text(row.at)
        out.append(entry)
    return out


def versions_between(session: Session, first: int, last: int) -> list[dict[str, Any]]:
    """The record versions written by entries ``first``..``last``."""
    rows = session.scalars(
        select(RecordVersion)
        .where(RecordVersion.ledger_seq >= first, RecordVersion.ledger_seq <= last)
        .order_by(RecordVersion.ledger_seq, RecordVersion.id)
    )
    return [
        {
            "kind": v.kind,
            "record_id": v.record_id,
            "version": v.version,
            "change": v.change,
            "content": v.content,
            "content_hash": v.content_hash,
            "ledger_seq": v.ledger_seq,
        }
        for v in rows
    ]
