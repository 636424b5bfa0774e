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


class SubscribeRequest(BaseModel):
    follow: str = Field(
        default="conflict",
        max_length=240,
        description="conflict, sector:ZONE (sector:all: the whole conflict), agreement:ID or incident:ID",
    )
    channel: str = Field(pattern="^(email|webhook)$", description="email or webhook")
    address: str = Field(min_length=3, max_length=2000, description="the e-mail address or the webhook's http(s) URL")
    events: list[str] | None = Field(
        default=None, max_length=4, description="incident, violation, commitment, signal (default: all that apply)"
    )
    since: str | None = Field(
        default=None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="deadlines and signal crossings after this day are news (default: today)",
    )


class SubscriptionRecord(BaseModel):
    id: int
    conflict: str
    user: str | None
    follows: str
    subject_type: str
    subject_id: str
    channel: str
    address: str
    events: list[str]
    cursor: int = Field(description="the last ledger entry whose changes were turned into notices")
    checked_on: str = Field(description="the last day whose deadlines and signal crossings were looked at")
    active: bool
    created_at: str


class SubscriptionCreated(SubscriptionRecord):
    secret: str | None = Field(
        description="the webhook's HMAC-SHA256 key, shown only now (null for e-mail); "
        "each notice's X-Truceline-Signature is sha256=hex(HMAC(secret, body))"
    )
