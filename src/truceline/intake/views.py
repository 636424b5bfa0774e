"""The review queue and one candidate's review page (accept with edits, merge, reject), and the
ingest form (a file or a paste) with a readable page of what it proposed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from truceline.auth.deps import ConflictDep, ObserverUser, SubmitterUser, Viewer
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import Conflict, InvalidInput, NotFound
from truceline.incidents.kinds import kind_label
from truceline.incidents.models import Incident
from truceline.intake.documents import ReportFile, read_report_file
from truceline.intake.ingest import ingest_report
from truceline.intake.review import (
    accept_candidate,
    duplicates_for,
    get_candidate,
    list_candidates,
    next_pending,
    read_date,
    reject_candidate,
)
from truceline.intake.review_form import choice_names, choices_for, current_values, form_fields
from truceline.sources.models import ReviewCandidate, SourceDocument
from truceline.vocabulary import SourceKind
from truceline.web.api_models import RowIdPath
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()

#: HTTP status of a refused accept or reject, re-rendered with the reviewer's edits
STATUS: dict[type[Exception], int] = {InvalidInput: 422, Conflict: 409, NotFound: 404}
REFUSED = (InvalidInput, Conflict, NotFound)


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


def marked_text(content: str, spans: list[list[int]]) -> list[dict[str, Any]]:
    """The whole source text in parts, the supporting words marked (overlapping spans once)."""
    parts: list[dict[str, Any]] = []
    cursor = 0
    for start, end in sorted((max(0, a), min(len(content), b)) for a, b in spans):
        start = max(start, cursor)
        if start >= end:
            continue
        if start > cursor:
            parts.append({"text": content[cursor:start], "mark": False})
        parts.append({"text": content[start:end], "mark": True, "span": f"{start}-{end}"})
        cursor = end
    if cursor < len(content):
        parts.append({"text": content[cursor:], "mark": False})
    return parts


def summary(candidate: ReviewCandidate) -> dict[str, Any]:
    """One line of the queue: what the candidate proposes, in words."""
    payload = candidate.payload
    kind = payload.get("kind")
    return {
        "id": candidate.id,
        "type": candidate.type.replace("_", " "),
        "kind": kind_label(kind) if candidate.type == "incident" and kind else (kind or "").replace("_", " "),
        "date": payload.get("date_start") or payload.get("date") or "",
        "place": payload.get("place_name") or payload.get("place") or "",
        "text": payload.get("text") or "",
        "status": candidate.status,
    }


def nearby_incidents(session: Session, candidate: ReviewCandidate) -> list[Incident]:
    day = candidate.payload.get("date_start")
    if candidate.type != "incident" or not isinstance(day, str):
        return []
    try:
        start = dt.date.fromisoformat(day)
    except ValueError:
        return []
    return list(
        session.scalars(
            select(Incident)
            .where(Incident.conflict_id == candidate.conflict_id)
            .where(Incident.date_start.between(start - dt.timedelta(days=3), start + dt.timedelta(days=3)))
            .where(Incident.superseded_by.is_(None))
            .order_by(Incident.date_start)
            .limit(30)
        )
    )


def candidate_page(
    request: Request,
    session: Session,
    conflict: ConflictDefinition,
    candidate: ReviewCandidate,
    *,
    values: dict[str, str] | None = None,
    error: str | None = None,
    reason: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    """One candidate beside its source text, as a typed form (``values``: what the reviewer sent)."""
    document = session.get(SourceDocument, candidate.source_id)
    spans = sorted({(int(a), int(b)) for a, b in find_spans(candidate.payload)})
    original = current_values(candidate.type, candidate.payload)
    duplicates = [d | {"incident": session.get(Incident, d["incident_id"])} for d in duplicates_for(session, candidate)]
    context = {
        "candidate": candidate,
        "about": summary(candidate),
        "source": document,
        "source_parts": marked_text(document.content, [list(s) for s in spans]) if document is not None else [],
        "fields": form_fields(
            candidate.type, original | (values or {}), choices_for(session, conflict), choice_names(session, conflict)
        ),
        "original": original,
        "duplicates": duplicates,
        "nearby": nearby_incidents(session, candidate),
        "next_id": next_pending(session, candidate.conflict_id, candidate.id),
        "error": error,
        "reason": reason,
        "done": request.query_params.get("done"),
    }
    return render(request, "review_candidate.html", context, status_code=status_code)


def _own_candidate(session: Session, candidate_id: int, viewer: Viewer) -> ReviewCandidate:
    candidate = get_candidate(session, candidate_id)
    if candidate.conflict_id != viewer.conflict:
        raise NotFound(f"no review candidate {candidate_id}")
    return candidate


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, session: SessionDep, viewer: ObserverUser) -> HTMLResponse:
    candidates = [summary(c) for c in list_candidates(session, viewer.conflict)]
    done = request.query_params.get("done")
    return render(request, "review.html", {"candidates": candidates, "done": done})


@router.get("/review/{candidate_id}", response_class=HTMLResponse)
def review_candidate_page(
    request: Request, session: SessionDep, viewer: ObserverUser, conflict: ConflictDep, candidate_id: RowIdPath
) -> HTMLResponse:
    return candidate_page(request, session, conflict, _own_candidate(session, candidate_id, viewer))


def _after_decision(session: Session, candidate: ReviewCandidate, done: str) -> RedirectResponse:
    following = next_pending(session, candidate.conflict_id, candidate.id)
    target = f"/review/{following}" if following is not None else "/review"
    return RedirectResponse(f"{target}?done={done}", status_code=303)


def _sent_values(form: FormData) -> tuple[dict[str, str], dict[str, str]]:
    """(every field's value as sent, the fields changed from their ``original_`` value)."""
    sent: dict[str, str] = {}
    edits: dict[str, str] = {}
    for key, original in form.multi_items():
        if not key.startswith("original_") or not isinstance(original, str):
            continue
        name = key.removeprefix("original_")
        chosen = [v for v in form.getlist(name) if isinstance(v, str)]
        value = ",".join(v for v in chosen if v) if len(chosen) != 1 else chosen[0]
        sent[name] = value
        if value != original:
            edits[name] = value
    return sent, edits


@router.post("/review/{candidate_id}/accept", response_class=HTMLResponse)
async def accept_page(
    request: Request, session: SessionDep, viewer: ObserverUser, conflict: ConflictDep, candidate_id: RowIdPath
) -> Response:
    candidate = _own_candidate(session, candidate_id, viewer)
    form = await request.form()
    sent, edits = _sent_values(form)
    attach_to = form.get("attach_to")
    try:
        with session.begin_nested():  # a refused accept writes nothing; the form comes back as sent
            result = accept_candidate(
                session,
                candidate_id,
                edits=edits,
                actor=viewer.actor,
                attach_to=attach_to if isinstance(attach_to, str) and attach_to else None,
                force_new=form.get("force_new") == "1",
            )
    except REFUSED as exc:
        session.expire_all()
        return candidate_page(
            request,
            session,
            conflict,
            get_candidate(session, candidate_id),
            values=sent,
            error=str(exc),
            status_code=STATUS.get(type(exc), 422),
        )
    return _after_decision(session, candidate, result)


@router.post("/review/{candidate_id}/reject", response_class=HTMLResponse)
async def reject_page(
    request: Request, session: SessionDep, viewer: ObserverUser, conflict: ConflictDep, candidate_id: RowIdPath
) -> Response:
    candidate = _own_candidate(session, candidate_id, viewer)
    form = await request.form()
    reason = form.get("reason")
    reason = reason if isinstance(reason, str) else ""
    try:
        if len(reason) > 2000:
            raise InvalidInput("say why in at most 2,000 characters")
        with session.begin_nested():
            reject_candidate(session, candidate_id, reason=reason, actor=viewer.actor)
    except REFUSED as exc:
        session.expire_all()
        return candidate_page(
            request,
            session,
            conflict,
            get_candidate(session, candidate_id),
            error=str(exc),
            reason=reason,
            status_code=STATUS.get(type(exc), 422),
        )
    return _after_decision(session, candidate, "rejected")


#: the source kinds a person submits from the form (event data come by `truceline import`)
FORM_SOURCE_KINDS = [k for k in SourceKind if k is not SourceKind.EVENT_DATA]


def ingest_form(request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
    defaults = {"today": dt.date.today(), "kinds": FORM_SOURCE_KINDS, "sent": {}, "error": None}
    return render(request, "ingest.html", defaults | context, status_code=status_code)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request, viewer: SubmitterUser) -> HTMLResponse:
    return ingest_form(request)


def _field(form: FormData, name: str, limit: int) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    if len(value) > limit:
        raise InvalidInput(f"{name} is longer than {limit:,} characters")
    return value.strip() if name != "text" else value


async def _report_text(form: FormData, pasted: str) -> tuple[ReportFile, str | None]:
    """(the report, the uploaded file's name): the file when one was chosen (a web page's article, with its
    headline), else the paste."""
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        await upload.close()  # the upload's spooled file, now read
        if not data:
            raise InvalidInput(f"{upload.filename} is empty")
        return read_report_file(upload.filename, data, upload.content_type), upload.filename
    if not pasted.strip():
        raise InvalidInput("paste the report's text or choose a file")
    return ReportFile(pasted), None


@router.post("/ingest", response_class=HTMLResponse)
async def ingest_submit(request: Request, session: SessionDep, viewer: SubmitterUser) -> HTMLResponse:
    async with request.form() as form:  # an uploaded file's spooled copy is closed on the way out
        return await _ingest(request, session, viewer, form)


async def _ingest(request: Request, session: Session, viewer: Viewer, form: FormData) -> HTMLResponse:
    sent: dict[str, str] = {}
    try:
        sent = {
            "text": _field(form, "text", 200_000),
            "title": _field(form, "title", 500),
            "url": _field(form, "url", 2000),
            "publisher": _field(form, "publisher", 200),
            "published": _field(form, "published", 40),
            "kind": _field(form, "kind", 40) or SourceKind.NEWS.value,
        }
        if sent["kind"] not in {k.value for k in FORM_SOURCE_KINDS}:
            raise InvalidInput(f"unknown source kind {sent['kind']!r}")
        published = read_date("published", sent["published"])
        if published is None:
            raise InvalidInput("say when the report was published")
        report, filename = await _report_text(form, sent["text"])
        with session.begin_nested():
            result = ingest_report(
                session,
                conflict_id=viewer.conflict,
                text=report.text,
                published=published,
                url=sent["url"] or None,
                publisher=sent["publisher"] or None,
                title=sent["title"] or report.title or filename or None,
                kind=SourceKind(sent["kind"]),
                actor=viewer.actor,
                dry_run=False,
                submitted_for_party=viewer.speaks_for,
                visibility=viewer.visibility,
                publish=False,  # publication is a coordinator's act, and never the submitter's
            )
    except REFUSED as exc:
        return ingest_form(request, status_code=STATUS.get(type(exc), 422), sent=sent, error=str(exc))
    proposed = [
        summary(c)
        for c in session.scalars(
            select(ReviewCandidate)
            .where(ReviewCandidate.id.in_([c["review_id"] for c in result.candidates if "review_id" in c]))
            .order_by(ReviewCandidate.id)
        )
    ]
    return render(
        request,
        "ingest_result.html",
        {"result": result, "message": result.message(), "proposed": proposed, "filename": filename},
    )
