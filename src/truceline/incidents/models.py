"""Incidents (what happened), their casualty figures, the parties' claims, and evidence files
with their chain of custody."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from truceline.db import Base, UTCDateTime, utcnow
from truceline.places.models import Place


class Incident(Base):
    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    modality: Mapped[str] = mapped_column(String(16), default="carried_out")
    date_start: Mapped[dt.date] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date] = mapped_column(Date, index=True)
    date_precision: Mapped[str] = mapped_column(String(8))
    place_id: Mapped[str | None] = mapped_column(ForeignKey("places.id"), default=None)
    place_name: Mapped[str | None] = mapped_column(String(200), default=None)
    lat: Mapped[float | None] = mapped_column(Float, default=None)
    lon: Mapped[float | None] = mapped_column(Float, default=None)
    location_precision: Mapped[str] = mapped_column(String(16))
    side: Mapped[str] = mapped_column(String(16), default="undetermined")
    weapons: Mapped[list[str]] = mapped_column(JSON, default=list)
    actors: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text)
    displaced_low: Mapped[int | None] = mapped_column(Integer, default=None)
    displaced_best: Mapped[int | None] = mapped_column(Integer, default=None)
    displaced_high: Mapped[int | None] = mapped_column(Integer, default=None)
    displaced_side: Mapped[str | None] = mapped_column(String(16), default=None)
    #: published records are visible to everyone; unpublished ones to their submitter and observers
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    submitted_for_party: Mapped[str | None] = mapped_column(String(16), default=None)
    #: retracted (``truceline incidents retract``): public pages show the retraction, not the content
    retracted: Mapped[bool] = mapped_column(Boolean, default=False)
    #: retracted because another incident records the same event: that incident's id
    superseded_by: Mapped[str | None] = mapped_column(String(120), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    casualties: Mapped[list[CasualtyFigure]] = relationship(order_by="CasualtyFigure.id", cascade="all, delete-orphan")
    claims: Mapped[list[Claim]] = relationship(order_by="Claim.id", cascade="all, delete-orphan")
    place: Mapped[Place | None] = relationship()


class CasualtyFigure(Base):
    """One reported toll: killed or injured, on one side, civilian or military, low/best/high."""

    __tablename__ = "casualty_figures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id"), index=True)
    category: Mapped[str] = mapped_column(String(16))
    side: Mapped[str] = mapped_column(String(16), default="unknown")
    population: Mapped[str] = mapped_column(String(16), default="unknown")
    low: Mapped[int | None] = mapped_column(Integer, default=None)
    best: Mapped[int | None] = mapped_column(Integer, default=None)
    high: Mapped[int | None] = mapped_column(Integer, default=None)


class Claim(Base):
    """One party's assertion about an incident. Never merged into the incident's facts."""

    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id"), index=True)
    claimant: Mapped[str] = mapped_column(String(16))
    accused: Mapped[str | None] = mapped_column(String(16), default=None)
    assertion: Mapped[str] = mapped_column(String(32))
    stance: Mapped[str] = mapped_column(String(16))
    made_on: Mapped[dt.date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    #: like an incident's: published claims are visible to everyone, unpublished ones to the
    #: party they were submitted for (if any) and observers
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    submitted_for_party: Mapped[str | None] = mapped_column(String(16), default=None)
    #: retracted (``truceline claims retract``): kept, shown as retracted, left out of compliance
    retracted: Mapped[bool] = mapped_column(Boolean, default=False)
    #: what the claimant says was broken: ``<agreement id>`` or ``<agreement id>/<provision number>``
    breaks: Mapped[list[str]] = mapped_column(JSON, default=list)


class Evidence(Base):
    """A file stored by content hash; ``restricted`` files are seen by observers only."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    incident_id: Mapped[str | None] = mapped_column(ForeignKey("incidents.id"), default=None, index=True)
    restricted: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    custody: Mapped[list[CustodyEvent]] = relationship(order_by="CustodyEvent.at", cascade="all, delete-orphan")


class CustodyEvent(Base):
    """One step in an evidence file's chain of custody: who held it, did what, when."""

    __tablename__ = "custody_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    action: Mapped[str] = mapped_column(String(32))  # collected, received, transferred, examined
    holder: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")


class Tally(Base):
    """A count one body published (violations, casualties) over a period, as of a date. Never merged."""

    __tablename__ = "tallies"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    counted_by: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(Text)
    alleged_against: Mapped[str | None] = mapped_column(String(16), default=None)
    agreement_id: Mapped[str | None] = mapped_column(ForeignKey("agreements.id"), default=None)
    period_start: Mapped[dt.date | None] = mapped_column(Date, default=None)
    period_end: Mapped[dt.date | None] = mapped_column(Date, default=None)
    as_of: Mapped[dt.date] = mapped_column(Date, index=True)
    low: Mapped[int | None] = mapped_column(Integer, default=None)
    best: Mapped[int | None] = mapped_column(Integer, default=None)
    high: Mapped[int | None] = mapped_column(Integer, default=None)
    #: ``[{"name", "count"}]`` as published
    categories: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
