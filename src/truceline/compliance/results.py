"""What the compliance engine answers: violations, notes, provision states, commitment statuses.

Plain frozen records with ``to_dict`` for the API and the CLI; the engine that fills them is
:mod:`truceline.compliance.evaluate`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from truceline.compliance.in_force import AsOf
from truceline.vocabulary import CommitmentStatus, ViolationStatus

__all__ = [
    "Assessment",
    "CommitmentAssessment",
    "DecidingEvent",
    "Note",
    "NoteKind",
    "ProvisionState",
    "ProvisionStatus",
    "Violation",
]


class ProvisionStatus(StrEnum):
    NOT_YET_IN_FORCE = "not_yet_in_force"
    IN_FORCE = "in_force"
    PAUSED = "paused"  # a party's suspension pauses it (on_suspension: pauses)
    ENDED = "ended"  # its own ``until`` has passed
    SUPERSEDED = "superseded"
    TERMINATED = "terminated"


class NoteKind(StrEnum):
    """A match the engine saw but could not count as a violation."""

    POSSIBLY_BEFORE_ENTRY_INTO_FORCE = "possibly_before_entry_into_force"
    POSSIBLY_AFTER_END = "possibly_after_end"
    PAUSED_BY_SUSPENSION = "paused_by_suspension"
    POSSIBLY_PAUSED_BY_SUSPENSION = "possibly_paused_by_suspension"


@dataclass(frozen=True, slots=True)
class Violation:
    incident_id: str
    provision_id: str
    agreement_id: str
    party: str
    status: ViolationStatus
    #: the chain of reasons, one sentence each, in reading order
    explanation: tuple[str, ...]
    #: the claims that attribute the incident to ``party``
    claim_ids: tuple[str, ...] = ()
    #: the accused party's counter-claims about the same incident
    counter_claim_ids: tuple[str, ...] = ()
    #: the findings (final as of ``as_of``) that bear on this violation
    finding_ids: tuple[str, ...] = ()
    #: facts the engine could not decide: ``("place",)`` when the zone check was undetermined
    undetermined: tuple[str, ...] = ()
    incident_date: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "incident_id": self.incident_id,
            "incident_date": self.incident_date.isoformat() if self.incident_date else None,
            "provision_id": self.provision_id,
            "agreement_id": self.agreement_id,
            "party": self.party,
            "status": str(self.status),
            "explanation": list(self.explanation),
            "claim_ids": list(self.claim_ids),
            "counter_claim_ids": list(self.counter_claim_ids),
            "finding_ids": list(self.finding_ids),
            "undetermined": list(self.undetermined),
        }


@dataclass(frozen=True, slots=True)
class Note:
    """An attributed incident of a forbidden kind that is *not* counted, and why."""

    incident_id: str
    provision_id: str
    agreement_id: str
    party: str
    kind: NoteKind
    explanation: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "incident_id": self.incident_id,
            "provision_id": self.provision_id,
            "agreement_id": self.agreement_id,
            "party": self.party,
            "kind": str(self.kind),
            "explanation": list(self.explanation),
        }


@dataclass(frozen=True, slots=True)
class ProvisionState:
    provision_id: str
    agreement_id: str
    number: str
    status: ProvisionStatus
    #: parties whose suspension of the agreement is in effect as of ``as_of`` (shown even when
    #: the provision continues: a suspension never silently erases an obligation)
    suspended_by: tuple[str, ...]
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "provision_id": self.provision_id,
            "agreement_id": self.agreement_id,
            "number": self.number,
            "status": str(self.status),
            "suspended_by": list(self.suspended_by),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True, slots=True)
class DecidingEvent:
    date: dt.date
    kind: str  # a CommitmentEventKind, or "deadline" for the deadline passing
    note: str = ""
    by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "kind": self.kind, "note": self.note, "by": self.by}


@dataclass(frozen=True, slots=True)
class CommitmentAssessment:
    id: str
    agreement_id: str
    title: str
    status: CommitmentStatus
    #: the deadline in effect as of ``as_of`` (after any ``deadline_changed`` events)
    deadline: dt.date | None
    #: the events, on or before ``as_of``, that led to the status, oldest first
    decided_by: tuple[DecidingEvent, ...]
    explanation: tuple[str, ...] = ()
    #: cancelled: no longer expected (reported as ``suspended``; see docs/compliance.md)
    cancelled: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "agreement_id": self.agreement_id,
            "title": self.title,
            "status": str(self.status),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "decided_by": [e.to_dict() for e in self.decided_by],
            "explanation": list(self.explanation),
            "cancelled": self.cancelled,
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    as_of: AsOf
    violations: tuple[Violation, ...]
    notes: tuple[Note, ...]
    provisions: tuple[ProvisionState, ...]
    commitments: tuple[CommitmentAssessment, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "violations": [v.to_dict() for v in self.violations],
            "notes": [n.to_dict() for n in self.notes],
            "provisions": [p.to_dict() for p in self.provisions],
            "commitments": [c.to_dict() for c in self.commitments],
        }
