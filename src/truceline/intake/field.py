"""Field reports: a monitor's structured account of one incident, sent from the field form.

A monitor at a border post fills in the field form (``/field/``) with or without a connection:
the device keeps each report, with its photos and their SHA-256 computed on the device, until a
connection returns, then sends it with the **key** it chose when the report was saved. Here a
report becomes, in one transaction,

- a **source document** (kind ``field_report``, unpublished): the report written out as text,
  one line a field, photos named by their hashes — so it is kept whole and hashed like any source;
- one **evidence** record per photo (restricted to observers), its chain of custody opened with
  the device's time and the monitor as holder; a photo whose bytes no longer match the hash the
  device computed is refused;
- one **incident candidate** in the review queue, built from the fields (never a record: a
  reviewer accepts, edits or rejects it, as for any ingested report).

Sending is **exactly once**: the key identifies the report. The same key with the same content
again (a retry after a lost answer) returns what the first call stored and writes nothing; the
same key with other content is refused (409), as an idempotency key must be.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.conflicts.services import conflict_definition
from truceline.errors import Conflict, InvalidInput
from truceline.extraction.candidates import Candidate, Figure
from truceline.incidents.models import Evidence
from truceline.incidents.services import add_evidence
from truceline.intake.ingest import queue_candidates
from truceline.places.models import Place
from truceline.sources.models import ReviewCandidate, SourceDocument
from truceline.sources.services import add_source_document
from truceline.vocabulary import DatePrecision, IncidentKind, LocationPrecision, SourceKind

#: a key the device chose: a UUID, or any 8–64 letters, digits, dots, dashes and underscores
KEY_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
MAX_PHOTOS = 6
MAX_NOTE_CHARS = 4000
#: a GPS fix better than this is the place itself; a coarser one is "near" it
EXACT_WITHIN_METRES = 1000.0
#: where a report's latitude and longitude may come from (``FieldReport.position_from``)
POSITION_SOURCES = ("device", "map")


@dataclass(frozen=True)
class Photo:
    """A photo taken with the report, with the SHA-256 the device computed when it was kept."""

    file_name: str
    media_type: str
    content: bytes
    sha256_on_device: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class FieldReport:
    """What a monitor reports from the field. ``occurred_at`` without a time zone is the
    conflict's local time (the monitor's clock at the border)."""

    key: str
    occurred_at: dt.datetime
    kind: str
    place_id: str | None = None
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    accuracy_m: float | None = None
    #: where ``lat``/``lon`` come from: the device's position, or a point the monitor picked on the map
    position_from: str = "device"
    party: str | None = None
    killed: int | None = None
    injured: int | None = None
    note: str = ""
    photos: tuple[Photo, ...] = ()
    saved_at: dt.datetime | None = None  # when the device kept it (it may be sent much later)


@dataclass
class FieldReportResult:
    key: str
    created: bool
    document_id: int
    sha256: str
    review_id: int | None
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "created": self.created,
            "document_id": self.document_id,
            "sha256": self.sha256,
            "review_id": self.review_id,
            "evidence": self.evidence,
        }


def field_report_title(key: str) -> str:
    return f"Field report {key}"


def _local(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def _check(report: FieldReport, *, parties: set[str], now: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """The report's local time, once every field is found sound; else InvalidInput naming each fault."""
    problems: list[str] = []
    if not KEY_PATTERN.match(report.key):
        problems.append("key: 8 to 64 letters, digits, '.', '-' or '_' (the device's report id)")
    if report.kind not in {k.value for k in IncidentKind}:
        problems.append(f"kind: {report.kind!r} is not a kind of incident")
    occurred = _local(report.occurred_at, zone)
    if occurred > now + dt.timedelta(hours=1):
        problems.append(f"occurred_at: {occurred:%Y-%m-%d %H:%M} is in the future")
    if occurred.year < 1990:
        problems.append(f"occurred_at: {occurred:%Y-%m-%d} is before 1990")
    if (report.lat is None) != (report.lon is None):
        problems.append("position: give both latitude and longitude, or neither")
    if report.lat is not None and not -90 <= report.lat <= 90:
        problems.append(f"lat: {report.lat} is not between -90 and 90")
    if report.lon is not None and not -180 <= report.lon <= 180:
        problems.append(f"lon: {report.lon} is not between -180 and 180")
    if report.position_from not in POSITION_SOURCES:
        problems.append(f"position_from: {report.position_from!r} is not one of {', '.join(POSITION_SOURCES)}")
    if report.accuracy_m is not None and report.accuracy_m < 0:
        problems.append("accuracy_m: cannot be negative")
    if report.place_id is None and not report.place_name and report.lat is None:
        problems.append("place: pick a place, name one, or give the device's position")
    if report.party is not None and report.party not in parties:
        problems.append(f"party: {report.party!r} is not a party of this conflict ({', '.join(sorted(parties))})")
    for name, value in (("killed", report.killed), ("injured", report.injured)):
        if value is not None and not 0 <= value <= 100_000:
            problems.append(f"{name}: {value} is not a count between 0 and 100000")
    if len(report.note) > MAX_NOTE_CHARS:
        problems.append(f"note: {len(report.note)} characters; at most {MAX_NOTE_CHARS}")
    if len(report.photos) > MAX_PHOTOS:
        problems.append(f"photos: {len(report.photos)}; at most {MAX_PHOTOS}")
    for photo in report.photos:
        if not photo.content:
            problems.append(f"photo {photo.file_name!r} is empty")
        elif photo.sha256_on_device is not None and photo.sha256_on_device.lower() != photo.sha256:
            problems.append(
                f"photo {photo.file_name!r} changed on its way: the device hashed it as "
                f"{photo.sha256_on_device}, it arrived as {photo.sha256}"
            )
    if problems:
        raise InvalidInput("the field report cannot be taken: " + "; ".join(problems))
    return occurred


def field_report_text(report: FieldReport, occurred: dt.datetime, place: Place | None) -> str:
    """The report as the source document keeps it: one line a field, in a fixed order."""

    def count(value: int | None) -> str:
        return "not reported" if value is None else str(value)

    where = [place.name if place is not None else (report.place_name or "")]
    if report.lat is not None and report.lon is not None:
        accuracy = f" ±{report.accuracy_m:.0f} m" if report.accuracy_m is not None else ""
        picked = " (picked on the map)" if report.position_from == "map" else ""
        where.append(f"position {report.lat:.6f}, {report.lon:.6f}{accuracy}{picked}")
    lines = [
        field_report_title(report.key),
        f"Occurred: {occurred.isoformat(timespec='minutes')}",
        f"Place: {'; '.join(w for w in where if w)}",
        f"Kind: {report.kind}",
        f"Party responsible: {report.party or 'not reported'}",
        f"Killed: {count(report.killed)}",
        f"Injured: {count(report.injured)}",
    ]
    if report.saved_at is not None:
        lines.append(f"Kept on the device: {report.saved_at.isoformat(timespec='seconds')}")
    lines += [f"Photo: {p.file_name} sha256 {p.sha256}" for p in report.photos]
    lines += ["", report.note.strip()] if report.note.strip() else []
    return "\n".join(lines) + "\n"


def _candidate(report: FieldReport, text: str, occurred: dt.datetime, place: Place | None) -> Candidate:
    note_at = text.find(report.note.strip()) if report.note.strip() else -1
    spans = ((0, len(text.rstrip("\n"))),) if note_at < 0 else ((0, note_at - 1), (note_at, len(text.rstrip("\n"))))
    if place is not None:
        lat, lon, precision = place.lat, place.lon, place.location_precision
    elif report.lat is not None and report.lon is not None:
        # a point picked on the map is the point the monitor means; the device's, as exact as its fix
        exact = report.position_from == "map" or (
            report.accuracy_m is not None and report.accuracy_m <= EXACT_WITHIN_METRES
        )
        lat, lon = report.lat, report.lon
        precision = (LocationPrecision.EXACT if exact else LocationPrecision.NEAR).value
    else:  # a place named but not in the gazetteer: kept as text, not located
        lat, lon, precision = None, None, LocationPrecision.UNKNOWN.value
    return Candidate(
        id="field-1",
        type="incident",
        kind=report.kind,
        text=report.note.strip() or text.splitlines()[0],
        spans=spans,
        rule="field_report",
        date_start=occurred.date(),
        date_end=occurred.date(),
        date_precision=DatePrecision.DAY.value,
        place=place.id if place is not None else None,
        place_name=place.name if place is not None else report.place_name,
        lat=lat,
        lon=lon,
        location_precision=precision,
        parties=(report.party,) if report.party else (),
        killed=Figure(report.killed, report.killed, report.killed) if report.killed is not None else None,
        injured=Figure(report.injured, report.injured, report.injured) if report.injured is not None else None,
        evidence=(
            "field report: every field as the monitor gave it",
            "place: " + _where_from(report, place),
        ),
    )


def _where_from(report: FieldReport, place: Place | None) -> str:
    if place is not None:
        return "the gazetteer"
    if report.lat is None:
        return "as named"
    return "the point picked on the map" if report.position_from == "map" else "the device's position"


def submit_field_report(
    session: Session,
    report: FieldReport,
    *,
    conflict_id: str,
    actor: str,
    evidence_dir: Path,
    submitted_for_party: str | None = None,
    now: dt.datetime | None = None,
) -> FieldReportResult:
    """Store a field report and queue its incident candidate for review, exactly once per key."""
    conflict = conflict_definition(session, conflict_id)
    now = now or dt.datetime.now(dt.UTC)
    occurred = _check(report, parties={p.code for p in conflict.parties}, now=now, zone=conflict.zone)
    place = None
    if report.place_id is not None:
        place = session.get(Place, report.place_id)
        if place is None or place.conflict_id != conflict_id:
            raise InvalidInput(f"place: no place {report.place_id!r} in the gazetteer of {conflict_id}")
    text = field_report_text(report, occurred, place)
    title = field_report_title(report.key)
    earlier = session.scalars(
        select(SourceDocument).where(
            SourceDocument.conflict_id == conflict_id,
            SourceDocument.kind == SourceKind.FIELD_REPORT.value,
            SourceDocument.title == title,
        )
    ).first()
    if earlier is not None:
        if earlier.content != text:
            raise Conflict(
                f"a different field report was sent already with the key {report.key}: a key names one report"
            )
        return _result(session, earlier, report, created=False)
    document, created = add_source_document(
        session,
        conflict_id=conflict_id,
        content=text,
        kind=SourceKind.FIELD_REPORT.value,
        actor=actor,
        title=title,
        publisher=actor,
        published_on=occurred.date(),
        submitted_for_party=submitted_for_party,
        published=False,
    )
    if not created:  # the same text under another title cannot be: the key is in the text
        return _result(session, document, report, created=False)
    for photo in report.photos:
        if session.scalars(select(Evidence.id).where(Evidence.sha256 == photo.sha256)).first() is not None:
            continue  # the same photo sent with another report: stored once
        add_evidence(
            session,
            conflict_id=conflict_id,
            content=photo.content,
            file_name=photo.file_name,
            media_type=photo.media_type,
            store_dir=evidence_dir,
            actor=actor,
            holder=actor,
            description=f"photo of field report {report.key}",
            restricted=True,
            collected_at=_local(report.saved_at, conflict.zone) if report.saved_at is not None else occurred,
        )
    candidate = _candidate(report, text, occurred, place).to_dict()
    candidate["photos"] = [{"sha256": p.sha256, "file_name": p.file_name} for p in report.photos]
    queue_candidates(session, document, [candidate], actor=actor, note={"field_report": report.key})
    return _result(session, document, report, created=True)


def _result(session: Session, document: SourceDocument, report: FieldReport, *, created: bool) -> FieldReportResult:
    review_id = session.scalars(
        select(ReviewCandidate.id).where(ReviewCandidate.source_id == document.id).order_by(ReviewCandidate.id)
    ).first()
    hashes = [p.sha256 for p in report.photos]
    stored = {e.sha256: e.id for e in session.scalars(select(Evidence).where(Evidence.sha256.in_(hashes)))}
    return FieldReportResult(
        key=report.key,
        created=created,
        document_id=document.id,
        sha256=document.sha256,
        review_id=review_id,
        evidence=[{"id": stored.get(h), "sha256": h} for h in hashes],
    )
