"""Source documents (kept whole and hashed), citations of them, import jobs and review candidates."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, Session, mapped_column

from truceline.db import Base, UTCDateTime, utcnow
from truceline.versions.kinds import VersionedKind, register


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
    #: publishes an incident that cites it (``truceline.incidents.publication.publish_incident``)
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
    """One import of an event-data file (ACLED, UCDP): its hash makes re-imports a no-op.

    A run is ``staging`` while its batches are written to the staging tables (each batch in its
    own short transaction, logged in ``import_batches``), and ``complete`` once its rows were
    moved into the record in one transaction: only then does anything of it show. While staging,
    the run is leased to one process (``runner``, renewed at each batch in ``heartbeat_at``)."""

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
    status: Mapped[str] = mapped_column(String(16), default="complete")
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    revised: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    # the lease of the process staging the run: a second import of the same file waits for it
    runner: Mapped[str | None] = mapped_column(String(36), default=None)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class ImportBatch(Base):
    """One staged batch of an import run: its lines, and its text (header and rows) as the source
    document its incidents will cite."""

    __tablename__ = "import_batches"

    job_id: Mapped[int] = mapped_column(ForeignKey("import_jobs.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_line: Mapped[int] = mapped_column(Integer)
    last_line: Mapped[int] = mapped_column(Integer)
    rows: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)


class StagedEvent(Base):
    """A validated row of an import run, waiting to be moved into ``incidents``.

    ``action`` is what the move does with it: ``new``, ``revised`` (a new version of
    ``incident_id``) or ``unchanged``."""

    __tablename__ = "import_staging"
    __table_args__ = (Index("uq_import_staging_job_external_id", "job_id", "external_id", unique=True),)

    job_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch: Mapped[int] = mapped_column(Integer)
    external_id: Mapped[str] = mapped_column(String(120))
    incident_id: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(16))
    content_sha256: Mapped[str] = mapped_column(String(64))
    external_version: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    modality: Mapped[str] = mapped_column(String(16))
    date_start: Mapped[dt.date] = mapped_column(Date)
    date_end: Mapped[dt.date] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(8))
    place_id: Mapped[str | None] = mapped_column(String(120))
    place_name: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    location_precision: Mapped[str] = mapped_column(String(16))
    side: Mapped[str] = mapped_column(String(16))
    actors: Mapped[list[str]] = mapped_column(JSON)
    description: Mapped[str] = mapped_column(Text)
    spans: Mapped[list[list[int]]] = mapped_column(JSON)


class StagedFigure(Base):
    """A casualty figure of a staged row."""

    __tablename__ = "import_staging_figures"

    job_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(16))
    side: Mapped[str] = mapped_column(String(16))
    population: Mapped[str] = mapped_column(String(16))
    low: Mapped[int | None] = mapped_column(Integer)
    best: Mapped[int | None] = mapped_column(Integer)
    high: Mapped[int | None] = mapped_column(Integer)


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


def _text_digest(session: Session, row: Any) -> dict[str, Any]:
    return {"content_sha256": hashlib.sha256(row.content.encode("utf-8")).hexdigest()}


#: a source document is a versioned record (see truceline.versions.kinds)
register(
    VersionedKind(
        "source",
        SourceDocument,
        (
            "id",
            "conflict_id",
            "sha256",
            "kind",
            "url",
            "publisher",
            "title",
            "language",
            "published_on",
            "content_type",
            "has_full_text",
            "submitted_by",
            "submitted_for_party",
            "published",
        ),
        order=3,
        children=_text_digest,
    )
)
