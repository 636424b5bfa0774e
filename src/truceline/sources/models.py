"""Source documents (kept whole and hashed), citations of them, import jobs and review candidates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from truceline.db import Base, UTCDateTime, utcnow


class SourceDocument(Base):
    """Anything that reports. ``sha256`` is over ``content``; the same bytes are stored once.

    A casebook reference (a URL we cite but do not hold the text of) is stored with the
    citation as its content, so it too has a stable hash.
    """

    __tablename__ = "source_documents"
    __table_args__ = (UniqueConstraint("conflict_id", "sha256", name="uq_source_documents_conflict_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(String(2000), default=None, index=True)
    publisher: Mapped[str | None] = mapped_column(String(200), default=None)
    title: Mapped[str | None] = mapped_column(String(500), default=None)
    language: Mapped[str] = mapped_column(String(8), default="en")
    published_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    retrieved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    content: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(String(64), default="text/plain")
    #: True when ``content`` is the full text, False when it is only a citation of the URL
    has_full_text: Mapped[bool] = mapped_column(default=False)
    submitted_by: Mapped[str | None] = mapped_column(String(120), default=None)
    #: the party on whose behalf a party user submitted it, for visibility
    submitted_for_party: Mapped[str | None] = mapped_column(String(16), default=None)
    #: a party's submission is unpublished (seen by that party and observers) until a coordinator
    #: publishes an incident that cites it (``truceline.publish.services.publish_incident``)
    published: Mapped[bool] = mapped_column(Boolean, default=True)


class Citation(Base):
    """A record cites a source, optionally with the character spans that support it."""

    __tablename__ = "citations"
    __table_args__ = (
        UniqueConstraint("subject_type", "subject_id", "source_id", name="uq_citations_subject_source"),
        Index("ix_citations_subject", "subject_type", "subject_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(32))  # incident, claim, provision, place, ...
    subject_id: Mapped[str] = mapped_column(String(200))
    source_id: Mapped[int] = mapped_column(ForeignKey("source_documents.id"), index=True)
    spans: Mapped[list[list[int]]] = mapped_column(JSON, default=list)


class ImportJob(Base):
    """One import of an event-data file (ACLED, UCDP): its hash makes re-imports a no-op."""

    __tablename__ = "import_jobs"
    __table_args__ = (UniqueConstraint("conflict_id", "file_sha256", name="uq_import_jobs_conflict_file_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    format: Mapped[str] = mapped_column(String(16))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    rows: Mapped[int] = mapped_column(Integer)
    created: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(120))


class ReviewCandidate(Base):
    """A record proposed by extraction, waiting for a person to accept, edit or reject it."""

    __tablename__ = "review_candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source_documents.id"), index=True)
    local_id: Mapped[str] = mapped_column(String(32))  # the candidate's id within its extraction
    type: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    decided_by: Mapped[str | None] = mapped_column(String(120), default=None)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    #: what accepting it made or updated, e.g. "incident:inc-1a2b"
    result: Mapped[str | None] = mapped_column(String(200), default=None)
