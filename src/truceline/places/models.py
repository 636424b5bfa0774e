"""The gazetteer (named places with coordinates and precision) and named zones."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from truceline.db import Base


class Place(Base):
    __tablename__ = "places"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    alt_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: names by language code (``th``, ``km``, ``he``, ``ar`` …)
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    kind: Mapped[str] = mapped_column(String(32))
    #: the principal party in whose territory it lies, or ``disputed``
    country: Mapped[str] = mapped_column(String(16))
    admin1: Mapped[str | None] = mapped_column(String(120), default=None)
    admin2: Mapped[str | None] = mapped_column(String(120), default=None)
    lat: Mapped[float | None] = mapped_column(Float, default=None)
    lon: Mapped[float | None] = mapped_column(Float, default=None)
    location_precision: Mapped[str] = mapped_column(String(16))


class Zone(Base):
    __tablename__ = "zones"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))  # line_buffer, site_area, area
    line_id: Mapped[str | None] = mapped_column(String(120), default=None)
    width_km: Mapped[float | None] = mapped_column(Float, default=None)
    place_id: Mapped[str | None] = mapped_column(String(120), default=None)
    radius_km: Mapped[float | None] = mapped_column(Float, default=None)
    #: an ``area`` zone's GeoJSON polygon
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
