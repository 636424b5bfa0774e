"""The dashboard page (map, timeline, compliance matrix, commitments, latest sources), and one
incident's page with its findings and violations."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from truceline.agreements.queries import provision_labels
from truceline.alerts.queries import all_signals, sectors, signal_record
from truceline.auth.deps import ConflictDep, CoordinatorUser, CurrentUser, Viewer
from truceline.compliance.api import cached_summary
from truceline.compliance.page import matrix_table
from truceline.conflicts.services import conflict_definition, conflict_geography
from truceline.diplomacy.queries import concerning_incident
from truceline.domain.schema import check_sane_date
from truceline.errors import Conflict, Forbidden, InvalidInput, NotFound
from truceline.incidents.corrections import INCIDENT_FIELDS
from truceline.incidents.detail import claims_by_party
from truceline.incidents.filters import FilterDep, ListStatus, parse_day
from truceline.incidents.kinds import KIND_COLOURS, kind_label
from truceline.incidents.models import Incident
from truceline.incidents.publication import publish_incident
from truceline.incidents.queries import IncidentFilter, incident_records, list_incidents
from truceline.incidents.tallies import list_tallies, tally_records
from truceline.places.queries import gazetteer_choices, place_names
from truceline.publish.api import cached_markers, cached_timeline
from truceline.publish.charts import timeline_bars
from truceline.publish.dashboard import date_span
from truceline.publish.incident_detail import incident_in_full
from truceline.publish.mapdata import NO_PROVINCES, for_reader, map_document
from truceline.publish.queue import awaiting_publication
from truceline.publish.svgmap import base_map, place_markers, scale_bar
from truceline.replica.services import replica_sources, status_of
from truceline.sources.api import latest_sources
from truceline.vocabulary import IncidentKind
from truceline.web import i18n, vendor
from truceline.web.cache import app_cache
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()


def sparkline(record: dict[str, Any], width: int = 120, height: int = 24) -> dict[str, str]:
    """SVG points for the last days' smoothed count (``ewma``) and its upper limit (``limit``)."""
    days = record["days"]
    top = max([d["ewma"] for d in days] + [d["limit"] for d in days] + [0.001])
    step = width / max(len(days) - 1, 1)

    def points(field: str) -> str:
        return " ".join(f"{i * step:.1f},{height - d[field] / top * (height - 2) - 1:.1f}" for i, d in enumerate(days))

    return {"ewma": points("ewma"), "limit": points("limit"), "width": str(width), "height": str(height)}


def escalation_panel(
    request: Request, session: Session, viewer: Viewer, conflict_id: str, as_of: dt.date
) -> list[dict[str, Any]]:
    """The escalation signal of each sector as of ``as_of``, elevated sectors first, each with its
    name and the incidents that drive it (reused until the next write)."""

    def compute() -> list[dict[str, Any]]:
        names = {s.id: s.name for s in sectors(session, conflict_id)}
        found = all_signals(session, conflict_id, viewer.visibility, as_of=as_of)
        records = [
            signal_record(s, days=30) | {"sector_name": names[s.sector], "spark": sparkline(signal_record(s, days=30))}
            for s in found
        ]
        return sorted(records, key=lambda r: (not r["elevated"], r["sector"] != "all", -r["current"]["score"]))

    key = ("escalation", conflict_id, as_of, viewer.visibility)
    return app_cache(request).get_or_compute(session, key, compute)


#: at most this many incidents of the filtered set listed on the dashboard (all are on the map)
DASHBOARD_LIST = 200


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    query: FilterDep,
    as_of: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    """The map, the timeline and the list of the incidents the filter finds (the same filter as
    ``/incidents`` and the exports), the compliance matrix as of a day, commitments, sources."""
    filters = query.filter_for(viewer)
    start, end = sane_day(query.date_from, "from"), sane_day(query.date_to, "to")  # the timeline spans them
    everything = IncidentFilter.within(viewer.visibility)
    first, last = date_span(session, everything)
    judged = check_day(as_of) or end or last or conflict.today()
    found = cached_markers(request, session, filters)
    report = cached_summary(request, session, judged, viewer)
    drawn = app_cache(request).get_or_compute(
        session, ("base_map", conflict.id), lambda: base_map(conflict, conflict_geography(session, conflict.id))
    )
    interactive = app_cache(request).get_or_compute(
        session,
        ("map_document", conflict.id, filters),
        lambda: map_document(session, conflict, conflict_geography(session, conflict.id), filters),
    )
    listed = list_incidents(session, filters, limit=DASHBOARD_LIST)
    context = {
        "escalation": escalation_panel(request, session, viewer, conflict.id, judged),
        "map": drawn,
        "mapdoc": interactive,
        # the page's language is known only as it is rendered: the template asks for the reader's copy
        "reader_map": lambda document: for_reader(document, i18n.translated, i18n.label, i18n.local_date),
        "map_scripts_missing": vendor.missing(),
        "no_provinces": NO_PROVINCES,
        "markers": place_markers(found["markers"], drawn["projection"]),
        "marker_summary": found,
        "scale": scale_bar(drawn["projection"]),
        "timeline": timeline_bars(
            cached_timeline(request, session, filters), KIND_COLOURS, start or first, end or last
        ),
        "query": query,
        "query_string": query.query_string(),
        "listed": incident_records(session, listed, filters.visibility),
        "kinds": [{"value": k.value, "label": kind_label(k.value), "colour": KIND_COLOURS[k]} for k in IncidentKind],
        "parties": [(code, conflict.display_name(code)) for code in conflict.by_code],
        "places": gazetteer_choices(session, conflict.id),
        "statuses": [s.value for s in ListStatus],
        "selected_kinds": set(query.kind),
        "date_from": start.isoformat() if start else "",
        "date_to": end.isoformat() if end else "",
        "as_of": judged.isoformat(),
        "as_of_asked": as_of or "",
        "span": (first, last),
        "matrix": matrix_table(report, provision_labels(session, conflict.id), conflict.display_name),
        "party_name": i18n.party_names(conflict),  # in the reader's script where the casebook has it
        "violation_count": report["violation_count"],
        "commitments": report["commitments"],
        "sources": latest_sources(session, viewer, limit=8),
        "tallies": tally_records(session, list_tallies(session, conflict.id), viewer.visibility),
        "colours": KIND_COLOURS,
        # the copies of other instances' ledgers: operational, so for observers and coordinators
        "replicas": [status_of(row) for row in replica_sources(session)] if viewer.is_observer else [],
    }
    return render(request, "dashboard.html", context)


def check_day(value: str | None) -> dt.date | None:
    """``as_of``: a date between 1900 and tomorrow, or a clear error."""
    return sane_day(parse_day(value, "as_of"), "as_of")


def sane_day(day: dt.date | None, name: str) -> dt.date | None:
    """``day`` if it lies between 1900 and tomorrow, else a clear error naming the parameter."""
    if day is None:
        return None
    try:
        return check_sane_date(day)
    except ValueError as exc:
        raise InvalidInput(f"{name}: {exc}") from None


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
            "correctable": INCIDENT_FIELDS,
            "party_name": i18n.party_names(conflict),
            "place_names": place_names(session, record["place_id"], conflict.info.languages or ["en"]),
        },
    )


@router.post("/incidents/{incident_id}/publish")
def publish_page(
    session: SessionDep, viewer: CoordinatorUser, incident_id: Annotated[str, Path(max_length=120)]
) -> RedirectResponse:
    publish_incident(session, incident_id, actor=viewer.actor)
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)


def publish_queue_page(
    request: Request, session: SessionDep, viewer: Any, *, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    context = {
        "waiting": awaiting_publication(session, viewer.conflict),
        "published": request.query_params.get("published"),
        "error": error,
        "me": viewer.actor,
    }
    return render(request, "publish_queue.html", context, status_code=status_code)


@router.get("/publish-queue", response_class=HTMLResponse)
def publish_queue(request: Request, session: SessionDep, viewer: CoordinatorUser) -> HTMLResponse:
    """Accepted records waiting for a coordinator: publish each, or open it first."""
    return publish_queue_page(request, session, viewer)


@router.post("/publish-queue/{incident_id}/publish", response_class=HTMLResponse)
def publish_from_queue(
    request: Request,
    session: SessionDep,
    viewer: CoordinatorUser,
    incident_id: Annotated[str, Path(max_length=120)],
) -> Response:
    incident = session.get(Incident, incident_id)
    if incident is None or incident.conflict_id != viewer.conflict:
        raise NotFound(f"no incident {incident_id!r}")
    try:
        with session.begin_nested():
            publish_incident(session, incident_id, actor=viewer.actor)
    except (Conflict, Forbidden) as exc:
        session.expire_all()
        status = 409 if isinstance(exc, Conflict) else 403
        return publish_queue_page(request, session, viewer, error=str(exc), status_code=status)
    return RedirectResponse(f"/publish-queue?published={incident_id}", status_code=303)
