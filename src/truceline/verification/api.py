"""``/api/v1/findings``: observers record their conclusions about incidents and claims.

Writes go through ``truceline.verification.services`` (``add_finding``, ``act_on_finding``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from truceline.auth.deps import ObserverUser
from truceline.errors import InvalidInput
from truceline.verification.api_models import FindingRecord
from truceline.verification.queries import finding_record
from truceline.verification.services import act_on_finding, add_finding
from truceline.verification.workflow import FindingAction
from truceline.vocabulary import FindingResult
from truceline.web.api_models import JsonRowId, RowIdPath, error_responses
from truceline.web.deps import SessionDep

router = APIRouter(tags=["verification"])

#: the actions on an existing finding (every :class:`FindingAction` but ``create``)
WorkflowAction = Literal["submit", "return", "finalise", "withdraw"]


class NewFinding(BaseModel):
    incident_id: str | None = Field(default=None, max_length=120)
    claim_id: str | None = Field(default=None, max_length=200)
    result: FindingResult
    reasoning: str = Field(min_length=1, max_length=20_000)
    evidence_ids: list[JsonRowId] = Field(default_factory=list, max_length=100)
    party: str | None = Field(
        default=None, max_length=16, description="For a finding on an incident: the party the act is attributed to."
    )
    supersedes_id: JsonRowId | None = Field(default=None, description="An earlier finding this one corrects.")


@router.post(
    "/findings",
    status_code=201,
    summary="Record a finding (observers)",
    responses=error_responses(400, 401, 403, 404, 422),
)
def finding_endpoint(session: SessionDep, viewer: ObserverUser, body: NewFinding) -> FindingRecord:
    finding = add_finding(
        session,
        result=body.result,
        reasoning=body.reasoning,
        author=viewer.actor,
        role=viewer.role,
        incident_id=body.incident_id,
        claim_id=body.claim_id,
        evidence_ids=body.evidence_ids,
        party=body.party.upper() if body.party else None,
        supersedes_id=body.supersedes_id,
    )
    return FindingRecord.model_validate(finding_record(finding))


@router.post(
    "/findings/{finding_id}/{action}",
    summary="Move a finding through its workflow (observers)",
    responses=error_responses(401, 403, 404, 409, 422),
)
def finding_action_endpoint(
    session: SessionDep,
    viewer: ObserverUser,
    finding_id: RowIdPath,
    action: Annotated[WorkflowAction, Path(description="What to do with the finding.")],
) -> FindingRecord:
    finding = act_on_finding(session, finding_id, finding_action(action), actor=viewer.actor, role=viewer.role)
    return FindingRecord.model_validate(finding_record(finding))


def finding_action(action: str) -> FindingAction:
    try:
        return FindingAction(action)
    except ValueError:
        raise InvalidInput(f"unknown action {action!r}; actions: {', '.join(a.value for a in FindingAction)}") from None
