"""Agreements, their provisions (machine-checkable rules) and status events; commitments,
meetings, letters, statements and the treaties letters are written under."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from truceline.db import Base, LocalDateTime
from truceline.versions.kinds import VersionedKind, fields_of, register, typed


class Agreement(Base):
    __tablename__ = "agreements"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(32))
    signed_on: Mapped[dt.date] = mapped_column(Date)
    signed_at: Mapped[str | None] = mapped_column(String(200), default=None)
    signatories: Mapped[list[str]] = mapped_column(JSON, default=list)
    witnesses: Mapped[list[str]] = mapped_column(JSON, default=list)
    effective_from: Mapped[dt.datetime] = mapped_column(LocalDateTime)
    summary: Mapped[str] = mapped_column(Text, default="")
    #: regular expressions (case-insensitive) by which reports name this agreement
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)

    provisions: Mapped[list[Provision]] = relationship(
        back_populates="agreement", order_by="Provision.position", cascade="all, delete-orphan"
    )
    events: Mapped[list[AgreementEvent]] = relationship(order_by="AgreementEvent.id", cascade="all, delete-orphan")


class AgreementEvent(Base):
    __tablename__ = "agreement_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    date: Mapped[dt.datetime] = mapped_column(LocalDateTime)
    kind: Mapped[str] = mapped_column(String(32))
    by_party: Mapped[str | None] = mapped_column(String(16), default=None)
    superseded_by: Mapped[str | None] = mapped_column(String(120), default=None)
    note: Mapped[str] = mapped_column(Text, default="")


class Provision(Base):
    """One numbered obligation; ``rule`` holds the checkable part (see docs/compliance.md)."""

    __tablename__ = "provisions"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)  # "<agreement>/<number>"
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    number: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text)
    binds: Mapped[list[str]] = mapped_column(JSON)
    #: {"forbids": {...}} or {"requires": {...}}, plus {"in_force": {...}}, as in the casebook schema
    rule: Mapped[dict[str, Any]] = mapped_column(JSON)

    agreement: Mapped[Agreement] = relationship(back_populates="provisions")


class Commitment(Base):
    __tablename__ = "commitments"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    provision_id: Mapped[str | None] = mapped_column(ForeignKey("provisions.id"), default=None)
    title: Mapped[str] = mapped_column(String(500))
    responsible: Mapped[list[str]] = mapped_column(JSON)
    deadline: Mapped[dt.date | None] = mapped_column(Date, default=None)

    events: Mapped[list[CommitmentEvent]] = relationship(order_by="CommitmentEvent.date", cascade="all, delete-orphan")


class CommitmentEvent(Base):
    __tablename__ = "commitment_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commitment_id: Mapped[str] = mapped_column(ForeignKey("commitments.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    by_party: Mapped[str | None] = mapped_column(String(16), default=None)
    new_deadline: Mapped[dt.date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    body: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(500))
    date_start: Mapped[dt.date] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date, default=None)
    place_name: Mapped[str] = mapped_column(String(200))
    chairs: Mapped[list[str]] = mapped_column(JSON, default=list)
    observers: Mapped[list[str]] = mapped_column(JSON, default=list)
    agenda: Mapped[list[str]] = mapped_column(JSON, default=list)
    outcome: Mapped[str] = mapped_column(Text, default="")
    agreement_id: Mapped[str | None] = mapped_column(ForeignKey("agreements.id"), default=None)
    planned: Mapped[bool] = mapped_column(Boolean, default=False)
    #: a party's submission is unpublished (seen by that party, observers, coordinators) until published
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    submitted_for_party: Mapped[str | None] = mapped_column(String(16), default=None)


class Letter(Base):
    __tablename__ = "letters"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    sender: Mapped[str] = mapped_column(String(16))
    recipients: Mapped[list[str]] = mapped_column(JSON)
    date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    date_precision: Mapped[str] = mapped_column(String(16), default="day")
    subject: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text)
    incident_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    sent: Mapped[bool] = mapped_column(Boolean, default=True)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    submitted_for_party: Mapped[str | None] = mapped_column(String(16), default=None)


class Statement(Base):
    """A party's public statement: a demand, a condemnation, a welcome, a denial."""

    __tablename__ = "statements"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    speaker: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    summary: Mapped[str] = mapped_column(Text)
    incident_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    agreement_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    submitted_for_party: Mapped[str | None] = mapped_column(String(16), default=None)


class Treaty(Base):
    """A treaty the parties are bound by, as letters under it need it: its depositary, the article
    under which a party asks another for clarification, and who held its presidency when."""

    __tablename__ = "treaties"

    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    short_title: Mapped[str] = mapped_column(String(200))
    depositary: Mapped[str] = mapped_column(String(200))
    clarification_article: Mapped[str | None] = mapped_column(String(120), default=None)
    states_parties: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: ``[{"holder", "office", "from", "until", "note", "sources"}]``, oldest first
    presidencies: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


# --- versioned kinds (see truceline.versions.kinds) -------------------------------------------

AGREEMENT_EVENT_FIELDS = ("date", "kind", "by_party", "superseded_by", "note")
COMMITMENT_EVENT_FIELDS = ("date", "kind", "by_party", "new_deadline", "note")


def _agreement_events(session: Session, row: Any) -> dict[str, Any]:
    events = session.scalars(
        select(AgreementEvent).where(AgreementEvent.agreement_id == row.id).order_by(AgreementEvent.id)
    )
    return {"events": [fields_of(e, AGREEMENT_EVENT_FIELDS) for e in events]}


def _commitment_events(session: Session, row: Any) -> dict[str, Any]:
    events = session.scalars(
        select(CommitmentEvent).where(CommitmentEvent.commitment_id == row.id).order_by(CommitmentEvent.id)
    )
    return {"events": [fields_of(e, COMMITMENT_EVENT_FIELDS) for e in events]}


def _restore_agreement_events(row: Any, content: dict[str, Any]) -> None:
    row.events = [AgreementEvent(**typed(e)) for e in content.get("events", [])]


def _restore_commitment_events(row: Any, content: dict[str, Any]) -> None:
    row.events = [CommitmentEvent(**typed(e)) for e in content.get("events", [])]


def _provision_conflict(session: Session, row: Any) -> str:
    agreement = session.get(Agreement, row.agreement_id)
    return agreement.conflict_id if agreement is not None else ""


register(
    VersionedKind(
        "agreement",
        Agreement,
        (
            "id",
            "conflict_id",
            "title",
            "kind",
            "signed_on",
            "signed_at",
            "signatories",
            "witnesses",
            "effective_from",
            "summary",
            "aliases",
        ),
        order=4,
        children=_agreement_events,
        restore_children=_restore_agreement_events,
    )
)
register(
    VersionedKind(
        "provision",
        Provision,
        ("id", "agreement_id", "number", "position", "type", "summary", "binds", "rule"),
        order=5,
        conflict_of=_provision_conflict,
    )
)
register(
    VersionedKind(
        "commitment",
        Commitment,
        ("id", "conflict_id", "agreement_id", "provision_id", "title", "responsible", "deadline"),
        order=6,
        children=_commitment_events,
        restore_children=_restore_commitment_events,
    )
)
