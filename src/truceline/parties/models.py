"""Parties: states and forces bound by agreements, and third parties (mediators, observers)."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from truceline.db import Base


class Party(Base):
    __tablename__ = "parties"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    belongs_to: Mapped[str | None] = mapped_column(ForeignKey("parties.code"), default=None)
    is_principal: Mapped[bool] = mapped_column(Boolean, default=False)
    source_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
