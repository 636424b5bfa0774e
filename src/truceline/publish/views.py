"""The dashboard page (map, timeline, compliance matrix, commitments, latest sources), and one
incident's page with its findings and violations."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from truceline.agreements.queries import provision_labels
from truceline.auth.deps import ConflictDep, CoordinatorUser, CurrentUser
from truceline.compliance.api import compliance_report
from truceline.compliance.page import matrix_table
from truceline.conflicts.services import conflict_definition, conflict_geography
from truceline.diplomacy.queries import concerning_incident
from truceline.domain.schema import check_sane_date
from truceline.errors import InvalidInput
from truceline.incidents.corrections import INCIDENT_FIELDS
from truceline.incidents.detail import claims_by_party
from truceline.incidents.kinds import KIND_COLOURS, kind_label
from truceline.incidents.publication import publish_incident
from truceline.incidents.queries import IncidentFilter
from truceline.incidents.tallies import list_tallies, tally_records
from truceline.publish.api import cached_markers, cached_timeline
from truceline.publish.charts import timeline_bars
from truceline.publish.dashboard import date_span
from truceline.publish.incident_detail import incident_in_full
from truceline.publish.svgmap import base_map, place_markers, scale_bar
from truceline.sources.api import latest_sources
from truceline.vocabulary import IncidentKind
from truceline.web.cache import app_cache
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()


def parse_day(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None
    try:
        return check_sane_date(day)
    except ValueError as exc:
        raise InvalidInput(f"{name}: {exc}") from None


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    kind: Annotated[list[str] | None, Query()] = None,
    as_of: Annotated[str | None, Query()] = None,
) -> HTMLResponse:
    start, end = parse_day(date_from, "from"), parse_day(date_to, "to")
    if start and end and start > end:
        raise InvalidInput(f"from {start} is after to {end}")
    kinds = tuple(k for k in (kind or []) if k)
    unknown = [k for k in kinds if k not in IncidentKind.__members__.values()]
    if unknown:
        raise InvalidInput(f"unknown incident kind {unknown[0]!r}")
    filters = IncidentFilter.within(viewer.visibility, date_from=start, date_to=end, kinds=kinds)
    everything = IncidentFilter.within(viewer.visibility)
    first, last = date_span(session, everything)
    judged = parse_day(as_of, "as_of") or end or last or conflict.today()
    found = cached_markers(request, session, filters)
    report = compliance_report(request, session, judged, viewer)
    drawn = app_cache(request).get_or_compute(
        session, ("base_map", conflict.id), lambda: base_map(conflict, conflict_geography(session, conflict.id))
    )
    context = {
        "map": drawn,
        "markers": place_markers(found["markers"], drawn["projection"]),
        "marker_summary": found,
        "scale": scale_bar(drawn["projection"]),
        "timeline": timeline_bars(
            cached_timeline(request, session, filters), KIND_COLOURS, start or first, end or last
        ),
        "kinds": [{"value": k.value, "label": kind_label(k.value), "colour": KIND_COLOURS[k]} for k in IncidentKind],
        "selected_kinds": set(kinds),
        "date_from": start.isoformat() if start else "",
        "date_to": end.isoformat() if end else "",
        "as_of": judged.isoformat(),
        "span": (first, last),
        "matrix": matrix_table(report, provision_labels(session, conflict.id), conflict.display_name),
        "party_name": conflict.display_name,
        "violation_count": len(report["violations"]),
        "commitments": report["commitments"],
        "sources": latest_sources(session, viewer, limit=8),
        "tallies": tally_records(session, list_tallies(session, conflict.id), viewer.visibility),
        "colours": KIND_COLOURS,
        "kind_label": kind_label,
    }
    return render(request, "dashboard.html", context)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    incident_id: Annotated[str, Path(max_length=120)],
    as_of: Annotated[dt.date | None, Query()] = None,
) -> HTMLResponse:
    record = incident_in_full(session, incident_id, viewer, as_of=as_of)
    conflict = conflict_definition(session, record["conflict"])
    return render(
        request,
        "incident.html",
        {
            "incident": record,
            "claims_by_party": claims_by_party(record["claims"], conflict),
            "concerning": concerning_incident(
                session, incident_id, replace(viewer.visibility, conflict_id=conflict.id)
            ),
            "letter_parties": list(conflict.principals),
            "colour": KIND_COLOURS.get(record["kind"], "#808b96"),
            "kind_label": kind_label,
            "correctable": INCIDENT_FIELDS,
        },
    )


@router.post("/incidents/{incident_id}/publish")
def publish_page(
    session: SessionDep, viewer: CoordinatorUser, incident_id: Annotated[str, Path(max_length=120)]
) -> RedirectResponse:
    publish_incident(session, incident_id, actor=viewer.actor)
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)
