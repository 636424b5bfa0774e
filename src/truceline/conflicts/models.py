"""A conflict and its geometry: every record of the store belongs to one conflict."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from truceline.db import Base, UTCDateTime, utcnow


class Conflict(Base):
    """What a casebook's ``casebook.yaml`` says of its conflict, and the words reports use for its actors."""

    __tablename__ = "conflicts"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    #: west, south, east, north (lon/lat)
    bbox: Mapped[list[float]] = mapped_column(JSON)
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: meeting bodies: ``[{"code", "name", "sources"}]``
    bodies: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    place_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    neutral_mentions: Mapped[list[str]] = mapped_column(JSON, default=list)
    acled_region: Mapped[str] = mapped_column(String(120), default="")
    ucdp_region: Mapped[str] = mapped_column(String(120), default="")
    #: records accepted from a published source are published at once (else: the publish queue)
    publish_on_accept: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: the mentions of ``mentions.yaml`` (each with its party code)
    mentions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConflictGeometry(Base):
    """A line (border, line of control, withdrawal line, river) or a party's territory, as GeoJSON."""

    __tablename__ = "conflict_geometries"
    __table_args__ = (UniqueConstraint("conflict_id", "role", "key", name="uq_conflict_geometries_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    #: ``line`` or ``territory``
    role: Mapped[str] = mapped_column(String(16))
    #: the line's id, or the territory's party code
    key: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[str] = mapped_column(String(32), default="")
    version_of: Mapped[str | None] = mapped_column(String(16), default=None)
    variant_of: Mapped[str | None] = mapped_column(String(120), default=None)
    tolerance_km: Mapped[float | None] = mapped_column(Float, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    #: the GeoJSON geometry object
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)
    attribution: Mapped[str] = mapped_column(Text, default="")
    source_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
