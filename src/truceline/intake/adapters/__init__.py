"""Adapters: pure parsers that turn the files the field publishes into validated incident rows.

``acled`` reads ACLED CSV exports, ``ucdp`` reads UCDP GED CSV exports. Neither touches the
store: ``truceline.intake.event_data`` validates a whole file with them, then writes.
"""

from __future__ import annotations

from truceline.intake.adapters.common import EventDataError, EventRow, RowError, decode_event_file

__all__ = ["EventDataError", "EventRow", "RowError", "decode_event_file"]
