"""Importing event data (ACLED, UCDP GED CSV exports) into the store, at the database's speed.

An import is a **run** (an ``ImportJob``) in two steps:

1. **staging**: the file is read as a stream (memory stays flat whatever its size) in batches of
   ``batch_size`` rows; each batch is validated, matched against the record by the events'
   external keys, and written to the staging tables (``import_staging``,
   ``import_staging_figures``) with the fastest path each store has — one ``executemany`` on
   SQLite, ``COPY`` on PostgreSQL — in its own short transaction, logged in ``import_batches``
   with the batch's text (header and rows), which becomes the source document its incidents cite;
2. **the move**: one transaction moves the staged rows into ``incidents``, ``casualty_figures``,
   ``citations`` and ``source_documents`` in set-based ``INSERT … SELECT`` statements, appends one
   signed ledger entry per batch (``append_batch``: the Merkle root of its rows) and marks the run
   complete. Nothing of an import shows before that commit.

So an import is

- **all-or-nothing**: a bad row rejects the whole file (``EventDataError`` naming each row and
  column, up to a limit) and nothing is written — unless rejects are asked for
  (``rejects=``): then each bad row is reported with its line and reason and the rest imported;
- **resumable**: a run killed while staging goes on, when the same file is imported again, after
  the last batch it logged; one killed during the move is rolled back whole and moved again;
- **one run per file at a time**: a run holds a lease on its job, renewed at each batch; a second
  import of the same file meanwhile is refused as busy (``StoreBusy``, exit 6) rather than staging
  the same lines twice; the lease of a killed run lapses after ``LEASE``;
- **kind to readers**: the staging transactions are short, and SQLite runs in WAL mode, so the
  web app keeps answering while a file is imported;
- **idempotent, with event identity**: ACLED ``event_id_cnty`` and UCDP ``id`` are stored on the
  incident (``dataset``, ``external_id``, unique per conflict). The same file again is a no-op; an
  event already held with the same content adds nothing; a row whose content changed (ACLED
  publishes corrections with a newer ``timestamp``) becomes a **new version** of its incident: the
  incident's row is updated, and the batch's ledger entry keeps, for each revised incident, the
  previous content, its SHA-256 and the data set's version of both (``revised`` in the payload);
  a row older than the version held is left alone (``stale``). A file Truceline exported comes
  back without duplicates: its key column holds Truceline's own incident id, which is found.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Engine,
    Select,
    bindparam,
    delete,
    func,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from truceline.conflicts.services import conflict_definition, resolve_conflict
from truceline.db import UTCDateTime, utcnow, write_transaction
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import InvalidInput, StoreBusy
from truceline.incidents.models import CASUALTY_FIELDS, CasualtyFigure, Incident
from truceline.incidents.summaries import counted_after_insert
from truceline.intake.adapters import acled, ucdp
from truceline.intake.adapters.common import (
    DEFAULT_MAX_ERRORS,
    Cells,
    Collector,
    CsvRow,
    CsvStream,
    EventDataError,
    EventRow,
    Record,
    RowError,
    decode_event_file,
    incident_id,
)
from truceline.ledger.services import append, append_batch
from truceline.places.models import Place
from truceline.sources.models import ImportBatch, ImportJob, SourceDocument, StagedEvent
from truceline.sources.services import sha256_text
from truceline.versions.kinds import kind_named
from truceline.versions.models import RecordVersion
from truceline.versions.services import (
    PAYLOAD_KEY,
    batch_versions,
    batch_versions_of,
    insert_batch_versions,
    latest_version,
    ledger_documents,
)
from truceline.vocabulary import SourceKind

EventFormat = Literal["acled", "ucdp"]
#: called after each batch: (bytes read, bytes in the file)
Progress = Callable[[int, int], None]

PUBLISHERS: dict[str, str] = {
    "acled": "Armed Conflict Location & Event Data (ACLED)",
    "ucdp": "Uppsala Conflict Data Program (UCDP GED)",
}
PARSERS: dict[str, Callable[..., list[EventRow]]] = {"acled": acled.parse_acled, "ucdp": ucdp.parse_ucdp}
ROW_PARSERS: dict[str, Callable[..., EventRow | None]] = {"acled": acled.parse_row, "ucdp": ucdp.parse_row}
REQUIRED: dict[str, tuple[str, ...]] = {"acled": acled.REQUIRED, "ucdp": ucdp.REQUIRED}
KEY_COLUMNS = {"acled": "event_id_cnty", "ucdp": "id"}
#: the column holding the data set's version of a row, where it has one
VERSION_COLUMNS = {"acled": "timestamp"}
DEFAULT_BATCH_SIZE = 10_000
#: how many incident ids each list of the report holds at most (its counts are complete)
REPORT_LIST_LIMIT = 1000
#: how many keys one ``IN (…)`` query names
_KEYS_PER_QUERY = 5_000

STAGING_COLUMNS = (
    "job_id", "line", "batch", "external_id", "incident_id", "action", "content_sha256", "external_version",
    "kind", "modality", "date_start", "date_end", "date_precision", "place_id", "place_name", "lat", "lon",
    "location_precision", "side", "actors", "description", "spans",
)  # fmt: skip
FIGURE_COLUMNS = ("job_id", "line", "position", "category", "side", "population", "low", "best", "high")
#: the incident columns the move copies from staging, in this order
INCIDENT_COLUMNS = (
    "kind", "modality", "date_start", "date_end", "date_precision", "place_id", "place_name", "lat", "lon",
    "location_precision", "side", "actors", "description",
)  # fmt: skip


@dataclass
class Reject:
    """A row left out (with ``rejects=``): where, which column, why."""

    line: int | None
    column: str | None
    reason: str
    row: str = ""


@dataclass
class ImportReport:
    format: str
    file_name: str
    file_sha256: str
    rows: int = 0
    created: int = 0
    #: events held already with the same content (or Truceline's own, from an export)
    skipped: list[str] = field(default_factory=list)
    #: incidents that got a new version from a revised row
    revised: list[str] = field(default_factory=list)
    #: rows older than the version held (ACLED timestamp), left alone
    stale: list[str] = field(default_factory=list)
    #: rows by what the import did with them: new, revised, unchanged, stale
    counts: dict[str, int] = field(default_factory=dict)
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)  # the first few, for the summary
    already_imported: bool = False
    resumed_after_line: int | None = None
    imported_at: dt.datetime | None = None  # of the earlier import, when already_imported
    document_id: int | None = None
    document_sha256: str | None = None
    documents: int = 0
    batches: int = 0
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
        parts = [f"imported {self.created} of {self.rows} {self.format.upper()} events from {self.file_name}"]
        if self.counts.get("unchanged"):
            parts.append(f"{self.counts['unchanged']} already present")
        if self.counts.get("revised"):
            parts.append(f"{self.counts['revised']} revised (a new version each)")
        if self.counts.get("stale"):
            parts.append(f"{self.counts['stale']} older than the version held")
        if self.rejected:
            parts.append(f"{self.rejected} rejected")
        if self.resumed_after_line:
            parts.append(f"resumed after line {self.resumed_after_line}")
        lines = ["; ".join(parts) + f"; {self.documents} source document(s) in {self.batches} batch(es)"]
        for r in self.rejects:
            lines.append(f"  rejected line {r.line}{f', column {r.column}' if r.column else ''}: {r.reason}")
        if self.rejected > len(self.rejects):
            lines.append(f"  … and {self.rejected - len(self.rejects)} more")
        return "\n".join(lines)


def parse_event_file(
    data: bytes, *, format: EventFormat, file_name: str, conflict: ConflictDefinition
) -> tuple[str, list[EventRow]]:
    """Decode and validate a whole (small) file without touching the store. Returns the text and
    its rows, each citing the text as ``urn:sha256:…``; actors and sides are the conflict's parties."""
    if format not in PARSERS:
        raise InvalidInput(f"unknown event-data format {format!r} (expected acled or ucdp)")
    text_ = decode_event_file(data, file_name)
    return text_, PARSERS[format](
        text_, source=f"urn:sha256:{sha256_text(text_)}", conflict=conflict, file_name=file_name
    )


def content_sha256(row: EventRow) -> str:
    """SHA-256 of what an import records of an event (not its sources): equal content, equal hash."""
    i = row.incident
    figures = [[f.category.value, f.side, f.population.value, f.low, f.best, f.high] for f in i.casualties]
    content = [
        i.kind.value, i.modality.value, i.date_start.isoformat(), i.date_end.isoformat(), i.date_precision.value,
        i.place_name, i.lat, i.lon, i.location_precision.value, i.side, list(i.actors), i.description, figures,
    ]  # fmt: skip
    return hashlib.sha256(_COMPACT.encode(content).encode()).hexdigest()


#: ``json.dumps(…, ensure_ascii=False, separators=(",", ":"))`` without building an encoder per row
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- the import ----------------------------------------------------------------------------------

Unit = Callable[[], AbstractContextManager[Session]]

# how long a run's lease on its job outlives its last batch: past it, a run that was killed is
# taken over by the next import of the same file (a live run renews it at every batch)
LEASE = dt.timedelta(minutes=10)


@dataclass
class _Existing:
    id: str
    conflict_id: str
    dataset: str | None
    external_id: str | None
    content_sha256: str | None
    external_version: str | None


@dataclass
class _Batch:
    number: int
    records: list[Record] = field(default_factory=list)
    first_line: int = 0
    last_line: int = 0


class _Run:
    """One import run of one file: the state shared by its batches."""

    def __init__(
        self,
        unit: Unit,
        *,
        path: Path,
        handle_factory: Callable[[], IO[bytes]],
        size: int,
        sha256: str,
        format: EventFormat,
        actor: str,
        conflict_id: str | None,
        batch_size: int,
        keep_rejects: bool,
        progress: Progress | None,
    ) -> None:
        if format not in PARSERS:
            raise InvalidInput(f"unknown event-data format {format!r} (expected acled or ucdp)")
        self.unit = unit
        self.path = path
        self.handle_factory = handle_factory
        self.size = size
        self.format: EventFormat = format
        self.actor = actor
        self.batch_size = batch_size
        self.keep_rejects = keep_rejects
        self.progress = progress
        self.report = ImportReport(format=format, file_name=path.name, file_sha256=sha256)
        self.runner = str(uuid.uuid4())  # this run's name in its job's lease
        self.rejects: list[Reject] = []  # of the current batch
        self.errors = Collector(path.name, DEFAULT_MAX_ERRORS)  # strict mode: the whole file's
        with unit() as session:
            self.conflict = conflict_definition(session, resolve_conflict(session, conflict_id).id)
            self.places = _gazetteer(session, self.conflict.id)
            self.postgres = session.get_bind().dialect.name == "postgresql"

    # -- the run's row ------------------------------------------------------------------------

    def start(self) -> ImportJob | None:
        """The run to continue (``None`` when the file was imported already)."""
        with self.unit() as session:
            job = session.scalars(
                select(ImportJob).where(
                    ImportJob.conflict_id == self.conflict.id, ImportJob.file_sha256 == self.report.file_sha256
                )
            ).first()
            if job is not None and job.status == "complete":
                self.report.already_imported = True
                self.report.imported_at = job.imported_at
                self.report.rows = job.rows
                self.report.job_id = job.id
                return None
            now = utcnow()
            if job is None:
                job = ImportJob(
                    conflict_id=self.conflict.id,
                    format=self.format,
                    file_sha256=self.report.file_sha256,
                    file_name=self.path.name,
                    rows=0,
                    created=0,
                    imported_by=self.actor,
                    status="staging",
                    runner=self.runner,
                    heartbeat_at=now,
                )
                try:
                    with session.begin_nested():  # another run may have created it a moment ago
                        session.add(job)
                except IntegrityError as exc:
                    raise StoreBusy(
                        f"{self.path.name} is being imported by another run that has just started: "
                        "import it again when that run ends",
                        retry_after=5,
                    ) from exc
            elif job.runner is not None and job.heartbeat_at is not None and now - job.heartbeat_at < LEASE:
                free_at = (job.heartbeat_at + LEASE).strftime("%Y-%m-%d %H:%M:%S UTC")
                raise StoreBusy(
                    f"{self.path.name} is being imported by another run (job {job.id}, last batch written "
                    f"{job.heartbeat_at:%H:%M:%S} UTC): import it again when that run ends; if it was "
                    f"killed, its lease ends at {free_at} and the import then resumes where it stopped",
                    retry_after=int((job.heartbeat_at + LEASE - now).total_seconds()) + 1,
                )
            job.runner, job.heartbeat_at = self.runner, now
            session.flush()
            self.report.job_id = job.id
            return job

    def run(self) -> ImportReport:
        job = self.start()
        if job is None:
            return self.report
        try:
            try:
                self.stage(job.id)
                self.errors.raise_if_any()
            except EventDataError:
                self.discard(job.id, keep_job=False)
                raise
            self.move(job.id)
            self.discard(job.id, keep_job=True)
        finally:
            self.release(job.id)
        return self.report

    def renew(self, session: Session, job_id: int) -> None:
        """Renew this run's lease on its job (in the batch's transaction); a run whose lease was
        taken over (it stalled past ``LEASE``) stops before writing anything more."""
        renewed = session.execute(
            update(ImportJob)
            .where(ImportJob.id == job_id, ImportJob.runner == self.runner)
            .values(heartbeat_at=utcnow())
        ).rowcount  # type: ignore[attr-defined]
        if not renewed:
            raise StoreBusy(f"the import of {self.path.name} (job {job_id}) was taken over by another run")

    def release(self, job_id: int) -> None:
        """Give the lease up (the run ended, well or not): the next import of the file may go on."""
        with self.unit() as session:
            session.execute(
                update(ImportJob)
                .where(ImportJob.id == job_id, ImportJob.runner == self.runner)
                .values(runner=None, heartbeat_at=None)
            )

    # -- staging ------------------------------------------------------------------------------

    def stage(self, job_id: int) -> None:
        with self.unit() as session:
            done = session.execute(
                text("SELECT max(number), max(last_line) FROM import_batches WHERE job_id = :job"), {"job": job_id}
            ).one()
        number, last_line = (done[0] or 0), (done[1] or 1)
        if number:
            self.report.resumed_after_line = last_line
        with self.handle_factory() as handle:
            stream = CsvStream(handle, self.path.name)
            header = stream.read_header(REQUIRED[self.format])
            self.header_text = stream.header_text
            self._header_positions = {name: i for i, name in enumerate(header)}
            batch = _Batch(number + 1)
            for item in stream:
                line = item.line if item.line is not None else 0
                if line <= last_line:
                    continue  # staged already by the run this one resumes
                if isinstance(item, RowError):
                    self.reject(item.line, item.column, item.message, "")
                    continue
                batch.records.append(item)
                if len(batch.records) >= self.batch_size:
                    self.stage_batch(job_id, header, batch, stream.offset)
                    batch = _Batch(batch.number + 1)
            if batch.records or self.rejects:
                self.stage_batch(job_id, header, batch, stream.offset)

    def reject(self, line: int | None, column: str | None, reason: str, row: str) -> None:
        if self.keep_rejects:
            self.rejects.append(Reject(line, column, reason, row))
        else:
            self.errors.add(line, column, reason)  # raises past the limit

    def stage_batch(self, job_id: int, header: list[str], batch: _Batch, offset: int) -> None:
        """Validate a batch, match it against the record, and write it to staging in one short
        transaction (with its log row)."""
        lines = [self.header_text if self.header_text.endswith("\n") else self.header_text + "\n"]
        rows: list[tuple[Record, EventRow]] = []
        position = len(lines[0])
        parse_row = ROW_PARSERS[self.format]
        for record in batch.records:
            span = (position, position + max(len(record.text.rstrip("\r\n")), 1))
            lines.append(record.text if record.text.endswith("\n") else record.text + "\n")
            position += len(lines[-1])
            collector = Collector(self.path.name, max_errors=1_000_000)
            cells = Cells(CsvRow(record.line, span, dict(zip(header, record.cells, strict=True))), collector)
            event = parse_row(cells, source=BATCH_SOURCE, conflict=self.conflict)
            if event is None or collector.errors:
                for error in collector.errors:
                    self.reject(error.line, error.column, error.message, record.text)
                continue
            rows.append((record, event))
        content = "".join(lines)
        staged, figures = ([], []) if self.errors.errors else self.classify(job_id, batch.number, rows)
        if batch.records:
            batch.first_line, batch.last_line = batch.records[0].line, batch.records[-1].line
        else:  # only rejects: log the lines they were on
            batch.first_line = batch.last_line = max(r.line or 0 for r in self.rejects)
        with self.unit() as session:
            self.renew(session, job_id)
            if staged and not self.errors.errors:
                self.write_staging(session, job_id, staged, figures)
            rejected = len(self.rejects)
            if self.errors.errors:
                return  # strict mode: nothing more is written; the run is discarded at the end
            session.add(
                ImportBatch(
                    job_id=job_id,
                    number=batch.number,
                    first_line=batch.first_line,
                    last_line=batch.last_line,
                    rows=len(batch.records),
                    rejected=rejected,
                    sha256=sha256_text(content),
                    content=content,
                )
            )
            session.execute(
                update(ImportJob)
                .where(ImportJob.id == job_id)
                .values(rows=ImportJob.rows + len(batch.records), rejected=ImportJob.rejected + rejected)
            )
        self.report.rejects += self.rejects[: max(0, 20 - len(self.report.rejects))]
        self.flush_rejects()
        if self.progress is not None:
            self.progress(offset, self.size)

    def flush_rejects(self) -> None:
        self.report.rejected += len(self.rejects)
        if self.rejects_sink is not None:
            for reject in self.rejects:
                self.rejects_sink.writerow([reject.line or "", reject.column or "", reject.reason, reject.row])
        self.rejects = []

    rejects_sink: Any = None  # a csv.writer, when rejects go to a file

    def classify(
        self, job_id: int, number: int, rows: list[tuple[Record, EventRow]]
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """Each row's action against the record (new, revised, unchanged, stale), as staging tuples."""
        prefix = self.format
        keys = [event.source_id for _, event in rows]
        with self.unit() as session:
            by_key = self.existing_by_key(session, keys)
            by_id = self.existing_by_id(session, [*keys, *(incident_id(prefix, k) for k in keys)])
            earlier = self.staged_lines(session, job_id, keys)
        version_column = VERSION_COLUMNS.get(self.format)
        version_index = self.header_index(version_column) if version_column else -1
        staged: list[tuple[Any, ...]] = []
        figures: list[tuple[Any, ...]] = []
        seen: dict[str, int] = {}
        dumps = json.dumps
        as_date: Callable[[dt.date], Any] = (lambda day: day) if self.postgres else dt.date.isoformat
        for record, event in rows:
            key = event.source_id
            version = record.cells[version_index].strip() or None if version_index >= 0 else None
            digest = content_sha256(event)
            target: str
            existing = by_key.get(key)
            if existing is None and key in by_id and by_id[key].conflict_id == self.conflict.id:
                target, action = key, "unchanged"  # Truceline's own id: an export of ours coming back
            else:
                target = existing.id if existing is not None else incident_id(prefix, key)
                existing = existing or by_id.get(target)
                if existing is None:
                    action = "new"
                elif existing.conflict_id != self.conflict.id:
                    reason = f"incident {target} belongs to another conflict"
                    self.reject(record.line, KEY_COLUMNS[prefix], reason, record.text)
                    continue
                elif existing.content_sha256 in (None, digest):
                    action = "unchanged"
                elif _older(version, existing.external_version):
                    action = "stale"
                else:
                    action = "revised"
            if key in earlier or target in seen:
                reason = f"event {key!r} appears already on line {earlier.get(key) or seen.get(target)}"
                self.reject(record.line, KEY_COLUMNS[prefix], reason, record.text)
                continue
            seen[target] = record.line
            incident = event.incident
            lat, lon, place_id = incident.lat, incident.lon, self.places.get((incident.place_name or "").casefold())
            start, end = event.span
            # as the store takes them: actors and spans as JSON text, dates as ISO text on SQLite
            staged.append(
                (
                    job_id,
                    record.line,
                    number,
                    key,
                    target,
                    action,
                    digest,
                    version,
                    incident.kind.value,
                    incident.modality.value,
                    as_date(incident.date_start),
                    as_date(incident.date_end),
                    incident.date_precision.value,
                    place_id,
                    incident.place_name,
                    lat,
                    lon,
                    incident.location_precision.value,
                    incident.side,
                    dumps(list(incident.actors), ensure_ascii=False),
                    incident.description,
                    f"[[{int(start)}, {int(end)}]]",
                )
            )
            for position, figure in enumerate(incident.casualties):
                figures.append(
                    (
                        job_id,
                        record.line,
                        position,
                        figure.category.value,
                        figure.side,
                        figure.population.value,
                        figure.low,
                        figure.best,
                        figure.high,
                    )
                )
        return staged, figures

    _header_positions: dict[str, int] | None = None
    header_text = ""

    def header_index(self, column: str) -> int:
        return (self._header_positions or {}).get(column, -1)

    def existing_by_key(self, session: Session, keys: list[str]) -> dict[str, _Existing]:
        query = (
            f"SELECT {_EXISTING_SQL} FROM incidents WHERE conflict_id = :conflict AND dataset = :dataset "
            f"AND external_id {self.any_of('keys')}"
        )
        params = {"conflict": self.conflict.id, "dataset": self.format, "keys": self.key_list(keys)}
        return {row[3]: _Existing(*row) for row in session.execute(text(query), params)}

    def existing_by_id(self, session: Session, ids: list[str]) -> dict[str, _Existing]:
        query = f"SELECT {_EXISTING_SQL} FROM incidents WHERE id {self.any_of('keys')}"
        return {row[0]: _Existing(*row) for row in session.execute(text(query), {"keys": self.key_list(ids)})}

    def staged_lines(self, session: Session, job_id: int, keys: list[str]) -> dict[str, int]:
        """Keys staged by an earlier batch of this run, with their lines."""
        query = (
            f"SELECT external_id, line FROM import_staging WHERE job_id = :job AND external_id {self.any_of('keys')}"
        )
        return {key: line for key, line in session.execute(text(query), {"job": job_id, "keys": self.key_list(keys)})}

    def any_of(self, name: str) -> str:
        """``= ANY(array)`` on PostgreSQL, ``IN (json_each)`` on SQLite: one parameter for any number of keys."""
        return f"= ANY(:{name})" if self.postgres else f"IN (SELECT value FROM json_each(:{name}))"

    def key_list(self, keys: list[str]) -> Any:
        unique = list(dict.fromkeys(keys))
        return unique if self.postgres else json.dumps(unique)

    def write_staging(
        self, session: Session, job_id: int, staged: list[tuple[Any, ...]], figures: list[tuple[Any, ...]]
    ) -> None:
        """The fastest path each store has: COPY on PostgreSQL, one executemany on SQLite (the rows
        as :meth:`classify` made them for the store)."""
        rows = staged
        connection = session.connection()
        if self.postgres:
            raw = connection.connection.driver_connection
            assert raw is not None
            with raw.cursor() as cursor:
                with cursor.copy(f"COPY import_staging ({', '.join(STAGING_COLUMNS)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                if figures:
                    with cursor.copy(f"COPY import_staging_figures ({', '.join(FIGURE_COLUMNS)}) FROM STDIN") as copy:
                        for figure in figures:
                            copy.write_row(figure)
            return
        marks = ", ".join("?" * len(STAGING_COLUMNS))
        connection.exec_driver_sql(f"INSERT INTO import_staging ({', '.join(STAGING_COLUMNS)}) VALUES ({marks})", rows)
        if figures:
            marks = ", ".join("?" * len(FIGURE_COLUMNS))
            connection.exec_driver_sql(
                f"INSERT INTO import_staging_figures ({', '.join(FIGURE_COLUMNS)}) VALUES ({marks})", figures
            )

    def discard(self, job_id: int, *, keep_job: bool) -> None:
        """Staging is emptied once moved (the batches' text is in their source documents now); a
        rejected file leaves nothing behind, its run included."""
        with self.unit() as session:
            _clear_staging(session, job_id)
            if keep_job:
                session.execute(update(ImportBatch).where(ImportBatch.job_id == job_id).values(content=""))
            else:
                session.execute(delete(ImportBatch).where(ImportBatch.job_id == job_id))
                session.execute(delete(ImportJob).where(ImportJob.id == job_id))

    # -- the move -----------------------------------------------------------------------------

    def move(self, job_id: int) -> None:
        """Staging into the record, in one transaction; one ledger entry per batch; the run complete."""
        with self.unit() as session:
            self.renew(session, job_id)
            connection = session.connection()
            now = utcnow()
            params = {"job": job_id, "conflict": self.conflict.id, "actor": self.actor, "dataset": self.format}
            # the batches' text: one source document each (the same text stored once)
            session.execute(
                text(
                    "INSERT INTO source_documents (conflict_id, sha256, kind, publisher, title, language, "
                    "retrieved_at, content, content_type, has_full_text, submitted_by, published) "
                    "SELECT CAST(:conflict AS VARCHAR), b.sha256, :kind, :publisher, "
                    "CAST(:title_prefix AS VARCHAR) || ' lines ' || CAST(b.first_line AS VARCHAR) || '–' || "
                    "CAST(b.last_line AS VARCHAR), 'en', :now, b.content, "
                    "'text/csv', :true, :actor, :true FROM import_batches b WHERE b.job_id = :job "
                    "AND EXISTS (SELECT 1 FROM import_staging s WHERE s.job_id = b.job_id AND s.batch = b.number "
                    "AND s.action IN ('new', 'revised')) AND NOT EXISTS (SELECT 1 FROM source_documents d "
                    "WHERE d.conflict_id = :conflict AND d.sha256 = b.sha256)"
                ).bindparams(bindparam("now", type_=UTCDateTime())),
                params
                | {
                    "kind": SourceKind.EVENT_DATA.value,
                    "publisher": PUBLISHERS[self.format],
                    "title_prefix": f"{self.format.upper()} export {self.path.name},",
                    "now": now,
                    "true": True,
                },
            )
            revised = self.previous_versions(session, job_id)
            # each new incident's row, column by column: inserted, then counted into the dashboard's
            # summaries from the same staged rows (no look-up of each incident by its id)
            inserted = _new_incident_columns()
            new_rows = "FROM import_staging s WHERE s.job_id = :job AND s.action = 'new'"
            new_ids = f"SELECT s.incident_id {new_rows}"
            counted = ", ".join(f"{inserted[c]} AS {c}" for c in COUNTED_COLUMNS)
            with counted_after_insert(
                session, f"import job {job_id}", new_ids, params | {"true": True, "false": False},
                rows=f"SELECT {counted} {new_rows}",
            ):  # fmt: skip
                connection.execute(
                    text(
                        f"INSERT INTO incidents ({', '.join(inserted)}) SELECT {', '.join(inserted.values())} "
                        f"{new_rows} ORDER BY s.line"
                    ).bindparams(bindparam("now", type_=UTCDateTime()), bindparam("empty", type_=JSON())),
                    params | {"now": now, "true": True, "false": False, "empty": []},
                )
            if revised:
                self.write_versions(session, job_id)
            connection.execute(
                text(
                    "INSERT INTO casualty_figures (incident_id, category, side, population, low, best, high) "
                    "SELECT s.incident_id, f.category, f.side, f.population, f.low, f.best, f.high "
                    "FROM import_staging_figures f JOIN import_staging s ON s.job_id = f.job_id AND s.line = f.line "
                    "WHERE f.job_id = :job AND s.action IN ('new', 'revised') ORDER BY f.line, f.position"
                ),
                params,
            )
            connection.execute(
                text(
                    "INSERT INTO citations (subject_type, subject_id, source_id, spans) "
                    "SELECT 'incident', s.incident_id, d.id, s.spans FROM import_staging s "
                    "JOIN import_batches b ON b.job_id = s.job_id AND b.number = s.batch "
                    "JOIN source_documents d ON d.conflict_id = :conflict AND d.sha256 = b.sha256 "
                    "WHERE s.job_id = :job AND s.action IN ('new', 'revised') ORDER BY s.line"
                ),
                params,
            )
            self.log_batches(session, job_id, revised)
            counts: dict[str, int] = dict(
                session.execute(
                    text("SELECT action, count(*) FROM import_staging WHERE job_id = :job GROUP BY action"), params
                ).all()
            )
            job = session.get(ImportJob, job_id)
            assert job is not None
            job.created = counts.get("new", 0)
            job.revised = counts.get("revised", 0)
            job.unchanged = counts.get("unchanged", 0) + counts.get("stale", 0)
            job.status = "complete"
            job.completed_at = now
            self.fill_report(session, job)
            append(
                session,
                actor=self.actor,
                action="source:import:add",
                subject_type="import_job",
                subject_id=str(job.id),
                payload={
                    "format": self.format,
                    "file_sha256": job.file_sha256,
                    "file_name": job.file_name,
                    "rows": job.rows,
                    "created": job.created,
                    "revised": job.revised,
                    "unchanged": job.unchanged,
                    "rejected": job.rejected,
                    "batches": self.report.batches,
                },
            )

    def previous_versions(self, session: Session, job_id: int) -> dict[str, dict[str, Any]]:
        """The content of each incident a revised row replaces, as it is before the move."""
        ids = list(
            session.scalars(
                select(StagedEvent.incident_id).where(StagedEvent.job_id == job_id, StagedEvent.action == "revised")
            )
        )
        previous: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(ids):
            for incident in session.scalars(select(Incident).where(Incident.id.in_(chunk))):
                previous[incident.id] = {
                    "content": {c: getattr(incident, c) for c in INCIDENT_COLUMNS}
                    | {
                        "casualties": [
                            [f.category, f.side, f.population, f.low, f.best, f.high] for f in incident.casualties
                        ]
                    },
                    "content_sha256": incident.content_sha256,
                    "external_version": incident.external_version,
                }
        return previous

    def write_versions(self, session: Session, job_id: int) -> None:
        """Revised rows: each incident takes the new content (its previous one is in the ledger)."""
        staged = session.scalars(
            select(StagedEvent).where(StagedEvent.job_id == job_id, StagedEvent.action == "revised")
        ).all()
        for row in staged:
            session.execute(delete(CasualtyFigure).where(CasualtyFigure.incident_id == row.incident_id))
            session.execute(
                update(Incident)
                .where(Incident.id == row.incident_id)
                .values(
                    {c: getattr(row, c) for c in INCIDENT_COLUMNS}
                    | {
                        "dataset": self.format,
                        "external_id": row.external_id,
                        "external_version": row.external_version,
                        "content_sha256": row.content_sha256,
                    }
                )
            )
        session.expire_all()

    def log_batches(self, session: Session, job_id: int, revised: dict[str, dict[str, Any]]) -> None:
        """One signed ledger entry per batch: the Merkle root of its rows (line, incident, action,
        content hash) and its source document; revised incidents' previous content beside it."""
        batches = session.execute(
            select(ImportBatch.number, ImportBatch.sha256, ImportBatch.first_line, ImportBatch.last_line)
            .where(ImportBatch.job_id == job_id)
            .order_by(ImportBatch.number)
        ).all()
        for number, sha256, first, last in batches:
            result = session.execute(
                select(
                    StagedEvent.line,
                    StagedEvent.incident_id,
                    StagedEvent.action,
                    StagedEvent.content_sha256,
                    StagedEvent.external_version,
                )
                # the batch's lines: a range of the staging table's key (job, line), not a scan of the job
                .where(StagedEvent.job_id == job_id, StagedEvent.line.between(first, last), StagedEvent.batch == number)
                .order_by(StagedEvent.line)
            ).all()
            rows: list[dict[str, Any]] = [{"document_sha256": sha256, "lines": [first, last]}]
            rows += [
                {"line": line, "incident": incident, "action": action, "sha256": digest}
                for line, incident, action, digest, _ in result
            ]
            versions = [
                {"incident": incident, "version": version, "sha256": digest, "previous": revised[incident]}
                for _, incident, action, digest, version in result
                if action == "revised" and incident in revised
            ]
            counts = {a: sum(1 for r in result if r[2] == a) for a in ("new", "revised", "unchanged", "stale")}
            documents = self.source_versions(session, sha256) + self.incident_versions(
                session, job_id, (first, last), result
            )
            entry = append_batch(
                session,
                actor=self.actor,
                action="source:import:batch",
                subject_type="import_job",
                subject_id=str(job_id),
                rows=rows,
                details={"import": {"batch": number, "lines": [first, last], "document_sha256": sha256, **counts}}
                | ({"revised": versions} if versions else {})
                | ({PAYLOAD_KEY: ledger_documents(documents)} if documents else {}),
            )
            insert_batch_versions(session, documents, entry, self.actor)
            self.report.batches += 1

    def source_versions(self, session: Session, sha256: str) -> list[dict[str, Any]]:
        """A first version of the batch's source document, when this import stored it."""
        document = session.scalars(
            select(SourceDocument).where(
                SourceDocument.conflict_id == self.conflict.id, SourceDocument.sha256 == sha256
            )
        ).first()
        if document is None or latest_version(session, "source", str(document.id)) is not None:
            return []
        reason = f"{self.format.upper()} import {self.path.name}"
        return batch_versions(session, "source", [document], {str(document.id): "created"}, reason)

    def incident_versions(
        self, session: Session, job_id: int, lines: tuple[int, int], result: Sequence[Any]
    ) -> list[dict[str, Any]]:
        """A new version of each incident the batch created or revised, so that ``ledger verify``
        checks their rows: its hash goes in the batch's signed entry, its content in ``record_versions``.
        The contents are read set-based (two queries a batch), as ``record_content`` reads a row."""
        change_of = {
            incident: "created" if action == "new" else "revised"
            for _, incident, action, _, _ in result
            if action in ("new", "revised")
        }
        if not change_of:
            return []
        found = incident_contents(session, job_id, lines)
        contents = {incident: found[incident] for incident in change_of if incident in found}
        conflicts = {incident: str(content["conflict_id"]) for incident, content in contents.items()}
        reason = f"{self.format.upper()} import {self.path.name}"
        latest = latest_incident_versions(session, job_id, lines)
        return batch_versions_of(session, "incident", contents, conflicts, change_of, reason, latest)

    def fill_report(self, session: Session, job: ImportJob) -> None:
        report = self.report
        report.rows = job.rows
        report.created = job.created
        # counted in the store, and at most REPORT_LIST_LIMIT ids read per action: a million-row
        # import never holds a million ids in memory
        counted = dict(
            session.execute(
                select(StagedEvent.action, func.count())
                .where(StagedEvent.job_id == job.id)
                .group_by(StagedEvent.action)
            ).all()
        )
        by_action: dict[str, list[str]] = {}
        for action in ("new", "revised", "unchanged", "stale"):
            if counted.get(action):
                report.counts[action] = int(counted[action])
            by_action[action] = (
                list(
                    session.scalars(
                        select(StagedEvent.incident_id)
                        .where(StagedEvent.job_id == job.id, StagedEvent.action == action)
                        .order_by(StagedEvent.line)
                        .limit(REPORT_LIST_LIMIT)
                    )
                )
                if counted.get(action)
                else []
            )
        report.incidents, report.revised = by_action["new"], by_action["revised"]
        report.skipped, report.stale = by_action["unchanged"], by_action["stale"]
        documents = session.execute(
            text(
                "SELECT d.id, d.sha256 FROM source_documents d JOIN import_batches b ON b.sha256 = d.sha256 "
                "WHERE b.job_id = :job AND d.conflict_id = :conflict ORDER BY b.number"
            ),
            {"job": job.id, "conflict": job.conflict_id},
        ).all()
        report.documents = len(documents)
        if documents:
            report.document_id, report.document_sha256 = documents[0]


#: the columns of a new incident the dashboard's summaries count (``summary_statements``' rows)
COUNTED_COLUMNS = (
    "id", "conflict_id", "date_start", "date_end", "kind", "published", "retracted", "superseded_by",
    "submitted_for_party", "lat", "lon", "actors",
)  # fmt: skip


def _new_incident_columns() -> dict[str, str]:
    """What the move writes in each column of a new incident: an expression of its staged row
    ``s`` or a parameter of the move."""
    return {
        "id": "s.incident_id",
        "conflict_id": "CAST(:conflict AS VARCHAR(120))",
        **{column: f"s.{column}" for column in INCIDENT_COLUMNS},
        "weapons": ":empty",
        "published": ":true",
        "retracted": ":false",
        "superseded_by": "CAST(NULL AS VARCHAR(120))",
        "submitted_for_party": "CAST(NULL AS VARCHAR(16))",
        "created_at": ":now",
        "dataset": ":dataset",
        "external_id": "s.external_id",
        "external_version": "s.external_version",
        "content_sha256": "s.content_sha256",
    }


#: what a staged row cites until the move gives its batch a document
BATCH_SOURCE = "urn:sha256:" + "0" * 64

_EXISTING_SQL = "id, conflict_id, dataset, external_id, content_sha256, external_version"


def _older(version: str | None, held: str | None) -> bool:
    """Is the row's version older than the one held? (ACLED timestamps are Unix seconds.)"""
    if not version or not held:
        return False
    try:
        return float(version) < float(held)
    except ValueError:
        return version < held


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _KEYS_PER_QUERY):
        yield values[start : start + _KEYS_PER_QUERY]


def _clear_staging(session: Session, job_id: int) -> None:
    session.execute(text("DELETE FROM import_staging_figures WHERE job_id = :job"), {"job": job_id})
    session.execute(text("DELETE FROM import_staging WHERE job_id = :job"), {"job": job_id})


def incident_contents(session: Session, job_id: int, lines: tuple[int, int]) -> dict[str, dict[str, Any]]:
    """The version content of each incident an import's rows on ``lines`` (first, last) created or revised
    (``record_content`` of its row: the incident kind's fields and its casualty figures in their
    order), read in two queries joined to the batch's staged rows instead of loading each row and
    its figures as objects.

    The values are the driver's own, not made plain one by one: a content is only ever written as
    canonical JSON (:func:`~truceline.ledger.services.canonical_json`), which sorts keys and
    writes dates as ISO text, so what it needs is the values' JSON — on SQLite, booleans are read
    back as 0/1 and JSON columns as text, and those two are turned back into what they hold."""
    fields = kind_named("incident").fields
    table, figures = Incident.__table__, CasualtyFigure.__table__
    sqlite = session.get_bind().dialect.name == "sqlite"
    fixes: list[tuple[int, Callable[[Any], Any]]] = []
    if sqlite:
        # the same lists of actors (and of weapons) come back again and again: each text is read
        # once per batch (the contents are only encoded, never changed, so they may share it)
        read: dict[str, Any] = {}

        def loads(text_: str) -> Any:
            value = read.get(text_)
            if value is None:
                value = read[text_] = json.loads(text_)
            return value

        for index, name in enumerate(fields):
            column_type = table.c[name].type
            if isinstance(column_type, Boolean):
                fixes.append((index, bool))
            elif isinstance(column_type, JSON):
                fixes.append((index, loads))
    staged = StagedEvent.__table__
    of_batch = _changed_on(job_id, lines)
    connection = session.connection()
    casualties: dict[str, list[dict[str, Any]]] = {}
    query = (
        select(figures.c.incident_id, *(figures.c[f] for f in CASUALTY_FIELDS))
        .join(staged, staged.c.incident_id == figures.c.incident_id)
        .where(of_batch)
        .order_by(figures.c.id)
    )
    for incident, *values in _raw_rows(connection, query):
        casualties.setdefault(incident, []).append(dict(zip(CASUALTY_FIELDS, values, strict=True)))
    contents: dict[str, dict[str, Any]] = {}
    query = select(*(table.c[f] for f in fields)).join(staged, staged.c.incident_id == table.c.id).where(of_batch)
    for row in _raw_rows(connection, query):
        values = list(row)
        for index, fix in fixes:
            if values[index] is not None:
                values[index] = fix(values[index])
        content = dict(zip(fields, values, strict=True))
        content["casualties"] = casualties.get(values[0], [])
        contents[values[0]] = content
    return contents


def _raw_rows(connection: Connection, query: Select[Any]) -> list[Sequence[Any]]:
    """The rows of ``query`` as the driver gives them, fetched at once by the driver's own cursor,
    without the columns' result processing (its parameters, numbers and fixed words here, written
    into the statement, so that it takes none)."""
    statement = query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(statement))
        return list(cursor.fetchall())
    finally:
        cursor.close()


def latest_incident_versions(session: Session, job_id: int, lines: tuple[int, int]) -> dict[str, int]:
    """The latest version number of each incident an import's rows on ``lines`` created or
    revised and that has versions already: the batch's staged rows, each with one look-up in the
    versions' index (a list of ids per query made PostgreSQL read every incident version per list
    while its statistics lagged behind a fresh import; a join let SQLite do the same)."""
    staged, versions = StagedEvent.__table__, RecordVersion.__table__
    latest = (
        select(func.max(versions.c.version))
        .where(versions.c.kind == "incident", versions.c.record_id == staged.c.incident_id)
        .scalar_subquery()
    )
    query = select(staged.c.incident_id, latest).where(_changed_on(job_id, lines))
    return {record_id: int(version) for record_id, version in session.execute(query) if version is not None}


def _changed_on(job_id: int, lines: tuple[int, int]) -> ColumnElement[bool]:
    """The staged rows of an import's ``lines`` (first, last) that create or revise an incident:
    a range of the staging table's key (job, line)."""
    staged = StagedEvent.__table__
    return (staged.c.job_id == job_id) & staged.c.line.between(*lines) & staged.c.action.in_(("new", "revised"))


def _gazetteer(session: Session, conflict_id: str) -> dict[str, str]:
    """Place names and alternate names (case-folded) -> gazetteer ids."""
    names: dict[str, str] = {}
    for place in session.scalars(select(Place).where(Place.conflict_id == conflict_id).order_by(Place.id)):
        for name in [place.name, *(place.alt_names or [])]:
            names.setdefault(name.casefold(), place.id)
    return names


def _import(
    unit: Unit,
    path: Path,
    *,
    format: EventFormat,
    actor: str,
    conflict_id: str | None,
    progress: Progress | None,
    data: bytes | None,
    rejects: Path | None,
    batch_size: int,
) -> ImportReport:
    if data is not None:
        import io

        size, digest = len(data), hashlib.sha256(data).hexdigest()

        def opener() -> IO[bytes]:
            return io.BytesIO(data)
    else:
        size, digest = path.stat().st_size, file_sha256(path)

        def opener() -> IO[bytes]:
            return path.open("rb")

    run = _Run(
        unit,
        path=path,
        handle_factory=opener,
        size=size,
        sha256=digest,
        format=format,
        actor=actor,
        conflict_id=conflict_id,
        batch_size=batch_size,
        keep_rejects=rejects is not None,
        progress=progress,
    )
    sink = rejects.open("a", encoding="utf-8", newline="") if rejects is not None else nullcontext(None)
    with sink as out:
        if out is not None:
            if out.tell() == 0:
                csv.writer(out, lineterminator="\n").writerow(["line", "column", "reason", "row"])
            run.rejects_sink = csv.writer(out, lineterminator="\n")
        return run.run()


def import_event_file(
    session: Session,
    path: Path | str,
    *,
    format: EventFormat,
    actor: str,
    conflict_id: str | None = None,
    progress: Progress | None = None,
    data: bytes | None = None,
    rejects: Path | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> ImportReport:
    """Import an ACLED or UCDP GED CSV file into a conflict (by default the store's only one), all
    of it in the caller's transaction (the caller commits). For large files use
    :func:`import_event_file_in_batches`, which commits batch by batch into staging.

    Raises ``InvalidInput`` (``EventDataError``, listing each bad row and column) before
    writing anything if any row is malformed, unless ``rejects`` names a file for them.
    """

    @contextmanager
    def unit() -> Iterator[Session]:
        yield session  # one transaction: the caller's

    return _import(
        unit,
        Path(path),
        format=format,
        actor=actor,
        conflict_id=conflict_id,
        progress=progress,
        data=data,
        rejects=rejects,
        batch_size=batch_size,
    )


def import_event_file_in_batches(
    engine: Engine,
    path: Path | str,
    *,
    format: EventFormat,
    actor: str,
    conflict_id: str | None = None,
    progress: Progress | None = None,
    rejects: Path | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> ImportReport:
    """Import a file of any size: each batch is staged in its own short transaction, then all of
    them are moved into the record in one (see the module's description). A run that was killed
    goes on from its last staged batch when the same file is imported again."""
    return _import(
        lambda: write_transaction(engine),
        Path(path),
        format=format,
        actor=actor,
        conflict_id=conflict_id,
        progress=progress,
        data=None,
        rejects=rejects,
        batch_size=batch_size,
    )
