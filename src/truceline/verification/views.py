"""The findings form: an observer records a conclusion about an incident or one of its claims."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from truceline.auth.deps import ObserverUser
from truceline.conflicts.services import conflict_definition
from truceline.incidents.detail import incident_detail, visible_incident
from truceline.verification.api import finding_action
from truceline.verification.queries import incident_findings
from truceline.verification.services import act_on_finding, add_finding
from truceline.vocabulary import FindingResult
from truceline.web.api_models import RowIdPath
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()


@router.get("/incidents/{incident_id}/findings/new", response_class=HTMLResponse)
def finding_form(
    request: Request, session: SessionDep, viewer: ObserverUser, incident_id: Annotated[str, Path(max_length=120)]
) -> HTMLResponse:
    record = incident_detail(session, incident_id, viewer)
    record["findings"] = incident_findings(session, incident_id, observer=viewer.is_observer)
    parties = list(conflict_definition(session, record["conflict"]).principals)
    return render(
        request, "finding_form.html", {"incident": record, "results": list(FindingResult), "parties": parties}
    )


@router.post("/incidents/{incident_id}/findings")
def finding_submit(
    session: SessionDep,
    viewer: ObserverUser,
    incident_id: Annotated[str, Path(max_length=120)],
    result: Annotated[FindingResult, Form()],
    reasoning: Annotated[str, Form(min_length=1, max_length=20_000)],
    claim_id: Annotated[str, Form(max_length=200)] = "",
    party: Annotated[str, Form(max_length=16)] = "",
    supersedes_id: Annotated[str, Form(max_length=20)] = "",
) -> RedirectResponse:
    visible_incident(session, incident_id, viewer)  # exists and is visible
    add_finding(
        session,
        result=result,
        reasoning=reasoning,
        author=viewer.actor,
        role=viewer.role,
        incident_id=None if claim_id else incident_id,
        claim_id=claim_id or None,
        party=party.upper() or None,
        supersedes_id=int(supersedes_id) if supersedes_id.isdigit() else None,
    )
    return RedirectResponse(f"/incidents/{incident_id}#findings", status_code=303)


@router.post("/incidents/{incident_id}/findings/{finding_id}/{action}")
def finding_action_submit(
    session: SessionDep,
    viewer: ObserverUser,
    incident_id: Annotated[str, Path(max_length=120)],
    finding_id: RowIdPath,
    action: Annotated[str, Path(max_length=32)],
) -> RedirectResponse:
    act_on_finding(session, finding_id, finding_action(action), actor=viewer.actor, role=viewer.role)
    return RedirectResponse(f"/incidents/{incident_id}#findings", status_code=303)
