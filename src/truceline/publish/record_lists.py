"""The lists of sources, claims and findings people work with: one filter (the incident list's
query parameters: ``from``, ``to``, ``kind``, ``party``, ``place``, ``status``, ``q``, ``sort``),
read through the one visibility rule, as rows a page, a CSV and a GeoJSON file all share."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from truceline.domain.wording import code_text
from truceline.incidents.filters import DATE_SORTS, ListQuery
from truceline.incidents.models import Claim, Incident
from truceline.places.models import Place
from truceline.publish.exports import csv_text
from truceline.sources.models import SourceDocument
from truceline.sources.queries import visible_sources
from truceline.verification.models import Finding
from truceline.visibility import Visibility
from truceline.vocabulary import ClaimAssertion, FindingResult, FindingState, SourceKind

COLUMNS = ["id", "date", "kind", "party", "place", "status", "text", "incident_id", "url", "lat", "lon"]


@dataclass(frozen=True)
class ListFilter:
    """What a reader asked for (every field optional); the same names as the incident filter."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: tuple[str, ...] = ()
    party: str | None = None
    place: str | None = None
    status: str | None = None
    text: str | None = None
    newest_first: bool = False


@dataclass(frozen=True)
class RecordList:
    """One kind of record's list: its title, its kinds and statuses, and how to read it."""

    name: str
    title: str
    kinds: tuple[str, ...]
    statuses: tuple[str, ...]
    rows: Callable[[Session, ListFilter, Visibility], Any]
    row: Callable[[Any], dict[str, Any]]


def _words(column: Any, text: str) -> Any:
    return func.lower(func.coalesce(column, "")).contains(text.lower(), autoescape=True)


def visible_incidents(visibility: Visibility) -> Select[Any]:
    """The ids of the incidents the reader may see (claims and findings follow their incident)."""
    query = select(Incident.id).where(visibility.in_conflict(Incident.conflict_id))
    if visibility.published_only:
        query = query.where(
            visibility.condition(Incident.published, Incident.submitted_for_party), Incident.retracted.is_(False)
        )
    return query


def _dated(query: Any, column: Any, f: ListFilter) -> Any:
    if f.date_from is not None:
        query = query.where(column >= f.date_from)
    if f.date_to is not None:
        query = query.where(column <= f.date_to)
    return query


def source_rows(session: Session, f: ListFilter, visibility: Visibility) -> Any:
    query: Any = visible_sources(visibility)
    query = _dated(query, SourceDocument.published_on, f)
    if f.kinds:
        query = query.where(SourceDocument.kind.in_(f.kinds))
    if f.party:
        query = query.where(SourceDocument.submitted_for_party == f.party)
    if f.status == "published":
        query = query.where(SourceDocument.published.is_(True))
    elif f.status == "unpublished":
        query = query.where(SourceDocument.published.is_(False))
    if f.text:
        query = query.where(
            or_(
                _words(SourceDocument.title, f.text),
                _words(SourceDocument.publisher, f.text),
                _words(SourceDocument.url, f.text),
            )
        )
    if f.newest_first:
        return query.order_by(SourceDocument.published_on.desc().nulls_last(), SourceDocument.id.desc())
    return query.order_by(SourceDocument.published_on.asc().nulls_last(), SourceDocument.id)


def source_row(found: Any) -> dict[str, Any]:
    (document,) = found
    return {
        "id": str(document.id),
        "date": document.published_on.isoformat() if document.published_on else "",
        "kind": document.kind,
        "party": document.submitted_for_party or "",
        "place": "",
        "status": "published" if document.published else "unpublished",
        "text": " — ".join(x for x in (document.publisher, document.title) if x),
        "incident_id": "",
        "url": document.url or f"urn:sha256:{document.sha256}",
        "lat": None,
        "lon": None,
        "link": f"/api/v1/sources/{document.id}",
    }


def _incident_place(query: Any, f: ListFilter) -> Any:
    if f.place:
        query = query.where(Incident.place_id == f.place)
    return query


def claim_rows(session: Session, f: ListFilter, visibility: Visibility) -> Any:
    query: Any = (
        select(Claim, Incident, Place)
        .join(Incident, Incident.id == Claim.incident_id)
        .outerjoin(Place, Place.id == Incident.place_id)
        .where(Claim.incident_id.in_(visible_incidents(visibility)))
        .where(visibility.condition(Claim.published, Claim.submitted_for_party))
    )
    if visibility.published_only:
        query = query.where(Claim.retracted.is_(False))
    query = _incident_place(_dated(query, Claim.made_on, f), f)
    if f.kinds:
        query = query.where(Claim.assertion.in_(f.kinds))
    if f.party:
        query = query.where(or_(Claim.claimant == f.party, Claim.accused == f.party))
    if f.status == "published":
        query = query.where(Claim.published.is_(True), Claim.retracted.is_(False))
    elif f.status == "unpublished":
        query = query.where(Claim.published.is_(False))
    elif f.status == "retracted":
        query = query.where(Claim.retracted.is_(True))
    if f.text:
        query = query.where(or_(_words(Claim.summary, f.text), _words(Claim.incident_id, f.text)))
    order = Claim.made_on.desc() if f.newest_first else Claim.made_on
    return query.order_by(order, Claim.id)


def claim_row(found: Any) -> dict[str, Any]:
    claim, incident, place = found
    accused = f" against {claim.accused}" if claim.accused else ""
    return {
        "id": claim.id,
        "date": claim.made_on.isoformat(),
        "kind": claim.assertion,
        "party": claim.claimant,
        "place": place.name if place is not None else (incident.place_name or ""),
        "status": "retracted" if claim.retracted else ("published" if claim.published else "unpublished"),
        "text": f"{claim.claimant} {claim.stance}{accused}: {claim.summary}",
        "incident_id": incident.id,
        "url": "",
        "lat": incident.lat,
        "lon": incident.lon,
        "link": f"/incidents/{incident.id}#claims",
    }


def finding_rows(session: Session, f: ListFilter, visibility: Visibility) -> Any:
    query: Any = (
        select(Finding, Incident, Place)
        .join(Incident, Incident.id == Finding.incident_id)
        .outerjoin(Place, Place.id == Incident.place_id)
        .where(Finding.incident_id.in_(visible_incidents(visibility)))
    )
    if visibility.published_only:  # drafts and reviews are the observers' own
        query = query.where(Finding.state == FindingState.FINAL)
    day = func.coalesce(Finding.final_at, Finding.created_at)
    if f.date_from is not None:
        query = query.where(day >= dt.datetime.combine(f.date_from, dt.time.min, tzinfo=dt.UTC))
    if f.date_to is not None:
        query = query.where(day < dt.datetime.combine(f.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC))
    query = _incident_place(query, f)
    if f.kinds:
        query = query.where(Finding.result.in_(f.kinds))
    if f.party:
        query = query.where(Finding.party == f.party)
    if f.status:
        query = query.where(Finding.state == f.status)
    if f.text:
        query = query.where(or_(_words(Finding.reasoning, f.text), _words(Finding.incident_id, f.text)))
    return query.order_by(day.desc() if f.newest_first else day, Finding.id)


def finding_row(found: Any) -> dict[str, Any]:
    finding, incident, place = found
    moment = finding.final_at or finding.created_at
    return {
        "id": str(finding.id),
        "date": moment.date().isoformat(),
        "kind": finding.result,
        "party": finding.party or "",
        "place": place.name if place is not None else (incident.place_name or ""),
        "status": finding.state,
        "text": finding.reasoning,
        "incident_id": incident.id,
        "url": "",
        "lat": incident.lat,
        "lon": incident.lon,
        "link": f"/incidents/{incident.id}#findings",
    }


LISTS: dict[str, RecordList] = {
    "sources": RecordList(
        "sources", "Sources", tuple(SourceKind), ("published", "unpublished"), source_rows, source_row
    ),
    "claims": RecordList(
        "claims", "Claims", tuple(ClaimAssertion), ("published", "unpublished", "retracted"), claim_rows, claim_row
    ),
    "findings": RecordList(
        "findings", "Findings", tuple(FindingResult), tuple(FindingState), finding_rows, finding_row
    ),
}


def list_filter(query: ListQuery, records: RecordList, *, newest_first: bool = False) -> ListFilter:
    """The filter ``query`` asks of ``records`` (its kinds and statuses checked); with no ``sort``
    the list is oldest first, or newest first if ``newest_first``."""
    query.check(kinds=records.kinds, statuses=records.statuses, sorts=DATE_SORTS)
    return ListFilter(
        date_from=query.date_from,
        date_to=query.date_to,
        kinds=tuple(query.kind),
        party=query.party.upper() if query.party else None,
        place=query.place,
        status=query.status,
        text=query.words,
        newest_first=query.sort == "-date" if query.sort else newest_first,
    )


def find_records(
    session: Session,
    records: RecordList,
    f: ListFilter,
    visibility: Visibility,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[int, list[Any]]:
    """How many records match, and the page of them as found (the record and its incident and place)."""
    query = records.rows(session, f, visibility)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return total, list(session.execute(query).all())


def read_list(
    session: Session,
    records: RecordList,
    f: ListFilter,
    visibility: Visibility,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """How many records match, and the page of them as rows (every one when ``limit`` is None)."""
    total, found = find_records(session, records, f, visibility, limit=limit, offset=offset)
    return total, [records.row(one) for one in found]


def rows_csv(rows: list[dict[str, Any]]) -> str:
    return csv_text(COLUMNS, ({c: ("" if r[c] is None else r[c]) for c in COLUMNS} for r in rows))


def rows_geojson(rows: list[dict[str, Any]]) -> str:
    """The rows whose incident has a point, as GeoJSON points (the others are in the CSV)."""
    features = [
        {
            "type": "Feature",
            "id": r["id"],
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {c: r[c] for c in COLUMNS if c not in ("lat", "lon")} | {"kind_words": code_text(r["kind"])},
        }
        for r in rows
        if r["lat"] is not None and r["lon"] is not None
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, indent=2, ensure_ascii=False) + "\n"
