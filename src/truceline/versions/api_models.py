"""Request and response shapes of record history, corrections, retractions and unpublications."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

#: a value a correction sets: text, a number, a list of text (weapons, actors, breaks), or null to clear
FieldValue = str | int | float | list[str] | None


class FieldChange(BaseModel):
    field: str
    before: Any = None
    after: Any = None


class VersionRecord(BaseModel):
    """One version of a record: what changed, who, when, why, on what source."""

    kind: str = Field(description="incident, claim, source, agreement, provision or commitment")
    id: str
    version: int = Field(ge=1)
    change: str = Field(
        description="created, corrected, retracted, unpublished, published, republished, event, adopted"
    )
    actor: str
    at: dt.datetime = Field(description="When it was recorded (the ledger entry's time, UTC).")
    reason: str
    source: str | None
    ledger_seq: int = Field(description="The signed ledger entry that wrote it.")
    content_hash: str = Field(description="SHA-256 of the canonical JSON of the version's content.")
    diff: list[FieldChange] = Field(
        description="The fields that changed from the version before (empty for the first)."
    )


class Correction(BaseModel):
    """Fields to correct, why, and the reporting the correction rests on."""

    model_config = ConfigDict(extra="forbid")

    set: dict[str, FieldValue] = Field(
        min_length=1, max_length=30, description="FIELD → new value (the same fields as `truceline incidents correct`)."
    )
    reason: str = Field(min_length=1, max_length=2000)
    source: str = Field(max_length=2000, description="The http(s) URL of the reporting.")


class Retraction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)
    source: str | None = Field(default=None, max_length=2000)
    superseded_by: str | None = Field(
        default=None, max_length=120, description="The incident that records the same event instead."
    )


class Unpublication(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)
    source: str | None = Field(default=None, max_length=2000)
