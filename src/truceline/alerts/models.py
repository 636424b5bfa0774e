"""Subscriptions (a user follows a conflict, sector, agreement or incident) and the notices
computed for them, each kept once by its key so that it is sent once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from truceline.db import Base, UTCDateTime, utcnow


class Subscription(Base):
    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    #: the subscriber: notices hold only what this user's role may see
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: conflict, sector, agreement or incident
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(200))
    #: email or webhook
    channel: Mapped[str] = mapped_column(String(16))
    #: the e-mail address or the webhook's URL
    address: Mapped[str] = mapped_column(String(2000))
    #: the webhook's HMAC-SHA256 key (hex); None for e-mail
    secret: Mapped[str | None] = mapped_column(String(128), default=None)
    #: which events: incident, violation, commitment, signal
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: the last ledger entry (seq) whose changes have been turned into notices
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    #: the last day whose dated events (deadlines, signal crossings) have been looked at
    checked_on: Mapped[dt.date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Notice(Base):
    """One thing to tell one subscription, unique by ``key`` within it (so computed twice, kept
    once); ``sent_at`` is set when it has been delivered."""

    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("subscription_id", "key", name="uq_notices_subscription_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    key: Mapped[str] = mapped_column(String(300))
    event: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None, index=True)
    #: a sender is delivering it since then (a claim that goes stale after a few minutes)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
