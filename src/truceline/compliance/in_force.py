"""Whether a provision is in force at a time: the clock, suspensions and in-force windows.

``as_of`` is read through :class:`Clock` (a date is the end of that day, each event in its own
local time; a datetime is an instant). An agreement's suspensions and its first supersession or
termination are read from its events known as of ``as_of``; :func:`compile_window` turns one
provision binding one party into a :class:`Window` of local day ordinals, against which an
incident's dates are placed before, within, straddling or after. See ``docs/compliance.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from truceline.compliance.records import AgreementEventRecord, AgreementState, ProvisionRule
from truceline.domain.conflict import principal_of
from truceline.domain.wording import code_text, moment_text
from truceline.vocabulary import AgreementEventKind

__all__ = [
    "AFTER",
    "BEFORE",
    "STRADDLES",
    "WITHIN",
    "AsOf",
    "Clock",
    "Suspension",
    "Window",
    "agreement_ending",
    "agreement_suspensions",
    "aware",
    "compile_window",
    "party_label",
]


AsOf = dt.date | dt.datetime


@dataclass(frozen=True, slots=True)
class Clock:
    """``as_of`` as a date (end of that day, each event in its own local time) or an instant."""

    value: AsOf
    date: dt.date
    instant: dt.datetime | None

    @classmethod
    def of(cls, as_of: AsOf) -> Clock:
        if isinstance(as_of, dt.datetime):
            if as_of.tzinfo is None or as_of.utcoffset() is None:
                raise ValueError("as_of as a datetime needs a UTC offset, e.g. 2025-12-31T23:59:00+07:00")
            return cls(as_of, as_of.date(), as_of)
        return cls(as_of, as_of, None)

    def knows(self, moment: dt.datetime) -> bool:
        """Whether a dated event has happened as of ``as_of``."""
        if self.instant is not None:
            return moment <= self.instant
        return moment.date() <= self.date


def aware(moment: dt.datetime, like: dt.datetime) -> dt.datetime:
    """A naive datetime is read in the time zone of ``like`` (the agreement's effective time)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=like.tzinfo)
    return moment


def first_full_day(boundary: dt.datetime) -> int:
    """Ordinal of the first local day that starts at or after ``boundary``."""
    midnight = (boundary.hour, boundary.minute, boundary.second, boundary.microsecond) == (0, 0, 0, 0)
    return boundary.date().toordinal() + (0 if midnight else 1)


def day_of(boundary: dt.datetime) -> int:
    """Ordinal of the local day ``boundary`` falls in: a range ending before it ends before it."""
    return boundary.date().toordinal()


# Relation of an incident's dates [a, b] (local day ordinals) to a boundary-delimited period
BEFORE, WITHIN, STRADDLES, AFTER = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Suspension:
    by: str | None
    start: dt.datetime
    end: dt.datetime | None  # resumed at
    start_day: int
    start_full: int
    end_day: int | None
    end_full: int | None
    line: str

    def relation(self, a: int, b: int) -> int:
        if b < self.start_day or (self.end_full is not None and a >= self.end_full):
            return BEFORE  # outside the suspension
        if a >= self.start_full and (self.end_day is None or b < self.end_day):
            return WITHIN
        return STRADDLES


@dataclass(frozen=True, slots=True)
class Window:
    """When one provision binds one party, compiled to day ordinals."""

    rule: ProvisionRule
    party: str
    start: dt.datetime
    end: dt.datetime | None
    start_day: int
    start_full: int
    end_day: int | None
    end_full: int | None
    suspensions: tuple[Suspension, ...]
    #: provision and in-force sentences, shared by every violation of this window
    lines: tuple[str, ...]

    def relation(self, a: int, b: int) -> int:
        if b < self.start_day:
            return BEFORE
        if self.end_full is not None and a >= self.end_full:
            return AFTER
        if a >= self.start_full and (self.end_day is None or b < self.end_day):
            return WITHIN
        return STRADDLES


def party_label(party: str | None) -> str:
    return party if party is not None else "a party (unnamed)"


def agreement_suspensions(agreement: AgreementState, clock: Clock) -> list[Suspension]:
    """The suspension intervals known as of ``as_of``, by suspending party."""
    open_: dict[str | None, AgreementEventRecord] = {}
    out: list[Suspension] = []
    events = sorted(
        (e for e in agreement.events if clock.knows(aware(e.date, agreement.effective_from))),
        key=lambda e: aware(e.date, agreement.effective_from),
    )

    def close(by: str | None, started: AgreementEventRecord, resumed: AgreementEventRecord | None) -> None:
        start = aware(started.date, agreement.effective_from)
        end = aware(resumed.date, agreement.effective_from) if resumed is not None else None
        note = f" ({started.note})" if started.note else ""
        if end is None:
            span = f"from {moment_text(start)}, not resumed as of {moment_text(clock.value)}"
        else:
            span = f"from {moment_text(start)} until resumed on {moment_text(end)}"
        out.append(
            Suspension(
                by=by,
                start=start,
                end=end,
                start_day=day_of(start),
                start_full=first_full_day(start),
                end_day=day_of(end) if end is not None else None,
                end_full=first_full_day(end) if end is not None else None,
                line=f"Agreement {agreement.id} suspended by {party_label(by)} {span}{note}.",
            )
        )

    for e in events:
        if e.kind == AgreementEventKind.SUSPENDED:
            open_.setdefault(e.by, e)
        elif e.kind == AgreementEventKind.RESUMED:
            if e.by is None:  # resumed by all
                for by in sorted(open_, key=lambda p: p or ""):
                    close(by, open_.pop(by), e)
            elif e.by in open_:
                close(e.by, open_.pop(e.by), e)
    for by in sorted(open_, key=lambda p: p or ""):
        close(by, open_[by], None)
    out.sort(key=lambda s: (s.start, s.by or ""))
    return out


def agreement_ending(agreement: AgreementState, clock: Clock) -> tuple[dt.datetime, AgreementEventRecord] | None:
    """The first supersession or termination known as of ``as_of``."""
    ends = [
        (aware(e.date, agreement.effective_from), e)
        for e in agreement.events
        if e.kind in (AgreementEventKind.SUPERSEDED, AgreementEventKind.TERMINATED)
        and clock.knows(aware(e.date, agreement.effective_from))
    ]
    if not ends:
        return None
    return min(ends, key=lambda t: (t[0], t[1].kind))


def compile_window(
    rule: ProvisionRule,
    agreement: AgreementState,
    party: str,
    clock: Clock,
    suspensions: Sequence[Suspension],
    party_of: Mapping[str, str],
) -> Window:
    eff = agreement.effective_from
    lines = [_provision_line(rule)]
    if rule.in_force_from is not None:
        start = aware(rule.in_force_from, eff)
        start_reason = "the provision's own start"
    else:
        start = eff
        start_reason = f"the effective time of agreement {agreement.id}"
    for e in agreement.events:  # a party's own entry into force (e.g. a treaty's ratification)
        moment = aware(e.date, eff)
        if (
            e.kind == AgreementEventKind.IN_FORCE
            and e.by is not None
            and principal_of(party_of, e.by) == party
            and clock.knows(moment)
            and moment > start
        ):
            start, start_reason = moment, f"its entry into force for {party}"
    end: dt.datetime | None = None
    end_reason = ""
    if rule.in_force_until is not None:
        end, end_reason = aware(rule.in_force_until, eff), "the provision's own end"
    ending = agreement_ending(agreement, clock)
    if ending is not None and (end is None or ending[0] < end):
        moment, event = ending
        end = moment
        if event.kind == AgreementEventKind.SUPERSEDED:
            by = f" by {event.superseded_by}" if event.superseded_by else ""
            end_reason = f"agreement {agreement.id} superseded{by}"
        else:
            end_reason = f"agreement {agreement.id} terminated" + (f" by {event.by}" if event.by else "")
    until = f" until {moment_text(end)} ({end_reason})" if end is not None else ""
    lines.append(f"In force for {party} from {moment_text(start)} ({start_reason}){until}.")
    return Window(
        rule=rule,
        party=party,
        start=start,
        end=end,
        start_day=day_of(start),
        start_full=first_full_day(start),
        end_day=day_of(end) if end is not None else None,
        end_full=first_full_day(end) if end is not None else None,
        suspensions=tuple(suspensions),
        lines=tuple(lines),
    )


def _provision_line(rule: ProvisionRule) -> str:
    kinds = ", ".join(code_text(k) for k in sorted(rule.forbidden_kinds))
    where = f" within zone {rule.zone_id}" if rule.zone_id else ""
    declared = " (declared acts included)" if rule.include_declared else ""
    summary = f': "{rule.summary}"' if rule.summary else ""
    return f"Provision {rule.id} binds {', '.join(rule.binds)}; it forbids {kinds}{where}{declared}{summary}."
