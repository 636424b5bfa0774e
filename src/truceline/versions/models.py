"""Record versions: every state a versioned record (incident, claim, source, agreement, provision,
commitment) has had, with who, when, why and the source, and the ledger entry that wrote it.

One table serves all six kinds: a version holds the record's whole content as canonical JSON, so
a new kind needs a content function (:mod:`truceline.versions.content`), not new columns. The
table is append-only: triggers (migration 0006) refuse UPDATE and DELETE.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from truceline.db import Base, UTCDateTime


class RecordVersion(Base):
    __tablename__ = "record_versions"
    __table_args__ = (
        UniqueConstraint("kind", "record_id", "version", name="uq_record_versions_kind_record_version"),
        Index("ix_record_versions_record", "kind", "record_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: incident, claim, source, agreement, provision, commitment
    kind: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[str] = mapped_column(String(200))
    conflict_id: Mapped[str] = mapped_column(String(120), index=True)
    #: 1, 2, 3 … for each record
    version: Mapped[int] = mapped_column(Integer)
    #: created, corrected, retracted, unpublished, published, republished, event
    change: Mapped[str] = mapped_column(String(16))
    #: the record's whole content as it stood after this change (canonical JSON values)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: SHA-256 of the canonical JSON of ``content``
    content_hash: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(120))
    #: when it was recorded (the ledger entry's time): what ``--known-at`` asks about
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str | None] = mapped_column(String(2000), default=None)
    #: the signed ledger entry that wrote it (its payload holds this version too)
    ledger_seq: Mapped[int] = mapped_column(Integer, index=True)
