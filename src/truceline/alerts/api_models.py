"""The API's shapes for the escalation signal and subscriptions."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SignalMethodRecord(BaseModel):
    alpha: float = Field(description="EWMA smoothing weight α")
    window_days: int = Field(description="days in the baseline window")
    guard_days: int = Field(description="days between the baseline window and the day judged")
    floor_rate: float = Field(description="the lowest baseline, incidents a day")
    threshold: float = Field(description="the score at which the signal is elevated (L)")
    driver_days: int = Field(description="incidents of this many last days are shown as drivers")
    history_days: int = Field(description="days of series computed before as_of")


class SignalDayRecord(BaseModel):
    date: str
    count: float = Field(description="incidents that day (a multi-day incident spread over its days)")
    ewma: float = Field(description="z: the exponentially weighted moving average of the counts")
    baseline: float = Field(description="λ: the baseline rate, incidents a day")
    limit: float = Field(description="the upper control limit λ + L·σ")
    score: float = Field(description="(z − λ) / σ")
    elevated: bool


class CrossingRecord(BaseModel):
    date: str
    rose: bool = Field(description="true: crossed the threshold upward; false: fell back below it")


class DriverRecord(BaseModel):
    incident_id: str
    kind: str
    date_start: str
    date_end: str
    weight: float = Field(description="the incident's share of the counts over the last driver_days days")


class EscalationSignalRecord(BaseModel):
    sector: str = Field(description="'all' (the whole conflict) or a zone id")
    sector_name: str
    as_of: str
    method: SignalMethodRecord
    current: SignalDayRecord
    elevated: bool
    days: list[SignalDayRecord]
    crossings: list[CrossingRecord]
    drivers: list[DriverRecord]
