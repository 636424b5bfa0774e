"""Importing event data (ACLED, UCDP GED CSV exports) into the store.

An import is

- **atomic**: the whole file is decoded and validated before anything is written, and all writes
  happen in the caller's transaction, so a bad row rejects the import and nothing is half-written;
- **idempotent**: the file's SHA-256 is recorded in an ``ImportJob``; the same file again is a
  no-op that says so, and an event whose incident id (``acled-<event_id_cnty>``,
  ``ucdp-<id>``) exists already is skipped, so an overlapping file adds only the new events;
- **traceable**: the file is stored whole as a ``SourceDocument`` (kind ``event_data``) and every
  incident cites it with the character span of its row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.conflicts.services import conflict_definition, resolve_conflict
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import InvalidInput
from truceline.incidents.models import Incident
from truceline.incidents.services import record_incident
from truceline.intake.adapters.acled import parse_acled
from truceline.intake.adapters.common import EventRow, decode_event_file
from truceline.intake.adapters.ucdp import parse_ucdp
from truceline.ledger.services import append
from truceline.places.models import Place
from truceline.sources.models import ImportJob
from truceline.sources.services import add_source_document, sha256_text
from truceline.vocabulary import SourceKind

EventFormat = Literal["acled", "ucdp"]
#: called as rows are written: (rows done, rows in the file)
Progress = Callable[[int, int], None]

PUBLISHERS: dict[str, str] = {
    "acled": "Armed Conflict Location & Event Data (ACLED)",
    "ucdp": "Uppsala Conflict Data Program (UCDP GED)",
}
PARSERS: dict[str, Callable[..., list[EventRow]]] = {"acled": parse_acled, "ucdp": parse_ucdp}


@dataclass
class ImportReport:
    format: str
    file_name: str
    file_sha256: str
    rows: int = 0
    created: int = 0
    skipped: list[str] = field(default_factory=list)  # incident ids that existed already
    already_imported: bool = False
    imported_at: dt.datetime | None = None  # of the earlier import, when already_imported
    document_id: int | None = None
    document_sha256: str | None = None
    job_id: int | None = None
    incidents: list[str] = field(default_factory=list)  # ids created

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["imported_at"] = self.imported_at.isoformat() if self.imported_at else None
        return data

    def summary(self) -> str:
        if self.already_imported:
            when = f" on {self.imported_at:%Y-%m-%d %H:%M} UTC" if self.imported_at else ""
            return f"{self.file_name} was imported already{when} (SHA-256 {self.file_sha256}): nothing to do"
        skipped = f", {len(self.skipped)} already present" if self.skipped else ""
        return (
            f"imported {self.created} of {self.rows} {self.format.upper()} events from {self.file_name}{skipped}; "
            f"source document {self.document_id} (SHA-256 {self.document_sha256})"
        )


def parse_event_file(
    data: bytes, *, format: EventFormat, file_name: str, conflict: ConflictDefinition
) -> tuple[str, list[EventRow]]:
    """Decode and validate a whole file without touching the store. Returns the text and its rows,
    each citing the text as ``urn:sha256:…``; actors and sides are the conflict's parties."""
    if format not in PARSERS:
        raise InvalidInput(f"unknown event-data format {format!r} (expected acled or ucdp)")
    text = decode_event_file(data, file_name)
    return text, PARSERS[format](text, source=f"urn:sha256:{sha256_text(text)}", conflict=conflict, file_name=file_name)


def _gazetteer(session: Session, conflict_id: str) -> dict[str, str]:
    """Place names and alternate names (case-folded) -> gazetteer ids."""
    names: dict[str, str] = {}
    for place in session.scalars(select(Place).where(Place.conflict_id == conflict_id).order_by(Place.id)):
        for name in [place.name, *(place.alt_names or [])]:
            names.setdefault(name.casefold(), place.id)
    return names


def import_event_file(
    session: Session,
    path: Path | str,
    *,
    format: EventFormat,
    actor: str,
    conflict_id: str | None = None,
    progress: Progress | None = None,
    data: bytes | None = None,
) -> ImportReport:
    """Import an ACLED or UCDP GED CSV file into a conflict (by default the store's only one), in
    the caller's transaction (the caller commits).

    Raises ``InvalidInput`` (``EventDataError``, listing each bad row and column) before
    writing anything if any row is malformed.
    """
    path = Path(path)
    raw = path.read_bytes() if data is None else data
    file_sha256 = hashlib.sha256(raw).hexdigest()
    report = ImportReport(format=format, file_name=path.name, file_sha256=file_sha256)
    conflict = conflict_definition(session, resolve_conflict(session, conflict_id).id)
    earlier = session.scalars(
        select(ImportJob).where(ImportJob.conflict_id == conflict.id, ImportJob.file_sha256 == file_sha256)
    ).first()
    if earlier is not None:
        report.already_imported = True
        report.imported_at = earlier.imported_at
        report.rows = earlier.rows
        report.job_id = earlier.id
        return report

    # 1. validate the whole file before writing anything
    text, rows = parse_event_file(raw, format=format, file_name=path.name, conflict=conflict)
    report.rows = len(rows)

    # 2. write: the document, then each new incident citing its row
    document, _ = add_source_document(
        session,
        conflict_id=conflict.id,
        content=text,
        kind=SourceKind.EVENT_DATA.value,
        actor=actor,
        publisher=PUBLISHERS[format],
        title=f"{format.upper()} export {path.name}",
        has_full_text=True,
    )
    report.document_id = document.id
    report.document_sha256 = document.sha256
    reference = f"urn:sha256:{document.sha256}"
    places = _gazetteer(session, conflict.id)
    ids = [r.incident.id for r in rows]
    existing: set[str] = set()
    for start in range(0, len(ids), 500):  # in chunks: SQLite limits bound parameters
        existing.update(session.scalars(select(Incident.id).where(Incident.id.in_(ids[start : start + 500]))))
    for done, row in enumerate(rows, start=1):
        if row.incident.id in existing:
            report.skipped.append(row.incident.id)
        else:
            incident = row.incident
            place_id = places.get((incident.place_name or "").casefold())
            if place_id is not None:
                incident = incident.model_copy(update={"place": place_id})
            record_incident(
                session, incident, conflict_id=conflict.id, actor=actor, spans={reference: [list(row.span)]}
            )
            report.created += 1
            report.incidents.append(incident.id)
        if progress is not None:
            progress(done, len(rows))
    job = ImportJob(
        conflict_id=conflict.id,
        format=format,
        file_sha256=file_sha256,
        file_name=path.name,
        rows=len(rows),
        created=report.created,
        imported_by=actor,
    )
    session.add(job)
    session.flush()
    report.job_id = job.id
    append(
        session,
        actor=actor,
        action="source:import:add",
        subject_type="import_job",
        subject_id=str(job.id),
        payload={
            "format": format,
            "file_sha256": file_sha256,
            "file_name": path.name,
            "document_sha256": document.sha256,
            "rows": len(rows),
            "created": report.created,
            "skipped": report.skipped,
        },
    )
    return report
