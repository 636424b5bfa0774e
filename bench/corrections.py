"""What a correction costs: writes per second of ``correct_incident`` (validate, change the row,
write the version and one signed ledger entry, commit) against a baseline measured in the same
run — one signed ``append`` of a payload of the same size per transaction, the cost of a logged
write before record versions. Also what checking the rows adds to ``ledger verify``.

Prints JSON. Run: ``python bench/corrections.py [--writes N]`` (default 300).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, select

from truceline.casebooks.loader import bundled_casebook_path, load_casebook, read_casebook
from truceline.db import make_engine, migrate, transaction
from truceline.incidents.corrections import correct_incident
from truceline.incidents.models import Incident
from truceline.ledger.services import append, verify_ledger
from truceline.versions.services import verify_store


def loaded(directory: Path, name: str) -> Engine:
    engine = make_engine(f"sqlite:///{directory / name}")
    migrate(engine)
    with transaction(engine) as session:
        load_casebook(session, read_casebook(bundled_casebook_path("th-kh-2025")), actor="bench")
    return engine


def baseline(engine: Engine, writes: int, description: str) -> float:
    started = time.perf_counter()
    for n in range(writes):
        with transaction(engine) as session:
            append(
                session,
                actor="bench",
                action="bench:incident:write",
                subject_type="incident",
                subject_id=f"incident-{n}",
                payload={"fields": ["description"], "description": f"{description} ({n})", "n": n},
            )
    return time.perf_counter() - started


def corrections(engine: Engine, writes: int, description: str) -> float:
    with transaction(engine) as session:
        ids = list(session.scalars(select(Incident.id).order_by(Incident.id)))
    started = time.perf_counter()
    for n in range(writes):
        with transaction(engine) as session:
            correct_incident(
                session,
                ids[n % len(ids)],
                {"description": f"{description} ({n})"},
                reason="bench",
                source="https://example.org/bench",
                actor="bench",
            )
    return time.perf_counter() - started


def timed(engine: Engine, check: str) -> float:
    started = time.perf_counter()
    with transaction(engine) as session:
        report = verify_store(session) if check == "store" else verify_ledger(session)
    assert report.ok, report.as_dict()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=300)
    args = parser.parse_args()
    text = "A patrol reports a mine explosion near the border; two soldiers were wounded. " * 4
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        engine = loaded(directory, "store.db")
        baseline(engine, 20, text)  # warm up
        corrections(engine, 20, "warm-up: " + text)
        base = baseline(engine, args.writes, text)
        corrected = corrections(engine, args.writes, text)
        ledger_only = timed(engine, "ledger")
        with_rows = timed(engine, "store")
        result = {
            "writes": args.writes,
            "baseline_signed_appends_per_second": round(args.writes / base, 1),
            "corrections_per_second": round(args.writes / corrected, 1),
            "correction_over_baseline_time": round(corrected / base, 3),
            "verify_ledger_seconds": round(ledger_only, 3),
            "verify_with_rows_seconds": round(with_rows, 3),
            "rows_check_over_ledger_time": round(with_rows / ledger_only, 3),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
