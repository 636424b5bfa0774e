"""The published record of one conflict, read as the public reads it (the one visibility policy):
published incidents, agreements, compliance, sources, the situation report, and the current signed
version of each record shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from truceline.agreements.queries import agreement_records, list_agreements
from truceline.conflicts.services import conflict_definition
from truceline.domain.conflict import ConflictDefinition
from truceline.incidents.queries import IncidentFilter, incident_records, list_incidents
from truceline.reports.record import compliance_for
from truceline.reports.render import to_html
from truceline.reports.services import sitrep
from truceline.sources.queries import source_record, visible_sources
from truceline.versions.services import latest_version
from truceline.visibility import Visibility, visibility_for
from truceline.vocabulary import Role


@dataclass(frozen=True)
class PublicRecord:
    conflict: ConflictDefinition
    visibility: Visibility
    as_of: dt.date
    incidents: list[dict[str, Any]]
    agreements: list[dict[str, Any]]
    compliance: dict[str, Any]
    sources: list[dict[str, Any]]
    #: the situation report over the published incidents' span (HTML), None without incidents
    report_html: str | None
    #: the current version of every record shown: kind, id, version, content hash, ledger seq
    versions: list[dict[str, Any]]


def _versions(session: Session, records: list[tuple[str, str]]) -> list[dict[str, Any]]:
    out = []
    for kind, record_id in records:
        version = latest_version(session, kind, record_id)
        if version is not None:
            out.append(
                {
                    "kind": kind,
                    "id": record_id,
                    "version": version.version,
                    "change": version.change,
                    "content_hash": version.content_hash,
                    "ledger_seq": version.ledger_seq,
                }
            )
    return out


def _shown(
    incidents: list[dict[str, Any]], agreements: list[dict[str, Any]], sources: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    for incident in incidents:
        shown.append(("incident", incident["id"]))
        shown.extend(("claim", claim["id"]) for claim in incident["claims"] if claim.get("id"))
    for agreement in agreements:
        shown.append(("agreement", agreement["id"]))
        shown.extend(("provision", p["id"]) for p in agreement.get("provisions", []) if p.get("id"))
        shown.extend(("commitment", c["id"]) for c in agreement.get("commitments", []) if c.get("id"))
    shown.extend(("source", str(source["id"])) for source in sources)
    return shown


def public_record(session: Session, conflict_id: str, *, as_of: dt.date | None = None) -> PublicRecord:
    """What the public may see of ``conflict_id``: nothing unpublished, no party's submission."""
    conflict = conflict_definition(session, conflict_id)
    public = visibility_for(Role.PUBLIC, conflict_id=conflict_id)
    incidents = incident_records(session, list_incidents(session, IncidentFilter.within(public)), public)
    agreements = agreement_records(session, list_agreements(session, conflict_id), visibility=public)
    # a source as cited, without the cited spans (no citation here)
    sources = [
        {k: v for k, v in source_record(d).items() if k != "spans"} for d in session.scalars(visible_sources(public))
    ]
    sources.sort(key=lambda s: (s["published_on"] or "", s["id"]))
    as_of = as_of or conflict.today()
    compliance = compliance_for(session, conflict_id, as_of, {i["id"] for i in incidents}, public)
    report_html = None
    if incidents:
        first = min(dt.date.fromisoformat(i["date_start"]) for i in incidents)
        last = max(dt.date.fromisoformat(i["date_end"]) for i in incidents)
        report_html = to_html(sitrep(session, conflict_id, first, last, public, as_of=min(as_of, last)))
    versions = _versions(session, _shown(incidents, agreements, sources))
    return PublicRecord(conflict, public, as_of, incidents, agreements, compliance, sources, report_html, versions)
