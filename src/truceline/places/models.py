"""The gazetteer (named places with coordinates and precision) and named zones."""

from __future__ import annotations

from sqlalchemy import JSON, Float, String
from sqlalchemy.orm import Mapped, mapped_column

from truceline.db import Base


class Place(Base):
    __tablename__ = "places"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    alt_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(16))  # TH, KH or disputed
    admin1: Mapped[str | None] = mapped_column(String(120), default=None)
    admin2: Mapped[str | None] = mapped_column(String(120), default=None)
    lat: Mapped[float | None] = mapped_column(Float, default=None)
    lon: Mapped[float | None] = mapped_column(Float, default=None)
    location_precision: Mapped[str] = mapped_column(String(16))


class Zone(Base):
    __tablename__ = "zones"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))  # border_buffer, site_area
    width_km: Mapped[float | None] = mapped_column(Float, default=None)
    place_id: Mapped[str | None] = mapped_column(String(120), default=None)
    radius_km: Mapped[float | None] = mapped_column(Float, default=None)
