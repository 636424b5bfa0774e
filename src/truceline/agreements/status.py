"""An agreement's status at a date, derived from its dated events (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class DatedEvent(Protocol):
    @property
    def date(self) -> dt.datetime: ...
    @property
    def kind(self) -> str: ...
    @property
    def by_party(self) -> str | None: ...
    @property
    def superseded_by(self) -> str | None: ...


@dataclass(frozen=True)
class AgreementStatus:
    status: str  # not_yet_in_force, in_force, suspended, superseded, terminated
    suspended_by: tuple[str, ...] = ()
    superseded_by: str | None = None

    def label(self) -> str:
        if self.status == "suspended":
            return f"suspended by {', '.join(self.suspended_by)}"
        if self.status == "superseded" and self.superseded_by:
            return f"superseded by {self.superseded_by}"
        return self.status.replace("_", " ")


def agreement_status(effective_from: dt.datetime, events: Sequence[DatedEvent], at: dt.datetime) -> AgreementStatus:
    """Replay the events up to ``at``: suspensions by a party last until that party resumes."""
    if at < effective_from:
        return AgreementStatus("not_yet_in_force")
    suspended: list[str] = []
    for event in sorted(events, key=lambda e: e.date):
        if event.date > at:
            break
        if event.kind == "superseded":
            return AgreementStatus("superseded", superseded_by=event.superseded_by)
        if event.kind == "terminated":
            return AgreementStatus("terminated")
        if event.kind == "suspended":
            party = event.by_party or "a party"
            if party not in suspended:
                suspended.append(party)
        elif event.kind == "resumed":
            party = event.by_party or "a party"
            if party in suspended:
                suspended.remove(party)
            elif event.by_party is None:
                suspended.clear()
    if suspended:
        return AgreementStatus("suspended", suspended_by=tuple(suspended))
    return AgreementStatus("in_force")
