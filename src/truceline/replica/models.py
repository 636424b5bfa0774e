"""What a replica holds: the instances it copies, their verified entries and record versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from truceline.db import Base, UTCDateTime


class ReplicaSource(Base):
    """Another instance this store copies: its pinned keys, how far the copy goes, what was found."""

    __tablename__ = "replica_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the instance's base URL (http(s)://host[:port])
    url: Mapped[str] = mapped_column(String(500), unique=True)
    #: key_id -> public key PEM, pinned at the first pull: only entries these keys signed are accepted
    pinned_keys: Mapped[dict[str, str]] = mapped_column(JSON)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    checked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    #: the newest entry held (0 and 64 zeros: none yet)
    held_seq: Mapped[int] = mapped_column(Integer, default=0)
    held_hash: Mapped[str] = mapped_column(String(64))
    #: the source's head when last checked
    source_seq: Mapped[int | None] = mapped_column(Integer, default=None)
    source_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    #: in_step, behind or diverged
    state: Mapped[str] = mapped_column(String(16), default="in_step")
    #: fork, rewritten or missing (None: no divergence)
    divergence: Mapped[str | None] = mapped_column(String(16), default=None)
    divergence_seq: Mapped[int | None] = mapped_column(Integer, default=None)
    divergence_reason: Mapped[str | None] = mapped_column(Text, default=None)


class ReplicaEntry(Base):
    """A source's ledger entry, exactly as it was signed (the columns of ``ledger_entries``)."""

    __tablename__ = "replica_entries"

    source_id: Mapped[int] = mapped_column(ForeignKey("replica_sources.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(80))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    signature: Mapped[str | None] = mapped_column(String(88))
    key_id: Mapped[str | None] = mapped_column(String(64))


class ReplicaVersion(Base):
    """A source's record version (the record as it stood after a change), checked against the
    signed entry that wrote it: with the entries, the source's whole record and its history."""

    __tablename__ = "replica_versions"

    source_id: Mapped[int] = mapped_column(ForeignKey("replica_sources.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    change: Mapped[str] = mapped_column(String(16))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    ledger_seq: Mapped[int] = mapped_column(Integer, index=True)
