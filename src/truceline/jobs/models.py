"""The jobs table: each job's kind, arguments, state, progress and outcome.

Everything a job is lives in this row, never in a process's memory: any app server shows it and
any worker can take it over. A file a job produces for someone to download (a report rendered
for a web reader) is kept in the store too (``job_files``), so any app server can serve it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from truceline.db import Base, UTCDateTime, utcnow

#: queued -> running -> done | failed | cancelled; queued -> cancelled
JOB_STATES = ("queued", "running", "done", "failed", "cancelled")
FINISHED_STATES = ("done", "failed", "cancelled")


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_created_at", "state", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    #: the conflict it works on; None for store-wide work (a ledger export)
    conflict_id: Mapped[str | None] = mapped_column(ForeignKey("conflicts.id"), default=None, index=True)
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(12), default="queued")
    #: progress: units done of ``total`` (rows, files, entries); total None while unknown
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer, default=None)
    #: what the job produced (rows, created, skipped, …) once it finished
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    errors: Mapped[list[str]] = mapped_column(JSON, default=list)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    #: how many times a worker started it (more than one: redelivered after a worker died)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    requested_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    #: last sign of life from the process running it
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES


class JobFile(Base):
    """The file a job produced, whole, for its requester to download (one per job)."""

    __tablename__ = "job_files"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), primary_key=True)
    #: the file's name as offered for download (``sitrep-2025-12-01-2025-12-31.pdf``)
    name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    #: the bytes themselves, loaded only when the file is downloaded
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
