"""What a version holds: the whole content of a record as canonical JSON values, per kind.

The content is what ``truceline ledger verify`` recomputes from a record's current row and
compares with the latest version the ledger holds, so it lists each kind's fields explicitly (a
column added later does not change the content of records written before it). Times that are
only bookkeeping (``created_at``, ``retrieved_at``) are left out; a source's text is represented
by its SHA-256.

:func:`restore` turns a version's content back into a detached row (never added to a session),
so the compliance services can read the record as it was known at a time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.agreements.models import Agreement, AgreementEvent, Commitment, CommitmentEvent, Provision
from truceline.db import Base
from truceline.incidents.models import CasualtyFigure, Claim, Incident
from truceline.ledger.services import canonical_json, content_digest
from truceline.sources.models import SourceDocument

#: the versioned kinds and their tables
MODELS: dict[str, type[Base]] = {
    "incident": Incident,
    "claim": Claim,
    "source": SourceDocument,
    "agreement": Agreement,
    "provision": Provision,
    "commitment": Commitment,
}
KINDS = tuple(MODELS)

FIELDS: dict[str, tuple[str, ...]] = {
    "incident": (
        "id",
        "conflict_id",
        "kind",
        "modality",
        "date_start",
        "date_end",
        "date_precision",
        "place_id",
        "place_name",
        "lat",
        "lon",
        "location_precision",
        "side",
        "weapons",
        "actors",
        "description",
        "displaced_low",
        "displaced_best",
        "displaced_high",
        "displaced_side",
        "published",
        "submitted_for_party",
        "retracted",
        "superseded_by",
    ),
    "claim": (
        "id",
        "incident_id",
        "claimant",
        "accused",
        "assertion",
        "stance",
        "made_on",
        "summary",
        "published",
        "submitted_for_party",
        "retracted",
        "breaks",
    ),
    "source": (
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
    "agreement": (
        "id",
        "conflict_id",
        "title",
        "kind",
        "signed_on",
        "signed_at",
        "signatories",
        "witnesses",
        "effective_from",
        "summary",
        "aliases",
    ),
    "provision": ("id", "agreement_id", "number", "position", "type", "summary", "binds", "rule"),
    "commitment": ("id", "conflict_id", "agreement_id", "provision_id", "title", "responsible", "deadline"),
}
CASUALTY_FIELDS = ("category", "side", "population", "low", "best", "high")
AGREEMENT_EVENT_FIELDS = ("date", "kind", "by_party", "superseded_by", "note")
COMMITMENT_EVENT_FIELDS = ("date", "kind", "by_party", "new_deadline", "note")
#: fields held as dates and date-times in the content (ISO 8601 text there)
DATES = {"date_start", "date_end", "made_on", "published_on", "signed_on", "deadline", "new_deadline"}
DATETIMES = {"effective_from"}


def kind_of(value: str) -> str:
    """A kind by name (``incidents`` and ``incident`` both work), or ValueError listing them."""
    kind = value.strip().lower().removesuffix("s")
    if kind not in MODELS:
        raise ValueError(f"unknown record kind {value!r}; kinds: {', '.join(KINDS)}")
    return kind


def _plain(value: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(canonical_json(value))
    return result


def _fields(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


def record_content(session: Session, kind: str, row: Any) -> dict[str, Any]:
    """The content of ``row`` (a record of ``kind``) as canonical JSON values."""
    content = _fields(row, FIELDS[kind])
    if kind == "incident":
        content["casualties"] = [_fields(f, CASUALTY_FIELDS) for f in row.casualties]
    elif kind == "source":
        content["content_sha256"] = hashlib.sha256(row.content.encode("utf-8")).hexdigest()
    elif kind == "agreement":
        events = session.scalars(
            select(AgreementEvent).where(AgreementEvent.agreement_id == row.id).order_by(AgreementEvent.id)
        )
        content["events"] = [_fields(e, AGREEMENT_EVENT_FIELDS) for e in events]
    elif kind == "commitment":
        events = session.scalars(
            select(CommitmentEvent).where(CommitmentEvent.commitment_id == row.id).order_by(CommitmentEvent.id)
        )
        content["events"] = [_fields(e, COMMITMENT_EVENT_FIELDS) for e in events]
    return _plain(content)


def content_hash(content: dict[str, Any]) -> str:
    return content_digest(content)


def record_id(kind: str, row: Any) -> str:
    return str(row.id)


def _typed(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for name, value in values.items():
        if value is None:
            continue
        if name in DATES:
            out[name] = dt.date.fromisoformat(value)
        elif name in DATETIMES or (name == "date" and "T" in str(value)):
            out[name] = dt.datetime.fromisoformat(value)
        elif name == "date":
            out[name] = dt.date.fromisoformat(value)
    return out


def restore(kind: str, content: dict[str, Any]) -> Any:
    """A detached row of ``kind`` holding ``content`` (with its casualties or events)."""
    values = _typed({k: v for k, v in content.items() if k in FIELDS[kind]})
    row: Any = MODELS[kind](**values)
    if kind == "incident":
        row.casualties = [CasualtyFigure(**f) for f in content.get("casualties", [])]
    elif kind == "agreement":
        row.events = [AgreementEvent(**_typed(e)) for e in content.get("events", [])]
    elif kind == "commitment":
        row.events = [CommitmentEvent(**_typed(e)) for e in content.get("events", [])]
    return row
