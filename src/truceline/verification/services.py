"""Writes for observers' findings: record one, move it through its workflow. Callers commit.

The workflow is the transition table of :mod:`truceline.verification.workflow`; a finding counts
in compliance from the moment it is finalised (``final_at``), so a verdict recomputed as of an
earlier date still sees the old status.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from truceline.db import utcnow
from truceline.errors import Conflict, Forbidden, InvalidInput, NotFound
from truceline.incidents.models import Claim, Evidence, Incident
from truceline.ledger.services import append
from truceline.verification.models import Finding, FindingTransition
from truceline.verification.workflow import (
    INITIAL_STATE,
    FindingAction,
    InvalidTransition,
    NotPermitted,
    authorise,
    transition,
)
from truceline.vocabulary import FindingResult, Role


def add_finding(
    session: Session,
    *,
    result: FindingResult,
    reasoning: str,
    author: str,
    role: Role,
    incident_id: str | None = None,
    claim_id: str | None = None,
    party: str | None = None,
    evidence_ids: list[int] | None = None,
    supersedes_id: int | None = None,
) -> Finding:
    """Record a draft finding about an incident or about one claim."""
    _authorise(FindingAction.CREATE, role)
    if (incident_id is None) == (claim_id is None):
        raise InvalidInput("a finding concerns exactly one incident or one claim")
    if incident_id is not None:
        incident = session.get(Incident, incident_id)
        if incident is None:
            raise NotFound(f"no incident {incident_id!r}")
    else:
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise NotFound(f"no claim {claim_id!r}")
        incident = session.get(Incident, claim.incident_id)
        assert incident is not None  # a claim's incident exists (foreign key)
    if not reasoning.strip():
        raise InvalidInput("a finding needs its reasoning")
    for evidence_id in evidence_ids or []:
        if session.get(Evidence, evidence_id) is None:
            raise NotFound(f"no evidence {evidence_id}")
    if supersedes_id is not None:
        earlier = session.get(Finding, supersedes_id)
        if earlier is None:
            raise NotFound(f"no finding {supersedes_id} to supersede")
        if (earlier.incident_id, earlier.claim_id) != (incident_id, claim_id):
            raise InvalidInput(f"finding {supersedes_id} is about another incident or claim")
    finding = Finding(
        conflict_id=incident.conflict_id,
        incident_id=incident_id,
        claim_id=claim_id,
        result=FindingResult(result).value,
        state=INITIAL_STATE.value,
        reasoning=reasoning.strip(),
        party=party,
        supersedes_id=supersedes_id,
        evidence_ids=list(evidence_ids or []),
        author=author,
    )
    session.add(finding)
    session.flush()
    append(
        session,
        actor=author,
        action="verification:finding:add",
        subject_type="finding",
        subject_id=str(finding.id),
        payload={
            "incident_id": incident_id,
            "claim_id": claim_id,
            "result": finding.result,
            "reasoning": finding.reasoning,
            "party": party,
            "evidence_ids": finding.evidence_ids,
            "supersedes_id": supersedes_id,
        },
    )
    return finding


def act_on_finding(
    session: Session,
    finding_id: int,
    action: FindingAction,
    *,
    actor: str,
    role: Role,
    at: dt.datetime | None = None,
) -> Finding:
    """Submit, return, finalise or withdraw a finding, as the transition table allows."""
    finding = session.get(Finding, finding_id)
    if finding is None:
        raise NotFound(f"no finding {finding_id}")
    _authorise(action, role, actor=actor, author=finding.author)
    try:
        new_state = transition(finding.state, action)
    except InvalidTransition as exc:
        raise Conflict(str(exc)) from None
    moment = at or utcnow()
    session.add(
        FindingTransition(
            finding_id=finding.id,
            from_state=finding.state,
            to_state=new_state.value,
            action=FindingAction(action).value,
            actor=actor,
            at=moment,
        )
    )
    previous = finding.state
    finding.state = new_state.value
    if new_state.value == "final":
        finding.final_at = moment
    session.flush()
    append(
        session,
        actor=actor,
        action=f"verification:finding:{FindingAction(action).value}",
        subject_type="finding",
        subject_id=str(finding.id),
        payload={"from": previous, "to": new_state.value, "at": moment},
    )
    return finding


def _authorise(action: FindingAction, role: Role, *, actor: str | None = None, author: str | None = None) -> None:
    try:
        authorise(action, role, actor=actor, author=author)
    except NotPermitted as exc:
        raise Forbidden(str(exc)) from None
