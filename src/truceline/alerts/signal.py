"""The escalation signal: a sector's daily incident rate against its own recent baseline.

Pure (no storage): it reads occurrences (an incident's id, kind and dates) and returns numbers,
so anyone can recompute it by hand. The method, with its formula, is in ``docs/early-warning.md``:

- ``x_t``: the day's count. An incident counts 1, spread evenly over the days from its start to
  its end (a week-long shelling adds 1/7 to each of its seven days), so a vaguely dated incident
  weighs no more than an exact one. De-escalating kinds (withdrawals, releases, remains returned)
  and acts only declared are not counted.
- ``z_t = α·x_t + (1 − α)·z_{t−1}``: the exponentially weighted moving average (EWMA).
- ``λ_t``: the baseline, the mean daily count over ``window_days`` days ending ``guard_days``
  before ``t`` (the guard keeps a fresh escalation out of its own baseline for a while), and
  never below ``floor_rate`` (a quiet sector has a small rate, not zero).
- Counts are taken as Poisson with mean ``λ_t``, so the EWMA's standard deviation in control is
  ``σ_t = sqrt(λ_t · α / (2 − α))``; the score is ``(z_t − λ_t) / σ_t`` and the signal is
  *elevated* when the score reaches ``threshold`` (the upper control limit ``λ_t + L·σ_t``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from truceline.vocabulary import IncidentKind, Modality

#: kinds that mark a calming, not an escalation: never counted
DE_ESCALATING_KINDS: frozenset[str] = frozenset(
    {
        IncidentKind.HEAVY_WEAPONS_WITHDRAWAL.value,
        IncidentKind.PRISONER_RELEASE.value,
        IncidentKind.REMAINS_RETURNED.value,
    }
)


@dataclass(frozen=True)
class SignalMethod:
    """The method's parameters (see the module and ``docs/early-warning.md``)."""

    alpha: float = 0.3
    window_days: int = 28
    guard_days: int = 7
    floor_rate: float = 0.05
    threshold: float = 3.0
    #: the incidents shown as driving the signal: those of the last this many days
    driver_days: int = 7
    #: the series starts this many days before ``as_of`` (long enough for the EWMA to forget its start)
    history_days: int = 120

    def __post_init__(self) -> None:
        if not 0 < self.alpha <= 1:
            raise ValueError("alpha must be in (0, 1]")
        if self.window_days < 1 or self.guard_days < 0 or self.driver_days < 1 or self.history_days < 1:
            raise ValueError("window_days, driver_days and history_days must be positive, guard_days not negative")
        if self.floor_rate <= 0 or self.threshold <= 0:
            raise ValueError("floor_rate and threshold must be positive")

    def as_dict(self) -> dict[str, float | int]:
        return {
            "alpha": self.alpha,
            "window_days": self.window_days,
            "guard_days": self.guard_days,
            "floor_rate": self.floor_rate,
            "threshold": self.threshold,
            "driver_days": self.driver_days,
            "history_days": self.history_days,
        }


DEFAULT_METHOD = SignalMethod()


@dataclass(frozen=True)
class Occurrence:
    """What the signal needs to know of an incident."""

    incident_id: str
    kind: str
    date_start: dt.date
    date_end: dt.date
    modality: str = Modality.CARRIED_OUT.value

    @property
    def counted(self) -> bool:
        return self.modality == Modality.CARRIED_OUT.value and self.kind not in DE_ESCALATING_KINDS

    @property
    def days(self) -> int:
        return max((self.date_end - self.date_start).days, 0) + 1

    def weight_on(self, day: dt.date) -> float:
        """This incident's share of ``day``'s count."""
        if not self.counted or not self.date_start <= day <= max(self.date_end, self.date_start):
            return 0.0
        return 1.0 / self.days


@dataclass(frozen=True)
class SignalDay:
    date: dt.date
    count: float
    ewma: float
    baseline: float
    limit: float
    score: float
    elevated: bool


@dataclass(frozen=True)
class Driver:
    """An incident that drives the signal: its share of the counts in the last days."""

    incident_id: str
    kind: str
    date_start: dt.date
    date_end: dt.date
    weight: float


@dataclass(frozen=True)
class Crossing:
    """The day the signal crossed its threshold, upward (``rose``) or back down."""

    date: dt.date
    rose: bool


@dataclass(frozen=True)
class EscalationSignal:
    sector: str
    as_of: dt.date
    method: SignalMethod
    days: tuple[SignalDay, ...]
    drivers: tuple[Driver, ...] = field(default=())

    @property
    def current(self) -> SignalDay:
        return self.days[-1]

    @property
    def elevated(self) -> bool:
        return self.current.elevated

    def on(self, day: dt.date) -> SignalDay:
        for entry in self.days:
            if entry.date == day:
                return entry
        raise KeyError(day)

    @property
    def crossings(self) -> tuple[Crossing, ...]:
        return crossings(self.days)


def daily_counts(occurrences: Iterable[Occurrence], start: dt.date, end: dt.date) -> list[float]:
    """``x_t`` for each day from ``start`` to ``end`` inclusive."""
    length = (end - start).days + 1
    counts = [0.0] * max(length, 0)
    for occurrence in occurrences:
        if not occurrence.counted:
            continue
        share = 1.0 / occurrence.days
        first = max(occurrence.date_start, start)
        last = min(max(occurrence.date_end, occurrence.date_start), end)
        for offset in range((first - start).days, (last - start).days + 1):
            counts[offset] += share
    return counts


def series(
    occurrences: Sequence[Occurrence], start: dt.date, end: dt.date, method: SignalMethod = DEFAULT_METHOD
) -> list[SignalDay]:
    """The signal for each day from ``start`` to ``end``. Days before ``start`` count as recorded
    (their incidents feed the baseline); the EWMA starts at the baseline of ``start``."""
    lead = method.window_days + method.guard_days
    counts = daily_counts(occurrences, start - dt.timedelta(days=lead), end)
    spread = method.alpha / (2 - method.alpha)
    days: list[SignalDay] = []
    ewma: float | None = None
    for offset in range((end - start).days + 1):
        index = lead + offset  # today's position in ``counts``
        window = counts[index - lead : index - method.guard_days]
        baseline = max(sum(window) / method.window_days, method.floor_rate)
        count = counts[index]
        ewma = baseline if ewma is None else ewma
        ewma = method.alpha * count + (1 - method.alpha) * ewma
        sigma = math.sqrt(baseline * spread)
        score = (ewma - baseline) / sigma
        days.append(
            SignalDay(
                date=start + dt.timedelta(days=offset),
                count=round(count, 6),
                ewma=round(ewma, 6),
                baseline=round(baseline, 6),
                limit=round(baseline + method.threshold * sigma, 6),
                score=round(score, 4),
                elevated=score >= method.threshold,
            )
        )
    return days


def drivers(occurrences: Iterable[Occurrence], as_of: dt.date, method: SignalMethod = DEFAULT_METHOD) -> list[Driver]:
    """The counted incidents of the last ``driver_days`` days, heaviest first: what moves the signal."""
    first = as_of - dt.timedelta(days=method.driver_days - 1)
    found: list[Driver] = []
    for occurrence in occurrences:
        weight = sum(occurrence.weight_on(first + dt.timedelta(days=d)) for d in range(method.driver_days))
        if weight > 0:
            found.append(
                Driver(occurrence.incident_id, occurrence.kind, occurrence.date_start, occurrence.date_end, weight)
            )
    return sorted(found, key=lambda d: (-d.weight, d.date_start, d.incident_id))


def crossings(days: Sequence[SignalDay]) -> tuple[Crossing, ...]:
    """Each day the signal went from below its threshold to at or above it, or back."""
    found = []
    for before, today in itertools.pairwise(days):
        if today.elevated != before.elevated:
            found.append(Crossing(today.date, today.elevated))
    return tuple(found)


def escalation_signal(
    sector: str, occurrences: Sequence[Occurrence], as_of: dt.date, method: SignalMethod = DEFAULT_METHOD
) -> EscalationSignal:
    """The signal of one sector up to ``as_of``, with the incidents that drive it."""
    known = [o for o in occurrences if o.date_start <= as_of]
    start = as_of - dt.timedelta(days=method.history_days)
    return EscalationSignal(
        sector=sector,
        as_of=as_of,
        method=method,
        days=tuple(series(known, start, as_of, method)),
        drivers=tuple(drivers(known, as_of, method)),
    )
