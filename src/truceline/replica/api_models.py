"""Shapes of the ledger as an instance serves it to its replicas."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class LedgerHead(BaseModel):
    """The newest entry: what a party keeps, and where a replica's copy should reach."""

    seq: int = Field(ge=0)
    hash: str
    signature: str | None
    key_id: str | None
    at: str | None = Field(description="ISO 8601 UTC, exactly as hashed.")


class LedgerPublicKey(BaseModel):
    key_id: str = Field(description="SHA-256 (hex) of the raw 32-byte Ed25519 public key.")
    public_key: str = Field(description="PEM (SubjectPublicKeyInfo).")


class LedgerEntryRecord(BaseModel):
    """One entry, with every column that its hash and signature cover (docs/trust.md)."""

    seq: int
    at: str = Field(description="ISO 8601 UTC, exactly as hashed.")
    actor: str
    action: str
    subject_type: str
    subject_id: str
    payload: dict[str, Any]
    prev_hash: str
    entry_hash: str
    content_hash: str | None
    signature: str | None
    key_id: str | None


class RecordVersionContent(BaseModel):
    """A record as it stood after a change, with the entry that signed it."""

    kind: str
    record_id: str
    version: int
    change: str
    content: dict[str, Any]
    content_hash: str
    ledger_seq: int


class LedgerPage(BaseModel):
    """Entries after a seq, oldest first, and the record versions they wrote."""

    entries: list[LedgerEntryRecord]
    versions: list[RecordVersionContent]
