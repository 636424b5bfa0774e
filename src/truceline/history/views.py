"""The pages of a claim and of a source document, each with its History section (an incident's
and an agreement's pages are their features' own), under the one visibility policy: a claim or
source the reader may not see is not found, and a retracted claim read by the public answers 410
with its retraction notice."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from truceline.auth.deps import CurrentUser, Viewer
from truceline.errors import NotFound
from truceline.history.queries import visible_history
from truceline.incidents.models import Claim, Incident
from truceline.incidents.queries import claim_record
from truceline.sources.models import SourceDocument
from truceline.sources.queries import source_record, sources_by_subject, visible_sources
from truceline.web.api_models import RowIdPath
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()


def claim_in_full(session: Session, claim_id: str, viewer: Viewer) -> dict[str, Any]:
    """The claim as the reader may see it (in its incident's conflict), its sources and its history."""
    claim = session.get(Claim, claim_id)
    incident = session.get(Incident, claim.incident_id) if claim is not None else None
    if claim is None or incident is None:
        raise NotFound(f"no claim {claim_id!r}")
    visibility = replace(viewer, conflict_id=incident.conflict_id).visibility
    history = visible_history(session, "claim", claim_id, visibility)  # NotFound, or Retracted for the public
    sources = sources_by_subject(session, "claim", [claim_id], visibility=visibility).get(claim_id, [])
    return claim_record(claim, sources) | {
        "retracted": claim.retracted,
        "published": claim.published,
        "incident": {"id": incident.id, "kind": incident.kind, "date_start": incident.date_start.isoformat()},
        "history": history,
    }


def source_in_full(session: Session, source_id: int, viewer: Viewer) -> dict[str, Any]:
    """The source document as the reader may see it, with its text when we hold it, and its history."""
    document = session.scalars(visible_sources(viewer.visibility).where(SourceDocument.id == source_id)).first()
    if document is None:
        raise NotFound(f"no source {source_id}")
    return source_record(document) | {
        "has_full_text": document.has_full_text,
        "content": document.content if document.has_full_text else None,
        "retrieved_at": document.retrieved_at.isoformat(),
        "published": document.published,
        "history": visible_history(session, "source", str(source_id), viewer.visibility),
    }


@router.get("/claims/{claim_id:path}", response_class=HTMLResponse)
def claim_page(
    request: Request, session: SessionDep, viewer: CurrentUser, claim_id: Annotated[str, Path(max_length=200)]
) -> HTMLResponse:
    return render(request, "claim.html", {"claim": claim_in_full(session, claim_id, viewer)})


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, session: SessionDep, viewer: CurrentUser, source_id: RowIdPath) -> HTMLResponse:
    return render(request, "source.html", {"source": source_in_full(session, source_id, viewer)})
