"""Fixtures for background jobs: a store with a conflict to import into, and ACLED files."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from sqlalchemy import Engine, func, select

from truceline.incidents.models import Incident
from truceline.sources.models import ImportJob

ACLED_SAMPLE = Path(__file__).resolve().parents[1] / "intake" / "data" / "acled_th_kh_2025.csv"


def acled_file(folder: Path, rows: int, name: str = "acled-events.csv") -> Path:
    """An ACLED export of ``rows`` events: the bundled sample's events again and again, each with
    an event id of its own (same country prefix, a new number)."""
    with ACLED_SAMPLE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        sample = list(reader)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for n in range(rows):
        row = dict(sample[n % len(sample)])
        prefix = re.match(r"[A-Z]+", row["event_id_cnty"])
        row["event_id_cnty"] = f"{prefix.group(0) if prefix else 'EV'}{700000 + n}"
        writer.writerow(row)
    path = folder / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def imported(engine: Engine, conflict_id: str = "th-kh-2025") -> tuple[int, int]:
    """(incidents from ACLED, import records) in the store."""
    with engine.connect() as connection:
        incidents = connection.scalar(
            select(func.count())
            .select_from(Incident)
            .where(Incident.conflict_id == conflict_id, Incident.id.like("acled-%"))
        )
        imports = connection.scalar(select(func.count()).select_from(ImportJob))
    return incidents or 0, imports or 0
