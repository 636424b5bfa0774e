"""The shapes ``/api/v1/jobs`` answers with."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from truceline.web.api_models import Timestamp

JobState = Literal["queued", "running", "done", "failed", "cancelled"]


class JobRecord(BaseModel):
    """A background job: what it does, how far it is, what it produced and what went wrong."""

    id: int
    kind: str = Field(description="event_import, ingest_batch, ledger_export, ...")
    conflict: str | None = Field(description="The conflict it works on; null for store-wide work.")
    state: JobState
    done: int = Field(description="Units done (rows, files, entries).")
    total: int | None = Field(description="Units in all; null while unknown.")
    counts: dict[str, Any] = Field(description="What the job produced, once done (rows, created, skipped, ...).")
    errors: list[str]
    attempts: int = Field(description="Times a worker started it; more than one after a worker died mid-job.")
    cancel_requested: bool
    requested_by: str
    created_at: Timestamp
    started_at: Timestamp | None
    finished_at: Timestamp | None
