"""The change log: every write, by whom, when, what; each entry chained to the one before and signed.

The table is append-only: triggers (created by migration 0005) refuse UPDATE and DELETE on SQLite
and PostgreSQL (and TRUNCATE on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from truceline.db import Base, UTCDateTime


class LedgerEntry(Base):
    __tablename__ = "ledger_entries"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(120))
    #: a tag shaped source:subject:action, e.g. "incident:claim:add"
    action: Mapped[str] = mapped_column(String(80), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(200), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: unique: two writers chaining onto the same entry cannot both commit (no forks)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: SHA-256 of the canonical payload (a batch: the Merkle root of its rows); None before signing
    content_hash: Mapped[str | None] = mapped_column(String(64))
    #: Ed25519 signature over the entry hash's 32 bytes, base64; None for entries from before signing
    signature: Mapped[str | None] = mapped_column(String(88))
    #: the signing key (``ledger_keys.key_id``)
    key_id: Mapped[str | None] = mapped_column(String(64))


class LedgerKey(Base):
    """A public key that has signed ledger entries; kept so old entries verify after a rotation."""

    __tablename__ = "ledger_keys"

    #: SHA-256 (hex) of the raw 32-byte Ed25519 public key
    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_key: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
