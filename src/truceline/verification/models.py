"""Observers' findings about incidents and claims, with their workflow history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from truceline.db import Base, UTCDateTime, utcnow


class Finding(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    incident_id: Mapped[str | None] = mapped_column(ForeignKey("incidents.id"), default=None, index=True)
    claim_id: Mapped[str | None] = mapped_column(ForeignKey("claims.id"), default=None, index=True)
    result: Mapped[str] = mapped_column(String(24))  # verified, not_substantiated, inconclusive
    state: Mapped[str] = mapped_column(String(16), default="draft")
    reasoning: Mapped[str] = mapped_column(Text)
    #: for a finding on an incident: the party the observers attribute the act to
    party: Mapped[str | None] = mapped_column(String(16), default=None)
    #: an earlier finding this one corrects; once this one is final the earlier one no longer counts
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id"), default=None)
    evidence_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when it became final; verdicts before this time do not see it
    final_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)

    transitions: Mapped[list[FindingTransition]] = relationship(
        order_by="FindingTransition.id", cascade="all, delete-orphan"
    )


class FindingTransition(Base):
    __tablename__ = "finding_transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), index=True)
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
