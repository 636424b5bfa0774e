"""What signing the ledger costs, and how long verifying and exporting a large ledger take.

Prints JSON:

- ``append``: 2,000 ``append`` calls in one transaction on a fresh SQLite store, signed and
  unsigned (``sign=False``), measured in the same run; writes per second and the ratio;
- ``verify``: a store of ``--entries`` (default 100,000) plain signed appends in one transaction
  (no batching), then the time ``verify_ledger`` takes on it, and the size of its export.

Run: ``python bench/ledger_signing.py [--entries N] [--appends N]``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from truceline.db import make_engine, migrate, transaction
from truceline.ledger.keys import load_signer
from truceline.ledger.services import append, export_ledger, verify_ledger


def fresh(directory: Path, name: str):
    engine = make_engine(f"sqlite:///{directory / name}")
    migrate(engine)
    return engine


def appends(engine, count: int, *, sign: bool, signer) -> float:
    started = time.perf_counter()
    with transaction(engine) as session:
        for n in range(count):
            append(
                session,
                actor="bench",
                action="bench:entry:add",
                subject_type="incident",
                subject_id=f"incident-{n}",
                payload={"n": n, "killed": n % 5, "place": "Chong Chom", "sources": ["https://example.org/r"]},
                signer=signer,
                sign=sign,
            )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appends", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        signer = load_signer(directory / "ledger-key.pem")
        appends(fresh(directory, "warm.db"), 200, sign=True, signer=signer)  # warm up imports and caches
        unsigned = appends(fresh(directory, "unsigned.db"), args.appends, sign=False, signer=signer)
        signed = appends(fresh(directory, "signed.db"), args.appends, sign=True, signer=signer)
        big = fresh(directory, "big.db")
        written = appends(big, args.entries, sign=True, signer=signer)
        started = time.perf_counter()
        with transaction(big) as session:
            report = verify_ledger(session)
        verified = time.perf_counter() - started
        assert report.ok and report.entries == args.entries, report.as_dict()
        out = directory / "ledger.json"
        started = time.perf_counter()
        with transaction(big) as session:
            export_ledger(session, out)
        exported = time.perf_counter() - started
        result = {
            "append": {
                "calls": args.appends,
                "unsigned_per_second": round(args.appends / unsigned),
                "signed_per_second": round(args.appends / signed),
                "signed_over_unsigned_time": round(signed / unsigned, 3),
            },
            "verify": {
                "entries": args.entries,
                "write_seconds": round(written, 2),
                "verify_seconds": round(verified, 2),
                "entries_per_second": round(args.entries / verified),
                "export_seconds": round(exported, 2),
                "export_bytes": out.stat().st_size,
                "export_bytes_per_entry": round(out.stat().st_size / args.entries),
            },
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
