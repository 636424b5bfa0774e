"""Parties: states and forces bound by agreements, and third parties (mediators, observers)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, ForeignKeyConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from truceline.db import Base


class Party(Base):
    __tablename__ = "parties"
    __table_args__ = (
        ForeignKeyConstraint(
            ["conflict_id", "belongs_to"], ["parties.conflict_id", "parties.code"], name="fk_parties_belongs_to"
        ),
    )

    #: a party's code is unique within its conflict (two conflicts may both have a ``US``)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(120), default=None)
    #: names by language code
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    kind: Mapped[str] = mapped_column(String(32))
    belongs_to: Mapped[str | None] = mapped_column(String(16), default=None)
    answered_for_by: Mapped[str | None] = mapped_column(String(16), default=None)
    is_principal: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the order the casebook lists parties in (principals are shown in this order)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: a state's codes (``{"iso2", "iso3", "numeric", "name"}``)
    country: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    acled_actors: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: ``{"name", "id"}``
    ucdp: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    mentions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    source_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
