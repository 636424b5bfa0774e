"""A commitment's status as of a date: pending, met, overdue or suspended, and why."""

from __future__ import annotations

from operator import attrgetter

from truceline.compliance.in_force import AsOf, Clock
from truceline.compliance.records import CommitmentRecord
from truceline.compliance.results import CommitmentAssessment, DecidingEvent
from truceline.domain.wording import code_text, moment_text
from truceline.vocabulary import CommitmentEventKind, CommitmentStatus

__all__ = [
    "commitment_status",
]


def commitment_status(commitment: CommitmentRecord, as_of: AsOf) -> CommitmentAssessment:
    """A commitment's status as of ``as_of``, from its deadline and its dated events.

    Events on or before ``as_of`` are applied oldest first (ties in the order given):
    ``deadline_changed`` moves the deadline; ``suspended`` suspends it until ``resumed``;
    ``met`` ends it (later events are ignored); ``cancelled`` ends it too (reported as
    ``suspended``, with ``cancelled`` set); ``started`` and ``partial`` are progress. Then:
    met → ``met``; suspended or cancelled → ``suspended``; past the deadline → ``overdue``
    (the deadline day itself is still ``pending``); otherwise ``pending``. A suspension does not
    move the deadline: only a ``deadline_changed`` event does.
    """
    clock = Clock.of(as_of)
    deadline = commitment.deadline
    decided: list[DecidingEvent] = []
    lines: list[str] = []
    if deadline is not None:
        lines.append(f"Deadline {moment_text(deadline)}.")
    else:
        lines.append("No deadline.")
    suspended: DecidingEvent | None = None
    met: DecidingEvent | None = None
    cancelled: DecidingEvent | None = None
    order = sorted(range(len(commitment.events)), key=lambda i: (commitment.events[i].date, i))
    for i in order:
        e = commitment.events[i]
        if e.date > clock.date:
            break
        ev = DecidingEvent(e.date, str(e.kind), e.note, e.by)
        by = f" by {e.by}" if e.by else ""
        note = f" ({e.note})" if e.note else ""
        if met is not None:
            lines.append(f"{moment_text(e.date)}: {code_text(e.kind)}{by} ignored: already met.")
            continue
        decided.append(ev)
        if e.kind == CommitmentEventKind.DEADLINE_CHANGED:
            if e.new_deadline is not None:
                deadline = e.new_deadline
                lines.append(f"{moment_text(e.date)}: deadline moved{by} to {moment_text(deadline)}{note}.")
            else:
                deadline = None
                lines.append(f"{moment_text(e.date)}: deadline removed{by}{note}.")
        elif e.kind == CommitmentEventKind.SUSPENDED:
            suspended = ev
            lines.append(f"{moment_text(e.date)}: suspended{by}{note}.")
        elif e.kind == CommitmentEventKind.RESUMED:
            suspended = None
            cancelled = None
            lines.append(f"{moment_text(e.date)}: resumed{by}{note}.")
        elif e.kind == CommitmentEventKind.MET:
            met = ev
            late = ""
            if deadline is not None and e.date > deadline:
                late = f", {(e.date - deadline).days} days after the deadline"
            lines.append(f"{moment_text(e.date)}: met{by}{late}{note}.")
        elif e.kind == CommitmentEventKind.CANCELLED:
            cancelled = ev
            lines.append(f"{moment_text(e.date)}: cancelled{by}{note}.")
        else:  # started, partial
            lines.append(f"{moment_text(e.date)}: {code_text(e.kind)}{by}{note}.")
    if met is not None:
        status = CommitmentStatus.MET
    elif cancelled is not None:
        status = CommitmentStatus.SUSPENDED
        lines.append("Status suspended: cancelled, no longer expected (no 'cancelled' status exists).")
    elif suspended is not None:
        status = CommitmentStatus.SUSPENDED
        lines.append(
            f"Status suspended since {moment_text(suspended.date)}, not resumed as of {moment_text(clock.value)}."
        )
    elif deadline is not None and clock.date > deadline:
        status = CommitmentStatus.OVERDUE
        decided.append(DecidingEvent(deadline, "deadline", "the deadline passed without the commitment met"))
        lines.append(f"Status overdue: the deadline {moment_text(deadline)} passed and it is not met.")
    else:
        status = CommitmentStatus.PENDING
        lines.append(f"Status pending as of {moment_text(clock.value)}.")
    return CommitmentAssessment(
        id=commitment.id,
        agreement_id=commitment.agreement_id,
        title=commitment.title,
        status=status,
        deadline=deadline,
        decided_by=tuple(sorted(decided, key=attrgetter("date"))),  # stable: same-day order kept
        explanation=tuple(lines),
        cancelled=cancelled is not None and met is None,
        responsible=tuple(commitment.responsible),
        provision_id=f"{commitment.agreement_id}/{commitment.provision_number}"
        if commitment.provision_number
        else None,
        original_deadline=commitment.deadline,
    )
