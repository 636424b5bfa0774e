"""The review queue (accept, edit, merge, reject) and the ingest form."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.auth.deps import ObserverUser, SubmitterUser, Viewer
from truceline.incidents.models import Incident
from truceline.intake.ingest import ingest_report
from truceline.intake.review import (
    EDITABLE,
    LABELS,
    LIST_FIELDS,
    accept_candidate,
    duplicates_for,
    list_candidates,
    reject_candidate,
)
from truceline.sources.excerpts import excerpts
from truceline.sources.models import ReviewCandidate, SourceDocument
from truceline.web.api_models import RowIdPath
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()


def editable_fields(candidate_type: str, payload: dict[str, Any]) -> dict[str, str]:
    """The scalar fields an observer may edit, with their current values as text (a figure's bounds, e.g.
    ``killed.best``, for a tally, whose figures are what it records)."""
    fields = {}
    for name in EDITABLE.get(candidate_type, ()):
        if "." in name:
            if candidate_type == "tally":
                figure, bound = name.split(".", 1)
                number = (payload.get(figure) or {}).get(bound)
                fields[name] = "" if number is None else str(number)
            continue
        value = payload.get(name)
        if isinstance(value, dict):
            continue
        fields[name] = (
            ",".join(map(str, value))
            if name in LIST_FIELDS and isinstance(value, list)
            else ("" if value is None else str(value))
        )
    return fields


def field_label(candidate_type: str, name: str) -> str:
    """How the form names a field: "counted by" for a tally's speaker, "killed best" for killed.best."""
    return LABELS.get(candidate_type, {}).get(name) or name.replace("_", " ").replace(".", " ")


def find_spans(value: Any) -> list[list[int]]:
    """Every ``spans``/``span`` list of [start, end] pairs anywhere in a candidate's payload."""
    found: list[list[int]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("spans", "span") and isinstance(item, list):
                pairs = item if item and isinstance(item[0], list | tuple) else [item]
                found.extend(
                    [int(p[0]), int(p[1])] for p in pairs if len(p) == 2 and all(isinstance(x, int) for x in p)
                )
            else:
                found.extend(find_spans(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(find_spans(item))
    return found


def candidate_view(session: Session, candidate: ReviewCandidate) -> dict[str, Any]:
    payload = candidate.payload
    document = session.get(SourceDocument, candidate.source_id)
    spans = sorted({tuple(s) for s in find_spans(payload)})
    context = excerpts(document.content, [list(s) for s in spans]) if document is not None else []
    nearby: list[Incident] = []
    day = payload.get("date_start")
    if isinstance(day, str):
        try:
            start = dt.date.fromisoformat(day)
        except ValueError:
            pass
        else:
            nearby = list(
                session.scalars(
                    select(Incident)
                    .where(Incident.date_start.between(start - dt.timedelta(days=3), start + dt.timedelta(days=3)))
                    .where(Incident.superseded_by.is_(None))
                    .order_by(Incident.date_start)
                    .limit(30)
                )
            )
    return {
        "id": candidate.id,
        "type": candidate.type,
        "status": candidate.status,
        "fields": editable_fields(candidate.type, payload),
        "labels": {name: field_label(candidate.type, name) for name in EDITABLE.get(candidate.type, ())},
        "summary": payload.get("text") or "",
        "kind": payload.get("kind") or "",
        "duplicates": duplicates_for(session, candidate),
        "excerpts": context,
        "source": document,
        "nearby": nearby,
    }


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, session: SessionDep, viewer: ObserverUser) -> HTMLResponse:
    candidates = [candidate_view(session, c) for c in list_candidates(session, viewer.conflict)]
    done = request.query_params.get("result")
    return render(request, "review.html", {"candidates": candidates, "done": done})


@router.post("/review/{candidate_id}/accept")
async def accept_page(
    request: Request, session: SessionDep, viewer: ObserverUser, candidate_id: RowIdPath
) -> RedirectResponse:
    form = await request.form()
    edits: dict[str, str] = {}
    for key, value in form.multi_items():
        if key.startswith("original_") and isinstance(value, str):
            name = key.removeprefix("original_")
            new = form.get(name)
            if isinstance(new, str) and new != value:
                edits[name] = new
    attach_to = form.get("attach_to")
    result = accept_candidate(
        session,
        candidate_id,
        edits=edits,
        actor=viewer.actor,
        attach_to=attach_to if isinstance(attach_to, str) and attach_to else None,
        force_new=form.get("force_new") == "1",
    )
    return RedirectResponse(f"/review?done={candidate_id}&result={result}", status_code=303)


@router.post("/review/{candidate_id}/reject")
def reject_page(
    session: SessionDep,
    viewer: ObserverUser,
    candidate_id: RowIdPath,
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
) -> RedirectResponse:
    reject_candidate(session, candidate_id, reason=reason, actor=viewer.actor)
    return RedirectResponse("/review?done=rejected", status_code=303)


def ingest_form(request: Request, viewer: Viewer, **context: Any) -> HTMLResponse:
    return render(request, "ingest.html", {"today": dt.date.today()} | context)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request, viewer: SubmitterUser) -> HTMLResponse:
    return ingest_form(request, viewer)


@router.post("/ingest", response_class=HTMLResponse)
def ingest_submit(
    request: Request,
    session: SessionDep,
    viewer: SubmitterUser,
    text: Annotated[str, Form(min_length=1, max_length=200_000)],
    published: Annotated[dt.date, Form()],
    url: Annotated[str, Form(max_length=2000)] = "",
    publisher: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:
    result = ingest_report(
        session,
        conflict_id=viewer.conflict,
        text=text,
        published=published,
        url=url or None,
        publisher=publisher or None,
        actor=viewer.actor,
        dry_run=False,
        submitted_for_party=viewer.speaks_for,
        visibility=viewer.visibility,
        publish=False,  # publication is a coordinator's act, and never the submitter's
    )
    return ingest_form(request, viewer, result=result.to_dict())
