"""What every report reads from the record for a period: the incidents a reader may see with
their sources, and the compliance document for them (the same one ``truceline compliance``
prints, limited to those incidents)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from truceline.compliance.results import compliance_document, party_column
from truceline.compliance.services import assess
from truceline.conflicts.services import conflict_definition
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import InvalidInput
from truceline.incidents.queries import IncidentFilter, incident_records, list_incidents
from truceline.incidents.tallies import list_tallies, tally_records
from truceline.visibility import Visibility

#: the longest period a report covers (a year and a day): longer ones are exports, not reports
MAX_DAYS = 367


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def label(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def period(first: dt.date, last: dt.date) -> Period:
    """A period of whole days; ``last`` before ``first`` is refused with a clear message."""
    if last < first:
        raise InvalidInput(f"the period ends ({last}) before it starts ({first})")
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInput(f"a report covers at most {MAX_DAYS} days; {first} to {last} is longer")
    return Period(first, last)


def reader(visibility: Visibility, conflict_id: str) -> Visibility:
    """The reader's visibility, scoped to the report's conflict."""
    return replace(visibility, conflict_id=conflict_id)


def incidents_in(session: Session, conflict_id: str, span: Period, visibility: Visibility) -> list[dict[str, Any]]:
    """The incidents overlapping the period that the reader may see, oldest first, with their
    claims and sources."""
    filters = IncidentFilter(
        date_from=span.first,
        date_to=span.last,
        conflict_id=conflict_id,
        published_only=visibility.published_only,
        visible_to_party=visibility.party,
    )
    return incident_records(session, list_incidents(session, filters), visibility)


def compliance_for(
    session: Session, conflict_id: str, as_of: dt.date, incident_ids: set[str], visibility: Visibility
) -> dict[str, Any]:
    """The compliance document as of ``as_of`` limited to these incidents: exactly what
    ``truceline compliance --as-of`` gives, filtered to the incidents the report covers."""
    assessment = assess(session, as_of, conflict_id=conflict_id, published_only=visibility.published_only)
    tallies = tally_records(session, list_tallies(session, conflict_id), visibility)
    return compliance_document(assessment, visible=incident_ids, tallies=tallies)


def violation_counts(document: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Violations by party column and status: ``{party: {status: n}}``."""
    counts: Counter[tuple[str, str]] = Counter((party_column(v["party"]), v["status"]) for v in document["violations"])
    out: dict[str, dict[str, int]] = {}
    for (party, status), n in sorted(counts.items()):
        out.setdefault(party, {})[status] = n
    return out


def parties_of(incident: dict[str, Any]) -> list[str]:
    """The parties an incident involves: its actors and every party its claims accuse."""
    codes = list(incident["actors"] or [])
    for claim in incident["claims"]:
        for code in (claim["accused"],):
            if code and code not in codes:
                codes.append(code)
    return codes


def definition(session: Session, conflict_id: str) -> ConflictDefinition:
    return conflict_definition(session, conflict_id)
