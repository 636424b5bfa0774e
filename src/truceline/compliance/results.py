"""What the compliance engine answers: violations, notes, allegations, provision states,
commitment statuses, and the one compliance document built from them.

Plain frozen records with ``to_dict``; the engine that fills them is
:mod:`truceline.compliance.evaluate`. :func:`compliance_document` is the JSON document the CLI
(``truceline compliance --json``), the API (``/api/v1/compliance``) and the dashboard all use.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from truceline.compliance.in_force import AsOf
from truceline.vocabulary import CommitmentStatus, ViolationStatus

__all__ = [
    "UNDETERMINED_PARTY",
    "Allegation",
    "Assessment",
    "CommitmentAssessment",
    "DecidingEvent",
    "Note",
    "NoteKind",
    "ProvisionState",
    "ProvisionStatus",
    "Violation",
    "compliance_document",
]

#: the matrix column (and ``--party`` value) of violations whose party is undetermined; party
#: codes are upper case, so it never clashes with one
UNDETERMINED_PARTY = "undetermined"


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
    #: party undetermined, and whether the provision was in force depends on who acted
    IN_FORCE_FOR_SOME_PARTIES_ONLY = "in_force_for_some_parties_only"


@dataclass(frozen=True, slots=True)
class Violation:
    incident_id: str
    provision_id: str
    agreement_id: str
    #: the party it is attributed to; ``None``: a breach with the party undetermined
    party: str | None
    status: ViolationStatus
    #: the chain of reasons, one sentence each, in reading order
    explanation: tuple[str, ...]
    #: the claims that attribute the incident to ``party``
    claim_ids: tuple[str, ...] = ()
    #: the accused party's counter-claims about the same incident
    counter_claim_ids: tuple[str, ...] = ()
    #: the findings (final as of ``as_of``) that bear on this violation
    finding_ids: tuple[str, ...] = ()
    #: facts the engine could not decide: ``"party"`` when no claim, finding or actor names
    #: who did it; ``"place"`` when the zone check was undetermined or the lines disagree
    undetermined: tuple[str, ...] = ()
    incident_date: dt.date | None = None
    #: zoned provisions: ``inside``, ``undetermined`` or ``disputed`` (the versions of the line
    #: disagree); ``None`` for a provision without a zone
    zone_verdict: str | None = None
    #: when the versions of the line disagree: (``None`` for the agreed line or a party code,
    #: inside?) for each version, agreed line first
    zone_by_line: tuple[tuple[str | None, bool | None], ...] = ()

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
            "zone_verdict": self.zone_verdict,
            "zone_by_line": [{"line": line, "inside": inside} for line, inside in self.zone_by_line],
        }


@dataclass(frozen=True, slots=True)
class Note:
    """An attributed incident of a forbidden kind that is *not* counted, and why."""

    incident_id: str
    provision_id: str
    agreement_id: str
    #: ``None``: the party is undetermined
    party: str | None
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
class Allegation:
    """A claim naming an agreement or provision it says was broken, beside the rules' verdict.

    The claim is the party's word: it is shown whether or not the rules find a violation.
    """

    claim_id: str
    incident_id: str
    incident_date: dt.date | None
    claimant: str
    accused: str | None
    stance: str
    assertion: str
    made_on: dt.date
    #: as the claim names it: ``"<agreement id>"`` or ``"<agreement id>/<number>"``
    target: str
    agreement_id: str
    #: ``None`` when the claim names the agreement as a whole
    provision_id: str | None
    #: the target is an agreement (or provision) in the record
    known: bool
    #: the rule-based violations of the target by the same incident (against the accused party,
    #: when the claim names one): (provision id, party or ``None``, status)
    verdicts: tuple[tuple[str, str | None, str], ...]
    #: one sentence in plain English, e.g. "Alleged by A against B …; no rule-based violation."
    line: str
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "agreement_id": self.agreement_id,
            "provision_id": self.provision_id,
            "known": self.known,
            "claim_id": self.claim_id,
            "claimant": self.claimant,
            "accused": self.accused,
            "stance": self.stance,
            "assertion": self.assertion,
            "made_on": self.made_on.isoformat(),
            "incident_id": self.incident_id,
            "incident_date": self.incident_date.isoformat() if self.incident_date else None,
            "summary": self.summary,
            "rule_based": [
                {"provision_id": provision_id, "party": party, "status": status}
                for provision_id, party, status in self.verdicts
            ],
            "line": self.line,
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
    #: the parties it binds
    binds: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "provision_id": self.provision_id,
            "agreement_id": self.agreement_id,
            "number": self.number,
            "status": str(self.status),
            "binds": list(self.binds),
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
    responsible: tuple[str, ...] = ()
    provision_id: str | None = None
    #: the deadline first set, before any ``deadline_changed`` event
    original_deadline: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "agreement_id": self.agreement_id,
            "provision_id": self.provision_id,
            "title": self.title,
            "responsible": list(self.responsible),
            "status": str(self.status),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "original_deadline": self.original_deadline.isoformat() if self.original_deadline else None,
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
    #: claims naming what they say was broken, beside the rules' verdicts
    allegations: tuple[Allegation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The whole assessment as one compliance document (see :func:`compliance_document`)."""
        return compliance_document(self)


def party_column(party: str | None) -> str:
    """A violation's party as a matrix column: its code, or ``undetermined``."""
    return party if party is not None else UNDETERMINED_PARTY


def compliance_document(
    assessment: Assessment,
    *,
    party: str | None = None,
    agreement: str | None = None,
    visible: Container[str] | None = None,
    tallies: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The compliance document: one JSON shape for the CLI, the API, the dashboard and exports.

    ``party`` keeps the violations and notes of that party (``undetermined``: those whose party
    is undetermined) and the allegations it makes or faces; ``agreement`` keeps what concerns
    that agreement; ``visible`` (incident ids) keeps what concerns incidents the reader may see.

    Keys: ``as_of``; ``filters``; ``parties`` (the matrix columns: the parties bound by the
    provisions shown or attributed a violation, then ``undetermined`` when any violation has no
    party); ``matrix`` (one cell per provision × party column, counts by status); ``violations``;
    ``notes``; ``allegations`` (grouped by what they name, each with the rules' verdict);
    ``provisions``; ``commitments``; ``tallies`` (the counts bodies published as of the date, each
    as published, beside the incidents: never added to them or to one another).
    """

    def wanted(party_code: str | None, agreement_id: str, incident_id: str | None) -> bool:
        return (
            (party is None or party_column(party_code) == party)
            and (agreement is None or agreement_id == agreement)
            and (visible is None or incident_id is None or incident_id in visible)
        )

    violations = [v for v in assessment.violations if wanted(v.party, v.agreement_id, v.incident_id)]
    notes = [n for n in assessment.notes if wanted(n.party, n.agreement_id, n.incident_id)]
    allegations = [
        a
        for a in assessment.allegations
        if (party is None or party in {a.claimant, party_column(a.accused)})
        and (agreement is None or a.agreement_id == agreement)
        and (visible is None or a.incident_id in visible)
    ]
    provisions = [p for p in assessment.provisions if agreement is None or p.agreement_id == agreement]
    commitments = [c for c in assessment.commitments if agreement is None or c.agreement_id == agreement]
    counts: Counter[tuple[str, str, str]] = Counter(
        (v.provision_id, party_column(v.party), str(v.status)) for v in violations
    )
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for (provision_id, column, status), n in counts.items():
        cells.setdefault((provision_id, column), {s.value: 0 for s in ViolationStatus})[status] = n
    named = {p for state in provisions for p in state.binds} | {v.party for v in violations if v.party is not None}
    if party is not None:
        named &= {party}
    columns = sorted(named) + ([UNDETERMINED_PARTY] if any(v.party is None for v in violations) else [])
    as_of = assessment.as_of
    return {
        "as_of": as_of.isoformat(),
        "filters": {"party": party, "agreement": agreement},
        "parties": columns,
        "matrix": [
            {"provision_id": provision_id, "party": column, "counts": c, "total": sum(c.values())}
            for (provision_id, column), c in sorted(cells.items())
        ],
        "violations": [v.to_dict() for v in violations],
        "notes": [n.to_dict() for n in notes],
        "allegations": [a.to_dict() for a in sorted(allegations, key=_allegation_order)],
        "provisions": [p.to_dict() for p in provisions],
        "commitments": [c.to_dict() for c in commitments],
        "tallies": [
            dict(t)
            for t in tallies
            if str(t["as_of"]) <= as_of.isoformat()[:10]
            and (agreement is None or t.get("agreement_id") == agreement)
            and (party is None or party in {t.get("counted_by"), t.get("alleged_against")})
        ],
    }


def _allegation_order(a: Allegation) -> tuple[str, str, str]:
    return (a.target, (a.incident_date or a.made_on).isoformat(), a.claim_id)
