"""What was loaded from which casebook, so loading again is a no-op."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from truceline.db import Base, UTCDateTime, utcnow


class CasebookRecord(Base):
    """One record a casebook loaded, with the fingerprint of its data at the time."""

    __tablename__ = "casebook_records"

    casebook_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(2000), primary_key=True)  # an id, or a source URL
    fingerprint: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
